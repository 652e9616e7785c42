"""Planning per traveller: the traveller's and each teammate's own overlaps, hops, work limits, rest and jet lag.

The traveller ("me", or "you" on a trip that names nobody) and every
travelling teammate attend every event that lists no travellers.  These
tests would all fail on the planning code of 7feb70e, which checked overlaps
for attendees only, hops along the whole timeline and jet lag for one
traveller on the first day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.plan_helpers import all_day, at, ev, make_trip, person
from tripplan.planning.balance import compute_balance
from tripplan.planning.checks import analyse, run_checks
from tripplan.planning.findings import Finding
from tripplan.planning.followups import suggest_followups
from tripplan.planning.timeline import Timeline
from tripplan.time.zones import zone
from tripplan.trip.model import YOU, Category, Event, IcalProps, Kind, Objective, Person, Stop, Targets, Trip

SINGAPORE, TOKYO, SEOUL = zone("Asia/Singapore"), zone("Asia/Tokyo"), zone("Asia/Seoul")
LISBON, NEW_YORK = zone("Europe/Lisbon"), zone("America/New_York")
H = 3600


def me(ident: str = "sam", **fields: Any) -> Person:
    return person(ident, name=fields.pop("name", "Sam Carter"), me=True, **fields)


def mate(ident: str = "bo", home: Any = None, **fields: Any) -> Person:
    return person(ident, name=fields.pop("name", "Bo Chen"), travels=True, home_tz=home, **fields)


def sg(day: int, hour: int, minute: int = 0) -> datetime:
    """A wall time in Singapore in June 2027."""
    return at(day, hour, minute, SINGAPORE, month=6)


def tk(day: int, hour: int, minute: int = 0) -> datetime:
    return at(day, hour, minute, TOKYO, month=6)


def roadshow(events: list[Event], **kw: Any) -> Trip:
    """Singapore (Mon 7–Wed 9 Jun 2027) → Tokyo (Thu 10–Sat 12) → Seoul (Sun 13–Wed 16); home Singapore."""
    stops = [Stop("Singapore", SINGAPORE, date(2027, 6, 7), date(2027, 6, 9)),
             Stop("Tokyo", TOKYO, date(2027, 6, 10), date(2027, 6, 12)),
             Stop("Seoul", SEOUL, date(2027, 6, 13), date(2027, 6, 16))]
    return make_trip(events, start=date(2027, 6, 7), end=date(2027, 6, 16), tz=SINGAPORE,
                     stop_list=kw.pop("stop_list", stops), **kw)


def single(day: int, events: list[Event], **kw: Any) -> Trip:
    """A one-day trip in Singapore (home Singapore), 7 June 2027 + *day*."""
    first = date(2027, 6, 7 + day)
    return make_trip(events, start=first, end=first, tz=SINGAPORE, **kw)


def found(trip: Trip, code: str) -> list[Finding]:
    return [f for f in run_checks(Timeline(trip)) if f.code == code]


# --- 1. the traveller's own overlaps ------------------------------------------------------------


def test_drinks_against_the_fado_evening_warn_with_nobody_invited() -> None:
    trip = single(0, [ev("drinks", "social-outing", sg(7, 19, 30), sg(7, 21, 30)),
                      ev("fado", "cultural-outing", sg(7, 21), sg(7, 23))])
    [hit] = found(trip, "overlap")
    assert hit.people == (YOU,) and hit.events == ("drinks", "fado")
    assert hit.message == ("Mon 7 Jun 21:00: you are booked into 'Drinks' (19:30–21:30) and 'Fado' (21:00–23:00) "
                           "at once; move or shorten one of them.")


def test_three_events_at_ten_with_nobody_invited_warn() -> None:
    trip = single(1, [ev(name, "meeting", sg(8, 10), sg(8, 11)) for name in ("a", "b", "c")])
    hits = found(trip, "overlap")
    # Each event that starts while another is on is paired with the one that ends last: every event is named.
    assert len(hits) == 2 and {e for h in hits for e in h.events} == {"a", "b", "c"}
    assert all(h.people == (YOU,) and h.message.startswith("Tue 8 Jun 10:00: you are booked") for h in hits)


def test_the_named_traveller_is_you_and_teammates_are_named() -> None:
    team = [me(), mate()]
    trip = single(0, [ev("a", "meeting", sg(7, 10), sg(7, 11)), ev("b", "meeting", sg(7, 10, 30), sg(7, 12))],
                  people=team)
    [hit] = found(trip, "overlap")
    assert hit.people == ("sam", "bo") and "10:30: you and Bo Chen are booked into 'A'" in hit.message


def test_each_traveller_has_their_own_overlaps() -> None:
    team = [me(), mate()]
    events = [ev("bo-call", "meeting", sg(7, 9), sg(7, 10), travellers=("bo",)),
              ev("standup", "meeting", sg(7, 9, 30), sg(7, 10, 30)),  # everyone: overlaps Bo's call, for Bo only
              ev("my-call", "meeting", sg(7, 14), sg(7, 15), travellers=("sam",)),
              ev("their-dinner", "meal", sg(7, 14, 30), sg(7, 16), travellers=(), attendees=["ana"]),
              ev("ana-lunch", "meal", sg(7, 15, 30), sg(7, 16, 30), travellers=(), attendees=["ana"])]
    hits = {h.events: h.people for h in found(single(0, events, people=team), "overlap")}
    # Nobody of the trip attends their dinner: it is no one's double booking but Ana's (kept, per attendee).
    assert hits == {("bo-call", "standup"): ("bo",), ("their-dinner", "ana-lunch"): ("ana",)}


def test_a_teammate_listed_as_attendee_attends_and_is_named_once() -> None:
    team = [me(), mate()]
    events = [ev("a", "meeting", sg(7, 9), sg(7, 10), travellers=(), attendees=["bo"]),
              ev("b", "meeting", sg(7, 9, 30), sg(7, 11), travellers=("bo",))]
    [hit] = found(single(0, events, people=team), "overlap")
    assert hit.people == ("bo",) and "Bo Chen is booked into" in hit.message


def test_only_busy_time_overlaps() -> None:
    meeting = ev("meeting", "meeting", sg(7, 10), sg(7, 12))
    others = [all_day("summit", "conference", date(2027, 6, 7), date(2027, 6, 8), tz=SINGAPORE),
              ev("deadline", "meeting", sg(7, 11), sg(7, 11)),  # a moment: no length
              ev("hold", "meeting", sg(7, 10, 30), sg(7, 11, 30), ical=IcalProps(transparent=True)),
              ev("nap", "rest", sg(7, 11), sg(7, 13)), ev("walk", "free-time", sg(7, 9), sg(7, 15))]
    assert found(single(0, [meeting, *others]), "overlap") == []
    # Rest the calendar marks busy does overlap; a long free block does not hide two meetings' clash.
    gym = ev("gym", "rest", sg(7, 11), sg(7, 13), ical=IcalProps(transparent=False))
    clash = ev("clash", "meeting", sg(7, 11, 30), sg(7, 12, 30))
    hits = found(single(0, [meeting, *others, gym, clash]), "overlap")
    assert sorted(h.events for h in hits) == [("gym", "clash"), ("meeting", "gym")]


# --- 2. travel time along each traveller's own events --------------------------------------------


def test_travel_time_along_a_teammates_own_events() -> None:
    team = [me(), mate()]
    events = [ev("bo-visit", "meeting", sg(7, 10), sg(7, 11), location="Changi", travellers=("bo",)),
              ev("lunch", "meal", sg(7, 11, 10), sg(7, 12), location="Marina Bay")]
    [hit] = found(single(0, events, people=team), "travel-time")
    assert hit.people == ("bo",) and "there (for Bo Chen) takes about 30 min (an estimate;" in hit.message
    # An event no traveller attends is no place any of them must leave from.
    events[0] = ev("bo-visit", "meeting", sg(7, 10), sg(7, 11), location="Changi", travellers=())
    assert found(single(0, events, people=team), "travel-time") == []


def test_travel_time_names_the_travellers_only_on_a_team() -> None:
    events = [ev("a", "meeting", sg(7, 10), sg(7, 11), location="Changi"),
              ev("b", "meeting", sg(7, 11, 10), sg(7, 12), location="Marina Bay")]
    [alone] = found(single(0, events), "travel-time")
    assert alone.people == (YOU,) and "there takes about 30 min (an estimate;" in alone.message
    [both] = found(single(0, events, people=[me(), mate()]), "travel-time")
    assert both.people == ("sam", "bo") and "(for you and Bo Chen)" in both.message


# --- 3. work limit and rest per traveller ------------------------------------------------------


def _long_day(extra_for_bo: bool) -> list[Event]:
    events = [ev("work", "meeting", sg(8, 8), sg(8, 17)),
              ev("dinner", "meal", sg(8, 19), sg(8, 21, 30))]
    if extra_for_bo:
        events.append(ev("bo-late", "workshop", sg(8, 17), sg(8, 19), travellers=("bo",)))
    return events


def test_a_teammate_with_more_work_gets_their_own_work_limit_warning() -> None:
    trip = single(1, _long_day(True), people=[me(), mate()])
    balance = compute_balance(Timeline(trip))
    assert balance.traveller == "sam" and balance.days[0].seconds[Category.WORK] == 9 * H
    [work] = [f for f in balance.findings if f.code == "balance-work"]
    assert work.people == ("bo",)
    assert work.message == "Tue 8 Jun (Bo Chen): 11 h of work, over the 10 h limit; shorten or drop a meeting."
    assert compute_balance(Timeline(trip), "bo").days[0].seconds[Category.WORK] == 11 * H


def test_rest_is_checked_per_traveller_and_shared_sentences_name_both() -> None:
    # 08:00–17:00 work, 19:00–21:30 dinner: my longest break is 17:00–19:00. Bo's workshop fills it, leaving
    # Bo 1 h 30 min at most (21:30–23:00): with a 2-hour target only Bo is warned.
    trip = single(1, _long_day(True), people=[me(), mate()], targets=Targets(rest_minutes_min=120))
    [rest] = [f for f in compute_balance(Timeline(trip)).findings if f.code == "balance-rest"]
    assert rest.people == ("bo",) and rest.message.startswith("Tue 8 Jun (Bo Chen): no free or rest block of 2 h")
    # The same events for both: one warning naming both.
    trip = single(1, _long_day(False), people=[me(), mate()], targets=Targets(rest_minutes_min=180))
    [rest] = [f for f in compute_balance(Timeline(trip)).findings if f.code == "balance-rest"]
    assert rest.people == ("sam", "bo") and rest.message.startswith("Tue 8 Jun (you and Bo Chen): no free or rest")


def test_my_balance_leaves_out_what_i_do_not_attend() -> None:
    events = [ev("work", "meeting", sg(8, 9), sg(8, 12)),
              ev("their-dinner", "meal", sg(8, 19), sg(8, 21), travellers=(), attendees=["ana"])]
    balance = compute_balance(Timeline(single(1, events)))
    assert balance.days[0].seconds[Category.BONDING] == 0 and balance.days[0].scheduled == 3 * H


def test_work_no_traveller_attends_is_not_outside_my_hours() -> None:
    events = [ev("their-call", "meeting", sg(8, 20), sg(8, 21), travellers=(), attendees=["ana"]),
              ev("my-call", "meeting", sg(8, 20), sg(8, 21, 30))]
    assert [f.events for f in found(single(1, events), "outside-hours")] == [("my-call",)]


# --- 4. jet lag per traveller and per zone jump -------------------------------------------------


def test_jet_lag_for_the_teammate_from_new_york_only() -> None:
    team = [me(), mate(home=NEW_YORK)]
    events = [ev("kickoff", "meeting", sg(7, 10), sg(7, 11)), ev("late", "meeting", sg(7, 20), sg(7, 21)),
              ev("day3", "meeting", sg(9, 10), sg(9, 11))]
    hits = found(roadshow(events, people=team), "jet-lag")
    # Home Singapore for me: no jump. Bo: 12 h from New York; 10:00 Singapore is 22:00 in New York.
    assert [(h.events, h.people) for h in hits] == [(("kickoff",), ("bo",))]
    assert hits[0].message == ("Mon 7 Jun: 'Kickoff' (10:00–11:00) is 22:00–23:00 on Bo Chen's home body clock "
                               "(America/New_York), night there; on the arrival day and the day after, keep work "
                               "within 09:00–10:00 Asia/Singapore time: the working hours (09:00–18:00) when that "
                               "body clock is awake (07:00–22:00).")


def test_jet_lag_at_a_later_stop_whose_zone_jumps_eight_hours() -> None:
    stops = [Stop("Lisbon", LISBON, date(2027, 6, 7), date(2027, 6, 9)),
             Stop("Tokyo", TOKYO, date(2027, 6, 10), date(2027, 6, 13))]
    events = [ev("flight", "flight", at(9, 12, tz=LISBON, month=6), tk(10, 8)),
              ev("t1", "meeting", tk(10, 10), tk(10, 11)), ev("t2", "meeting", tk(11, 9), tk(11, 10)),
              ev("t3", "meeting", tk(12, 9), tk(12, 10)), ev("lisbon", "meeting", at(8, 9, tz=LISBON, month=6),
                                                            at(8, 10, tz=LISBON, month=6))]
    trip = make_trip(events, start=date(2027, 6, 7), end=date(2027, 6, 13), tz=LISBON, stop_list=stops)
    hits = found(trip, "jet-lag")
    # 10:00 Tokyo is 02:00 in Lisbon, 09:00 is 01:00: work at night on a body clock still on Lisbon time.
    assert [h.events for h in hits] == [("t1",), ("t2",)] and hits[0].day == date(2027, 6, 10)
    assert hits[0].message == ("Thu 10 Jun: 'T1' (10:00–11:00) is 02:00–03:00 on your body clock, still on "
                               "Europe/Lisbon time, night there; on the first day in Tokyo and the day after, "
                               "keep work within 15:00–18:00 Asia/Tokyo time: the working hours (09:00–18:00) when "
                               "that body clock is awake (07:00–22:00).")
    # Two travellers share the body clock of the previous stop: one warning names both.
    team = make_trip(events, start=date(2027, 6, 7), end=date(2027, 6, 13), tz=LISBON, stop_list=stops,
                     people=[me(), mate(home=LISBON)])
    [first, _] = found(team, "jet-lag")
    assert first.people == ("sam", "bo") and "on the body clock of you and Bo Chen, still on" in first.message
    # Singapore → Tokyo is a one-hour change: below jet_lag_hours, nothing to say at 07:00.
    assert found(roadshow([ev("t1", "meeting", tk(10, 7), tk(10, 8))]), "jet-lag") == []


# --- teammates are not people met; objectives see the travellers --------------------------------


def test_a_travelling_teammate_is_not_someone_to_follow_up() -> None:
    trip = single(0, [ev("dinner", "meal", sg(7, 19), sg(7, 21), attendees=["bo", "ana"])], people=[me(), mate()])
    assert [f.people for f in found(trip, "no-followup")] == [("ana",)]
    assert [f.person for f in suggest_followups(trip)] == ["ana"]


def test_an_objective_teammate_attends_events_that_list_no_travellers() -> None:
    objective = Objective("pilot", "Scope the pilot", people=["bo", "ana"])
    trip = single(0, [ev("scoping", "meeting", sg(7, 10), sg(7, 11), attendees=["ana"], objective="pilot")],
                  people=[me(), mate()], objectives=[objective])
    assert found(trip, "objective-people-absent") == []


# --- property: the sweep agrees with a pairwise check per traveller ------------------------------

_kinds = st.sampled_from([Kind.MEETING, Kind.MEAL, Kind.REST, Kind.FREE_TIME, Kind.WORKSHOP])


@st.composite
def small_trips(draw: st.DrawFn) -> Trip:
    """A day in Singapore with a few events: random times, lengths (some none), kinds, transparency, travellers."""
    team = [me(), mate(), mate("cy", name="Cy")]
    ids = ["sam", "bo", "cy"]
    events = []
    base = datetime(2027, 6, 7, 8, tzinfo=UTC)
    for n in range(draw(st.integers(0, 9))):
        start = base + timedelta(minutes=15 * draw(st.integers(0, 40)))
        length = timedelta(minutes=15 * draw(st.integers(0, 12)))
        travellers = draw(st.none() | st.lists(st.sampled_from(ids), unique=True).map(tuple))
        attendees = draw(st.lists(st.sampled_from([*ids, "ana"]), unique=True, max_size=2))
        transparent = draw(st.sampled_from([None, None, True, False]))
        events.append(Event.timed(id=f"e{n}", title=f"E{n}", kind=draw(_kinds), start=start, end=start + length,
                                  tz=SINGAPORE, travellers=travellers, attendees=attendees,
                                  ical=IcalProps(transparent=transparent)))
    return make_trip(events, start=date(2027, 6, 7), end=date(2027, 6, 8), tz=SINGAPORE, people=team)


def _busy(event: Event) -> bool:
    free = event.kind in (Kind.REST, Kind.FREE_TIME) if event.ical.transparent is None else event.ical.transparent
    return event.end_utc > event.start_utc and not free


@settings(max_examples=150, deadline=None)
@given(small_trips())
def test_overlaps_agree_with_a_pairwise_check_per_traveller(trip: Trip) -> None:
    findings = [f for f in run_checks(Timeline(trip)) if f.code == "overlap"]
    for who in [*trip.traveller_ids, "ana"]:
        mine = [e for e in trip.events if trip.attends(e, who) and _busy(e)]
        # Instants compared in UTC, every pair once.
        clashing = {e.id for a in mine for b in mine if a is not b
                    for e in (a, b) if a.start_utc < b.end_utc and b.start_utc < a.end_utc}
        flagged = {e for f in findings if who in f.people for e in f.events}
        assert flagged == clashing, who
    for f in findings:  # every pair reported really overlaps, for everyone it names
        a, b = (trip.event(i) for i in f.events)
        assert a is not None and b is not None and a.start_utc < b.end_utc and b.start_utc < a.end_utc
        assert all(trip.attends(a, p) and trip.attends(b, p) for p in f.people)


def test_analyse_of_an_old_trip_flags_your_double_booking_and_sorts() -> None:
    trip = make_trip([ev("a", "meeting", at(9, 10), at(9, 11)), ev("b", "meeting", at(9, 10, 30), at(9, 12))])
    _, _, findings = analyse(trip)
    [overlap] = [f for f in findings if f.code == "overlap"]
    assert overlap.to_json()["people"] == [""] and "you are booked" in overlap.message
