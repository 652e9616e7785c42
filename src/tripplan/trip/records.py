"""What a trip file records of its exchanges: invites sent, replies, events received, and what was published.

The ``[[sent]]``, ``[[replies]]``, ``[[received]]`` and ``[share]`` sections
as the model holds them; tripplan writes these itself, so a later run knows
what changed since.  Plain dataclasses, part of the trip model
(:mod:`tripplan.trip.model` re-exports every name).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final
from zoneinfo import ZoneInfo


@dataclass
class Recipient:
    """Someone an invite went to, kept so a later cancellation still reaches them.

    ``sequence`` (in ``[[sent.to]]`` only) is the SEQUENCE this recipient
    holds when it is older than their record's: a send that failed for them
    part-way leaves them behind, and the next run sends them only that.  It
    takes no part in comparing recipients.
    """

    person: str
    name: str
    email: str
    sequence: int | None = field(default=None, compare=False)


@dataclass
class SentInvite:
    """What ``tripplan invites`` last sent for one event (the ``[[sent]]`` section).

    ``fingerprint`` hashes the event's time, place, title and attendees, so a
    later run knows whether the event changed and its SEQUENCE must rise; the
    title and times are kept so a METHOD:CANCEL can still be sent after the
    event was deleted from the trip.
    """

    event: str
    uid: str
    sequence: int
    fingerprint: str
    sent_at: datetime
    organizer: Recipient
    title: str
    start_utc: datetime  # instants, as for Event
    end_utc: datetime
    tz: ZoneInfo
    end_tz: ZoneInfo
    all_day: bool = False
    repeat: str = ""
    to: list[Recipient] = field(default_factory=list)

    def held(self, email: str) -> int | None:
        """The SEQUENCE the recipient with *email* holds of this event, or ``None`` when they hold none."""
        who = next((r for r in self.to if r.email.lower() == email.strip().lower()), None)
        if who is None:
            return None
        return self.sequence if who.sequence is None else who.sequence


REPLY_STATUSES: Final = ("accepted", "declined", "tentative", "delegated")


@dataclass(frozen=True)
class Reply:
    """An attendee's answer to an invite (``[[replies]]``): an iTIP REPLY read from mail, or a CalDAV PARTSTAT.

    ``status`` is one of :data:`REPLY_STATUSES`; ``sequence`` and ``dtstamp``
    (UTC) are the answered version's SEQUENCE and the reply's DTSTAMP, which
    decide which of two replies is newer; ``received`` is when tripplan read
    it; ``via`` is ``"mail"`` or ``"caldav"``; ``occurrence`` (UTC), when
    set, is the RECURRENCE-ID of the one occurrence of a series answered.
    """

    event: str
    email: str  # stored lower case, without mailto:
    status: str
    sequence: int
    dtstamp: datetime
    received: datetime
    comment: str = ""
    via: str = "mail"
    occurrence: datetime | None = None
    delegated_to: str = ""

    def __post_init__(self) -> None:
        for name in ("dtstamp", "received", "occurrence"):
            value = getattr(self, name)
            if value is not None:
                if value.utcoffset() is None:
                    raise TypeError(f"Reply.{name} must be an aware datetime")
                object.__setattr__(self, name, value.astimezone(UTC).replace(microsecond=0))
        email = self.email.strip()
        if email[:7].lower() == "mailto:":  # a calendar's address, as an ATTENDEE line writes it
            email = email[7:].strip()
        object.__setattr__(self, "email", email.lower())

    def newer_than(self, other: Reply) -> bool:
        """Whether this reply supersedes *other* (RFC 5546 §2.1.5: higher SEQUENCE, then later DTSTAMP)."""
        return (self.sequence, self.dtstamp) > (other.sequence, other.dtstamp)


@dataclass
class ReceivedEvent:
    """The SEQUENCE and DTSTAMP of an event last imported from a calendar file (``[[received]]``)."""

    event: str
    sequence: int = 0
    dtstamp: datetime | None = None


@dataclass
class PublishedEvent:
    """What ``tripplan publish`` last wrote to the server for one event (``[[share.events]]``).

    ``etag`` is the server's version tag of that write: a different one later
    means someone changed the event on the server.  ``fingerprint`` hashes the
    fields whose change raises SEQUENCE (as in ``[[sent]]``); ``content``
    hashes the whole resource as published, so an unchanged event is not sent.
    """

    event: str
    uid: str
    href: str
    etag: str
    sequence: int = 0
    fingerprint: str = ""
    content: str = ""
    title: str = ""  # as published: what to call it once it is deleted from the trip


@dataclass
class ShareTarget:
    """The CalDAV calendar a trip is published to (``[share]``); never the password."""

    url: str
    user: str = ""
    events: list[PublishedEvent] = field(default_factory=list)
