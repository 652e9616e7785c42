"""The traveller, the team and multi-city trips in the TUI (issue 15).

The new-trip form names "me"; the people view marks me (one: marking another
moves it) and who travels, and a teammate's home zone; the timetable shows
one person's plan (a key and a palette command); the trip settings list,
add and refuse stops; and a Tokyo day of a multi-city trip is Tokyo time in
the timetable, the details, the header's clock, Today and the editor.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable, Input, SelectionList

from tests.tui.conftest import notes, opened, run, screen_text, settle, view
from tripplan.files.storage import read_trip
from tripplan.tui.screens.editor import EventEditor
from tripplan.tui.screens.forms import FormScreen, PickScreen
from tripplan.tui.screens.main import MainScreen
from tripplan.tui.widgets.agenda import AgendaList
from tripplan.tui.widgets.details import EventDetails
from tripplan.tui.widgets.header import TripHeader
from tripplan.tui.widgets.timetable import Timetable
from tripplan.tui.widgets.zonefield import ZoneField

SINGAPORE_DAY, TOKYO_DAY, SEOUL_DAY = date(2027, 6, 7), date(2027, 6, 9), date(2027, 6, 11)
# Wed 9 Jun 2027, 14:05 in Tokyo (JST, UTC+9) = 05:05 UTC = 06:05 in London (BST).
TOKYO_NOW = "2027-06-09T05:05:00+00:00"

ROADSHOW = """\
schema_version = 1

[trip]
name = "Roadshow"
home_timezone = "Europe/London"
start = 2027-06-06
end = 2027-06-12

[[people]]
id = "sam"
name = "Sam Carter"
me = true
email = "sam@example.com"

[[people]]
id = "priya"
name = "Priya Nair"
travels = true
home_timezone = "America/New_York"

[[people]]
id = "kenta"
name = "Kenta Mori"
role = "client"

[[stops]]
city = "Singapore"
timezone = "Asia/Singapore"
from = 2027-06-06

[[stops]]
city = "Tokyo"
timezone = "Asia/Tokyo"
from = 2027-06-09

[[stops]]
city = "Seoul"
timezone = "Asia/Seoul"
from = 2027-06-11

[[events]]
id = "dinner"
title = "Team dinner"
kind = "team-building"
start = 2027-06-07T20:00:00
end = 2027-06-07T21:30:00

[[events]]
id = "workshop"
title = "Sakura workshop"
kind = "workshop"
start = 2027-06-09T10:00:00
end = 2027-06-09T12:00:00
attendees = ["kenta"]

[[events]]
id = "tour"
title = "Asakusa tour"
kind = "tour"
start = 2027-06-10T08:00:00
end = 2027-06-10T10:00:00
travellers = ["priya"]

[[events]]
id = "writing"
title = "Write the proposal"
kind = "meeting"
start = 2027-06-10T09:00:00
end = 2027-06-10T12:00:00
travellers = ["sam"]
"""


@pytest.fixture
def roadshow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Singapore → Tokyo → Seoul trip (Sun 6 – Sat 12 Jun 2027), "now" on its first Tokyo day."""
    monkeypatch.setenv("TRIPPLAN_NOW", TOKYO_NOW)
    path = tmp_path / "roadshow.toml"
    path.write_text(ROADSHOW, encoding="utf-8")
    return path


def _main(app: Any) -> MainScreen:
    return next(s for s in app.screen_stack if isinstance(s, MainScreen))


def _ids(main: MainScreen) -> set[str]:
    assert main.daymap is not None
    return {b.event_id for d in main.daymap.days for b in main.daymap.plan(d).blocks}


# --- the new-trip form ----------------------------------------------------------------------------------


def test_new_trip_form_makes_the_traveller_me() -> None:
    async def body() -> None:
        async with opened(None) as (app, pilot):
            await pilot.press("n")
            form = app.screen
            form.query_one("#name", Input).value = "Osaka visit"
            form.query_one("#tz", ZoneField).input.value = "Asia/Tokyo"
            form.query_one("#home", ZoneField).input.value = "Europe/London"
            form.query_one("#start", Input).value = "2027-05-03"
            form.query_one("#end", Input).value = "2027-05-05"
            form.query_one("#me_email", Input).value = "not an address"
            await pilot.pause()
            assert "give your name too" in screen_text(app)
            form.query_one("#me_name", Input).value = "Sam Carter"
            await pilot.pause()
            assert "is not an e-mail address" in screen_text(app) and form.query_one("#create").disabled
            form.query_one("#me_email", Input).value = "sam@example.com"
            await pilot.pause()
            assert "travelling: Sam Carter" in screen_text(app)
            path = Path(form.query_one("#path", Input).value)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen)
            trip, _ = read_trip(path)
            assert trip.me is not None and (trip.me.name, trip.me.email) == ("Sam Carter", "sam@example.com")
            assert trip.traveller_ids == [trip.me.id]
    run(body)


