"""The trip as one sorted timeline of occurrences, in POSIX seconds, shared by balance, checks and suggestions.

Recurring events are expanded within the trip's dates (``tripplan.recurrence``);
every instant becomes whole seconds once, so the sweeps that follow compare
integers and stay correct across zones and DST changes.  Each trip day gets
its awake window (``[trip.day_window]``) as a pair of instants built from aware
datetimes: a 23-hour or 25-hour day gets its true length.

The occurrences are kept as parallel lists (start, end, event, aware start,
aware end, category) rather than one object each: at 100,000 events the
objects alone would cost more than the whole balance.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Final, NamedTuple
from zoneinfo import ZoneInfo

from tripplan.model import Category, Event, Kind, Trip
from tripplan.planning.fileformat import place_key
from tripplan.recurrence import expand
from tripplan.zones import localize

CATEGORIES: Final = tuple(Category)
KIND_INDEX: Final = {kind: CATEGORIES.index(kind.category) for kind in Kind}
WORK, NETWORKING, BONDING, CULTURE, LOGISTICS, REST = range(len(CATEGORIES))
# Travel legs: their location is where they leave from, and they are the travel themselves.
TRAVEL_KINDS: Final = frozenset({Kind.FLIGHT, Kind.TRAIN, Kind.TRANSFER})


class _Instants(dict[datetime, int]):
    """Seconds of aware datetimes, remembered: trips repeat the same few start times."""

    def __missing__(self, moment: datetime) -> int:
        value = self[moment] = int(moment.timestamp())
        return value


def instants(moments: list[datetime], memo: _Instants) -> list[int]:
    """Whole seconds since 1970 of each aware datetime.

    Aware datetimes of one zone compare equal across the fold (the repeated
    hour when clocks go back), so a fold-1 time never goes through *memo*.
    """
    if any(m.fold for m in moments):
        return [memo[m] if not m.fold else int(m.timestamp()) for m in moments]
    return list(map(memo.__getitem__, moments))


def epoch(moment: datetime) -> int:
    """Whole seconds since 1970 of one aware datetime."""
    return int(moment.timestamp())


class Slot(NamedTuple):
    """One occurrence, for code that looks at a few of them (briefs, suggestions)."""

    start: int
    end: int
    event: Event
    begins: datetime
    ends: datetime


@dataclass(frozen=True, slots=True)
class DaySpan:
    """One trip day: its calendar span and its awake window, as instants in seconds."""

    day: date
    midnight: int
    next_midnight: int
    lo: int
    hi: int


def wall(day: date, moment: time, tz: ZoneInfo) -> datetime:
    """The aware datetime of the wall time *moment* on *day* (the first one when the clocks go back)."""
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

    def minutes(self, origin: str, destination: str) -> int | None:
        """Minutes from *origin* to *destination*; ``None`` when either place is unknown (empty)."""
        pair = (origin, destination)
        if pair in self._pairs:
            return self._pairs[pair]
        a, b = self.key(origin), self.key(destination)
        found = None if not a or not b else 0 if a == b else self.routes.get((a, b), self.default)
        self._pairs[pair] = found
        return found


def _presence(trip: Trip) -> tuple[int, int]:
    """Instants between which the traveller is at the destination.

    From the end of the first travel leg that arrives from another zone to
    the start of the last leg that leaves for another zone after it; open
    at either side when there is no such leg.
    """
    here = trip.timezone.key
    legs = [e for e in trip.events if e.kind in TRAVEL_KINDS and e.start.tzinfo is not e.end.tzinfo]
    arrivals = [epoch(e.end) for e in legs if e.end_zone.key == here != e.start_zone.key]
    arrives = min(arrivals) if arrivals else -(2**62)
    departures = [epoch(e.start) for e in legs
                  if e.start_zone.key == here != e.end_zone.key and epoch(e.start) >= arrives]
    return arrives, max(departures) if departures else 2**62


class Timeline:
    """Every timed occurrence of a trip sorted by start, its all-day ones, days and travel table."""

    def __init__(self, trip: Trip) -> None:
        self.trip = trip
        tz = trip.timezone
        first = datetime.combine(trip.start, time(0), tz)
        after = datetime.combine(trip.end + timedelta(days=1), time(0), tz)
        events = [e for e in trip.events if not e.repeat and not e.all_day]
        begins = [e.start for e in events]
        ends = [e.end for e in events]
        self.all_day: list[Slot] = []
        recurring = [e for e in trip.events if e.repeat or e.all_day]
        plain_all_day = [(e, e.start, e.end) for e in recurring if not e.repeat]
        expanded = [(o.event, o.start, o.end) for o in expand([e for e in recurring if e.repeat], first, after)]
        for event, start, end in plain_all_day + expanded:
            if event.all_day:
                self.all_day.append(Slot(epoch(start), epoch(end), event, start, end))
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
        # By start; the sort is stable, so the file order breaks ties and a file always gives one order.
        order = sorted(range(len(events)), key=starts.__getitem__)
        self.start = [starts[i] for i in order]
        self.end = [stops[i] for i in order]
        self.event = [events[i] for i in order]
        self.category = [categories[i] for i in order]
        # The aware datetimes are needed for few occurrences (sentences, work hours): reached through
        # the order instead of being sorted too.
        self._order, self._events, self._begins, self._ends = order, events, begins, ends
        self.arrives, self.leaves = _presence(trip)
        self.days = [self._span(day) for day in trip.days]
        self._midnights = [d.midnight for d in self.days]
        self.travel = TravelTable(trip)

    @cached_property
    def person_names(self) -> dict[str, str]:
        """Each person's name by id (sentences name people; a trip may produce thousands of them)."""
        return {p.id: p.name for p in self.trip.people}

    def __len__(self) -> int:
        return len(self.event)

    def attendance(self) -> dict[str, list[int]]:
        """The sorted positions of each person's occurrences.

        Built in file order, where the events lie in memory in order, then
        each person's positions are sorted: walking the events in time order
        instead jumps around memory and takes twice as long at 100,000 events.
        """
        position = [0] * len(self._order)
        for i, j in enumerate(self._order):
            position[j] = i
        people: dict[str, list[int]] = {}
        for j, event in enumerate(self._events):
            for person in event.attendees:
                people.setdefault(person, []).append(position[j])
        for positions in people.values():
            positions.sort()
        return people

    def begins(self, i: int) -> datetime:
        """The aware start of the *i*-th timed occurrence, in the zone it was entered in."""
        return self._begins[self._order[i]]

    def ends(self, i: int) -> datetime:
        """The aware end of the *i*-th timed occurrence, in the zone it was entered in."""
        return self._ends[self._order[i]]

    def slot(self, i: int) -> Slot:
        """The *i*-th timed occurrence as one tuple."""
        j = self._order[i]
        return Slot(self.start[i], self.end[i], self.event[i], self._begins[j], self._ends[j])

    def slots(self) -> list[Slot]:
        """Every timed occurrence, in order."""
        return [self.slot(i) for i in range(len(self.event))]

    def _span(self, day: date) -> DaySpan:
        tz = self.trip.timezone
        window = self.trip.day_window
        end_day = day + timedelta(days=1) if window.end == time(0) else day
        return DaySpan(day, epoch(wall(day, time(0), tz)), epoch(wall(day + timedelta(days=1), time(0), tz)),
                       epoch(wall(day, window.start, tz)), epoch(wall(end_day, window.end, tz)))

    def free_window(self, span: DaySpan) -> tuple[int, int]:
        """The part of a day's awake window spent at the destination, where free time can be used.

        Hours are counted over the whole awake window (a flight is logistics
        time wherever it flies), but before landing or after taking off again
        nothing can be suggested and no break can be taken there.
        """
        lo, hi = max(span.lo, self.arrives), min(span.hi, self.leaves)
        return lo, max(lo, hi)

    def day_of(self, instant: int) -> date:
        """The destination date of an instant."""
        i = bisect_right(self._midnights, instant) - 1
        if 0 <= i < len(self.days) and instant < self.days[i].next_midnight:
            return self.days[i].day
        return datetime.fromtimestamp(instant, self.trip.timezone).date()

    def local(self, instant: int) -> datetime:
        """An instant as an aware datetime in the destination zone."""
        return datetime.fromtimestamp(instant, self.trip.timezone)
