"""The trip as one sorted timeline of occurrences, in POSIX seconds, shared by balance, checks and suggestions.

Recurring events are expanded within the trip's dates (``tripplan.trip.recurrence``);
every instant (the events' ``start_utc``/``end_utc``) becomes whole seconds
once, so the sweeps that follow compare integers and stay correct across
zones and DST changes.  Each trip day gets its calendar span and its awake
window (its stop's ``day_window``) as instants in its stop's zone
(``tripplan.planning.days``): a 23-hour or 25-hour day gets its true length,
a day whose midnight does not exist begins where it really begins, and the
day of a move to another zone is as long as the move makes it.  Wall times
(``Slot.begins`` and ``Slot.ends``, :meth:`Timeline.local`) are derived from
the instants, for display and for local-day questions only; :meth:`Timeline.local`
shows an instant in the zone of the stop it happens at.

Each person's occurrences (:meth:`Timeline.attendance`) include the
travellers': an event that lists no travellers is attended by all of them.
An occurrence is **busy** (it can overlap another) unless it lasts no time,
or the calendar marks it free (``ical.transparent``), or it is free time or
rest that the calendar does not mark busy.

The occurrences are kept as parallel lists (start, end, event, start instant,
end instant, category) rather than one object each: at 100,000 events the
objects alone would cost more than the whole balance.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, datetime, time
from functools import cached_property
from typing import Final, NamedTuple
from zoneinfo import ZoneInfo

from tripplan.files.planning_section import place_key
from tripplan.planning.days import DaySpan as DaySpan
from tripplan.planning.days import StopZones, day_spans
from tripplan.planning.days import epoch as epoch
from tripplan.planning.days import wall_instant as wall_instant
from tripplan.time.zones import localize
from tripplan.trip.model import Category, Event, Kind, Trip
from tripplan.trip.recurrence import expand

CATEGORIES: Final = tuple(Category)
KIND_INDEX: Final = {kind: CATEGORIES.index(kind.category) for kind in Kind}
WORK, NETWORKING, BONDING, CULTURE, LOGISTICS, REST = range(len(CATEGORIES))
# Travel legs: their location is where they leave from, and they are the travel themselves.
TRAVEL_KINDS: Final = frozenset({Kind.FLIGHT, Kind.TRAIN, Kind.TRANSFER})


class _Instants(dict[datetime, int]):
    """Seconds of instants, remembered: trips repeat the same few start times."""

    def __missing__(self, moment: datetime) -> int:
        value = self[moment] = int(moment.timestamp())
        return value


def instants(moments: list[datetime], memo: _Instants) -> list[int]:
    """Whole seconds since 1970 of each instant (aware UTC datetimes, as the model keeps them).

    UTC datetimes have no fold and hash by their instant, so *memo* can never
    mix up the two passes of a repeated hour.
    """
    return list(map(memo.__getitem__, moments))


class Slot(NamedTuple):
    """One occurrence, for code that looks at a few of them (briefs, suggestions).

    ``start`` and ``end`` are the instants in seconds (compare these);
    ``begins`` and ``ends`` the wall times in the zones of the event's start
    and end (aware, with the right fold), for display.
    """

    start: int
    end: int
    event: Event
    begins: datetime
    ends: datetime


def wall(day: date, moment: time, tz: ZoneInfo) -> datetime:
    """The wall time *moment* on *day* as an aware datetime that exists, for display.

    A time in a gap becomes the wall time that really happens (02:30 → 03:30),
    a repeated one is its first pass.  For arithmetic use :func:`wall_instant`.
    """
    return localize(datetime.combine(day, moment), tz)


class TravelTable:
    """Minutes between places: the trip's ``[[travel_times]]``, the reverse route, else the default."""

    def __init__(self, trip: Trip) -> None:
        self.default = trip.targets.travel_minutes_default
        self.routes: dict[tuple[str, str], int] = {}
        for leg in trip.travel_times:
            self.routes[(place_key(leg.origin), place_key(leg.destination))] = leg.minutes
        for leg in trip.travel_times:
            self.routes.setdefault((place_key(leg.destination), place_key(leg.origin)), leg.minutes)
        self._keys: dict[str, str] = {}
        self._pairs: dict[tuple[str, str], int | None] = {}  # the same few hops recur all trip long

    def key(self, place: str) -> str:
        """The comparable form of a place name (cached: the same few places recur)."""
        found = self._keys.get(place)
        if found is None:
            found = self._keys[place] = place_key(place)
        return found

    def given(self, origin: str, destination: str) -> bool:
        """Whether the time from *origin* to *destination* is known (``[[travel_times]]``, or the same place).

        Otherwise :meth:`minutes` is ``travel_minutes_default``: an estimate, and messages say so.
        """
        a, b = self.key(origin), self.key(destination)
        return bool(a and b) and (a == b or (a, b) in self.routes)

    def minutes(self, origin: str, destination: str) -> int | None:
        """Minutes from *origin* to *destination*; ``None`` when either place is unknown (empty)."""
        pair = (origin, destination)
        if pair in self._pairs:
            return self._pairs[pair]
        a, b = self.key(origin), self.key(destination)
        found = None if not a or not b else 0 if a == b else self.routes.get((a, b), self.default)
        self._pairs[pair] = found
        return found


