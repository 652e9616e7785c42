"""Import: the real-world fixtures give the documented instants; odd and broken files import what is sound."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
import recurring_ical_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tests.ical_helpers import ICS
from tripplan.files.encode import dumps
from tripplan.files.storage import parse_trip
from tripplan.ical.importer import ImportReport, import_calendar
from tripplan.ical.reader import UnreadableCalendar
from tripplan.time.zones import zone
from tripplan.trip.model import Kind, Person, Trip
from tripplan.trip.recurrence import expand

REAL = ICS / "real"
SHARED = ROOT.parent / "shared" / "fixtures" / "ics"


def _trip(start: date = date(2027, 3, 26), end: date = date(2027, 4, 1), tz: str = "Europe/Berlin") -> Trip:
    return Trip(name="Import test", timezone=zone(tz), home_timezone=zone("America/New_York"), start=start,
                end=end, uid="import-test", people=[Person(id="ana", name="Ana Ruiz", email="Ana@Example.com")])


def _cal(*events: str, head: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{head}{body}END:VCALENDAR\r\n".encode()


def _import(trip: Trip, data: bytes, **options: object) -> ImportReport:
    report = import_calendar(trip, data, **options)  # type: ignore[arg-type]
    parse_trip(dumps(trip).encode(), "after-import.toml")  # the merged trip is always a valid trip file
    return report


EVENT = "UID:e1@x\r\nDTSTAMP:20270301T000000Z\r\nSUMMARY:Keynote\r\nDTSTART;TZID=Europe/Berlin:20270329T090000\r\n" \
        "DTEND;TZID=Europe/Berlin:20270329T100000"


def test_fixtures_are_the_shared_ones_unchanged() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared/fixtures/ics is not beside this checkout")
    for name in ("google_export_alarms.ics", "outlook_exchange_windows_tz.ics"):
        assert (REAL / name).read_bytes() == (SHARED / name).read_bytes()


def test_google_export_gives_the_documented_instant_and_alarms() -> None:
    trip = _trip(date(2024, 10, 1), date(2024, 10, 6), "Europe/London")
    report = _import(trip, (REAL / "google_export_alarms.ics").read_bytes())
    assert report.added and not report.skipped
    (event,) = trip.events
    assert event.id == "79fs7pkqvht9m5igs0vjv1sfra@google.com"
    assert (event.start_utc, event.end_utc) == (
        datetime(2024, 10, 4, 18, 15, tzinfo=UTC), datetime(2024, 10, 4, 19, 0, tzinfo=UTC))
    assert event.start_zone.key == "Europe/London"  # X-WR-TIMEZONE: the calendar's own zone
    assert [r.before for r in event.reminders] == [timedelta(minutes=m) for m in (10, 14, 15)]


def test_outlook_export_with_a_windows_zone() -> None:
    trip = _trip(date(2024, 7, 1), date(2024, 10, 6), "Europe/London")
    data = (REAL / "outlook_exchange_windows_tz.ics").read_bytes()
    report = _import(trip, data)
    assert len(report.added) == 3 and not report.skipped
    assert any("GMT Standard Time" in note and "Europe/London" in note for note in report.notes)
    timed = next(e for e in trip.events if e.title == "outlook event with alarm")
    assert (timed.start_utc, timed.end_utc) == (
        datetime(2024, 10, 4, 17, 30, tzinfo=UTC), datetime(2024, 10, 4, 18, 0, tzinfo=UTC))
    assert (timed.local_start.hour, timed.start_zone.key) == (18, "Europe/London")
    all_day = [e for e in trip.events if e.all_day]
    assert len(all_day) == 2 and {e.first_day for e in all_day} == {date(2024, 7, 1)}
    # Our expansion of the imported rule agrees with recurring-ical-events reading the original file.
    lo, hi = datetime(2024, 6, 1, tzinfo=UTC), datetime(2024, 9, 1, tzinfo=UTC)
    ours = sorted(o.local_start.date() for o in expand(all_day[:1], lo, hi))
    theirs = sorted(e["DTSTART"].dt for e in recurring_ical_events.of(icalendar.Calendar.from_ical(data))
                    .between(lo, hi) if str(e["UID"]) == "111")
    assert ours == theirs == [date(2024, 7, 1), date(2024, 7, 29)]  # 15 July is an EXDATE


def test_importing_again_updates_instead_of_duplicating() -> None:
    trip = _trip()
    _import(trip, _cal(EVENT + "\r\nSEQUENCE:1"))
    again = _import(trip, _cal(EVENT + "\r\nSEQUENCE:1"))
    assert again.unchanged and not again.added and not again.changed and len(trip.events) == 1
    older = _import(trip, _cal(EVENT.replace("Keynote", "Old title") + "\r\nSEQUENCE:0"))
    assert older.skipped and "older" in older.skipped[0][1] and trip.events[0].title == "Keynote"
    newer = _import(trip, _cal(EVENT.replace("Keynote", "Keynote (moved)").replace("T090000", "T093000")
                               + "\r\nSEQUENCE:2"))
    assert newer.updated and trip.events[0].title == "Keynote (moved)" and trip.events[0].local_start.minute == 30
    assert trip.received[0].sequence == 2 and len(trip.events) == 1


def test_two_copies_in_one_file_keep_the_highest_sequence() -> None:
    trip = _trip()
    report = _import(trip, _cal(EVENT + "\r\nSEQUENCE:3", EVENT.replace("Keynote", "Stale") + "\r\nSEQUENCE:1"))
    assert trip.events[0].title == "Keynote" and "another copy" in report.skipped[0][1]


@pytest.mark.parametrize("data", [
    b"\xef\xbb\xbf" + _cal(EVENT),  # byte-order mark
    _cal(EVENT).lower().replace(b"uid:e1@x", b"UID:e1@x").replace(b"europe/berlin", b"Europe/Berlin")
    .replace(b"summary:keynote", b"SUMMARY:Keynote").replace(b"t090000", b"T090000").replace(b"t100000", b"T100000")
    .replace(b"t000000z", b"T000000Z"),  # lower-case keywords
    _cal(EVENT).replace(b"PRODID:-//test//EN\r\n", b""),  # no PRODID
    _cal(EVENT).replace(b"\r\n", b"\n"),  # LF only
    _cal(EVENT).replace(b"\r\n", b"\r"),  # CR only
    ("BEGIN:VEVENT\r\n" + EVENT + "\r\nEND:VEVENT\r\n").encode(),  # no VCALENDAR around it
])
def test_odd_but_sound_files_import(data: bytes) -> None:
    trip = _trip()
    report = _import(trip, data)
    assert [e.title for e in trip.events] == ["Keynote"], report
    assert trip.events[0].start_utc == datetime(2027, 3, 29, 7, tzinfo=UTC)  # 09:00 CEST
    assert trip.events[0].tz.key == "Europe/Berlin"


def test_two_calendars_in_one_file() -> None:
    trip = _trip()
    report = _import(trip, _cal(EVENT) + _cal(EVENT.replace("e1@x", "e2@x")))
    assert len(trip.events) == 2 and any("2 calendars" in n for n in report.notes)


def test_broken_events_are_skipped_and_the_rest_imported() -> None:
    trip = _trip()
    report = _import(trip, _cal(
        EVENT,
        EVENT.replace("e1@x", "e2@x").replace("20270329T090000", "2027-13-45"),
        EVENT.replace("e1@x", "e3@x").replace("TZID=Europe/Berlin", "TZID=Mars/Olympus"),
        EVENT.replace("e1@x", "e4@x").replace("T100000", "T080000"),
        "UID:e5@x\r\nSUMMARY:no start",
        "UID:e6@x\r\nSUMMARY:no end\r\nDTSTART:20270329T090000Z",
        EVENT.replace("e1@x", "e7@x") + "\r\nBEGIN:VALARM\r\nTRIGGER:soon\r\nACTION:DISPLAY\r\nEND:VALARM",
    ))
    # An unknown zone is read as floating time, an end before the start is swapped, a DTSTART alone is a
    # moment: what recurring-ical-events shows (tests/unit/test_ical_import_real_world.py has one case each).
    assert sorted(e.id for e in trip.events) == ["e1@x", "e3@x", "e4@x", "e6@x", "e7@x"]
    reasons = " | ".join(why for _, why in report.skipped)
    assert "DTSTART cannot be read" in reasons and "no DTSTART" in reasons and len(report.skipped) == 2
    notes = " | ".join(report.notes)
    assert "'Mars/Olympus' is neither defined in the file nor a known zone name" in notes and "swapped" in notes
    assert any("alarms could not be read" in loss for loss in report.lost)


def test_a_cut_off_file_imports_the_complete_events() -> None:
    trip = _trip()
    data = _cal(EVENT)[: -len(b"END:VCALENDAR\r\n")] + b"BEGIN:VEVENT\r\nUID:cut\r\nDTSTART:2027"
    report = _import(trip, data)
    assert [e.id for e in trip.events] == ["e1@x"]
    assert report.skipped == [("event at line 11", "it is cut off (the file ends inside it)")]


@pytest.mark.parametrize(("data", "message"), [
    (b"", "it is empty"), (b"\x00\x01\x02binary", "binary"), (b"<html><body>Sign in</body></html>", "<html>"),
    (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", None),
])
def test_files_with_nothing_usable(data: bytes, message: str | None) -> None:
    trip = _trip()
    if message is None:
        report = _import(trip, data)
        assert not report.usable and not trip.events
        return
    with pytest.raises(UnreadableCalendar, match=message):
        import_calendar(trip, data)


def test_windows_zone_without_vtimezone_is_mapped_and_reported() -> None:
    trip = _trip()
    report = _import(trip, _cal(EVENT.replace("TZID=Europe/Berlin", "TZID=W. Europe Standard Time")))
    assert trip.events[0].start_zone.key == "Europe/Berlin" and trip.events[0].local_start.hour == 9
    assert any("W. Europe Standard Time" in note and "Europe/Berlin" in note for note in report.notes)


def test_floating_times_follow_x_wr_timezone_else_the_trip() -> None:
    floating = EVENT.replace(";TZID=Europe/Berlin", "")
    trip = _trip()
    report = _import(trip, _cal(floating, head="X-WR-TIMEZONE:America/New_York\r\n"), all_dates=True)
    assert trip.events[0].start_zone.key == "America/New_York" and trip.events[0].local_start.hour == 9
    assert any("X-WR-TIMEZONE" in note for note in report.notes)
    trip = _trip()
    _import(trip, _cal(floating))
    assert trip.events[0].start_zone.key == "Europe/Berlin"


def test_recurrence_exdate_and_overrides() -> None:
    series = (EVENT + "\r\nRRULE:FREQ=DAILY;UNTIL=20270331T070000Z\r\n"
              "EXDATE;TZID=Europe/Berlin:20270330T090000").replace("20270329T09", "20270327T09").replace(
        "20270329T10", "20270327T10")
    moved = ("UID:e1@x\r\nDTSTAMP:20270301T000000Z\r\nSUMMARY:Keynote (late)\r\n"
             "RECURRENCE-ID;TZID=Europe/Berlin:20270328T090000\r\nDTSTART;TZID=Europe/Berlin:20270328T110000\r\n"
             "DTEND;TZID=Europe/Berlin:20270328T120000")
    cancelled = ("UID:e1@x\r\nDTSTAMP:20270301T000000Z\r\nSTATUS:CANCELLED\r\n"
                 "RECURRENCE-ID;TZID=Europe/Berlin:20270329T090000\r\nDTSTART;TZID=Europe/Berlin:20270329T090000\r\n"
                 "DTEND;TZID=Europe/Berlin:20270329T100000")
    trip = _trip()
    _import(trip, _cal(series, moved, cancelled))
    berlin = zone("Europe/Berlin")
    shown = [(o.event.title, o.start_utc.astimezone(berlin).strftime("%d %H:%M"))
             for o in expand(trip.events, datetime(2027, 3, 26, tzinfo=UTC), datetime(2027, 4, 2, tzinfo=UTC))]
    assert shown == [("Keynote", "27 09:00"), ("Keynote (late)", "28 11:00"), ("Keynote", "31 09:00")]
    series_event = trip.event("e1@x")
    # The rule is kept as the file gives it (UTC UNTIL): the recurrence module reads every RFC 5545 form.
    assert series_event is not None and series_event.repeat == "FREQ=DAILY;UNTIL=20270331T070000Z"


def test_alarms_become_reminders() -> None:
    alarms = "".join(f"\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:x\r\n{t}\r\nEND:VALARM" for t in (
        "TRIGGER:-PT15M", "TRIGGER;RELATED=END:-PT90M", "TRIGGER;VALUE=DATE-TIME:20270328T070000Z",
        "TRIGGER:PT5M", "TRIGGER:-PT15M"))
    trip = _trip()
    report = _import(trip, _cal(EVENT + alarms))
    assert [r.before for r in trip.events[0].reminders] == [timedelta(minutes=15), timedelta(minutes=30),
                                                            timedelta(days=1)]
    assert any("after the start" in note for note in report.notes)


def test_attendees_become_people_matched_by_email() -> None:
    people = ("\r\nATTENDEE;CN=Ana R.:mailto:ana@example.com\r\nATTENDEE;CN=\"Bo Chen\":MAILTO:bo@example.com\r\n"
              "ATTENDEE;CUTYPE=ROOM;CN=Room 1:mailto:room1@example.com\r\nATTENDEE:mailto:not an address")
    trip = _trip()
    report = _import(trip, _cal(EVENT + people))
    assert trip.events[0].attendees == ("ana", "bo-chen")
    assert [p.id for p in trip.people] == ["ana", "bo-chen"] and trip.people[1].email == "bo@example.com"
    assert report.people == ["Bo Chen <bo@example.com> as 'bo-chen'"]


def test_durations_all_day_and_kinds() -> None:
    trip = _trip()
    _import(trip, _cal(
        EVENT.replace("DTEND;TZID=Europe/Berlin:20270329T100000", "DURATION:PT45M") + "\r\nCATEGORIES:Workshop,X",
        "UID:day@x\r\nSUMMARY:Excursion\r\nDTSTART;VALUE=DATE:20270328",
    ))
    timed, day = trip.event("e1@x"), trip.event("day@x")
    assert timed is not None and day is not None
    assert timed.duration == timedelta(minutes=45) and timed.kind is Kind.WORKSHOP
    assert day.all_day and day.end_day == date(2027, 3, 29) and day.kind is Kind.MEETING
    forced = _trip()
    _import(forced, _cal(EVENT + "\r\nCATEGORIES:Workshop"), kind=Kind.CONFERENCE)
    assert forced.events[0].kind is Kind.CONFERENCE


def test_events_outside_the_trip_are_skipped_unless_asked() -> None:
    far = EVENT.replace("20270329", "20270601")
    trip = _trip()
    report = _import(trip, _cal(far))
    assert not trip.events and "outside the trip" in report.skipped[0][1] and not report.usable
    _import(trip, _cal(far), all_dates=True)
    assert len(trip.events) == 1


def test_a_cancellation_removes_the_event() -> None:
    trip = _trip()
    _import(trip, _cal(EVENT + "\r\nSEQUENCE:1"))
    report = _import(trip, _cal(EVENT + "\r\nSEQUENCE:2", head="METHOD:CANCEL\r\n"))
    assert report.removed and not trip.events


def test_our_own_uids_map_back_to_event_ids() -> None:
    from tripplan.files.storage import read_trip
    from tripplan.ical.export import export_calendar
    from tripplan.ical.invites import sequences

    trip, _ = read_trip(ICS / "edge.toml")
    text = export_calendar(trip, datetime(2027, 2, 1, tzinfo=UTC), sequences(trip)).encode()
    fresh = Trip(name="x", timezone=trip.timezone, home_timezone=trip.home_timezone, start=trip.start,
                 end=trip.end, uid=trip.uid)
    report = _import(fresh, text)
    assert sorted(e.id for e in fresh.events) == sorted(e.id for e in trip.events) and not report.skipped
    for original in trip.events:
        copy = fresh.event(original.id)
        assert copy is not None
        assert (copy.start_utc, copy.end_utc, copy.all_day, copy.kind, copy.reminders, copy.repeat, copy.exdates) \
            == (original.start_utc, original.end_utc, original.all_day, original.kind, original.reminders,
                original.repeat, original.exdates)
        if original.start_zone.key != "UTC":  # a UTC time is stored in the trip's zone (same instant)
            assert (copy.start_zone, copy.end_zone) == (original.start_zone, original.end_zone)


LINES = _cal(EVENT + "\r\nRRULE:FREQ=DAILY;COUNT=3\r\nATTENDEE;CN=A:mailto:a@example.com\r\n"
             "BEGIN:VALARM\r\nTRIGGER:-PT5M\r\nACTION:DISPLAY\r\nEND:VALARM").decode().split("\r\n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(LINES) - 1), st.sampled_from(
    ["", ":", ";", "BEGIN:VEVENT", "END:VEVENT", "END:VCALENDAR", "DTSTART:x", "TZID=", "\x00", "é", "\\", "\"",
     " continued", "RRULE:FREQ=", "SEQUENCE:-1", "DTEND;VALUE=DATE:20270101"])), max_size=6),
       st.binary(max_size=20))
def test_mangled_files_never_raise_and_leave_a_valid_trip(edits: list[tuple[int, str]], junk: bytes) -> None:
    lines = list(LINES)
    for index, text in edits:
        lines[index] = lines[index][: len(lines[index]) // 2] + text
    trip = _trip()
    with contextlib.suppress(UnreadableCalendar):
        _import(trip, "\r\n".join(lines).encode() + junk)
