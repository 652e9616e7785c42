"""Build the iCalendar text of a trip: the whole-trip export, invites and cancellations.

Everything goes through :mod:`tripplan.ical.compliance` (ics-py plus the
fixes it needs) and :func:`tripplan.ical.text.render`.  Times are always
written with a TZID and one VTIMEZONE per zone used (UTC as ``Z``), all-day
events as dates with an exclusive end, recurrence as an RRULE cut at the
trip's last day — the same occurrences the agenda shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from ics.grammar.parse import Container, ContentLine

from tripplan import __version__
from tripplan.ical import compliance as c
from tripplan.ical.text import escape_text, render
from tripplan.ical.vtimezone import vtimezone, window
from tripplan.model import Category, Event, Kind, Recipient, Trip
from tripplan.recurrence import rule_walls
from tripplan.zones import localize

PRODID = f"-//tripplan//tripplan {__version__}//EN"
_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def event_uid(trip: Trip, event_id: str) -> str:
    """The iCalendar UID of an event: its id, made globally unique with the trip's uid when it is not already.

    A UUID or an id with an ``@`` (an imported UID) is used as it is; a short
    hand-written id such as ``standup`` becomes ``standup@TRIP-UID`` so two
    trips' stand-ups never overwrite each other in a calendar.
    """
    if "@" in event_id or _UUID.fullmatch(event_id):
        return event_id
    return f"{event_id}@{trip.uid}"


def event_id_for_uid(trip: Trip, uid: str) -> str:
    """The event id an imported UID maps to (the inverse of :func:`event_uid` for this trip)."""
    suffix = f"@{trip.uid}"
    if uid.endswith(suffix) and len(uid) > len(suffix) and "@" not in uid[: -len(suffix)]:
        return uid[: -len(suffix)]
    return uid


def trip_end(trip: Trip) -> datetime:
    """The instant the trip's last day ends (destination time): recurrences stop there."""
    return datetime.combine(trip.end + timedelta(days=1), time(0), trip.timezone)


def export_rrule(event: Event, until: datetime) -> str | None:
    """The event's RRULE as written to a calendar, or ``None`` when no occurrence falls before *until*.

    The trip file's rule is expanded in local wall time and only within the
    trip; a calendar client would repeat an open rule forever.  So the rule
    always ends with an UNTIL at its last occurrence in the trip (replacing
    COUNT or a later UNTIL), written in UTC (date-only for all-day events) as
    RFC 5545 requires with a TZID start.
    """
    text = event.repeat.removeprefix("RRULE:")
    start_wall = event.start.replace(tzinfo=None, fold=0)
    # The same bounded expansion the agenda uses (not dateutil's unbounded ``before``).
    end_wall = until.astimezone(event.start_zone).replace(tzinfo=None)
    last = None
    for wall in rule_walls(text, start_wall, end_wall):
        if wall < end_wall:
            last = wall
    if last is None:
        return None
    parts = [part.partition("=") for part in text.split(";") if part.strip()]
    keep = [(k.strip().upper(), v.strip()) for k, _, v in parts if k.strip().upper() not in ("COUNT", "UNTIL")]
    # Always UNTIL, never COUNT: calcurse 4.7 counts COUNT after removing the
    # EXDATEs (one occurrence too many); an UNTIL means the same to every reader.
    if event.all_day:
        keep.append(("UNTIL", f"{last:%Y%m%d}"))
    else:
        keep.append(("UNTIL", f"{localize(last, event.start_zone).astimezone(UTC):%Y%m%dT%H%M%SZ}"))
    return ";".join(f"{k}={v}" for k, v in keep)


def describe(trip: Trip, event: Event, *, notes: bool, objective: bool) -> str:
    """DESCRIPTION: the notes and the objective when asked for, then who attends."""
    parts: list[str] = []
    if notes and event.notes.strip():
        parts.append(event.notes.strip())
    goal = trip.objective(event.objective) if objective and event.objective else None
    if goal is not None:
        parts.append(f"Objective: {goal.title}")
    people = [p for p in (trip.person(pid) for pid in event.attendees) if p is not None]
    if people:
        parts.append("With: " + ", ".join(f"{p.name} ({p.org})" if p.org else p.name for p in people))
    return "\n\n".join(parts)


@dataclass
class Sent:
    """One event in an invite: the event, its SEQUENCE, and the people it is addressed to."""

    event: Event
    sequence: int
    attendees: list[Recipient] = field(default_factory=list)


@dataclass
class Cancel:
    """One cancellation: what the recipients hold (from the sent record) and the SEQUENCE that supersedes it."""

    uid: str
    sequence: int
    title: str
    start: datetime
    end: datetime
    all_day: bool
    repeat: str
    organizer: Recipient
    attendees: list[Recipient]


