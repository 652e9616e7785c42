"""Property tests of recurrence in every zone, next to every kind of offset change (issue 13).

Series are drawn with their wall time right in a gap or a repeated hour of a
random zone; the checks compare instants (UTC) and offsets, never same-zone
datetimes, so a lost fold or a wall-clock subtraction shows.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.test_roundtrip_property import transitions
from tripplan.time.zones import instant, is_ambiguous, wall, wall_time_exists
from tripplan.trip.model import Event, Kind
from tripplan.trip.recurrence import occurrences

ZONES = sorted(name for name in zoneinfo.available_timezones() if name not in ("localtime", "Factory"))
CHANGING = st.sampled_from(ZONES).map(ZoneInfo).filter(lambda tz: bool(transitions(tz)))
RULES = st.sampled_from(["FREQ=DAILY", "FREQ=DAILY;INTERVAL=2", "FREQ=WEEKLY", "FREQ=DAILY;COUNT=20",
                         "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU", "FREQ=HOURLY;INTERVAL=7"])


@st.composite
def series_near_a_change(draw: st.DrawFn) -> tuple[Event, datetime]:
    """A series whose wall time sits at (or next to) one of its zone's offset changes, started days before it."""
    tz = draw(CHANGING)
    change = draw(st.sampled_from(transitions(tz)))
    # The wall time of the change, read with the offset before it: inside a gap, or at the repeated hour.
    before = change - timedelta(minutes=1)
    target = wall(before, tz) + timedelta(minutes=1 + 15 * draw(st.integers(-2, 6)))
    days_before = draw(st.integers(1, 30))
    first_wall = target - timedelta(days=days_before)
    assume_exists = wall_time_exists(first_wall, tz)
    start = instant(first_wall if assume_exists else first_wall + timedelta(hours=3), tz)
    length = timedelta(minutes=draw(st.sampled_from([15, 45, 90, 600])))
    event = Event(id="s", title="Series", kind=Kind.MEETING, start_utc=start, end_utc=start + length, tz=tz,
                  end_tz=tz, repeat=draw(RULES))
    return event, change


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(series_near_a_change())
def test_each_occurrence_is_the_instant_its_wall_time_names(case: tuple[Event, datetime]) -> None:
    event, change = case
    lo, hi = change - timedelta(days=3), change + timedelta(days=3)
    found = list(occurrences(event, lo, hi))
    starts = [o.start_utc for o in found]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    first_wall = wall(event.start_utc, event.tz)
    for occ in found:
        local = occ.local_start
        assert local.utcoffset() == occ.start_utc.astimezone(event.tz).utcoffset()
        assert occ.end_utc > occ.start_utc
        shown = local.replace(tzinfo=None, fold=0)
        assert wall_time_exists(shown, event.tz)  # what is shown happens
        if is_ambiguous(shown, event.tz) and occ.start_utc != event.start_utc:
            assert local.fold == 0  # a repeated wall time is its first pass
        # The wall time the rule produced — the shown one, or one in a gap (perhaps the day before, if the
        # gap pushed it past midnight) whose instant the shown one is.
        if "HOURLY" not in event.repeat:
            nominal = {instant(datetime.combine(shown.date() - timedelta(days=d), first_wall.time()), event.tz)
                       for d in (0, 1)}
            assert occ.start_utc in nominal


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(series_near_a_change(), st.data())
def test_an_exdate_removes_exactly_its_occurrence(case: tuple[Event, datetime], data: st.DataObject) -> None:
    event, change = case
    lo, hi = change - timedelta(days=3), change + timedelta(days=3)
    found = list(occurrences(event, lo, hi))
    if not found:
        return
    gone = data.draw(st.sampled_from(found))
    # The exdate is given in UTC, as a calendar file would: it matches by instant.
    kept = list(occurrences(replace(event, exdates=(gone.start_utc.astimezone(UTC),)), lo, hi))
    assert [o.start_utc for o in kept] == [o.start_utc for o in found if o.start_utc != gone.start_utc]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(series_near_a_change(), st.integers(-72, 72), st.integers(1, 96))
def test_any_window_sees_the_same_occurrences(case: tuple[Event, datetime], shift: int, hours: int) -> None:
    """A narrow window, wherever it starts (next to the change too), agrees with a wide one."""
    event, change = case
    wide = list(occurrences(event, change - timedelta(days=10), change + timedelta(days=10)))
    lo = change + timedelta(hours=shift)
    hi = lo + timedelta(hours=hours)
    narrow = list(occurrences(event, lo, hi))
    assert narrow == [o for o in wide if o.start_utc < hi and o.end_utc > lo]
