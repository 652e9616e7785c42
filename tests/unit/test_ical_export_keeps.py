"""Export writes what import read (issue 14): UIDs, RECURRENCE-IDs, RDATEs and every kept property, as data.

The events are built with the model (``Event.timed`` / ``Event.days`` and ``IcalProps``), not imported, so these
tests say what the export does whatever the import side does.  Each class of calendar the export writes is kept
as a small file under ``tests/data/ics/cases/export-*.ics`` (its ``X-COMMENT`` says what it shows); the tests
compare the export with it (order-insensitively) and check what readers make of it: the icalendar library,
recurring-ical-events, and libical's own checks when libical is installed (``apt-get install libical3``).
"""

from __future__ import annotations

import dataclasses
import os
from datetime import UTC, date, datetime, timedelta
from typing import Any

import icalendar
import recurring_ical_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from tests.ical_helpers import FROZEN, normalise, unfold
from tests.libical_check import libical, libical_errors
from tripplan.files.storage import read_trip
from tripplan.ical import export
from tripplan.ical.export import Sent, event_resource, export_calendar, request_calendar
from tripplan.ical.invites import recipient, sequences
from tripplan.ical.lint import lint
from tripplan.ical.text import escape_text, fold
from tripplan.time.zones import day_start, instant, zone
from tripplan.trip.model import Attendance, Event, IcalProps, Kind, Organizer, Person, Trip
from tripplan.trip.recurrence import expand, occurrences

CASES = DATA / "ics" / "cases"
UPDATE = os.environ.get("TRIPPLAN_UPDATE_GOLDEN") == "1"
BERLIN, NEW_YORK, UTC_ZONE = zone("Europe/Berlin"), zone("America/New_York"), zone("UTC")
PEOPLE = [Person(id="ana", name="Ana Ruiz", email="ana@example.com"),
          Person(id="bo", name="Bo Chen", email="bo@example.com"),
          Person(id="sam", name="Sam Lee", email="Sam@Example.com")]
HOSTILE = "x\r\nATTENDEE:mailto:x@y\r\nBEGIN:VEVENT"


def _trip(*events: Event, **fields: Any) -> Trip:
    """A Berlin trip of 22 Mar – 2 Apr 2027 (the spring-forward night of 28 Mar inside) holding *events*."""
    return Trip(name="Keeps", timezone=BERLIN, home_timezone=NEW_YORK, start=date(2027, 3, 22),
                end=date(2027, 4, 2), uid="keeps-trip", people=list(PEOPLE), events=list(events), **fields)


def _at(day: int, hour: int, minute: int = 0, tz: Any = BERLIN, month: int = 3) -> datetime:
    return instant(datetime(2027, month, day, hour, minute), tz)


def _timed(ident: str, start: datetime, minutes: int = 60, **fields: Any) -> Event:
    tz = fields.pop("tz", BERLIN)
    return Event.timed(id=ident, title=fields.pop("title", ident), kind=fields.pop("kind", Kind.MEETING),
                       start=start.astimezone(tz), end=(start + timedelta(minutes=minutes)).astimezone(tz), tz=tz,
                       **fields)


def _export(trip: Trip) -> str:
    return export_calendar(trip, FROZEN, sequences(trip))


def _vevents(text: str) -> list[Any]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def _by_uid(text: str, uid: str) -> list[Any]:
    return [v for v in _vevents(text) if str(v["UID"]) == uid]


def _check_case(name: str, comment: str, text: str) -> None:
    """*text* is what ``cases/export-NAME.ics`` holds (its X-COMMENT aside); TRIPPLAN_UPDATE_GOLDEN=1 rewrites it."""
    path = CASES / f"export-{name}.ics"
    note = f"X-COMMENT:{escape_text(comment)}"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = text.split("\r\n")
        at = next(i for i, line in enumerate(lines) if line.startswith("PRODID")) + 1
        path.write_bytes("\r\n".join([*lines[:at], fold(note), *lines[at:]]).encode("utf-8"))
    stored = unfold(path.read_bytes().decode("utf-8"))
    assert note in stored, f"{path.name}: its X-COMMENT says what it shows"
    kept = "\r\n".join(line for line in stored if line != note)
    assert normalise(text) == normalise(kept), f"{path.name} differs (TRIPPLAN_UPDATE_GOLDEN=1 rewrites it)"
    assert lint(text.encode("utf-8")) == [], path.name