def _presence(trip: Trip, zones: StopZones) -> tuple[int, int]:
    """Instants between which the traveller is at the trip's stops.

    From the end of the first travel leg that lands in the first stop's zone
    from another zone (before the second stop begins) to the start of the
    last leg that leaves the last stop's zone for another zone after it (once
    the last stop has begun); open at either side when there is no such leg.
    Moves between stops in between are part of the trip.
    """
    stops = trip.stops
    first, last = stops[0].tz.key, stops[-1].tz.key
    first_ends = zones.bounds[0] if zones.bounds else 2**62
    last_begins = zones.bounds[-1] if zones.bounds else -(2**62)
    legs = [e for e in trip.events if e.kind in TRAVEL_KINDS and e.tz.key != e.end_tz.key]
    arrivals = [epoch(e.end_utc) for e in legs if e.end_tz.key == first and epoch(e.end_utc) < first_ends]
    arrives = min(arrivals) if arrivals else -(2**62)
    departures = [epoch(e.start_utc) for e in legs
                  if e.tz.key == last and epoch(e.start_utc) >= max(arrives, last_begins)]
    return arrives, max(departures) if departures else 2**62


def _busy(events: list[Event], starts: list[int], ends: list[int], categories: list[int]) -> list[bool]:
    """Whether each occurrence takes time someone cannot spend elsewhere (see the module's docstring)."""
    said = [e.ical.transparent for e in events]
    return [end > start and (category != REST if free is None else not free)
            for start, end, category, free in zip(starts, ends, categories, said, strict=True)]


