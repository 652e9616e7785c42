"""Dates and lengths a trip can mean (issue 18, point 15): one rule (tripplan.time.limits), at every entry path.

Before, a trip ending 9999-12-31 passed validation and then ``today``, ``export``
and ``check`` crashed (OverflowError adding a day); ``add --at "9999-12-31
23:30"`` crashed after parsing; ``--until "9999-12-31 23:59"`` wrote the event
and crashed while confirming it; a 7,000-year trip made ``check`` run for
minutes.  Now each is refused with a located message, exit 2, the file as it was.

The command-line tests run the real CLI (``sys.executable -m tripplan``) and
import nothing of tripplan, so they can be run against an older tree
(``PYTHONPATH=old/src``) to see what it did.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import DATA

BAD = DATA / "bad"
TRIP = """schema_version = 1

[trip]
name = "Lisbon"
timezone = "Europe/Lisbon"
home_timezone = "America/New_York"
start = 2027-03-08
end = 2027-03-12

[[events]]
id = "kickoff"
title = "Kick-off"
kind = "meeting"
start = 2027-03-09T10:00:00
end = 2027-03-09T11:00:00
"""
RANGE = "is out of range"


def tripplan(*args: str | Path, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """The real CLI; *timeout* only stops a run that hangs (the old code's 7,000-year trip)."""
    return subprocess.run([sys.executable, "-m", "tripplan", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


def refused(run: subprocess.CompletedProcess[str], *wanted: str) -> None:
    """Exit 2, one ``tripplan: …`` or located ``FILE:LINE: …`` message per problem, no traceback."""
    assert run.returncode == 2, (run.returncode, run.stdout, run.stderr)
    assert "Traceback" not in run.stderr and "Error:" not in run.stderr
    for text in wanted:
        assert text in run.stderr, f"{text!r} not in {run.stderr!r}"


@pytest.fixture
def trip(tmp_path: Path) -> Path:
    path = tmp_path / "trip.toml"
    path.write_text(TRIP, encoding="utf-8")
    return path


# --- trip files that mean no trip ----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "message"), [
    ("date_trip_end_9999", ":8: trip.end: 9999-12-31 is out of range"),
    ("date_trip_7000_years", ":8: trip.end: 9027-03-12 is out of range"),
    ("date_trip_typo_years", ":8: trip.end: the trip lasts 36,529 days"),
    ("date_event_fifty_years", ":15: events[0].end: the event lasts 18,263 days"),
    ("date_event_end_of_time", ":15: events[0].end: 9999-12-31 23:59 WET is out of range"),
])
@pytest.mark.parametrize("command", ["export", "check", "balance", "list"])
def test_commands_refuse_a_file_out_of_range(name: str, message: str, command: str, tmp_path: Path) -> None:
    # Before: export/check crashed (OverflowError) on the 9999 trip, check ran > 30 s and 1.6 GB on the 7,000-year one.
    path = tmp_path / f"{name}.toml"
    path.write_bytes((BAD / f"{name}.toml").read_bytes())
    before = path.read_bytes()
    refused(tripplan(command, path), f"{path}{message}")
    assert path.read_bytes() == before


# --- the command line ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "end", "message"), [
    ("2027-03-08", "9999-12-31", "--end: 9999-12-31 is out of range: a trip's dates are 1900-01-01 to 2199-12-31"),
    ("9999-12-25", "9999-12-31", "--start: 9999-12-25 is out of range"),  # a week: the length check let it by
    ("0001-01-01", "0001-01-05", "--start: 0001-01-01 is out of range"),
    ("2027-03-08", "2028-03-08", "--end: the trip lasts 367 days"),
])
def test_new_refuses_dates_out_of_range(start: str, end: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    refused(tripplan("new", path, "--name", "Far", "--tz", "Europe/Lisbon", "--home-tz", "America/New_York",
                     "--start", start, "--end", end), f"tripplan: {message}")
    assert not path.exists()


def test_new_takes_the_last_days_in_range(tmp_path: Path) -> None:
    path = tmp_path / "edge.toml"
    run = tripplan("new", path, "--name", "Edge", "--tz", "Europe/Lisbon", "--home-tz", "America/New_York",
                   "--start", "2199-01-01", "--end", "2199-12-31")
    assert run.returncode == 0, run.stderr
    assert tripplan("check", path).returncode in (0, 1)


@pytest.mark.parametrize(("args", "message"), [
    (["--at", "9999-12-31 23:30"], "--at '9999-12-31 23:30': 9999-12-31 23:30 WET is out of range"),
    (["--at", "0001-01-01 10:00"], "--at '0001-01-01 10:00': 0001-01-01 10:00 LMT is out of range"),
    (["--at", "2027-03-09 10:00", "--until", "9999-12-31 23:59"], "--until '9999-12-31 23:59': 9999-12-31 23:59 WET"),
    (["--at", "2027-03-09 10:00", "--until", "2077-03-09 10:00"],
     "--until '2077-03-09 10:00': the event lasts 18,263 days (2027-03-09 10:00 WET to 2077-03-09 10:00 WET); "
     "an event lasts at most 366 days"),
    (["--at", "2199-12-31 23:30"], "events[1].end: 2200-01-01 00:30 WET is out of range"),
])
def test_add_refuses_times_out_of_range(args: list[str], message: str, trip: Path) -> None:
    # Before: --at 9999-12-31 23:30 was an OverflowError; --until 9999-12-31 23:59 wrote the event, then crashed.
    before = trip.read_bytes()
    refused(tripplan("add", trip, "Stand-up", "--kind", "meeting", *args), message)
    assert trip.read_bytes() == before
    assert not trip.with_name("trip.toml.bak").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["edit", "Kick-off", "--at", "9999-12-31 10:00"], "--at '9999-12-31 10:00': 9999-12-31 10:00 WET is out of"),
    (["edit", "Kick-off", "--until", "9999-12-31 23:59"], "--until '9999-12-31 23:59': 9999-12-31 23:59 WET"),
    (["edit", "Kick-off", "--until", "2077-03-09 10:00"], "the event lasts 18,263 days"),
    (["move", "Kick-off", "--to", "9999-12-31 23:30"], "9999-12-31 23:30 WET is out of range"),
])
def test_edit_and_move_refuse_times_out_of_range(args: list[str], message: str, trip: Path) -> None:
    before = trip.read_bytes()
    refused(tripplan(args[0], trip, *args[1:]), message)
    assert trip.read_bytes() == before


