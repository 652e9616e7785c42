"""The suggestion planner: what one proposal is, and how proposals are placed in a day's free slots.

:class:`Planner` keeps which of the trip's ideas were used and what each day
already holds; :func:`proposals_for` is what the balance warnings ask it
(``tripplan.planning.balance_warnings``), and :func:`tripplan.planning.suggest.suggest`
runs it over a whole trip.  It builds on the day balances
(:mod:`tripplan.planning.day_balance`), not on the balance computation, so the
warnings can name its proposals without an import cycle.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tripplan.planning.catalogue import catalogue, timing
from tripplan.planning.day_balance import Balance, DayBalance, work_text
from tripplan.planning.findings import day_label, hours, percent, span
from tripplan.planning.slots import DayPlan
from tripplan.planning.timeline import Timeline
from tripplan.trip.model import Category, Event, Idea, IdeaTiming, Kind, Trip, new_id

# At most this many bonding proposals on one day: a plan, not a party.
MAX_BONDING_PER_DAY = 2


@dataclass(frozen=True)
class Suggestion:
    """One proposed activity, with why it is proposed and where the idea came from.

    ``start_utc`` and ``end_utc`` are its instants (aware, UTC; compare and
    subtract these), ``tz`` the zone of the day's stop it is proposed in;
    :attr:`local_start` and :attr:`local_end` are the wall times, for display.
    """

    day: date
    start_utc: datetime
    end_utc: datetime
    tz: ZoneInfo
    title: str
    kind: Kind
    location: str
    notes: str
    reason: str
    source: str  # "trip idea" or "catalogue"

    def __post_init__(self) -> None:
        for name in ("start_utc", "end_utc"):
            moment = getattr(self, name)
            if moment.utcoffset() is None:
                raise TypeError(f"Suggestion.{name} must be an aware datetime, not {moment!r}")
            if moment.tzinfo is not UTC:
                object.__setattr__(self, name, moment.astimezone(UTC))

    @property
    def local_start(self) -> datetime:
        """The start as wall time in the zone of the day's stop (aware, with the right fold)."""
        return self.start_utc.astimezone(self.tz)

    @property
    def local_end(self) -> datetime:
        """The end as wall time in the zone of the day's stop (aware, with the right fold)."""
        return self.end_utc.astimezone(self.tz)

    # The wall times under their short names, for display code.
    start = local_start
    end = local_end

    @property
    def duration(self) -> timedelta:
        """Elapsed time."""
        return self.end_utc - self.start_utc

    def to_event(self) -> Event:
        """The event that ``--apply`` adds (a fresh id), in the zone of the day's stop."""
        return Event.timed(id=new_id(), title=self.title, kind=self.kind, start=self.start_utc, end=self.end_utc,
                           tz=self.tz, end_tz=self.tz, location=self.location, notes=self.notes)

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form documented in docs/planning.md."""
        return {"day": self.day.isoformat(), "start": self.local_start.isoformat(),
                "end": self.local_end.isoformat(), "title": self.title, "kind": self.kind.value,
                "category": self.kind.category.value, "location": self.location, "notes": self.notes,
                "reason": self.reason, "source": self.source}


def _utc(instant: int) -> datetime:
    return datetime.fromtimestamp(instant, UTC)


class Planner:
    """Proposals for one trip; keeps which ideas were used and what each day holds."""

    def __init__(self, trip: Trip, timeline: Timeline, balance: Balance, days: list[DayBalance]) -> None:
        self.trip, self.timeline, self.balance, self.days = trip, timeline, balance, days
        spans = {s.day: s for s in timeline.days}
        self.plans = {d.day: DayPlan(timeline, spans[d.day], timeline.longest) for d in days}
        self.used: set[int] = set()  # indices of the trip's ideas already proposed
        self.used_today: dict[date, set[str]] = {d.day: set() for d in days}
        self.found: list[Suggestion] = []

    def candidates(self, day: date, category: Category) -> list[tuple[int | None, Idea]]:
        """The trip's unused ideas of *category*, then the catalogue's unused ones for *day*."""
        own: list[tuple[int | None, Idea]] = [(i, idea) for i, idea in enumerate(self.trip.ideas)
                                              if i not in self.used and idea.kind.category is category]
        return own + [(None, idea) for idea in catalogue(category) if idea.title not in self.used_today[day]]

    def ranges(self, day: DayBalance, when: IdeaTiming) -> list[tuple[int, int]]:
        """The parts of *day* an idea with this timing may use, best first."""
        plan, hours_ = self.plans[day.day], self.trip.working_hours_on(day.day)
        work_start, work_end = plan.at(hours_.start), plan.at(hours_.end)
        if when is IdeaTiming.MEAL:
            return [w for w in reversed(plan.meal_windows) if plan.meal_free(w)]  # dinner first
        if when is IdeaTiming.WORK_HOURS:
            return [(work_start, work_end)]
        workday = day.seconds[Category.WORK] + day.seconds[Category.NETWORKING] > 0
        if when is IdeaTiming.OFF_HOURS:
            # After work on a working day (drinks at 07:00 help nobody); from the usual start on a free day.
            return [(work_end if workday else work_start, plan.hi)]
        return [(work_start, plan.hi), (plan.lo, work_start)]

    def try_place(self, day: DayBalance, category: Category, reason: str, *, minutes: int | None = None,
                  ranges: list[tuple[int, int]] | None = None) -> Suggestion | None:
        """Place the first candidate of *category* that fits; record and return it."""
        plan = self.plans[day.day]
        for index, idea in self.candidates(day.day, category):
            if minutes is not None:
                idea = dataclasses.replace(idea, minutes=max(idea.minutes, minutes))
            when = timing(idea)
            slot = plan.place(idea, ranges if ranges is not None else self.ranges(day, when),
                              meal=when is IdeaTiming.MEAL)
            if slot is None:
                continue
            plan.add(*slot, idea)
            if index is not None:
                self.used.add(index)
            else:
                self.used_today[day.day].add(idea.title)
            found = Suggestion(day.day, _utc(slot[0]), _utc(slot[1]), self.trip.zone_on(day.day), idea.title, idea.kind,
                               idea.location, idea.notes, reason, "trip idea" if index is not None else "catalogue")
            self.found.append(found)
            return found
        return None

    def bonding(self, day: DayBalance) -> None:
        """Meals and outings until the day reaches its bonding share (at most two)."""
        target = self.trip.targets.bonding_share
        if not day.bonding_applies or target <= 0:
            return
        bonding, scheduled = day.seconds[Category.BONDING], day.scheduled
        for _ in range(MAX_BONDING_PER_DAY):
            if scheduled and bonding / scheduled >= target:
                return
            now = ("no bonding time" if not bonding
                   else f"bonding at {percent(bonding / scheduled, target)} of scheduled time")
            placed = self.try_place(day, Category.BONDING, "")
            if placed is None:
                return
            length = int(placed.duration.total_seconds())  # elapsed: a proposal may span a DST change
            bonding, scheduled = bonding + length, scheduled + length
            reason = (f"{day_label(day.day)} has {work_text(day)} and {now} (target "
                      f"{percent(target)}); this brings bonding to {percent(bonding / scheduled, target)}.")
            self.found[-1] = dataclasses.replace(placed, reason=reason)

    def culture(self, missing: list[tuple[date, date]] | None = None) -> None:
        """One cultural outing for the trip, or for each stop long enough, that needs one: on its freest day."""
        targets = self.trip.targets
        for first, last in self.balance.culture_missing if missing is None else missing:
            stretch = [d for d in self.days if first <= d.day <= last]
            order = sorted(stretch, key=lambda d: (-max((b - a for a, b in d.free), default=0), d.day))
            whole = (first, last) == (self.trip.start, self.trip.end)
            city = self.trip.stop_on(first).city or self.trip.zone_on(first).key
            for day in order:
                if whole:
                    reason = (f"The trip has no cultural outing (target: one on trips of {targets.culture_min_days} "
                              f"days or more); {day_label(day.day)} has the most free time.")
                else:
                    reason = (f"The stop in {city} has no cultural outing (target: one in each stop of "
                              f"{targets.culture_min_days} days or more); {day_label(day.day)} has the most free "
                              "time there.")
                if self.try_place(day, Category.CULTURE, reason):
                    break

    def rest(self, day: DayBalance) -> None:
        """Block the day's only long break as rest, so it stays free."""
        plan, need = self.plans[day.day], self.trip.targets.rest_minutes_min * 60
        if not need or day.seconds[Category.REST]:
            return
        lo, hi = plan.longest_free(plan.lo, plan.hi, None, breaks=True)
        if not need <= hi - lo < 2 * need:
            return
        tz = self.trip.zone_on(day.day)
        stretch = span(self.timeline.local(lo, tz), self.timeline.local(hi, tz))
        reason = (f"{day_label(day.day)}: the only break of {hours(need)} or more is {stretch}; block it so it "
                  "stays free.")
        self.try_place(day, Category.REST, reason, minutes=need // 60, ranges=[(lo, hi)])


def proposals_for(timeline: Timeline, balance: Balance, days: list[DayBalance], *, bonding: bool = False,
                  culture: tuple[date, date] | None = None) -> list[Suggestion]:
    """What :func:`suggest` proposes on *days* for bonding, or for the culture stretch *culture* (first, last).

    The balance warnings name these (``tripplan.planning.balance_warnings``),
    so a warning never points at a slot the suggestions cannot use.
    """
    planner = Planner(timeline.trip, timeline, balance, days)
    if bonding:
        for day in days:
            planner.bonding(day)
    if culture is not None:
        planner.culture([culture])
    return planner.found

