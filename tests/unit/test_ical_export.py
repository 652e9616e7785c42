"""Whole-trip export: each point ics-py 0.7.3 got wrong is right here; golden files compared order-insensitively."""

from __future__ import annotations

import dataclasses
import os
from datetime import UTC, date, datetime, time

import icalendar
import pytest
import recurring_ical_events

from tests.ical_helpers import FROZEN, ICS, load, normalise, unfold
from tripplan.ical import properties
from tripplan.ical.export import Sent, export_calendar, export_rrule, request_calendar, trip_end
from tripplan.ical.invites import attendees_of, plan_invites, recipient, sequences
from tripplan.ical.lint import lint
from tripplan.ical.text import render
from tripplan.time.zones import instant, zone
from tripplan.trip.model import Event, Kind
from tripplan.trip.recurrence import expand

GOLDEN = ICS / "golden"
UPDATE = os.environ.get("TRIPPLAN_UPDATE_GOLDEN") == "1"


def _export(name: str, todos: bool = True) -> str:
    trip = load(ICS / "edge.toml" if name == "edge" else ICS.parent / "good" / "small.toml")
    return export_calendar(trip, FROZEN, sequences(trip), todos=todos)


def _check_golden(text: str, golden: str) -> None:
    path = GOLDEN / golden
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert normalise(text) == normalise(path.read_bytes().decode("utf-8")), \
        f"{golden} differs (TRIPPLAN_UPDATE_GOLDEN=1 rewrites it after a deliberate change)"


@pytest.mark.parametrize("name", ["small", "edge"])
def test_export_matches_golden_file(name: str) -> None:
    _check_golden(_export(name), f"{name}-export.ics")


def test_invites_match_golden_files() -> None:
    trip = load(ICS / "edge.toml")
    plan = plan_invites(trip, trip.people[0], None, FROZEN)
    assert sorted(f.stem for f in plan.files) == ["mei", "smith", "zoe"]
    for files in plan.files:
        _check_golden(files.request_text, f"edge-invites/{files.stem}.ics")


def test_normaliser_ignores_order_but_not_content() -> None:
    text = _export("small")
    lines = text.split("\r\n")
    shuffled = "\r\n".join([lines[0], *reversed(lines[1:5]), *lines[5:]])
    assert normalise(shuffled) == normalise(text)
    assert normalise(text.replace("SUMMARY:Dinner", "SUMMARY:Lunch")) != normalise(text)


def test_text_rules_hold() -> None:
    data = _export("edge").encode("utf-8")
    assert lint(data) == []
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    lines = unfold(data.decode())
    # No METHOD (RFC 5546's PUBLISH needs an ORGANIZER; issue 14); calendar properties before any component.
    assert not any(line.startswith("METHOD") for line in lines)
    assert lines.index(next(x for x in lines if x.startswith("X-WR-CALNAME"))) < lines.index("BEGIN:VTIMEZONE")
    assert "PRODID:-//tripplan//tripplan" in data.decode()


def test_times_carry_their_zones_and_never_float() -> None:
    lines = unfold(_export("edge"))
    assert "DTSTART;TZID=America/New_York:20270325T173000" in lines  # the flight leaves New York …
    assert "DTEND;TZID=Europe/Berlin:20270326T074500" in lines  # … and lands in Berlin
    assert "DTSTART;TZID=Europe/Berlin:20270326T093000" in lines  # ics would write 20270326T083000Z
    assert "DTSTART:20270330T120000Z" in lines  # a UTC event is written as UTC
    assert {"DTSTART;VALUE=DATE:20270327", "DTEND;VALUE=DATE:20270329"} <= set(lines)  # no day shift
    assert sum(line.startswith("BEGIN:VTIMEZONE") for line in lines) == 2


