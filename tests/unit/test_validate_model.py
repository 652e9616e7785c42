"""The rules on the model (``tripplan.trip.validate``) agree with the trip-file decoder, with no TOML in between.

For generated changes to a good trip, ``validate.problems(trip)`` is empty
exactly when ``decode(encode(trip))`` finds nothing, and both name the same
fields; the editor's ``check_event`` never serialises the trip.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tripplan.edit.session import check_event
from tripplan.files.decode import decode
from tripplan.files.encode import encode, event_sort_key
from tripplan.files.storage import read_trip
from tripplan.trip import validate
from tripplan.trip.model import Trip

DATA = Path(__file__).parent.parent / "data" / "good"
TRIP, _ = read_trip(DATA / "small.toml")

_REFS = ["ana-ruiz", "nobody", "ana-ruz", ""]
_RULES = ["", "FREQ=DAILY;COUNT=3", "FREQ=SOMETIMES", "DTSTART:20270101T000000Z\nFREQ=DAILY"]
_IDS = ["e1", "", "  ", "x" * 300, "bad\x01id"]
_SHIFTS = [timedelta(0), timedelta(hours=-2), timedelta(days=367), timedelta(days=-1)]
_YEARS = [None, 1850, 2250]

mutation = st.fixed_dictionaries({
    "event": st.integers(0, len(TRIP.events) - 1),
    "id": st.sampled_from([None, *_IDS]),
    "title": st.sampled_from([None, "", " ", "Lunch"]),
    "repeat": st.sampled_from([None, *_RULES]),
    "attendees": st.lists(st.sampled_from(_REFS[:3]), max_size=2),
    "objective": st.sampled_from([None, *_REFS]),
    "travellers": st.sampled_from([None, (), ("ana-ruiz",), ("nobody",)]),
    "end": st.sampled_from(_SHIFTS),
    "year": st.sampled_from(_YEARS),
    "email": st.sampled_from([None, "mailto:ana@acme.example", "not an address"]),
    "trip_end": st.sampled_from([None, -400, 400]),
})


def _mutated(m: dict[str, Any], *, file_order: bool = True) -> Trip:
    event = TRIP.events[m["event"]]
    changes: dict[str, Any] = {key: m[key] for key in ("id", "title", "repeat", "objective") if m[key] is not None}
    if m["attendees"]:
        changes["attendees"] = tuple(m["attendees"])
    if m["travellers"] is not None:
        changes["travellers"] = m["travellers"]
    if m["year"] is not None and not event.all_day:
        changes["start_utc"] = datetime(m["year"], 6, 1, 10, tzinfo=UTC)
        changes["end_utc"] = changes["start_utc"] + timedelta(hours=1)
    if not event.all_day:
        changes["end_utc"] = changes.get("end_utc", event.end_utc) + m["end"]
    events = list(TRIP.events)
    events[m["event"]] = replace(event, **changes)
    people = list(TRIP.people)
    if m["email"] is not None:
        people[0] = replace(people[0], email=m["email"])
    end = TRIP.end + timedelta(days=m["trip_end"]) if m["trip_end"] is not None else TRIP.end
    # In the order a file lists them, so that events[N] names the same event in memory and in the file.
    return replace(TRIP, events=sorted(events, key=event_sort_key) if file_order else events, people=people, end=end)


def _fields(problems: list[Any]) -> set[str]:
    return {p.path for p in problems}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation)
def test_the_model_rules_agree_with_the_file_decoder(m: dict[str, Any]) -> None:
    trip = _mutated(m)
    in_memory = validate.problems(trip)
    _, from_file = decode(encode(trip))
    assert (in_memory == []) == (from_file == [])
    if m["trip_end"] is not None:
        # The trip's dates are wrong: the decoder builds no trip, so it cannot place (zone) its events and
        # leaves their times unchecked; the model still has them, and checks them too.
        assert _fields(from_file) <= _fields(in_memory)
        return
    assert _fields(in_memory) == _fields(from_file)
    assert sorted((p.path, p.message) for p in in_memory) == sorted((p.path, p.message) for p in from_file)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation)
def test_check_event_agrees_with_a_probe_trip_through_the_file(m: dict[str, Any]) -> None:
    """What the editor reported when it checked a probe trip through the file, it reports from the model."""
    m = {**m, "email": None, "trip_end": None}
    trip = _mutated(m, file_order=False)
    event = trip.events[m["event"]]
    _, decoded = decode(encode(replace(trip, events=[event], followups=[])))
    expected = [(p.path.removeprefix("events[0]").lstrip("."), p.message) for p in decoded]
    assert [(p.path, p.message) for p in check_event(trip, event)] == expected


def test_a_good_trip_has_no_problem() -> None:
    assert validate.problems(TRIP) == []


def test_check_event_does_not_serialise(monkeypatch: pytest.MonkeyPatch) -> None:
    """The editor's check runs on every keystroke: it must not encode (nor decode) the trip."""
    import tripplan.files.decode
    import tripplan.files.encode

    def refuse(*_: object) -> object:
        raise AssertionError("check_event serialised the trip")

    monkeypatch.setattr(tripplan.files.encode, "encode", refuse)
    monkeypatch.setattr(tripplan.files.decode, "decode", refuse)
    event = TRIP.events[0]
    assert check_event(TRIP, event) == []
    assert [p.path for p in check_event(TRIP, replace(event, end_utc=event.start_utc - timedelta(hours=1)))] == ["end"]


ROADSHOW, _ = read_trip(Path(__file__).parents[2] / "sample_trips" / "asia-roadshow.toml")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(-12, 12), st.integers(-12, 12)), min_size=3, max_size=3))
def test_the_stops_rule_on_the_model_agrees_with_the_file_decoder(shifts: list[tuple[int, int]]) -> None:
    """Stops moved about (outside the trip, out of order, overlapping, leaving days to no stop): the model's rule
    (``validate.stop_problems``) names the same fields with the same messages as the decoder of ``[[stops]]``."""
    stops = [replace(stop, first=stop.first + timedelta(days=a), last=stop.last + timedelta(days=b))
             for stop, (a, b) in zip(ROADSHOW.stop_list, shifts, strict=True)]
    trip = replace(ROADSHOW, stop_list=stops)
    in_memory = [p for p in validate.problems(trip) if p.path.startswith("stops")]
    _, from_file = decode(encode(trip))
    stop_problems = [(p.path, p.message) for p in from_file if p.path.startswith("stops")]
    assert [(p.path, p.message) for p in in_memory] == stop_problems
