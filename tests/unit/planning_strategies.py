"""Hypothesis strategies for the planning parts of a trip file (used by the round-trip property test)."""

from __future__ import annotations

from datetime import time
from typing import Any

from hypothesis import strategies as st

from tripplan.files.planning_section import place_key
from tripplan.trip.model import DayWindow, Idea, IdeaTiming, Kind, MealTimes, Targets, TravelTime

_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
_place = _text.filter(lambda s: place_key(s) != "")
_minute_of_day = st.integers(0, 24 * 60 - 1)


def _clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


@st.composite
def day_windows(draw: st.DrawFn) -> DayWindow:
    """A valid day window; sometimes ending at midnight ("24:00")."""
    start = draw(st.integers(0, 23 * 60))
    if draw(st.booleans()):
        return DayWindow(_clock(start), time(0))
    return DayWindow(_clock(start), _clock(draw(st.integers(start + 1, 24 * 60 - 1))))


@st.composite
def meal_times(draw: st.DrawFn) -> MealTimes:
    """Valid lunch and dinner windows."""
    bounds = []
    for _ in range(2):
        start = draw(st.integers(0, 24 * 60 - 2))
        bounds.append((_clock(start), _clock(draw(st.integers(start + 1, 24 * 60 - 1)))))
    return MealTimes(bounds[0][0], bounds[0][1], bounds[1][0], bounds[1][1])


targets = st.builds(
    Targets, bonding_share=st.floats(0, 1), work_hours_max=st.floats(0.25, 24),
    rest_minutes_min=st.integers(0, 1440), culture_min_days=st.integers(0, 366),
    followup_days_after=st.integers(0, 365), travel_minutes_default=st.integers(0, 1440),
    jet_lag_hours=st.floats(0, 26) | st.integers(0, 26).map(float))


@st.composite
def travel_times(draw: st.DrawFn) -> list[TravelTime]:
    """Routes between different places, each route once."""
    routes: list[TravelTime] = []
    seen: set[tuple[str, str]] = set()
    for _ in range(draw(st.integers(0, 3))):
        origin, destination = draw(_place), draw(_place)
        key = (place_key(origin), place_key(destination))
        if key[0] != key[1] and key not in seen:
            seen.add(key)
            routes.append(TravelTime(origin, destination, draw(st.integers(0, 1440))))
    return routes


ideas = st.builds(Idea, title=_text.filter(lambda s: s.strip() != ""), kind=st.sampled_from(list(Kind)),
                  minutes=st.integers(5, 720), location=_text, notes=_text, when=st.sampled_from(list(IdeaTiming)))


@st.composite
def planning_sections(draw: st.DrawFn) -> dict[str, Any]:
    """Keyword arguments for ``Trip``: each planning part is left at its default about half the time."""
    def maybe(strategy: st.SearchStrategy[Any], default: Any) -> Any:
        return draw(strategy) if draw(st.booleans()) else default

    return {"day_window": maybe(day_windows(), DayWindow()), "meals": maybe(meal_times(), MealTimes()),
            "targets": maybe(targets, Targets()), "travel_times": maybe(travel_times(), []),
            "ideas": maybe(st.lists(ideas, max_size=3), [])}
