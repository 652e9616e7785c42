"""Conflict → "Reload theirs" → undo → save must ask before replacing their version (issue 18, point 3).

"Reload theirs" is undoable (ctrl+z brings yours back), but the session's
stamp is then their version's, so a plain ctrl+s used to write yours over
theirs without a word.  Now that save asks; saving yours is a deliberate
choice, and even then it is checked against the file as reloaded: a change
saved on disk after the reload is never overwritten.
"""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import opened, run, screen_text, settle
from tripplan.files.storage import read_trip
from tripplan.tui.screens.dialogs import ChoiceDialog
from tripplan.tui.screens.main import MainScreen


def _theirs(path: Path, new: str = "Dinner with Ana and Rui") -> str:
    """Another program renames the dinner in the file (as an editor would)."""
    trip_text = path.read_text(encoding="utf-8")
    old = next(line for line in trip_text.splitlines() if line.startswith('title = "Dinner'))
    text = trip_text.replace(old, f'title = "{new}"')
    path.write_text(text, encoding="utf-8")
    return text


async def _reload_theirs_then_undo(app: object, pilot: object, small: Path) -> str:
    """Move the kick-off (mine), let another program change the file, save, Reload theirs, ctrl+z."""
    await pilot.press("N", "plus")  # type: ignore[attr-defined]
    theirs = _theirs(small)
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    assert isinstance(app.screen, ChoiceDialog)  # type: ignore[attr-defined]
    await pilot.press("r")  # type: ignore[attr-defined]
    await settle(app, pilot)
    await pilot.press("ctrl+z")  # type: ignore[attr-defined]
    main = app.screen  # type: ignore[attr-defined]
    assert isinstance(main, MainScreen) and main.session is not None
    assert main.session.trip.event("kickoff").local_start.minute == 15  # type: ignore[union-attr]  # mine is back
    return theirs


def test_save_after_undoing_a_reload_asks_and_keeps_theirs(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            theirs = await _reload_theirs_then_undo(app, pilot, small)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert isinstance(app.screen, ChoiceDialog), "saved over their version without asking"
            assert "replaces their version" in screen_text(app)
            assert small.read_text(encoding="utf-8") == theirs
            await pilot.press("escape")  # cancel: nothing written, mine still open and unsaved
            await settle(app, pilot)
            assert small.read_text(encoding="utf-8") == theirs
            main = app.screen
            assert isinstance(main, MainScreen) and main.session is not None and main.session.dirty
            await pilot.press("ctrl+y", "ctrl+s")  # redo: their version again, which a save replaces nothing of
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen) and not main.session.dirty
            trip, _ = read_trip(small)
            assert trip.event("dinner").title == "Dinner with Ana and Rui"  # type: ignore[union-attr]
            assert trip.event("kickoff").local_start.minute == 0  # type: ignore[union-attr]
    run(body)


def test_saving_mine_over_theirs_is_a_choice_and_then_saves_mine(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await _reload_theirs_then_undo(app, pilot, small)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            await pilot.press("o")  # save mine over theirs: what the user chose
            await settle(app, pilot)
            trip, _ = read_trip(small)
            assert trip.event("kickoff").local_start.minute == 15  # type: ignore[union-attr]
            assert trip.event("dinner").title == "Dinner with Ana"  # type: ignore[union-attr]
            assert isinstance(app.screen, MainScreen) and not app.screen.session.dirty  # type: ignore[union-attr]
            saved = small.read_bytes()
            await pilot.press("plus", "ctrl+s")  # from here on, saving is plain again
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen) and not app.screen.session.dirty  # type: ignore[union-attr]
            assert small.read_bytes() != saved
    run(body)


def test_saving_mine_never_overwrites_a_change_made_after_the_reload(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await _reload_theirs_then_undo(app, pilot, small)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert isinstance(app.screen, ChoiceDialog)
            newer = _theirs(small, "Dinner moved to Porto")  # a third version, saved while the dialog is up
            await pilot.press("o")
            await settle(app, pilot)
            assert small.read_text(encoding="utf-8") == newer
            # The ordinary conflict question comes instead: the file changed since the reload.
            assert isinstance(app.screen, ChoiceDialog) and "changed by another program" in screen_text(app)
    run(body)

