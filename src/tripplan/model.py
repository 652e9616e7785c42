"""The trip domain model: plain dataclasses, no I/O, no UI.

Every datetime held here is timezone-aware (``zoneinfo``).  An event keeps
the zone of its start and the zone of its end separately, because a travel
leg may leave in one zone and arrive in another.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

# Re-exported: the kinds and categories belong to the model; they live apart only to import fast.
from tripplan.kinds import KIND_CATEGORY as KIND_CATEGORY
from tripplan.kinds import Category as Category
from tripplan.kinds import Kind as Kind
from tripplan.kinds import parse_kind as parse_kind

SCHEMA_VERSION: Final = 1


class Role(StrEnum):
    """How a person relates to the traveller."""

    COLLEAGUE = "colleague"
    CLIENT = "client"
    PARTNER = "partner"
    PROSPECT = "prospect"


class ObjectiveStatus(StrEnum):
    """Where an objective stands; the organiser updates it during and after the trip."""

    OPEN = "open"
    IN_PROGRESS = "in-progress"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


def new_id() -> str:
    """A fresh, globally unique id (it later becomes an iCalendar UID)."""
    return str(uuid.uuid4())


@dataclass
class Reminder:
    """A reminder some time before an event starts."""

    before: timedelta


@dataclass
class LogEntry:
    """One conversation with a person, as remembered afterwards."""

    on: date
    text: str


@dataclass
class Person:
    """Someone the traveller meets or travels with."""

    id: str
    name: str
    email: str = ""
    org: str = ""
    role: Role = Role.COLLEAGUE
    interests: list[str] = field(default_factory=list)
    notes: str = ""
    met_at: str = ""
    log: list[LogEntry] = field(default_factory=list)


@dataclass
class Objective:
    """What the trip is for, e.g. "win Acme's procurement lead's trust"."""

    id: str
    title: str
    status: ObjectiveStatus = ObjectiveStatus.OPEN
    people: list[str] = field(default_factory=list)
    notes: str = ""


@dataclass
class FollowUp:
    """Something to do for a person after the trip."""

    id: str
    person: str
    what: str
    due: date
    done: bool = False
    event: str = ""


@dataclass
class Event:
    """One activity of the trip.

    ``start`` and ``end`` are aware datetimes; their ``tzinfo`` is the zone the
    time was entered in (they may differ for a flight).  All-day events keep
    midnight-to-midnight local times and ``all_day=True``; ``end`` is exclusive.
    ``repeat`` is an RRULE string (without ``DTSTART``) expanded in local wall time.
    """

    id: str
    title: str
    kind: Kind
    start: datetime
    end: datetime
    all_day: bool = False
    location: str = ""
    attendees: list[str] = field(default_factory=list)
    objective: str = ""
    notes: str = ""
    reminders: list[Reminder] = field(default_factory=list)
    repeat: str = ""
    exdates: list[datetime] = field(default_factory=list)

    @property
    def category(self) -> Category:
        """The balance category of this event's kind."""
        return self.kind.category

    @property
    def duration(self) -> timedelta:
        """Elapsed time, correct across zones and DST changes."""
        return self.end - self.start

    @property
    def start_zone(self) -> ZoneInfo:
        """The zone the start was entered in."""
        return _zone_of(self.start)

    @property
    def end_zone(self) -> ZoneInfo:
        """The zone the end was entered in."""
        return _zone_of(self.end)


def _zone_of(moment: datetime) -> ZoneInfo:
    tz = moment.tzinfo
    if not isinstance(tz, ZoneInfo):
        raise TypeError(f"datetime {moment!r} is not in a zoneinfo zone")
    return tz


@dataclass
class WorkingHours:
    """The trip's working day, in destination wall time."""

    start: time = time(9, 0)
    end: time = time(18, 0)


@dataclass
class Recipient:
    """Someone an invite went to, kept so a later cancellation still reaches them."""

    person: str
    name: str
    email: str


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
    start: datetime
    end: datetime
    all_day: bool = False
    repeat: str = ""
    to: list[Recipient] = field(default_factory=list)


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


@dataclass
class DayWindow:
    """The awake part of each day, destination wall time: balance counts only these hours.

    An ``end`` of 00:00 means midnight at the end of the day (written ``"24:00"``).
    """

    start: time = time(7, 0)
    end: time = time(23, 0)


@dataclass
class MealTimes:
    """When people eat at the destination; suggestions keep these windows for meals."""

    lunch_start: time = time(12, 0)
    lunch_end: time = time(14, 0)
    dinner_start: time = time(19, 0)
    dinner_end: time = time(22, 0)


@dataclass
class Targets:
    """Balance targets and planning defaults of a trip (docs/planning.md explains each)."""

    bonding_share: float = 0.15
    work_hours_max: float = 10.0
    rest_minutes_min: int = 60
    culture_min_days: int = 3
    followup_days_after: int = 2
    travel_minutes_default: int = 30
    jet_lag_hours: float = 5.0


@dataclass
class TravelTime:
    """Minutes needed to get from one place to another (and back, unless the reverse is given)."""

    origin: str
    destination: str
    minutes: int


class IdeaTiming(StrEnum):
    """When in the day an activity idea may be proposed."""

    AUTO = "auto"
    ANY = "any"
    MEAL = "meal"
    WORK_HOURS = "work-hours"
    OFF_HOURS = "off-hours"


@dataclass
class Idea:
    """An activity the organiser would like to fit in; ``tripplan suggest`` tries these first."""

    title: str
    kind: Kind
    minutes: int = 60
    location: str = ""
    notes: str = ""
    when: IdeaTiming = IdeaTiming.AUTO


@dataclass
class Trip:
    """A work trip: its dates and zones, the people, objectives and timetable."""

    name: str
    timezone: ZoneInfo
    home_timezone: ZoneInfo
    start: date
    end: date
    uid: str = field(default_factory=new_id)
    destination: str = ""
    working_hours: WorkingHours = field(default_factory=WorkingHours)
    culture: dict[str, str] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    sent: list[SentInvite] = field(default_factory=list)
    received: list[ReceivedEvent] = field(default_factory=list)
    day_window: DayWindow = field(default_factory=DayWindow)
    meals: MealTimes = field(default_factory=MealTimes)
    targets: Targets = field(default_factory=Targets)
    travel_times: list[TravelTime] = field(default_factory=list)
    ideas: list[Idea] = field(default_factory=list)
    share: ShareTarget | None = None

    @property
    def days(self) -> list[date]:
        """Every date of the trip, first to last inclusive."""
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def person(self, person_id: str) -> Person | None:
        """The person with this id, or ``None``."""
        return next((p for p in self.people if p.id == person_id), None)

    def event(self, event_id: str) -> Event | None:
        """The event with this id, or ``None``."""
        return next((e for e in self.events if e.id == event_id), None)

    def objective(self, objective_id: str) -> Objective | None:
        """The objective with this id, or ``None``."""
        return next((o for o in self.objectives if o.id == objective_id), None)
