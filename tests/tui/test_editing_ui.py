"""Editing in the TUI: add, edit, validation as you type, attendees, duplicate, delete, move, undo/redo."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual.widgets import Button, Input, SelectionList

from tests.tui.conftest import opened, run, screen_text
from tripplan.tui.screens.dialogs import ChoiceDialog
from tripplan.tui.screens.editor import EventEditor
from tripplan.tui.screens.main import MainScreen
from tripplan.tui.widgets.timetable import Timetable

TUE = date(2027, 3, 9)


def _main(app: object) -> MainScreen:
    screen = getattr(app, "screen_stack")[1]  # noqa: B009 - the stack's first screen is Textual's default
    assert isinstance(screen, MainScreen) and screen.session is not None
    return screen


async def _type(pilot: object, widget: Input, text: str) -> None:
    widget.value = ""
    widget.focus()
    await getattr(pilot, "press")(*list(text))  # noqa: B009


def test_add_at_the_cursor_with_natural_times(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("a")
            editor = app.screen
            assert isinstance(editor, EventEditor) and editor.new
            assert editor.query_one("#start", Input).value == "2027-03-09 14:00"  # the cursor's day and slot
            await _type(pilot, editor.query_one("#title", Input), "Coffee with Ana")
            await _type(pilot, editor.query_one("#start", Input), "tue 16:30")
            await _type(pilot, editor.query_one("#end", Input), "45m")
            await pilot.pause()
            assert "Tue 9 Mar 16:30–17:15 WET" in screen_text(app)  # the interpretation, as you type
            await pilot.press("ctrl+s")
            main = _main(app)
            assert app.screen is main
            added = next(e for e in main.session.trip.events if e.title == "Coffee with Ana")  # type: ignore[union-attr]
            assert added.local_start.hour == 16 and added.duration == timedelta(minutes=45)
            assert main.query_one(Timetable).selected == added.id
            assert "Coffee with Ana" in screen_text(app) and "● unsaved" in screen_text(app)
    run(body)


def test_wrong_values_turn_red_and_nothing_is_applied(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("N", "e")
            editor = app.screen
            assert isinstance(editor, EventEditor) and editor.event.id == "kickoff"
            end = editor.query_one("#end", Input)
            await _type(pilot, end, "9:00")
            await pilot.pause()
            assert end.has_class("-invalid") and editor.query_one("#apply", Button).disabled
            assert "ends before it starts" in screen_text(app)
            await _type(pilot, editor.query_one("#start", Input), "someday")
            await pilot.pause()
            assert editor.query_one("#start", Input).has_class("-invalid")
            assert "not a recognised day and time" in screen_text(app)
            await _type(pilot, editor.query_one("#repeat", Input), "FREQ=SOMETIMES")
            await _type(pilot, editor.query_one("#remind", Input), "soon")
            await pilot.press("ctrl+s")  # refused: the form stays, the trip is untouched
            assert app.screen is editor
            await pilot.press("escape")
            main = _main(app)
            kickoff = main.session.trip.event("kickoff")  # type: ignore[union-attr]
            assert kickoff is not None and kickoff.local_end.hour == 11 and not main.session.dirty  # type: ignore[union-attr]
    run(body)


def test_edit_fields_and_attendees_with_filter(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("N", "enter")
            editor = app.screen
            assert isinstance(editor, EventEditor)
            await _type(pilot, editor.query_one("#title", Input), "Kick-off, Acme and us")
            await _type(pilot, editor.query_one("#end", Input), "until 12:15")
            await _type(pilot, editor.query_one("#location", Input), "Acme HQ, floor 3")
            await _type(pilot, editor.query_one("#remind", Input), "1h, 15m")
            await _type(pilot, editor.query_one("#repeat", Input), "FREQ=DAILY;COUNT=2")
            people = editor.query_one("#attendees", SelectionList)
            await _type(pilot, editor.query_one("#people-filter", Input), "zzz")
            assert people.option_count == 0
            await _type(pilot, editor.query_one("#people-filter", Input), "ana")
            assert people.option_count == 1
            await pilot.press("enter")  # enter in the filter toggles the match: Ana off
            assert editor.chosen == []
            await _type(pilot, editor.query_one("#people-filter", Input), "an")
            people.focus()
            await pilot.press("space", "space")  # on and off again with the list itself
            assert editor.chosen == []
            await pilot.press("ctrl+s")
            main = _main(app)
            event = main.session.trip.event("kickoff")  # type: ignore[union-attr]
            assert event is not None
            assert event.title == "Kick-off, Acme and us" and (event.local_end.hour, event.local_end.minute) == (12, 15)
            assert event.location == "Acme HQ, floor 3" and [r.before for r in event.reminders] == [
                timedelta(hours=1), timedelta(minutes=15)]
            assert event.repeat == "FREQ=DAILY;COUNT=2" and event.attendees == ()
            assert "Kick-off, Acme and us" in screen_text(app)
            await pilot.press("ctrl+z")
            assert main.session.trip.event("kickoff").title == "Kick-off at Acme"  # type: ignore[union-attr]
    run(body)


def test_duplicate_delete_move_undo_redo(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            main = _main(app)
            session = main.session
            assert session is not None
            timetable = main.query_one(Timetable)
            await pilot.press("N")  # kick-off, Tue 10:00
            await pilot.press("shift+down", "plus")  # +30 min
            kickoff = session.trip.event("kickoff")
            assert kickoff is not None and (kickoff.local_start.hour, kickoff.local_start.minute) == (10, 30)
            await pilot.press("greater_than_sign")  # +1 day
            assert session.trip.event("kickoff").local_start.day == 10  # type: ignore[union-attr]
            assert timetable.day == date(2027, 3, 10) and timetable.selected == "kickoff"
            await pilot.press("shift+left", "minus")
            assert session.trip.event("kickoff").local_start.day == 9  # type: ignore[union-attr]
            count = len(session.trip.events)
            await pilot.press("c")
            assert len(session.trip.events) == count + 1 and timetable.selected != "kickoff"
            copy_id = timetable.selected
            await pilot.press("d")
            assert isinstance(app.screen, ChoiceDialog)
            await pilot.press("y")
            assert session.trip.event(copy_id) is None and len(session.trip.events) == count  # type: ignore[arg-type]
            await pilot.press("N")
            await pilot.press("delete")
            await pilot.press("n")  # "no": nothing deleted
            assert len(session.trip.events) == count
            for _ in range(7):  # five moves, the copy and its deletion
                await pilot.press("ctrl+z")
            kickoff = session.trip.event("kickoff")
            assert kickoff is not None and kickoff.local_start.hour == 10 and kickoff.local_start.minute == 0
            assert not session.dirty and "● unsaved" not in screen_text(app)
            await pilot.press("ctrl+y", "ctrl+y")
            assert session.trip.event("kickoff").local_start.minute == 30  # type: ignore[union-attr]
            assert session.dirty and "● unsaved" in screen_text(app)
    run(body)


def test_nothing_selected_says_so(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("e")  # 14:05 on Tue: no event there
            assert isinstance(app.screen, MainScreen)
            await pilot.press("d")
            assert isinstance(app.screen, MainScreen)
    run(body)
