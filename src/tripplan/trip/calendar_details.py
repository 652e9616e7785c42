"""What an event keeps of calendars: its reminders, and what a calendar file said that an export writes back.

:class:`IcalProps` holds a file's UID, ORGANIZER (:class:`Organizer`),
ATTENDEE roles and answers (:class:`Attendance`), STATUS, TRANSP, CLASS and
the rest, so a re-export says the same; :data:`NO_ICAL` is an event made in
tripplan.  Plain frozen dataclasses, part of the trip model
(:mod:`tripplan.trip.model` re-exports every name).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final


@dataclass(frozen=True)
class Reminder:
    """A reminder some time before an event starts."""

    before: timedelta


@dataclass(frozen=True)
class Attendance:
    """How one attendee takes part in an event, as a calendar file says (``ATTENDEE;ROLE=…;PARTSTAT=…``)."""

    person: str  # a person id of the trip
    role: str = ""  # REQ-PARTICIPANT, OPT-PARTICIPANT, CHAIR, NON-PARTICIPANT (or an x-name)
    status: str = ""  # NEEDS-ACTION, ACCEPTED, DECLINED, TENTATIVE, DELEGATED (or an x-name)


@dataclass(frozen=True)
class Organizer:
    """Who organizes an event (``ORGANIZER``): only they may send its invites."""

    email: str
    name: str = ""


@dataclass(frozen=True)
class IcalProps:
    """What a calendar file said about an event that the trip keeps so an export writes it back the same.

    All empty for an event made in tripplan.  ``uid`` is the UID as the file
    wrote it (exported unchanged, so the organizer's calendar and a later
    re-import recognise the event); ``series`` and ``recurrence_id`` make the
    event a changed occurrence of the series with id ``series``, replacing the
    occurrence that started at the instant ``recurrence_id`` (UTC) — exported
    as a ``RECURRENCE-ID`` of the series' UID.
    """

    uid: str = ""
    organizer: Organizer | None = None
    status: str = ""  # TENTATIVE or CONFIRMED (a cancelled event is not kept)
    transparent: bool | None = None  # TRANSP: True = free, False = busy, None = not said (the kind decides)
    klass: str = ""  # CLASS: PUBLIC, PRIVATE, CONFIDENTIAL
    categories: tuple[str, ...] = ()
    url: str = ""
    conference: tuple[str, ...] = ()  # links to join (CONFERENCE, X-GOOGLE-CONFERENCE, Teams/Zoom links)
    attach: tuple[str, ...] = ()  # ATTACH URIs
    priority: int = 0  # 0: not said; 1 highest … 9 lowest
    attendance: tuple[Attendance, ...] = ()
    series: str = ""
    recurrence_id: datetime | None = None

    def __post_init__(self) -> None:
        if self.recurrence_id is not None:
            if self.recurrence_id.utcoffset() is None:
                raise TypeError("IcalProps.recurrence_id must be an aware datetime")
            object.__setattr__(self, "recurrence_id", self.recurrence_id.astimezone(UTC))
        for name in ("categories", "conference", "attach", "attendance"):
            if not isinstance(getattr(self, name), tuple):
                object.__setattr__(self, name, tuple(getattr(self, name)))

    def role_of(self, person: str) -> Attendance | None:
        """The attendance recorded for *person*, or ``None``."""
        return next((a for a in self.attendance if a.person == person), None)


NO_ICAL: Final = IcalProps()