class _Writer:
    """Collects the zones a calendar uses while its events are built."""

    def __init__(self, trip: Trip, now: datetime) -> None:
        self.trip, self.now = trip, now.astimezone(UTC).replace(microsecond=0)
        self.zones: set[str] = set()
        self.dates: list[date] = [trip.start, trip.end]
        self.until = trip_end(trip)

    def _times(self, container: Container, start: datetime, end: datetime, all_day: bool) -> None:
        for name, moment in (("DTSTART", start), ("DTEND", end)):
            line = c.when(name, moment, all_day)
            container.append(line)
            if "TZID" in line.params:
                self.zones.add(line.params["TZID"][0])
        self.dates += [start.date(), end.date()]

    def _recurrence(self, container: Container, event: Event) -> None:
        if not event.repeat:
            return
        rule = export_rrule(event, self.until)
        if rule is None:
            return
        container.append(ContentLine("RRULE", {}, rule))
        exdates = sorted(d for d in event.exdates if d < self.until)
        line = c.dates("EXDATE", [d.astimezone(event.start_zone) for d in exdates], event.all_day)
        if line is not None:
            container.append(line)

    def event(self, event: Event, sequence: int, *, notes: bool, objective: bool,
              organizer: Recipient | None = None, attendees: Iterable[Recipient] = ()) -> Container:
        """One VEVENT."""
        kind = event.kind
        vevent = c.event(uid=event_uid(self.trip, event.id), title=event.title, location=event.location,
                         description=describe(self.trip, event, notes=notes, objective=objective),
                         categories=list(dict.fromkeys([kind.value, kind.category.value])), status="CONFIRMED",
                         transparent=kind.category is Category.REST)
        vevent.append(c.stamp("DTSTAMP", self.now))
        vevent.append(ContentLine("SEQUENCE", {}, str(sequence)))
        self._times(vevent, event.start, event.end, event.all_day)
        self._recurrence(vevent, event)
        if organizer is not None:
            vevent.append(c.person("ORGANIZER", organizer.email, organizer.name))
        for who in attendees:
            if organizer is not None and who.email.lower() == organizer.email.lower():
                # The organizer attends their own event: no reply is asked of them.
                params = {"ROLE": "CHAIR", "PARTSTAT": "ACCEPTED"}
            else:
                params = {"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
            vevent.append(c.person("ATTENDEE", who.email, who.name, params))
        for reminder in event.reminders:
            vevent.append(c.alarm(reminder.before, event.title))
        return vevent

    def cancel(self, item: Cancel) -> Container:
        """One VEVENT of a METHOD:CANCEL."""
        vevent = c.event(uid=item.uid, title=item.title, location="", description="", categories=[],
                         status="CANCELLED", transparent=False)
        vevent.append(c.stamp("DTSTAMP", self.now))
        vevent.append(ContentLine("SEQUENCE", {}, str(item.sequence)))
        self._times(vevent, item.start, item.end, item.all_day)
        if item.repeat:
            # The rule is cut exactly as it was when the event was sent.
            shape = Event(id=item.uid, title=item.title, kind=Kind.MEETING, start=item.start, end=item.end,
                          all_day=item.all_day, repeat=item.repeat)
            self._recurrence(vevent, shape)
        vevent.append(c.person("ORGANIZER", item.organizer.email, item.organizer.name))
        for who in item.attendees:
            vevent.append(c.person("ATTENDEE", who.email, who.name,
                                   {"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION"}))
        return vevent

    def finish(self, method: str, components: list[Container], extra: Iterable[ContentLine] = ()) -> str:
        """The whole calendar text, with a VTIMEZONE for each zone used."""
        first, last = window(self.dates)
        zones = [vtimezone(key, first, last) for key in sorted(self.zones)]
        return render(c.calendar(prodid=PRODID, method=method, components=[*zones, *components], extra=extra))


def export_calendar(trip: Trip, now: datetime, sequences: dict[str, int], *, todos: bool = False) -> str:
    """The whole trip as METHOD:PUBLISH: every event, no ATTENDEE (so no client sends replies).

    *sequences* maps event ids to the SEQUENCE they carry (see
    :func:`tripplan.ical.invites.pending_sequence`); with *todos*, every
    follow-up becomes a VTODO with a DUE date.
    """
    writer = _Writer(trip, now)
    components = [writer.event(e, sequences.get(e.id, 0), notes=True, objective=True)
                  for e in sorted(trip.events, key=lambda e: (e.start, e.end, e.id))]
    if todos:
        for followup in trip.followups:
            person = trip.person(followup.person)
            related = trip.event(followup.event) if followup.event else None
            lines = [f"For: {person.name}" + (f" <{person.email}>" if person.email else "")] if person else []
            if related is not None:
                lines.append(f"From: {related.title}")
            vtodo = c.todo(uid=event_uid(trip, f"followup-{followup.id}"), title=followup.what,
                           description="\n".join(lines), done=followup.done)
            vtodo.append(c.stamp("DTSTAMP", writer.now))
            vtodo.append(c.due(followup.due))
            components.append(vtodo)
    name = ContentLine("X-WR-CALNAME", {}, escape_text(trip.name))
    return writer.finish("PUBLISH", components, [name])


def request_calendar(trip: Trip, now: datetime, organizer: Recipient, items: list[Sent], *,
                     notes: bool = False) -> str:
    """One person's invite: METHOD:REQUEST with ORGANIZER and every participant as ATTENDEE.

    Notes and objectives are the organiser's own and stay out unless *notes*
    asks for the notes; who else attends is always listed.
    """
    writer = _Writer(trip, now)
    components = [writer.event(item.event, item.sequence, notes=notes, objective=False, organizer=organizer,
                               attendees=item.attendees) for item in items]
    return writer.finish("REQUEST", components)


def cancel_calendar(trip: Trip, now: datetime, items: list[Cancel]) -> str:
    """A METHOD:CANCEL calendar for events the recipient holds and should drop."""
    writer = _Writer(trip, now)
    return writer.finish("CANCEL", [writer.cancel(item) for item in items])


def event_resource(trip: Trip, event: Event, now: datetime, sequence: int) -> str:
    """One event as a calendar of its own, for a CalDAV server: the export's VEVENT with its VTIMEZONEs.

    No METHOD: RFC 4791 forbids it in a calendar object resource.  The
    VTIMEZONEs cover the event's own dates (and the trip's end for a repeating
    event), so changing the trip's dates does not rewrite every event on the
    server.
    """
    writer = _Writer(trip, now)
    writer.dates = [trip.end] if event.repeat else []
    vevent = writer.event(event, sequence, notes=True, objective=True)
    return writer.finish("", [vevent])
