"""Suggestions: what is proposed, where it may go, and (property) that it never overlaps and fits the window."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.plan_helpers import BERLIN, at, ev, make_trip, utc
from tripplan.files.planning_section import place_key
from tripplan.planning.checks import run_checks
from tripplan.planning.suggest import Suggestion, describe, suggest
from tripplan.planning.timeline import TRAVEL_KINDS, Timeline
from tripplan.time.zones import day_start, instant, zone
from tripplan.trip.model import (
    Category,
    DayWindow,
    Event,
    Idea,
    IdeaTiming,
    Kind,
    MealTimes,
    Targets,
    TravelTime,
    Trip,
    WorkingHours,
)

WORKDAY = [ev("work-8", "meeting", at(8, 9), at(8, 18), location="Acme HQ")]


def one_day(events: list[Event], **kw: Any) -> Trip:
    return make_trip(events, end=date(2027, 3, 8), **kw)


def test_a_working_day_without_bonding_gets_a_dinner() -> None:
    found = suggest(one_day(WORKDAY))
    assert len(found) == 1
    dinner = found[0]
    assert (dinner.title, dinner.kind, dinner.source) == ("Team dinner", Kind.MEAL, "catalogue")
    assert (dinner.start_utc, dinner.end_utc) == (at(8, 19), at(8, 21))
    assert dinner.reason == ("Mon 8 Mar has 9 h of work and no bonding time (target 15 %); this brings bonding to "
                             "18 %.")


def test_the_trips_own_ideas_come_first_and_are_used_once() -> None:
    idea = Idea("Dinner at Ramiro", Kind.MEAL, 120, location="Cervejaria Ramiro")
    trip = make_trip([ev(f"work-{d}", "meeting", at(d, 9), at(d, 18)) for d in (8, 9)], end=date(2027, 3, 9),
                     ideas=[idea])
    found = suggest(trip)
    assert [(s.day.day, s.title, s.source) for s in found] == [(8, "Dinner at Ramiro", "trip idea"),
                                                              (9, "Team dinner", "catalogue")]
    assert found[0].location == "Cervejaria Ramiro"


def test_travel_time_is_kept_free_around_a_proposal() -> None:
    events = [ev("work", "meeting", at(8, 9), at(8, 19), location="Acme HQ")]
    idea = Idea("Dinner at Ramiro", Kind.MEAL, 90, location="Ramiro")
    found = suggest(one_day(events, ideas=[idea], travel_times=[TravelTime("Acme HQ", "Ramiro", 40)]))
    assert found[0].start_utc == at(8, 19, 45)  # 19:00 + 40 min, on the next quarter hour


def test_off_hours_ideas_go_after_work_never_in_the_morning() -> None:
    meals = MealTimes(time(12), time(13), time(22), time(23))
    events = [ev("work", "meeting", at(8, 9), at(8, 17), location="Office"),
              ev("lunch", "meal", at(8, 12), at(8, 13)), ev("supper", "meal", at(8, 22), at(8, 23))]
    found = suggest(one_day(events, meals=meals, targets=Targets(bonding_share=0.3)))
    assert found and all(s.start_utc >= at(8, 18) for s in found)


def test_a_free_meal_window_keeps_an_hour_for_the_meal() -> None:
    # Work until 18:00, dinner window 19:00–22:00 still free: a 2-hour outing may not take it.
    idea = Idea("Long boat trip", Kind.SOCIAL_OUTING, 150, when=IdeaTiming.OFF_HOURS)
    trip = one_day(WORKDAY, ideas=[idea], targets=Targets(bonding_share=0.1))
    trip.events.append(ev("quick-bite", "meal", at(8, 12), at(8, 12, 30)))
    found = suggest(trip)
    for s in found:
        if s.kind is not Kind.MEAL and s.start_utc < at(8, 22) and s.end_utc > at(8, 19):
            free = max((at(8, 22) - s.end_utc), (s.start_utc - at(8, 19)))
            assert free >= timedelta(hours=1)


def test_one_cultural_outing_on_the_day_with_most_free_time() -> None:
    events = [ev("work-8", "meeting", at(8, 9), at(8, 17)), ev("work-10", "meeting", at(10, 9), at(10, 17)),
              ev("half-day", "meeting", at(9, 9), at(9, 12)),
              *(ev(f"dinner-{d}", "meal", at(d, 19), at(d, 21)) for d in (8, 9, 10))]
    found = [s for s in suggest(make_trip(events)) if s.kind.category is Category.CULTURE]
    assert len(found) == 1 and found[0].day == date(2027, 3, 9)
    assert found[0].reason == ("The trip has no cultural outing (target: one on trips of 3 days or more); Tue 9 Mar "
                               "has the most free time.")


def test_the_only_long_break_is_protected_as_rest() -> None:
    events = [ev("am", "meeting", at(8, 7), at(8, 12)), ev("lunch", "meal", at(8, 12), at(8, 13)),
              ev("pm", "workshop", at(8, 14, 10), at(8, 19)), ev("dinner", "meal", at(8, 19), at(8, 23))]
    found = suggest(one_day(events))
    assert [(s.kind.category, s.start_utc, s.end_utc) for s in found] == [(Category.REST, at(8, 13), at(8, 14))]
    assert found[0].reason == ("Mon 8 Mar: the only break of 1 h or more is 13:00–14:10; block it so it stays free.")


def test_nothing_to_suggest_on_a_balanced_or_full_day() -> None:
    balanced = [*WORKDAY, ev("dinner", "meal", at(8, 19), at(8, 21))]
    assert suggest(one_day(balanced)) == []
    full = [ev("all-day-work", "meeting", at(8, 7), at(8, 23))]
    assert suggest(one_day(full)) == []


def test_day_filter_and_past_days() -> None:
    trip = make_trip([ev(f"work-{d}", "meeting", at(d, 9), at(d, 18)) for d in (8, 9, 10)],
                     targets=Targets(culture_min_days=0))
    assert {s.day.day for s in suggest(trip)} == {8, 9, 10}
    assert {s.day.day for s in suggest(trip, days={date(2027, 3, 9)})} == {9}
    assert {s.day.day for s in suggest(trip, today=date(2027, 3, 10))} == {10}


def test_suggestions_are_deterministic_and_become_events() -> None:
    trip = make_trip([ev(f"work-{d}", "meeting", at(d, 9), at(d, 18)) for d in (8, 9, 10)])
    first, second = suggest(trip), suggest(trip)
    assert first == second
    event = first[0].to_event()
    assert (event.title, event.start_utc, event.end_utc, event.kind) == (first[0].title, first[0].start_utc,
                                                                         first[0].end_utc, first[0].kind)
    assert event.tz is event.end_tz is trip.timezone
    assert first[0].local_start.utcoffset() == event.local_start.utcoffset()
    assert first[0].to_json()["category"] == "bonding"


# --- the day the clocks go back in the evening (Santiago, Sat 3 Apr 2027: 23:00–24:00 twice) --------

SANTIAGO = zone("America/Santiago")


def santiago(hour: int, minute: int = 0, fold: int = 0) -> datetime:
    return at(3, hour, minute, SANTIAGO, month=4, fold=fold)


def santiago_trip(events: list[Event], ideas: list[Idea]) -> Trip:
    return make_trip(events, start=date(2027, 4, 3), end=date(2027, 4, 3), tz=SANTIAGO,
                     day_window=DayWindow(time(7), time(0)), ideas=ideas,
                     targets=Targets(bonding_share=0.4, rest_minutes_min=0, travel_minutes_default=0))


def test_a_proposal_across_the_repeated_hour_counts_its_elapsed_time() -> None:
    # 22:00 to midnight on the wall is three hours: the bonding share must count three, not two
    # (the old code subtracted the two wall times and said 31 %).
    trip = santiago_trip([ev("work", "meeting", santiago(9), santiago(19)),
                          ev("dinner", "meal", santiago(19, 30), santiago(22))],
                         [Idea("Night market", Kind.SOCIAL_OUTING, 180, when=IdeaTiming.OFF_HOURS)])
    [market] = suggest(trip)
    assert (market.start_utc, market.end_utc) == (santiago(22), at(4, 0, tz=SANTIAGO, month=4))
    assert market.duration == timedelta(hours=3)
    assert market.reason.endswith("this brings bonding to 35 %.")  # (2 h 30 min + 3 h) / (12 h 30 min + 3 h)
    assert describe(market).startswith("Sat 3 Apr 22:00 -03–24:00  'Night market'")


def test_proposals_in_the_repeated_hour_are_listed_by_instant() -> None:
    # Free: 23:15–23:45 before the clocks go back, and the second 23:00–23:30 after. The second
    # proposal starts earlier on the wall but later in time (the old code listed it first).
    events = [ev("work", "meeting", santiago(9), santiago(19)), ev("dinner", "meal", santiago(19), santiago(23, 15)),
              ev("call", "meeting", santiago(23, 45), santiago(23, 0, fold=1)),
              ev("late", "meeting", santiago(23, 30, fold=1), at(4, 0, tz=SANTIAGO, month=4))]
    found = suggest(santiago_trip(events, [Idea("First drink", Kind.SOCIAL_OUTING, 30, when=IdeaTiming.OFF_HOURS),
                                           Idea("Second drink", Kind.SOCIAL_OUTING, 30, when=IdeaTiming.OFF_HOURS)]))
    assert [(s.title, s.start_utc) for s in found] == [("First drink", utc(santiago(23, 15))),
                                                        ("Second drink", utc(santiago(23, 0, fold=1)))]
    # The wall times say which pass of the hour each one is in.
    assert [describe(s)[:31] for s in found] == ["Sat 3 Apr 23:15 -03–23:45 -03  ", "Sat 3 Apr 23:00 -04–23:30 -04  "]
    assert [s.to_json()["start"] for s in found] == ["2027-04-03T23:15:00-03:00", "2027-04-03T23:00:00-04:00"]
    applied = [s.to_event() for s in found]
    assert [e.duration for e in applied] == [timedelta(minutes=30)] * 2
    assert [e.local_start.fold for e in applied] == [0, 1]


# --- property: never overlapping, always inside the window, travel time kept --------------------

# Havana changes its clocks at midnight (a day without 00:00, another with 00:00–01:00 twice),
# Lord Howe by half an hour.
ZONES = ["Europe/Berlin", "Europe/Lisbon", "America/New_York", "Asia/Tokyo", "America/Havana",
         "Australia/Lord_Howe"]
PLACES = ["", "Office", "Hotel", "Old town", "Airport"]
KINDS = [k for k in Kind]


def _clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


@st.composite
def planning_trips(draw: st.DrawFn) -> Trip:
    tz = zone(draw(st.sampled_from(ZONES)))
    # Around the European, American, Cuban and Lord Howe DST changes, or an ordinary week.
    first = draw(st.sampled_from([date(2027, 3, 12), date(2027, 3, 26), date(2027, 10, 29), date(2027, 6, 7),
                                  date(2027, 11, 5), date(2027, 4, 2), date(2027, 10, 1)]))
    days = draw(st.integers(1, 4))
    # Sometimes from midnight, so the window holds the night the clocks change.
    window_start = draw(st.sampled_from([0, 60]) | st.integers(5 * 60, 9 * 60))
    window_end = draw(st.integers(20 * 60, 24 * 60))
    work_start = draw(st.integers(7 * 60, 10 * 60))
    work_end = draw(st.integers(16 * 60, 19 * 60))
    lunch = draw(st.integers(11 * 60, 13 * 60))
    dinner = draw(st.integers(18 * 60, 20 * 60))
    events: list[Event] = []
    for i in range(draw(st.integers(0, 12))):
        day = first + timedelta(days=draw(st.integers(-1, days)))
        wall = datetime.combine(day, time(0)) + timedelta(minutes=5 * draw(st.integers(0, 287)))
        # Either pass of a repeated hour; a wall time in a gap is the real instant it names.
        start = instant(wall, tz, fold=draw(st.integers(0, 1)))
        end = start + timedelta(minutes=5 * draw(st.integers(3, 72)))
        repeat = "FREQ=DAILY" if draw(st.integers(0, 5)) == 0 else ""
        events.append(Event.timed(id=f"e{i}", title=f"Event {i}", kind=draw(st.sampled_from(KINDS)), start=start,
                                  end=end, tz=tz, end_tz=tz, location=draw(st.sampled_from(PLACES)),
                                  repeat=repeat))
    travel = [TravelTime(a, b, draw(st.integers(0, 90))) for a, b in
              draw(st.lists(st.tuples(st.sampled_from(PLACES[1:]), st.sampled_from(PLACES[1:])), max_size=4))]
    unique: dict[tuple[str, str], TravelTime] = {}
    for leg in travel:
        if place_key(leg.origin) != place_key(leg.destination):
            unique.setdefault((leg.origin, leg.destination), leg)
    ideas = [Idea(f"Idea {i}", draw(st.sampled_from([Kind.MEAL, Kind.SOCIAL_OUTING, Kind.TOUR, Kind.MUSEUM,
                                                        Kind.REST, Kind.TEAM_BUILDING])),
                  draw(st.integers(3, 36)) * 5, draw(st.sampled_from(PLACES)), when=draw(st.sampled_from(
                      list(IdeaTiming)))) for i in range(draw(st.integers(0, 4)))]
    return Trip(
        name="Generated", timezone=tz, home_timezone=tz, start=first, end=first + timedelta(days=days - 1),
        uid="generated", events=events, ideas=ideas, travel_times=list(unique.values()),
        day_window=DayWindow(_clock(window_start), _clock(window_end % (24 * 60))),
        working_hours=WorkingHours(_clock(work_start), _clock(work_end)),
        meals=MealTimes(_clock(lunch), _clock(lunch + 120), _clock(dinner), _clock(dinner + 150)),
        targets=Targets(bonding_share=draw(st.sampled_from([0.1, 0.15, 0.4])),
                        rest_minutes_min=draw(st.sampled_from([0, 30, 60, 90])),
                        culture_min_days=draw(st.integers(0, 3)),
                        travel_minutes_default=draw(st.sampled_from([0, 15, 30, 60]))),
    )


def _window(trip: Trip, day: date) -> tuple[datetime, datetime]:
    """The awake window of *day* as two instants (an end of 00:00 is the first instant of the next day)."""
    tz, window = trip.timezone, trip.day_window
    end = (day_start(day + timedelta(days=1), tz) if window.end == time(0)
           else instant(datetime.combine(day, window.end), tz))
    return instant(datetime.combine(day, window.start), tz), end


def _minutes(trip: Trip, origin: str, destination: str) -> int:
    if not origin or not destination:
        return trip.targets.travel_minutes_default
    if place_key(origin) == place_key(destination):
        return 0
    routes = {(place_key(t.origin), place_key(t.destination)): t.minutes for t in trip.travel_times}
    key = (place_key(origin), place_key(destination))
    return routes.get(key, routes.get(key[::-1], trip.targets.travel_minutes_default))


def _assert_travel_time_kept(trip: Trip, s: Suggestion,
                             occupied: list[tuple[datetime, datetime, str, str, bool]]) -> None:
    """The last place before and the first after are far enough (placeless rest is no place)."""
    if s.kind.category is Category.REST and not s.location:
        return
    occupied = [o for o in occupied if not o[4]]
    before = [o for o in occupied if o[1] <= s.start_utc and o[1] > s.start_utc - timedelta(hours=6)]
    if before:
        last = max(o[1] for o in before)
        for o in before:
            if o[1] == last:
                assert s.start_utc - last >= timedelta(minutes=_minutes(trip, o[3], s.location))
    after = [o for o in occupied if o[0] >= s.end_utc and o[0] < s.end_utc + timedelta(hours=6)]
    if after:
        first = min(o[0] for o in after)
        for o in after:
            if o[0] == first:
                assert first - s.end_utc >= timedelta(minutes=_minutes(trip, s.location, o[2]))


@settings(max_examples=250, deadline=None)
@given(planning_trips())
def test_suggestions_never_overlap_and_fit_the_day_window(trip: Trip) -> None:
    found = suggest(trip)
    assert found == suggest(trip)  # deterministic
    timeline = Timeline(trip)
    # Everything below compares instants (UTC): two wall times of one zone would ignore the fold.
    occupied = [(s.begins.astimezone(UTC), s.ends.astimezone(UTC), s.event.location,
                 "" if s.event.kind in TRAVEL_KINDS else s.event.location,
                 s.event.kind.category is Category.REST and not s.event.location) for s in timeline.slots()]
    for s in found:
        lo, hi = _window(trip, s.day)
        assert lo <= s.start_utc < s.end_utc <= hi, (s, lo, hi)
        assert trip.start <= s.day <= trip.end
        assert s.local_start.date() == s.day, s  # a wall time of the day it is proposed for
        for start, end, *_ in occupied:
            assert not (start < s.end_utc and s.start_utc < end), (s, start, end)
        for other in found:
            assert other is s or not (other.start_utc < s.end_utc and s.start_utc < other.end_utc)
    for s in found:
        others = [(o.start_utc, o.end_utc, o.location, o.location,
                   o.kind.category is Category.REST and not o.location) for o in found if o is not s]
        _assert_travel_time_kept(trip, s, occupied + others)
    # Once added, the proposals raise no travel-time warning of their own.
    events = [s.to_event() for s in found]
    added = {e.id for e in events}
    trip.events.extend(events)
    for finding in run_checks(Timeline(trip)):
        if finding.code == "travel-time":
            assert not added & set(finding.events), finding.message


def test_berlin_is_a_dst_zone() -> None:
    assert BERLIN.key == "Europe/Berlin"


def test_nothing_is_suggested_after_the_flight_home() -> None:
    from tests.conftest import SAMPLES
    from tripplan.files.storage import read_trip
    from tripplan.planning.suggest import suggest

    trip = read_trip(SAMPLES / "frankfurt-board-prep-draft.toml")[0]
    departs = max(e.start_utc for e in trip.events if e.kind.value == "flight")
    suggestions = suggest(trip)
    assert suggestions, "the first draft has room for improvement"
    assert all(s.end_utc <= departs for s in suggestions)
