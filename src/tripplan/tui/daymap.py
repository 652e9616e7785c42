"""What the timetable shows, per trip day: occurrences, blocks and their lanes.

Each day is seen in the zone of its stop (``Trip.zone_on``): on a
multi-city trip a Tokyo day's rows are Tokyo wall time.  A day runs from
its midnight to the next day's (in that day's zone), so on the day of a
move east the hour both cities claim belongs to the new city, as
``Trip.stop_at`` says.  Built once from the trip (recurring events expanded
over the trip's dates), optionally for one person only (the events they
attend: ``Trip.attends``), and rebuilt after every edit; the timetable
widgets then only look up the rows they draw, so a 3,000-event trip costs
no more to scroll than a small one.  Plain Python, no Textual: it is tested
and benchmarked on its own.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tripplan.time.zones import day_start
from tripplan.trip.model import Category, Event, Trip
from tripplan.trip.recurrence import Occurrence, expand
from tripplan.tui.text import MINUTES_PER_DAY, day_changes


@dataclass(frozen=True, slots=True)
class Block:
    """One timed occurrence as seen on one trip day (clipped to that day).

    ``start_min``/``end_min`` are wall-clock minutes after the day's midnight
    in the zone of the day's stop (the rows of the grid); ``clipped_*`` say the
    occurrence goes on beyond the day (an overnight flight).  On the day the
    clocks go back a block whose wall end comes before its wall start (01:45
    summer time to 01:15 winter time) is drawn for its elapsed length.
    """

    occurrence: Occurrence
    day: date
    start_min: int
    end_min: int
    clipped_start: bool
    clipped_end: bool

    @property
    def event_id(self) -> str:
        """The id of the event this block shows."""
        return self.occurrence.event.id


@dataclass(frozen=True, slots=True)
class Placed:
    """A block placed on a grid of rows: its rows [``top``, ``bottom``) and lane out of ``lanes``."""

    block: Block
    top: int
    bottom: int
    lane: int
    lanes: int


@dataclass
class Layout:
    """The blocks of one day on a grid of *slot*-minute rows, overlapping blocks side by side."""

    slot: int
    placed: list[Placed]
    rows: list[list[Placed]]

    def at(self, row: int) -> list[Placed]:
        """The blocks covering *row*, by lane."""
        return self.rows[row] if 0 <= row < len(self.rows) else []


@dataclass
class DayPlan:
    """Everything on one trip day.

    ``zone``: the zone of the day's stop, which its times are shown in;
    ``changes``: that zone's UTC offset changes on this day (a DST change),
    so its times are shown with the zone's abbreviation.
    """

    day: date
    zone: ZoneInfo | None = None
    blocks: list[Block] = field(default_factory=list)
    all_day: list[Occurrence] = field(default_factory=list)
    minutes: dict[Category, int] = field(default_factory=dict)
    changes: bool = False

    def hours(self, category: Category) -> float:
        """Scheduled hours of *category* on this day (overlaps counted once per event)."""
        return self.minutes.get(category, 0) / 60

    def occurrence(self, event_id: str) -> Occurrence | None:
        """The occurrence of *event_id* on this day: its block, else its all-day entry (``None``: not on it)."""
        for block in self.blocks:
            if block.event_id == event_id:
                return block.occurrence
        return next((o for o in self.all_day if o.event.id == event_id), None)


class DayMap:
    """The trip's occurrences indexed by trip day, with grid layouts cached per slot size.

    With *person* (a person id, or ``model.YOU`` for an unnamed traveller),
    only the events that person attends.
    """

    def __init__(self, trip: Trip, person: str | None = None) -> None:
        self.trip = trip
        self.person = person
        self.days: list[date] = trip.days
        zones = {d: trip.zone_on(d) for d in (*self.days, trip.end + timedelta(days=1))}
        self.plans: dict[date, DayPlan] = {d: DayPlan(d, zones[d], changes=day_changes(d, zones[d]))
                                           for d in self.days}
        self._layouts: dict[tuple[date, int], Layout] = {}
        # The first instant of each day in its own zone, and of the day after the trip (a day's midnight
        # may not exist); a day ends where the next one begins.
        self._starts = {d: day_start(d, z) for d, z in zones.items()}
        self._order = list(self._starts.values())  # ascending: a day begins after the one before it
        events = trip.events
        if person is not None:
            attends = attending(trip, person)
            events = [e for e in trip.events if attends(e)]
        for occ in expand(events, self._starts[trip.start], self._starts[trip.end + timedelta(days=1)]):
            if occ.event.all_day:
                self._add_all_day(occ)
            else:
                self._add_timed(occ)
        for plan in self.plans.values():
            plan.blocks.sort(key=lambda b: (b.start_min, -b.end_min, b.occurrence.event.title, b.event_id))

    def zone(self, day: date) -> ZoneInfo:
        """The zone *day* is shown in (its stop's)."""
        plan = self.plans.get(day)
        return plan.zone if plan is not None and plan.zone is not None else self.trip.zone_on(day)

    def _add_all_day(self, occ: Occurrence) -> None:
        # An all-day event is a range of dates in its own zone, shown on those dates.
        day, end = occ.local_start.date(), occ.local_end.date()
        while day < end:
            if day in self.plans:
                self.plans[day].all_day.append(occ)
            day += timedelta(days=1)

    def _add_timed(self, occ: Occurrence) -> None:
        start, end = occ.start_utc, occ.end_utc
        index = max(0, bisect_right(self._order, start) - 1)  # the day whose span holds the start
        day = self.trip.start + timedelta(days=index)
        while day <= self.trip.end:
            midnight, next_midnight = self._starts[day], self._starts[day + timedelta(days=1)]
            if midnight > end:
                break
            lo, hi = max(start, midnight), min(end, next_midnight)
            if hi > lo or midnight <= start == end < next_midnight:  # a moment of no length: on its one row
                tz = self.plans[day].zone or self.trip.timezone
                clipped_start = start < midnight
                clipped_end = end > next_midnight
                local_start, local_end = start.astimezone(tz), end.astimezone(tz)
                start_min = 0 if clipped_start else _day_minutes(local_start, day)
                end_min = MINUTES_PER_DAY if clipped_end or local_end.date() > day else _wall_minutes(local_end)
                elapsed = int((hi - lo).total_seconds()) // 60
                if end_min <= start_min:  # the repeated hour: the wall end is not after the wall start
                    end_min = min(MINUTES_PER_DAY, start_min + elapsed)
                end_min = max(end_min, start_min + 1)
                plan = self.plans[day]
                plan.blocks.append(Block(occ, day, start_min, end_min, clipped_start, clipped_end))
                category = occ.event.category
                plan.minutes[category] = plan.minutes.get(category, 0) + elapsed
            day += timedelta(days=1)

    def plan(self, day: date) -> DayPlan:
        """The plan of *day* (an empty one for a day outside the trip)."""
        return self.plans.get(day) or DayPlan(day)

    def layout(self, day: date, slot: int) -> Layout:
        """The blocks of *day* on rows of *slot* minutes (computed once, then cached)."""
        key = (day, slot)
        if key not in self._layouts:
            self._layouts[key] = _lay_out(self.plan(day).blocks, slot)
        return self._layouts[key]

    def find(self, event_id: str) -> Iterator[Block]:
        """Every block of the event, in day order."""
        for day in self.days:
            for block in self.plans[day].blocks:
                if block.event_id == event_id:
                    yield block

    def first_day_of(self, event_id: str, near: date | None = None) -> date | None:
        """The day showing the event (all-day or timed), the one nearest *near* if several."""
        found = [d for d in self.days if any(b.event_id == event_id for b in self.plans[d].blocks)
                 or any(o.event.id == event_id for o in self.plans[d].all_day)]
        if not found:
            return None
        if near is None:
            return found[0]
        return min(found, key=lambda d: (abs((d - near).days), d))


def attending(trip: Trip, person: str) -> Callable[[Event], bool]:
    """``Trip.attends(event, person)`` as a test made once for many events.

    The same rule — invited, or a traveller at an event that lists no
    travellers or lists them — with the trip's travellers worked out once
    instead of per event (on a 3,000-event trip that is most of the filter's
    cost).
    """
    rule = trip.attending()
    return lambda event: rule.attends(event, person)


def _wall_minutes(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def _day_minutes(moment: datetime, day: date) -> int:
    """Wall minutes after *day*'s midnight, within the day's rows: a day after a move west is longer than
    24 hours (its extra hour shows on its last row)."""
    if moment.date() > day:
        return MINUTES_PER_DAY - 1
    return _wall_minutes(moment)


def _lay_out(blocks: list[Block], slot: int) -> Layout:
    """Greedy interval colouring on row ranges; a cluster of overlapping blocks shares a lane count."""
    count = MINUTES_PER_DAY // slot
    rows: list[list[Placed]] = [[] for _ in range(count)]
    placed: list[Placed] = []
    cluster: list[tuple[Block, int, int, int]] = []
    lane_ends: list[int] = []
    cluster_end = -1

    def flush() -> None:
        lanes = len(lane_ends)
        for block, top, bottom, lane in cluster:
            item = Placed(block, top, bottom, lane, lanes)
            placed.append(item)
            for row in range(top, bottom):
                rows[row].append(item)
        cluster.clear()
        lane_ends.clear()

    for block in blocks:
        top = min(block.start_min // slot, count - 1)
        bottom = min(max(top + 1, -(-block.end_min // slot)), count)
        if top >= cluster_end:
            flush()
        lane = next((i for i, end in enumerate(lane_ends) if end <= top), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(bottom)
        else:
            lane_ends[lane] = bottom
        cluster.append((block, top, bottom, lane))
        cluster_end = max(cluster_end, bottom)
    flush()
    for row in rows:
        row.sort(key=lambda p: p.lane)
    return Layout(slot, placed, rows)
