"""Issue 13, "Times you can trust": each reproduction of the issue, through the command line and the trip file.

These go through ``tripplan`` itself (trip files in, agenda JSON out), not the
model's API, so they ran unchanged against the code before the issue: every
test here failed there (see the commit message).  The agenda JSON carries
offsets, so the checks compare instants and offsets, never two same-zone
datetimes with ``==``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tripplan.cli.main import main

TRIP = """schema_version = 1

[trip]
name = "Time trip"
timezone = "{tz}"
home_timezone = "America/New_York"
start = {start}
end = {end}
"""


def trip_file(tmp_path: Path, tz: str, start: str, end: str, events: str = "") -> Path:
    path = tmp_path / "trip.toml"
    path.write_text(TRIP.format(tz=tz, start=start, end=end) + events, encoding="utf-8")
    return path


def agenda(path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    """Every event of the agenda JSON, once each (an overnight event is listed on both days)."""
    capsys.readouterr()
    assert main(["agenda", str(path), "--format", "json"]) in (0, 1), capsys.readouterr().err
    doc = json.loads(capsys.readouterr().out)
    seen: dict[tuple[object, object], dict[str, object]] = {}
    for day in doc["days"]:
        for item in day["events"]:
            seen.setdefault((item["id"], item["start"]), item)
    return list(seen.values())


def instant(text: object) -> datetime:
    moment = datetime.fromisoformat(str(text))
    assert moment.utcoffset() is not None
    return moment.astimezone(UTC)


def offset_hours(text: object) -> float:
    offset = datetime.fromisoformat(str(text)).utcoffset()
    assert offset is not None
    return offset.total_seconds() / 3600


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


# --- the repeated hour keeps its instant --------------------------------------------------------------


def test_adding_an_event_in_the_repeated_hour_keeps_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = trip_file(tmp_path, "Europe/Lisbon", "2027-10-29", "2027-11-02")
    code, out, err = run(["add", str(path), "Late call", "--kind", "meeting", "--at", "2027-10-31 01:30",
                          "--for", "1h"], capsys)
    assert code == 0, err  # was refused as "ends before it starts"
    assert "01:30 WEST–01:30 WET (1 h)" in out
    [item] = agenda(path, capsys)
    assert instant(item["start"]) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert instant(item["end"]) == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert (offset_hours(item["start"]), offset_hours(item["end"])) == (1, 0)


def test_the_second_pass_of_the_repeated_hour_can_be_named(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = trip_file(tmp_path, "Europe/Lisbon", "2027-10-29", "2027-11-02")
    code, _, err = run(["add", str(path), "Second", "--kind", "meeting", "--at", "2027-10-31 01:30 WET",
                        "--for", "30m"], capsys)
    assert code == 0, err
    [item] = agenda(path, capsys)
    assert instant(item["start"]) == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert "01:30:00+00:00" in path.read_text(encoding="utf-8")  # the file says which 01:30
    code, _, err = run(["add", str(path), "Bad", "--kind", "meeting", "--at", "2027-10-31 01:30 CET",
                        "--for", "30m"], capsys)
    assert code == 2 and "CET is not Europe/Lisbon's zone at 01:30" in err and "WEST (+01:00)" in err


def test_a_trip_file_holds_the_second_pass_and_saves_it_again(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = trip_file(tmp_path, "Europe/Lisbon", "2027-10-29", "2027-11-02", """
[[events]]
id = "second"
title = "In the second 01:30"
kind = "meeting"
start = 2027-10-31T01:30:00+00:00
end = 2027-10-31T02:00:00
""")
    [item] = agenda(path, capsys)
    assert instant(item["start"]) == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert instant(item["end"]) - instant(item["start"]) == timedelta(minutes=30)  # not 90
    # A change through the CLI saves the file again: the instant must survive it.
    assert run(["add", str(path), "Other", "--kind", "meeting", "--at", "2027-10-30 10:00"], capsys)[0] == 0
    second = next(i for i in agenda(path, capsys) if i["id"] == "second")
    assert instant(second["start"]) == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)


def test_an_offset_that_is_not_the_zones_is_a_located_error(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = trip_file(tmp_path, "Europe/Lisbon", "2027-10-29", "2027-11-02", """
[[events]]
id = "bad"
title = "Wrong offset"
kind = "meeting"
start = 2027-10-31T01:30:00+02:00
end = 2027-10-31T02:00:00
""")
    before = path.read_bytes()
    code, _, err = run(["agenda", str(path)], capsys)
    assert code == 2 and "trip.toml:14: events[0].start" in err
    assert "is 2027-10-31 00:30 WEST in Europe/Lisbon, whose offset then is +01:00" in err
    assert "Traceback" not in err and path.read_bytes() == before


# --- lengths are elapsed time; occurrence ends are their own wall ends ---------------------------------

OVERNIGHT = """
[[events]]
id = "night"
title = "Night shift"
kind = "meeting"
start = 2027-03-27T22:00:00
end = 2027-03-28T06:00:00
repeat = "FREQ=DAILY;COUNT=3"
"""


def test_overnight_across_spring_forward_lasts_seven_hours(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = trip_file(tmp_path, "Europe/Berlin", "2027-03-27", "2027-03-31", OVERNIGHT)
    items = agenda(path, capsys)
    first = items[0]
    assert instant(first["end"]) - instant(first["start"]) == timedelta(hours=7)
    assert first["end"] == "2027-03-28T06:00:00+02:00"  # was 07:00
    # Later occurrences end at their own wall end, 06:00.
    assert [datetime.fromisoformat(str(i["end"])).hour for i in items] == [6, 6, 6]
    assert [instant(i["end"]) - instant(i["start"]) for i in items][1:] == [timedelta(hours=8)] * 2


def test_text_agenda_shows_elapsed_minutes_in_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = trip_file(tmp_path, "Europe/Berlin", "2027-03-27", "2027-03-31", OVERNIGHT)
    assert agenda(path, capsys)[0]["minutes"] == 7 * 60


# --- times that do not exist are never shown ------------------------------------------------------------


def test_a_daily_event_in_the_gap_is_shown_at_the_real_instant(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = trip_file(tmp_path, "Europe/Berlin", "2027-03-26", "2027-03-29", """
[[events]]
id = "early"
title = "Early call"
kind = "meeting"
start = 2027-03-26T02:30:00
end = 2027-03-26T04:00:00
repeat = "FREQ=DAILY"
""")
    items = {str(i["start"])[:10]: i for i in agenda(path, capsys)}
    assert items["2027-03-28"]["start"] == "2027-03-28T03:30:00+02:00"  # 02:30 does not exist that night
    assert items["2027-03-28"]["end"] == "2027-03-28T04:00:00+02:00"
    assert items["2027-03-29"]["start"] == "2027-03-29T02:30:00+02:00"
    _code, out, _ = run(["agenda", str(path), "--from", "2027-03-28", "--days", "1"], capsys)
    assert "03:30 CEST–04:00 CEST" in out and "02:30" not in out


def test_a_utc_exdate_of_the_occurrence_in_the_gap_removes_it(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = trip_file(tmp_path, "Europe/Berlin", "2027-03-26", "2027-03-29", """
[[events]]
id = "early"
title = "Early call"
kind = "meeting"
start = 2027-03-26T02:30:00
end = 2027-03-26T03:00:00
repeat = "FREQ=DAILY"
exdates = [2027-03-28T01:30:00Z]
""")
    days = [str(i["start"])[:10] for i in agenda(path, capsys)]
    assert days == ["2027-03-26", "2027-03-27", "2027-03-29"]


def test_a_wall_time_in_the_gap_is_refused_with_the_nearest_times(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = trip_file(tmp_path, "Europe/Berlin", "2027-03-26", "2027-03-29")
    before = path.read_bytes()
    code, _, err = run(["add", str(path), "Gap", "--kind", "meeting", "--at", "2027-03-28 02:30"], capsys)
    assert code == 2 and "02:30 does not exist on 2027-03-28 in Europe/Berlin" in err
    assert "use 01:59 or 03:00" in err and path.read_bytes() == before


# --- long-running series and UNTIL forms ------------------------------------------------------------------


def test_a_stand_up_since_2010_still_happens_in_2027(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = trip_file(tmp_path, "Europe/Lisbon", "2027-03-08", "2027-03-12", """
[[events]]
id = "standup"
title = "Stand-up"
kind = "meeting"
start = 2010-01-04T09:30:00
end = 2010-01-04T09:45:00
repeat = "FREQ=DAILY"
""")
    starts = [str(i["start"]) for i in agenda(path, capsys)]
    assert starts == [f"2027-03-{d:02d}T09:30:00+00:00" for d in range(8, 13)]


def test_an_hourly_series_since_1990_is_expanded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = trip_file(tmp_path, "UTC", "2027-03-08", "2027-03-08", """
[[events]]
id = "tick"
title = "Tick"
kind = "meeting"
start = 1990-01-01T00:10:00
end = 1990-01-01T00:20:00
repeat = "FREQ=HOURLY;INTERVAL=5"
""")
    # 1990-01-01 00:10 + 5 h steps: 325,128 hours to 2027-03-08 00:10 is not a multiple of 5; 325,130 is.
    first = datetime(1990, 1, 1, 0, 10, tzinfo=UTC)
    expected = [first + timedelta(hours=h) for h in range(0, 400_000, 5)
                if datetime(2027, 3, 8, tzinfo=UTC) <= first + timedelta(hours=h) < datetime(2027, 3, 9, tzinfo=UTC)]
    assert [instant(i["start"]) for i in agenda(path, capsys)] == expected


@pytest.mark.parametrize(("rule", "last"), [
    ("FREQ=DAILY;UNTIL=20271101T090000Z", "2027-11-01"),  # UTC form: was refused with dateutil's message
    ("FREQ=DAILY;UNTIL=20271101", "2027-11-01"),  # DATE form includes that day: it was dropped
    ("FREQ=DAILY;UNTIL=20271101T085959Z", "2027-10-31"),  # 09:00 on 1 Nov is after it
    ("FREQ=DAILY;UNTIL=20271101T090000", "2027-11-01"),  # local form
])
def test_until_forms(tmp_path: Path, capsys: pytest.CaptureFixture[str], rule: str, last: str) -> None:
    path = trip_file(tmp_path, "Europe/Lisbon", "2027-10-29", "2027-11-05", f"""
