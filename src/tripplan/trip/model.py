"""The trip domain model: plain dataclasses, no I/O, no UI.

Every datetime held here is timezone-aware (``zoneinfo``).  An event keeps
the zone of its start and the zone of its end separately, because a travel
leg may leave in one zone and arrive in another.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, Final
from zoneinfo import ZoneInfo

from tripplan.time.zones import day_start

# Re-exported: the kinds and categories belong to the model; they live apart only to import fast.
from tripplan.trip.kinds import KIND_CATEGORY as KIND_CATEGORY
from tripplan.trip.kinds import Category as Category
from tripplan.trip.kinds import Kind as Kind
from tripplan.trip.kinds import parse_kind as parse_kind

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


@dataclass(frozen=True)
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
    me: bool = False  # the traveller who owns the trip file (at most one person)
    travels: bool = False  # a travelling teammate (the traveller travels without saying so)
    home_tz: ZoneInfo | None = None  # a teammate's home zone; None: the trip's home zone

    @property
    def traveller(self) -> bool:
        """Whether this person is on the trip: the traveller ("me") or a travelling teammate."""
        return self.me or self.travels


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


@dataclass
class WorkingHours:
    """The trip's working day, in destination wall time."""

    start: time = time(9, 0)
    end: time = time(18, 0)


YOU: Final = ""  # the key of the traveller while the trip names no person "me"


class Attending:
    """The rule of who attends an event, for one trip's travellers (``Trip.attending``).

    An event that lists no travellers (``travellers`` is ``None``) is
    attended by all of them; one that lists them, by those; a traveller
    named in ``attendees`` attends too, and so does every other attendee.
    """

    def __init__(self, traveller_ids: list[str]) -> None:
        self.traveller_ids = traveller_ids  # me (or YOU) first, then the teammates
        self._travellers = frozenset(traveller_ids)

    def travellers_at(self, event: Event) -> list[str]:
        """The travellers at *event*, in ``traveller_ids`` order."""
        if event.travellers is None:
            return self.traveller_ids
        listed = {*event.travellers, *event.attendees}
        return [i for i in self.traveller_ids if i in listed]

    def attends(self, event: Event, person_id: str) -> bool:
        """Whether the person (or :data:`YOU`) takes part in *event*: a traveller at it or one of its attendees."""
        if person_id in event.attendees:
            return True
        return person_id in self._travellers and (event.travellers is None or person_id in event.travellers)


