"""Take the server's version of an event into the trip (``publish --theirs``), through the normal import.

The server's copy is merged with :func:`tripplan.ical.importer.import_calendar`
exactly as ``tripplan import`` would merge it, with two differences that
follow from the user's explicit choice: the SEQUENCE check is skipped (a
calendar app often edits without raising it), and so is the check that the
event lies within the trip's dates (the colleague may have moved it out).
What the export adds to DESCRIPTION (the objective, who attends) is taken off
the imported notes again, so it is not repeated on the next publish.
"""

from __future__ import annotations

import dataclasses
import re

from tripplan.errors import TripplanError
from tripplan.ical.contentlines import unfolded_bytes
from tripplan.ical.export import describe
from tripplan.trip.model import Event, Trip

_SEQUENCE = re.compile(rb"^SEQUENCE:(\d+)\s*$", re.MULTILINE | re.IGNORECASE)


class PullFailed(Exception):
    """The server's copy cannot be taken into the trip; the message says why."""


def pull(trip: Trip, data: bytes, event_id: str) -> tuple[Event, int]:
    """Merge the server's copy *data* of event *event_id* into *trip*; return the event and its SEQUENCE."""
    from tripplan.ical.importer import import_calendar
    from tripplan.ical.reader import UnreadableCalendar

    received = list(trip.received)
    trip.received = [r for r in trip.received if r.event != event_id]
    try:
        report = import_calendar(trip, data, all_dates=True)
    except UnreadableCalendar as exc:
        trip.received = received
        raise PullFailed(str(exc)) from None
    except TripplanError as exc:
        trip.received = received
        raise PullFailed(str(exc)) from None
    event = trip.event(event_id)
    if event is None or not (report.added or report.updated or report.unchanged):
        trip.received = received
        why = "; ".join(f"{what}: {reason}" for what, reason in report.skipped) or "it holds no event of this trip"
        raise PullFailed(why)
    event = _without_export_tail(trip, event)
    found = _SEQUENCE.findall(unfolded_bytes(data))
    return event, max((int(n) for n in found), default=0)


def _without_export_tail(trip: Trip, event: Event) -> Event:
    """Take the objective and attendee lines the export appended to DESCRIPTION off the imported notes."""
    tail = describe(trip, event, notes=False, objective=True)
    notes = event.notes.replace("\r\n", "\n").strip()
    if not tail:
        return event
    if notes == tail:
        notes = ""
    elif notes.endswith("\n\n" + tail):
        notes = notes[: -len(tail) - 2].rstrip()
    else:
        return event
    cleaned = dataclasses.replace(event, notes=notes)
    trip.events = [cleaned if e.id == event.id else e for e in trip.events]
    return cleaned


def drop_event(trip: Trip, event_id: str) -> None:
    """Delete an event from the trip; follow-ups that came from it keep everything but the link."""
    trip.events = [e for e in trip.events if e.id != event_id]
    trip.followups = [dataclasses.replace(f, event="") if f.event == event_id else f for f in trip.followups]
