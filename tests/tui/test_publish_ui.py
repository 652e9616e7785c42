"""share: publish to server — the dialog from the palette, against a real Radicale on the loopback address."""

from __future__ import annotations

import importlib.util
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.conftest import missing
from tests.tui.conftest import open_publish, opened, run, screen_text, settle

if importlib.util.find_spec("radicale") is None or importlib.util.find_spec("caldav") is None:
    missing("radicale and caldav", ".venv/bin/pip install -e '.[test]'")

from tests.caldav.radicale_server import PASSWORD, Radicale, start_radicale


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    """Radicale started the same way as tests/caldav's session server."""
    server = start_radicale(tmp_path_factory.mktemp("radicale-tui"))
    yield server
    server.stop()


def test_publish_from_the_palette(lisbon: Path, radicale: Radicale, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRIPPLAN_CALDAV_PASSWORD", raising=False)
    url = radicale.calendar_url("alice")

    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            dialog = await open_publish(app, pilot)
            assert type(dialog).__name__ == "PublishDialog"
            assert dialog.query_one("#password", Input).password
            dialog.query_one("#url", Input).value = url
            dialog.query_one("#user", Input).value = "alice"
            dialog.query_one("#password", Input).value = PASSWORD
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            text = screen_text(app)
            assert "Published to" in text and "(calendar created)" in text, text
            assert "Added:" in text and "Saved lisbon.toml." in text, text
            assert "Traceback" not in text and PASSWORD not in text

    run(body)
    raw = lisbon.read_text(encoding="utf-8")
    share = tomllib.loads(raw)["share"]
    assert share["url"] == url and share["user"] == "alice"
    assert share["events"] and "password" not in share
    assert PASSWORD not in raw


def test_answers_read_from_the_server_are_kept_by_the_app(lisbon: Path, radicale: Radicale,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A colleague's answer on the server, read by the app's publish, lands in [[replies]] (and is saved)."""
    import dataclasses

    from tests.caldav.test_publish_answers import ANSWERS, ME, answer, resource
    from tripplan.cli.main import main
    from tripplan.files.storage import read_trip, save_trip

    monkeypatch.setenv("TRIPPLAN_CALDAV_PASSWORD", PASSWORD)
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-03-01T09:00:00+00:00")
    trip, stamp = read_trip(lisbon)
    trip.people = [dataclasses.replace(p, me=True) if p.email == ME else p for p in trip.people]
    save_trip(trip, lisbon, stamp)
    url = radicale.calendar_url()
    assert main(["publish", str(lisbon), "--url", url, "--user", "alice"]) == 0
    answer(resource(url, lisbon), ANSWERS[0])
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-03-01T12:00:00+00:00")

    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            (await open_publish(app, pilot)).query_one("#password", Input).value = PASSWORD
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            text = screen_text(app)
            assert "answer" in text and "Ana Ruiz accepted" in text, text

    run(body)
    saved = tomllib.loads(lisbon.read_text(encoding="utf-8"))
    assert [(r["email"], r["status"], r.get("via")) for r in saved["replies"]] == [
        ("ana.ruiz@acme-iberia.example", "accepted", "caldav")]
