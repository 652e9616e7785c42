"""Where a proposed activity may go on one day: real free time, with every rule a person would apply.

A proposal must sit in a gap between everything the travellers attend
(recurring occurrences included), inside the day window and the preferred
part of the day (the day's stop's, in its zone), with the travel time from
the previous place and to the next one kept free.  Meal windows with no meal yet stay usable for a meal (at least an
hour of them stays free), and a day that has a long enough break keeps one.
Rest with no place happens wherever one is: it needs no travel around it,
and travel is measured from the last real place before it.  All-day events
are day markers and block no time, as in calendar programs.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass
from datetime import time
from typing import Final, NamedTuple

from tripplan.planning.timeline import REST, TRAVEL_KINDS, DaySpan, Timeline, wall_instant
from tripplan.trip.model import Category, Idea, Kind

# Neighbours further away than this never decide a travel buffer.
MARGIN: Final = 6 * 3600
# Proposals start on the quarter hour when they can, else on five minutes.
QUARTER, FIVE = 15 * 60, 5 * 60
# A free meal window keeps at least this much free in one piece for the meal.
MEAL_KEEP: Final = 60 * 60


class Item(NamedTuple):
    """Something occupying time: an occurrence or an accepted proposal."""

    start: int
    end: int
    place_in: str  # where one must be when it starts ("" when unknown)
    place_out: str  # where one is when it ends ("" when unknown, e.g. after a flight)
    rest: bool
    meal: bool


@dataclass
class Gap:
    """Free time between two blocks of occupied time; ``None`` where nothing comes before or after."""

    prev_end: int | None
    next_start: int | None


def _ceil(instant: int, step: int) -> int:
    return -(-instant // step) * step


class DayPlan:
    """The occupied time around one trip day, and the rules for adding to it."""

    def __init__(self, timeline: Timeline, span: DaySpan, longest: int) -> None:
        """The plan of the day *span*; *longest* is the longest occurrence, to find those starting earlier."""
        trip = timeline.trip
        self.timeline, self.span = timeline, span
        self.lo, self.hi = timeline.free_window(span)
        self.travel = timeline.travel
        self.rest_need = trip.targets.rest_minutes_min * 60
        first = bisect_left(timeline.start, self.lo - MARGIN - longest)
        last = bisect_left(timeline.start, self.hi + MARGIN)
        self.items: list[Item] = []
        unattended = timeline.unattended  # what no traveller attends takes none of their time
        for i in range(first, last):
            if timeline.end[i] > self.lo - MARGIN and i not in unattended:
                event = timeline.event[i]
                out = "" if event.kind in TRAVEL_KINDS else event.location
                self.items.append(Item(timeline.start[i], timeline.end[i], event.location, out,
                                       timeline.category[i] == REST, event.kind is Kind.MEAL))
        meals = trip.meals_on(span.day)
        self.meal_windows = [(self._at(meals.lunch_start), self._at(meals.lunch_end)),
                             (self._at(meals.dinner_start), self._at(meals.dinner_end))]

    def _at(self, moment: time) -> int:
        return wall_instant(self.span.day, moment, self.span.tz)

    def at(self, moment: time) -> int:
        """The instant of a wall time on this day, clipped to the day window."""
        return min(max(self._at(moment), self.lo), self.hi)

    def meal_free(self, window: tuple[int, int]) -> bool:
        """Whether no meal is planned in a meal window yet."""
        return not any(i.meal and i.start < window[1] and i.end > window[0] for i in self.items)

    def buffer(self, origins: tuple[str, ...], destinations: tuple[str, ...]) -> int:
        """Seconds to keep free from any of *origins* to any of *destinations* (an unknown place: the default)."""
        longest = 0
        for origin in origins:
            for destination in destinations:
                minutes = self.travel.minutes(origin, destination)
                longest = max(longest, self.travel.default if minutes is None else minutes)
        return longest * 60

    def gaps(self) -> list[Gap]:
        """Free time between merged blocks of occupied time, in order, touching the day window."""
        found: list[Gap] = []
        prev_end: int | None = None
        block_start: int | None = None
        block_end = 0
        for item in self.items:
            if block_start is not None and item.start <= block_end:
                block_end = max(block_end, item.end)
                continue
            if block_start is not None:
                found.append(Gap(prev_end, block_start))
                prev_end = block_end
            block_start, block_end = item.start, item.end
        if block_start is not None:
            found.append(Gap(prev_end, block_start))
            prev_end = block_end
        found.append(Gap(prev_end, None))
        return [g for g in found if (g.prev_end is None or g.prev_end < self.hi)
                and (g.next_start is None or g.next_start > self.lo)]

    def place_before(self, instant: int) -> tuple[int, tuple[str, ...]] | None:
        """When and where the last thing with a place ends at or before *instant*.

        Rest with no place happens wherever one is, so it is no place to travel from.
        """
        ends = [i for i in self.items if i.end <= instant and not (i.rest and not i.place_in)]
        if not ends:
            return None
        last = max(i.end for i in ends)
        return last, tuple(i.place_out for i in ends if i.end == last)

    def place_after(self, instant: int) -> tuple[int, tuple[str, ...]] | None:
        """When and where the first thing with a place starts at or after *instant*."""
        starts = [i for i in self.items if i.start >= instant and not (i.rest and not i.place_in)]
        if not starts:
            return None
        first = min(i.start for i in starts)
        return first, tuple(i.place_in for i in starts if i.start == first)

    def longest_free(self, lo: int, hi: int, extra: tuple[int, int] | None, *, breaks: bool) -> tuple[int, int]:
        """The longest stretch of [*lo*, *hi*) free of items (only non-rest ones for *breaks*), plus *extra*."""
        spans = [(i.start, i.end) for i in self.items if not (breaks and i.rest) and i.end > lo and i.start < hi]
        if extra is not None:
            insort(spans, extra)
        best, cursor = (lo, lo), lo
        for start, end in spans:
            if start - cursor > best[1] - best[0]:
                best = (cursor, start)
            cursor = max(cursor, end)
        if hi - cursor > best[1] - best[0]:
            best = (cursor, hi)
        return best if best[1] > best[0] else (lo, lo)

    def allowed(self, start: int, end: int, *, rest: bool, meal: bool) -> bool:
        """Whether [*start*, *end*) keeps the meal windows for meals and the day's break long enough.

        A meal must lie inside a meal window that has no meal yet; anything else
        may use part of such a window only if an hour of it stays free.
        """
        free_windows = [w for w in self.meal_windows if self.meal_free(w)]
        if meal and not any(a <= start and end <= b for a, b in free_windows):
            return False
        for window in free_windows:
            if not meal and start < window[1] and end > window[0]:
                keep = min(MEAL_KEEP, window[1] - window[0])
                a, b = self.longest_free(window[0], window[1], (start, end), breaks=False)
                if b - a < keep:
                    return False
        if not rest and self.rest_need:
            a, b = self.longest_free(self.lo, self.hi, None, breaks=True)
            if b - a >= self.rest_need:
                a, b = self.longest_free(self.lo, self.hi, (start, end), breaks=True)
                return b - a >= self.rest_need
        return True

    def place(self, idea: Idea, ranges: list[tuple[int, int]], *, meal: bool) -> tuple[int, int] | None:
        """The first allowed [start, end) for *idea* within *ranges* (tried in order), or ``None``."""
        length = idea.minutes * 60
        rest = idea.kind.category is Category.REST
        # Rest with no place happens where you are: no travel before or after it.
        travels = not (rest and not idea.location)
        here = (idea.location,)
        for range_lo, range_hi in ranges:
            range_lo, range_hi = max(range_lo, self.lo), min(range_hi, self.hi)
            if range_hi - range_lo < length:
                continue
            for gap in self.gaps():
                first = range_lo if gap.prev_end is None else max(range_lo, gap.prev_end)
                last = range_hi if gap.next_start is None else min(range_hi, gap.next_start)
                before = self.place_before(gap.prev_end) if travels and gap.prev_end is not None else None
                after = self.place_after(gap.next_start) if travels and gap.next_start is not None else None
                if before is not None:
                    first = max(first, before[0] + self.buffer(before[1], here))
                if after is not None:
                    last = min(last, after[0] - self.buffer(here, after[1]))
                for start in _starts(first, last - length):
                    if self.allowed(start, start + length, rest=rest, meal=meal):
                        return start, start + length
        return None

    def add(self, start: int, end: int, idea: Idea) -> None:
        """Occupy [*start*, *end*) with an accepted proposal."""
        out = "" if idea.kind in TRAVEL_KINDS else idea.location
        insort(self.items, Item(start, end, idea.location, out, idea.kind.category is Category.REST,
                                idea.kind is Kind.MEAL))


def _starts(first: int, latest: int) -> list[int]:
    """Candidate starts from *first* to *latest*: the quarter hours, then the nearest five minutes."""
    if latest < first:
        return []
    found = list(range(_ceil(first, QUARTER), latest + 1, QUARTER))
    for extra in (_ceil(first, FIVE), latest // FIVE * FIVE):
        if first <= extra <= latest and extra not in found:
            found.append(extra)
    return found