[[events]]
id = "daily"
title = "Daily"
kind = "meeting"
start = 2027-10-29T09:00:00
end = 2027-10-29T09:30:00
repeat = "{rule}"
""")
    days = [str(i["start"])[:10] for i in agenda(path, capsys)]
    assert days[0] == "2027-10-29" and days[-1] == last


def test_a_utc_anchored_series_repeats_in_utc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = trip_file(tmp_path, "Europe/Lisbon", "2027-10-29", "2027-11-02", """
[[events]]
id = "utc"
title = "Global sync"
kind = "meeting"
tz = "UTC"
start = 2027-10-29T12:00:00
end = 2027-10-29T12:30:00
repeat = "FREQ=DAILY"
""")
    items = agenda(path, capsys)
    assert {instant(i["start"]).time().isoformat() for i in items} == {"12:00:00"}
    # In Lisbon the wall time moves from 13:00 WEST to 12:00 WET when the clocks go back.
    assert [str(i["start_local"])[11:16] for i in items] == ["13:00", "13:00", "12:00", "12:00", "12:00"]


# --- all-day events on a day whose midnight does not exist -------------------------------------------------


@pytest.mark.parametrize(("tz", "day"), [("America/Havana", "2027-03-14"), ("America/Santiago", "2027-09-05"),
                                         ("Asia/Beirut", "2027-03-28")])
def test_all_day_event_on_a_day_without_midnight(tmp_path: Path, capsys: pytest.CaptureFixture[str], tz: str,
                                                 day: str) -> None:
    start = datetime.fromisoformat(day).date()
    path = trip_file(tmp_path, tz, str(start - timedelta(days=1)), str(start + timedelta(days=1)), f"""
