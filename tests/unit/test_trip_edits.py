"""People, objectives and follow-ups edited as undoable steps: references stay whole, undo restores exactly."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tripplan.edit.changes import (
    add_events,
    add_followups,
    add_log_entry,
    add_objective,
    add_person,
    check_item,
    copy_trip,
    delete_event,
    delete_followup,
    delete_log_entry,
    delete_objective,
    delete_person,
    free_id,
    link_events,
    merge,
    person_links,
    set_status,
    toggle_done,
    update_followup,
    update_person,
)
from tripplan.edit.session import EditSession
from tripplan.files.encode import dumps
from tripplan.files.storage import parse_trip
from tripplan.trip.model import FollowUp, LogEntry, Objective, ObjectiveStatus, Person, Recipient, SentInvite, Trip


@pytest.fixture
def session(tmp_path: Path) -> EditSession:
    path = tmp_path / "lisbon.toml"
    path.write_bytes((SAMPLES / "lisbon-client-visit.toml").read_bytes())
    return EditSession.open(path)


def _saves(trip: Trip) -> None:
    """The trip would load again (every reference points at something)."""
    parse_trip(dumps(trip).encode("utf-8"), "probe.toml")


def _undo_restores(session: EditSession, before: str) -> None:
    session.undo()
    assert dumps(session.trip) == before
    session.redo()
    session.undo()
    assert dumps(session.trip) == before


def test_free_id() -> None:
    assert free_id("Ana Ruiz", []) == "ana-ruiz"
    assert free_id("Ana Ruiz", ["ana-ruiz", "ana-ruiz-2"]) == "ana-ruiz-3"
    assert free_id("  ¡Olá, João!  ", []) == "ola-joao"
    assert free_id("", []) == "item"


def test_add_and_update_person(session: EditSession) -> None:
    before = dumps(session.trip)
    add_person(session, Person(id="li-wei", name="Li Wei", role=session.trip.people[0].role))
    assert session.trip.person("li-wei") is not None and session.dirty
    _saves(session.trip)
    _undo_restores(session, before)
    with pytest.raises(ValueError, match="already exists"):
        add_person(session, Person(id="ana-ruiz", name="Ana"))
    ana = session.trip.person("ana-ruiz")
    assert ana is not None
    update_person(session, Person(**{**ana.__dict__, "org": "Acme Global"}))
    assert session.trip.person("ana-ruiz").org == "Acme Global"  # type: ignore[union-attr]
    assert session.trip.people.index(session.trip.person("ana-ruiz")) == 0  # keeps its place  # type: ignore[arg-type]
    _undo_restores(session, before)


def test_delete_person_keeps_references_whole(session: EditSession) -> None:
    trip = session.trip
    links = person_links(trip, "ana-ruiz")
    assert links.events and links.objectives and links.followups
    before = dumps(trip)
    delete_person(session, "ana-ruiz")
    assert trip.person("ana-ruiz") is None
    assert not any("ana-ruiz" in e.attendees for e in trip.events)
    assert len(trip.events) == len(parse_trip(before.encode(), "x").events)  # events kept
    assert not any("ana-ruiz" in o.people for o in trip.objectives)
    assert not any(f.person == "ana-ruiz" for f in trip.followups)
    _saves(trip)
    assert session.undo_label.startswith("delete Ana Ruiz")
    _undo_restores(session, before)


def test_delete_person_with_their_own_events(session: EditSession) -> None:
    trip = session.trip
    person = next(p for p in trip.people if person_links(trip, p.id).alone)
    alone = {e.id for e in person_links(trip, person.id).alone}
    before = dumps(trip)
    delete_person(session, person.id, with_events=True)
    assert not alone & {e.id for e in trip.events}
    assert not any(f.event in alone for f in trip.followups)
    _saves(trip)
    _undo_restores(session, before)


def test_conversation_log_stays_in_date_order(session: EditSession) -> None:
    before = dumps(session.trip)
    add_log_entry(session, "ana-ruiz", LogEntry(date(2026, 1, 1), "first coffee"))
    add_log_entry(session, "ana-ruiz", LogEntry(date(2027, 3, 9), "lunch"))
    log = session.trip.person("ana-ruiz").log  # type: ignore[union-attr]
    assert log[0].text == "first coffee" and log[-1].text == "lunch"
    assert [e.on for e in log] == sorted(e.on for e in log)
    delete_log_entry(session, "ana-ruiz", 0)
    assert session.trip.person("ana-ruiz").log[0].text != "first coffee"  # type: ignore[union-attr]
    for _ in range(2):
        session.undo()
    _undo_restores(session, before)


def test_objectives(session: EditSession) -> None:
    trip = session.trip
    before = dumps(trip)
    add_objective(session, Objective(id="new-goal", title="Meet the CFO", people=["ana-ruiz"]))
    set_status(session, "new-goal", ObjectiveStatus.ACHIEVED)
    assert trip.objective("new-goal").status is ObjectiveStatus.ACHIEVED  # type: ignore[union-attr]
    some = [e.id for e in trip.events[:3]]
    change = link_events(session, "new-goal", some)
    assert change is not None and {e.id for e in trip.events if e.objective == "new-goal"} == set(some)
    assert link_events(session, "new-goal", some) is None  # nothing to change
    link_events(session, "new-goal", some[:1])  # the others are unlinked
    assert [e.id for e in trip.events if e.objective == "new-goal"] == some[:1]
    _saves(trip)
    linked = next(o.id for o in trip.objectives if any(e.objective == o.id for e in trip.events))
    delete_objective(session, linked)
    assert trip.objective(linked) is None and not any(e.objective == linked for e in trip.events)
    _saves(trip)
    for _ in range(4):
        session.undo()
    _undo_restores(session, before)


def test_followups(session: EditSession) -> None:
    trip = session.trip
    before = dumps(trip)
    first = trip.followups[0]
    toggle_done(session, first.id)
    assert trip.followups[0].done is not first.done
    update_followup(session, FollowUp(**{**trip.followups[0].__dict__, "what": "Call instead"}))
    assert trip.followups[0].what == "Call instead"
    new = FollowUp(id="fu-x", person="ana-ruiz", what="Send photos", due=date(2027, 3, 20))
    add_followups(session, [new])
    with pytest.raises(ValueError, match="already used"):
        add_followups(session, [new])
    delete_followup(session, "fu-x")
    assert all(f.id != "fu-x" for f in trip.followups)
    _saves(trip)
    for _ in range(3):
        session.undo()
    _undo_restores(session, before)


def test_delete_event_unlinks_followups(session: EditSession) -> None:
    trip = session.trip
    followup = next(f for f in trip.followups if f.event)
    before = dumps(trip)
    delete_event(session, followup.event)
    assert trip.event(followup.event) is None
    assert next(f for f in trip.followups if f.id == followup.id).event == ""
    _saves(trip)
    _undo_restores(session, before)


def test_add_events_is_one_step(session: EditSession) -> None:
    trip = session.trip
    before = dumps(trip)
    extra = [replace(trip.events[0], id="x1"), replace(trip.events[1], id="x2")]
    add_events(session, extra, "add 2 suggested activities")
    assert trip.event("x1") and trip.event("x2")
    _undo_restores(session, before)


def test_merge_a_changed_copy(session: EditSession) -> None:
    trip = session.trip
    before = dumps(trip)
    changed = copy_trip(trip)
    changed.events[0] = replace(changed.events[0], title="Renamed")
    del changed.events[1]
    changed.people.append(Person(id="new-person", name="New Person"))
    gone = trip.events[1].id
    assert merge(session, "import x.ics", copy_trip(trip)) is None  # nothing differs
    merge(session, "import x.ics", changed)
    assert trip.events[0].title == "Renamed" and trip.event(gone) is None and trip.person("new-person")
    assert session.undo_label == "import x.ics"
    _undo_restores(session, before)


def test_check_item_uses_the_trip_file_rules(session: EditSession) -> None:
    trip = session.trip
    problems = check_item(trip, "people", Person(id="bad id", name="X", email="nope"))
    assert {p.path for p in problems} == {"id", "email"}
    problems = check_item(trip, "followups", FollowUp(id="f", person="nobody", what="x", due=date(2027, 3, 1)))
    assert [p.path for p in problems] == ["person"]
    assert check_item(trip, "objectives", Objective(id="o", title="T", people=["ana-ruiz"])) == []


def test_sent_records_are_facts_outside_undo(session: EditSession) -> None:
    trip = session.trip
    move = trip.events[0]
    session.move_event(move.id, timedelta(minutes=15))
    record = SentInvite(event=move.id, uid="u", sequence=3, fingerprint="f", sent_at=move.start_utc,
                        organizer=Recipient("a", "A", "a@x.example"), title=move.title,
                        start_utc=move.start_utc, end_utc=move.end_utc, tz=move.tz, end_tz=move.end_tz)
    session.record_sent([record])
    assert session.dirty
    session.undo()  # takes back the move, not what was sent
    assert trip.sent == [record] and session.dirty
    session.save()
    assert not session.dirty


def test_delete_a_teammate_listed_among_an_events_travellers() -> None:
    # The roadshow's Priya hosts a dinner alone (travellers = ["priya-nair"]) and tours Asakusa alone: deleting her
    # takes her off those lists, so the trip still saves (a gone traveller named in travellers is an error), and
    # undo brings her back to them.
    trip = parse_trip((SAMPLES / "asia-roadshow.toml").read_bytes(), "asia-roadshow.toml")
    session = EditSession(trip, None, None)
    listed = {e.id for e in trip.events if "priya-nair" in (e.travellers or ())}
    assert listed and {e.id for e in person_links(trip, "priya-nair").events} >= listed
    before = dumps(trip)
    delete_person(session, "priya-nair")
    assert not any("priya-nair" in (e.travellers or ()) for e in trip.events)
    assert all(e.travellers == () for e in trip.events if e.id in listed)  # now no traveller goes: not "everyone"
    assert sum(e.travellers is None for e in trip.events) == sum(
        e.travellers is None for e in parse_trip(before.encode(), "x").events)
    _saves(trip)
    _undo_restores(session, before)
