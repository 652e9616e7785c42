"""Answers in the TUI: the details panel shows each attendee's answer, the people view each person's answers.

Names and comments that look like markup are shown as they are written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from textual.coordinate import Coordinate
from textual.widgets import DataTable

from tests.tui.conftest import opened, run, screen_text, settle, shown, view
from tripplan.files.encode import dumps
from tripplan.files.storage import read_trip
from tripplan.trip.model import Reply
from tripplan.tui.screens.main import MainScreen
from tripplan.tui.screens.people import PeopleScreen
from tripplan.tui.widgets.details import EventDetails, WrappedLines
from tripplan.tui.widgets.timetable import Timetable

KICKOFF = "1baceef8-5f47-4af8-99eb-9c92d47a08d5"  # Tue 9 Mar 10:00: Ana, Marta, Rui and Jordan
ANSWERED = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)


def _cli(*args: str) -> None:
    env = {**os.environ, "TRIPPLAN_NOW": "2027-03-01T09:00:00+00:00"}
    done = subprocess.run([sys.executable, "-m", "tripplan", *args], capture_output=True, text=True, env=env,
                          timeout=60)
    assert done.returncode == 0, done.stderr


def _answered(path: Path) -> None:
    """Invites out from Alex (me); Ana accepted with a comment, Rui declined; names and comment look like markup."""
    _cli("person", "add", str(path), "alex", "--name", "Alex Morgan", "--email", "alex@example.com", "--me")
    _cli("invites", str(path), "--out", str(path.parent / "invites"))
    trip, _ = read_trip(path)
    names = {"ana-ruiz": "Ana [/]", "rui-costa": "[@click=app.quit]x[/]"}
    trip.people = [replace(p, name=names.get(p.id, p.name)) for p in trip.people]
    trip.replies += [
        Reply(KICKOFF, "ana.ruiz@acme-iberia.example", "accepted", 0, ANSWERED, ANSWERED,
              comment="[b]not bold[/b] see you"),
        Reply(KICKOFF, "rui.costa@acme-iberia.example", "declined", 0, ANSWERED, ANSWERED),
    ]
    path.write_text(dumps(trip), encoding="utf-8")


def _main(app: Any) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def test_details_panel_shows_each_attendees_answer(lisbon: Path) -> None:
    async def before() -> None:  # no invite out, no answer heard: nothing to show
        async with opened(lisbon, size=(160, 50)) as (app, pilot):
            _main(app).query_one(Timetable).goto(date(2027, 3, 9), 10 * 60, KICKOFF)
            await settle(app, pilot)
            text = _main(app).query_one(EventDetails).text
            assert "Ana Ruiz client · Acme Iberia" in text and "no answer" not in text

    run(before)
    _answered(lisbon)

    async def body() -> None:
        async with opened(lisbon, size=(160, 50)) as (app, pilot):
            main = _main(app)
            main.query_one(Timetable).goto(date(2027, 3, 9), 10 * 60, KICKOFF)
            await settle(app, pilot)
            lines = main.query_one(EventDetails).text.splitlines()
            assert "Ana [/] ✓ accepted · client · Acme Iberia" in lines
            assert "[@click=app.quit]x[/] ✗ declined · client · Acme Iberia" in lines
            assert "Marta Oliveira … no answer · client · Acme Iberia" in lines
            assert "Jordan Lee … no answer · colleague · Halyard Software" in lines
            assert lines[lines.index("Ana [/] ✓ accepted · client · Acme Iberia") + 1] == "“[b]not bold[/b] see you”"
            assert await shown(app, pilot, "Ana [/] ✓ accepted · client")
            assert app.is_running  # the click action in a name was text, not an action
    run(body)


def test_people_view_shows_each_persons_answers(lisbon: Path) -> None:
    _answered(lisbon)

    async def body() -> None:
        async with opened(lisbon, size=(160, 50)) as (app, pilot):
            screen = await view(app, pilot, "p")
            assert isinstance(screen, PeopleScreen)
            table = screen.query_one(DataTable)
            rows = [table.coordinate_to_cell_key(Coordinate(i, 0)).row_key.value for i in range(table.row_count)]
            assert rows[0] == "rui-costa"  # '[' sorts first
            text = screen.query_one("#detail-body", WrappedLines).text
            assert "Answers to invites 1 declined, 8 not answered" in text
            assert "[@click=app.quit]x[/]" in screen_text(app)
            table.move_cursor(row=rows.index("ana-ruiz"))
            await settle(app, pilot)
            assert screen.selected is not None and screen.selected.name == "Ana [/]"
            text = screen.query_one("#detail-body", WrappedLines).text
            assert "Answers to invites 1 accepted, 9 not answered" in text
            answers = text.split("Answers to invites")[1].splitlines()
            assert any(x.startswith("✓ accepted  Tue 9 Mar 10:00") and x.endswith("Kick-off with Acme Iberia")
                       for x in answers)
            assert "“[b]not bold[/b] see you”" in answers
            assert await shown(app, pilot, "“[b]not bold[/b] see you”")
            assert app.is_running
    run(body)