def _reader(text: str, lo: datetime, hi: datetime, tz: Any = BERLIN) -> set[tuple[str, datetime, datetime]]:
    """(UID, start, end) in UTC of what recurring-ical-events finds in [lo, hi) (all-day: dates in *tz*)."""
    found = set()
    for vevent in recurring_ical_events.of(icalendar.Calendar.from_ical(text)).between(lo, hi):
        start = vevent["DTSTART"].dt
        end = vevent["DTEND"].dt if "DTEND" in vevent else start
        if not isinstance(start, datetime):
            start, end = day_start(start, tz), day_start(end, tz)
        found.add((str(vevent["UID"]), start.astimezone(UTC), end.astimezone(UTC)))
    return found


def _ours(trip: Trip, lo: datetime, hi: datetime, uids: dict[str, str]) -> set[tuple[str, datetime, datetime]]:
    return {(uids[o.event.id], o.start_utc, o.end_utc) for o in expand(trip.events, lo, hi)}


# --- 1. UIDs -------------------------------------------------------------------------------------------------

OUTLOOK_UID = "040000008200E00074C5B7101A82E00800000000D0E5E5C5A1D7DA01000000000000000010000000"


def test_a_foreign_uid_is_written_as_the_file_had_it() -> None:
    """Before issue 14 a UID without "@" became UID@trip-uid: the organizer's Outlook then held two meetings."""
    outlook = _timed(OUTLOOK_UID, _at(23, 10), ical=IcalProps(uid=OUTLOOK_UID))
    renamed = _timed("local-id", _at(24, 10), ical=IcalProps(uid="Weekly-Sync"))  # id and UID differ
    made = _timed("standup", _at(25, 9))
    text = _export(_trip(outlook, renamed, made))
    _check_case("foreign-uid", "a foreign UID (no @) and one unlike its event id are written unchanged; "
                "an event made in tripplan gets id@trip-uid", text)
    assert {str(v["UID"]) for v in _vevents(text)} == {OUTLOOK_UID, "Weekly-Sync", "standup@keeps-trip"}
    assert export.export_uid(_trip(), outlook) == OUTLOOK_UID


# --- 1. overrides --------------------------------------------------------------------------------------------

def _series_trip() -> Trip:
    """A timed Berlin series, an all-day series and a UTC series, each with a changed occurrence and an EXDATE."""
    daily = _timed("daily@x", _at(24, 9), repeat="FREQ=DAILY;COUNT=8", title="Daily",
                   exdates=(_at(26, 9), _at(29, 9)), ical=IcalProps(uid="daily@x"))
    moved = _timed("daily@x#20270329T070000Z", _at(29, 11), 30, title="Daily, moved",
                   ical=IcalProps(uid="daily@x", series="daily@x", recurrence_id=_at(29, 9)))
    offsite = Event.days(id="offsite@x", title="Offsite", kind=Kind.WORKSHOP, first=date(2027, 3, 30),
                         end=date(2027, 3, 31), tz=BERLIN, repeat="FREQ=DAILY;COUNT=3",
                         exdates=(day_start(date(2027, 3, 31), BERLIN),), ical=IcalProps(uid="offsite@x"))
    offsite_moved = Event.days(id="offsite@x#20270330T220000Z", title="Offsite, moved", kind=Kind.WORKSHOP,
                               first=date(2027, 4, 2), end=date(2027, 4, 3), tz=BERLIN,
                               ical=IcalProps(uid="offsite@x", series="offsite@x",
                                              recurrence_id=day_start(date(2027, 3, 31), BERLIN)))
    call = _timed("call@x", _at(23, 12, tz=UTC), tz=UTC_ZONE, repeat="FREQ=DAILY;COUNT=4", title="UTC call",
                  exdates=(_at(25, 12, tz=UTC),), ical=IcalProps(uid="call@x"))
    call_moved = _timed("call@x#20270325T120000Z", _at(25, 15, tz=UTC), tz=UTC_ZONE, title="UTC call, moved",
                        ical=IcalProps(uid="call@x", series="call@x", recurrence_id=_at(25, 12, tz=UTC)))
    return _trip(daily, moved, offsite, offsite_moved, call, call_moved)


