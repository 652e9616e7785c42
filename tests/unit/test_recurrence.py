"""Recurrence in local wall time, bounded expansion, and the per-day index."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tripplan.road.dayindex import build_index
from tripplan.time.zones import day_start
from tripplan.trip.model import Event, Kind, Trip
from tripplan.trip.recurrence import expand, occurrences

BERLIN = ZoneInfo("Europe/Berlin")


def _trip(events: list[Event], start: date = date(2027, 3, 25), end: date = date(2027, 3, 31)) -> Trip:
    return Trip(name="Offsite", timezone=BERLIN, home_timezone=ZoneInfo("America/New_York"),
                start=start, end=end, events=events)


def _window(trip: Trip) -> tuple[datetime, datetime]:
    return day_start(trip.start, trip.timezone), day_start(trip.end + timedelta(days=1), trip.timezone)


def _standup(rule: str = "FREQ=DAILY") -> Event:
    return Event.timed(id="s", title="Stand-up", kind=Kind.MEETING, start=datetime(2027, 3, 25, 9, 30, tzinfo=BERLIN),
                       end=datetime(2027, 3, 25, 9, 45, tzinfo=BERLIN), repeat=rule)


def test_daily_standup_keeps_local_time_across_dst_change() -> None:
    trip = _trip([_standup()])
    found = expand(trip.events, *_window(trip))
    assert [o.local_start.date() for o in found] == [date(2027, 3, d) for d in range(25, 32)]
    assert {o.local_start.time() for o in found} == {time(9, 30)}
    utc_hours = [o.start_utc.hour for o in found]
    # 08:30 UTC before Sunday 28 March (CET), 07:30 UTC from then on (CEST).
    assert utc_hours == [8, 8, 8, 7, 7, 7, 7]
    assert all(o.end_utc - o.start_utc == timedelta(minutes=15) for o in found)


def test_open_ended_rule_is_bounded_by_window() -> None:
    trip = _trip([_standup("FREQ=HOURLY")])
    found = list(occurrences(trip.events[0], *_window(trip)))
    _lo, hi = _window(trip)
    # Every hour from the first 09:30 (15 on the first day) to the window's end, and one hour less on the
    # spring-forward day: wall 02:30 does not exist, it is the instant of 03:30, which is not listed twice.
    assert len(found) == 7 * 24 - 9 - 1
    assert len({o.start_utc for o in found}) == len(found)
    assert max(o.start_utc for o in found) < hi


def test_count_and_exdates() -> None:
    event = replace(_standup("FREQ=DAILY;COUNT=4"), exdates=(datetime(2027, 3, 26, 9, 30, tzinfo=BERLIN),))
    trip = _trip([event])
    days = [o.local_start.day for o in expand(trip.events, *_window(trip))]
    assert days == [25, 27, 28]


def test_weekly_byday() -> None:
    trip = _trip([_standup("FREQ=WEEKLY;BYDAY=MO,WE")], end=date(2027, 4, 7))
    days = [o.local_start.date() for o in expand(trip.events, *_window(trip))]
    assert days == [date(2027, 3, 29), date(2027, 3, 31), date(2027, 4, 5), date(2027, 4, 7)]


def test_index_splits_event_crossing_midnight_and_flight() -> None:
    lisbon, ny = ZoneInfo("Europe/Lisbon"), ZoneInfo("America/New_York")
    party = Event.timed(id="p", title="Fado", kind=Kind.LOCAL_CUSTOM, start=datetime(2027, 3, 9, 22, 0, tzinfo=lisbon),
                  end=datetime(2027, 3, 10, 1, 0, tzinfo=lisbon))
    flight = Event.timed(id="f", title="Flight", kind=Kind.FLIGHT, start=datetime(2027, 3, 7, 18, 45, tzinfo=ny),
                   end=datetime(2027, 3, 8, 6, 30, tzinfo=lisbon))
    midnight = Event.timed(id="m", title="Late work", kind=Kind.MEETING,
                           start=datetime(2027, 3, 10, 22, 0, tzinfo=lisbon),
                     end=datetime(2027, 3, 11, 0, 0, tzinfo=lisbon))
    trip = Trip(name="Lisbon", timezone=lisbon, home_timezone=ny, start=date(2027, 3, 8), end=date(2027, 3, 12),
                events=[party, flight, midnight])
    days = {d: [row[9] for row in rows] for d, rows in build_index(trip)["days"].items()}
    assert days["2027-03-09"] == ["p"] and days["2027-03-10"] == ["p", "m"]
    # The flight leaves at 23:45 Lisbon time on the 7th and lands on the 8th.
    assert days["2027-03-07"] == ["f"] and days["2027-03-08"] == ["f"]
    # Ending exactly at midnight does not put an event on the next day.
    assert "2027-03-11" not in days


def test_all_day_event_spans_its_dates() -> None:
    event = Event.days(id="a", title="Museum day", kind=Kind.MUSEUM, first=date(2027, 3, 26), end=date(2027, 3, 28),
                       tz=BERLIN)
    days = build_index(_trip([event]))["days"]
    assert sorted(days) == ["2027-03-26", "2027-03-27"]


def test_a_rule_more_frequent_than_the_gap_gives_each_instant_once_in_order() -> None:
    # Found by the ical port: walls in the gap (02:10, 02:30, 02:50) are the instants of 03:10, 03:30, 03:50.
    event = Event.timed(id="m", title="Tick", kind=Kind.MEETING, start=datetime(2027, 3, 28, 1, 50, tzinfo=BERLIN),
                        end=datetime(2027, 3, 28, 1, 55, tzinfo=BERLIN), repeat="FREQ=MINUTELY;INTERVAL=20")
    found = list(occurrences(event, event.start_utc, event.start_utc + timedelta(hours=2)))
    starts = [o.start_utc for o in found]
    assert starts == sorted(set(starts))
    assert [o.local_start.strftime("%H:%M") for o in found] == ["01:50", "03:10", "03:30", "03:50", "04:10",
                                                               "04:30"]
