"""Times you can trust, in the TUI (issue 13): every view shows wall times that exist, the zone's
abbreviation on a day the clocks change, and lengths as elapsed time; the editor offers the second
pass of a repeated hour and creates all-day events on days whose midnight does not exist.

Each view test here failed on the model before issue 13 (wall-time arithmetic, wall times kept
as entered): the daily 02:30 in Berlin showed 02:30–04:00 on 28 Mar and lasted 1 h 30 min, the
night train across the change lasted 8 h, the editor refused an all-day event on 14 Mar in Havana.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, Checkbox, Input, Static

from tests.tui.conftest import opened, run, screen_text, settle, view
from tripplan.time.zones import day_start, zone
from tripplan.trip.model import Event, Kind, Trip
from tripplan.tui.daymap import DayMap
from tripplan.tui.screens.editor import EventEditor
from tripplan.tui.screens.main import MainScreen
from tripplan.tui.screens.today import TodayScreen
from tripplan.tui.text import event_when, time_range
from tripplan.tui.widgets.details import EventDetails
from tripplan.tui.widgets.timetable import Timetable

BERLIN_SPRING = """\
schema_version = 1

[trip]
uid = "berlin-spring"
name = "Berlin across the spring change"
destination = "Berlin"
timezone = "Europe/Berlin"
home_timezone = "America/New_York"
start = 2027-03-26
end = 2027-03-30

[[events]]
id = "backup"
title = "Server backup"
kind = "meeting"
start = 2027-03-26T02:30:00
end = 2027-03-26T04:00:00
repeat = "FREQ=DAILY"

[[events]]
id = "night"
title = "Night train"
kind = "train"
start = 2027-03-27T22:00:00
end = 2027-03-28T06:00:00
"""

LISBON_AUTUMN = """\
schema_version = 1

[trip]
uid = "lisbon-autumn"
name = "Lisbon across the autumn change"
destination = "Lisbon"
timezone = "Europe/Lisbon"
home_timezone = "Europe/Lisbon"
start = 2027-10-29
end = 2027-11-02

[[events]]
id = "first"
title = "First call"
kind = "meeting"
start = 2027-10-31T01:30:00+01:00
end = 2027-10-31T01:45:00+01:00

[[events]]
id = "second"
title = "Second call"
kind = "meeting"
start = 2027-10-31T01:30:00+00:00
end = 2027-10-31T01:45:00+00:00

