"""Import of real-world calendars (issue 14): every occurrence the reference reader sees, tripplan keeps.

Each case is a small calendar in ``tests/data/ics/cases/`` (its ``X-COMMENT`` and the README there say what
it shows), imported into a trip of Berlin, 26 March – 1 April 2027, and compared with what
recurring-ical-events (v3, with icalendar 7) finds in the trip's days — occurrence by occurrence, title,
start and end — or, where tripplan deliberately differs (a holiday's DTEND equal to its DTSTART is one day;
cancelled occurrences are not kept), with what the case documents.  What was kept besides the time
(``event.ical``) and what the report and the exit code say are checked too.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from tests.ical_helpers import ICS
from tripplan.cli.main import main
from tripplan.files.encode import dumps
from tripplan.files.storage import parse_trip
from tripplan.ical.importer import ImportReport, import_calendar
from tripplan.time.zones import day_start, instant, zone
from tripplan.trip.model import Attendance, Kind, Organizer, Trip
from tripplan.trip.recurrence import expand

CASES = ICS / "cases"
BERLIN = zone("Europe/Berlin")


def _trip(tz: str = "Europe/Berlin") -> Trip:
    return Trip(name="Cases", timezone=zone(tz), home_timezone=zone("UTC"), start=date(2027, 3, 26),
                end=date(2027, 4, 1), uid="cases-trip")


def _window(trip: Trip) -> tuple[datetime, datetime]:
    return day_start(trip.start, trip.timezone), day_start(trip.end + timedelta(days=1), trip.timezone)


def _import(trip: Trip, name: str, **options: bool) -> ImportReport:
    report = import_calendar(trip, (CASES / name).read_bytes(), **options)
    parse_trip(dumps(trip).encode(), "after-import.toml")  # the merged trip is always a valid trip file
    return report


Seen = tuple[str, object, object]  # title, start, end: UTC instants, or dates for an all-day occurrence


def ours(trip: Trip) -> Counter[Seen]:
    """The trip's occurrences in its days."""
    found: Counter[Seen] = Counter()
    for occ in expand(trip.events, *_window(trip)):
        event = occ.event
        if event.all_day:
            tz = event.tz
            found[(event.title, occ.start_utc.astimezone(tz).date(), occ.end_utc.astimezone(tz).date())] += 1
        else:
            found[(event.title, occ.start_utc, occ.end_utc)] += 1
    return found


def reference(name: str, trip: Trip) -> Counter[Seen]:
    """What recurring-ical-events finds in the trip's days (cancelled occurrences left out; floating times in the
    calendar's X-WR-TIMEZONE, else the trip's zone)."""
    from icalendar.timezone import tzp

    tzp.use_zoneinfo()  # a fresh zone cache, as in a process of its own
    calendar = icalendar.Calendar.from_ical((CASES / name).read_bytes())
    floating = zone(str(calendar.get("X-WR-TIMEZONE", trip.timezone.key)))

    def moment(value: datetime) -> datetime:
        return instant(value, floating) if value.tzinfo is None else value.astimezone(UTC)

    found: Counter[Seen] = Counter()
    for component in recurring_ical_events.of(calendar).between(*_window(trip)):
        if str(component.get("STATUS", "")).upper() == "CANCELLED":
            continue
        start = component["DTSTART"].dt
        end = component["DTEND"].dt if "DTEND" in component else start
        title = str(component.get("SUMMARY", ""))
        found[(title, moment(start), moment(end)) if isinstance(start, datetime) else (title, start, end)] += 1
    return found


def _berlin(day: int, hour: int, minute: int = 0) -> datetime:
    return instant(datetime(2027, 3 if day > 20 else 4, day, hour, minute), BERLIN)


# --- Refused before, although valid or common ------------------------------------------------------------------


def test_a_dtstart_alone_is_a_moment_or_one_day() -> None:
    trip = _trip()
    report = _import(trip, "dtstart_only.ics")
    assert ours(trip) == reference("dtstart_only.ics", trip) and report.complete
    moment, day = trip.event("moment@cases"), trip.event("day@cases")
    assert moment is not None and moment.start_utc == moment.end_utc == _berlin(29, 9)
    assert day is not None and day.all_day and (day.first_day, day.end_day) == (date(2027, 3, 30), date(2027, 3, 31))


