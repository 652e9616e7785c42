"""What converting a VEVENT works with: the calendar's :class:`Context`, a time as the file gives it
(:class:`When`), the reasons an event is refused, and icalendar property access.

Shared by the modules that read one part of an event (:mod:`event_zones`, :mod:`event_times`,
:mod:`event_recurrence`, :mod:`event_properties`) and by :mod:`tripplan.ical.convert`, which puts them together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

# An address as people write it: no spaces, quotes, brackets or separators a calendar line could trip over.
MAX_TEXT = 20_000
# Events outside FIRST_YEAR … LAST_YEAR are not imported, even with --all-dates: no trip file holds them.
# Control characters (C0 but tab and line feed, DEL, C1): a title must not be able to drive the terminal it is shown in.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
UTC_ZONE = ZoneInfo("UTC")


# A component's property by its (upper-case) name: icalendar's keys are upper case, and its own get folds the
# case of every name asked, at a cost that shows on a 3,000-event agenda.
get_prop: Callable[[Any, str], Any] = dict.get
has_prop: Callable[[Any, str], bool] = dict.__contains__


def all_props(component: Any, name: str) -> list[Any]:
    """Every value of the property *name* (icalendar gives one value, or a list when there are several)."""
    values = get_prop(component, name)
    return [] if values is None else values if isinstance(values, list) else [values]


def clean(text: str) -> str:
    """*text* without control characters (a CR/LF pair or lone CR becomes LF; tab stays)."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class Unusable(Exception):
    """This event cannot be imported; the message says why."""


class UnknownZone(Unusable):
    """A TZID that names no zone this machine knows and no VTIMEZONE of the file defines."""


@dataclass
class Context:
    """What a calendar says about its events' zones, and notes collected while converting.

    *days* are the first and last day over which a zone the file defines must
    agree with an IANA zone (the trip's, with a day's margin); *custom* is the
    trip's ``[trip.zones]``, to which a zone that keeps its own rules is added.
    *window* is the span of instants whose occurrences the import keeps (the
    trip's days with a day's margin), ``None`` with ``--all-dates``; *ours* is
    whether the calendar is tripplan's own export (its PRODID).
    """

    trip_zone: ZoneInfo
    default_zone: ZoneInfo
    default_reason: str
    days: tuple[date, date] | None = None
    timezones: dict[str, Any] = field(default_factory=dict)  # the file's VTIMEZONEs by TZID
    custom: dict[str, str] = field(default_factory=dict)
    notes: dict[str, None] = field(default_factory=dict)  # ordered set
    resolved: dict[tuple[str, tuple[tuple[date, date], ...]], ZoneInfo | str] = field(default_factory=dict)
    window: tuple[datetime, datetime] | None = None
    ours: bool = False
    unreadable: set[str] = field(default_factory=set)  # TZIDs whose VTIMEZONE in the file cannot be read
    losses: dict[str, None] = field(default_factory=dict)  # ordered set: what was left out or changed
    # A multi-city trip's zones: of the stop a day belongs to, of the stop an instant falls in (None: one zone).
    day_zone: Callable[[date], ZoneInfo] | None = None
    moment_zone: Callable[[datetime], ZoneInfo] | None = None
    by_stop: bool = False  # whether floating and one-off UTC times take the stop's zone (no X-WR-TIMEZONE)

    def wall_zone(self, day: date) -> ZoneInfo:
        """The zone a floating time on *day* is read in."""
        return self.day_zone(day) if self.by_stop and self.day_zone is not None else self.default_zone

    def shown_zone(self, moment: datetime) -> ZoneInfo:
        """The zone a one-off event given in UTC is stored in, so it shows in local time."""
        return self.moment_zone(moment) if self.by_stop and self.moment_zone is not None else self.default_zone

    def dates_zone(self, day: date) -> ZoneInfo:
        """The zone of an all-day event starting on *day*: the trip's, or on a multi-city trip its stop's."""
        return self.day_zone(day) if self.day_zone is not None else self.trip_zone

    @property
    def floating_text(self) -> str:
        """Where floating times are read, for the notes."""
        if self.by_stop and self.day_zone is not None:
            return "in the zone of the stop each day belongs to (the trip's stops)"
        return f"in {self.default_zone.key} ({self.default_reason})"

    def note(self, text: str) -> None:
        self.notes[text] = None

    def lose(self, text: str) -> None:
        self.losses[text] = None


@dataclass(frozen=True)
class When:
    """A DTSTART/DTEND/… as the file gives it: a date, or an instant with its zone (``utc``: given in UTC).

    ``floating``: given without a zone (or in a zone nobody knows), and read in the calendar's default zone.
    """

    day: date | None = None
    moment: datetime | None = None  # UTC
    zone: ZoneInfo | None = None
    utc: bool = False
    wall: datetime | None = None  # the wall time as written (naive)
    floating: bool = False


Extra = Callable[[], "tuple[date, date] | None"]  # the event's own days, worked out only when needed


def no_days() -> tuple[date, date] | None:
    """No days of the event's own (the default :data:`Extra`)."""
    return None
