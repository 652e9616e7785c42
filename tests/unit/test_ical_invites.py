"""Invites: SEQUENCE rises for exactly the changed events, cancellations go out, the trip records what was sent."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from tests.ical_helpers import FROZEN, ICS, load
from tripplan.ical.invites import InvitePlan, file_stem, pending_sequence, plan_invites, settle
from tripplan.ical.lint import lint
from tripplan.time.zones import instant
from tripplan.trip.model import Person, ReceivedEvent, Trip


def _run(trip: Trip, organizer: str = "zoe", people: list[str] | None = None, *, later: int = 0) -> InvitePlan:
    """One invites run, recorded in *trip* as the command would."""
    person = trip.person(organizer)
    assert person is not None
    chosen = None if people is None else [p for p in trip.people if p.id in people]
    plan = plan_invites(trip, person, chosen, FROZEN + timedelta(hours=later))
    trip.sent = plan.records
    return plan


def _sequences(plan: InvitePlan, stem: str) -> dict[str, int]:
    files = next(f for f in plan.files if f.stem == stem)
    cal = icalendar.Calendar.from_ical(files.request_text)
    return {str(e["UID"]).split("@")[0]: int(e["SEQUENCE"]) for e in cal.walk("VEVENT")}


def _cancels(plan: InvitePlan, stem: str) -> icalendar.Calendar | None:
    files = next((f for f in plan.files if f.stem == stem), None)
    if files is None or not files.cancel_text:
        return None
    assert lint(files.cancel_text.encode()) == []
    return icalendar.Calendar.from_ical(files.cancel_text)


@pytest.fixture
def trip() -> Trip:
    return load(ICS / "edge.toml")


def test_first_run_sends_sequence_zero_and_records_it(trip: Trip) -> None:
    plan = _run(trip)
    assert _sequences(plan, "smith") == {"standup": 0, "weekly": 0, "hostile": 0, "utc-call": 0}
    assert {r.event for r in trip.sent} == {"flight-in", "standup", "museum", "hostile", "weekly", "night-walk",
                                           "utc-call"}
    record = next(r for r in trip.sent if r.event == "standup")
    assert record.sequence == 0 and record.uid == "standup@edge-trip" and record.organizer.email == "zoe@example.com"
    assert [r.email for r in record.to] == ["john.smith@example.org", "mei@example.cn", "zoe@example.com"]
    assert set(plan.changed.values()) == {"new"}


def test_rerun_without_change_keeps_every_sequence(trip: Trip) -> None:
    first = _run(trip)
    fingerprints = {r.event: r.fingerprint for r in trip.sent}
    second = _run(trip, later=1)
    assert _sequences(second, "smith") == _sequences(first, "smith")
    assert {r.event: r.fingerprint for r in trip.sent} == fingerprints
    assert set(second.changed.values()) == {"unchanged"}


@pytest.mark.parametrize(("field", "value"), [
    ("title", "Renamed workshop"), ("location", "Room 2"), ("start_utc", None), ("attendees", ("zoe",)),
])
def test_a_change_of_time_place_title_or_attendees_bumps_only_that_event(trip: Trip, field: str,
                                                                        value: object) -> None:
    _run(trip)
    event = trip.event("hostile")
    assert event is not None
    if field == "start_utc":
        value = event.start_utc - timedelta(hours=1)
    trip.events[trip.events.index(event)] = dataclasses.replace(event, **{field: value})
    plan = _run(trip, later=1)
    assert _sequences(plan, "zoe") == {"flight-in": 0, "standup": 0, "hostile": 1}
    assert plan.changed["hostile"] == "updated" and plan.changed["standup"] == "unchanged"


def test_moving_to_the_second_pass_of_the_repeated_hour_bumps(trip: Trip) -> None:
    """02:30 happens twice in Berlin on 31 Oct 2027: moving between the passes is a change (same wall time)."""
    berlin = trip.timezone
    first = instant(datetime(2027, 10, 31, 2, 30), berlin)  # 02:30 CEST = 00:30Z
    original = trip.event("hostile")
    assert original is not None
    event = dataclasses.replace(original, start_utc=first, end_utc=first + timedelta(minutes=30))
    trip.events[trip.events.index(original)] = event
    _run(trip)
    second = first + timedelta(hours=1)  # 02:30 CET, the same wall time an hour later
    assert second.astimezone(berlin).strftime("%H:%M") == first.astimezone(berlin).strftime("%H:%M")
    trip.events[trip.events.index(event)] = dataclasses.replace(event, start_utc=second,
                                                                end_utc=second + timedelta(minutes=30))
    plan = _run(trip, later=1)
    assert plan.changed["hostile"] == "updated" and _sequences(plan, "zoe")["hostile"] == 1
    text = next(f for f in plan.files if f.stem == "zoe").request_text
    vevent = next(e for e in icalendar.Calendar.from_ical(text).walk("VEVENT") if str(e["UID"]) == "hostile@edge-trip")
    assert vevent["DTSTART"].dt.astimezone(UTC) == second  # and the invite carries the second 02:30


def test_notes_and_reminders_do_not_bump(trip: Trip) -> None:
    _run(trip)
    event = trip.event("hostile")
    assert event is not None
    trip.events[trip.events.index(event)] = dataclasses.replace(event, notes="other", reminders=())
    assert _sequences(_run(trip, later=1), "zoe")["hostile"] == 0


def test_a_person_dropped_from_an_event_gets_a_cancel(trip: Trip) -> None:
    _run(trip)
    event = trip.event("hostile")
    assert event is not None
    trip.events[trip.events.index(event)] = dataclasses.replace(event, attendees=("zoe",))
    plan = _run(trip, later=1)
    cancel = _cancels(plan, "smith")
    assert cancel is not None and str(cancel["METHOD"]) == "CANCEL"
    vevent = cancel.walk("VEVENT")[0]
    assert (str(vevent["UID"]), int(vevent["SEQUENCE"]), str(vevent["STATUS"])) == ("hostile@edge-trip", 1,
                                                                                    "CANCELLED")
    assert str(vevent["ATTENDEE"]) == "mailto:john.smith@example.org"
    assert "hostile" not in _sequences(plan, "smith")
    record = next(r for r in trip.sent if r.event == "hostile")
    assert [r.email for r in record.to] == ["zoe@example.com"] and record.sequence == 1
    assert _cancels(_run(trip, later=2), "smith") is None  # sent once


def test_a_deleted_event_is_cancelled_for_everyone_once(trip: Trip) -> None:
    _run(trip)
    trip.events = [e for e in trip.events if e.id != "standup"]
    plan = _run(trip, later=1)
    for stem in ("zoe", "smith", "mei"):
        cancel = _cancels(plan, stem)
        assert cancel is not None
        vevent = cancel.walk("VEVENT")[0]
        assert str(vevent["UID"]) == "standup@edge-trip" and int(vevent["SEQUENCE"]) == 1
        assert "RRULE" in vevent and str(vevent["ORGANIZER"]) == "mailto:zoe@example.com"
    record = next(r for r in trip.sent if r.event == "standup")
    assert record.to == [] and record.sequence == 1  # kept: a re-created event must go above it
    assert all(_cancels(_run(trip, later=2), stem) is None for stem in ("zoe", "smith", "mei"))


def test_chosen_people_only_and_others_later(trip: Trip) -> None:
    plan = _run(trip, people=["smith"])
    assert [f.stem for f in plan.files] == ["smith"]
    assert {r.event for r in trip.sent} == {"standup", "hostile", "weekly", "utc-call"}
    event = trip.event("hostile")
    assert event is not None
    trip.events[trip.events.index(event)] = dataclasses.replace(event, location="Room 9")
    later = _run(trip, people=["zoe"], later=1)
    assert _sequences(later, "zoe") == {"flight-in": 0, "standup": 0, "hostile": 1}
    # Smith has not been sent the new room yet; his next invite carries the same, higher SEQUENCE.
    assert _sequences(_run(trip, people=["smith"], later=2), "smith")["hostile"] == 1


def test_a_recipient_left_out_of_a_run_keeps_the_sequence_they_hold(trip: Trip) -> None:
    _run(trip)
    event = trip.event("hostile")
    assert event is not None
    trip.events[trip.events.index(event)] = dataclasses.replace(event, location="Room 9")
    _run(trip, people=["zoe"], later=1)
    record = next(r for r in trip.sent if r.event == "hostile")
    assert record.sequence == 1
    assert record.held("zoe@example.com") == 1 and record.held("john.smith@example.org") == 0  # not sent Room 9


def test_settle_records_only_what_was_delivered(trip: Trip) -> None:
    _run(trip)
    event = trip.event("hostile")
    assert event is not None
    trip.events[trip.events.index(event)] = dataclasses.replace(event, location="Room 9")
    person = trip.person("zoe")
    assert person is not None
    plan = plan_invites(trip, person, None, FROZEN + timedelta(hours=1))
    records = settle(trip, plan, {("john.smith@example.org", "hostile", False)})
    record = next(r for r in records if r.event == "hostile")
    assert record.sequence == 1
    assert record.held("john.smith@example.org") == 1 and record.held("zoe@example.com") == 0  # hers failed
    assert next(r for r in records if r.event == "standup") is next(r for r in trip.sent if r.event == "standup")
    assert settle(trip, plan, set()) == trip.sent  # nothing delivered: nothing changes


def test_changing_the_organizer_bumps_and_people_without_email_are_named(trip: Trip) -> None:
    _run(trip)
    plan = _run(trip, organizer="smith", later=1)
    assert set(_sequences(plan, "zoe").values()) == {1}
    assert any("Nobody Without Mail" in note for note in plan.notes)


def test_imported_sequence_is_the_starting_point(trip: Trip) -> None:
    trip.received = [ReceivedEvent("hostile", 7)]
    event = trip.event("hostile")
    assert event is not None
    assert pending_sequence(trip, event) == 7
    assert _sequences(_run(trip), "zoe")["hostile"] == 7


@pytest.mark.parametrize(("ident", "stem"), [
    ("ana-ruiz", "ana-ruiz"), ("..hidden", "hidden"), ("CON", "person-CON"), ("lpt1.x", "person-lpt1.x"),
    ("a/b\\c", "a-b-c"), ("---", "person"), ("x" * 99, "x" * 60),
])
def test_file_names_are_safe(ident: str, stem: str) -> None:
    assert file_stem(Person(id=ident, name="N"), set()) == stem


def test_file_names_are_unique_ignoring_case() -> None:
    taken: set[str] = set()
    assert [file_stem(Person(id=i, name="N"), taken) for i in ("Ana", "ana", "ANA")] == ["Ana", "ana-2", "ANA-3"]


def test_invite_files_stay_inside_the_folder(tmp_path: Path) -> None:
    trip = load(ICS / "edge.toml")
    plan = plan_invites(trip, trip.people[0], None, FROZEN)
    for files in plan.files:
        target = (tmp_path / f"{files.stem}.ics").resolve()
        assert target.parent == tmp_path.resolve()
