"""``[[stops]]`` of a trip file: the cities of the trip, decoded; the rule that they cover its days in order is
:func:`tripplan.trip.validate.stop_problems`."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tripplan.files.decoder import Decoder
from tripplan.files.planning_section import decode_stop_planning
from tripplan.trip.model import Stop
from tripplan.trip.validate import stop_problems

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
    for n, (_, stop, given) in enumerate(found):  # a stop without 'to' lasts until the next one begins
        if not given:
            after = found[n + 1][1].first if n + 1 < len(found) else end + timedelta(days=1)
            stop.last = max(stop.first, after - timedelta(days=1))
    for problem in stop_problems([(path, stop) for path, stop, _ in found], start, end):
        dec.fail(problem.path, problem.message)
    return stops