def test_a_holiday_whose_dtend_is_its_dtstart_is_one_day() -> None:
    trip = _trip()
    report = _import(trip, "holiday_feed.ics")
    # recurring-ical-events gives such a day no length; calendar programs show the holiday, as tripplan does.
    assert Counter((t, s) for t, s, _ in ours(trip).elements()) == \
        Counter((t, s) for t, s, _ in reference("holiday_feed.ics", trip).elements())
    assert sorted((e.first_day, e.end_day) for e in trip.events) == [
        (date(2027, 3, 26), date(2027, 3, 27)), (date(2027, 3, 29), date(2027, 3, 30))]
    assert report.complete and any("DTEND = DTSTART" in n and "one day" in n for n in report.notes)


def test_an_unknown_tzid_is_floating_time_in_the_calendars_zone() -> None:
    trip = _trip()
    report = _import(trip, "unknown_tzid.ics")
    assert ours(trip) == reference("unknown_tzid.ics", trip)
    (event,) = trip.events
    assert event.start_utc == instant(datetime(2027, 3, 29, 9), zone("America/New_York"))
    assert event.tz.key == "America/New_York" and report.complete
    assert any("'Office Local Time' is neither defined in the file nor a known zone name" in n and
               "floating" in n and "America/New_York" in n for n in report.notes)


def test_a_date_start_with_a_date_time_end_and_the_other_way_round() -> None:
    trip = _trip()
    report = _import(trip, "mixed_date_types.ics")
    assert ours(trip) == reference("mixed_date_types.ics", trip) and report.complete
    morning, evening = trip.event("d2t@cases"), trip.event("t2d@cases")
    assert morning is not None and (morning.start_utc, morning.end_utc) == (_berlin(29, 0), _berlin(29, 12))
    assert evening is not None and (evening.start_utc, evening.end_utc) == (_berlin(30, 18), _berlin(31, 0))
    assert not morning.all_day and sum("midnight" in n for n in report.notes) == 2


def test_an_end_before_the_start_is_swapped() -> None:
    trip = _trip()
    report = _import(trip, "end_before_start.ics")
    assert ours(trip) == reference("end_before_start.ics", trip) and report.complete
    timed, days = trip.event("back@cases"), trip.event("backday@cases")
    assert timed is not None and (timed.start_utc, timed.end_utc) == (_berlin(29, 10), _berlin(29, 11))
    assert days is not None and (days.first_day, days.end_day) == (date(2027, 3, 29), date(2027, 3, 31))
    assert sum("the two are swapped" in n for n in report.notes) == 2


def test_a_rule_without_dates_keeps_its_dtstart_and_a_dtstart_off_the_rule_stays() -> None:
    trip = _trip()
    report = _import(trip, "rule_without_dates.ics")
    assert ours(trip) == reference("rule_without_dates.ics", trip) and report.complete
    review = sorted(s for t, s, _ in ours(trip) if t == "Tuesday review")
    assert review == [_berlin(29, 14), _berlin(30, 14)]  # Monday (its DTSTART), then the Tuesday of its rule
    assert [s for t, s, _ in ours(trip) if t == "Every 30 February"] == [_berlin(29, 9)]


def test_count_minus_one_beside_until_keeps_the_until() -> None:
    trip = _trip()
    report = _import(trip, "count_negative.ics")
    assert ours(trip) == reference("count_negative.ics", trip) and report.complete
    assert sorted(s for _, s, _ in ours(trip)) == [_berlin(d, 9) for d in (26, 27, 28, 29)]
    event = trip.event("negcount@cases")
    assert event is not None and "COUNT" not in event.repeat and "UNTIL=20270329T235959Z" in event.repeat
    assert any("COUNT=-1, which is no count" in n and "up to its UNTIL" in n for n in report.notes)


# --- Lost before ---------------------------------------------------------------------------------------------


def test_rdates_dates_date_times_and_periods() -> None:
    trip = _trip()
    report = _import(trip, "rdates.ics")
    assert ours(trip) == reference("rdates.ics", trip) and report.complete
    hours = trip.event("rdates@cases")
    assert hours is not None and not hours.repeat
    # The PERIOD of another length is a changed occurrence of its own; the series leaves that start out.
    longer = trip.event("rdates@cases#20270401T080000Z")
    assert longer is not None and longer.ical.series == "rdates@cases" and longer.duration == timedelta(hours=3)
    assert longer.start_utc in hours.rdates and longer.start_utc in hours.exdates
    assert _berlin(29, 0) in hours.rdates  # a date on a timed event: its midnight
    days = trip.event("rdays@cases")
    assert days is not None and [d.astimezone(BERLIN).date() for d in days.rdates] == [date(2027, 3, 28),
                                                                                       date(2027, 3, 31)]


