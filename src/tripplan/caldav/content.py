"""What one event looks like on a CalDAV server, and how to tell that it changed.

Each event is one calendar resource holding the VEVENT of the whole-trip
export without METHOD (notes, objective and who attends in the DESCRIPTION;
the traveller as ORGANIZER of what nobody else organizes; ATTENDEEs only as
an imported calendar listed them, told ``SCHEDULE-AGENT=CLIENT`` on the
traveller's own events, so no server sends invitations; plus the recorded
answers of its attendees, :func:`tripplan.caldav.answers.fold`) with its
VTIMEZONEs, named after its UID.  Two hashes decide what a publish sends:

- ``content`` hashes the resource without DTSTAMP and PRODID (which change
  on every run or upgrade, not with the event): equal means nothing to send;
- ``fingerprint`` hashes what makes SEQUENCE rise — time, place, title and
  who attends (the guest list of an invite: its recipients and the traveller
  when attending) — so SEQUENCE rises exactly as in the export.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from tripplan.caldav.partstats import fold
from tripplan.ical.contentlines import unfolded_bytes
from tripplan.ical.export import event_resource, export_uid
from tripplan.ical.invites import fingerprint, pending_sequence
from tripplan.ical.party import Party
from tripplan.trip.model import Event, PublishedEvent, Reply, Trip

_PLAIN_NAME = re.compile(r"[A-Za-z0-9@._+-]{1,200}")
_VOLATILE = re.compile(rb"^(DTSTAMP|PRODID)[:;].*\r?\n", re.MULTILINE)


@dataclass
class Resource:
    """One event as it is to be published."""

    event: Event
    uid: str
    name: str  # file name inside the calendar collection (not quoted)
    sequence: int
    fingerprint: str
    content: str
    text: str


def resource_name(uid: str) -> str:
    """The resource's file name in the collection: the UID itself when it is plain, else a hash of it.

    A UID from another calendar may hold a ``/``, spaces or anything else a
    server may refuse or misread in a path; those get a stable hashed name.
    """
    if _PLAIN_NAME.fullmatch(uid) and not uid.startswith("."):
        return f"{uid}.ics"
    return f"uid-{hashlib.blake2b(uid.encode('utf-8'), digest_size=16).hexdigest()}.ics"


def content_hash(text: str | bytes) -> str:
    """A hash of a resource as tripplan wrote it, ignoring DTSTAMP and PRODID."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.blake2b(_VOLATILE.sub(b"", data), digest_size=16).hexdigest()


def sequence_for(trip: Trip, event: Event, record: PublishedEvent | None, mark: str,
                 party: Party | None = None) -> int:
    """The SEQUENCE an event is published with.

    Never lower than the export's (which follows sent invites and imports), and
    one more than last published when time, place, title or attendees changed
    since — so a calendar app that already holds the event takes the update.
    """
    base = pending_sequence(trip, event, party=party)
    if record is None:
        return base
    if record.fingerprint and record.fingerprint != mark:
        return max(base, record.sequence + 1)
    return max(base, record.sequence)


def build(trip: Trip, event: Event, record: PublishedEvent | None, now: datetime,
          party: Party | None = None, replies: list[Reply] | None = None) -> Resource:
    """The resource for *event*, given what was published for it last time (if anything).

    *party* is the trip's :class:`tripplan.ical.party.Party`, made once for a publish of many events;
    *replies*, the trip's recorded answers to *event* (looked up when not given): they are written as its
    attendees' PARTSTATs (:func:`tripplan.caldav.answers.fold`), so a rewrite keeps what they answered.
    """
    party = party or Party(trip)
    uid = record.uid if record is not None else export_uid(trip, event)
    mark = fingerprint(event, party.listed(event), "")
    sequence = sequence_for(trip, event, record, mark, party)
    text = fold(trip, event, event_resource(trip, event, now, sequence, party), sequence, replies)
    name = resource_name(uid)
    return Resource(event, uid, name, sequence, mark, content_hash(text), text)


def href_for(collection_path: str, name: str) -> str:
    """The quoted server path of a resource called *name* in the collection at *collection_path*."""
    return collection_path.rstrip("/") + "/" + quote(name, safe="@+")


def same_event(ours: str | bytes, theirs: bytes) -> bool:
    """Whether two calendar resources hold the same events, whatever order and line folding a server chose.

    Servers re-serialise what they store (Radicale reorders properties and
    observances), so the bytes differ; compared here are the unfolded content
    lines of every component but the VTIMEZONEs, sorted, without DTSTAMP and
    PRODID.  Used to recognise our own earlier write when the trip file did
    not record it (a run that was interrupted before saving).
    """
    try:
        return _canonical(ours) == _canonical(theirs)
    except Exception:  # anything a strange server sends is simply "not the same"
        return False


def _canonical(data: str | bytes) -> list[tuple[str, list[bytes]]]:
    import icalendar

    raw = data.encode("utf-8") if isinstance(data, str) else data
    calendar = icalendar.Calendar.from_ical(raw)
    found: list[tuple[str, list[bytes]]] = []
    for component in calendar.subcomponents:
        if component.name == "VTIMEZONE":
            continue
        lines = unfolded_bytes(component.to_ical()).split(b"\r\n")
        kept = sorted(line for line in lines if line and not line.startswith((b"DTSTAMP", b"PRODID")))
        found.append((str(component.name), kept))
    found.sort()
    return found
