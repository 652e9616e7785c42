"""One activity of the trip: :class:`Event`, an immutable value of two instants and the zones they were entered in.

Part of the trip model (:mod:`tripplan.trip.model` re-exports it); held here
apart from :class:`~tripplan.trip.model.Trip` so each file reads as one thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tripplan.time.zones import day_start
from tripplan.trip.calendar_details import NO_ICAL, IcalProps, Reminder
from tripplan.trip.kinds import Category, Kind


@dataclass(frozen=True)
class Event:
    """One activity of the trip: an immutable value.

    A timed event is two **instants** (``start_utc``, ``end_utc``: aware
    datetimes in UTC, end exclusive) and the IANA zones its start and end were
    entered in (``tz``, ``end_tz``; they differ for a flight).  Wall times are
    derived from them (:attr:`local_start`, :attr:`local_end`), for display,
    entry and recurrence only, so the repeated hour keeps its instant and
    every length is elapsed time.

    An all-day event (``all_day=True``) is a range of dates in ``tz``:
    ``start_utc`` is the first instant of its first day and ``end_utc`` the
    first instant of the day after its last (see :func:`tripplan.time.zones.day_start`;
    on a day whose midnight does not exist that is the end of the gap).

    ``repeat`` is an RRULE (without ``DTSTART``) expanded in the wall time of
    ``tz`` (in UTC when ``tz`` is UTC); ``exdates`` are the start instants of
    the occurrences left out (for an all-day series, the first instant of the
    day left out), sorted and without repeats; ``rdates`` are the start
    instants of extra occurrences (RFC 5545's RDATE), each as long as the
    event, sorted and without repeats.  An event with ``rdates`` recurs even
    without a ``repeat`` rule.  ``ical`` is what a calendar file said that an
    export must write back (:class:`IcalProps`).  Construct one with :meth:`timed` or :meth:`days`, or with
    the fields; the instants are normalised to UTC and checked.
    """

    id: str
    title: str
    kind: Kind
    start_utc: datetime
    end_utc: datetime
    tz: ZoneInfo
    end_tz: ZoneInfo
    all_day: bool = False
    location: str = ""
    attendees: tuple[str, ...] = ()
    objective: str = ""
    notes: str = ""
    reminders: tuple[Reminder, ...] = ()
    repeat: str = ""
    exdates: tuple[datetime, ...] = ()
    rdates: tuple[datetime, ...] = ()
    ical: IcalProps = NO_ICAL
    travellers: tuple[str, ...] | None = None  # which travellers attend; None: all of them

    def __post_init__(self) -> None:
        for name in ("start_utc", "end_utc"):
            moment = getattr(self, name)
            if not isinstance(moment, datetime) or moment.utcoffset() is None:
                raise TypeError(f"Event.{name} must be an aware datetime, not {moment!r}")
            if moment.tzinfo is not UTC:
                object.__setattr__(self, name, moment.astimezone(UTC))
        for name in ("exdates", "rdates"):
            given = getattr(self, name)
            if any(d.utcoffset() is None for d in given):
                raise TypeError(f"Event.{name} must be aware datetimes")
            ordered = tuple(sorted({d.astimezone(UTC) for d in given}))  # a set of instants, kept in order
            if ordered != given:
                object.__setattr__(self, name, ordered)
        for name in ("attendees", "reminders"):  # lists are accepted and kept as tuples: the value is immutable
            if not isinstance(getattr(self, name), tuple):
                object.__setattr__(self, name, tuple(getattr(self, name)))
        if self.travellers is not None and not isinstance(self.travellers, tuple):
            object.__setattr__(self, "travellers", tuple(self.travellers))

    @classmethod
    def timed(cls, *, start: datetime, end: datetime, tz: ZoneInfo | None = None, end_tz: ZoneInfo | None = None,
              **fields: Any) -> Event:
        """An event from two aware datetimes; the zones default to theirs (which must then be ``ZoneInfo``)."""
        start_zone = tz or _zone_of(start)
        return cls(start_utc=start, end_utc=end, tz=start_zone, end_tz=end_tz or tz or _zone_of(end), **fields)

    @classmethod
    def days(cls, *, first: date, end: date, tz: ZoneInfo, **fields: Any) -> Event:
        """An all-day event from *first* up to the exclusive date *end*, in *tz*."""
        return cls(start_utc=day_start(first, tz), end_utc=day_start(end, tz), tz=tz, end_tz=tz, all_day=True,
                   **fields)

    @property
    def recurring(self) -> bool:
        """Whether the event has more than its one occurrence (a rule or extra dates)."""
        return bool(self.repeat or self.rdates)

    @property
    def category(self) -> Category:
        """The balance category of this event's kind."""
        return self.kind.category

    @property
    def duration(self) -> timedelta:
        """Elapsed time, correct across zones and DST changes."""
        return self.end_utc - self.start_utc

    @property
    def local_start(self) -> datetime:
        """The start as wall time in ``tz`` (aware, with the right ``fold``)."""
        return self.start_utc.astimezone(self.tz)

    @property
    def local_end(self) -> datetime:
        """The end as wall time in ``end_tz`` (aware, with the right ``fold``)."""
        return self.end_utc.astimezone(self.end_tz)

    @property
    def first_day(self) -> date:
        """The local date the event starts on."""
        return self.local_start.date()

    @property
    def end_day(self) -> date:
        """For an all-day event: the exclusive end date; otherwise the local date of the end."""
        return self.local_end.date()

    @property
    def start_zone(self) -> ZoneInfo:
        """The zone the start was entered in."""
        return self.tz

    @property
    def end_zone(self) -> ZoneInfo:
        """The zone the end was entered in."""
        return self.end_tz


def _zone_of(moment: datetime) -> ZoneInfo:
    tz = moment.tzinfo
    if not isinstance(tz, ZoneInfo):
        raise TypeError(f"datetime {moment!r} is not in a zoneinfo zone")
    return tz