def test_changed_occurrences_are_recurrence_ids_of_their_series() -> None:
    """Before issue 14 each changed occurrence went out as an event of its own (a UID of its own)."""
    trip = _series_trip()
    text = _export(trip)
    _check_case("override", "changed occurrences as RECURRENCE-IDs of their series' UID, in the series' form "
                "(TZID wall time, DATE, UTC); the series' EXDATE keeps only the removed occurrences", text)
    lines = unfold(text)
    assert "RECURRENCE-ID;TZID=Europe/Berlin:20270329T090000" in lines
    assert "RECURRENCE-ID;VALUE=DATE:20270331" in lines
    assert "RECURRENCE-ID:20270325T120000Z" in lines
    daily = [v for v in _by_uid(text, "daily@x") if "RECURRENCE-ID" not in v]
    assert len(daily) == 1 and [d.dt for d in daily[0]["EXDATE"].dts] == [datetime(2027, 3, 26, 9, tzinfo=BERLIN)]
    offsite = next(v for v in _by_uid(text, "offsite@x") if "RECURRENCE-ID" not in v)
    assert "EXDATE" not in offsite  # its only EXDATE is the moved day
    assert not any(line.startswith("EXDATE") and "0325" in line for line in lines)  # the UTC series' too
    lo, hi = day_start(trip.start, BERLIN), day_start(date(2027, 4, 10), BERLIN)
    ours = _ours(trip, lo, hi, {e.id: e.ical.uid for e in trip.events})
    assert _reader(text, lo, hi) == ours and len(ours) == 7 + 3 + 4


def test_an_override_written_without_its_series_stands_on_its_own() -> None:
    trip = _series_trip()
    moved = trip.event("daily@x#20270329T070000Z")
    assert moved is not None
    alone = _trip(moved)
    text = _export(alone)
    (vevent,) = _vevents(text)
    assert str(vevent["UID"]) == "daily@x#20270329T070000Z" and "RECURRENCE-ID" not in vevent
    # A CalDAV resource holds one event: the override is its own, the series keeps its EXDATE.
    series = trip.event("daily@x")
    assert series is not None
    resource = event_resource(trip, series, FROZEN, 0)
    assert "EXDATE;TZID=Europe/Berlin:20270326T090000,20270329T090000" in unfold(resource)
    assert "RECURRENCE-ID" not in event_resource(trip, moved, FROZEN, 0)


def test_an_override_its_series_does_not_leave_out_stands_on_its_own() -> None:
    """The trip shows both the series' occurrence and the override: so must every reader."""
    trip = _series_trip()
    series = trip.event("daily@x")
    assert series is not None
    trip.events[trip.events.index(series)] = dataclasses.replace(series, exdates=(_at(26, 9),))
    text = _export(trip)
    assert not any(line.startswith("RECURRENCE-ID;TZID") for line in unfold(text))
    assert {str(v["UID"]) for v in _vevents(text)} >= {"daily@x", "daily@x#20270329T070000Z"}


# --- 1. RDATE ------------------------------------------------------------------------------------------------

def _rdate_trip() -> Trip:
    second = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # 02:30 CET: the second pass of Berlin's repeated hour
    timed = _timed("extra@x", _at(23, 14), 45, repeat="FREQ=WEEKLY;COUNT=2", title="Weekly plus extras",
                   rdates=(_at(25, 16), _at(29, 8), second), exdates=(_at(30, 14),), ical=IcalProps(uid="extra@x"))
    only = _timed("dates@x", _at(24, 18), title="Dates only", rdates=(_at(26, 18), _at(31, 18)),
                  exdates=(_at(26, 18),), ical=IcalProps(uid="dates@x"))
    days = Event.days(id="days@x", title="Fair days", kind=Kind.CONFERENCE, first=date(2027, 3, 23),
                      end=date(2027, 3, 24), tz=BERLIN,
                      rdates=(day_start(date(2027, 3, 27), BERLIN), day_start(date(2027, 3, 28), BERLIN)),
                      ical=IcalProps(uid="days@x"))
    utc = _timed("utc-extra@x", _at(23, 6, tz=UTC), tz=UTC_ZONE, title="UTC extras",
                 rdates=(_at(28, 6, tz=UTC),), ical=IcalProps(uid="utc-extra@x"))
    return _trip(timed, only, days, utc)