[[events]]
id = "holiday"
title = "Holiday"
kind = "free-time"
start = {start}
end = {start + timedelta(days=1)}
""")
    [item] = agenda(path, capsys)
    _code, out, _ = run(["agenda", str(path), "--format", "json"], capsys)
    days = {d["date"]: [e["id"] for e in d["events"]] for d in json.loads(out)["days"]}
    assert days == {str(start - timedelta(days=1)): [], day: ["holiday"], str(start + timedelta(days=1)): []}
    assert item["all_day"] is True


# --- entry: --until before --at, the one clock -------------------------------------------------------------


def test_until_earlier_than_at_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = trip_file(tmp_path, "Europe/Lisbon", "2027-03-08", "2027-03-12")
    before = path.read_bytes()
    code, _, err = run(["add", str(path), "Meeting", "--kind", "meeting", "--at", "tue 10:00", "--until", "09:00"],
                       capsys)
    assert code == 2 and "ends before it starts" in err  # was a silent 23-hour meeting
    assert path.read_bytes() == before
    code, out, err = run(["add", str(path), "Late dinner", "--kind", "meal", "--at", "tue 22:00", "--until",
                          "wed 01:00"], capsys)
    assert code == 0, err
    assert "(3 h)" in out


def test_add_reads_the_one_clock(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = trip_file(tmp_path, "Europe/Lisbon", "2027-03-08", "2027-03-12")
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-03-10T08:00:00+00:00")
    code, out, err = run(["add", str(path), "Coffee", "--kind", "meal", "--at", "tomorrow 09:00"], capsys)
    assert code == 0, err
    assert "Thu 11 Mar 09:00" in out  # 'tomorrow' of the frozen now, not of the machine's clock


# --- a custom zone keeps its own rules -------------------------------------------------------------------

CUSTOM = """zones = {{ "Custom Standard Time" = "{rule}" }}