# --- the people view ------------------------------------------------------------------------------------


def _highlight(screen: Any, person_id: str) -> None:
    table = screen.query_one(DataTable)
    row = next(i for i in range(table.row_count)
               if table.coordinate_to_cell_key((i, 0)).row_key.value == person_id)
    table.move_cursor(row=row)


def test_people_view_marks_me_moves_it_and_toggles_travels(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            screen = await view(app, pilot, "p")
            trip = screen.trip
            assert trip.me is None
            _highlight(screen, "ana-ruiz")
            await pilot.press("m")
            assert trip.me is not None and trip.me.id == "ana-ruiz"
            assert "Ana Ruiz is me now" in notes(app) and "the traveller who owns this trip" in screen_text(app)
            other = next(p for p in trip.people if p.id != "ana-ruiz")
            _highlight(screen, other.id)
            await pilot.press("m")
            assert trip.me is not None and trip.me.id == other.id  # only one: it moved
            ana = trip.person("ana-ruiz")
            assert ana is not None and not ana.me and ana.travels
            assert f"{other.name} is me now; Ana Ruiz is no longer me (still travels)." in notes(app)
            _highlight(screen, "ana-ruiz")
            await pilot.pause()
            assert "travels · home America/New_York, the trip's" in screen_text(app)
            await pilot.press("v")
            assert not trip.person("ana-ruiz").travels  # type: ignore[union-attr]
            await pilot.press("v")
            assert trip.person("ana-ruiz").travels  # type: ignore[union-attr]
            # A teammate's own home zone, in the person form; a wrong zone says why there.
            await pilot.press("e")
            form = app.screen
            assert isinstance(form, FormScreen)
            form.query_one("#f-home", Input).value = "Mars/Olympus"
            await pilot.pause()
            assert "'Mars/Olympus' is not a time zone" in screen_text(app)
            form.query_one("#f-home", Input).value = "Asia/Tokyo"
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            ana = trip.person("ana-ruiz")
            assert ana is not None and ana.home_tz is not None and ana.home_tz.key == "Asia/Tokyo"
            assert "travels · home Asia/Tokyo" in screen_text(app)
            # Each change was one step: undo takes them back, down to nobody being me.
            for _ in range(5):
                await pilot.press("ctrl+z")
            assert trip.me is None and not trip.person("ana-ruiz").travels  # type: ignore[union-attr]
            await pilot.press("ctrl+s")
            saved, _ = read_trip(lisbon)
            assert saved.me is None
    run(body)


def test_people_view_refuses_what_the_rules_refuse(roadshow: Path) -> None:
    async def body() -> None:
        async with opened(roadshow) as (app, pilot):
            screen = await view(app, pilot, "p")
            trip = screen.trip
            _highlight(screen, "sam")
            await pilot.press("v")
            assert "Sam Carter is me: the traveller always travels" in notes(app)
            _highlight(screen, "priya")
            await pilot.press("v")  # she is named among the travellers of an event
            assert trip.person("priya").travels  # type: ignore[union-attr]
            assert "Asakusa tour" in notes(app) and "take them off" in notes(app)
            await pilot.press("m")  # her own home zone: she cannot be me until it is cleared
            assert trip.me is not None and trip.me.id == "sam"
            assert "clear their home zone first" in notes(app)
            assert "Traceback" not in screen_text(app)
    run(body)


# --- one person's plan ----------------------------------------------------------------------------------


def test_person_filter_by_key(roadshow: Path) -> None:
    async def body() -> None:
        async with opened(roadshow) as (app, pilot):
            main = _main(app)
            assert _ids(main) == {"dinner", "workshop", "tour", "writing"}
            await pilot.press("P")
            pick = app.screen
            assert isinstance(pick, PickScreen)
            assert [i for i, _ in pick.items][:2] == ["sam", "priya"]  # the travellers first, me first
            await pilot.press("down", "enter")
            await settle(app, pilot)
            assert app.screen is main and main.person == "priya"
            assert _ids(main) == {"dinner", "workshop", "tour"}  # the team's (no travellers listed) and hers
            header = main.query_one(TripHeader)
            assert "Priya Nair's plan" in header.text
            assert "home" in header.text and "EDT" in header.text  # her home, New York
            await pilot.press("P")
            assert app.screen.items[0][0] == "*everyone*"  # type: ignore[attr-defined]
            await pilot.press("enter")
            await settle(app, pilot)
            assert main.person is None and "plan" not in main.query_one(TripHeader).text
            assert _ids(main) == {"dinner", "workshop", "tour", "writing"}
    run(body)


def test_person_filter_by_palette_and_the_filter_is_text(roadshow: Path) -> None:
    text = roadshow.read_text(encoding="utf-8").replace('name = "Kenta Mori"', 'name = "[b]Kenta[/b] Mori"')
    roadshow.write_text(text, encoding="utf-8")

    async def body() -> None:
        async with opened(roadshow) as (app, pilot):
            main = _main(app)
            await pilot.press("ctrl+p")
            await pilot.press(*"show one person")
            palette = app.screen
            assert isinstance(palette, CommandPalette)
            for _ in range(200):  # the palette searches in a worker: until the command is listed
                await pilot.pause()
                if palette.query_one(CommandList).option_count:
                    break
            await pilot.press("enter")
            await settle(app, pilot)
            pick = app.screen
            assert isinstance(pick, PickScreen)
            await pilot.press("down", "down", "enter")  # Sam, Priya (the travellers), then Kenta
            await settle(app, pilot)
            assert main.person == "kenta" and _ids(main) == {"workshop"}
            assert "[b]Kenta[/b] Mori's plan" in main.query_one(TripHeader).text  # literal, never markup
            commands = {c.name: c for c in main.palette_commands()}
            commands["view: everyone's plan"].run()
            await settle(app, pilot)
            assert main.person is None and len(_ids(main)) == 4
    run(body)


# --- trip settings: stops -------------------------------------------------------------------------------


def test_settings_adds_a_stop_and_a_refused_one_says_why(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            screen = await view(app, pilot, "s")
            assert type(screen).__name__ == "TripSettingsScreen"
            assert "Lisbon" in screen_text(app) and "Europe/Lisbon" in screen_text(app)
            await pilot.press("a")
            form = app.screen
            assert isinstance(form, FormScreen)
            form.query_one("#f-city", Input).value = "Madrid"
            form.query_one("#f-zone", Input).value = "Europe/Madrid"
            form.query_one("#f-from", Input).value = "2027-04-02"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form  # refused: outside the trip, and the form says so
            assert "outside the trip" in screen_text(app) and "Traceback" not in screen_text(app)
            form.query_one("#f-from", Input).value = "2027-03-11"
            await pilot.pause()
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert app.screen is screen
            trip = screen.trip
            assert [(s.city, s.first, s.last) for s in trip.stop_list] == [
                ("Lisbon", date(2027, 3, 8), date(2027, 3, 10)), ("Madrid", date(2027, 3, 11), date(2027, 3, 12))]
            assert trip.zone_on(date(2027, 3, 11)).key == "Europe/Madrid"
            assert "Madrid" in screen_text(app) and "Thu 11 – Fri 12 Mar" in screen_text(app)
            await pilot.press("ctrl+s")
            saved, _ = read_trip(lisbon)
            assert [s.city for s in saved.stop_list] == ["Lisbon", "Madrid"]
            await pilot.press("ctrl+z")
            assert trip.stop_list == [] and trip.timezone.key == "Europe/Lisbon"
    run(body)


def test_settings_edits_and_removes_a_stop(roadshow: Path) -> None:
    async def body() -> None:
        async with opened(roadshow) as (app, pilot):
            screen = await view(app, pilot, "s")
            trip = screen.trip
            screen.query_one(DataTable).move_cursor(row=1)  # Tokyo
            await pilot.press("e")
            form = app.screen
            form.query_one("#f-to", Input).value = "2027-06-11"
            form.query_one("#f-hours", Input).value = "09:30-18:30"
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            tokyo = trip.stop_list[1]
            assert (tokyo.city, tokyo.last, tokyo.working_hours.start.hour) == ("Tokyo", date(2027, 6, 11), 9)
            assert trip.stop_list[2].first == date(2027, 6, 12)  # Seoul gave a day
            await pilot.press("d")
            await pilot.press("y")
            await settle(app, pilot)
            assert [s.city for s in trip.stop_list] == ["Singapore", "Seoul"]
            assert trip.stop_list[0].last == date(2027, 6, 11)  # the stop before took its days
            assert "keep their time" in notes(app) or "keeps its time" in notes(app)
    run(body)


# --- each day in its city's time ------------------------------------------------------------------------


def test_a_tokyo_day_is_tokyo_time_in_timetable_details_header_and_today(roadshow: Path) -> None:
    async def body() -> None:
        async with opened(roadshow) as (app, pilot):
            main = _main(app)
            timetable = main.query_one(Timetable)
            assert timetable.day == TOKYO_DAY  # "now" is on the Tokyo day
            block = next(b for b in main.daymap.plan(TOKYO_DAY).blocks if b.event_id == "workshop")  # type: ignore[union-attr]
            assert (block.start_min, block.end_min) == (10 * 60, 12 * 60)  # rows of Tokyo wall time
            timetable.goto(TOKYO_DAY, 10 * 60, "workshop")
            await pilot.pause()
            details = main.query_one(EventDetails).text
            assert "Wed 9 Jun  10:00–12:00 JST" in details and "home 02:00–04:00 BST" in details
            header = main.query_one(TripHeader).text
            assert "Tokyo 14:05 JST" in header and "home 06:05 BST" in header
            main.view = "day"
            await pilot.pause()
            assert "Wed 9 Jun · Tokyo · day 4/7 · today" in screen_text(app)  # the heading names the city
            timetable.goto(SINGAPORE_DAY, 20 * 60, "dinner")  # a Singapore day: its own time and clock
            await pilot.pause()
            assert "20:00–21:30 +08" in main.query_one(EventDetails).text
            assert "Singapore 13:05 +08" in main.query_one(TripHeader).text
            today = await view(app, pilot, "t")
            text = screen_text(app)
            assert "Tokyo" in text and "14:05 JST" in text
            assert "Tokyo 14:05 JST" in today.query_one(TripHeader).text
    run(body)


def test_the_editor_reads_noon_on_a_tokyo_day_as_noon_in_tokyo(roadshow: Path) -> None:
    async def body() -> None:
        async with opened(roadshow) as (app, pilot):
            main = _main(app)
            main.query_one(Timetable).goto(SINGAPORE_DAY, 8 * 60)
            await pilot.press("a")
            editor = app.screen
            assert isinstance(editor, EventEditor)
            editor.query_one("#title", Input).value = "Lunch"
            editor.query_one("#start", Input).value = "2027-06-09 12:00"  # a Tokyo day, typed from Singapore's
            editor.query_one("#end", Input).value = "1h"
            await pilot.pause()
            assert "12:00–13:00 JST" in screen_text(app)
            assert editor.query_one("#tz", ZoneField).value == ""  # no zone typed: the day's
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            event = next(e for e in main.session.trip.events if e.title == "Lunch")  # type: ignore[union-attr]
            assert event.start_utc == datetime(2027, 6, 9, 3, 0, tzinfo=UTC) and event.tz.key == "Asia/Tokyo"
            # A zone typed is the zone meant: 12:00 London time on the same Tokyo day.
            main.query_one(Timetable).goto(TOKYO_DAY, 8 * 60)
            await pilot.press("a")
            editor = app.screen
            editor.query_one("#title", Input).value = "Call London"
            editor.query_one("#start", Input).value = "12:00"
            editor.query_one("#end", Input).value = "30m"
            editor.query_one("#tz", ZoneField).input.value = "Europe/London"
            await pilot.pause()
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            call = next(e for e in main.session.trip.events if e.title == "Call London")  # type: ignore[union-attr]
            assert call.start_utc == datetime(2027, 6, 9, 11, 0, tzinfo=UTC) and call.tz.key == "Europe/London"
    run(body)


def test_the_editor_keeps_and_sets_who_goes(roadshow: Path) -> None:
    async def body() -> None:
        async with opened(roadshow) as (app, pilot):
            main = _main(app)
            trip = main.session.trip  # type: ignore[union-attr]
            main.query_one(Timetable).goto(date(2027, 6, 10), 8 * 60, "tour")
            await pilot.press("e")
            editor = app.screen
            assert isinstance(editor, EventEditor)
            editor.query_one("#title", Input).value = "Asakusa and Senso-ji"
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            tour = trip.event("tour")
            assert tour is not None and tour.title == "Asakusa and Senso-ji" and tour.travellers == ("priya",)
            await pilot.press("e")
            editor = app.screen
            going = editor.query_one("#travellers", SelectionList)
            assert list(going.selected) == ["priya"]  # Priya's tour: Sam does not go
            going.select_all()
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert trip.event("tour").travellers is None  # type: ignore[union-attr]  # everyone's again
    run(body)


def test_deleting_a_teammate_takes_them_off_the_events_they_travel_to(roadshow: Path) -> None:
    async def body() -> None:
        async with opened(roadshow) as (app, pilot):
            screen = await view(app, pilot, "p")
            trip = screen.trip
            _highlight(screen, "priya")
            await pilot.press("d")
            assert "travels to 1 event that names them (they are taken off)" in screen_text(app)
            await pilot.press("r")
            await settle(app, pilot)
            assert trip.person("priya") is None and trip.event("tour").travellers == ()  # type: ignore[union-attr]
            await pilot.press("ctrl+s")
            saved, _ = read_trip(roadshow)  # the trip saves: it names no one who is gone
            assert saved.person("priya") is None
            await pilot.press("ctrl+z")  # one step brings her back, on her tour
            assert trip.person("priya") is not None and trip.event("tour").travellers == ("priya",)  # type: ignore[union-attr]
    run(body)


def test_the_person_filter_is_trip_attends(roadshow: Path) -> None:
    from tripplan.trip.model import YOU
    from tripplan.tui.daymap import attending

    sample = Path(__file__).resolve().parents[2] / "sample_trips" / "asia-roadshow.toml"
    for path in (roadshow, sample):
        trip, _ = read_trip(path)
        for ident in [YOU, *(p.id for p in trip.people)]:
            attends = attending(trip, ident)
            assert [e.id for e in trip.events if attends(e)] == [e.id for e in trip.events if trip.attends(e, ident)]
    trip, _ = read_trip(sample)
    assert any(not attending(trip, "sam-carter")(e) for e in trip.events)  # the sample has events without me


def test_the_editor_keeps_what_it_does_not_show(tmp_path: Path) -> None:
    from tests.tui.test_calendar_props_ui import TRIP

    path = tmp_path / "imported.toml"
    path.write_text(TRIP, encoding="utf-8")

    async def body() -> None:
        async with opened(path) as (app, pilot):
            main = _main(app)
            ident = "040000008200E00074C5B7101A82E008"
            before = main.session.trip.event(ident)  # type: ignore[union-attr]
            assert before is not None and before.rdates and before.ical.uid
            main.query_one(Timetable).goto(date(2027, 3, 9), 14 * 60, ident)
            await pilot.press("e")
            app.screen.query_one("#title", Input).value = "Workshop, renamed"
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            after = main.session.trip.event(ident)  # type: ignore[union-attr]
            assert after is not None and after.title == "Workshop, renamed"
            assert (after.rdates, after.ical) == (before.rdates, before.ical)
    run(body)


def test_at_40_columns_the_agenda_list_takes_the_room(roadshow: Path) -> None:
    # Below the width where the grid can show titles, the one-column agenda list stands in for it (issue 17,
    # point 6): it gets the whole width, the details are hidden, and the header still names the stop's clock.
    async def body() -> None:
        async with opened(roadshow, size=(40, 20)) as (app, _pilot):
            main = _main(app)
            assert main.query_one(AgendaList).region.width >= 36 and not main.query_one(EventDetails).display
            assert not main.query_one(Timetable).display
            assert "Wed 9 Jun" in screen_text(app) and "Tokyo 14:05 JST" in screen_text(app)
    run(body)


def test_settings_show_city_and_zone_names_literally(tmp_path: Path) -> None:
    # A custom zone's name comes from a calendar file's TZID: brackets in it are text, not markup.
    path = tmp_path / "brackets.toml"
    path.write_text(ROADSHOW.replace('home_timezone = "Europe/London"',
                                     'home_timezone = "Europe/London"\nzones = { "Office [b]Time[/]" = "OFC-8" }', 1)
                    .replace('city = "Singapore"\ntimezone = "Asia/Singapore"',
                             'city = "Singa[/]pore [@click=app.quit]x"\ntimezone = "Office [b]Time[/]"', 1),
                    encoding="utf-8")
    assert read_trip(path)[0].stop_list[0].tz.key == "Office [b]Time[/]"

    async def body() -> None:
        async with opened(path) as (app, pilot):
            await view(app, pilot, "s")
            shown = screen_text(app)
            assert "Office [b]Time[/]" in shown and "Singa[/]pore [@click=app.quit]x" in shown
            await pilot.press("escape")
            await settle(app, pilot)
            assert "Singa[/]pore" in screen_text(app)  # the day heading and the header's clock
            await view(app, pilot, "t")
            assert "Singa[/]pore" in screen_text(app)

    run(body)
