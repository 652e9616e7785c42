"""Who is coming: each attendee's answer to an event, from the replies the trip has recorded.

One rule for every place that shows an answer (``agenda --format json``,
``rsvp``, ``check``, the TUI's details panel and people view):

- the traveller ("me") organizes and attends: ``accepted``;
- an attendee with a recorded reply (:class:`tripplan.trip.model.Reply`, from mail
  or CalDAV) has its status, unless the reply answers an older SEQUENCE than
  the one they now hold (RFC 5546 §2.1.5: a changed meeting asks again), when
  they are ``needs-action`` again and :attr:`Answer.earlier` keeps the old answer
  (for an answer read from the CalDAV server: older than the version last
  published there);
- a reply to one occurrence (RECURRENCE-ID) counts for that occurrence only;
- otherwise what the event's calendar file said (an imported PARTSTAT), else
  ``needs-action``.

:func:`record` keeps the newest reply per event, address and occurrence.
This module is on the road path: it must not import icalendar.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from tripplan.trip.model import REPLY_STATUSES, Event, Person, Reply, SentInvite, Trip

NEEDS_ACTION = "needs-action"
STATUSES = (*REPLY_STATUSES, NEEDS_ACTION)


def _address(email: str) -> str:
    text = email.strip()
    return (text[7:] if text[:7].lower() == "mailto:" else text).strip().lower()


@dataclass(frozen=True)
class Answer:
    """One attendee's answer: ``status`` (one of :data:`STATUSES`), since when, and their comment."""

    status: str
    since: datetime | None = None  # the reply's DTSTAMP; for needs-action, when the invite went out
    comment: str = ""
    earlier: str = ""  # the answer to an older version, when a change asks again
    via: str = ""  # "mail", "caldav", "calendar" (the imported file's PARTSTAT) or "" (nothing heard)
    delegated_to: str = ""


class Answers:
    """The answers of one trip, looked up once (a trip of thousands of events asks for every attendee)."""

    def __init__(self, trip: Trip) -> None:
        self.trip = trip
        self.replies = {(r.event, r.email, r.occurrence): r for r in trip.replies}
        self.sent = {s.event: s for s in trip.sent}
        # What the CalDAV server holds: an answer read there is to the version published then.
        self.published = {p.event: p.sequence for p in trip.share.events} if trip.share is not None else {}
        me = trip.me
        self.me = me.id if me is not None else None
        self.my_address = _address(me.email) if me is not None else ""

    def of(self, event: Event, person: Person, occurrence: datetime | None = None) -> Answer:
        """The answer of *person* to *event* (to the occurrence starting at *occurrence*, UTC, when given)."""
        email = _address(person.email)
        if person.id == self.me or (email and email == self.my_address):
            return Answer("accepted", via="organizer")
        record = self.sent.get(event.id)
        reply = None
        if email:
            if occurrence is not None:
                reply = self.replies.get((event.id, email, occurrence))
            reply = reply or self.replies.get((event.id, email, None))
        if reply is not None:
            held = record.held(email) if record is not None else None
            if reply.via == "caldav":  # the server's copy is what the attendee answers there
                held = max(held or 0, self.published.get(event.id, 0))
            if held is not None and reply.sequence < held:
                return Answer(NEEDS_ACTION, since=record.sent_at if record else None, earlier=reply.status,
                              via=reply.via)
            return Answer(reply.status, since=reply.dtstamp, comment=reply.comment, via=reply.via,
                          delegated_to=reply.delegated_to)
        said = event.ical.role_of(person.id)
        if said is not None and said.status.lower() in REPLY_STATUSES:
            return Answer(said.status.lower(), via="calendar")
        since = record.sent_at if record is not None and email and record.held(email) is not None else None
        return Answer(NEEDS_ACTION, since=since)

    def invited(self, event: Event) -> bool:
        """Whether an invite for *event* has gone out to anyone."""
        record = self.sent.get(event.id)
        return record is not None and bool(record.to)


def record(trip: Trip, reply: Reply) -> str:
    """Keep *reply* in ``trip.replies`` unless a newer or the same answer is there.

    Returns ``"recorded"`` (new), ``"updated"`` (replaced an older one),
    ``"unchanged"`` (the same answer again) or ``"older"`` (a newer one is
    kept: a higher SEQUENCE, or the same SEQUENCE and a later DTSTAMP).
    """
    key = (reply.event, reply.email, reply.occurrence)
    for i, old in enumerate(trip.replies):
        if (old.event, old.email, old.occurrence) != key:
            continue
        if reply.newer_than(old):
            trip.replies[i] = reply
            return "updated"
        if old.newer_than(reply):
            return "older"
        same = replace(reply, received=old.received) == old
        if not same:
            trip.replies[i] = replace(reply, received=old.received)
        return "unchanged" if same else "updated"
    trip.replies.append(reply)
    return "recorded"


def held_sequence(record: SentInvite | None, email: str) -> int | None:
    """The SEQUENCE *email* holds of a sent event (:meth:`tripplan.trip.model.SentInvite.held`), ``None`` if none."""
    return record.held(email) if record is not None else None