[[events]]
id = "weekly"
title = "Weekly call"
kind = "meeting"
tz = "Custom Standard Time"
start = 2027-03-01T15:00:00
end = 2027-03-01T16:00:00
repeat = "FREQ=WEEKLY;COUNT=6"
"""


def test_a_custom_zone_repeats_by_its_own_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # EU rules at UTC+1, in a trip held in New York: the weeks where US and EU DST differ must show it.
    path = tmp_path / "trip.toml"
    path.write_text(TRIP.format(tz="America/New_York", start="2027-03-01", end="2027-04-10").replace(
        'home_timezone = "America/New_York"', 'home_timezone = "America/New_York"\n'
        + CUSTOM.split("\n\n")[0].format(rule="XST-1XDT,M3.5.0,M10.5.0/3")) + "\n" + CUSTOM.split("\n\n", 1)[1],
        encoding="utf-8")
    starts = [instant(i["start"]) for i in agenda(path, capsys)]
    # 15:00 at UTC+1 (14:00Z) until the EU change on 28 March, then 15:00 at UTC+2 (13:00Z).
    assert [s.hour for s in starts] == [14, 14, 14, 14, 13, 13]
    # Saving keeps the zone and its rule.
    assert run(["add", str(path), "Other", "--kind", "meeting", "--at", "2027-03-02 10:00"], capsys)[0] == 0
    text = path.read_text(encoding="utf-8")
    assert '"Custom Standard Time" = "XST-1XDT,M3.5.0,M10.5.0/3"' in text
    assert [instant(i["start"]).hour for i in agenda(path, capsys) if i["id"] == "weekly"] == [14] * 4 + [13] * 2


@pytest.mark.parametrize(("rule", "message"), [
    ("garbage", "'garbage' is not a POSIX TZ rule"),
    ("", "is not a POSIX TZ rule"),
])
def test_a_broken_custom_zone_is_a_located_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], rule: str,
                                                  message: str) -> None:
    path = tmp_path / "trip.toml"
    path.write_text(TRIP.format(tz="America/New_York", start="2027-03-01", end="2027-04-10").replace(
        'home_timezone = "America/New_York"', 'home_timezone = "America/New_York"\n'
        + CUSTOM.split("\n\n")[0].format(rule=rule)) + "\n" + CUSTOM.split("\n\n", 1)[1], encoding="utf-8")
    code, _, err = run(["agenda", str(path)], capsys)
    assert code == 2 and "trip.zones.Custom Standard Time" in err and message in err and "Traceback" not in err


def test_every_path_reads_the_one_clock() -> None:
    """Only tripplan.time.clock asks the machine for the time; everything else goes through it (TRIPPLAN_NOW)."""
    import re

    source = Path(__file__).resolve().parents[2] / "src" / "tripplan"
    readers = re.compile(r"\b(datetime\.now|datetime\.utcnow|date\.today|datetime\.today|time\.time)\(")
    found = [f"{path.relative_to(source)}:{n}" for path in sorted(source.rglob("*.py")) if path.name != "clock.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if readers.search(line)]
    assert found == []