def test_a_second_rrule_becomes_extra_dates() -> None:
    trip = _trip()
    report = _import(trip, "two_rrules.ics")
    assert ours(trip) == reference("two_rrules.ics", trip) and report.complete
    (event,) = trip.events
    assert event.repeat == "FREQ=WEEKLY;BYDAY=FR" and event.rdates == (_berlin(29, 18), _berlin(31, 18))
    assert any("second RRULE" in n and "2 occurrence(s) in the trip are kept as extra dates" in n
               for n in report.notes)


def test_a_lost_occurrence_exits_1(tmp_path: Path) -> None:
    trip_file = tmp_path / "trip.toml"
    trip_file.write_text(dumps(_trip()), encoding="utf-8")
    broken = tmp_path / "broken.ics"
    broken.write_bytes((CASES / "two_rrules.ics").read_bytes().replace(b"RRULE:FREQ=WEEKLY;BYDAY=FR\r\n",
                                                                        b"RRULE:FREQ=FORTNIGHTLY\r\n"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["import", str(trip_file), str(broken)])
    assert code == 1 and "Left out or changed:" in out.getvalue() and "is not understood" in out.getvalue()
    again = tmp_path / "again.toml"
    again.write_text(dumps(_trip()), encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["import", str(again), str(CASES / "two_rrules.ics")]) == 0


# --- Silently wrong before -----------------------------------------------------------------------------------


def test_range_thisandfuture_moves_every_later_occurrence() -> None:
    trip = _trip()
    report = _import(trip, "this_and_future.ics")
    assert ours(trip) == reference("this_and_future.ics", trip) and report.complete
    shown = sorted((s, t) for t, s, _ in ours(trip))
    assert shown == [(_berlin(26, 9), "Stand-up"), (_berlin(27, 9), "Stand-up"), (_berlin(28, 9), "Stand-up"),
                     (_berlin(29, 9, 30), "Stand-up (new slot)"), (_berlin(30, 9, 30), "Stand-up (new slot)"),
                     (_berlin(31, 16), "Stand-up (late)"), (_berlin(1, 9, 30), "Stand-up (new slot)")]
    later = trip.event("standup@cases#20270330T070000Z")  # what the change says, the series' place no more
    assert later is not None and later.location == "Room B" and later.ical.series == "standup@cases"
    assert later.ical.recurrence_id == _berlin(30, 9) and later.duration == timedelta(minutes=30)


def test_outdated_overrides_are_read_as_recurring_ical_events_reads_them() -> None:
    trip = _trip()
    report = _import(trip, "outdated_overrides.ics")
    assert ours(trip) == reference("outdated_overrides.ics", trip)
    assert trip.event("weekly@cases#20270327T090000Z") is not None  # a lower SEQUENCE still moves its occurrence
    assert any("names no occurrence of its series" in n for n in report.notes)  # an occurrence of its own
    assert [why for what, why in report.skipped if "stale copy" in what] == [
        "it is out of date: its SEQUENCE (1) is lower than its series' (3) and the series no longer has that "
        "occurrence"]


def test_a_cancelled_series_takes_its_moved_occurrences_with_it() -> None:
    trip = _trip()
    report = _import(trip, "cancelled_series.ics")
    assert not trip.events and not report.usable
    assert ("Retro (moved) (Sun 28 Mar 2027 18:00)", "its series is cancelled in the file") in report.skipped
    # Imported first, then cancelled: the series and its moved occurrence go.
    trip = _trip()
    data = (CASES / "cancelled_series.ics").read_bytes()
    import_calendar(trip, data.replace(b"STATUS:CANCELLED\r\n", b"").replace(b"SEQUENCE:4", b"SEQUENCE:3"))
    assert len(trip.events) == 2
    report = import_calendar(trip, data)
    assert not trip.events and len(report.removed) == 2


def test_a_cancelled_occurrence_is_left_out() -> None:
    trip = _trip()
    report = _import(trip, "cancelled_occurrence.ics")
    assert ours(trip) == reference("cancelled_occurrence.ics", trip) and report.complete
    assert sorted(s for _, s, _ in ours(trip)) == [_berlin(d, 12) for d in (26, 27, 29, 30)]


@pytest.mark.parametrize("tz", ["Pacific/Auckland", "America/Los_Angeles", "Europe/Berlin"])
def test_an_all_day_series_matches_a_date_time_recurrence_id_by_its_own_date(tz: str) -> None:
    trip = _trip(tz)
    report = _import(trip, "all_day_recurrence_id.ics")
    assert ours(trip) == reference("all_day_recurrence_id.ics", trip) and report.complete
    days = sorted((s, t) for t, s, _ in ours(trip))
    assert days == [(date(2027, 3, 26), "Site visit"), (date(2027, 3, 27), "Site visit"),
                    (date(2027, 3, 29), "Site visit"), (date(2027, 3, 30), "Site visit"),
                    (date(2027, 3, 31), "Site visit (moved)")]
    moved = trip.event("allday@cases#" + f"{day_start(date(2027, 3, 28), zone(tz)):%Y%m%dT%H%M%SZ}")
    assert moved is not None and moved.ical.recurrence_id == day_start(date(2027, 3, 28), zone(tz))


def test_two_uidless_events_with_the_same_title_and_start_are_two_events() -> None:
    trip = _trip()
    report = _import(trip, "uidless_parallel.ics")
    assert ours(trip) == reference("uidless_parallel.ics", trip) and report.complete
    assert sorted(e.location for e in trip.events) == ["Room 1", "Room 2"]
    ids = sorted(e.id for e in trip.events)
    again = _trip()
    _import(again, "uidless_parallel.ics")
    assert sorted(e.id for e in again.events) == ids  # the same file gives the same ids
    report = _import(trip, "uidless_parallel.ics")
    assert len(trip.events) == 2 and len(report.unchanged) == 2 and not report.changed


def test_a_zone_of_one_calendar_never_leaks_into_the_next_import() -> None:
    """icalendar caches the zones of the VTIMEZONEs it reads for the whole process (the first definition of a
    TZID wins): the same TZID defined differently in the next file, or not at all, must not get it."""
    plus5, minus3, undefined = _trip(), _trip(), _trip()
    _import(plus5, "custom_zone_plus5.ics")
    _import(minus3, "custom_zone_minus3.ics")
    report = _import(undefined, "custom_zone_undefined.ics")
    assert plus5.events[0].start_utc == datetime(2027, 3, 29, 4, tzinfo=UTC)
    assert minus3.events[0].start_utc == datetime(2027, 3, 29, 12, tzinfo=UTC)
    assert undefined.events[0].start_utc == _berlin(29, 9)  # floating: the trip's zone, not another file's
    assert any("'Office Time' is neither defined in the file" in n for n in report.notes)
    # icalendar itself, after our imports, reads each file with its own zone.
    calendar = icalendar.Calendar.from_ical((CASES / "custom_zone_minus3.ics").read_bytes())
    assert calendar.walk("VEVENT")[0]["DTSTART"].dt.utcoffset() == timedelta(hours=-3)


def test_a_mistyped_end_does_not_swallow_the_events_after_it() -> None:
    trip = _trip()
    report = _import(trip, "mistyped_end.ics")
    assert ours(trip) == reference("mistyped_end.ics", trip)
    assert sorted(e.id for e in trip.events) == ["after1@cases", "after2@cases"]
    assert any("END:VTOOD read as the END of the VTODO of line 22" in n for n in report.notes)
    assert not any("END:VTOOD without a BEGIN" in n for n in report.notes)


def test_a_cut_off_file_says_how_many_events_were_lost() -> None:
    trip = _trip()
    report = _import(trip, "cut_off.ics")
    assert [e.id for e in trip.events] == ["whole@cases"] and not report.complete
    assert "the file is cut off: 1 event(s) in it lost" in report.lost
    assert report.skipped == [("event at line 29", "it is cut off (the file ends inside it)")]


# --- What an event says besides its time ---------------------------------------------------------------------


def test_status_transparency_class_categories_links_priority_organizer_and_attendance() -> None:
    trip = _trip()
    report = _import(trip, "properties.ics")
    assert ours(trip) == reference("properties.ics", trip)
    (event,) = trip.events
    props = event.ical
    assert (event.title, event.location, event.notes, event.kind) == (
        "Client dinner", "Casa Nova", "Bring the contract.", Kind.MEAL)  # "Dinner": the first category a kind
    assert [r.before for r in event.reminders] == [timedelta(minutes=30)]
    assert (props.uid, props.status, props.transparent, props.klass, props.priority) == (
        "props@cases", "TENTATIVE", True, "PRIVATE", 1)
    assert props.categories == ("Client", "Dinner", "Q2") and props.url == "https://example.com/dinner"
    assert props.conference == ("https://meet.example.com/abc", "https://meet.google.com/abc-defg-hij",
                                "https://teams.microsoft.com/l/meetup-join/19%3ameeting",
                                "conf:sip:ana@example.com;gruu;opaque=app:conf:focus:id:X")
    assert props.attach == ("https://files.example.com/menu.pdf",)  # the inline one is not kept …
    assert report.lost == ["Client dinner (Mon 29 Mar 2027 19:30): 1 attachment(s) held in the file itself (not a "
                           "link) left out"]  # … and the report says so
    assert props.organizer == Organizer("ana@example.com", "Ana Ruiz")
    ana, bo = (next(p.id for p in trip.people if p.email == e) for e in ("ana@example.com", "bo@example.com"))
    assert event.attendees == (ana, bo)  # the room is no person
    assert props.attendance == (Attendance(ana, "CHAIR", "ACCEPTED"), Attendance(bo, "OPT-PARTICIPANT", "TENTATIVE"))


def test_our_own_export_gives_back_its_kind_and_notes() -> None:
    trip = _trip()
    report = _import(trip, "own_export.ics")
    (event,) = trip.events
    assert event.kind is Kind.MEAL and event.notes == "Ask about the tender." and report.complete
    # What the export writes for an event that says nothing is read back as nothing.
    assert event.ical.categories == () and event.ical.transparent is None and event.ical.uid == "dinner@own-trip"


def test_a_trip_exported_and_imported_again_is_unchanged() -> None:
    from tripplan.ical.export import export_calendar
    from tripplan.ical.invites import sequences

    trip = _trip()
    for name in ("properties.ics", "this_and_future.ics", "rdates.ics", "all_day_recurrence_id.ics"):
        _import(trip, name)
    before, seen = {e.id: e for e in trip.events}, ours(trip)
    text = export_calendar(trip, datetime(2027, 3, 2, tzinfo=UTC), sequences(trip))
    report = import_calendar(trip, text.encode())
    assert not (report.added or report.removed or report.skipped or report.lost), report
    assert ours(trip) == seen and set(before) == {e.id for e in trip.events}
    for event in trip.events:
        # A COUNT beside EXDATEs comes back as the UNTIL the export writes for calcurse: the same occurrences.
        assert dataclasses.replace(event, repeat=before[event.id].repeat) == before[event.id], event.id


def test_our_export_in_another_trip_and_then_the_originals_never_duplicate() -> None:
    from tripplan.ical.export import export_calendar
    from tripplan.ical.invites import sequences

    names = ("properties.ics", "this_and_future.ics", "rdates.ics", "all_day_recurrence_id.ics", "update_v2.ics",
             "uidless_parallel.ics", "two_rrules.ics")
    first = _trip()
    for name in names:
        _import(first, name)
    text = export_calendar(first, datetime(2027, 3, 20, tzinfo=UTC), sequences(first))
    other = _trip()
    other.uid = "another-trip"
    import_calendar(other, text.encode())
    assert ours(other) == ours(first)
    for name in names:  # the organizers' files, after our copy: recognised, never a second event
        assert not _import(other, name).added, name
    assert ours(other) == ours(first)


# --- Updates -------------------------------------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing() -> None:
    for name in ("this_and_future.ics", "rdates.ics", "outdated_overrides.ics", "properties.ics",
                 "all_day_recurrence_id.ics", "update_v1.ics", "update_v2.ics"):
        trip = _trip()
        _import(trip, name)
        before = dumps(trip)
        report = _import(trip, name)
        assert not report.changed and not report.added and report.unchanged and dumps(trip) == before, name


def test_a_newer_version_updates_by_uid_and_sequence() -> None:
    trip = _trip()
    _import(trip, "update_v1.ics")
    assert sorted(s for t, s, _ in ours(trip) if "moved" in t) == [_berlin(28, 10)]
    report = _import(trip, "update_v2.ics")
    assert ours(trip) == reference("update_v2.ics", trip)
    # 28 March is back in place (the old move is gone), 27 March cancelled, from 30 March on at 09:30 in Room B.
    assert trip.event("series@cases#20270328T070000Z") is None
    assert sorted((s, e) for _, s, e in ours(trip)) == [
        (_berlin(d, 9), _berlin(d, 9, 15)) for d in (26, 28, 29)] + [
        (_berlin(d, 9, 30), _berlin(d, 9, 45)) for d in (30, 31, 1)]
    assert all(e.location == "Room B" for e in trip.events)
    assert any("no longer changes this occurrence" in r for r in report.removed)
    older = _import(trip, "update_v1.ics")  # the older file changes nothing any more
    assert not older.changed and ours(trip) == reference("update_v2.ics", trip)
    report = _import(trip, "update_v3_cancel.ics")
    # The series and its four changed occurrences (30 March – 2 April: the trip's days and a day's margin).
    assert not trip.events and len(report.removed) == 5
