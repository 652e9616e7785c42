"""People (p): the table, the detail, adding, editing, logging a talk, deleting (asking about events), undo."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, TextArea

from tests.tui.conftest import opened, run, screen_text, settle, view
from tripplan.files.storage import read_trip
from tripplan.tui.screens.dialogs import ChoiceDialog
from tripplan.tui.screens.forms import FormScreen, PickScreen
from tripplan.tui.screens.main import MainScreen
from tripplan.tui.screens.people import PeopleScreen
from tripplan.tui.widgets.timetable import Timetable


def _row_of(screen: PeopleScreen, person_id: str) -> int:
    table = screen.query_one(DataTable)
    return next(i for i in range(table.row_count)
                if table.coordinate_to_cell_key((i, 0)).row_key.value == person_id)  # type: ignore[arg-type]


def test_table_and_detail(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            screen = await view(app, pilot, "p")
            assert isinstance(screen, PeopleScreen)
            text = screen_text(app)
            for column in ("Name", "Role", "Works at", "Interests", "Events"):
                assert column in text
            assert "Ana Ruiz" in text and "client" in text and "Acme Iberia" in text and "marathon running" in text
            assert screen.selected is not None and screen.selected.id == "ana-ruiz"  # by name: Ana first
            assert "Remember" in text and "Conversations" in text and "Video call" in text
            assert "Objectives" in text and "Follow-ups" in text and "Events together" in text
            await pilot.press("escape")
            assert isinstance(app.screen, MainScreen)
    run(body)


def test_add_edit_and_undo_a_person(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            screen = await view(app, pilot, "p")
            await pilot.press("a")
            form = app.screen
            assert isinstance(form, FormScreen)
            await pilot.press("ctrl+s")  # empty: refused, the reason shows
            assert app.screen is form and "give the person's name" in screen_text(app)
            await pilot.press(*"Li Wei")
            form.query_one("#f-email", Input).value = "not an address"
            await pilot.pause()
            assert "is not an e-mail address" in screen_text(app)
            form.query_one("#f-email", Input).value = "li.wei@acme.example"
            form.query_one("#f-interests", Input).value = "go, hiking"
            await pilot.pause()
            assert "id: li-wei" in screen_text(app)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert app.screen is screen
            li = screen.trip.person("li-wei")
            assert li is not None and li.email == "li.wei@acme.example" and li.interests == ["go", "hiking"]
            assert screen.selected is not None and screen.selected.id == "li-wei"
            assert "Li Wei" in screen_text(app) and "● unsaved" in screen_text(app)
            await pilot.press("e")
            form = app.screen
            assert isinstance(form, FormScreen)
            form.query_one("#f-org", Input).value = "Acme Asia"
            await pilot.press("ctrl+s")
            assert screen.trip.person("li-wei").org == "Acme Asia"  # type: ignore[union-attr]
            await pilot.press("ctrl+z")
            assert screen.trip.person("li-wei").org == ""  # type: ignore[union-attr]
            await pilot.press("ctrl+z")
            assert screen.trip.person("li-wei") is None and "Li Wei" not in screen_text(app)
            await pilot.press("ctrl+y")
            assert screen.trip.person("li-wei") is not None
    run(body)


def test_log_a_conversation(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            screen = await view(app, pilot, "p")
            before = len(screen.trip.person("ana-ruiz").log)  # type: ignore[union-attr]
            await pilot.press("l")
            form = app.screen
            assert isinstance(form, FormScreen)
            assert form.query_one("#f-on", Input).value == "2027-03-09"  # today at the destination
            assert form.focused is form.query_one("#f-text", TextArea)  # the date is usually right: type
            form.query_one("#f-on", Input).value = "tue"
            form.query_one("#f-text", TextArea).text = "Lunch: she liked the phased rollout."
            await pilot.pause()
            assert "Tuesday 9 March 2027" in screen_text(app)
            form.query_one("#f-on", Input).value = "31 feb"
            await pilot.pause()
            assert form.query_one("#f-on", Input).has_class("-invalid")
            form.query_one("#f-on", Input).value = "2027-03-09"
            await pilot.press("ctrl+s")
            log = screen.trip.person("ana-ruiz").log  # type: ignore[union-attr]
            assert len(log) == before + 1 and log[-1].text == "Lunch: she liked the phased rollout."
            assert "09 Mar 2027  Lunch: she liked" in screen_text(app)  # newest first in the panel
            await pilot.press("ctrl+s")  # saved with the rest of the trip
            saved, _ = read_trip(lisbon)
            assert saved.person("ana-ruiz").log[-1].text.startswith("Lunch")  # type: ignore[union-attr]
    run(body)


def test_delete_someone_who_attends_events_asks(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            screen = await view(app, pilot, "p")
            assert isinstance(screen, PeopleScreen)
            events_before = len(screen.trip.events)
            await pilot.press("d")
            dialog = app.screen
            assert isinstance(dialog, ChoiceDialog)
            text = screen_text(app)
            assert "Ana Ruiz attends" in text and "Remove from events" in text
            await pilot.press("escape")
            assert screen.trip.person("ana-ruiz") is not None
            await pilot.press("d", "r")
            await settle(app, pilot)
            trip = screen.trip
            assert trip.person("ana-ruiz") is None and len(trip.events) == events_before
            assert not any("ana-ruiz" in e.attendees for e in trip.events)
            assert "Ana Ruiz" not in screen_text(app)
            await pilot.press("ctrl+z")
            assert trip.person("ana-ruiz") is not None and any("ana-ruiz" in e.attendees for e in trip.events)
            # Someone whose events are theirs alone can go with them.
            alone = next(p for p in trip.people if any(e.attendees == (p.id,) for e in trip.events))
            screen.query_one(DataTable).move_cursor(row=_row_of(screen, alone.id))
            await pilot.press("d")
            assert "Delete with" in screen_text(app)
            await pilot.press("e")
            assert trip.person(alone.id) is None and not any(e.attendees == (alone.id,) for e in trip.events)
            await pilot.press("ctrl+z")
            assert any(e.attendees == (alone.id,) for e in trip.events)
    run(body)


def test_delete_someone_without_links_and_go_to_event(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            screen = await view(app, pilot, "p")
            await pilot.press("g")
            pick = app.screen
            assert isinstance(pick, PickScreen) and "Events with Ana Ruiz" in screen_text(app)
            await pilot.press("enter")
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen)
            selected = app.screen.query_one(Timetable).selected
            assert selected is not None and "ana-ruiz" in app.screen.session.trip.event(selected).attendees
            screen = await view(app, pilot, "p")
            await pilot.press("a", *"Nobody Yet", "ctrl+s")
            await settle(app, pilot)
            assert screen.selected.id == "nobody-yet"  # type: ignore[union-attr]
            await pilot.press("d")
            assert "Delete Nobody Yet?" in screen_text(app)
            await pilot.press("y")
            assert screen.trip.person("nobody-yet") is None
    run(body)


def test_people_at_80x24(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon, size=(80, 24)) as (app, pilot):
            screen = await view(app, pilot, "p")
            assert screen.has_class("-narrow")
            text = screen_text(app)
            assert "Ana Ruiz" in text and "Marta Oliveira" in text and "Remember" in text
    run(body)
