"""``tripplan list``: the events of a trip in time order, one line per event or occurrence, with short ids.

The short id (``tripplan.cli.naming.short_ids``) is what other commands
accept to name an event; an occurrence of a series is named ``TITLE@DAY``
(or ``ID@DAY``: the JSON's ``name``).  Times are shown in the zone of the
stop the traveller is at when the event starts.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from tripplan.cli.naming import day_arg, day_text, short_ids, time_text
from tripplan.cli.option_values import unknown
from tripplan.errors import InputError
from tripplan.files.storage import read_trip
from tripplan.time.clock import current_time
from tripplan.time.zones import day_start
from tripplan.trip.model import YOU, Kind, Trip, parse_kind
from tripplan.trip.recurrence import Occurrence, expand
from tripplan.visible import visible, visible_json

FORMAT = 1
_TITLE_WIDTH = 48  # titles are padded to the longest up to this, so the kinds line up
_MAX_DAYS = 3660


@dataclass(frozen=True)
class Window:
    """The days listed: *first* to *last*, inclusive."""

    first: date
    last: date


def _kinds(text: str | None) -> set[Kind] | None:
    if text is None:
        return None
    kinds: set[Kind] = set()
    for part in text.split(","):
        if not part.strip():
            continue
        try:
            kinds.add(parse_kind(part))
        except ValueError as exc:
            raise InputError(f"--kind: {exc}") from None
    if not kinds:
        raise InputError("--kind must name at least one kind, e.g. --kind meal")
    return kinds


def _person(trip: Trip, text: str | None) -> str | None:
    if text is None:
        return None
    wanted = text.strip()
    if trip.person(wanted) is not None:
        return wanted
    if wanted.lower() == "me":
        me = trip.me
        return me.id if me is not None else YOU
    raise unknown("--person", wanted, [p.id for p in trip.people] + ["me"])


def _window(trip: Trip, args: argparse.Namespace, now: datetime) -> Window:
    if args.days is not None and not 1 <= args.days <= _MAX_DAYS:
        raise InputError(f"--days {args.days}: give a number of days from 1 to {_MAX_DAYS}")
    days = [trip.day_of(e.start_utc) for e in trip.events]
    first = day_arg(trip, args.start, "--from", now) if args.start is not None else min([trip.start, *days])
    if args.days is not None:
        return Window(first, first + timedelta(days=args.days - 1))
    return Window(first, max([trip.end, first, *days]))


def occurrences_in(trip: Trip, window: Window) -> list[Occurrence]:
    """Every occurrence starting on a day of *window* (each day in its stop's zone), in time order."""
    lo = day_start(window.first, trip.zone_on(window.first))
    after = window.last + timedelta(days=1)
    hi = day_start(after, trip.zone_on(after))
    return [o for o in expand(trip.events, lo, hi) if o.start_utc >= lo]


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - len(text))


def render(trip: Trip, found: list[Occurrence], window: Window) -> str:
    """The text listing: a line per occurrence (short id, day, time, title, kind)."""
    span = f"{day_text(window.first)} {window.first.year} to {day_text(window.last)} {window.last.year}"
    if not found:
        return f"No events from {span}.\n"
    ids = short_ids(trip)
    rows = []
    for occ in found:
        day, at = time_text(trip, occ.event, occ.start_utc)
        kind = occ.event.kind.value + (", repeats" if occ.event.recurring else "")
        city = trip.stop_on(day).city if trip.multi_city else ""
        rows.append((ids[occ.event.id], day_text(day), at, visible(occ.event.title), kind, city))
    widths = [max(len(r[i]) for r in rows) for i in range(3)] + [min(_TITLE_WIDTH, max(len(r[3]) for r in rows))]
    kind_width = max(len(r[4]) for r in rows) if trip.multi_city else 0  # the city after it lines up too
    lines = []
    for ident, day_label, at, title, kind, city in rows:
        where = f"  {visible(city)}" if city else ""
        lines.append(f"{_pad(ident, widths[0])}  {day_label}  {_pad(at, widths[2])}  {_pad(title, widths[3])}  "
                     f"{_pad(kind, kind_width)}{where}".rstrip())
    return "\n".join(lines) + "\n"


def _json(trip: Trip, found: list[Occurrence], window: Window) -> dict[str, Any]:
    from tripplan.cli.planning_run import trip_json

    ids = short_ids(trip)
    items = []
    for occ in found:
        event = occ.event
        zone = event.tz if event.all_day else trip.zone_at(occ.start_utc)
        end_zone = event.end_tz if event.all_day else trip.zone_at(occ.end_utc)
        day = time_text(trip, event, occ.start_utc)[0]
        series = event.recurring
        items.append({
            "id": event.id, "short_id": ids[event.id],
            "name": f"{event.id}@{day.isoformat()}" if series else event.id,
            "title": event.title, "kind": event.kind.value, "category": event.category.value,
            "day": day.isoformat(), "all_day": event.all_day,
            "start": occ.start_utc.astimezone(zone).isoformat(), "end": occ.end_utc.astimezone(end_zone).isoformat(),
            "zone": zone.key, "end_zone": end_zone.key,
            "start_zone": event.tz.key, "location": event.location, "attendees": list(event.attendees),
            "series": {"id": event.id, "occurrence": occ.start_utc.isoformat()} if series else None,
        })
    return {"format": FORMAT, "trip": trip_json(trip), "from": window.first.isoformat(),
            "to": window.last.isoformat(), "events": items}


def cmd_list(args: argparse.Namespace) -> int:
    """``tripplan list FILE [--from DATE] [--days N] [--kind K] [--person ID] [--json]``."""
    trip, _ = read_trip(args.file)
    now = current_time()
    kinds, person = _kinds(args.kind), _person(trip, args.person)
    window = _window(trip, args, now)
    found = [o for o in occurrences_in(trip, window)
             if (kinds is None or o.event.kind in kinds) and (person is None or trip.attends(o.event, person))]
    if args.json:
        import json

        sys.stdout.write(visible_json(json.dumps(_json(trip, found, window), indent=2, ensure_ascii=False)) + "\n")
    else:
        sys.stdout.write(render(trip, found, window))
    return 0
