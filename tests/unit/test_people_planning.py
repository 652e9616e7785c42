"""Objectives, people briefs and follow-ups: the relationship side of planning."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.unit.plan_helpers import all_day, at, ev, make_trip, person
from tripplan.errors import InputError
from tripplan.planning.briefs import build_brief, find_event, next_event, occurrence, render_brief
from tripplan.planning.followups import list_followups, status, suggest_followups
from tripplan.planning.objectives import plan_objectives, render_objectives
from tripplan.time.zones import zone
from tripplan.trip.model import FollowUp, LogEntry, Objective, ObjectiveStatus, Role, Targets, Trip


def utc(pair: tuple[datetime, datetime]) -> tuple[datetime, datetime]:
    """Both instants in UTC, so comparing them cannot fall back on wall time."""
    return pair[0].astimezone(UTC), pair[1].astimezone(UTC)


def relationship_trip() -> Trip:
    ana = person("ana", name="Ana Ruiz", org="Acme", role=Role.CLIENT, interests=["jazz", "running"],
                 notes="Worried about the timeline.", met_at="Web Summit",
                 log=[LogEntry(date(2027, 2, 24), "Confirmed the visit."),
                      LogEntry(date(2027, 1, 20), "Pricing call.")])
    bo = person("bo", name="Bo Li", org="Acme")
    cy = person("cy", name="Cy Ng", interests=["chess"])
    objectives = [Objective("trust", "Win Ana's trust", ObjectiveStatus.IN_PROGRESS, ["ana"]),
                  Objective("cto", "Meet the CTO", people=["cy"]),
                  Objective("old", "Old idea", ObjectiveStatus.DROPPED, ["ana"])]
    events = [ev("kickoff-0001", "meeting", at(9, 10), at(9, 11), attendees=["ana", "bo"], objective="trust",
                 location="Acme HQ"),
              ev("kickoff-0002", "meeting", at(9, 14), at(9, 15), attendees=["bo"]),
              ev("dinner", "meal", at(9, 20), at(9, 22), attendees=["ana", "cy"]),
              ev("mixer", "networking-event", at(8, 18), at(8, 20), attendees=["cy", "bo"]),
              ev("standup", "meeting", at(8, 9), at(8, 9, 15), repeat="FREQ=DAILY", attendees=["bo"])]
    followups = [FollowUp("fu-ana", "ana", "Send the plan", date(2027, 3, 12)),
                 FollowUp("fu-ana-old", "ana", "Send the photos", date(2027, 3, 5), done=True),
                 FollowUp("fu-bo", "bo", "Send the deck", date(2027, 3, 8))]
    return make_trip(events, people=[ana, bo, cy], objectives=objectives, followups=followups)


# --- follow-ups ---------------------------------------------------------------------------------


def test_followup_status_and_order() -> None:
    trip = relationship_trip()
    lines = list_followups(trip, date(2027, 3, 9))
    assert [(line.followup.id, line.status) for line in lines] == [("fu-bo", "overdue"), ("fu-ana", "due"),
                                                                    ("fu-ana-old", "done")]
    assert status(trip.followups[2], date(2027, 3, 8)) == "due"  # due today is not overdue
    assert lines[0].to_json()["person_name"] == "Bo Li"


def test_followups_are_suggested_for_people_met_without_one() -> None:
    trip = relationship_trip()
    proposals = suggest_followups(trip)
    assert [(f.id, f.person, f.due, f.event) for f in proposals] == [("fu-cy", "cy", date(2027, 3, 12), "mixer")]
    assert proposals[0].what == "Follow up with Cy Ng after 'Mixer' (Mon 8 Mar); mention chess"
    later = make_trip(trip.events, people=trip.people, targets=Targets(followup_days_after=7))
    assert {f.due for f in suggest_followups(later)} == {date(2027, 3, 17)}


def test_suggested_followup_ids_stay_unique_and_short() -> None:
    long_id = "p" * 100
    trip = make_trip([ev("mixer", "networking-event", at(8, 18), at(8, 20), attendees=[long_id])],
                     followups=[], people=[person(long_id)])
    trip.followups.append(FollowUp(("fu-" + long_id)[:100], "other", "x", date(2027, 3, 1)))
    ident = suggest_followups(trip)[0].id
    assert len(ident) <= 100 and ident.endswith("-2")


# --- briefs -------------------------------------------------------------------------------------


def test_brief_cards_hold_what_to_remember() -> None:
    trip = relationship_trip()
    event = find_event(trip, "kickoff-0001")
    brief = build_brief(trip, event, event.start_utc, event.end_utc)
    ana, bo = brief.cards
    assert ana.last_talk is not None and ana.last_talk.text == "Confirmed the visit."
    assert [o.id for o in ana.objectives] == ["trust", "old"]
    assert [f.id for f in ana.followups] == ["fu-ana"]  # done ones are left out
    assert bo.last_talk is None and [f.id for f in bo.followups] == ["fu-bo"]
    text = render_brief(trip, brief)
    assert text.startswith("Kickoff 0001 — Tue 9 Mar 10:00–11:00 (Europe/Lisbon)\nat Acme HQ\n"
                           "Objective: Win Ana's trust [in-progress]\n")
    for line in ("● Ana Ruiz (client, Acme)", "  Interests: jazz, running", "  Remember: Worried about the timeline.",
                 "  Met at: Web Summit", "  Last talk (Wed 24 Feb 2027): Confirmed the visit.",
                 "  Shared objective: Win Ana's trust [in-progress]",
                 "  Open follow-up (due Fri 12 Mar): Send the plan",
                 "● Bo Li (colleague, Acme)"):
        assert line in text.splitlines()
    last = brief.to_json()["attendees"][0]["last_conversation"]
    assert last == {"date": "2027-02-24", "text": "Confirmed the visit."}


def test_event_lookup_by_unique_prefix() -> None:
    trip = relationship_trip()
    assert find_event(trip, "din").id == "dinner"
    with pytest.raises(InputError, match="matches 2 events"):
        find_event(trip, "kickoff")
    with pytest.raises(InputError, match="is no event in this trip"):
        find_event(trip, "nothing")


def test_next_event_with_attendees_and_recurring_occurrences() -> None:
    trip = relationship_trip()
    found = next_event(trip, at(9, 10, 30))
    assert found is not None and found[0].id == "kickoff-0002"
    assert next_event(trip, at(11, 0)) is None
    standup = find_event(trip, "standup")
    assert utc(occurrence(trip, standup, at(9, 12))) == utc((at(10, 9), at(10, 9, 15)))
    assert utc(occurrence(trip, standup, at(20, 12))) == utc((at(8, 9), at(8, 9, 15)))  # all past: the first


def test_brief_without_attendees() -> None:
    trip = make_trip([ev("alone", "meeting", at(8, 9), at(8, 10))])
    event = trip.events[0]
    brief = build_brief(trip, event, event.start_utc, event.end_utc)
    assert "No attendees: nobody to brief on." in render_brief(trip, brief)


def test_brief_shows_wall_times_of_the_instants_it_is_given() -> None:
    # Instants in UTC in, wall times out: the all-day summit in Berlin begins at 23:00 UTC the day before.
    berlin = zone("Europe/Berlin")
    summit = all_day("summit", "conference", date(2027, 3, 9), date(2027, 3, 11), tz=berlin, attendees=["ana"])
    call = ev("call", "meeting", at(31, 2, 30, berlin, 10, fold=1), at(31, 3, 30, berlin, 10), attendees=["ana"])
    trip = make_trip([summit, call], tz=berlin, end=date(2027, 10, 31))
    brief = build_brief(trip, summit, summit.start_utc, summit.end_utc)
    assert render_brief(trip, brief).startswith("Summit — Tue 9 Mar – Wed 10 Mar, all day\n")
    assert brief.to_json()["event"]["start"] == "2027-03-09T00:00:00+01:00"
    brief = build_brief(trip, call, call.start_utc, call.end_utc)
    assert render_brief(trip, brief).startswith("Call — Sun 31 Oct 02:30 CET–03:30 CET (Europe/Berlin)\n")
    assert brief.to_json()["event"]["start"] == "2027-10-31T02:30:00+01:00"


# --- objectives ---------------------------------------------------------------------------------


def test_objectives_with_their_plan_and_warnings() -> None:
    trip = relationship_trip()
    plans = {p.objective.id: p for p in plan_objectives(trip)}
    trust = plans["trust"]
    assert [s.event.id for s in trust.linked] == ["kickoff-0001"]
    assert [s.event.id for s in trust.with_people] == ["dinner"]
    assert [f.id for f in trust.followups] == ["fu-ana-old", "fu-ana"]
    assert trust.warnings == []
    assert [w.code for w in plans["cto"].warnings] == ["objective-no-event"]
    assert plans["old"].with_people == []  # dropped: no hints
    text = render_objectives(trip, list(plans.values()), date(2027, 3, 9))
    assert "◐ Win Ana's trust  [in-progress]  (trust)" in text
    assert "  planned: Tue 9 Mar 10:00–11:00  Kickoff 0001" in text
    assert "  planned: nothing yet" in text and "× Old idea  [dropped]  (old)" in text
    assert plans["cto"].to_json()["warnings"][0]["code"] == "objective-no-event"


def test_objectives_absent_people_warning_belongs_to_its_objective() -> None:
    trip = relationship_trip()
    trip.events.append(ev("prep", "meeting", at(8, 11), at(8, 12), objective="trust"))
    trip.objectives[0].people.append("zoe")  # in no event of the goal (the prep without the others is fine)
    plans = {p.objective.id: p for p in plan_objectives(trip)}
    assert [w.code for w in plans["trust"].warnings] == ["objective-people-absent"]
    assert [w.code for w in plans["cto"].warnings] == ["objective-no-event"]


def test_no_objectives() -> None:
    assert render_objectives(make_trip(), [], date(2027, 3, 9)).startswith("No objectives yet.")
