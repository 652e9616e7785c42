"""``[[stops]]`` of a trip file: the cities of the trip, decoded and checked to cover its days in order."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tripplan.files.decoder import Decoder
from tripplan.files.planning_section import decode_stop_planning
from tripplan.trip.model import Stop

STOP_KEYS = {"city", "timezone", "from", "to", "culture", "working_hours", "meals", "day_window"}


def decode_stops(dec: Decoder, doc: dict[str, Any], start: date | None, end: date | None) -> list[Stop]:
    """``[[stops]]``: the cities of the trip, which must cover its days in order, without gaps or overlaps."""
    found: list[tuple[str, Stop, bool]] = []  # (path, stop, whether 'to' was given)
    for i, raw in enumerate(dec.array(doc, "stops")):
        path = f"stops[{i}]"
        table = dec.table(raw, path, STOP_KEYS, ("city", "timezone", "from"))
        if table is None:
            continue
        city = dec.text(table, "city", path, required=True)
        tz = dec.zone(table, "timezone", path, None)
        first = dec.day(table, "from", path, "a date like 2027-05-10")
        last = dec.day(table, "to", path, "a date like 2027-05-12")
        culture = dec.culture(table, path)
        hours = dec.working_hours(table, path)
        window, meals = decode_stop_planning(dec, table, path)
        if not city.strip() or tz is None or first is None:
            continue
        found.append((path, Stop(city=city, tz=tz, first=first, last=last or first, culture=culture,
                                 working_hours=hours, meals=meals, day_window=window), last is not None))
    stops = [stop for _, stop, _ in found]
    if not found or start is None or end is None:
        return stops
    outside = [(path, stop) for path, stop, _ in found if not start <= stop.first <= end]
    for path, stop in outside:
        dec.fail(f"{path}.from", f"{stop.city} begins on {stop.first}, outside the trip ({start} to {end})")
    for (path, stop, _), (_, before, _) in zip(found[1:], found, strict=False):
        if stop.first < before.first:
            dec.fail(f"{path}.from", f"{stop.city} (from {stop.first}) is listed after {before.city} (from "
                      f"{before.first}): list the stops in the order the trip visits them")
            return stops
    if outside:
        return stops
    if found[0][1].first > start:
        dec.fail(f"{found[0][0]}.from", f"the first stop, {found[0][1].city}, begins on {found[0][1].first} but "
                  f"the trip begins on {start}: every day needs a stop — make the first stop begin then")
    for n, (path, stop, given) in enumerate(found):
        nxt = found[n + 1][1] if n + 1 < len(found) else None
        after = nxt.first if nxt else end + timedelta(days=1)  # the first day that is not this stop's
        if not given:
            stop.last = max(stop.first, after - timedelta(days=1))
        if stop.last < stop.first:
            dec.fail(f"{path}.to", f"{stop.city} ends ({stop.last}) before it begins ({stop.first})")
        elif nxt is None and stop.last > end:
            dec.fail(f"{path}.to", f"{stop.city} ends on {stop.last}, after the trip ({end})")
        elif nxt is not None and stop.last >= after:
            dec.fail(f"{path}.to", f"{stop.city} ({stop.first} to {stop.last}) overlaps {nxt.city}, which "
                      f"begins on {nxt.first}: a day belongs to one stop — where you sleep that night")
        elif stop.last + timedelta(days=1) < after:
            first_free, last_free = stop.last + timedelta(days=1), after - timedelta(days=1)
            days = f"{first_free} belongs" if first_free == last_free else f"{first_free} to {last_free} belong"
            then = f"{nxt.city} begins on {nxt.first}" if nxt else f"the trip ends on {end}"
            dec.fail(f"{path}.to", f"{days} to no stop: {stop.city} ends on {stop.last} and {then}")
    return stops

