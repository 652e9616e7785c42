"""Balance: hours per category per day and for the whole trip, against the trip's targets.

A balance is one traveller's: the events they attend (an event that lists no
travellers is attended by all of them).  Only the awake window of each day
counts (the day's stop's ``day_window``, in its zone).  An occurrence is
clipped to each window it touches, so an event crossing midnight is split
between the two days; overlapping events of one category count once (their
union), and the "scheduled" time is the union of all events.  All-day events
are day markers (a conference pass, a holiday): like calendar programs,
tripplan gives them no hours.  One sort and one sweep per traveller: ``n log
n`` for ``n`` occurrences.  The trip's balance is the traveller's ("me");
the work limit and the rest block are checked for each travelling teammate
too, on their own events.  On a multi-city trip each stop long enough needs
its own cultural outing.  The score is defined in docs/planning.md.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from typing import Final

from tripplan.planning.balance_warnings import balance_findings
from tripplan.planning.day_balance import Balance as Balance
from tripplan.planning.day_balance import DayBalance as DayBalance
from tripplan.planning.timeline import CATEGORIES, CULTURE, KIND_INDEX, REST, Timeline
from tripplan.trip.model import Category, Stop, Targets

# The bonding target applies to days with at least this much work or networking:
# a travel day or a free Sunday is not "all work and no bonding".
WORKING_DAY_SECONDS: Final = 3600
# Score weights (docs/planning.md): bonding 40, work limit 30, rest 30; culture 10 % of the trip score.
WEIGHTS: Final = {"bonding": 40, "work": 30, "rest": 30}
CULTURE_WEIGHT: Final = 10
# Each hour over the work limit costs a quarter of the work part of the score.
OVERTIME_PENALTY_PER_HOUR: Final = 0.25


def gaps(lo: int, hi: int, busy: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [*lo*, *hi*) not covered by the disjoint sorted segments *busy*."""
    found: list[tuple[int, int]] = []
    cursor = lo
    for a, b in busy:
        if a > cursor:
            found.append((cursor, min(a, hi)))
        cursor = max(cursor, b)
        if cursor >= hi:
            break
    if cursor < hi:
        found.append((cursor, hi))
    return [(a, b) for a, b in found if b > a]


def score_parts(work: int, bonding: int, scheduled: int, applies: bool, rest: int,
                targets: Targets) -> dict[str, float]:
    """How far a day meets each target, from 0 to 1 (docs/planning.md, "The balance score")."""
    share = targets.bonding_share
    bonding_part = 1.0 if not applies or share == 0 or not scheduled else min(1.0, bonding / scheduled / share)
    overtime = max(0.0, work - targets.work_hours_max * 3600) / 3600
    work_part = max(0.0, 1.0 - OVERTIME_PENALTY_PER_HOUR * overtime)
    need = targets.rest_minutes_min * 60
    rest_part = 1.0 if need == 0 else min(1.0, rest / need)
    return {"bonding": bonding_part, "work": work_part, "rest": rest_part}


def shown_score(value: float, met: bool) -> int:
    """*value* rounded, but never to 100 unless every target is *met* (a 99.6 with a miss shows 99)."""
    return round(value) if met else min(round(value), 99)


def day_score(parts: dict[str, float]) -> int:
    """The 0–100 score of a day from its parts: 100 only when every part is met."""
    return shown_score(sum(WEIGHTS[name] * value for name, value in parts.items()),
                       all(value >= 1 for value in parts.values()))


def _clip(gaps: list[tuple[int, int]], window: tuple[int, int]) -> list[tuple[int, int]]:
    """The parts of *gaps* inside *window*, empty ones dropped."""
    lo, hi = window
    return [(max(a, lo), min(b, hi)) for a, b in gaps if min(b, hi) > max(a, lo)]


