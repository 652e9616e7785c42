"""Expanding events into occurrences within a window of instants.

A rule is expanded in the **wall time of the event's start zone** (``tz``):
a daily 09:30 stand-up stays at 09:30 on both sides of a DST change, as RFC
5545 asks.  A series whose zone is UTC repeats in UTC.  Each wall time then
becomes an instant (:func:`tripplan.time.zones.instant`): one in a gap is the real
instant it names (02:30 on the spring-forward night is 03:30 summer time), one
in the repeated hour is its first occurrence.  An occurrence ends at its own
wall end (the event's wall length after its start, in the end zone), or, for
a travel leg between two zones, after the event's elapsed length.

**From the window, not from DTSTART.**  The expansion starts a whole number
of INTERVAL periods before the window (the rule's BY parts are made explicit
first, so the new start changes nothing but the cost): a daily series from
2010, or an hourly one from 1990, costs what a new one costs.  A COUNT rule
skips ahead the same way when each period holds exactly one occurrence, and
otherwise counts from its start (the cost is bounded by its COUNT).

**UNTIL** (RFC 5545 3.3.10): a UTC date-time (``…Z``) bounds the start
instants; a local date-time bounds wall times; a DATE includes that whole
day.  **EXDATE** matches occurrences by start instant (by date for an
all-day series).  Nothing is capped: a rule dateutil cannot expand sensibly
is refused by :func:`parse_rule` with the reason.

Bounded in work, too: dateutil checks its UNTIL only against dates that pass
the rule's filters, so a rule that stops matching would make it search to
the year 9999.  Expansion therefore happens a whole number of 400-year
Gregorian cycles (same weekdays, leap days and week numbers) closer to that
year, where any search ends within one cycle, and the dates are moved back.

Only dateutil's public API is used: the RRULE text is parsed into the
arguments of ``dateutil.rrule.rrule`` by :mod:`tripplan.trip.rrule_text`, and
:mod:`tripplan.trip.rule_walls` expands it into wall times; this module makes
them occurrences (its names are re-exported here).
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tripplan.time.zones import day_start, instant
from tripplan.trip.model import Event
from tripplan.trip.rrule_text import DAILY as DAILY
from tripplan.trip.rrule_text import HOURLY as HOURLY
from tripplan.trip.rrule_text import MONTHLY as MONTHLY
from tripplan.trip.rrule_text import WEEKLY as WEEKLY
from tripplan.trip.rrule_text import YEARLY as YEARLY
from tripplan.trip.rrule_text import Rule as Rule
from tripplan.trip.rrule_text import parse_rule as parse_rule
from tripplan.trip.rule_walls import check_rule as check_rule
from tripplan.trip.rule_walls import rule_walls as rule_walls

_MARGIN = timedelta(days=2)  # wall times and instants differ by less than this in every zone


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One concrete happening of an event (the event itself, or one repetition): two instants in UTC."""

    event: Event
    start_utc: datetime
    end_utc: datetime

    @property
    def recurring(self) -> bool:
        """Whether this occurrence belongs to a series (a rule or extra dates)."""
        return self.event.recurring

    @property
    def local_start(self) -> datetime:
        """The start as wall time in the event's start zone."""
        return self.start_utc.astimezone(self.event.tz)

    @property
    def local_end(self) -> datetime:
        """The end as wall time in the event's end zone."""
        return self.end_utc.astimezone(self.event.end_tz)

    @property
    def duration(self) -> timedelta:
        """Elapsed time."""
        return self.end_utc - self.start_utc


def _before_until(rule: Rule, wall: datetime, moment: datetime) -> bool:
    if rule.until is None:
        return True
    if rule.until_form == "utc":
        return moment <= rule.until
    if rule.until_form == "local":
        return wall <= rule.until
    return wall.date() <= rule.until


def occurrences(event: Event, lo: datetime, hi: datetime) -> Iterator[Occurrence]:
    """Occurrences of *event* that overlap the half-open window [*lo*, *hi*) of instants (aware, any zone).

    In start order: the rule's (or the event itself without one) merged with the extra dates
    (``rdates``), an instant given by both counted once, those in ``exdates`` left out.
    """
    lo, hi = lo.astimezone(UTC), hi.astimezone(UTC)
    if not event.rdates:
        if event.repeat:
            yield from _rule_occurrences(event, lo, hi)
        elif event.start_utc < hi and _overlaps(event.start_utc, event.end_utc, lo):
            yield Occurrence(event, event.start_utc, event.end_utc)
        return
    if event.repeat:
        base: Iterator[Occurrence] = _rule_occurrences(event, lo, hi)
    else:
        base = iter([Occurrence(event, event.start_utc, event.end_utc)]
                    if event.start_utc < hi and _overlaps(event.start_utc, event.end_utc, lo)
                    and event.start_utc not in event.exdates else [])
    latest: datetime | None = None
    for found in heapq.merge(base, _extra_occurrences(event, lo, hi), key=lambda o: o.start_utc):
        if latest is not None and found.start_utc == latest:
            continue
        latest = found.start_utc
        yield found


