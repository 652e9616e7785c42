"""The trip domain model: plain dataclasses, no I/O, no UI.

Every datetime held here is timezone-aware (``zoneinfo``).  An event keeps
the zone of its start and the zone of its end separately, because a travel
leg may leave in one zone and arrive in another.

:class:`Trip` lives here; its parts each have a module, and every name is
re-exported so ``from tripplan.trip.model import …`` reaches the whole model:
``kinds`` (kinds and categories, apart to import fast), ``event`` (:class:`Event`),
``calendar_details`` (reminders, what a calendar file said), ``people``
(persons, objectives, follow-ups, who attends), ``settings`` (working hours,
meals, targets, stops), ``records`` (invites sent, replies, published
events) and ``ideas``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from tripplan.time.zones import day_start

# Re-exported: the rest of the model, one module per part (kinds, events, people, ...); every name of the
# model stays importable from here.
from tripplan.trip.calendar_details import NO_ICAL as NO_ICAL
from tripplan.trip.calendar_details import Attendance as Attendance
from tripplan.trip.calendar_details import IcalProps as IcalProps
from tripplan.trip.calendar_details import Organizer as Organizer
from tripplan.trip.calendar_details import Reminder as Reminder
from tripplan.trip.event import Event as Event
from tripplan.trip.ideas import Idea as Idea
from tripplan.trip.ideas import IdeaTiming as IdeaTiming
from tripplan.trip.kinds import Category as Category
from tripplan.trip.kinds import Kind as Kind
from tripplan.trip.kinds import parse_kind as parse_kind
from tripplan.trip.people import YOU as YOU
from tripplan.trip.people import Attending
from tripplan.trip.people import FollowUp as FollowUp
from tripplan.trip.people import LogEntry as LogEntry
from tripplan.trip.people import Objective as Objective
from tripplan.trip.people import ObjectiveStatus as ObjectiveStatus
from tripplan.trip.people import Person as Person
from tripplan.trip.people import Role as Role
from tripplan.trip.records import REPLY_STATUSES as REPLY_STATUSES
from tripplan.trip.records import PublishedEvent as PublishedEvent
from tripplan.trip.records import ReceivedEvent as ReceivedEvent
from tripplan.trip.records import Recipient as Recipient
from tripplan.trip.records import Reply as Reply
from tripplan.trip.records import SentInvite as SentInvite
from tripplan.trip.records import ShareTarget as ShareTarget
from tripplan.trip.settings import DayWindow as DayWindow
from tripplan.trip.settings import MealTimes as MealTimes
from tripplan.trip.settings import Stop as Stop
from tripplan.trip.settings import Targets as Targets
from tripplan.trip.settings import TravelTime as TravelTime
from tripplan.trip.settings import WorkingHours as WorkingHours

SCHEMA_VERSION: Final = 1


def new_id() -> str:
    """A fresh, globally unique id (it later becomes an iCalendar UID)."""
    return str(uuid.uuid4())


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
