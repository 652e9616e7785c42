"""Schedule checks: each with cases that must warn and cases that must not (DST, flights, midnight, recurrence)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tests.unit.plan_helpers import BERLIN, LISBON, NEW_YORK, all_day, at, ev, make_trip, person
from tripplan.planning.checks import analyse, arrival_day, run_checks
from tripplan.planning.findings import CODES, Finding
from tripplan.planning.followups import suggest_followups
from tripplan.planning.timeline import Timeline
from tripplan.time.zones import zone
from tripplan.trip.model import Event, FollowUp, Objective, ObjectiveStatus, Targets, TravelTime, WorkingHours


def found(events: list[Event], code: str, **kw: Any) -> list[Finding]:
    return [f for f in run_checks(Timeline(make_trip(events, **kw))) if f.code == code]


# --- overlap ------------------------------------------------------------------------------------


def test_overlap_names_the_person_the_events_and_the_day() -> None:
    hits = found([ev("kickoff", "meeting", at(9, 10), at(9, 11, 30), attendees=["ana"]),
                  ev("lunch", "meal", at(9, 11), at(9, 12), attendees=["ana"])], "overlap")
    assert len(hits) == 1
    # Neither event names its travellers, so the traveller ("you" on a trip that names nobody "me") is at both too.
    assert hits[0].message == ("Tue 9 Mar 11:00: you and Ana are booked into 'Kickoff' (10:00–11:30) and 'Lunch' "
                               "(11:00–12:00) at once; move or shorten one of them.")
    assert hits[0].events == ("kickoff", "lunch") and hits[0].people == ("", "ana")
    [alone] = found([ev("kickoff", "meeting", at(9, 10), at(9, 11, 30), attendees=["ana"], travellers=()),
                     ev("lunch", "meal", at(9, 11), at(9, 12), attendees=["ana"], travellers=())], "overlap")
    assert alone.message.startswith("Tue 9 Mar 11:00: Ana is booked into 'Kickoff'") and alone.people == ("ana",)
    assert hits[0].day == date(2027, 3, 9)


def test_one_overlap_finding_per_pair_naming_everyone() -> None:
    crowd = ["ana", "bo", "cy"]
    hits = found([ev("a", "meeting", at(9, 10), at(9, 11), attendees=crowd),
                  ev("b", "meeting", at(9, 10, 30), at(9, 12), attendees=crowd)], "overlap")
    assert len(hits) == 1 and hits[0].people == ("", "ana", "bo", "cy")
    assert "you, Ana, Bo and Cy are booked into" in hits[0].message


def test_no_overlap_when_touching_or_for_different_people() -> None:
    assert not found([ev("a", "meeting", at(9, 10), at(9, 11), attendees=["ana"]),
                      ev("b", "meeting", at(9, 11), at(9, 12), attendees=["ana"])], "overlap")
    # Events no traveller attends: Ana's and Bo's meetings at one time are no one's double booking.
    assert not found([ev("a", "meeting", at(9, 10), at(9, 11), attendees=["ana"], travellers=()),
                      ev("b", "meeting", at(9, 10), at(9, 11), attendees=["bo"], travellers=())], "overlap")
    # Events that list no travellers are the traveller's: those overlap for "you".
    [mine] = found([ev("a", "meeting", at(9, 10), at(9, 11)), ev("b", "meeting", at(9, 10), at(9, 11))], "overlap")
    assert mine.people == ("",) and mine.message.startswith("Tue 9 Mar 10:00: you are booked into 'A'")


def test_overlap_with_a_recurring_event_only_where_it_happens() -> None:
    standup = ev("standup", "meeting", at(8, 9, 30), at(8, 9, 45), repeat="FREQ=DAILY", attendees=["ana"])
    clash = ev("board", "meeting", at(10, 9), at(10, 10), attendees=["ana"])
    hits = found([standup, clash], "overlap")
    assert [h.day for h in hits] == [date(2027, 3, 10)]
    # The recurrence never overlaps itself.
    assert not found([standup], "overlap")


def test_overlap_across_midnight() -> None:
    hits = found([ev("dinner", "meal", at(8, 21), at(9, 1), attendees=["ana"]),
                  ev("late-call", "meeting", at(9, 0, 30), at(9, 1, 30), attendees=["ana"])], "overlap")
    assert len(hits) == 1 and hits[0].day == date(2027, 3, 9)


def test_overlap_is_judged_on_instants_when_the_clocks_go_back() -> None:
    # Berlin, Sun 31 Oct 2027: 02:00–03:00 happens twice. 01:30–02:30 (summer time) ends an hour
    # before 02:15 (winter time) starts, although the wall times seem to overlap.
    only_ana: dict[str, Any] = {"attendees": ["ana"], "travellers": ()}
    first = ev("first", "meeting", at(31, 1, 30, BERLIN, 10), at(31, 2, 30, BERLIN, 10), **only_ana)
    second = ev("second", "meeting", at(31, 2, 15, BERLIN, 10, fold=1), at(31, 3, 0, BERLIN, 10), **only_ana)
    kw = {"start": date(2027, 10, 30), "end": date(2027, 11, 1), "tz": BERLIN}
    assert not found([first, second], "overlap", **kw)
    both_summer = ev("second", "meeting", at(31, 2, 15, BERLIN, 10), at(31, 3, 0, BERLIN, 10), **only_ana)
    hits = found([first, both_summer], "overlap", **kw)
    assert len(hits) == 1
    # On the day the clocks change, each wall time says which pass of the hour it is in.
    assert hits[0].message.startswith("Sun 31 Oct 02:15 CEST: Ana is booked into 'First' (01:30 CEST–02:30 CEST) "
                                      "and 'Second' (02:15 CEST–03:00 CET) at once")


def test_overlap_in_the_second_pass_of_the_repeated_hour() -> None:
    # 02:30 CET (the second 02:30) falls inside 02:10 CET–02:50 CET, not inside 02:10–02:50 summer time.
    only_ana: dict[str, Any] = {"attendees": ["ana"], "travellers": ()}
    winter = ev("winter", "meeting", at(31, 2, 10, BERLIN, 10, fold=1), at(31, 2, 50, BERLIN, 10, fold=1),
                **only_ana)
    summer = ev("summer", "meeting", at(31, 2, 10, BERLIN, 10), at(31, 2, 50, BERLIN, 10), **only_ana)
    late = ev("late", "meeting", at(31, 2, 30, BERLIN, 10, fold=1), at(31, 3, 30, BERLIN, 10), **only_ana)
    kw = {"start": date(2027, 10, 30), "end": date(2027, 11, 1), "tz": BERLIN}
    assert not found([summer, late], "overlap", **kw)
    [hit] = found([winter, late], "overlap", **kw)
    assert hit.message.startswith("Sun 31 Oct 02:30 CET: Ana is booked into 'Winter' (02:10 CET–02:50 CET)")
    assert hit.to_json()["at"] == "2027-10-31T02:30:00+01:00"


def test_overlap_with_a_flight_across_zones() -> None:
    # Leaves New York 18:45 on the 7th, lands in Lisbon 06:30 on the 8th: a 06:00 breakfast clashes.
    flight = ev("flight", "flight", at(7, 18, 45, NEW_YORK), at(8, 6, 30), attendees=["ana"])
    hits = found([flight, ev("breakfast", "meal", at(8, 6), at(8, 7), attendees=["ana"])], "overlap")
    assert len(hits) == 1 and "'Flight' (23:45–06:30 Mon 8 Mar)" in hits[0].message
    assert not found([flight, ev("breakfast", "meal", at(8, 6, 30), at(8, 7), attendees=["ana"])], "overlap")


# --- travel-time --------------------------------------------------------------------------------


def test_travel_time_default_between_different_places() -> None:
    hits = found([ev("kickoff", "meeting", at(9, 10), at(9, 12, 50), location="Acme HQ"),
                  ev("lunch", "meal", at(9, 13), at(9, 14), location="Cervejaria Ramiro")], "travel-time")
    assert len(hits) == 1
    assert hits[0].message == ("Tue 9 Mar 13:00: only 10 min between 'Kickoff' (ends 12:50, Acme HQ) and 'Lunch' "
                               "(Cervejaria Ramiro), but getting there takes about 30 min (an estimate; set the real "
                               "time in the trip file's [[travel_times]]: from, to, minutes); start later or leave "
                               "earlier.")


def test_no_travel_time_warning_when_there_is_time_or_no_travel() -> None:
    base = ev("kickoff", "meeting", at(9, 10), at(9, 12, 50), location="Acme HQ")
    assert not found([base, ev("lunch", "meal", at(9, 13, 20), at(9, 14), location="Ramiro")], "travel-time")
    assert not found([base, ev("next", "meeting", at(9, 12, 50), at(9, 14), location="  acme   hq ")], "travel-time")
    assert not found([base, ev("lunch", "meal", at(9, 13), at(9, 14))], "travel-time")  # no location
    assert not found([ev("flight", "flight", at(9, 8), at(9, 12, 50), location="JFK"),
                      ev("lunch", "meal", at(9, 13), at(9, 14), location="Ramiro")], "travel-time")


def test_travel_times_table_both_ways_unless_given() -> None:
    pair = [ev("kickoff", "meeting", at(9, 10), at(9, 12, 50), location="Acme HQ"),
            ev("lunch", "meal", at(9, 13), at(9, 14), location="Ramiro")]
    assert not found(pair, "travel-time", travel_times=[TravelTime("Ramiro", "acme hq", 5)])
    hits = found(pair, "travel-time", travel_times=[TravelTime("Ramiro", "Acme HQ", 5),
                                                      TravelTime("Acme HQ", "Ramiro", 45)])
    assert len(hits) == 1 and "takes 45 min" in hits[0].message
    assert found(pair, "travel-time", targets=Targets(travel_minutes_default=5)) == []


def test_travel_time_along_each_persons_own_events() -> None:
    events = [ev("a", "meeting", at(9, 10), at(9, 11), location="X", attendees=["ana"]),
              ev("b", "meeting", at(9, 11), at(9, 11, 20), attendees=["bo"]),
              ev("c", "meeting", at(9, 11, 15), at(9, 12), location="Y", attendees=["ana"])]
    hits = found(events, "travel-time")
    assert len(hits) == 1 and hits[0].events == ("a", "c") and hits[0].people == ("ana",)
    assert "(for Ana)" in hits[0].message


def test_travel_time_counts_real_minutes_across_spring_forward() -> None:
    # Berlin, Sun 28 Mar 2027 02:00 → 03:00: from 01:50 to 03:10 is 20 minutes.
    events = [ev("a", "meeting", at(28, 1, 0, BERLIN), at(28, 1, 50, BERLIN), location="X"),
              ev("b", "meeting", at(28, 3, 10, BERLIN), at(28, 4, 0, BERLIN), location="Y")]
    hits = found(events, "travel-time", start=date(2027, 3, 27), end=date(2027, 3, 29), tz=BERLIN)
    assert len(hits) == 1 and "only 20 min" in hits[0].message


def test_travel_time_across_the_repeated_hour_names_each_pass() -> None:
    # Berlin, Sun 31 Oct 2027 (25 hours): from 02:50 summer time to 02:10 winter time is 20 minutes,
    # although the wall clock seems to go backwards.
    events = [ev("a", "meeting", at(31, 2, 0, BERLIN, 10), at(31, 2, 50, BERLIN, 10), location="X"),
              ev("b", "meeting", at(31, 2, 10, BERLIN, 10, fold=1), at(31, 3, 0, BERLIN, 10), location="Y")]
    [hit] = found(events, "travel-time", start=date(2027, 10, 30), end=date(2027, 11, 1), tz=BERLIN)
    assert hit.message.startswith("Sun 31 Oct 02:10 CET: only 20 min between 'A' (ends 02:50 CEST, X) and 'B' (Y)")
    assert hit.day == date(2027, 10, 31)


# --- outside-hours ------------------------------------------------------------------------------


def test_work_outside_working_hours() -> None:
    hits = found([ev("early", "meeting", at(9, 7, 30), at(9, 8, 30)), ev("late", "workshop", at(9, 17), at(9, 18, 30)),
                  ev("night", "presentation", at(9, 23), at(10, 1))], "outside-hours")
    assert [h.events for h in hits] == [("early",), ("late",), ("night",)]
    assert hits[0].message == ("Tue 9 Mar: 'Early' (07:30–08:30) is outside working hours (09:00–18:00); move it into "
                               "the working day or change [trip.working_hours].")


def test_no_outside_hours_for_work_within_hours_or_for_other_kinds() -> None:
    assert not found([ev("day", "meeting", at(9, 9), at(9, 18)), ev("dinner", "meal", at(9, 20), at(9, 22)),
                      ev("talk", "conference", at(9, 19), at(9, 20))], "outside-hours")
    hours = WorkingHours(datetime(2000, 1, 1, 7).time(), datetime(2000, 1, 1, 20).time())
    assert not found([ev("early", "meeting", at(9, 7, 30), at(9, 8, 30))], "outside-hours", working_hours=hours)


def test_outside_hours_on_the_short_and_the_long_day() -> None:
    # The working day is measured in instants of each day: 09:00–18:00 is 9 hours on 28 Mar and 31 Oct too.
    kw = {"start": date(2027, 3, 27), "end": date(2027, 3, 29), "tz": BERLIN}
    assert not found([ev("day", "meeting", at(28, 9, tz=BERLIN), at(28, 18, tz=BERLIN))], "outside-hours", **kw)
    hits = found([ev("early", "meeting", at(28, 3, tz=BERLIN), at(28, 10, tz=BERLIN)),
                  ev("long", "workshop", at(31, 9, tz=BERLIN, month=10), at(31, 18, 30, tz=BERLIN, month=10))],
                 "outside-hours", start=date(2027, 3, 27), end=date(2027, 11, 1), tz=BERLIN)
    assert [(h.events, h.day) for h in hits] == [(("early",), date(2027, 3, 28)), (("long",), date(2027, 10, 31))]
    assert "'Early' (03:00 CEST–10:00 CEST)" in hits[0].message


def test_outside_hours_uses_the_events_own_zone_and_recurrence() -> None:
    # 16:00 in New York (21:00 in Lisbon) is within a New York working day.
    assert not found([ev("call", "meeting", at(8, 16, tz=NEW_YORK), at(8, 17, tz=NEW_YORK))], "outside-hours")
    standup = ev("standup", "meeting", at(8, 8), at(8, 8, 15), repeat="FREQ=DAILY")
    assert [h.day for h in found([standup], "outside-hours")] == [date(2027, 3, d) for d in (8, 9, 10)]


# --- jet-lag ------------------------------------------------------------------------------------

FLIGHT = ev("flight", "flight", at(7, 18, 45, NEW_YORK), at(8, 6, 30))


def test_jet_lag_on_arrival_day_and_the_day_after() -> None:
    events = [FLIGHT, ev("d1-early", "meeting", at(8, 9), at(8, 10)), ev("d1-ok", "meeting", at(8, 14), at(8, 15)),
              ev("d2-early", "meeting", at(9, 10), at(9, 11)), ev("d3-early", "meeting", at(10, 9), at(10, 10)),
              ev("d1-dinner", "meal", at(8, 7), at(8, 8))]
    hits = found(events, "jet-lag", home=NEW_YORK)
    assert [h.events for h in hits] == [("d1-early",), ("d2-early",)]
    assert hits[0].message == ("Mon 8 Mar: 'D1 Early' (09:00–10:00) is 04:00–05:00 on your home body clock "
                               "(America/New_York), night there; on the arrival day and the day after, keep work "
                               "within 12:00–18:00 Europe/Lisbon time: the working hours (09:00–18:00) when that "
                               "body clock is awake (07:00–22:00).")


def test_no_jet_lag_for_small_jumps_or_a_higher_threshold() -> None:
    early = ev("early", "meeting", at(8, 7), at(8, 8))
    assert not found([early], "jet-lag", home=zone("Europe/Madrid"))
    assert not found([FLIGHT, ev("d1", "meeting", at(8, 9), at(8, 10))], "jet-lag", home=NEW_YORK,
                     targets=Targets(jet_lag_hours=6))


def test_jet_lag_jump_is_measured_on_the_arrival_day_across_dst() -> None:
    # New York moves to summer time on Sun 14 Mar 2027, Lisbon only on 28 Mar: 4 h apart in between.
    flight = ev("flight", "flight", at(14, 20, tz=NEW_YORK), at(15, 8))
    meeting = ev("meeting", "meeting", at(15, 9), at(15, 10))
    assert not found([flight, meeting], "jet-lag", home=NEW_YORK, start=date(2027, 3, 15), end=date(2027, 3, 17))


def test_jet_lag_the_short_way_round_and_arrival_from_the_flight() -> None:
    tokyo, los_angeles = zone("Asia/Tokyo"), zone("America/Los_Angeles")
    flight = ev("flight", "flight", at(9, 11, tz=los_angeles, month=5), at(10, 14, 25, tz=tokyo, month=5))
    talk = ev("run-through", "meeting", at(10, 17, 30, tz=tokyo, month=5), at(10, 18, 30, tz=tokyo, month=5))
    trip_kw: dict[str, Any] = {"start": date(2027, 5, 9), "end": date(2027, 5, 14), "tz": tokyo, "home": los_angeles}
    timeline = Timeline(make_trip([flight, talk], **trip_kw))
    assert arrival_day(timeline) == date(2027, 5, 10)
    hits = found([flight, talk], "jet-lag", **trip_kw)
    assert len(hits) == 1 and "01:30–02:30 on your home body clock" in hits[0].message


# --- no-followup --------------------------------------------------------------------------------


def test_people_met_at_bonding_or_networking_need_a_followup() -> None:
    events = [ev("standup", "meeting", at(8, 9), at(8, 9, 15), attendees=["cy"]),
              ev("dinner", "meal", at(9, 20), at(9, 22), attendees=["ana", "bo"]),
              ev("mixer", "networking-event", at(8, 18), at(8, 20), attendees=["ana"])]
    followups = [FollowUp("fu-bo", "bo", "Send the deck", date(2027, 3, 15), done=True)]
    hits = found(events, "no-followup", followups=followups)
    assert len(hits) == 1 and hits[0].people == ("ana",)
    assert hits[0].message == ("Mon 8 Mar: Ana (met at 'Mixer') has no follow-up; add one, or run "
                               "'tripplan followups FILE --suggest'.")


def test_an_all_day_event_is_named_by_its_own_dates() -> None:
    # A day-long summit in Tokyo on Tue 9 Mar (Lisbon is nine hours behind): met there on the 9th, not the 8th.
    summit = all_day("summit", "networking-event", date(2027, 3, 9), date(2027, 3, 10), tz=zone("Asia/Tokyo"),
                     attendees=["ana"])
    [hit] = found([summit], "no-followup")
    assert hit.day == date(2027, 3, 9) and hit.message.startswith("Tue 9 Mar: Ana (met at 'Summit')")
    [proposal] = suggest_followups(make_trip([summit]))
    assert proposal.what == "Follow up with Ana after 'Summit' (Tue 9 Mar)"


# --- objectives ---------------------------------------------------------------------------------


def test_objective_without_events_and_people_absent() -> None:
    objectives = [Objective("trust", "Win Ana's trust", people=["ana", "bo"]),
                  Objective("cto", "Meet the CTO", people=["cy"]),
                  Objective("old", "An achieved goal", status=ObjectiveStatus.ACHIEVED, people=["cy"]),
                  Objective("gone", "Dropped", status=ObjectiveStatus.DROPPED)]
    events = [ev("kickoff", "meeting", at(9, 10), at(9, 11), attendees=["ana"], objective="trust"),
              ev("dinner", "meal", at(9, 20), at(9, 22), attendees=["ana"], objective="trust"),
              ev("old-meeting", "meeting", at(9, 12), at(9, 13), objective="old")]
    trip = make_trip(events, objectives=objectives, people=[person("cy")])
    findings = run_checks(Timeline(trip))
    no_event = [f for f in findings if f.code == "objective-no-event"]
    absent = [f for f in findings if f.code == "objective-people-absent"]
    assert [f.message for f in no_event] == [
        "Objective 'Meet the CTO' has no event planned for it; plan a meeting or a meal with Cy and set its "
        "objective to 'cto'."]
    # Bo is at neither event of the goal: one warning for Bo and the goal, not one per event.
    assert [(f.events, f.people) for f in absent] == [(("kickoff", "dinner"), ("bo",))]
    assert absent[0].message == ("Objective 'Win Ana's trust': bo is not invited to any of its 2 events ('Kickoff', "
                                 "'Dinner'); invite them to one, or plan one with them.")


# --- all together -------------------------------------------------------------------------------


def test_analyse_sorts_trip_wide_first_then_by_time() -> None:
    events = [ev("late", "meeting", at(10, 19), at(10, 20)), ev("early", "meeting", at(8, 7), at(8, 8))]
    trip = make_trip(events, objectives=[Objective("goal", "A goal")])
    _, _, findings = analyse(trip)
    assert findings[0].code in ("objective-no-event", "balance-culture") and findings[0].day is None
    days = [f.day for f in findings if f.day is not None]
    assert days == sorted(days)
    assert {f.code for f in findings} <= set(CODES)


def test_a_clean_trip_has_no_findings() -> None:
    events = [ev("work", "meeting", at(d, 9), at(d, 17), location="Office") for d in (8, 9, 10)]
    events += [ev(f"dinner-{d}", "meal", at(d, 19), at(d, 21), location="Taberna") for d in (8, 9, 10)]
    events.append(ev("museum", "museum", at(9, 17, 30), at(9, 18, 15), location="Gulbenkian"))
    _, balance, findings = analyse(make_trip(events))
    assert findings == [] and balance.score == 100


def test_lisbon_is_the_default_zone() -> None:
    assert make_trip().timezone is LISBON
