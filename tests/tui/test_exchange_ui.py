"""Export (x) and import from the app: files written where the dialog says, never replaced without asking,
invites that show what changed since last sent (higher SEQUENCE), and imports that show their report."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import icalendar
from textual.widgets import Checkbox, Input, SelectionList

from tests.tui.conftest import notes, opened, run, screen_text, settle, shown
from tripplan.files.storage import read_trip
from tripplan.tui.screens.dialogs import ChoiceDialog
from tripplan.tui.screens.exchange import CalendarExport, InvitesDialog
from tripplan.tui.screens.forms import PickScreen
from tripplan.tui.screens.importing import ImportDialog
from tripplan.tui.screens.main import MainScreen

AGENDA = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example Conf//Agenda//EN
BEGIN:VEVENT
UID:keynote-2027@conf.example
DTSTAMP:20270101T000000Z
DTSTART:20270309T160000Z
DTEND:20270309T170000Z
SUMMARY:Conference keynote
LOCATION:Hall A
CATEGORIES:conference
END:VEVENT
BEGIN:VEVENT
UID:old-2020@conf.example
DTSTAMP:20200101T000000Z
DTSTART:20200309T160000Z
DTEND:20200309T170000Z
SUMMARY:An old session
END:VEVENT
END:VCALENDAR
"""


def _events(path: Path) -> list[str]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return [str(c["SUMMARY"]) for c in cal.walk("VEVENT")]


def test_export_whole_trip_and_never_replace_without_asking(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("x")
            assert isinstance(app.screen, PickScreen) and "Whole trip" in screen_text(app)
            await pilot.press("enter")
            dialog = app.screen
            assert isinstance(dialog, CalendarExport)
            target = small.with_suffix(".ics")
            assert dialog.query_one("#path", Input).value == str(target)
            assert "4 events" in screen_text(app)
            await pilot.press("enter")
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen) and f"to {target}" in notes(app)
            assert sorted(_events(target)) == ["Dinner with Ana", "Flight New York → Lisbon", "Kick-off at Acme",
                                               "Stand-up"]
            target.write_text("mine")
            await pilot.press("x", "enter")
            assert "this file exists" in screen_text(app)
            await pilot.press("enter")
            assert isinstance(app.screen, ChoiceDialog) and "already exists" in screen_text(app)
            await pilot.press("n")
            assert target.read_text() == "mine" and isinstance(app.screen, CalendarExport)
            await pilot.press("ctrl+s", "y")
            await settle(app, pilot)
            assert target.read_text() != "mine" and isinstance(app.screen, MainScreen)
            await pilot.press("x", "enter")
            # A short path: the reason must fit the dialog's line (an xdist worker's tmp_path is longer).
            app.screen.query_one("#path", Input).value = "/tripplan-no-such-folder/x.ics"
            assert await shown(app, pilot, "does not exist")
    run(body)


def test_export_followups_as_todos(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            app.screen.export("todos")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, CalendarExport) and "7 follow-ups as to-dos" in screen_text(app)
            await pilot.press("enter")
            await settle(app, pilot)
            cal = icalendar.Calendar.from_ical(lisbon.with_name("lisbon-follow-ups.ics").read_bytes())
            assert len(cal.walk("VTODO")) == 7 and not cal.walk("VEVENT")
            app.screen.export("trip")
            await pilot.pause()
            app.screen.query_one("#todos", Checkbox).value = True
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            cal = icalendar.Calendar.from_ical(lisbon.with_suffix(".ics").read_bytes())
            assert len(cal.walk("VTODO")) == 7 and len(cal.walk("VEVENT")) == len(read_trip(lisbon)[0].events)
    run(body)


def test_invites_show_what_changed_and_record_what_was_sent(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            main = app.screen
            main.export("invites")
            await settle(app, pilot)
            dialog = app.screen
            assert isinstance(dialog, InvitesDialog)
            text = screen_text(app)
            assert "no e-mail, no invite" not in text or "Priya" in text
            assert "+ new" in text and "SEQUENCE 0" in text
            people = dialog.query_one(SelectionList)
            people.deselect_all()
            await settle(app, pilot)
            assert "choose at least one person" in screen_text(app)
            people.select_all()
            await settle(app, pilot)
            folder = lisbon.with_name("lisbon-invites")
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen) and "Invites written" in notes(app)
            written = sorted(p.name for p in folder.glob("*.ics"))
            assert "ana-ruiz.ics" in written
            saved, _ = read_trip(lisbon)
            assert saved.sent and not main.session.dirty  # the record of what was sent is saved
            ana = icalendar.Calendar.from_ical((folder / "ana-ruiz.ics").read_bytes())
            assert all(int(e.get("SEQUENCE", 0)) == 0 for e in ana.walk("VEVENT"))
            # Move one of Ana's events: the dialog says it changed and goes out with SEQUENCE 1.
            moved = next(e for e in main.session.trip.events if "ana-ruiz" in e.attendees)
            main.session.move_event(moved.id, timedelta(minutes=30))
            main.changed()
            main.export("invites")
            await settle(app, pilot)
            text = screen_text(app)
            assert "↑ changed" in text and "SEQUENCE 0→1" in text and moved.title[:20] in text
            assert "1 changed since last sent" in text
            await pilot.press("ctrl+s")
            assert isinstance(app.screen, ChoiceDialog) and "these files exist" in screen_text(app)
            await pilot.press("y")
            await settle(app, pilot)
            ana = icalendar.Calendar.from_ical((folder / "ana-ruiz.ics").read_bytes())
            sequences = {str(e["UID"]): int(e.get("SEQUENCE", 0)) for e in ana.walk("VEVENT")}
            assert sorted(sequences.values()).count(1) == 1
    run(body)


def test_import_shows_the_report_then_merges_undoably(small: Path) -> None:
    agenda = small.with_name("agenda.ics")
    agenda.write_text(AGENDA.replace("\n", "\r\n"))

    async def body() -> None:
        async with opened(small) as (app, pilot):
            main = app.screen
            await pilot.press("i")
            dialog = app.screen
            assert isinstance(dialog, ImportDialog)
            path = dialog.query_one("#path", Input)
            path.value = str(small.with_name("missing.ics"))
            await pilot.pause()
            assert "no file missing.ics" in screen_text(app)
            path.value = str(agenda)
            await pilot.press("enter")
            await settle(app, pilot)
            text = screen_text(app)
            assert "1 added" in text and "1 skipped" in text and "Conference keynote" in text
            assert "An old session" in text  # skipped, with the reason
            assert main.session.trip.event("keynote-2027@conf.example") is None  # nothing changed yet
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen) and "Imported agenda.ics" in notes(app)
            keynote = next(e for e in main.session.trip.events if e.title == "Conference keynote")
            assert keynote.kind.value == "conference" and main.session.dirty
            await pilot.press("ctrl+z")
            assert all(e.title != "Conference keynote" for e in main.session.trip.events)
            assert main.session.trip.received == []
            await pilot.press("ctrl+y", "ctrl+s")
            assert any(e.title == "Conference keynote" for e in read_trip(small)[0].events)
    run(body)


def test_import_of_junk_says_why(small: Path) -> None:
    junk = small.with_name("junk.ics")
    junk.write_bytes(b"\x00\x01 not a calendar")

    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("i")
            app.screen.query_one("#path", Input).value = str(junk)
            await pilot.press("enter")
            await settle(app, pilot)
            assert "✗ junk.ics" in screen_text(app) and "The trip is unchanged" in screen_text(app)
    run(body)