def _day_balances(timeline: Timeline, traveller: str) -> tuple[list[DayBalance], int]:
    """Each trip day's balance over the occurrences *traveller* attends, and the number of cultural outings."""
    positions = timeline.attendance().get(traveller, [])
    trip, spans = timeline.trip, timeline.days
    if len(positions) == len(timeline):
        starts, ends, categories = timeline.start, timeline.end, timeline.category
    else:
        starts = [timeline.start[i] for i in positions]
        ends = [timeline.end[i] for i in positions]
        categories = [timeline.category[i] for i in positions]
    n, width = len(spans), len(CATEGORIES)
    los, his = [d.lo for d in spans], [d.hi for d in spans]
    # A running union per (day, category), per day for everything and for everything but rest.
    # Occurrences arrive sorted by start, and clipping to a window keeps that order, so each union
    # only needs its current piece: a segment starting after it closes the piece (and is a gap).
    piece_lo = [los[j] for j in range(n) for _ in range(width)]
    piece_hi = list(piece_lo)
    totals = [0] * (n * width)
    busy_hi: list[int] = list(los)
    free: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    work_hi: list[int] = list(los)  # the union of everything but rest, and the gaps in it
    breaks: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    i = 0
    for s, e, ci in zip(starts, ends, categories, strict=True):
        while i < n and his[i] <= s:
            i += 1
        if i == n:
            break
        j = i
        while j < n:
            lo, hi = los[j], his[j]
            if lo >= e:
                break
            a = s if s > lo else lo
            b = e if e < hi else hi
            if a < b:
                k = j * width + ci
                if a <= piece_hi[k]:
                    if b > piece_hi[k]:
                        piece_hi[k] = b
                else:
                    totals[k] += piece_hi[k] - piece_lo[k]
                    piece_lo[k], piece_hi[k] = a, b
                if a > busy_hi[j]:
                    free[j].append((busy_hi[j], a))
                if b > busy_hi[j]:
                    busy_hi[j] = b
                if ci != REST:
                    if a > work_hi[j]:
                        breaks[j].append((work_hi[j], a))
                    if b > work_hi[j]:
                        work_hi[j] = b
            if e <= hi:
                break
            j += 1
    culture_days, outings = _culture(timeline, starts, ends, categories, traveller)
    days: list[DayBalance] = []
    for j, span_ in enumerate(spans):
        seconds = {c: totals[j * width + ci] + piece_hi[j * width + ci] - piece_lo[j * width + ci]
                   for ci, c in enumerate(CATEGORIES)}
        if busy_hi[j] < span_.hi:
            free[j].append((busy_hi[j], span_.hi))
        if span_.hi > work_hi[j]:
            breaks[j].append((work_hi[j], span_.hi))
        scheduled = span_.hi - span_.lo - sum(b - a for a, b in free[j])
        # Before landing and after taking off again the time is not free at the trip's stops.
        here = timeline.free_window(span_)
        free[j] = _clip(free[j], here)
        longest = max(_clip(breaks[j], here), key=lambda g: g[1] - g[0], default=None)
        applies = seconds[Category.WORK] + seconds[Category.NETWORKING] >= WORKING_DAY_SECONDS
        parts = score_parts(seconds[Category.WORK], seconds[Category.BONDING], scheduled, applies,
                            longest[1] - longest[0] if longest else 0, trip.targets)
        window = (timeline.local(span_.lo, span_.tz), timeline.local(span_.hi, span_.tz))
        days.append(DayBalance(span_.day, window, seconds, scheduled, free[j], longest, span_.day in culture_days,
                               applies, parts, day_score(parts)))
    return days, outings


def culture_units(trip_days: list[date], stops: list[Stop], min_days: int) -> list[tuple[date, date, str]]:
    """The stretches of days that each need a cultural outing: (first, last, city), city "" for the whole trip.

    Each stop of ``culture_min_days`` days or more; on a trip whose stops
    are all shorter, or a one-stop trip, the whole trip when it is long enough.
    """
    if min_days <= 0:
        return []
    if len(stops) > 1:
        long_stops = [(s.first, s.last, s.city or s.tz.key) for s in stops if len(s.days) >= min_days]
        if long_stops:
            return long_stops
    return [(trip_days[0], trip_days[-1], "")] if len(trip_days) >= min_days else []


def compute_balance(timeline: Timeline, traveller: str | None = None) -> Balance:
    """Balance of one traveller (by default "me") over the trip behind *timeline*, with its ``balance-*`` findings.

    The default balance also carries the ``balance-work`` and ``balance-rest``
    findings of each travelling teammate, from their own events.
    """
    trip = timeline.trip
    who = [traveller] if traveller is not None else timeline.travellers
    own = {t: _day_balances(timeline, t) for t in who}
    days, outings = own[who[0]]
    n = len(days)
    sums = {c: sum(d.seconds[c] for d in days) for c in CATEGORIES}
    units = culture_units([d.day for d in days], trip.stops, trip.targets.culture_min_days)
    missing = [(first, last) for first, last, _ in units if not any(d.culture for d in days if first <= d.day <= last)]
    culture_part = 1 - len(missing) / len(units) if units else 1
    value = (100 - CULTURE_WEIGHT) * sum(d.score for d in days) / (100 * n) + CULTURE_WEIGHT * culture_part
    balance = Balance(days, sums, sum(d.scheduled for d in days), sum(d.awake for d in days), outings, bool(units),
                      round(value), [], missing, who[0])
    balance.findings = balance_findings(balance, timeline, {t: d for t, (d, _) in own.items()}, units)
    # A balance warning (a teammate's too) is a target missed: the score cannot say 100 beside it.
    balance.score = shown_score(value, not balance.findings)
    return balance


def _culture(timeline: Timeline, starts: list[int], ends: list[int], categories: list[int],
             traveller: str) -> tuple[set[date], int]:
    """Trip days with a cultural outing (timed or all-day, at any hour) and the number of outings.

    A timed outing marks the trip days its instants touch; an all-day one its
    own dates (a range of dates in its zone, like the agenda shows it).  Only
    the occurrences given count, and the all-day outings *traveller* attends.
    """
    spans = timeline.days
    first, last = spans[0].midnight, spans[-1].next_midnight
    midnights = [d.midnight for d in spans]
    days: set[date] = set()
    outings = 0
    for i, c in enumerate(categories):
        if c != CULTURE:
            continue
        start, end = starts[i], ends[i]
        if end <= first or start >= last:
            continue
        outings += 1
        j = max(0, bisect_right(midnights, start) - 1)
        while j < len(spans) and spans[j].midnight < end:
            days.add(spans[j].day)
            j += 1
    for slot in timeline.all_day:
        if KIND_INDEX[slot.event.kind] != CULTURE or traveller not in timeline.trip.travellers_at(slot.event):
            continue
        lo = max(slot.begins.date(), spans[0].day)
        hi = min(max(slot.ends.date(), slot.begins.date() + timedelta(days=1)), spans[-1].day + timedelta(days=1))
        if lo < hi:
            outings += 1
            days.update(lo + timedelta(days=k) for k in range((hi - lo).days))
    return days, outings