def test_extra_dates_are_written_as_rdates() -> None:
    """Before issue 14 the export wrote no RDATE (and no EXDATE for an event without a rule)."""
    trip = _rdate_trip()
    text = _export(trip)
    _check_case("rdate", "RDATE as TZID wall times, dates, UTC; a second pass of a repeated hour in UTC; an "
                "event with dates and no rule keeps its EXDATE", text)
    lines = unfold(text)
    assert "RDATE;TZID=Europe/Berlin:20270325T160000,20270329T080000" in lines
    assert "RDATE:20271031T013000Z" in lines
    assert "RDATE;VALUE=DATE:20270327,20270328" in lines
    assert "RDATE:20270328T060000Z" in lines
    assert "EXDATE;TZID=Europe/Berlin:20270326T180000" in lines
    lo, hi = day_start(date(2027, 3, 20), BERLIN), day_start(date(2027, 11, 5), BERLIN)
    assert _reader(text, lo, hi) == _ours(trip, lo, hi, {e.id: e.ical.uid for e in trip.events})


ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Havana", "UTC"]
# Days around a DST change in those zones in 2027 (spring and autumn), for starts and extra dates.
CHANGE_DAYS = [date(2027, 3, 14), date(2027, 3, 28), date(2027, 4, 4), date(2027, 10, 3), date(2027, 10, 31),
               date(2027, 11, 7)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(ZONES), base=st.sampled_from(CHANGE_DAYS), hour=st.integers(5, 20),
       minutes=st.sampled_from([15, 30, 60, 150]), all_day=st.booleans(),
       rule=st.sampled_from(["", "FREQ=DAILY;COUNT=6", "FREQ=WEEKLY;INTERVAL=2", "FREQ=DAILY;INTERVAL=3;COUNT=5"]),
       extra=st.lists(st.tuples(st.integers(-3, 12), st.integers(0, 23 * 60 + 59)), max_size=5),
       dropped=st.lists(st.integers(0, 8), max_size=3))
def test_rdates_and_exdates_give_every_reader_the_same_occurrences(
        key: str, base: date, hour: int, minutes: int, all_day: bool, rule: str,
        extra: list[tuple[int, int]], dropped: list[int]) -> None:
    """recurring-ical-events reads from the export exactly the occurrences tripplan expands, DST days included."""
    tz = zone(key)
    first = base - timedelta(days=2)
    if all_day:
        event = Event.days(id="e", title="E", kind=Kind.MEETING, first=first, end=first + timedelta(days=1), tz=tz,
                           repeat=rule, rdates=tuple(day_start(base + timedelta(days=d), tz) for d, _ in extra))
    else:
        start = instant(datetime.combine(first, datetime.min.time()).replace(hour=hour), tz)
        rdates = tuple(datetime.combine(base + timedelta(days=d), datetime.min.time(), UTC) + timedelta(minutes=m)
                       for d, m in extra)  # any instant: gaps, both passes of a repeated hour
        event = Event.timed(id="e", title="E", kind=Kind.MEETING, start=start.astimezone(tz),
                            end=(start + timedelta(minutes=minutes)).astimezone(tz), tz=tz, repeat=rule,
                            rdates=rdates)
    lo, hi = day_start(first - timedelta(days=5), tz), day_start(base + timedelta(days=40), tz)
    starts = [o.start_utc for o in occurrences(event, lo, hi)]
    event = dataclasses.replace(event, exdates=tuple(starts[i] for i in dropped if i < len(starts)))
    trip = dataclasses.replace(_trip(event), timezone=tz)
    text = _export(trip)
    assert lint(text.encode("utf-8")) == []
    # Compared away from the window's edges, where readers differ on all-day events (dates, not instants).
    inner = (lo + timedelta(days=1), hi - timedelta(days=1))
    assert {o for o in _reader(text, lo, hi, tz) if inner[0] <= o[1] < inner[1]} == \
        {o for o in _ours(trip, lo, hi, {"e": "e@keeps-trip"}) if inner[0] <= o[1] < inner[1]}


# --- 1. properties -------------------------------------------------------------------------------------------

def _props_trip() -> Trip:
    kept = IcalProps(uid="kept@x", organizer=Organizer("ana@example.com", "Ana Ruiz"), status="TENTATIVE",
                     transparent=True, klass="PRIVATE", categories=("Board", "Q3 review"),
                     url="https://example.com/agenda?a=1,b=2;c", conference=("https://meet.example/abc-defg",
                                                                             "tel:+1-555-0100;pin=1234"),
                     attach=("https://files.example/deck.pdf",), priority=1,
                     attendance=(Attendance("ana", "CHAIR", "ACCEPTED"), Attendance("bo", "OPT-PARTICIPANT",
                                                                                   "TENTATIVE"),
                                 Attendance("sam", "REQ-PARTICIPANT", "NEEDS-ACTION")))
    board = _timed("kept@x", _at(23, 10), attendees=("ana", "bo", "sam"), title="Board review", ical=kept)
    plain = _timed("plain@x", _at(24, 10), title="Imported, nothing said", ical=IcalProps(uid="plain@x"))
    busy_rest = _timed("rest@x", _at(24, 13), kind=Kind.REST, title="Rest, busy",
                       ical=IcalProps(uid="rest@x", transparent=False))
    made = _timed("made", _at(25, 10), kind=Kind.REST, title="Made in tripplan")
    return _trip(board, plain, busy_rest, made)


