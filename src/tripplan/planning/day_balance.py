"""What a balance is: one day's hours, free slots and score, and the whole trip's (the data, not the sums).

These are shared by the balance computation (:mod:`tripplan.planning.balance`),
its warnings (:mod:`tripplan.planning.balance_warnings`) and the suggestion
planner (:mod:`tripplan.planning.proposals`); keeping them in this leaf lets
the warnings name the planner's proposals without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from tripplan.planning.findings import Finding, hours
from tripplan.trip.model import Category


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
    # The stretches of days (first, last) that still need a cultural outing: the trip, or each stop long enough.
    culture_missing: list[tuple[date, date]] = field(default_factory=list)
    traveller: str = ""  # whose balance it is (a traveller id; "" is the unnamed traveller of an old trip)

    @property
    def bonding_share(self) -> float | None:
        """Bonding time as a share of all scheduled time of the trip."""
        return self.seconds[Category.BONDING] / self.scheduled if self.scheduled else None


def work_text(day: DayBalance) -> str:
    """"9 h of work", or "9 h of work and networking" when the day has both."""
    work, networking = day.seconds[Category.WORK], day.seconds[Category.NETWORKING]
    if work and networking:
        return f"{hours(work + networking)} of work and networking"
    return f"{hours(work + networking)} of {'work' if work or not networking else 'networking'}"
