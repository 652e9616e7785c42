"""A small adapter between the TUI and the planning core (balance and checks).

The planning package (``tripplan.planning``) may be missing or changing; the
TUI must work either way.  Everything it needs goes through here: hours per
category per day come from the planning balance when it answers, else from
the day map (always available); warnings, day scores and the trip score come
from the planning checks when they answer, else there are none.  Any failure
inside the planning code degrades to "no warnings" instead of breaking the
timetable.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tripplan.model import Category, Trip
from tripplan.tui.daymap import DayMap

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


def report(trip: Trip) -> Report:
    """Balance and checks from the planning core, or an empty report when it cannot answer."""
    try:
        checks = importlib.import_module("tripplan.planning.checks")
    except Exception:
        return Report()
    # Looked up by name: the planning API is still settling, and a rename must not break the TUI.
    run = next((f for name in ("analyse", "check_trip") if callable(f := getattr(checks, name, None))), None)
    if run is None:
        return Report()
    try:
        parts = run(trip)
        balance = next(p for p in parts if hasattr(p, "days") and hasattr(p, "score"))
        findings = next(p for p in parts if isinstance(p, list))
        return _convert(balance, findings)
    except Exception:  # another team's moving target: never let it break the timetable
        return Report()


def _convert(balance: Any, findings: list[Any]) -> Report:
    warnings = [TripWarning(str(f.message), f.day if isinstance(f.day, date) else None, str(f.code))
                for f in findings[:MAX_WARNINGS]]
    per_day: dict[date, dict[Category, float]] = {}
    scores: dict[date, int] = {}
    for day in getattr(balance, "days", []):
        seconds = getattr(day, "seconds", {})
        per_day[day.day] = {c: seconds.get(c, 0) / 3600 for c in Category}
        scores[day.day] = int(day.score)
    score = getattr(balance, "score", None)
    return Report(warnings, per_day, scores, int(score) if score is not None else None, True)
