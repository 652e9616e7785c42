"""The planning parts of a trip file: decoding with located problems, and encoding.

``[trip.day_window]``, ``[trip.meals]``, ``[trip.targets]``, ``[[travel_times]]``
and ``[[ideas]]`` are all optional.  Defaults are left out when writing, so a
trip that uses none of them keeps exactly the bytes it had before they
existed.  This module is on the trip-loading path (also for ``today`` after an
edit): it imports only the standard library and the model.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, fields
from datetime import time
from typing import TYPE_CHECKING, Any

from tripplan.trip.model import DayWindow, Idea, IdeaTiming, MealTimes, Targets, TravelTime, Trip, parse_kind

if TYPE_CHECKING:
    from tripplan.files.decoder import Decoder

TRIP_PLANNING_KEYS = {"day_window", "meals", "targets"}
TOP_PLANNING_KEYS = {"travel_times", "ideas"}
TRAVEL_KEYS = {"from", "to", "minutes"}
IDEA_KEYS = {"title", "kind", "minutes", "location", "notes", "when"}

_CLOCK = re.compile(r"([01]\d|2[0-3]|24):([0-5]\d)")
_RANGE = re.compile(r"\s*(\d\d:\d\d)\s*[-–]\s*(\d\d:\d\d)\s*")

# Each target: (kind, lowest, highest, how it is described in a message).
_TARGET_RULES: dict[str, tuple[type, float, float, str]] = {
    "bonding_share": (float, 0.0, 1.0, "a share from 0 to 1, like 0.15 for 15 %"),
    "work_hours_max": (float, 0.25, 24.0, "a number of hours from 0.25 to 24"),
    "rest_minutes_min": (int, 0, 1440, "a whole number of minutes from 0 to 1440"),
    "culture_min_days": (int, 0, 366, "a whole number of days from 0 (off) to 366"),
    "followup_days_after": (int, 0, 365, "a whole number of days from 0 to 365"),
    "travel_minutes_default": (int, 0, 1440, "a whole number of minutes from 0 to 1440"),
    "jet_lag_hours": (float, 0.0, 26.0, "a number of hours from 0 to 26"),
}


def place_key(place: str) -> str:
    """How places are compared: case, accents kept, spacing and capitals ignored."""
    return " ".join(place.casefold().split())


@dataclass
class PlanningSections:
    """The planning parts of one trip file, decoded."""

    day_window: DayWindow = field(default_factory=DayWindow)
    meals: MealTimes = field(default_factory=MealTimes)
    targets: Targets = field(default_factory=Targets)
    travel_times: list[TravelTime] = field(default_factory=list)
    ideas: list[Idea] = field(default_factory=list)

    def apply_to(self, trip: Trip) -> None:
        """Store the sections in *trip*."""
        trip.day_window, trip.meals, trip.targets = self.day_window, self.meals, self.targets
        trip.travel_times, trip.ideas = self.travel_times, self.ideas


def _clock(dec: Decoder, table: dict[str, Any], key: str, path: str, *, midnight_end: bool) -> time | None:
    """An "HH:MM" value; "24:00" (stored as 00:00) only where it can end a day."""
    if key not in table:
        return None
    value = table[key]
    match = _CLOCK.fullmatch(value) if isinstance(value, str) else None
    if match is None or (match[1] == "24" and (match[2] != "00" or not midnight_end)):
        example = "'23:00' (or '24:00' for midnight)" if midnight_end else "'07:00'"
        dec.fail(f"{path}.{key}", f"{value!r} is not a time like {example}")
        return None
    return time(int(match[1]) % 24, int(match[2]))


def _day_window(dec: Decoder, trip: dict[str, Any], where: str = "trip") -> DayWindow:
    if "day_window" not in trip:
        return DayWindow()
    path = f"{where}.day_window"
    table = dec.table(trip["day_window"], path, {"start", "end"}, ())
    if table is None:
        return DayWindow()
    start = _clock(dec, table, "start", path, midnight_end=False)
    end = _clock(dec, table, "end", path, midnight_end=True)
    default = DayWindow()
    window = DayWindow(start if start is not None else default.start, end if end is not None else default.end)
    if _minutes(window.end, midnight=True) <= _minutes(window.start):
        dec.fail(f"{path}.end", f"the day window ends ({window.end:%H:%M}) before or when it starts "
                 f"({window.start:%H:%M}); use '24:00' for midnight")
        return DayWindow()
    return window


def _minutes(moment: time, *, midnight: bool = False) -> int:
    value = moment.hour * 60 + moment.minute
    return 24 * 60 if midnight and value == 0 else value


def _meals(dec: Decoder, trip: dict[str, Any], where: str = "trip") -> MealTimes:
    if "meals" not in trip:
        return MealTimes()
    path = f"{where}.meals"
    table = dec.table(trip["meals"], path, {"lunch", "dinner"}, ())
    meals = MealTimes()
    if table is None:
        return meals
    for key in ("lunch", "dinner"):
        if key not in table:
            continue
        value = table[key]
        match = _RANGE.fullmatch(value) if isinstance(value, str) else None
        bounds = [_CLOCK.fullmatch(part) for part in (match.groups() if match else ())]
        if match is None or not all(b and b[1] != "24" for b in bounds):
            dec.fail(f"{path}.{key}", f"{value!r} is not a time range like '12:30-14:30'")
            continue
        start, end = (time(int(b[1]), int(b[2])) for b in bounds if b)
        if end <= start:
            dec.fail(f"{path}.{key}", f"{value!r} ends before it starts")
            continue
        setattr(meals, f"{key}_start", start)
        setattr(meals, f"{key}_end", end)
    return meals


def _targets(dec: Decoder, trip: dict[str, Any]) -> Targets:
    if "targets" not in trip:
        return Targets()
    path = "trip.targets"
    table = dec.table(trip["targets"], path, set(_TARGET_RULES), ())
    targets = Targets()
    for key, (kind, low, high, what) in _TARGET_RULES.items():
        if table is None or key not in table:
            continue
        value = table[key]
        # bool is an int subclass: compare types exactly; a whole number is fine where a fraction is.
        allowed = (int, float) if kind is float else (int,)
        if type(value) not in allowed or not math.isfinite(value) or not low <= value <= high:
            shown = str(value).lower() if isinstance(value, bool) else repr(value)
            dec.fail(f"{path}.{key}", f"expected {what}, found {shown}")
            continue
        setattr(targets, key, kind(value))
    return targets


def _travel_times(dec: Decoder, doc: dict[str, Any]) -> list[TravelTime]:
    result: list[TravelTime] = []
    seen: dict[tuple[str, str], str] = {}
    for i, raw in enumerate(dec.array(doc, "travel_times")):
        path = f"travel_times[{i}]"
        table = dec.table(raw, path, TRAVEL_KEYS, ("from", "to", "minutes"))
        if table is None:
            continue
        origin = dec.text(table, "from", path, required=True)
        destination = dec.text(table, "to", path, required=True)
        minutes = dec.typed(table, "minutes", path, int, -1, "a whole number of minutes")
        if "minutes" in table and type(table["minutes"]) is int and not 0 <= minutes <= 1440:
            dec.fail(f"{path}.minutes", f"expected 0 to 1440 minutes, found {minutes}")
            minutes = -1
        key = (place_key(origin), place_key(destination))
        if key[0] and key[0] == key[1]:
            dec.fail(f"{path}.to", "'from' and 'to' are the same place (the same place needs no travel time)")
            continue
        if key in seen and all(key):
            dec.fail(path, f"the route {origin!r} → {destination!r} is already given by {seen[key]}")
            continue
        seen[key] = path
        if origin.strip() and destination.strip() and minutes >= 0:
            result.append(TravelTime(origin, destination, minutes))
    return result


def _timing(text: str) -> IdeaTiming:
    try:
        return IdeaTiming(text.strip().lower())
    except ValueError:
        accepted = ", ".join(t.value for t in IdeaTiming)
        raise ValueError(f"unknown timing {text!r}; accepted: {accepted}") from None


def _ideas(dec: Decoder, doc: dict[str, Any]) -> list[Idea]:
    result: list[Idea] = []
    for i, raw in enumerate(dec.array(doc, "ideas")):
        path = f"ideas[{i}]"
        table = dec.table(raw, path, IDEA_KEYS, ("title", "kind"))
        if table is None:
            continue
        title = dec.text(table, "title", path, required=True)
        kind = dec.choice(table, "kind", path, parse_kind, None)
        minutes = dec.typed(table, "minutes", path, int, 60, "a whole number of minutes")
        if not 5 <= minutes <= 720:
            dec.fail(f"{path}.minutes", f"expected 5 to 720 minutes, found {minutes}")
        when = dec.choice(table, "when", path, _timing, IdeaTiming.AUTO)
        if kind is not None and title.strip() and 5 <= minutes <= 720:
            result.append(Idea(title=title, kind=kind, minutes=minutes, location=dec.text(table, "location", path),
                               notes=dec.text(table, "notes", path), when=when))
    return result


def decode_planning(dec: Decoder, doc: dict[str, Any]) -> PlanningSections:
    """Decode every planning section of *doc*, recording problems in *dec*."""
    trip = doc.get("trip")
    trip = trip if isinstance(trip, dict) else {}
    return PlanningSections(day_window=_day_window(dec, trip), meals=_meals(dec, trip), targets=_targets(dec, trip),
                            travel_times=_travel_times(dec, doc), ideas=_ideas(dec, doc))


def decode_stop_planning(dec: Decoder, table: dict[str, Any], path: str) -> tuple[DayWindow | None, MealTimes | None]:
    """A stop's own ``day_window`` and ``meals`` (``None`` where it gives none: the trip's apply)."""
    window = _day_window(dec, table, path) if "day_window" in table else None
    meals = _meals(dec, table, path) if "meals" in table else None
    return window, meals


def encode_stop_planning(window: DayWindow | None, meals: MealTimes | None, table: dict[str, Any]) -> None:
    """Add a stop's own ``day_window`` and ``meals`` to its table."""
    if window is not None:
        table["day_window"] = {"start": _hhmm(window.start), "end": _hhmm(window.end, midnight=True)}
    if meals is not None:
        table["meals"] = {"lunch": f"{meals.lunch_start:%H:%M}-{meals.lunch_end:%H:%M}",
                          "dinner": f"{meals.dinner_start:%H:%M}-{meals.dinner_end:%H:%M}"}