class Timeline:
    """Every timed occurrence of a trip sorted by start, its all-day ones, days and travel table."""

    def __init__(self, trip: Trip) -> None:
        self.trip = trip
        self.zones = StopZones(trip)
        self.days = day_spans(trip)
        first = datetime.fromtimestamp(self.days[0].midnight, self.days[0].tz)
        after = datetime.fromtimestamp(self.days[-1].next_midnight, self.days[-1].tz)
        events = [e for e in trip.events if not e.recurring and not e.all_day]
        begins = [e.start_utc for e in events]
        ends = [e.end_utc for e in events]
        self.all_day: list[Slot] = []
        recurring = [e for e in trip.events if e.recurring or e.all_day]
        plain_all_day = [(e, e.start_utc, e.end_utc) for e in recurring if not e.recurring]
        expanded = [(o.event, o.start_utc, o.end_utc)
                    for o in expand([e for e in recurring if e.recurring], first, after)]
        for event, start, end in plain_all_day + expanded:
            if event.all_day:
                self.all_day.append(Slot(epoch(start), epoch(end), event, start.astimezone(event.tz),
                                         end.astimezone(event.end_tz)))
            else:
                events.append(event)
                begins.append(start)
                ends.append(end)
        self.all_day.sort(key=lambda s: (s.start, s.end))
        memo = _Instants()
        starts, stops = instants(begins, memo), instants(ends, memo)
        # Categories are looked up in file order, where the events lie in memory in order: after the
        # sort the same lookups would jump around memory and take ten times as long at 100,000 events.
        categories = [KIND_INDEX[e.kind] for e in events]
        busy = _busy(events, starts, stops, categories)
        # By start; the sort is stable, so the file order breaks ties and a file always gives one order.
        order = sorted(range(len(events)), key=starts.__getitem__)
        self.start = [starts[i] for i in order]
        self.end = [stops[i] for i in order]
        self.event = [events[i] for i in order]
        self.category = [categories[i] for i in order]
        self.busy = [busy[i] for i in order]
        # The instants as datetimes (for wall times) are needed for few occurrences (sentences, work
        # hours): reached through the order instead of being sorted too.
        self._order, self._events, self._begins, self._ends = order, events, begins, ends
        self.arrives, self.leaves = _presence(trip, self.zones)
        self._midnights = [d.midnight for d in self.days]
        self.travel = TravelTable(trip)
        self.travellers = trip.traveller_ids
        self._attendance: dict[str, list[int]] | None = None

    @cached_property
    def person_names(self) -> dict[str, str]:
        """Each person's name by id, the traveller ("me", or the unnamed :data:`YOU`) as "you"."""
        found = {p.id: p.name for p in self.trip.people}
        found[self.travellers[0]] = "you"
        return found

    @cached_property
    def longest(self) -> int:
        """The longest occurrence in seconds (to find those that start before a moment but reach it)."""
        return max((e - s for s, e in zip(self.start, self.end, strict=True)), default=0)

    def names(self, people: Iterable[str]) -> str:
        """"Ana Ruiz", "you and Ana Ruiz", "A, B and C" (ids of unknown people as they are)."""
        known = self.person_names
        found = [known.get(i, i) for i in people]
        return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]

    def plural(self, people: list[str]) -> bool:
        """Whether *people* take a plural verb ("you are", "Ana and Bo are", but "Ana is")."""
        return len(people) != 1 or people[0] == self.travellers[0]

    @property
    def solo(self) -> bool:
        """Whether the traveller travels alone (no travelling teammates)."""
        return len(self.travellers) == 1

    def __len__(self) -> int:
        return len(self.event)

    def attendance(self) -> dict[str, list[int]]:
        """The sorted positions of each person's occurrences, the travellers first (worked out once).

        A traveller attends what ``trip.travellers_at`` says: every event that
        lists no travellers, the events that list them, and those naming them
        among the attendees.  Built in file order, where the events lie in
        memory in order, then each person's positions are sorted: walking the
        events in time order instead jumps around memory and takes twice as
        long at 100,000 events.
        """
        if self._attendance is not None:
            return self._attendance
        size = len(self._order)
        position = [0] * size
        for i, j in enumerate(self._order):
            position[j] = i
        travellers = self.travellers
        team = frozenset(travellers)
        everyone = all(e.travellers is None for e in self._events)
        # Most trips name no travellers on any event: then each traveller attends the whole timeline.
        people: dict[str, list[int]] = {t: list(range(size)) if everyone else [] for t in travellers}
        for j, event in enumerate(self._events):
            chosen, attendees = event.travellers, event.attendees
            if not everyone:
                for t in travellers:
                    if chosen is None or t in chosen or t in attendees:
                        people[t].append(position[j])
            for person in attendees:
                if person not in team:
                    people.setdefault(person, []).append(position[j])
        for person, positions in people.items():
            if person not in team or not everyone:
                positions.sort()
        self._attendance = people
        return people

    @cached_property
    def unattended(self) -> frozenset[int]:
        """Positions of the occurrences no traveller attends (usually none): they take none of the travellers' time."""
        people = self.attendance()
        lists = [people[t] for t in self.travellers]
        if any(len(positions) == len(self) for positions in lists):
            return frozenset()
        return frozenset(range(len(self))).difference(*lists)

    def zone_at(self, instant: int) -> ZoneInfo:
        """The zone of the stop the traveller is at at an instant (``trip.zone_at``, from bounds worked out once)."""
        return self.zones.zone_at(instant)

    def begins(self, i: int) -> datetime:
        """The start of the *i*-th timed occurrence as wall time in the zone of the event's start (display)."""
        j = self._order[i]
        return self._begins[j].astimezone(self._events[j].tz)

    def ends(self, i: int) -> datetime:
        """The end of the *i*-th timed occurrence as wall time in the zone of the event's end (display)."""
        j = self._order[i]
        return self._ends[j].astimezone(self._events[j].end_tz)

    def slot(self, i: int) -> Slot:
        """The *i*-th timed occurrence as one tuple."""
        j = self._order[i]
        event = self._events[j]
        return Slot(self.start[i], self.end[i], event, self._begins[j].astimezone(event.tz),
                    self._ends[j].astimezone(event.end_tz))

    def slots(self) -> list[Slot]:
        """Every timed occurrence, in order."""
        return [self.slot(i) for i in range(len(self.event))]

    def free_window(self, span: DaySpan) -> tuple[int, int]:
        """The part of a day's awake window spent at the trip's stops, where free time can be used.

        Hours are counted over the whole awake window (a flight is logistics
        time wherever it flies), but before landing or after taking off again
        nothing can be suggested and no break can be taken there.
        """
        lo, hi = max(span.lo, self.arrives), min(span.hi, self.leaves)
        return lo, max(lo, hi)

    def day_of(self, instant: int) -> date:
        """The trip day of an instant: its date in the zone of the stop it happens at (``trip.day_of``)."""
        i = bisect_right(self._midnights, instant) - 1
        if 0 <= i < len(self.days) and instant < self.days[i].next_midnight:
            return self.days[i].day
        return self.zones.local(instant).date()

    def slot_day(self, slot: Slot) -> date:
        """The day an occurrence is named by: an all-day one's first date (in its zone), else its trip day."""
        return slot.begins.date() if slot.event.all_day else self.day_of(slot.start)

    def local(self, instant: int, tz: ZoneInfo | None = None) -> datetime:
        """An instant as an aware datetime in *tz*, by default in the zone of the stop it happens at."""
        return datetime.fromtimestamp(instant, tz) if tz is not None else self.zones.local(instant)
