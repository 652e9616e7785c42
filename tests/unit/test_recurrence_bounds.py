"""Recurrence stays bounded in work, not just in count: rules that never match, absurd rules, huge rules.

Regression tests for what the hostile calendars (issue 7) found: dateutil
checks UNTIL only against dates that pass a rule's filters, so "every 30
February" made the import, the agenda and the export search to the year
9999; INTERVAL=0 repeated one instant 5,000 times and INTERVAL=-3 failed
halfway through an expansion; the export walked a million-second rule to
its end.  Since issue 13 nothing is capped: expansion starts from the window
(checked against dateutil's own expansion from DTSTART below) and COUNT is
honoured to its end.
"""

from __future__ import annotations

import itertools
import re
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tripplan.cli.main import main
from tripplan.ical.export import export_rrule
from tripplan.ical.vtimezone import vtimezone, window
from tripplan.trip.model import Event, Kind
from tripplan.trip.recurrence import check_rule, occurrences, parse_rule, rule_walls

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2027, 3, 29, 9, 0)  # a Monday

NEVER = [
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31",
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6",
    "FREQ=DAILY;INTERVAL=7;BYDAY=TU",
    "FREQ=HOURLY;INTERVAL=84;BYDAY=TU",
    "FREQ=YEARLY;BYWEEKNO=53;BYMONTH=6",
]
REFUSED = [
    ("FREQ=DAILY;INTERVAL=0", "INTERVAL=0: must be a whole number, 1 or more"),
    ("FREQ=DAILY;INTERVAL=-3", "INTERVAL=-3: must be a whole number, 1 or more"),
    ("FREQ=DAILY;COUNT=0", "COUNT=0: must be a whole number, 1 or more"),
    ("FREQ=DAILY;COUNT=-5", "COUNT=-5: must be a whole number, 1 or more"),
    ("FREQ=DAILY;COUNT=3;UNTIL=20271101", "COUNT and UNTIL cannot both be given"),
    ("FREQ=DAILY;UNTIL=2027-11-01", "UNTIL=2027-11-01: expected a date"),
    ("FREQ=FORTNIGHTLY", "FREQ must be one of"),
    ("INTERVAL=2", "FREQ is missing"),
    ("FREQ=DAILY;BYHOUR=24", "BYHOUR=24: 24 is outside 0…23"),
    ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY=0: 0 is outside ±1…31"),
    ("FREQ=WEEKLY;BYDAY=XX", "BYDAY=XX: 'XX' is not a day"),
    ("FREQ=DAILY;FREQ=WEEKLY", "FREQ is given twice"),
    ("FREQ=DAILY;COLOR=red", "unknown part 'COLOR'"),
    ("FREQ=YEARLY;BYEASTER=0", "BYEASTER is not part of iCalendar"),
    ("FREQ=DAILY;BYSETPOS=2", "BYSETPOS [2] never matches: each set holds 1 time(s)"),
    ("FREQ=SECONDLY;BYSETPOS=2", "BYSETPOS [2] never matches"),
    ("FREQ=HOURLY;BYSETPOS=3;BYMINUTE=1,2;BYSECOND=1", "each set holds 2 time(s)"),
]


