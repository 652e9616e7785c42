"""Changing a trip's stops (its cities), as pure operations: each returns a new ``Trip`` or raises ``StopError``.

The rules (docs/cli.md, ``tripplan stop``):

- A new stop takes its days from the stops it overlaps.  The stop it begins
  in keeps the days before it; the stop it ends in keeps the days after it —
  a stop added inside another one cuts it in two (Singapore → Tokyo →
  Singapore again).  A one-destination trip is one implicit stop, the
  destination: the first stop added splits it (or replaces it, when it
  covers the whole trip).
- A stop is never lost silently: a new stop that would take every day of a
  stop already listed is refused (remove that one first).
- Removing a stop gives its days to the stop before it (the first stop's go
  to the next one); two neighbours left alike (same city, zone and notes)
  become one.

Events keep their instants: an event planned in a zone other than its day's
new zone keeps its time and says so in its own ``tz`` (:func:`events_in_other_zones`).
Plain Python, no I/O: the CLI and the TUI both call these.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from tripplan.errors import InputError
from tripplan.trip.model import Event, Stop, Trip

DAY = timedelta(days=1)


class StopError(InputError):
    """A change of stops the trip cannot take; the message says what and why (the trip is unchanged)."""


def implicit_city(trip: Trip) -> str:
    """The name of a one-destination trip's only stop: its destination, else the city of its zone."""
    return trip.destination.strip() or trip.timezone.key.rsplit("/", 1)[-1].replace("_", " ")


def current_stops(trip: Trip) -> list[Stop]:
    """Copies of the trip's stops; a trip without ``[[stops]]`` has one, its destination (named)."""
    if trip.stop_list:
        return [replace(s) for s in trip.stop_list]
    return [Stop(city=implicit_city(trip), tz=trip.timezone, first=trip.start, last=trip.end)]


def stop_end(trip: Trip, day: date) -> date:
    """The last day of the stop *day* belongs to: where a new stop from *day* runs to unless told otherwise."""
    return next((s.last for s in current_stops(trip) if s.first <= day <= s.last), trip.end)


def _span(stop: Stop) -> str:
    return f"{stop.first} to {stop.last}" if stop.first != stop.last else f"{stop.first}"


def add_stop(trip: Trip, stop: Stop) -> Trip:
    """*trip* with *stop* added, the stops it overlaps cut back around it.

    Raises ``StopError`` for a stop outside the trip's dates, one that ends
    before it begins, and one that would take every day of a listed stop.
    """
    if not stop.city.strip():
        raise StopError("a stop needs a city")
    if stop.last < stop.first:
        raise StopError(f"{stop.city} would end ({stop.last}) before it begins ({stop.first})")
    for label, day in (("begin", stop.first), ("end", stop.last)):
        if not trip.start <= day <= trip.end:
            raise StopError(f"{stop.city} would {label} on {day}, outside the trip ({trip.start} to {trip.end}); "
                            "a stop's days are days of the trip")
    old = current_stops(trip)
    if trip.stop_list:
        taken = [s for s in old if stop.first <= s.first and s.last <= stop.last]
        if taken:
            names = ", ".join(f"{s.city} ({_span(s)})" for s in taken)
            raise StopError(f"{stop.city} ({_span(stop)}) would take every day of {names}: remove "
                            f"{'that stop' if len(taken) == 1 else 'those stops'} first, or give {stop.city} "
                            "other dates")
    kept: list[Stop] = []
    for s in old:
        if s.last < stop.first or s.first > stop.last:
            kept.append(s)
            continue
        if s.first < stop.first:
            kept.append(replace(s, last=stop.first - DAY))
        if s.last > stop.last:
            kept.append(replace(s, first=stop.last + DAY))
    kept.append(replace(stop, city=" ".join(stop.city.split())))
    kept.sort(key=lambda s: s.first)
    return _with_stops(trip, kept)


def _find(trip: Trip, city: str, first: date | None) -> int:
    stops = current_stops(trip)
    wanted = " ".join(city.split()).casefold()
    found = [i for i, s in enumerate(stops) if s.city.casefold() == wanted and (first is None or s.first == first)]
    if not found:
        listed = ", ".join(f"{s.city} (from {s.first})" for s in stops)
        what = f"{city} from {first}" if first is not None else city
        raise StopError(f"{what} is no stop of this trip; its stops: {listed}")
    if len(found) > 1:
        dates = ", ".join(str(stops[i].first) for i in found)
        raise StopError(f"{stops[found[0]].city} is {len(found)} stops (from {dates}): say which by its first day")
    return found[0]


def remove_stop(trip: Trip, city: str, first: date | None = None) -> Trip:
    """*trip* without the stop *city* (the one beginning on *first*, when the city is visited twice).

    The stop before it takes its days (for the first stop: the one after).
    Raises ``StopError`` for an unknown city, an ambiguous one, or the last stop.
    """
    at = _find(trip, city, first)
    stops = current_stops(trip)
    if len(stops) == 1:
        raise StopError(f"{stops[0].city} is the trip's only stop: a trip happens somewhere; add the other "
                        "stop first, then remove this one")
    gone = stops.pop(at)
    if at > 0:
        stops[at - 1].last = gone.last
    else:
        stops[0].first = gone.first
    return _with_stops(trip, stops)


def _alike(a: Stop, b: Stop) -> bool:
    return replace(a, first=b.first, last=b.last) == b


def _with_stops(trip: Trip, stops: list[Stop]) -> Trip:
    """*trip* with these stops (in order, covering it); neighbours left alike merge into one."""
    merged: list[Stop] = []
    for stop in stops:
        if merged and _alike(merged[-1], stop) and merged[-1].last + DAY == stop.first:
            merged[-1].last = stop.last
        else:
            merged.append(stop)
    return replace(trip, stop_list=merged, timezone=merged[0].tz)


def events_in_other_zones(trip: Trip) -> list[Event]:
    """Events (not travel legs) whose zone is not their day's: after a change of stops, they kept their instants."""
    return [e for e in trip.events if e.tz == e.end_tz and not e.all_day
            and e.tz.key != trip.zone_on(trip.day_of(e.start_utc)).key]