@pytest.mark.parametrize(("args", "message"), [
    (["agenda", "--from", "9999-12-30", "--days", "5"], "--from 9999-12-30 is out of range"),  # before: OverflowError
    (["today", "--date", "0001-01-01"], "--date 0001-01-01 is out of range"),
    (["list", "--from", "9999-12-30"], "9999-12-30 12:00 WET is out of range"),
])
def test_the_days_asked_for_on_the_road_are_in_range(args: list[str], message: str, trip: Path) -> None:
    refused(tripplan(args[0], trip, *args[1:]), message)


def test_confirmations_name_the_end_day_and_year(trip: Path) -> None:
    run = tripplan("add", trip, "Fado night", "--kind", "cultural-outing", "--at", "tue 21:30", "--until", "wed 00:30")
    assert run.returncode == 0, run.stderr
    assert "Tue 09 Mar 21:30–Wed 10 Mar 00:30 (3 h)" in run.stdout
    run = tripplan("add", trip, "New Year", "--kind", "social-outing", "--at", "2027-12-31 22:00",
                   "--until", "2028-01-01 01:00")
    assert run.returncode == 1, run.stderr  # outside the trip: a warning
    assert "Fri 31 Dec 22:00–Sat 01 Jan 2028 01:00 (3 h)" in run.stdout  # before: "Sat 01 Jan 01:00", no year
    run = tripplan("edit", trip, "Kick-off", "--until", "2028-01-01 01:00")
    assert run.returncode == 0, run.stderr
    assert "end: Tue 09 Mar 11:00 → Sat 01 Jan 2028 01:00" in run.stdout


ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//bounds//EN\r
{events}END:VCALENDAR\r
"""
VEVENT = "BEGIN:VEVENT\r\nUID:{uid}@test\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\n" \
         "SUMMARY:{uid}\r\nEND:VEVENT\r\n"


def test_import_skips_events_out_of_range_and_says_why(trip: Path, tmp_path: Path) -> None:
    events = [("far", "99991231T233000Z", "99991231T235900Z"), ("ancient", "00010101T000000Z", "00010101T010000Z"),
              ("decades", "20270309T100000Z", "20770309T100000Z"), ("fine", "20270309T140000Z", "20270309T150000Z")]
    cal = tmp_path / "cal.ics"
    cal.write_text(ICS.format(events="".join(VEVENT.format(uid=u, start=s, end=e) for u, s, e in events)),
                   encoding="utf-8")
    run = tripplan("import", trip, cal, "--all-dates")
    assert run.returncode == 1, run.stderr  # something skipped
    assert "Traceback" not in run.stderr
    out = run.stdout
    assert "1 added" in out and "3 skipped" in out
    assert "'far' (line 4): it starts on 9999-12-31, outside the years 1900–2199" in out
    assert "'ancient' (line 11): it starts on 1-01-01, outside the years 1900–2199" in out
    # Before: a 50-year event was imported, and every later command listed it.
    assert "decades (Tue 09 Mar 2027 10:00): the trip file would reject it: the event lasts 18,263 days" in out
    text = trip.read_text(encoding="utf-8")
    assert "fine" in text and "decades" not in text and "9999" not in text


def test_import_refuses_when_every_event_is_out_of_range(trip: Path, tmp_path: Path) -> None:
    cal = tmp_path / "far.ics"
    cal.write_text(ICS.format(events=VEVENT.format(uid="far", start="99991231T233000Z", end="99991231T235900Z")),
                   encoding="utf-8")
    before = trip.read_bytes()
    run = tripplan("import", trip, cal, "--all-dates")
    assert run.returncode in (1, 2) and "Traceback" not in run.stderr
    assert "outside the years 1900–2199" in run.stdout + run.stderr
    assert trip.read_bytes() == before


# --- the rule itself ---------------------------------------------------------------------------------------------

ZONES = [ZoneInfo(name) for name in ("UTC", "Europe/Lisbon", "America/New_York", "Pacific/Kiritimati",
                                     "Etc/GMT+12", "Asia/Kolkata", "America/Los_Angeles")]
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
NEAR = st.integers(min_value=-3 * 24 * 60, max_value=3 * 24 * 60)  # minutes from a bound


@given(bound=st.sampled_from([EARLIEST, LATEST]), minutes=NEAR, zone=st.sampled_from(ZONES))
def test_an_instant_is_in_range_exactly_when_it_is_in_utc(bound: datetime, minutes: int, zone: ZoneInfo) -> None:
    from tripplan.time.limits import instant_problem

    moment = (bound + timedelta(minutes=minutes)).astimezone(zone)
    inside = EARLIEST <= moment.astimezone(UTC) < LATEST
    assert (instant_problem(moment) is None) == inside
    naive = moment.replace(tzinfo=None)
    if not inside:  # the message shows the time as given, in its own zone
        assert f"{naive.date().isoformat()} {naive:%H:%M}" in str(instant_problem(moment))


@given(year=st.sampled_from([1, 2, 1899, 9998, 9999]), zone=st.sampled_from(ZONES),
       day=st.integers(min_value=0, max_value=364), minute=st.integers(min_value=0, max_value=24 * 60 - 1))
def test_an_instant_at_the_ends_of_time_is_refused_not_an_overflow(year: int, zone: ZoneInfo, day: int,
                                                                   minute: int) -> None:
    from tripplan.time.limits import instant_problem

    moment = (datetime(year, 1, 1) + timedelta(days=day, minutes=minute)).replace(tzinfo=zone)
    assert RANGE in str(instant_problem(moment))


@given(bound=st.sampled_from([date(1900, 1, 1), date(2199, 12, 31)]), days=st.integers(min_value=-3, max_value=3))
def test_a_day_is_in_range_from_1900_to_2199(bound: date, days: int) -> None:
    from tripplan.time.limits import day_problem

    day = bound + timedelta(days=days)
    assert (day_problem(day) is None) == (date(1900, 1, 1) <= day <= date(2199, 12, 31))


@given(first=st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)),
       days=st.integers(min_value=360, max_value=370))
def test_a_trip_lasts_at_most_366_days(first: date, days: int) -> None:
    from tripplan.time.limits import trip_problems

    last = first + timedelta(days=days - 1)
    found = trip_problems(first, last)
    if last > date(2199, 12, 31):
        assert found == [("end", f"{last.isoformat()} is out of range: a trip's dates are 1900-01-01 to 2199-12-31")]
    else:
        assert bool(found) == (days > 366)


@given(minutes=st.integers(min_value=-120, max_value=120), zone=st.sampled_from(ZONES))
def test_an_event_lasts_at_most_366_days_elapsed(minutes: int, zone: ZoneInfo) -> None:
    from tripplan.time.limits import length_problem

    start = datetime(2027, 3, 9, 10, tzinfo=UTC).astimezone(zone)
    end = (start.astimezone(UTC) + timedelta(days=366, minutes=minutes)).astimezone(ZoneInfo("Asia/Tokyo"))
    assert (length_problem(start, end) is None) == (minutes <= 0)


@given(bound=st.sampled_from([EARLIEST, LATEST]), minutes=NEAR, zone=st.sampled_from(ZONES))
def test_the_decoder_applies_the_rule_to_every_time(bound: datetime, minutes: int, zone: ZoneInfo) -> None:
    """A file's start, end and extra date at the bounds: refused exactly when outside, compared in UTC."""
    import tomllib

    from tripplan.files.decode import decode

    moment = (bound + timedelta(minutes=minutes)).astimezone(zone)
    wall = moment.replace(tzinfo=None)  # as a file holds it: a local time in the event's zone
    doc = tomllib.loads(TRIP)
    first = date(1900, 1, 1) if bound is EARLIEST else date(2199, 1, 1)
    doc["trip"].update(start=first, end=first + timedelta(days=364))
    doc["events"][0].update(tz=zone.key, start=wall, end=wall, rdates=[wall])  # a moment, and once more
    _, problems = decode(doc)
    outside = {p.path for p in problems if RANGE in p.message}
    # None of these zones changes its clocks near the bounds: the wall time names one instant.
    if EARLIEST <= moment.astimezone(UTC) < LATEST:
        assert problems == []
    else:
        assert outside == {"events[0].start", "events[0].end", "events[0].rdates[0]"}, problems


