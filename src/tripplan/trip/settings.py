"""The trip's day settings and targets: working hours, awake window, meal times, targets, travel times, stops.

A :class:`Stop` (one city of the trip) may give its own working hours, meal
times and day window over the trip's.  Plain dataclasses, part of the trip
model (:mod:`tripplan.trip.model` re-exports every name).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo


@dataclass
class WorkingHours:
    """The trip's working day, in destination wall time."""

    start: time = time(9, 0)
    end: time = time(18, 0)


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
