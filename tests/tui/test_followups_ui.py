"""Follow-ups (f): the list, done/undone, add/edit/delete, suggestions applied one at a time or all, undo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, OptionList

from tests.tui.conftest import notes, opened, run, screen_text, settle, view
from tripplan.tui.screens.followups import FollowUpsScreen
from tripplan.tui.screens.forms import FormScreen
from tripplan.tui.screens.main import MainScreen
from tripplan.tui.widgets.timetable import Timetable


def test_list_done_and_undo(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            screen = await view(app, pilot, "f")
            assert isinstance(screen, FollowUpsScreen)
            text = screen_text(app)
            assert "Follow-ups · 6 open" in text and "Marta Oliveira" in text and "Mon 15 Mar" in text
            assert "everyone you met has a follow-up" in text
            first = screen.selected
            assert first is not None and not first.done
            await pilot.press("space")
            assert next(f for f in screen.trip.followups if f.id == first.id).done
            assert "5 open" in screen_text(app)
            await pilot.press("ctrl+z")
            assert not next(f for f in screen.trip.followups if f.id == first.id).done
    run(body)


def test_suggestions_one_and_all(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            screen = await view(app, pilot, "f")
            assert isinstance(screen, FollowUpsScreen)
            text = screen_text(app)
            assert "Follow up with Ana Ruiz after" in text and "met at Dinner with Ana, Tue 9 Mar 19:30" in text
            assert len(screen.suggestions) == 1
            await pilot.press("plus")
            assert [f.person for f in screen.trip.followups] == ["ana-ruiz"]
            assert screen.trip.followups[0].event == "dinner" and screen.trip.followups[0].due == date(2027, 3, 12)
            assert screen.suggestions == [] and "everyone you met has a follow-up" in screen_text(app)
            await pilot.press("ctrl+z")
            assert screen.trip.followups == [] and len(screen.suggestions) == 1
            await pilot.press("A")
            assert len(screen.trip.followups) == 1
            await pilot.press("ctrl+z")
            screen.query_one(OptionList).focus()
            await pilot.press("enter")  # enter on a suggestion applies it
            assert len(screen.trip.followups) == 1
    run(body)


def test_add_edit_delete_and_go_to_event(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            screen = await view(app, pilot, "f")
            count = len(screen.trip.followups)
            await pilot.press("a")
            form = app.screen
            assert isinstance(form, FormScreen)
            await pilot.press("ctrl+s")
            assert "choose who the follow-up is for" in screen_text(app)
            form.query_one("#f-person").value = "rui-costa"  # type: ignore[attr-defined]
            form.query_one("#f-what", Input).value = "Send the Benfica tickets"
            form.query_one("#f-due", Input).value = "fri"
            await pilot.pause()
            assert "Friday 12 March 2027" in screen_text(app)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            added = screen.selected
            assert added is not None and added.what == "Send the Benfica tickets" and added.due == date(2027, 3, 12)
            assert len(screen.trip.followups) == count + 1
            await pilot.press("e")
            app.screen.query_one("#f-what", Input).value = "Send the Benfica scarf"
            await pilot.press("ctrl+s")
            assert screen.selected.what == "Send the Benfica scarf"  # type: ignore[union-attr]
            await pilot.press("g")
            assert "names no event" in notes(app)
            await pilot.press("d")
            assert len(screen.trip.followups) == count
            await pilot.press("ctrl+z")
            assert len(screen.trip.followups) == count + 1
            table = screen.query_one("#followup-table")
            for row in range(table.row_count):  # type: ignore[attr-defined]
                table.move_cursor(row=row)  # type: ignore[attr-defined]
                if screen.selected is not None and screen.selected.event:
                    break
            source = screen.selected
            assert source is not None and source.event
            await pilot.press("g")
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen) and app.screen.query_one(Timetable).selected == source.event
    run(body)