def test_recurrence_stays_at_local_time_across_the_dst_change() -> None:
    cal = icalendar.Calendar.from_ical(_export("edge"))
    berlin = zone("Europe/Berlin")
    standups = [e["DTSTART"].dt.astimezone(berlin) for e in recurring_ical_events.of(cal).between(
        datetime(2027, 3, 20, tzinfo=UTC), datetime(2027, 5, 1, tzinfo=UTC)) if str(e["UID"]) == "standup@edge-trip"]
    # 29 is an EXDATE; the trip's rule has no end, and the export does not invent one.
    assert [s.day for s in standups[:7]] == [26, 27, 28, 30, 31, 1, 2] and len(standups) == 35
    assert {s.time() for s in standups} == {time(9, 30)}
    assert {s.utcoffset().total_seconds() / 3600 for s in standups} == {1.0, 2.0}  # type: ignore[union-attr]


def test_rules_are_exported_as_the_trip_holds_them() -> None:
    trip = load(ICS / "edge.toml")
    standup, weekly = trip.event("standup"), trip.event("weekly")
    assert standup is not None and weekly is not None
    assert export_rrule(standup) == "FREQ=DAILY"  # not cut at the trip's end (before issue 13: UNTIL=…0401…)
    assert export_rrule(weekly) == "FREQ=WEEKLY;BYDAY=FR,MO;COUNT=6"


BERLIN = zone("Europe/Berlin")
NINE = Event.timed(id="nine", title="Nine", kind=Kind.MEETING, start=datetime(2027, 10, 25, 9, tzinfo=BERLIN),
                   end=datetime(2027, 10, 25, 10, tzinfo=BERLIN))


@pytest.mark.parametrize(("repeat", "written"), [
    ("FREQ=DAILY;UNTIL=20271101T080000Z", "FREQ=DAILY;UNTIL=20271101T080000Z"),  # UTC: as it is
    ("FREQ=DAILY;UNTIL=20271101T090000", "FREQ=DAILY;UNTIL=20271101T080000Z"),  # local 09:00 CET is 08:00Z
    ("FREQ=DAILY;UNTIL=20271101", "FREQ=DAILY;UNTIL=20271101T225959Z"),  # a DATE includes 1 Nov (CET)
    ("FREQ=DAILY;INTERVAL=2;UNTIL=20271031T023000", "FREQ=DAILY;INTERVAL=2;UNTIL=20271031T013000Z"),  # the later 02:30
])
def test_until_is_written_in_utc_for_a_timed_series(repeat: str, written: str) -> None:
    """RFC 5545: with a TZID start, UNTIL must be UTC; the same occurrences come back from every form."""
    event = dataclasses.replace(NINE, repeat=repeat)
    assert export_rrule(event) == written
    lo, hi = datetime(2027, 10, 20, tzinfo=UTC), datetime(2027, 11, 10, tzinfo=UTC)
    ours = [o.start_utc for o in expand([event], lo, hi)]
    exported = [o.start_utc for o in expand([dataclasses.replace(event, repeat=written)], lo, hi)]
    assert ours == exported and ours[-1].astimezone(BERLIN).date() <= date(2027, 11, 1)


def test_until_of_an_all_day_series_is_a_date() -> None:
    day = Event.days(id="d", title="D", kind=Kind.MEETING, first=date(2027, 10, 25), end=date(2027, 10, 26), tz=BERLIN,
                     repeat="FREQ=DAILY;UNTIL=20271031T230000Z")  # midnight 1 Nov in Berlin, as Outlook writes it
    assert export_rrule(day) == "FREQ=DAILY;UNTIL=20271101"
    assert export_rrule(dataclasses.replace(day, repeat="FREQ=DAILY;UNTIL=20271101T000000")) == \
        "FREQ=DAILY;UNTIL=20271101"


def test_count_with_exdates_becomes_until_for_calcurse() -> None:
    """calcurse 4.7 counts COUNT after removing EXDATEs (one too many); UNTIL at the last one means the same."""
    skipped = instant(datetime(2027, 10, 27, 9), BERLIN)
    event = dataclasses.replace(NINE, repeat="FREQ=DAILY;COUNT=10", exdates=(skipped,))
    assert export_rrule(event) == "FREQ=DAILY;UNTIL=20271103T080000Z"  # 3 Nov 09:00 CET, the tenth


