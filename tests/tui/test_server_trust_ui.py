"""The app's publish dialog follows tripplan.caldav.trust (issue 18, 8): it asks before sending the password to the
server a trip file names, and refuses http:// to another machine — against a real recording HTTP server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tui.conftest import open_publish, opened, run, screen_text, settle
from tests.unit.test_server_trust import PASSWORD, Recorder
from tripplan.caldav import trust
from tripplan.tui.screens.dialogs import ChoiceDialog


@pytest.fixture
def server() -> Iterator[Recorder]:
    rec = Recorder()
    threading.Thread(target=rec.serve_forever, args=(0.05,), daemon=True).start()
    yield rec
    rec.shutdown()
    rec.server_close()


def naming(trip: Path, url: str) -> Path:
    with trip.open("a", encoding="utf-8") as handle:
        handle.write(f'\n[share]\nurl = "{url}"\nuser = "sam"\n')
    return trip


def test_the_app_asks_before_sending_the_password_to_the_server_the_trip_names(
        lisbon: Path, server: Recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_CALDAV_PASSWORD", PASSWORD)
    naming(lisbon, server.url)

    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            dialog = await open_publish(app, pilot)
            assert type(dialog).__name__ == "PublishDialog"
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert isinstance(app.screen, ChoiceDialog)
            text = screen_text(app)
            assert f"Send your CalDAV password for sam to {trust.origin(server.url)}?" in text, text
            assert server.seen == []  # nothing sent while asking
            await pilot.press("n")
            await settle(app, pilot)
            assert app.screen is dialog and "your password was not sent" in screen_text(app)
            assert server.seen == [] and not trust.servers_path().exists()
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert isinstance(app.screen, ChoiceDialog)
            await pilot.press("y")
            await settle(app, pilot)
            assert "Not published" in screen_text(app)  # the recorder refuses every password
            assert server.credentials_arrived() and trust.is_confirmed(server.url)
            server.seen.clear()
            await pilot.press("ctrl+s")  # confirmed now: no question
            await settle(app, pilot)
            assert app.screen is dialog and server.credentials_arrived()

    run(body)


def test_the_app_refuses_http_to_another_machine(lisbon: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_CALDAV_PASSWORD", PASSWORD)
    naming(lisbon, "http://192.0.2.1:8008/cal/")

    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            dialog = await open_publish(app, pilot)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            text = screen_text(app)
            assert app.screen is dialog and "reached over http://" in text and "--allow-http" in text, text
            assert "connecting" not in text and not trust.servers_path().exists()

    run(body)