def test_kept_properties_are_written_back() -> None:
    """Before issue 14: TRANSP and STATUS from the kind, CLASS/URL/CONFERENCE/ATTACH/PRIORITY/ORGANIZER dropped,
    CATEGORIES replaced, no PARTSTAT/ROLE."""
    text = _export(_props_trip())
    _check_case("props", "STATUS, TRANSP, CLASS, CATEGORIES (+ X-TRIPPLAN-KIND), URL, CONFERENCE, ATTACH, "
                "PRIORITY, ORGANIZER and ATTENDEE ROLE/PARTSTAT as the file had them; no RSVP, no METHOD", text)
    (board,) = _by_uid(text, "kept@x")
    assert str(board["STATUS"]) == "TENTATIVE" and str(board["TRANSP"]) == "TRANSPARENT"
    assert str(board["CLASS"]) == "PRIVATE" and int(board["PRIORITY"]) == 1
    assert [str(c) for c in board["CATEGORIES"].cats] == ["Board", "Q3 review"]
    assert str(board["X-TRIPPLAN-KIND"]) == "meeting"
    assert str(board["URL"]) == "https://example.com/agenda?a=1,b=2;c"
    conference = board["CONFERENCE"]
    assert [str(c) for c in conference] == ["https://meet.example/abc-defg", "tel:+1-555-0100;pin=1234"]
    assert all(c.params["VALUE"] == "URI" for c in conference)
    assert str(board["ATTACH"]) == "https://files.example/deck.pdf"
    assert str(board["ORGANIZER"]) == "mailto:ana@example.com" and board["ORGANIZER"].params["CN"] == "Ana Ruiz"
    found = {str(a): dict(a.params) for a in board["ATTENDEE"]}
    assert found == {"mailto:ana@example.com": {"CN": "Ana Ruiz", "ROLE": "CHAIR", "PARTSTAT": "ACCEPTED"},
                     "mailto:bo@example.com": {"CN": "Bo Chen", "ROLE": "OPT-PARTICIPANT", "PARTSTAT": "TENTATIVE"},
                     "mailto:Sam@Example.com": {"CN": "Sam Lee", "ROLE": "REQ-PARTICIPANT",
                                                "PARTSTAT": "NEEDS-ACTION"}}
    assert "RSVP" not in text and "METHOD" not in text
    (plain,) = _by_uid(text, "plain@x")
    assert "STATUS" not in plain and str(plain["TRANSP"]) == "OPAQUE" and "ORGANIZER" not in plain
    assert [str(c) for c in plain["CATEGORIES"].cats] == ["meeting", Kind.MEETING.category.value]
    (rest,) = _by_uid(text, "rest@x")
    assert str(rest["TRANSP"]) == "OPAQUE"  # the file said busy, whatever the kind says
    (made,) = _by_uid(text, "made@keeps-trip")
    assert str(made["STATUS"]) == "CONFIRMED" and str(made["TRANSP"]) == "TRANSPARENT"


def test_an_attendee_dropped_in_tripplan_is_not_written() -> None:
    trip = _props_trip()
    board = trip.event("kept@x")
    assert board is not None
    trip.events[0] = dataclasses.replace(board, attendees=("ana", "sam"))
    (vevent,) = _by_uid(_export(trip), "kept@x")
    assert sorted(str(a) for a in vevent["ATTENDEE"]) == ["mailto:Sam@Example.com", "mailto:ana@example.com"]


