"""Where each trip day and each instant happens: the stops' zones as instants, worked out once per timeline.

A trip day belongs to its stop (``trip.stop_on``) and is read in that stop's
zone.  Days are contiguous instants: a day begins at the earlier of its own
midnight and its midnight in the previous day's zone, so going east the
hour both stops claim is the new stop's, and going west the hour neither
claims stays the old stop's day in name (as ``trip.day_of`` says).  The
zone of an instant switches at the next stop's own midnight
(``trip.zone_at``).  A trip has a handful of stops: a bisect over their
boundaries answers for each of a hundred thousand findings.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tripplan.time.zones import day_start, instant
from tripplan.trip.model import Trip


def epoch(moment: datetime) -> int:
    """Whole seconds since 1970 of one aware datetime."""
    return int(moment.timestamp())


def wall_instant(day: date, moment: time, tz: ZoneInfo) -> int:
    """Seconds since 1970 of the wall time *moment* on *day* in *tz* (:func:`tripplan.time.zones.instant`).

    A time in a gap is the real instant it names, a repeated one its first pass.
    """
    return epoch(instant(datetime.combine(day, moment), tz))


@dataclass(frozen=True, slots=True)
class DaySpan:
    """One trip day: its calendar span and its awake window, as instants in seconds, and its stop's zone."""

    day: date
    midnight: int
    next_midnight: int
    lo: int
    hi: int
    tz: ZoneInfo


class StopZones:
    """The zone of each instant and the span of each day of a trip, from its stops."""

    def __init__(self, trip: Trip) -> None:
        stops = trip.stops
        self.zones = [s.tz for s in stops]
        # The instants where the next stop's zone takes over: its first midnight, in its own zone.
        self.bounds = [epoch(day_start(s.first, s.tz)) for s in stops[1:]]
        self.single = self.zones[0] if len(self.zones) == 1 else None

    def zone_at(self, moment: int) -> ZoneInfo:
        """The zone of the stop the traveller is at at the instant *moment* (seconds)."""
        if self.single is not None:
            return self.single
        return self.zones[bisect_right(self.bounds, moment)]

    def local(self, moment: int) -> datetime:
        """An instant as an aware datetime in the zone of the stop it happens at."""
        return datetime.fromtimestamp(moment, self.zone_at(moment))


def day_spans(trip: Trip) -> list[DaySpan]:
    """Every trip day with its calendar span and awake window (``trip.day_window_on``), in its stop's zone."""
    days = trip.days
    zones = [trip.zone_on(d) for d in days]
    midnights = []
    for j, (day, tz) in enumerate(zip(days, zones, strict=True)):
        own = epoch(day_start(day, tz))
        before = zones[j - 1] if j else tz
        midnights.append(own if before is tz else min(own, epoch(day_start(day, before))))
    after = days[-1] + timedelta(days=1)
    midnights.append(epoch(day_start(after, zones[-1])))
    spans = []
    for j, (day, tz) in enumerate(zip(days, zones, strict=True)):
        window = trip.day_window_on(day)
        midnight, next_midnight = midnights[j], midnights[j + 1]
        # An end of 00:00 is the end of the day: the first instant of the next one.  On the day of a move
        # east the next day may begin before the window ends (23:30 in Singapore is 00:30 in Tokyo): the
        # window stops there, so no instant counts on two days.
        hi = next_midnight if window.end == time(0) else min(wall_instant(day, window.end, tz), next_midnight)
        lo = min(wall_instant(day, window.start, tz), hi)
        spans.append(DaySpan(day, midnight, next_midnight, lo, hi, tz))
    return spans
