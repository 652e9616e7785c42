"""The app keeps the comments of a hand-edited file, and asks before a save that cannot (issue 18, point 6)."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import notes, opened, run, settle
from tripplan.files.storage import read_trip
from tripplan.tui.screens.dialogs import ChoiceDialog


def _commented(small: Path) -> str:
    text = small.read_text(encoding="utf-8")
    kickoff = '[[events]]\nid = "kickoff"'
    text = text.replace(kickoff, f"# ask Ana before moving the kick-off\n{kickoff}")
    text = text.replace('location = "Taberna da Rua"', 'location = "Taberna da Rua"  # booked by phone')
    text = "# Small trip: edited by hand\n" + text
    small.write_text(text, encoding="utf-8")
    return text


def test_saving_in_the_app_keeps_the_comments(small: Path) -> None:
    _commented(small)

    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("N", "plus", "ctrl+s")
            await settle(app, pilot)
            assert not isinstance(app.screen, ChoiceDialog)
            assert "Saved small.toml." in notes(app) and "Note" not in notes(app)
    run(body)
    text = small.read_text(encoding="utf-8")
    assert "# Small trip: edited by hand\nschema_version = 1" in text
    assert '# ask Ana before moving the kick-off\n[[events]]\nid = "kickoff"' in text
    assert 'location = "Taberna da Rua"  # booked by phone' in text
    assert not list(small.parent.glob("*.orig"))


def test_a_save_that_loses_a_comment_asks_first_and_keeps_a_dated_copy(small: Path) -> None:
    original = _commented(small)

    async def body() -> None:
        async with opened(small) as (app, pilot):
            main = app.screen
            main.session.delete_event("kickoff")
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert isinstance(app.screen, ChoiceDialog)
            assert "1 comment in small.toml (line 37) cannot be kept (the event they were in was removed)" \
                in str(app.screen.message)
            await pilot.press("escape")  # cancel: nothing written
            await settle(app, pilot)
            assert small.read_text(encoding="utf-8") == original and not list(small.parent.glob("*.orig"))
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            await pilot.press("s")
            await settle(app, pilot)
            assert "could not be kept" in notes(app) and ".toml.orig" in notes(app)
    run(body)
    copies = list(small.parent.glob("small.*.toml.orig"))
    assert len(copies) == 1 and copies[0].read_text(encoding="utf-8") == original
    assert read_trip(small)[0].event("kickoff") is None
    assert "# Small trip: edited by hand" in small.read_text(encoding="utf-8")