def test_typed_times_at_the_ends_of_time_are_messages() -> None:
    from tripplan.time.entry import TimeContext, TimeEntryError, parse_end, parse_when

    ctx = TimeContext(date(2027, 3, 8), date(2027, 3, 12), ZoneInfo("America/New_York"))
    for text in ("9999-12-31 23:30", "0001-01-01 00:00", "31 dec 9999 23:30", "2200-01-01 00:00"):
        with pytest.raises(TimeEntryError, match=RANGE):
            parse_when(text, ctx)
    start = parse_when("2027-03-09 10:00", ctx)
    with pytest.raises(TimeEntryError, match="the event lasts 367 days"):
        parse_end("2028-03-10 10:00", start, ctx)
    last = parse_when("2199-12-31 18:00", ctx)  # 23:00 UTC: the last hour in range
    with pytest.raises(TimeEntryError, match=RANGE):
        parse_end("2h", last, ctx)


def test_the_editor_check_refuses_an_event_out_of_range() -> None:
    """The TUI editor saves only what ``check_event`` (the trip-file rules, on the model) accepts."""
    from dataclasses import replace

    from tripplan.edit.session import check_event
    from tripplan.files.storage import read_trip

    trip, _ = read_trip(DATA / "good" / "small.toml")
    event = next(e for e in trip.events if not e.repeat)
    long = replace(event, end_utc=event.start_utc + timedelta(days=367))
    assert [p.path for p in check_event(trip, long)] == ["end"]
    assert "an event lasts at most 366 days" in check_event(trip, long)[0].message
    late = replace(event, start_utc=datetime(2200, 1, 1, 1, tzinfo=UTC), end_utc=datetime(2200, 1, 1, 2, tzinfo=UTC))
    assert {p.path for p in check_event(trip, late)} == {"start", "end"}