def test_hostile_values_in_every_kept_field_stay_data() -> None:
    """A line break in a link, a role, a class or a name can never start a property or a parameter."""
    props = IcalProps(uid=f"uid {HOSTILE}", organizer=Organizer(f"evil@x.example{HOSTILE}", f"Eve {HOSTILE}"),
                      status=f"TENTATIVE{HOSTILE}", klass=f"PRIVATE{HOSTILE}", categories=("a,b;c", HOSTILE, ""),
                      url=f"https://example.com/{HOSTILE}", conference=(f"https://meet.example/{HOSTILE}",),
                      attach=(f"https://files.example/{HOSTILE}", " "), priority=3,
                      attendance=(Attendance("ana", f"CHAIR{HOSTILE}", "ACCEPTED;RSVP=TRUE"),))
    event = _timed("hostile", _at(23, 10), attendees=("ana",), ical=props)
    trip = dataclasses.replace(_trip(event), people=[dataclasses.replace(PEOPLE[0], name=f"Ana {HOSTILE}")])
    text = _export(trip)
    _check_case("hostile", "line breaks, commas and semicolons in every kept field stay inside their property",
                text)
    assert lint(text.encode("utf-8")) == []
    (vevent,) = _vevents(text)
    assert set(vevent.keys()) == {"UID", "SUMMARY", "DESCRIPTION", "CATEGORIES", "TRANSP", "X-TRIPPLAN-KIND",
                                  "DTSTAMP", "SEQUENCE", "DTSTART", "DTEND", "PRIORITY", "URL", "CONFERENCE",
                                  "ATTACH", "ORGANIZER", "ATTENDEE"}  # no STATUS, CLASS: not names; no BEGIN
    assert len(_vevents(text)) == 1 and str(vevent["UID"]) == "uid x\nATTENDEE:mailto:x@y\nBEGIN:VEVENT"
    assert [str(c) for c in vevent["CATEGORIES"].cats] == ["a,b;c", "x\nATTENDEE:mailto:x@y\nBEGIN:VEVENT"]
    assert str(vevent["URL"]) == "https://example.com/x%0D%0AATTENDEE:mailto:x@y%0D%0ABEGIN:VEVENT"
    assert str(vevent["ORGANIZER"]) == "mailto:evil@x.examplexATTENDEE:mailto:x@yBEGIN:VEVENT"
    attendee = vevent["ATTENDEE"]
    assert str(attendee) == "mailto:ana@example.com" and set(attendee.params) == {"CN"}  # ROLE, PARTSTAT: no names
    lines = unfold(text)
    assert sum(line.startswith("ATTENDEE") for line in lines) == 1 and lines.count("BEGIN:VEVENT") == 1


def test_an_open_ended_rule_stays_open_ended() -> None:
    """No UNTIL at the trip's end: extending the trip extends the series in every calendar."""
    weekly = _timed("weekly@x", _at(1, 10, month=2), repeat="FREQ=WEEKLY;BYDAY=TU", ical=IcalProps(uid="weekly@x"))
    (vevent,) = _vevents(_export(_trip(weekly)))
    assert vevent["RRULE"].to_ical().decode() == "FREQ=WEEKLY;BYDAY=TU"


def test_a_moment_of_no_length_is_its_dtstart_alone() -> None:
    moment = _timed("deadline@x", _at(26, 17), 0, title="Deadline", ical=IcalProps(uid="deadline@x"))
    text = _export(_trip(moment))
    _check_case("moment", "an event of no length is a DTSTART without DTEND (RFC 5545: DTEND must be later)", text)
    (vevent,) = _vevents(text)
    assert "DTEND" not in vevent and "DURATION" not in vevent


# --- 2. METHOD, and libical's own checks ---------------------------------------------------------------------

def test_the_plain_export_has_no_method_and_passeslibical() -> None:
    """Before issue 14 every export said METHOD:PUBLISH without the ORGANIZER RFC 5546 requires for it."""
    lib = libical()
    for trip in (_props_trip(), _series_trip(), _rdate_trip(), read_trip(DATA / "good" / "small.toml")[0]):
        text = _export(trip)
        assert not any(line.startswith("METHOD") for line in unfold(text))
        assert libical_errors(lib, text) == []
    # The check is a real one: the same export with the old METHOD:PUBLISH (and no ORGANIZER) fails it.
    with_method = text.replace("CALSCALE:GREGORIAN\r\n", "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n", 1)
    assert any("ORGANIZER" in e for e in libical_errors(lib, with_method))
    trip = _props_trip()
    organizer = recipient(PEOPLE[2])
    made = trip.event("made")
    assert made is not None
    invite = request_calendar(trip, FROZEN, organizer, [Sent(made, 0, [recipient(PEOPLE[0]), organizer])])
    assert libical_errors(lib, invite) == []
