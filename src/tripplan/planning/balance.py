"""Balance: hours per category per day and for the whole trip, against the trip's targets.

Only the awake window of each day counts (``[trip.day_window]``, destination
time).  An occurrence is clipped to each window it touches, so an event
crossing midnight is split between the two days; overlapping events of one
category count once (their union), and the "scheduled" time is the union of
all events.  All-day events are day markers (a conference pass, a holiday):
like calendar programs, tripplan gives them no hours.  One sort and one sweep:
``n log n`` for ``n`` occurrences.  The score is defined in docs/planning.md.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from tripplan.model import Category, Targets
from tripplan.planning.findings import Finding, day_label, hours, percent, span
from tripplan.planning.timeline import CATEGORIES, CULTURE, KIND_INDEX, REST, Timeline, epoch, wall_instant

# The bonding target applies to days with at least this much work or networking:
# a travel day or a free Sunday is not "all work and no bonding".
WORKING_DAY_SECONDS: Final = 3600
# A free slot shorter than this is not worth pointing at.
MENTION_SECONDS: Final = 30 * 60
# Score weights (docs/planning.md): bonding 40, work limit 30, rest 30; culture 10 % of the trip score.
WEIGHTS: Final = {"bonding": 40, "work": 30, "rest": 30}
CULTURE_WEIGHT: Final = 10
# Each hour over the work limit costs a quarter of the work part of the score.
OVERTIME_PENALTY_PER_HOUR: Final = 0.25


@dataclass
class DayBalance:
    """The balance of one trip day (all durations in seconds, instants in POSIX seconds)."""

    day: date
    window: tuple[datetime, datetime]
    seconds: dict[Category, int]
    scheduled: int
    free: list[tuple[int, int]]
    longest_break: tuple[int, int] | None
    culture: bool
    bonding_applies: bool
    parts: dict[str, float]
    score: int

    @property
    def awake(self) -> int:
        """Length of the awake window in seconds, measured as instants (a DST day may have 23 or 25 h)."""
        # Subtracting two datetimes of one zone gives wall-clock time: compare instants instead.
        return int(self.window[1].timestamp() - self.window[0].timestamp())

    @property
    def bonding_share(self) -> float | None:
        """Bonding time as a share of scheduled time; ``None`` when nothing is scheduled."""
        return self.seconds[Category.BONDING] / self.scheduled if self.scheduled else None

    @property
    def break_seconds(self) -> int:
        """Length of the longest stretch with nothing but free time or rest."""
        return self.longest_break[1] - self.longest_break[0] if self.longest_break else 0


@dataclass
class Balance:
    """The balance of a whole trip: its days, totals, score and warnings."""

    days: list[DayBalance]
    seconds: dict[Category, int]
    scheduled: int
    awake: int
    culture_outings: int
    culture_required: bool
    score: int
    findings: list[Finding]

    @property
    def bonding_share(self) -> float | None:
        """Bonding time as a share of all scheduled time of the trip."""
        return self.seconds[Category.BONDING] / self.scheduled if self.scheduled else None


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


def day_score(parts: dict[str, float]) -> int:
    """The 0–100 score of a day from its parts."""
    return round(sum(WEIGHTS[name] * value for name, value in parts.items()))


def _clip(gaps: list[tuple[int, int]], window: tuple[int, int]) -> list[tuple[int, int]]:
    """The parts of *gaps* inside *window*, empty ones dropped."""
    lo, hi = window
    return [(max(a, lo), min(b, hi)) for a, b in gaps if min(b, hi) > max(a, lo)]


def compute_balance(timeline: Timeline) -> Balance:
    """Balance of the trip behind *timeline*: per day, totals, score and ``balance-*`` findings."""
    trip, spans = timeline.trip, timeline.days
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
    for s, e, ci in zip(timeline.start, timeline.end, timeline.category, strict=True):
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
    culture_days, outings = _culture(timeline)
    days: list[DayBalance] = []
    for j, span_ in enumerate(spans):
        seconds = {c: totals[j * width + ci] + piece_hi[j * width + ci] - piece_lo[j * width + ci]
                   for ci, c in enumerate(CATEGORIES)}
        if busy_hi[j] < span_.hi:
            free[j].append((busy_hi[j], span_.hi))
        if span_.hi > work_hi[j]:
            breaks[j].append((work_hi[j], span_.hi))
        scheduled = span_.hi - span_.lo - sum(b - a for a, b in free[j])
        # Before landing and after taking off again the time is not free at the destination.
        here = timeline.free_window(span_)
        free[j] = _clip(free[j], here)
        longest = max(_clip(breaks[j], here), key=lambda g: g[1] - g[0], default=None)
        applies = seconds[Category.WORK] + seconds[Category.NETWORKING] >= WORKING_DAY_SECONDS
        parts = score_parts(seconds[Category.WORK], seconds[Category.BONDING], scheduled, applies,
                            longest[1] - longest[0] if longest else 0, trip.targets)
        window = (timeline.local(span_.lo), timeline.local(span_.hi))
        days.append(DayBalance(span_.day, window, seconds, scheduled, free[j], longest, span_.day in culture_days,
                               applies, parts, day_score(parts)))
    sums = {c: sum(d.seconds[c] for d in days) for c in CATEGORIES}
    required = 0 < trip.targets.culture_min_days <= n
    culture_part = 1 if outings or not required else 0
    score = round((100 - CULTURE_WEIGHT) * sum(d.score for d in days) / (100 * n) + CULTURE_WEIGHT * culture_part)
    balance = Balance(days, sums, sum(d.scheduled for d in days), sum(d.awake for d in days), outings, required,
                      score, [])
    balance.findings = _findings(balance, timeline)
    return balance


def _culture(timeline: Timeline) -> tuple[set[date], int]:
    """Trip days with a cultural outing (timed or all-day, at any hour) and the number of outings.

    A timed outing marks the destination days its instants touch; an all-day
    one its own dates (a range of dates in its zone, like the agenda shows it).
    """
    spans = timeline.days
    first, last = spans[0].midnight, spans[-1].next_midnight
    starts = [d.midnight for d in spans]
    days: set[date] = set()
    outings = 0
    for i, c in enumerate(timeline.category):
        if c != CULTURE:
            continue
        start, end = timeline.start[i], timeline.end[i]
        if end <= first or start >= last:
            continue
        outings += 1
        j = max(0, bisect_right(starts, start) - 1)
        while j < len(spans) and spans[j].midnight < end:
            days.add(spans[j].day)
            j += 1
    for slot in timeline.all_day:
        if KIND_INDEX[slot.event.kind] != CULTURE:
            continue
        lo = max(slot.begins.date(), spans[0].day)
        hi = min(max(slot.ends.date(), slot.begins.date() + timedelta(days=1)), spans[-1].day + timedelta(days=1))
        if lo < hi:
            outings += 1
            days.update(lo + timedelta(days=k) for k in range((hi - lo).days))
    return days, outings


def evening_slot(day: DayBalance, timeline: Timeline) -> tuple[int, int] | None:
    """The free slot to point at for bonding: the longest after working hours, else the longest."""
    after_work = wall_instant(day.day, timeline.trip.working_hours.end, timeline.trip.timezone)
    evening = [(max(a, after_work), b) for a, b in day.free if b - max(a, after_work) >= MENTION_SECONDS]
    candidates = evening or [(a, b) for a, b in day.free if b - a >= MENTION_SECONDS]
    return max(candidates, key=lambda g: g[1] - g[0]) if candidates else None


def _free_text(slot: tuple[int, int] | None, timeline: Timeline) -> str:
    if slot is None:
        return "no free slot of 30 min is left — move or shorten a meeting to make room"
    return f"{span(timeline.local(slot[0]), timeline.local(slot[1]))} is free"


def work_text(day: DayBalance) -> str:
    """"9 h of work", or "9 h of work and networking" when the day has both."""
    work, networking = day.seconds[Category.WORK], day.seconds[Category.NETWORKING]
    if work and networking:
        return f"{hours(work + networking)} of work and networking"
    return f"{hours(work + networking)} of {'work' if work or not networking else 'networking'}"


def _work(day: DayBalance) -> str:
    work = day.seconds[Category.WORK]
    return f"{hours(work)} of work" if work else "no work"


def _findings(balance: Balance, timeline: Timeline) -> list[Finding]:
    targets = timeline.trip.targets
    found: list[Finding] = []
    limit = int(targets.work_hours_max * 3600)
    for day in balance.days:
        label, at = day_label(day.day), day.window[0]
        sort_at = epoch(at)
        work, bonding = day.seconds[Category.WORK], day.seconds[Category.BONDING]
        if work > limit:
            lighter = [d for d in balance.days if d is not day and d.seconds[Category.WORK] + 3600 <= limit]
            lightest = min(lighter, key=lambda d: (d.seconds[Category.WORK], d.day), default=None)
            where = (f"move a meeting to {day_label(lightest.day)} ({_work(lightest)}) or shorten one"
                     if lightest else "shorten or drop a meeting")
            text = f"{label}: {hours(work)} of work, over the {hours(limit)} limit; {where}."
            found.append(Finding.of("balance-work", day.day, at, text, instant=sort_at))
        share = day.bonding_share or 0.0
        if day.bonding_applies and targets.bonding_share > 0 and share < targets.bonding_share:
            free = _free_text(evening_slot(day, timeline), timeline)
            if bonding == 0:
                text = f"{label}: {work_text(day)} and no bonding time; {free}."
            else:
                text = (f"{label}: {hours(bonding)} of bonding is {percent(share)} of the scheduled "
                        f"{hours(day.scheduled)} (target {percent(targets.bonding_share)}); {free}.")
            found.append(Finding.of("balance-bonding", day.day, at, text, instant=sort_at))
        need = targets.rest_minutes_min * 60
        if need and day.break_seconds < need:
            window = span(*day.window)
            if day.longest_break:
                longest = (f"the longest is {hours(day.break_seconds)}, "
                           f"{span(timeline.local(day.longest_break[0]), timeline.local(day.longest_break[1]))}")
            else:
                longest = "there is no break at all"
            text = (f"{label}: no free or rest block of {hours(need)} between {window} ({longest}); "
                    "shorten or move an event to make room.")
            found.append(Finding.of("balance-rest", day.day, at, text, instant=sort_at))
    if balance.culture_required and not balance.culture_outings:
        best = max(balance.days, key=lambda d: (max((b - a for a, b in d.free), default=0), -d.day.toordinal()))
        slot = max(best.free, key=lambda g: g[1] - g[0], default=None)
        hint = (f"{day_label(best.day)} has {span(timeline.local(slot[0]), timeline.local(slot[1]))} free"
                if slot and slot[1] - slot[0] >= MENTION_SECONDS else "make room for one")
        text = (f"No cultural outing in {len(balance.days)} days (target: one on trips of "
                f"{targets.culture_min_days} days or more); {hint} — 'tripplan suggest' proposes one.")
        found.append(Finding.of("balance-culture", None, None, text))
    return found