def test_rules_are_cut_at_the_trip_end_with_utc_until() -> None:
    trip = load(ICS / "edge.toml")
    end = trip_end(trip)
    standup, weekly = trip.event("standup"), trip.event("weekly")
    assert standup is not None and weekly is not None
    assert export_rrule(standup, end) == "FREQ=DAILY;UNTIL=20270401T073000Z"
    assert export_rrule(weekly, end) == "FREQ=WEEKLY;BYDAY=FR,MO;UNTIL=20270329T140000Z"  # COUNT=6 runs past it


def test_every_component_has_uid_dtstamp_sequence() -> None:
    cal = icalendar.Calendar.from_ical(_export("edge"))
    for component in [*cal.walk("VEVENT"), *cal.walk("VTODO")]:
        assert component["DTSTAMP"].dt == FROZEN
        assert str(component["UID"])
    assert all(int(e["SEQUENCE"]) == 0 for e in cal.walk("VEVENT"))


def test_export_has_no_attendees_but_says_who_comes() -> None:
    text = _export("edge")
    assert not any(line.startswith(("ATTENDEE", "ORGANIZER")) for line in unfold(text))
    description = str(next(e for e in icalendar.Calendar.from_ical(text).walk("VEVENT")
                           if str(e["UID"]) == "hostile@edge-trip")["DESCRIPTION"])
    assert description.startswith("Line one\nATTENDEE:mailto:evil@example.com\nBEGIN:VEVENT")
    assert "Objective: Win Zoë's trust" in description and 'With: Zoë "Z" O\'Neil' in description


def test_hostile_text_stays_inside_its_property() -> None:
    cal = icalendar.Calendar.from_ical(_export("edge"))
    assert len(cal.walk("VEVENT")) == 8
    event = next(e for e in cal.walk("VEVENT") if str(e["UID"]) == "hostile@edge-trip")
    assert "ATTENDEE" not in event and str(event["LOCATION"]) == "Room 1; Building A, Floor 2 \\ back"


def test_invites_quote_cn_and_ask_for_rsvp() -> None:
    trip = load(ICS / "edge.toml")
    plan = plan_invites(trip, trip.people[1], None, FROZEN)
    text = next(f.request_text for f in plan.files if f.stem == "zoe")
    lines = unfold(text)
    assert 'ORGANIZER;CN="Smith, John; Jr.":mailto:john.smith@example.org' in lines
    assert ('ATTENDEE;CN="Zoë \'Z\' O\'Neil";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:'
            "mailto:zoe@example.com") in lines
    assert "METHOD:REQUEST" in lines and "Objective" not in text
    assert lint(text.encode()) == []


def test_icalendar_reads_our_invites_back() -> None:
    """Every event of an invite comes back with its attendees (ics-py 0.7.3 could not read its own CN escaping)."""
    trip = load(ICS / "edge.toml")
    text = plan_invites(trip, trip.people[0], None, FROZEN).files[0].request_text
    events = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert events and all(e.get("ATTENDEE") for e in events)


def test_invite_notes_only_on_request() -> None:
    trip = load(ICS / "edge.toml")
    event = trip.event("hostile")
    assert event is not None
    organizer = recipient(trip.people[0])
    item = Sent(event, 0, attendees_of(trip, event))
    assert "Line one" not in request_calendar(trip, FROZEN, organizer, [item])
    assert "Line one" in request_calendar(trip, FROZEN, organizer, [item], notes=True)


def test_properties_write_url_and_rsvp() -> None:
    lines = [str(line) for line in properties.links("URL", ["https://example.com/a,b;c"])]
    assert lines == ["URL:https://example.com/a,b;c"]  # a URI is not TEXT (ics-py wrote https://example.com/a\,b\;c)
    line = properties.person("ATTENDEE", "a@example.com", "A, B", {"RSVP": "true", "ROLE": "req-participant"})
    assert str(line) == 'ATTENDEE;CN="A, B";RSVP=TRUE;ROLE=REQ-PARTICIPANT:mailto:a@example.com'
    assert render(properties.calendar(prodid="-//x//y//EN", method="CANCEL", components=[])).endswith(
        "METHOD:CANCEL\r\nEND:VCALENDAR\r\n")