@dataclass
class Stop:
    """One city of the trip: its zone, its days (first to last, inclusive) and what is local there.

    A day belongs to the stop where the traveller sleeps that night, so the
    day of a move is the next stop's first day.  Working hours, meal times
    and the day window are the trip's unless the stop gives its own.
    """

    city: str
    tz: ZoneInfo
    first: date
    last: date
    culture: dict[str, str] = field(default_factory=dict)
    working_hours: WorkingHours | None = None
    meals: MealTimes | None = None
    day_window: DayWindow | None = None

    @property
    def days(self) -> list[date]:
        """Every date of the stop."""
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


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
    replies: list[Reply] = field(default_factory=list)  # [[replies]]: answers, one per event/address/occurrence
    day_window: DayWindow = field(default_factory=DayWindow)
    meals: MealTimes = field(default_factory=MealTimes)
    targets: Targets = field(default_factory=Targets)
    travel_times: list[TravelTime] = field(default_factory=list)
    ideas: list[Idea] = field(default_factory=list)
    share: ShareTarget | None = None
    zones: dict[str, str] = field(default_factory=dict)  # custom zones: name → POSIX TZ rule ([trip.zones])
    stop_list: list[Stop] = field(default_factory=list)  # [[stops]], in date order; empty: one stop

    # --- stops: where each day happens -------------------------------------------

    @property
    def stops(self) -> list[Stop]:
        """The cities of the trip in date order; a trip without ``[[stops]]`` is one stop, its destination."""
        if self.stop_list:
            return self.stop_list
        return [Stop(city=self.destination, tz=self.timezone, first=self.start, last=self.end)]

    @property
    def multi_city(self) -> bool:
        """Whether the trip has more than one stop."""
        return len(self.stop_list) > 1

    def stop_on(self, day: date) -> Stop:
        """The stop *day* belongs to (where the traveller sleeps that night); days outside the trip: the nearest."""
        stops = self.stop_list
        if not stops:
            return self.stops[0]
        found = stops[0]
        for stop in stops:  # a handful of stops: a scan beats building an index
            if stop.first > day:
                break
            found = stop
        return found

    def zone_on(self, day: date) -> ZoneInfo:
        """The zone of the stop *day* belongs to: the zone that day is shown and entered in."""
        return self.stop_on(day).tz if self.stop_list else self.timezone

    def stop_at(self, moment: datetime) -> Stop:
        """The stop the traveller is at at the instant *moment*.

        A stop begins at midnight of its first day in its own zone.  Going
        east, the next stop's midnight comes first and wins the hour both
        claim; going west, the hour neither claims stays with the earlier one.
        """
        stops = self.stop_list
        if not stops:
            return self.stops[0]
        found = stops[0]
        for stop in stops[1:]:
            if day_start(stop.first, stop.tz) > moment:
                break
            found = stop
        return found

    def zone_at(self, moment: datetime) -> ZoneInfo:
        """The zone of the stop the traveller is at at *moment*."""
        return self.stop_at(moment).tz if self.stop_list else self.timezone

    def day_of(self, moment: datetime) -> date:
        """The trip day an instant falls on: its date in the zone of the stop it happens at."""
        return moment.astimezone(self.zone_at(moment)).date()

    def working_hours_on(self, day: date) -> WorkingHours:
        """The working day at the stop of *day* (the trip's, unless the stop gives its own)."""
        if not self.stop_list:
            return self.working_hours
        return self.stop_on(day).working_hours or self.working_hours

    def meals_on(self, day: date) -> MealTimes:
        """Meal times at the stop of *day*."""
        if not self.stop_list:
            return self.meals
        return self.stop_on(day).meals or self.meals

    def day_window_on(self, day: date) -> DayWindow:
        """The awake part of *day* at its stop."""
        if not self.stop_list:
            return self.day_window
        return self.stop_on(day).day_window or self.day_window

    def culture_on(self, day: date) -> dict[str, str]:
        """Local-culture notes for *day*: its stop's, over the trip's."""
        if not self.stop_list:
            return self.culture
        return {**self.culture, **self.stop_on(day).culture}

    # --- the traveller and the team ----------------------------------------------

    @property
    def me(self) -> Person | None:
        """The traveller who owns the trip file, if the trip names them."""
        return next((p for p in self.people if p.me), None)

    @property
    def travellers(self) -> list[Person]:
        """Everyone on the trip: "me" first, then the travelling teammates in file order."""
        return sorted((p for p in self.people if p.traveller), key=lambda p: not p.me)

    @property
    def traveller_ids(self) -> list[str]:
        """The ids of everyone on the trip; the traveller is :data:`YOU` while the trip does not name them."""
        me = self.me
        return [me.id if me else YOU] + [p.id for p in self.people if p.travels and not p.me]

    def home_of(self, person_id: str) -> ZoneInfo:
        """A traveller's home zone: their own, else the trip's."""
        person = self.person(person_id) if person_id != YOU else None
        return person.home_tz if person is not None and person.home_tz is not None else self.home_timezone

    def attending(self) -> Attending:
        """Who attends which event, with the travellers looked up once: for loops over many events."""
        return Attending(self.traveller_ids)

    def travellers_at(self, event: Event) -> list[str]:
        """The travellers who attend *event* (:data:`YOU` for an unnamed traveller): :meth:`Attending.travellers_at`."""
        return self.attending().travellers_at(event)

    def attends(self, event: Event, person_id: str) -> bool:
        """Whether the person (or :data:`YOU`) takes part in *event*: :meth:`Attending.attends`."""
        return self.attending().attends(event, person_id)

    def party(self, event: Event) -> list[str]:
        """Everyone at *event*: the travellers attending it, then its other attendees (ids, no repeats)."""
        found = self.travellers_at(event)
        return found + [a for a in event.attendees if a not in found]

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
