"""share: publish to server, when the server refuses every event or lies: the app says so, and saves nothing.

The servers are tests/caldav/hostile.py's, real HTTP servers on the loopback address (issue 18, point 18).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from tests.caldav import hostile
from tests.caldav.hostile import send, serving
from tests.tui.conftest import open_publish, opened, run, screen_text, shown

PASSWORD = "s3cret-Pa55"


@pytest.mark.parametrize("put", [lambda h: send(h, 507, b"quota exceeded", "text/plain"), hostile.html_page],
                         ids=["all-refused", "html-200"])
def test_a_publish_where_nothing_goes_through_shows_a_failure_not_saved(
        put: hostile.Reply, lisbon: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRIPPLAN_CALDAV_PASSWORD", raising=False)
    before = lisbon.read_bytes()

    async def body() -> None:
        with serving(PUT=put, GET=hostile.html_page) as server:
            async with opened(lisbon) as (app, pilot):
                dialog = await open_publish(app, pilot)
                assert type(dialog).__name__ == "PublishDialog"
                dialog.query_one("#url", Input).value = server.url
                dialog.query_one("#user", Input).value = "alice"
                dialog.query_one("#password", Input).value = PASSWORD
                await pilot.press("ctrl+s")
                assert await shown(app, pilot, "Nothing was published (see below)", tries=200), screen_text(app)
                text = screen_text(app)
                assert "Saved" not in text and "✓" not in text, text
                assert "Not published:" in text and PASSWORD not in text

    run(body)
    assert lisbon.read_bytes() == before
