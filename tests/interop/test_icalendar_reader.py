"""The icalendar library (with recurring-ical-events) reads every export and invite as the trip says."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from tests.ical_helpers import Instant, event_of, invited_ids, occurrences, vevent_of, wide
from tests.interop.conftest import Exported, organizer_of
from tripplan.ical.export import export_uid
from tripplan.ical.lint import lint
from tripplan.time.zones import day_start, instant, is_ambiguous
from tripplan.trip.model import Trip


def _instants(cal: icalendar.Calendar, trip: Trip) -> set[Instant]:
    """What recurring-ical-events finds within the trip's wide window, as instants (all-day: in the event's zone).

    Where it ends an occurrence before it starts, the trip's end is taken, after checking it is that reader's
    known fault: for an occurrence whose wall time falls in a gap (02:30 → 03:30 CEST) it adds the length to
    the wall time it read (03:00 CEST, before the start); RFC 5545 gives each occurrence the exact length of
    the first, as tripplan does.
    """
    lo, hi = wide(trip)
    ours = {(uid, start): end for uid, start, end in occurrences(trip)}
    found: set[Instant] = set()
    for event in recurring_ical_events.of(cal).between(lo, hi):
        uid = str(event["UID"])
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        if not isinstance(start, datetime):
            tz = event_of(trip, uid).tz
            start, end = day_start(start, tz), day_start(end, tz)
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        if end <= start and (uid, start) in ours:
            tz = event_of(trip, uid).tz
            jump = _offset(start, tz) - _offset(start - timedelta(hours=3), tz)  # the gap it starts in
            nominal = start.astimezone(tz).replace(tzinfo=None) - jump  # 02:30, as the rule names it
            assert end == instant(nominal + event_of(trip, uid).duration, tz), (uid, start, end)
            end = ours[uid, start]
        found.add((uid, start, end))
    return found


def _offset(moment: datetime, tz: ZoneInfo) -> timedelta:
    return moment.astimezone(tz).utcoffset() or timedelta(0)


def _cn(name: str) -> str:
    """A name as a CN parameter can carry it: a double quote cannot be inside a quoted value."""
    return name.replace('"', "'")


def test_every_trip_has_files(exported: list[Exported]) -> None:
    assert {e.name for e in exported} >= {"small", "edge"}
    assert all(e.invites for e in exported if any(p.email for p in e.trip.people))
    assert {"time_edges", "issue13"} <= {e.name for e in exported}  # issue 13's cases, made and imported


def test_whole_export_instants_agree_with_the_trip(exported: list[Exported]) -> None:
    for item in exported:
        cal = icalendar.Calendar.from_ical(item.export.read_bytes())
        me = item.trip.me
        if me is not None and me.email:  # the traveller publishes: every event has an ORGANIZER, no ATTENDEE
            assert str(cal["METHOD"]) == "PUBLISH", item.name
            assert all("ORGANIZER" in v for v in cal.walk("VEVENT")), item.name
        else:  # PUBLISH needs an ORGANIZER (RFC 5546): without a traveller, the plain export has no METHOD
            assert "METHOD" not in cal, item.name
        assert _instants(cal, item.trip) == occurrences(item.trip), item.name
        assert not any("ATTENDEE" in event for event in cal.walk("VEVENT")), item.name


def test_zones_are_the_events_own(exported: list[Exported]) -> None:
    for item in exported:
        cal = icalendar.Calendar.from_ical(item.export.read_bytes())
        defined = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
        for event in item.trip.events:
            vevent = vevent_of(cal, item.trip, event)
            for name, moment, day in (("DTSTART", event.local_start, event.first_day),
                                      ("DTEND", event.local_end, event.end_day)):
                value = vevent[name].dt
                if event.all_day:
                    assert type(value) is date and value == day
                    continue
                assert value.astimezone(UTC) == moment.astimezone(UTC), (item.name, event.id, name)  # the instant
                key = moment.tzinfo.key  # type: ignore[union-attr]
                # The second pass of a repeated hour can only be said in UTC (a one-off event's start, any end).
                second = moment.fold == 1 and is_ambiguous(moment.replace(tzinfo=None, fold=0), moment.tzinfo)  # type: ignore[arg-type]
                if key == "UTC" or (second and (name == "DTEND" or not event.repeat)):
                    assert value.tzinfo is not None and value.utcoffset() == timedelta(0) and "TZID" not in \
                        vevent[name].params
                else:
                    assert vevent[name].params["TZID"] == key and key in defined


def test_vtimezones_give_zoneinfo_offsets_at_every_instant(exported: list[Exported]) -> None:
    """Read each VTIMEZONE as a zone of its own (not by its name) and compare with zoneinfo."""
    for item in exported:
        cal = icalendar.Calendar.from_ical(item.export.read_bytes())
        zones = {z.key: z for e in item.trip.events for z in (e.tz, e.end_tz)}
        for vtz in cal.walk("VTIMEZONE"):
            assert "RDATE" not in vtz.to_ical().decode()
            own = vtz.to_tz(lookup_tzid=False)
            real = zones[str(vtz["TZID"])]
            for start, end in ((s, e) for _, s, e in occurrences(item.trip)):
                for moment in (start, end, start - timedelta(days=1)):
                    assert moment.astimezone(own).utcoffset() == moment.astimezone(real).utcoffset(), \
                        (item.name, vtz["TZID"], moment)


def test_alarms_categories_and_status(exported: list[Exported]) -> None:
    for item in exported:
        cal = icalendar.Calendar.from_ical(item.export.read_bytes())
        for event in item.trip.events:
            vevent = vevent_of(cal, item.trip, event)
            alarms = vevent.walk("VALARM")
            assert [-a["TRIGGER"].dt for a in alarms] == [r.before for r in event.reminders]
            assert all(str(a["ACTION"]) == "DISPLAY" and str(a["DESCRIPTION"]) for a in alarms)
            assert str(vevent["X-TRIPPLAN-KIND"]) == event.kind.value
            categories = [str(c) for c in vevent["CATEGORIES"].cats]
            assert categories == (list(event.ical.categories) or [event.kind.value, event.kind.category.value][
                :1 if event.kind.value == event.kind.category.value else 2])
            # Made in tripplan: CONFIRMED; imported: what its file said, or none.
            status = event.ical.status or ("" if event.ical.uid or event.ical.series else "CONFIRMED")
            assert str(vevent.get("STATUS", "")) == status and str(vevent["SUMMARY"]) == event.title.strip()


def test_followups_become_todos_with_due_dates(exported: list[Exported]) -> None:
    for item in exported:
        cal = icalendar.Calendar.from_ical(item.export.read_bytes())
        todos = {str(t["SUMMARY"]): t for t in cal.walk("VTODO")}
        assert len(todos) == len(item.trip.followups)
        for followup in item.trip.followups:
            todo = todos[followup.what]
            assert todo["DUE"].dt == followup.due and type(todo["DUE"].dt) is date
            assert str(todo["STATUS"]) == ("COMPLETED" if followup.done else "NEEDS-ACTION")


def test_invites_hold_each_persons_events_with_attendees(exported: list[Exported]) -> None:
    for item in exported:
        organizer = organizer_of(item.trip) if item.invites else None
        me = item.trip.me
        for person_id, (person, path) in item.invites.items():
            data = path.read_bytes()
            assert lint(data) == [], (item.name, person_id)
            cal = icalendar.Calendar.from_ical(data)
            assert str(cal["METHOD"]) == "REQUEST"
            assert _instants(cal, item.trip) == occurrences(item.trip, {person_id}), (item.name, person_id)
            for vevent in cal.walk("VEVENT"):
                assert organizer is not None
                assert str(vevent["ORGANIZER"]) == f"mailto:{organizer.email}"
                assert vevent["ORGANIZER"].params["CN"] == _cn(organizer.name)
                event = next(e for e in item.trip.events if export_uid(item.trip, e) == str(vevent["UID"]))
                attendees = vevent.get("ATTENDEE")
                attendees = attendees if isinstance(attendees, list) else [attendees]
                # Everyone invited, and the traveller when they attend (as an ATTENDEE who has accepted).
                named = invited_ids(item.trip, event) | ({me.id} if me and item.trip.attends(event, me.id) else set())
                expected = {p.email: _cn(p.name) for p in item.trip.people if p.id in named and p.email}
                assert {str(a).removeprefix("mailto:"): a.params["CN"] for a in attendees} == expected
                for attendee in attendees:
                    if str(attendee) == f"mailto:{organizer.email}":
                        assert (attendee.params["ROLE"], attendee.params["PARTSTAT"]) == ("CHAIR", "ACCEPTED")
                        assert "RSVP" not in attendee.params
                        continue
                    assert (attendee.params["ROLE"], attendee.params["PARTSTAT"], attendee.params["RSVP"]) == \
                        ("REQ-PARTICIPANT", "NEEDS-ACTION", "TRUE")
                assert int(vevent["SEQUENCE"]) == 0 and vevent["DTSTAMP"].dt == datetime(2027, 2, 1, 9, tzinfo=UTC)
            assert person.email in data.decode()


def test_every_file_passes_the_lint(exported: list[Exported]) -> None:
    for item in exported:
        for path in [item.export, *(p for _, p in item.invites.values())]:
            assert lint(path.read_bytes()) == [], path