def _hhmm(moment: time, *, midnight: bool = False) -> str:
    return "24:00" if midnight and moment == time(0) else f"{moment:%H:%M}"


def _number(value: float) -> int | float:
    # 10 rather than 10.0: the file is for people.
    return int(value) if float(value).is_integer() else value


def encode_trip_planning(trip: Trip, meta: dict[str, Any]) -> None:
    """Add the non-default ``[trip.*]`` planning tables to *meta*."""
    encode_stop_planning(trip.day_window if trip.day_window != DayWindow() else None,
                         trip.meals if trip.meals != MealTimes() else None, meta)
    defaults = Targets()
    targets = {f.name: _number(getattr(trip.targets, f.name)) for f in fields(Targets)
               if getattr(trip.targets, f.name) != getattr(defaults, f.name)}
    if targets:
        meta["targets"] = targets


def encode_planning_sections(trip: Trip, doc: dict[str, Any]) -> None:
    """Add the ``[[travel_times]]`` and ``[[ideas]]`` arrays to *doc* when not empty."""
    if trip.travel_times:
        doc["travel_times"] = [{"from": t.origin, "to": t.destination, "minutes": t.minutes}
                               for t in trip.travel_times]
    ideas = []
    for idea in trip.ideas:
        table: dict[str, Any] = {"title": idea.title, "kind": idea.kind.value}
        if idea.minutes != 60:
            table["minutes"] = idea.minutes
        for key in ("location", "notes"):
            if getattr(idea, key):
                table[key] = getattr(idea, key)
        if idea.when is not IdeaTiming.AUTO:
            table["when"] = idea.when.value
        ideas.append(table)
    if ideas:
        doc["ideas"] = ideas
