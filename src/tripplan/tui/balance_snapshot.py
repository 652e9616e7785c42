"""A small adapter between the TUI and the planning core (balance and checks).

Hours per category per day come from the planning balance when it has run,
else from the day map (always available); warnings, day scores and the trip
score come from the planning checks.  The checks run in a worker thread on
a :func:`snapshot` of the trip taken on the UI thread, so an edit made
meanwhile never reaches the thread half-made.  A failure inside the
planning code is a bug: :func:`report` lets it through, and the screens
show it as an error notification (:func:`planning_failed`) and log it,
instead of quietly showing no warnings.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from tripplan.trip.model import Category, Trip
from tripplan.tui.daymap import DayMap

if TYPE_CHECKING:
    from tripplan.planning.balance import Balance
    from tripplan.planning.findings import Finding

# The bar shows a handful, the day list marks days: a screenful is plenty (findings are lazy).
MAX_WARNINGS = 300


@dataclass(frozen=True)
class TripWarning:
    """One plain-language warning, and the day it points at (if any)."""

    text: str
    day: date | None = None
    code: str = ""


@dataclass(frozen=True)
class Report:
    """What the planning core says about a trip (empty when it is unavailable)."""

    warnings: list[TripWarning] = field(default_factory=list)
    hours: dict[date, dict[Category, float]] = field(default_factory=dict)
    day_scores: dict[date, int] = field(default_factory=dict)
    score: int | None = None
    available: bool = False


def hours(daymap: DayMap, day: date, report: Report | None = None) -> dict[Category, float]:
    """Hours per category on *day*: the planning balance's awake hours if known, else scheduled hours."""
    if report is not None and day in report.hours:
        return report.hours[day]
    plan = daymap.plan(day)
    return {c: plan.hours(c) for c in Category}


def snapshot(trip: Trip) -> Trip:
    """A copy of *trip* for a worker thread, taken on the UI thread: later edits never reach it.

    Edits change the trip's lists in place and swap whole values in them (events
    are frozen; people, objectives, follow-ups and stops are replaced, never
    changed in place — see ``tripplan.edit.session.RecordChange``), so new lists and copies of
    the settings records are enough: 0.02 ms on a 3,000-event trip, where a deep
    copy takes ~120 ms, which the UI thread would spend on every edit.
    """
    fresh: dict[str, Any] = {}
    for spec in dataclasses.fields(trip):
        value = getattr(trip, spec.name)
        if isinstance(value, list):
            value = list(value)
        elif isinstance(value, dict):
            value = dict(value)
        elif dataclasses.is_dataclass(value):  # the settings records (working hours, targets, …)
            value = copy.copy(value)
        fresh[spec.name] = value
    return dataclasses.replace(trip, **fresh)


def report(trip: Trip) -> Report:
    """Balance and checks from the planning core (its errors are not caught here: they are bugs)."""
    from tripplan.planning.checks import analyse

    _, balance, findings = analyse(trip)
    return _convert(balance, findings)


# What each app last said failed: the checks run again after every edit and in the balance view, and one
# bug is one notice.
_told: weakref.WeakKeyDictionary[object, str] = weakref.WeakKeyDictionary()


def planning_failed(owner: object, notify: Callable[..., object], error: Exception) -> None:
    """Log the traceback of a failure of the planning checks, and say it (an error notification through
    *notify*) unless *owner* (the app) said the same last time."""
    logging.getLogger("tripplan.tui").error("the planning checks failed", exc_info=error)
    text = f"{type(error).__name__}: {error}"
    if _told.get(owner) == text:
        return
    _told[owner] = text
    notify(f"{text}\nThe timetable works; the balance and warnings are not shown.",
           title="The planning checks failed (a bug in tripplan)", severity="error", timeout=20)


def _convert(balance: Balance, findings: list[Finding]) -> Report:
    warnings = [TripWarning(f.message, f.day, f.code) for f in findings[:MAX_WARNINGS]]
    per_day = {day.day: {c: day.seconds.get(c, 0) / 3600 for c in Category} for day in balance.days}
    scores = {day.day: int(day.score) for day in balance.days}
    return Report(warnings, per_day, scores, int(balance.score), True)
