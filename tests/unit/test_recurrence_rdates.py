"""Extra dates (RDATE) and moments of no length in the expansion of events (issue 14).

Instants are compared in UTC; wall times only through their offsets.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tripplan.time.zones import day_start, instant, zone
from tripplan.trip.model import Event, Kind
from tripplan.trip.recurrence import expand, occurrences

LISBON = zone("Europe/Lisbon")
WINDOW = (datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 4, 30, tzinfo=UTC))


def timed(start: datetime, minutes: int, **fields: object) -> Event:
    return Event(id="e", title="Stand-up", kind=Kind.MEETING, start_utc=start,
                 end_utc=start + timedelta(minutes=minutes), tz=LISBON, end_tz=LISBON, **fields)  # type: ignore[arg-type]


def starts(event: Event) -> list[datetime]:
    return [o.start_utc for o in occurrences(event, *WINDOW)]


def test_rdates_without_a_rule_add_occurrences_after_the_first() -> None:
    first = instant(datetime(2027, 3, 9, 9, 30), LISBON)
    extra = [instant(datetime(2027, 3, 12, 14, 0), LISBON), instant(datetime(2027, 3, 10, 8, 0), LISBON)]
    event = timed(first, 30, rdates=extra)
    assert event.recurring
    assert starts(event) == sorted([first, *extra])
    assert all(o.duration == timedelta(minutes=30) for o in occurrences(event, *WINDOW))


def test_rdates_merge_with_the_rule_once_each_and_exdates_remove_both() -> None:
    first = instant(datetime(2027, 3, 22, 9, 30), LISBON)  # Monday
    same_as_rule = instant(datetime(2027, 3, 23, 9, 30), LISBON)
    saturday = instant(datetime(2027, 3, 27, 11, 0), LISBON)
    removed = instant(datetime(2027, 3, 25, 9, 30), LISBON)
    event = timed(first, 15, repeat="FREQ=DAILY;COUNT=5", rdates=[same_as_rule, saturday, removed],
                  exdates=[removed])
    expected = [instant(datetime(2027, 3, d, 9, 30), LISBON) for d in (22, 23, 24, 26)] + [saturday]
    assert starts(event) == expected


def test_an_rdate_across_the_spring_change_keeps_its_wall_length() -> None:
    # 00:30–03:30 on the night the clocks go forward (01:00 → 02:00) lasts two hours of elapsed time.
    first = instant(datetime(2027, 3, 20, 0, 30), LISBON)
    on_change = instant(datetime(2027, 3, 28, 0, 30), LISBON)
    event = timed(first, 180, rdates=[on_change])
    found = list(occurrences(event, *WINDOW))
    assert [o.start_utc for o in found] == [first, on_change]
    assert found[1].end_utc - found[1].start_utc == timedelta(hours=2)
    assert found[1].local_end.utcoffset() == timedelta(hours=1)


def test_all_day_rdates_are_whole_days_of_the_event_length() -> None:
    event = Event.days(id="h", title="Holiday", kind=Kind.REST, first=date(2027, 3, 1), end=date(2027, 3, 3),
                       tz=LISBON, rdates=[day_start(date(2027, 4, 10), LISBON)])
    found = list(occurrences(event, *WINDOW))
    assert [(o.start_utc, o.end_utc) for o in found] == [
        (day_start(date(2027, 3, 1), LISBON), day_start(date(2027, 3, 3), LISBON)),
        (day_start(date(2027, 4, 10), LISBON), day_start(date(2027, 4, 12), LISBON))]


def test_rdates_outside_the_window_are_not_produced() -> None:
    first = instant(datetime(2027, 3, 9, 9, 30), LISBON)
    late = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)
    event = timed(first, 30, rdates=[late])
    assert starts(event) == [first]
    assert [o.start_utc for o in occurrences(event, late - timedelta(minutes=1), late + timedelta(minutes=1))] == [late]


def test_a_moment_of_no_length_is_in_the_window_it_starts_in() -> None:
    at = instant(datetime(2027, 3, 9, 12, 0), LISBON)
    deadline = timed(at, 0)
    assert [o.start_utc for o in occurrences(deadline, at, at + timedelta(hours=1))] == [at]
    assert list(occurrences(deadline, at - timedelta(hours=1), at)) == []
    series = timed(at, 0, repeat="FREQ=DAILY;COUNT=3")
    assert [o.end_utc - o.start_utc for o in expand([series], *WINDOW)] == [timedelta(0)] * 3
