"""What an imported calendar said, in the TUI (issue 14): moments of no length, extra dates, and the
organizer, status, privacy, links and answers of an event, shown literally (text from files is data).

Each failed before issue 14: the trip file refused a moment and the unknown keys, and the details
had none of these lines.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.tui.conftest import opened, run, screen_text, settle
from tripplan.tui.screens.main import MainScreen
from tripplan.tui.widgets.details import EventDetails
from tripplan.tui.widgets.timetable import Timetable

TRIP = """\
schema_version = 1

[trip]
uid = "imported-props"
name = "Imported"
timezone = "Europe/Lisbon"
home_timezone = "America/New_York"
start = 2027-03-08
end = 2027-03-12

[[people]]
id = "ana"
name = "Ana [b]Ruiz[/b]"
email = "ana@example.com"

[[events]]
id = "deadline"
title = "Report due"
kind = "meeting"
start = 2027-03-09T12:00:00
end = 2027-03-09T12:00:00

[[events]]
id = "040000008200E00074C5B7101A82E008"
title = "Workshop [/]"
kind = "meeting"
start = 2027-03-09T14:00:00
end = 2027-03-09T15:00:00
attendees = ["ana"]
rdates = [2027-03-10T16:00:00, 2027-03-11T09:00:00]

[events.ical]
uid = "040000008200E00074C5B7101A82E008"
status = "TENTATIVE"
class = "PRIVATE"
organizer = { email = "boss@example.com", name = "Boss [@click=app.quit]x[/]" }
conference = ["https://meet.example.com/abc-[def]"]
attendance = [{ person = "ana", role = "OPT-PARTICIPANT", status = "ACCEPTED" }]
"""


def _main(app: Any) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def test_a_moment_and_an_imported_events_calendar_details(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-03-08T10:00:00+00:00")
    path = tmp_path / "trip.toml"
    path.write_text(TRIP, encoding="utf-8")

    async def body() -> None:
        async with opened(path, size=(160, 50)) as (app, pilot):
            main = _main(app)
            timetable = main.query_one(Timetable)
            timetable.goto(date(2027, 3, 9), 12 * 60, "deadline")
            await settle(app, pilot)
            text = main.query_one(EventDetails).text
            assert "Report due" in text and "12:00" in text and "12:00–12:00" not in text
            timetable.goto(date(2027, 3, 10), 16 * 60, "040000008200E00074C5B7101A82E008")
            await settle(app, pilot)
            text = main.query_one(EventDetails).text
            assert "Workshop [/]" in text
            assert "also Wed 10 Mar 14:00, Wed 10 Mar 16:00, Thu 11 Mar 09:00" not in text
            assert "also Wed 10 Mar 16:00, Thu 11 Mar 09:00" in text
            assert "tentative · private" in text
            assert "organized by Boss [@click=app.quit]x[/] <boss@example.com>" in text
            assert "join https://meet.example.com/abc-[def]" in text
            assert "Ana [b]Ruiz[/b]" in text and "optional · accepted" in text
            assert "Report due" in screen_text(app)  # the moment is drawn on its row of the week grid
    run(body)


def test_today_says_tentative_and_where_to_join(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-03-09T14:10:00+00:00")
    path = tmp_path / "trip.toml"
    path.write_text(TRIP, encoding="utf-8")

    async def body() -> None:
        async with opened(path, size=(100, 40)) as (app, pilot):
            await pilot.press("t")
            await settle(app, pilot)
            text = screen_text(app)
            assert "tentative: not confirmed yet" in text
            assert "join https://meet.example.com/abc-[def]" in text
    run(body)
