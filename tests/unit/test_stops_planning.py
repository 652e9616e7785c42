"""Planning on a multi-city trip: each day's stop gives its zone, hours, windows, meals, culture and checks.

A roadshow Singapore (Mon 7–Wed 9 Jun 2027) → Tokyo (Thu 10–Sat 12) → Seoul
(Sun 13–Wed 16).  Every wall time and day label of a finding is read in the
zone of the day's stop; the planning code of 7feb70e read them all in the
trip's first zone, so each test here fails on it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Any

from tests.unit.plan_helpers import at, ev, make_trip, person
from tripplan.planning.balance import compute_balance
from tripplan.planning.briefs import build_brief, render_brief
from tripplan.planning.checks import analyse, run_checks
from tripplan.planning.findings import Finding
from tripplan.planning.objectives import plan_objectives, render_objectives
from tripplan.planning.suggest import suggest
from tripplan.planning.timeline import Timeline
from tripplan.time.zones import zone
from tripplan.trip.model import DayWindow, Event, MealTimes, Objective, Stop, Targets, Trip, WorkingHours

SINGAPORE, TOKYO, SEOUL, LONDON = zone("Asia/Singapore"), zone("Asia/Tokyo"), zone("Asia/Seoul"), zone("Europe/London")
H = 3600


def sg(day: int, hour: int, minute: int = 0) -> datetime:
    return at(day, hour, minute, SINGAPORE, month=6)


def tk(day: int, hour: int, minute: int = 0) -> datetime:
    return at(day, hour, minute, TOKYO, month=6)


def se(day: int, hour: int, minute: int = 0) -> datetime:
    return at(day, hour, minute, SEOUL, month=6)


def stops(**tokyo: Any) -> list[Stop]:
    return [Stop("Singapore", SINGAPORE, date(2027, 6, 7), date(2027, 6, 9)),
            Stop("Tokyo", TOKYO, date(2027, 6, 10), date(2027, 6, 12), **tokyo),
            Stop("Seoul", SEOUL, date(2027, 6, 13), date(2027, 6, 16))]


def roadshow(events: list[Event], stop_list: list[Stop] | None = None, **kw: Any) -> Trip:
    return make_trip(events, start=date(2027, 6, 7), end=date(2027, 6, 16), tz=SINGAPORE,
                     stop_list=stop_list or stops(), **kw)


def found(trip: Trip, code: str) -> list[Finding]:
    return [f for f in run_checks(Timeline(trip)) if f.code == code]


def test_findings_read_each_day_in_its_stops_zone() -> None:
    events = [ev("drinks", "social-outing", tk(11, 19, 30), tk(11, 21, 30)),
              ev("dinner", "meal", tk(11, 21), tk(11, 22, 30)),
              # 00:30 in Tokyo on Sat 12 Jun is still Fri 11 Jun 23:30 in Singapore.
              ev("late", "meeting", tk(12, 0, 30), tk(12, 1, 30)), ev("later", "meeting", tk(12, 1), tk(12, 2))]
    first, second = found(roadshow(events), "overlap")
    assert first.message == ("Fri 11 Jun 21:00: you are booked into 'Drinks' (19:30–21:30) and 'Dinner' "
                             "(21:00–22:30) at once; move or shorten one of them.")
    assert second.day == date(2027, 6, 12) and second.message.startswith("Sat 12 Jun 01:00: you are booked into "
                                                                          "'Late' (00:30–01:30)")


def _every_quarter_hour(trip: Trip) -> list[datetime]:
    first = datetime.combine(trip.start - timedelta(days=1), time(0), UTC)
    return [first + timedelta(minutes=15 * k) for k in range(((trip.end - trip.start).days + 3) * 96)]


def test_timeline_days_and_zones_agree_with_the_trip_going_east_and_west() -> None:
    west = [Stop("Seoul", SEOUL, date(2027, 6, 7), date(2027, 6, 9)),
            Stop("Singapore", SINGAPORE, date(2027, 6, 10), date(2027, 6, 11)),
            Stop("London", LONDON, date(2027, 6, 12), date(2027, 6, 16))]
    for trip in (roadshow([]), roadshow([], stop_list=west)):
        timeline = Timeline(trip)
        spans = timeline.days
        assert all(a.next_midnight == b.midnight for a, b in pairwise(spans))
        for moment in _every_quarter_hour(trip):
            instant = int(moment.timestamp())
            assert timeline.zone_at(instant) is trip.zone_at(moment)
            assert timeline.local(instant) == moment and timeline.local(instant).tzinfo is trip.zone_at(moment)
            if spans[0].midnight <= instant < spans[-1].next_midnight:
                assert timeline.day_of(instant) == trip.day_of(moment), moment
    # Going east the day of the move is short: Wed 9 Jun ends at midnight in Tokyo, an hour before Singapore's.
    wednesday = Timeline(roadshow([])).days[2]
    assert wednesday.next_midnight - wednesday.midnight == 23 * H


def test_balance_windows_come_from_the_days_stop() -> None:
    trip = roadshow([], stop_list=stops(day_window=DayWindow(time(8), time(22))))
    days = {d.day: d for d in compute_balance(Timeline(trip)).days}
    tokyo, singapore = days[date(2027, 6, 11)], days[date(2027, 6, 8)]
    assert tokyo.window == (tk(11, 8), tk(11, 22)) and tokyo.window[0].tzinfo is TOKYO and tokyo.awake == 14 * H
    assert singapore.window == (sg(8, 7), sg(8, 23)) and singapore.awake == 16 * H


def test_working_hours_come_from_the_days_stop() -> None:
    trip_stops = stops(working_hours=WorkingHours(time(9, 30), time(18, 30)))  # Tokyo's
    trip_stops[0].working_hours = WorkingHours(time(8), time(17))
    events = [ev("sg-late", "meeting", sg(8, 17, 30), sg(8, 18, 30)),
              ev("tk-late", "meeting", tk(11, 17, 30), tk(11, 18, 30))]
    [hit] = found(roadshow(events, stop_list=trip_stops), "outside-hours")
    assert hit.message == ("Tue 8 Jun: 'Sg Late' (17:30–18:30) is outside working hours (08:00–17:00); move it "
                           "into the working day or change the working_hours of the Singapore stop.")


def test_suggestions_use_the_stops_meals_hours_and_zone() -> None:
    trip_stops = stops(meals=MealTimes(time(11, 30), time(13), time(18), time(22)),
                       working_hours=WorkingHours(time(9, 30), time(18, 30)))
    work = ev("work", "meeting", tk(11, 9, 30), tk(11, 18, 30), location="Marunouchi")
    trip = roadshow([work], stop_list=trip_stops, targets=Targets(culture_min_days=0, rest_minutes_min=0))
    [dinner] = suggest(trip, days=[date(2027, 6, 11)])
    # Work ends 18:30 in Tokyo; the default 30 min to get anywhere: the stop's dinner window from 19:00.
    assert dinner.tz is TOKYO and dinner.start_utc == tk(11, 19).astimezone(UTC)
    assert dinner.to_event().tz is TOKYO and dinner.to_json()["start"] == "2027-06-11T19:00:00+09:00"


def test_free_time_at_later_stops_after_the_flight_between_them() -> None:
    events = [ev("in", "flight", at(6, 22, tz=LONDON, month=6), sg(7, 18)),
              ev("hop", "flight", sg(10, 8), tk(10, 16)), ev("home", "flight", se(16, 12), at(16, 18, tz=LONDON,
                                                                                             month=6))]
    days = {d.day: d for d in compute_balance(Timeline(roadshow(events))).days}
    # The hop from Singapore to Tokyo is part of the trip: Tokyo and Seoul days keep their free time.
    assert days[date(2027, 6, 11)].free == [(int(tk(11, 7).timestamp()), int(tk(11, 23).timestamp()))]
    assert days[date(2027, 6, 15)].free == [(int(se(15, 7).timestamp()), int(se(15, 23).timestamp()))]
    # Before landing in Singapore and after leaving Seoul nothing is free there.
    assert days[date(2027, 6, 7)].free == [(int(sg(7, 18).timestamp()), int(sg(7, 23).timestamp()))]
    assert days[date(2027, 6, 16)].free == [(int(se(16, 7).timestamp()), int(se(16, 12).timestamp()))]


def test_each_stop_long_enough_needs_its_own_cultural_outing() -> None:
    events = [ev("museum", "museum", tk(11, 14), tk(11, 16))]
    trip = roadshow(events, targets=Targets(culture_min_days=3))
    balance = compute_balance(Timeline(trip))
    culture = [f for f in balance.findings if f.code == "balance-culture"]
    assert [f.message.split(" (")[0] for f in culture] == ["No cultural outing in Singapore",
                                                          "No cultural outing in Seoul"]
    assert culture[1].message.startswith("No cultural outing in Seoul (Sun 13 Jun–Wed 16 Jun, 4 days; target: one "
                                         "in each stop of 3 days or more); 'tripplan suggest' proposes 'Walking tour "
                                         "of the old town' on Sun 13 Jun 09:00–10:30")
    assert balance.culture_missing == [(date(2027, 6, 7), date(2027, 6, 9)), (date(2027, 6, 13), date(2027, 6, 16))]
    outings = [s for s in suggest(trip) if s.kind.category.value == "culture"]
    assert [(s.day, s.tz) for s in outings] == [(date(2027, 6, 7), SINGAPORE), (date(2027, 6, 13), SEOUL)]


def test_briefs_and_objectives_show_the_stops_customs_and_time() -> None:
    trip_stops = stops()
    trip_stops[2].culture = {"drinks": "Pour for others, never for yourself."}
    meeting = ev("seoul-meeting", "meeting", se(14, 10), se(14, 11), attendees=["ana"], objective="deal")
    tokyo = ev("tokyo-meeting", "meeting", tk(11, 10), tk(11, 11), attendees=["ana"])
    trip = roadshow([meeting, tokyo], stop_list=trip_stops, culture={"greetings": "A slight bow."},
                    people=[person("ana")], objectives=[Objective("deal", "Close the deal", people=["ana"])])
    brief = build_brief(trip, meeting, meeting.start_utc, meeting.end_utc)
    assert brief.customs == {"greetings": "A slight bow.", "drinks": "Pour for others, never for yourself."}
    assert build_brief(trip, tokyo, tokyo.start_utc, tokyo.end_utc).customs == {"greetings": "A slight bow."}
    assert render_brief(trip, brief).splitlines()[0] == "Seoul Meeting — Mon 14 Jun 10:00–11:00 (Asia/Seoul)"
    assert "planned: Mon 14 Jun 10:00–11:00  Seoul Meeting" in render_objectives(trip, plan_objectives(trip),
                                                                              date(2027, 6, 7))


def test_on_the_day_of_a_move_east_the_window_ends_where_the_next_day_begins() -> None:
    # Awake until 23:30: on Wed 9 Jun (Singapore) that would be 00:30 on Thu 10 Jun in Tokyo, the next stop's day.
    trip = roadshow([ev("late", "social-outing", sg(9, 22), sg(9, 23, 30))],
                    day_window=DayWindow(time(7), time(23, 30)))
    days = compute_balance(Timeline(trip)).days
    wednesday, thursday = days[2], days[3]
    assert wednesday.window[1] == tk(10, 0) and thursday.window[0] == tk(10, 7)
    assert sum(wednesday.seconds.values()) == H and sum(thursday.seconds.values()) == 0  # 22:00–23:00 SGT, once


def test_no_missing_break_is_reported_on_a_day_spent_getting_there() -> None:
    # The overnight flight leaves London on the trip's first day (a Singapore day: the first stop begins with
    # the trip) and lands on the second; that first day offers no time at the stops, so no break is missing.
    flight = ev("flight", "flight", at(6, 21, 5, LONDON, month=6), sg(7, 17, 50))
    trip = make_trip([flight, ev("review", "meeting", sg(8, 10), sg(8, 11))], start=date(2027, 6, 6),
                     end=date(2027, 6, 9), tz=SINGAPORE,
                     stop_list=[Stop("Singapore", SINGAPORE, date(2027, 6, 6), date(2027, 6, 9))])

    def rests() -> list[date]:
        return [f.day for f in analyse(trip)[2] if f.code == "balance-rest"]

    assert rests() == []
    # The rule itself still works: a day at the stop with no break is reported.
    trip.events = [flight, *(ev(f"m{h}", "meeting", sg(8, h), sg(8, h + 1)) for h in range(7, 23))]
    assert rests() == [date(2027, 6, 8)]