@pytest.mark.parametrize("rule", NEVER)
def test_a_rule_that_never_matches_is_found_out_quickly(rule: str) -> None:
    started = time.perf_counter()
    with pytest.raises(ValueError, match="it never produces a date"):
        check_rule(rule, START)
    # The expansion itself ends too, though dateutil would search to the year 9999.
    assert list(rule_walls(parse_rule(rule), START, START, datetime(2027, 4, 5))) == []
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(("rule", "message"), REFUSED)
def test_rules_dateutil_accepts_but_cannot_expand_are_refused(rule: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_rule(rule)


@pytest.mark.parametrize("rule", ["FREQ=DAILY;BYHOUR=9,17;BYSETPOS=-1", "FREQ=MINUTELY;BYSECOND=5,10;BYSETPOS=1,-1",
                                  "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", "FREQ=WEEKLY;BYWEEKNO=53;BYDAY=SU"])
def test_rare_but_real_rules_are_kept(rule: str) -> None:
    check_rule(rule, START)


def test_a_million_occurrences_are_kept_to_the_last_and_cost_only_the_window() -> None:
    rule = parse_rule("FREQ=SECONDLY;COUNT=1000000")
    last = START + timedelta(seconds=999_999)
    started = time.perf_counter()
    walls = list(rule_walls(rule, START, last - timedelta(seconds=5), last + timedelta(days=1)))
    assert time.perf_counter() - started < 1  # before issue 13, occurrence 5,001 on were cut off
    expected = [last - timedelta(seconds=i) for i in range(5, -1, -1)]
    assert [w for w in walls if w >= last - timedelta(seconds=5)] == expected
    assert list(rule_walls(parse_rule("FREQ=SECONDLY"), START, START, START + timedelta(seconds=9))) == [
        START + timedelta(seconds=i) for i in range(10)]


def test_export_of_a_million_second_rule_is_quick_and_agrees_with_the_agenda() -> None:
    event = Event.timed(id="s", title="Tick", kind=Kind.MEETING, start=START.replace(tzinfo=BERLIN),
                        end=(START + timedelta(seconds=1)).replace(tzinfo=BERLIN), repeat="FREQ=SECONDLY;COUNT=1000000")
    started = time.perf_counter()
    assert export_rrule(event) == "FREQ=SECONDLY;COUNT=1000000"  # since issue 13 a rule is exported whole
    rule = export_rrule(event, datetime(2027, 4, 2, tzinfo=BERLIN))  # cut where asked
    assert time.perf_counter() - started < 1
    last = list(occurrences(event, event.start_utc, datetime(2027, 4, 2, tzinfo=BERLIN)))[-1]
    assert rule == f"FREQ=SECONDLY;UNTIL={last.start_utc:%Y%m%dT%H%M%SZ}"


def test_a_trip_file_with_an_unusable_rule_is_a_located_error(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    for rule in ("FREQ=DAILY;INTERVAL=-3", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"):
        path = tmp_path / "trip.toml"
        path.write_text(f"""schema_version = 1
[trip]
name = "Rules"
timezone = "Europe/Berlin"
home_timezone = "Europe/Berlin"
start = 2027-03-29
end = 2027-03-31

[[events]]
id = "odd"
title = "Odd"
kind = "meeting"
start = 2027-03-29T09:00:00
end = 2027-03-29T10:00:00
repeat = "{rule}"
""", encoding="utf-8")
        started = time.perf_counter()
        assert main(["agenda", str(path)]) == 2
        err = capsys.readouterr().err
        assert "trip.toml:15: events[0].repeat: not a valid RRULE" in err and "Traceback" not in err
        assert time.perf_counter() - started < 2


def test_vtimezone_window_is_clamped_to_the_dates_python_holds() -> None:
    first, last = window([date.min, date.max])
    assert first >= date.min and last <= date.max
    vtimezone("Europe/Berlin", first, first + timedelta(days=30))  # no OverflowError at the year 1


RULES = st.builds(
    lambda freq, interval, days, months, monthday, setpos, end, wkst: ";".join(filter(None, [
        f"FREQ={freq}", f"INTERVAL={interval}", wkst, f"BYDAY={','.join(days)}" if days else "",
        f"BYMONTH={','.join(map(str, months))}" if months else "",
        f"BYMONTHDAY={monthday}" if monthday else "",
        f"BYSETPOS={setpos}" if setpos and freq in ("MONTHLY", "YEARLY") and days else "", end])),
    st.sampled_from(["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY"]), st.integers(1, 4),
    st.lists(st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), max_size=3, unique=True),
    st.lists(st.integers(1, 12), max_size=2, unique=True), st.sampled_from([0, 1, 15, 29, 31, -1]),
    st.sampled_from([0, 1, 2, -1]), st.sampled_from(["", "COUNT=7", "COUNT=900", "UNTIL=20300101T000000"]),
    st.sampled_from(["", "WKST=SU", "WKST=TH"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule=RULES, start=st.datetimes(datetime(1990, 1, 1), datetime(2060, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0)), days=st.integers(0, 2000))
def test_bounded_expansion_is_dateutils_own(rule: str, start: datetime, days: int) -> None:
    """Expanding 400 years nearer the year 9999 and moving back gives exactly dateutil's dates."""
    try:
        check_rule(rule, start)
    except ValueError:
        return
    until = start + timedelta(days=days)
    limit = datetime(2030, 1, 1) if "UNTIL" in rule else datetime.max
    plain = rrulestr(rule, dtstart=start)
    expected = [w for w in itertools.takewhile(lambda w: w <= until, itertools.islice(plain, 20_000)) if w <= limit]
    # Both sides stop at 20,000 occurrences: an hourly rule over 834+ days has more (found by hypothesis).
    walls = itertools.islice(rule_walls(parse_rule(rule), start, start, until), 20_000)
    assert [w for w in walls if w <= limit] == expected


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule=RULES, start=st.datetimes(datetime(1990, 1, 1), datetime(2060, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0)), skip=st.integers(0, 40_000), days=st.integers(0, 60))
def test_expansion_from_the_window_is_expansion_from_dtstart(rule: str, start: datetime, skip: int,
                                                           days: int) -> None:
    """Starting near the window (issue 13) gives exactly the dates dateutil finds counting from DTSTART."""
    try:
        check_rule(rule, start)
    except ValueError:
        return
    lo = start + timedelta(days=skip)
    hi = lo + timedelta(days=days)
    plain = rrulestr(rule.split(";UNTIL")[0], dtstart=start)
    expected = [w for w in itertools.takewhile(lambda w: w <= hi, plain.xafter(lo, inc=True))]
    assert [w for w in rule_walls(parse_rule(rule.split(";UNTIL")[0]), start, lo, hi) if w >= lo] == expected