[[events]]
id = "across"
title = "Across the change"
kind = "meeting"
start = 2027-10-31T01:45:00+01:00
end = 2027-10-31T01:15:00+00:00
"""

SPRING_DAY = date(2027, 3, 28)
AUTUMN_DAY = date(2027, 10, 31)


def _trip_file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _main(app: Any) -> MainScreen:
    screen = app.screen_stack[1]
    assert isinstance(screen, MainScreen) and screen.session is not None
    return screen


async def _type(pilot: Any, widget: Input, text: str) -> None:
    widget.value = ""
    widget.focus()
    await pilot.press(*list(text))


async def _select(app: Any, pilot: Any, day: date, minute: int, event_id: str) -> MainScreen:
    main = _main(app)
    main.query_one(Timetable).goto(day, minute, event_id)
    await settle(app, pilot)
    return main


def _hint(editor: EventEditor, field: str) -> str:
    """The line under a field of the editor (its reason or hint), unwrapped."""
    return str(editor.query_one(f"#reason-{field}", Static).content)


def _details(main: MainScreen) -> str:
    return main.query_one(EventDetails).text


# --- the timetable and the details --------------------------------------------------------------------


def test_a_daily_0230_shows_the_0330_that_happens_on_the_spring_change(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-03-26T12:00:00+00:00")
    path = _trip_file(tmp_path, "berlin.toml", BERLIN_SPRING)

    async def body() -> None:
        async with opened(path, size=(160, 50)) as (app, pilot):
            main = await _select(app, pilot, SPRING_DAY, 3 * 60 + 30, "backup")
            timetable = main.query_one(Timetable)
            assert timetable.selected == "backup"
            blocks = [b for b in main.daymap.plan(SPRING_DAY).blocks if b.event_id == "backup"]  # type: ignore[union-attr]
            assert [(b.start_min, b.end_min) for b in blocks] == [(3 * 60 + 30, 4 * 60)]  # drawn 03:30–04:00
            text = _details(main)
            assert "Sun 28 Mar  03:30 CEST–04:00 CEST" in text and "02:30" not in text
            assert "\n30 min" in text  # elapsed, not the 1 h 30 min of wall clock
            # The day before, the same series is the ordinary 02:30–04:00.
            await _select(app, pilot, date(2027, 3, 27), 2 * 60 + 30, "backup")
            assert "Sat 27 Mar  02:30–04:00 CET" in _details(main) and "1 h 30 min" in _details(main)
            # The day timeline draws the block with the times that exist (and the abbreviation).
            await pilot.press("w")
            await _select(app, pilot, SPRING_DAY, 3 * 60 + 30, "backup")
            assert "03:30 CEST–04:00 CEST Server backup" in screen_text(app)
    run(body)


def test_an_overnight_event_across_the_spring_change_lasts_what_passes(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-03-26T12:00:00+00:00")
    path = _trip_file(tmp_path, "berlin.toml", BERLIN_SPRING)

    async def body() -> None:
        async with opened(path, size=(160, 50)) as (app, pilot):
            main = await _select(app, pilot, date(2027, 3, 27), 22 * 60, "night")
            text = _details(main)
            assert "Sat 27 Mar  22:00 CET–Sun 28 Mar 06:00 CEST" in text
            assert "7 h  ·  home 17:00–24:00 EDT" in text  # 22:00 CET → 06:00 CEST is 7 hours, not 8
            daymap = main.daymap
            assert daymap is not None
            # The hours the balance counts are elapsed hours too: 2 h on Saturday, 5 h on Sunday.
            kind = Kind.TRAIN.category
            assert daymap.plan(date(2027, 3, 27)).minutes[kind] == 120
            assert daymap.plan(SPRING_DAY).minutes[kind] == 5 * 60  # 00:00 CET to 06:00 CEST
    run(body)


def test_the_repeated_hour_shows_which_0130_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-10-29T12:00:00+00:00")
    path = _trip_file(tmp_path, "autumn.toml", LISBON_AUTUMN)

    async def body() -> None:
        async with opened(path, size=(160, 50)) as (app, pilot):
            main = await _select(app, pilot, AUTUMN_DAY, 90, "first")
            assert "Sun 31 Oct  01:30 WEST–01:45 WEST" in _details(main)
            await _select(app, pilot, AUTUMN_DAY, 90, "second")
            assert "Sun 31 Oct  01:30 WET–01:45 WET" in _details(main) and "\n15 min" in _details(main)
            await _select(app, pilot, AUTUMN_DAY, 105, "across")
            text = _details(main)
            assert "01:45 WEST–01:15 WET" in text and "\n30 min" in text  # 30 minutes pass, the clock says −30
            block = next(b for b in main.daymap.plan(AUTUMN_DAY).blocks  # type: ignore[union-attr]
                         if b.event_id == "across")
            assert block.end_min - block.start_min == 30  # drawn for the time it lasts
            await pilot.press("w")
            await _select(app, pilot, AUTUMN_DAY, 90, "first")
            shown = screen_text(app)
            assert "01:30 WEST–01:45 WEST First call" in shown and "01:30 WET–01:45 WET Second call" in shown
            # The day before has no change: no abbreviations in the blocks.
            assert main.daymap is not None and not main.daymap.plan(date(2027, 10, 30)).changes
            assert main.daymap.plan(AUTUMN_DAY).changes
    run(body)


def test_adding_in_the_skipped_hour_starts_at_the_time_that_happens(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-03-26T12:00:00+00:00")
    path = _trip_file(tmp_path, "berlin.toml", BERLIN_SPRING.split('\n[[events]]\nid = "night"')[0])

    async def body() -> None:
        async with opened(path, size=(160, 50)) as (app, pilot):
            main = _main(app)
            main.query_one(Timetable).goto(SPRING_DAY, 2 * 60)  # the 02:00 row: that hour does not exist
            await settle(app, pilot)
            assert main.query_one(Timetable).selected is None
            assert "Press a to add an event at Sun 28 Mar 03:00 CEST." in _details(main)
            await pilot.press("a")
            editor = app.screen
            assert isinstance(editor, EventEditor)
            assert editor.query_one("#start", Input).value == "2027-03-28 03:00"
            assert "03:00 CEST–04:00 CEST · 1 h" in _hint(editor, "start")
            await pilot.press("escape")
    run(body)


def test_today_on_the_spring_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-03-28T01:40:00+00:00")  # 03:40 CEST
    path = _trip_file(tmp_path, "berlin.toml", BERLIN_SPRING)

    async def body() -> None:
        async with opened(path, size=(160, 50)) as (app, pilot):
            screen = await view(app, pilot, "t")
            assert isinstance(screen, TodayScreen)
            text = screen_text(app)
            assert "also now: Server backup 03:30 CEST–04:00 CEST" in text
            assert "started 4 h 40 min ago · 2 h 20 min left" in text  # the night train, on instants
            assert "02:30" not in text.split("Next")[0]
            plan = screen.plan
            assert plan is not None and [o.event.id for o in plan.now_occ] == ["night", "backup"]
    run(body)


def test_the_timetable_starts_on_the_day_of_the_one_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-03-27T23:30:00+00:00")  # already Sun 28 Mar 00:30 in Berlin
    path = _trip_file(tmp_path, "berlin.toml", BERLIN_SPRING)

    async def body() -> None:
        async with opened(path, size=(160, 50)) as (app, _pilot):
            timetable = _main(app).query_one(Timetable)
            assert (timetable.day, timetable.minute) == (SPRING_DAY, 30)
            assert Timetable().day == date(2027, 3, 27)  # before a trip is known: the clock's own date
    run(body)


def test_no_view_reads_the_machines_clock() -> None:
    """``TRIPPLAN_NOW`` is the one clock: nothing in the TUI may ask the machine for the date or time."""
    tui = Path(__file__).resolve().parents[2] / "src" / "tripplan" / "tui"
    found = [f"{p.relative_to(tui)}: {line.strip()}" for p in sorted(tui.rglob("*.py"))
             for line in p.read_text(encoding="utf-8").splitlines()
             if re.search(r"\b(date\.today|datetime\.now|datetime\.utcnow|time\.time)\(", line)]
    assert found == []


# --- the plain helpers --------------------------------------------------------------------------------


def _trip(tz: str) -> Trip:
    return Trip(name="t", timezone=zone(tz), home_timezone=zone(tz), start=date(2027, 10, 29),
                end=date(2027, 11, 2))


def test_time_range_tags_both_ends_on_a_change_day_only() -> None:
    lisbon = zone("Europe/Lisbon")
    first = datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 01:30 WEST
    second = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # 01:30 WET
    assert time_range(first, first + timedelta(minutes=15), lisbon, with_zone=False) == "01:30 WEST–01:45 WEST"
    assert time_range(second, second + timedelta(minutes=15), lisbon, with_zone=False) == "01:30 WET–01:45 WET"
    ordinary = datetime(2027, 10, 30, 18, 30, tzinfo=UTC)
    assert time_range(ordinary, ordinary + timedelta(hours=1), lisbon, with_zone=False) == "19:30–20:30"
    assert time_range(ordinary, ordinary + timedelta(hours=1), lisbon) == "19:30–20:30 WEST"
    # A wall-time datetime that does not exist is shown as the time that happens.
    berlin = zone("Europe/Berlin")
    gap = datetime(2027, 3, 28, 2, 30, tzinfo=berlin)
    assert time_range(gap, datetime(2027, 3, 28, 4, 0, tzinfo=berlin), berlin) == "03:30 CEST–04:00 CEST"


def test_event_when_all_day_on_a_day_without_midnight() -> None:
    havana = zone("America/Havana")
    event = Event.days(id="x", title="Holiday", kind=Kind.FREE_TIME, first=date(2027, 3, 14), end=date(2027, 3, 15),
                       tz=havana)
    trip = _trip("America/Havana")
    assert event_when(event, event.start_utc, event.end_utc, trip) == ["Sun 14 Mar, all day"]
    daymap = DayMap(Trip(name="t", timezone=havana, home_timezone=havana, start=date(2027, 3, 12),
                         end=date(2027, 3, 16), events=[event]))
    assert [d for d in daymap.days if daymap.plan(d).all_day] == [date(2027, 3, 14)]


# --- the editor -------------------------------------------------------------------------------------------


def test_the_editor_offers_the_second_pass_of_a_repeated_hour(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-10-29T12:00:00+00:00")
    path = _trip_file(tmp_path, "autumn.toml", LISBON_AUTUMN)

    async def body() -> None:
        async with opened(path, size=(120, 50)) as (app, pilot):
            main = _main(app)
            main.query_one(Timetable).goto(AUTUMN_DAY, 10 * 60)
            await pilot.press("a")
            editor = app.screen
            assert isinstance(editor, EventEditor)
            row, box = editor.query_one("#row-second"), editor.query_one("#second", Checkbox)
            assert not row.display  # 10:00 happens once
            await _type(pilot, editor.query_one("#title", Input), "Late call")
            await _type(pilot, editor.query_one("#start", Input), "2027-10-31 01:30")
            await _type(pilot, editor.query_one("#end", Input), "30m")
            await pilot.pause()
            assert row.display and "WET, UTC+00:00" in str(box.label) and "WEST, UTC+01:00" in str(box.label)
            text = _hint(editor, "start")
            assert "01:30 WEST–01:00 WET · 30 min" in text and "this is the first (UTC+01:00)" in text
            box.value = True  # the second 01:30
            await pilot.pause()
            text = _hint(editor, "start")
            assert "01:30 WET–02:00 WET · 30 min" in text and "this is the second (UTC+00:00)" in text
            await pilot.press("ctrl+s")
            assert app.screen is main and main.session is not None
            added = next(e for e in main.session.trip.events if e.title == "Late call")
            assert added.start_utc == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
            assert added.duration == timedelta(minutes=30) and added.local_start.fold == 1
            # Opened again, the form says the second, and applying it as it is changes nothing.
            main.query_one(Timetable).goto(AUTUMN_DAY, 90, added.id)
            await settle(app, pilot)
            await pilot.press("e")
            editor = app.screen
            assert isinstance(editor, EventEditor) and editor.query_one("#second", Checkbox).value
            await pilot.press("ctrl+s")
            assert main.session.trip.event(added.id) == added
    run(body)


def test_the_editor_keeps_an_end_in_the_repeated_hour(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-10-29T12:00:00+00:00")
    path = _trip_file(tmp_path, "autumn.toml", LISBON_AUTUMN)

    async def body() -> None:
        async with opened(path, size=(120, 50)) as (app, pilot):
            main = await _select(app, pilot, AUTUMN_DAY, 105, "across")
            before = main.session.trip.event("across")  # type: ignore[union-attr]
            await pilot.press("e")
            editor = app.screen
            assert isinstance(editor, EventEditor)
            assert editor.query_one("#end", Input).value == "2027-10-31 01:15 WET"
            assert not editor.query_one("#second", Checkbox).value  # 01:45 WEST is the first 01:45
            await pilot.press("ctrl+s")
            assert app.screen is main and main.session.trip.event("across") == before
            assert not main.session.dirty
    run(body)


@pytest.mark.parametrize(("tz", "day"), [("America/Havana", date(2027, 3, 14)),
                                         ("America/Santiago", date(2027, 9, 5)),
                                         ("Asia/Beirut", date(2027, 3, 28))])
def test_an_all_day_event_on_a_day_whose_midnight_does_not_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  tz: str, day: date) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", f"{day - timedelta(days=2)}T12:00:00+00:00")
    text = (f'schema_version = 1\n\n[trip]\nuid = "gap"\nname = "Midnight gap"\ntimezone = "{tz}"\n'
            f'home_timezone = "{tz}"\nstart = {day - timedelta(days=2)}\nend = {day + timedelta(days=2)}\n')
    path = _trip_file(tmp_path, "gap.toml", text)

    async def body() -> None:
        async with opened(path, size=(120, 50)) as (app, pilot):
            main = _main(app)
            main.query_one(Timetable).goto(day, 12 * 60)
            await pilot.press("a")
            editor = app.screen
            assert isinstance(editor, EventEditor)
            await _type(pilot, editor.query_one("#title", Input), "National holiday")
            editor.query_one("#all_day", Checkbox).value = True
            await _type(pilot, editor.query_one("#start", Input), day.isoformat())
            await _type(pilot, editor.query_one("#end", Input), "1 day")
            await pilot.pause()
            assert not editor.query_one("#start", Input).has_class("-invalid")
            assert "the clocks skip midnight: the day begins at 01:00" in _hint(editor, "start")
            assert not editor.query_one("#apply", Button).disabled
            await pilot.press("ctrl+s")
            assert app.screen is main and main.session is not None
            added = next(e for e in main.session.trip.events if e.title == "National holiday")
            assert added.all_day and (added.first_day, added.end_day) == (day, day + timedelta(days=1))
            assert added.start_utc == day_start(day, zone(tz))
            assert [o.event.id for o in main.daymap.plan(day).all_day] == [added.id]
            main.session.save()
            assert main.session.trip.event(added.id) == added
    run(body)


@pytest.mark.parametrize("trip_file", ["lisbon", "berlin", "autumn"])
def test_every_event_comes_back_unchanged_from_the_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          lisbon: Path, trip_file: str) -> None:
    """Open each event in the editor and apply it as it is: the same instants, zones and skipped occurrences."""
    paths = {"lisbon": lisbon, "berlin": _trip_file(tmp_path, "berlin.toml", BERLIN_SPRING),
             "autumn": _trip_file(tmp_path, "autumn.toml", LISBON_AUTUMN)}
    if trip_file == "berlin":  # a skipped occurrence in the gap, too
        paths["berlin"].write_text(BERLIN_SPRING.replace('repeat = "FREQ=DAILY"',
                                                         'repeat = "FREQ=DAILY"\nexdates = [2027-03-28T03:30:00]'),
                                   encoding="utf-8")

    async def body() -> None:
        async with opened(paths[trip_file], size=(120, 50)) as (app, pilot):
            main = _main(app)
            assert main.session is not None
            trip = main.session.trip
            for event in trip.events:
                results: list[Event | None] = []
                await app.push_screen(EventEditor(trip, event, new=False), results.append)
                await pilot.pause()
                editor = app.screen
                assert isinstance(editor, EventEditor)
                reasons = dict(editor.parse().errors)
                assert reasons == {}, (event.id, reasons)
                await pilot.press("ctrl+s")
                await pilot.pause()
                assert results == [event], event.id
    run(body)


def test_until_before_the_start_is_an_error_in_the_editor(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            main = _main(app)
            main.query_one(Timetable).goto(date(2027, 3, 9), 10 * 60, "kickoff")
            await settle(app, pilot)
            await pilot.press("e")
            editor = app.screen
            assert isinstance(editor, EventEditor)
            end = editor.query_one("#end", Input)
            await _type(pilot, end, "until 09:00")  # before the 10:00 start: not a 23-hour meeting
            await pilot.pause()
            assert end.has_class("-invalid") and editor.query_one("#apply", Button).disabled
            assert "ends before it starts" in screen_text(app)
            await _type(pilot, end, "until wed 09:00")  # naming the next day is how to mean it
            await pilot.pause()
            assert not end.has_class("-invalid")
    run(body)


def test_skipping_the_occurrence_of_a_daily_0230_on_the_spring_change(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-03-26T12:00:00+00:00")
    path = _trip_file(tmp_path, "berlin.toml", BERLIN_SPRING)

    async def body() -> None:
        async with opened(path, size=(120, 50)) as (app, pilot):
            main = await _select(app, pilot, SPRING_DAY, 3 * 60 + 30, "backup")
            await pilot.press("e")
            editor = app.screen
            assert isinstance(editor, EventEditor)
            await _type(pilot, editor.query_one("#exdates", Input), "sun")  # that day's occurrence: 03:30 CEST
            await pilot.pause()
            assert not editor.query_one("#exdates", Input).has_class("-invalid")
            await pilot.press("ctrl+s")
            assert app.screen is main and main.session is not None
            backup = main.session.trip.event("backup")
            assert backup is not None and backup.exdates == (datetime(2027, 3, 28, 1, 30, tzinfo=UTC),)
            assert not [b for b in main.daymap.plan(SPRING_DAY).blocks if b.event_id == "backup"]
            await _select(app, pilot, date(2027, 3, 27), 2 * 60 + 30, "backup")
            await pilot.press("e")
            editor = app.screen
            assert isinstance(editor, EventEditor)
            assert editor.query_one("#exdates", Input).value == "2027-03-28 03:30"  # a time that exists
            await pilot.press("escape")
    run(body)
