"""Where and whose, on the road path: the stop of each day and one person's plan, read from a day index.

The day index (``tripplan.road.dayindex``) lists the stops as plain tuples —
city, zone, first and last day, and the instant the stop begins — and each
row the travellers attending it, so ``today --person`` needs neither the
model nor the TOML parser.  The rules are the model's: a day belongs to the
stop where the traveller sleeps that night (``Trip.stop_on``), an instant to
the stop begun last (``Trip.stop_at``), and a person attends an event they
are an attendee of or a traveller at (``Trip.attends``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tripplan.errors import InputError

YOU = ""  # tripplan.trip.model.YOU, not imported: the model is too heavy for this path

def index_zone(index: dict[str, Any], name: str) -> ZoneInfo:
    """The zone *name* of a day index: an IANA zone, or one of the trip's custom zones ([trip.zones])."""
    custom = index.get("zones", {})
    if name in custom:
        from tripplan.time.zones import rule_zone

        return rule_zone(name, custom[name])
    return ZoneInfo(name)


def _stops(index: dict[str, Any]) -> list[Any]:
    # An index always lists its stops (a one-destination trip has one); this fallback serves callers
    # that build a partial index by hand (planning_run.trip_index).
    found: list[Any] = index.get("stops") or [(index.get("destination", ""), index["timezone"], index["start"],
                                               index["end"], 0)]
    return found


def stop_on(index: dict[str, Any], day: date) -> tuple[str, str, str, str, int]:
    """The stop *day* belongs to (days outside the trip: the nearest stop)."""
    key = day.isoformat()
    stops = _stops(index)
    found = stops[0]
    for stop in stops:  # a handful of stops: a scan
        if stop[2] > key:
            break
        found = stop
    return found  # type: ignore[no-any-return]


def zone_on(index: dict[str, Any], day: date) -> ZoneInfo:
    """The zone *day* is shown in: its stop's."""
    return index_zone(index, stop_on(index, day)[1])


def zone_at(index: dict[str, Any], moment: datetime) -> ZoneInfo:
    """The zone of the stop the traveller is at at the instant *moment*."""
    stops = _stops(index)
    seconds = moment.timestamp()
    found = stops[0]
    for stop in stops[1:]:
        if stop[4] > seconds:
            break
        found = stop
    return index_zone(index, found[1])


def day_of(index: dict[str, Any], moment: datetime) -> date:
    """The trip day an instant falls on: its date in the zone of the stop it happens at."""
    return moment.astimezone(zone_at(index, moment)).date()


class Person:
    """Whose plan is shown: a person of the trip (or the unnamed traveller), and the home zone beside it."""

    __slots__ = ("home", "ident", "name", "traveller")

    def __init__(self, ident: str, name: str, home: str, traveller: bool) -> None:
        self.ident, self.name, self.home, self.traveller = ident, name, home, traveller

    def attends(self, row: Any) -> bool:
        """Whether this person is at the event of an index row (an attendee, or a traveller at it)."""
        return self.ident in row[8] or self.ident in row[13]


def person(index: dict[str, Any], ident: str) -> Person:
    """The person ``--person ID`` names; ``me`` also names the traveller. ``InputError`` listing the ids otherwise."""
    travellers = {t[0]: t for t in index["travellers"]}
    people = index["people"]
    wanted = ident.strip()
    if wanted not in people and wanted.lower() == "me":
        wanted = index["me"]  # the traveller, named or not (YOU)
    if wanted in travellers:
        found, name, home = travellers[wanted]
        return Person(found, name, home, True)
    if wanted in people:
        return Person(wanted, people[wanted][0], index["home_timezone"], False)
    known = [f"{i} (you)" if i == index["me"] else i for i in people] or ["none yet"]
    hint = "" if index["me"] else " ('me': you, the traveller)"
    raise InputError(f"--person {ident!r} is no one in this trip; the people: {', '.join(known)}{hint}")
