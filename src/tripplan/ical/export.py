"""The calendars of a trip: the whole-trip export, one person's invite, a cancellation, a CalDAV resource.

Each is a VCALENDAR of VEVENTs written by :class:`tripplan.ical.calendar_writer.CalendarWriter`
(times with a TZID and a VTIMEZONE per zone used, imported events as their
file had them) and turned into text by :func:`tripplan.ical.lines.render`;
which UID each event carries is :mod:`tripplan.ical.uids`'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tripplan.ical import properties as c
from tripplan.ical.calendar_writer import PRODID as PRODID  # the writer's names, importable from here as before
from tripplan.ical.calendar_writer import CalendarWriter
from tripplan.ical.calendar_writer import Cancel as Cancel
from tripplan.ical.calendar_writer import describe as describe
from tripplan.ical.lines import Component, ContentLine
from tripplan.ical.party import Party
from tripplan.ical.rrule_out import export_rrule as export_rrule
from tripplan.ical.text import escape_text
from tripplan.ical.uids import calendar_uids as calendar_uids
from tripplan.ical.uids import event_id_for_uid as event_id_for_uid
from tripplan.ical.uids import event_uid as event_uid
from tripplan.ical.uids import export_uid as export_uid
from tripplan.ical.uids import recurrence_ids as recurrence_ids
from tripplan.time.zones import day_start
from tripplan.trip.model import Event, FollowUp, Recipient, Trip


def trip_end(trip: Trip) -> datetime:
    """The instant the trip's last day ends (in the zone of its last stop)."""
    return day_start(trip.end + timedelta(days=1), trip.zone_on(trip.end))

@dataclass
class Sent:
    """One event in an invite: the event, its SEQUENCE, the people it is addressed to, and the UID they hold.

    ``uid`` "" is :func:`export_uid` of the event.
    """

    event: Event
    sequence: int
    attendees: list[Recipient] = field(default_factory=list)
    uid: str = ""

def export_calendar(trip: Trip, now: datetime, sequences: dict[str, int], *, todos: bool = False,
                    attendees: bool = False) -> str:
    """The whole trip, for the traveller's own calendar: METHOD:PUBLISH from the traveller, or no METHOD.

    With a traveller ("me") who has an e-mail address, every event has an
    ORGANIZER — the traveller, or whoever a calendar file said organizes it —
    and the calendar says METHOD:PUBLISH, as RFC 5546 asks: no ATTENDEE
    (PUBLISH allows none; who attends is in the DESCRIPTION) and, for each
    VTODO, a DTSTART and a PRIORITY.  With *attendees*, or without such a
    traveller, there is no METHOD: plain RFC 5545 data, where an imported
    event keeps its attendees' ROLE and PARTSTAT (never RSVP).  Importing
    either makes no client send invitations or replies.  An imported event
    keeps its UID, and each changed occurrence is a ``RECURRENCE-ID`` of its
    series.

    *sequences* maps event ids to the SEQUENCE they carry (see
    :func:`tripplan.ical.invites.pending_sequence`); with *todos*, every
    follow-up becomes a VTODO with a DUE date.
    """
    me = Party(trip).publisher
    method = "PUBLISH" if me is not None and not attendees else ""
    events = sorted(trip.events, key=lambda e: (e.start_utc, e.end_utc, e.id))
    writer = CalendarWriter(trip, now, events, overrides=True, attendees=not method)
    components = [writer.event(e, sequences.get(e.id, 0), notes=True, objective=True) for e in events]
    if todos:
        components += [_todo(trip, followup, writer.now, me if method else None) for followup in trip.followups]
    name = ContentLine("X-WR-CALNAME", {}, escape_text(trip.name))
    return writer.finish(method, components, [name])


def _todo(trip: Trip, followup: FollowUp, now: datetime, organizer: Recipient | None) -> Component:
    """One follow-up as a VTODO due on its date; with *organizer*, what METHOD:PUBLISH asks of a VTODO too.

    RFC 5546 wants an ORGANIZER, a DTSTART and a PRIORITY in a published
    to-do: the start is the day of the event it came from (else the trip's
    first day), never after it is due, and PRIORITY 0 means "not said".
    """
    person = trip.person(followup.person)
    related = trip.event(followup.event) if followup.event else None
    lines = [f"For: {person.name}" + (f" <{person.email}>" if person.email else "")] if person else []
    if related is not None:
        lines.append(f"From: {related.title}")
    vtodo = c.todo(uid=event_uid(trip, f"followup-{followup.id}"), title=followup.what,
                   description="\n".join(lines), done=followup.done)
    vtodo.append(c.stamp("DTSTAMP", now))
    if organizer is not None:
        opened = trip.day_of(related.start_utc) if related is not None else trip.start
        vtodo.append(c.when("DTSTART", min(opened, followup.due), True))
        vtodo.append(ContentLine("PRIORITY", {}, "0"))
        vtodo.append(c.person("ORGANIZER", organizer.email, organizer.name))
    vtodo.append(c.due(followup.due))
    return vtodo


def request_calendar(trip: Trip, now: datetime, organizer: Recipient, items: list[Sent], *,
                     notes: bool = False) -> str:
    """One person's invite: METHOD:REQUEST with ORGANIZER and every participant as ATTENDEE.

    Notes and objectives are the organiser's own and stay out unless *notes*
    asks for the notes; who else attends is always listed.
    """
    writer = CalendarWriter(trip, now)  # a changed occurrence goes as an event of its own (see docs/calendar.md)
    components = [writer.event(item.event, item.sequence, notes=notes, objective=False, organizer=organizer,
                               attendees=item.attendees, uid=item.uid) for item in items]
    return writer.finish("REQUEST", components)


def cancel_calendar(trip: Trip, now: datetime, items: list[Cancel]) -> str:
    """A METHOD:CANCEL calendar for events the recipient holds and should drop."""
    writer = CalendarWriter(trip, now)
    return writer.finish("CANCEL", [writer.cancel(item) for item in items])


def event_resource(trip: Trip, event: Event, now: datetime, sequence: int, party: Party | None = None) -> str:
    """One event as a calendar of its own, for a CalDAV server: the export's VEVENT with its VTIMEZONEs.

    No METHOD: RFC 4791 forbids it in a calendar object resource.  Its
    ORGANIZER and ATTENDEEs are the plain export's without METHOD
    (:meth:`CalendarWriter._attendance`).  The
    VTIMEZONEs cover the event's own dates (and the trip's end for a repeating
    event), so changing the trip's dates does not rewrite every event on the
    server.  One event per resource: a changed occurrence is an event of its
    own (:func:`export_uid`), its series keeps the EXDATE.  *party*: the
    trip's :class:`tripplan.ical.party.Party`, when already made.
    """
    writer = CalendarWriter(trip, now, [event], caldav=True, party=party)
    writer.dates = [trip.end] if event.repeat else []
    vevent = writer.event(event, sequence, notes=True, objective=True)
    return writer.finish("", [vevent])