def _extra_occurrences(event: Event, lo: datetime, hi: datetime) -> Iterator[Occurrence]:
    """The occurrences the event's ``rdates`` add inside [*lo*, *hi*), each with the event's own length."""
    tz, end_tz = event.tz, event.end_tz
    skipped = set(event.exdates)
    first = bisect.bisect_left(event.rdates, lo - event.duration - _MARGIN)
    span = event.local_end.replace(tzinfo=None, fold=0) - event.local_start.replace(tzinfo=None, fold=0)
    for start in event.rdates[first:]:
        if start >= hi:
            return
        if start in skipped:
            continue
        if event.all_day:
            day = start.astimezone(tz).date()
            end = day_start(day + timedelta(days=(event.end_day - event.first_day).days), tz)
        elif tz.key == end_tz.key:
            end = instant(start.astimezone(tz).replace(tzinfo=None, fold=0) + span, end_tz)
            if end < start or (end == start and event.duration):
                end = start + event.duration
        else:
            end = start + event.duration
        if _overlaps(start, end, lo):
            yield Occurrence(event, start, end)


def _rule_occurrences(event: Event, lo: datetime, hi: datetime) -> Iterator[Occurrence]:
    """The occurrences of the event's rule overlapping [*lo*, *hi*) (UTC), EXDATEs left out."""
    rule = parse_rule(event.repeat)
    tz, end_tz = event.tz, event.end_tz
    first = event.local_start.replace(tzinfo=None, fold=0)
    lo_wall = (lo - event.duration - _MARGIN).astimezone(tz).replace(tzinfo=None)
    hi_wall = (hi + _MARGIN).astimezone(tz).replace(tzinfo=None)
    if event.all_day:
        days = (event.end_day - event.first_day).days
        skipped_days = {d.astimezone(tz).date() for d in event.exdates}
        for wall in rule_walls(rule, first, lo_wall, hi_wall):
            if not _before_until(rule, wall, instant(wall, tz)):
                return
            if wall.date() in skipped_days:
                continue
            start = day_start(wall.date(), tz)
            if start >= hi:
                return
            end = day_start(wall.date() + timedelta(days=days), tz)
            if _overlaps(start, end, lo):
                yield Occurrence(event, start, end)
        return
    same_zone = tz.key == end_tz.key
    span = event.local_end.replace(tzinfo=None, fold=0) - first  # the wall length, for each occurrence's own end
    skipped = set(event.exdates)
    latest: datetime | None = None
    for wall in rule_walls(rule, first, lo_wall, hi_wall):
        start = event.start_utc if wall == first else instant(wall, tz)
        if not _before_until(rule, wall, start):
            return
        if start >= hi:
            return
        # Wall times in a gap are the instants of the wall times just after it (02:10 is 03:10 summer time):
        # a rule repeating more often than the gap is long reaches those instants twice. Walls map to
        # instants in order otherwise (a repeated hour is read as its first pass), so any instant not later
        # than one already produced is such a repeat.
        if latest is not None and start <= latest:
            continue
        latest = start
        if start in skipped:
            continue
        if wall == first:
            end = event.end_utc
        elif same_zone:
            end = instant(wall + span, end_tz)
            if end <= start:  # the wall end fell into a fold or gap that swallows the whole length
                end = start + event.duration
        else:
            end = start + event.duration
        if _overlaps(start, end, lo):
            yield Occurrence(event, start, end)


def _overlaps(start: datetime, end: datetime, lo: datetime) -> bool:
    """Whether an occurrence starting before the window's end reaches into it (one of no length: starts in it)."""
    return end > lo or start >= lo


def expand(events: Iterable[Event], lo: datetime, hi: datetime) -> list[Occurrence]:
    """All occurrences of *events* overlapping [*lo*, *hi*), sorted by start instant, then end, then id."""
    found = [occ for event in events for occ in occurrences(event, lo, hi)]
    found.sort(key=lambda o: (o.start_utc, o.end_utc, o.event.id))
    return found
