"""``tripplan stop add | list | rm``: the cities of a multi-city trip.

The edits are ``tripplan.trip.stops``'s; this module reads the options,
saves through the whole-trip check and says what the stops are now.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tripplan.cli.option_values import clock_range_arg, date_arg, key_text_arg, zone_arg
from tripplan.cli.saving import save_checked, writes_trip
from tripplan.errors import InputError
from tripplan.files.storage import FileStamp, read_trip
from tripplan.trip.model import Stop, Trip, WorkingHours
from tripplan.trip.stops import add_stop, current_stops, events_in_other_zones, remove_stop, stop_end
from tripplan.visible import visible, visible_json


def _line(stop: Stop) -> str:
    days = (stop.last - stop.first).days + 1
    return (f"{stop.city:<16} {stop.tz.key:<20} {stop.first:%a %d %b} – {stop.last:%a %d %b %Y}  "
            f"({days} day{'s' * (days != 1)})")


def _summary(trip: Trip) -> str:
    return "\n".join(f"  {n}. {_line(s)}" for n, s in enumerate(current_stops(trip), 1))


def _save_and_report(before: Trip, after: Trip, path: Path, stamp: FileStamp | None, verb: str) -> int:
    moved = {e.id for e in events_in_other_zones(after)} - {e.id for e in events_in_other_zones(before)}
    save_checked(after, path, stamp)
    print(visible(f"{verb}; the stops are now:\n{_summary(after)}"))
    if moved:
        shown = [e for e in after.events if e.id in moved]
        print(f"note: {len(shown)} event{'s' * (len(shown) != 1)} keep their time in the zone they were "
              "planned in, now not their day's:", file=sys.stderr)
        for event in shown[:5]:
            day_zone = after.zone_on(after.day_of(event.start_utc))
            here = event.start_utc.astimezone(day_zone)
            print(f"  {event.title!r}: {event.local_start:%a %d %b %H:%M} {event.tz.key} = "
                  f"{here:%H:%M} {day_zone.key}", file=sys.stderr)
        if len(shown) > 5:
            print(f"  … and {len(shown) - 5} more", file=sys.stderr)
    return 0


@writes_trip(preview=True)
def cmd_stop_add(args: argparse.Namespace) -> int:
    """``tripplan stop add FILE CITY --tz ZONE --from DATE [--to DATE] [--culture KEY=TEXT] [--working-hours R]``."""
    path = Path(args.file)
    trip, stamp = read_trip(path)
    tz = zone_arg(args.tz, "--tz")
    first = date_arg(args.start, "--from")
    last = date_arg(args.to, "--to") if args.to else None
    if last is not None and last < first:
        raise InputError(f"--to {last} is before --from {first}")
    if last is None and trip.start <= first <= trip.end:
        last = stop_end(trip, first)
    culture = dict(key_text_arg(text, "--culture") for text in args.culture or [])
    hours = WorkingHours(*clock_range_arg(args.working_hours, "--working-hours")) if args.working_hours else None
    stop = Stop(city=" ".join(args.city.split()), tz=tz, first=first, last=last or first, culture=culture,
                working_hours=hours)
    after = add_stop(trip, stop)
    return _save_and_report(trip, after, path, stamp, f"Added {stop.city} ({tz.key}) from {first}")


@writes_trip(preview=True)
def cmd_stop_rm(args: argparse.Namespace) -> int:
    """``tripplan stop rm FILE CITY [--from DATE]``."""
    path = Path(args.file)
    trip, stamp = read_trip(path)
    first = date_arg(args.start, "--from") if args.start else None
    after = remove_stop(trip, args.city, first)
    return _save_and_report(trip, after, path, stamp, f"Removed {' '.join(args.city.split())}")


def cmd_stop_list(args: argparse.Namespace) -> int:
    """``tripplan stop list FILE [--json]``."""
    trip, _ = read_trip(args.file)
    stops = current_stops(trip)
    if args.json:
        doc = {"trip": trip.name, "home_timezone": trip.home_timezone.key, "multi_city": trip.multi_city,
               "stops": [{"city": s.city, "timezone": s.tz.key, "from": s.first.isoformat(),
                          "to": s.last.isoformat(), "days": (s.last - s.first).days + 1,
                          "culture": {**trip.culture, **s.culture},
                          "working_hours": (lambda h: f"{h.start:%H:%M}-{h.end:%H:%M}")(s.working_hours
                                                                                        or trip.working_hours),
                          "listed": bool(trip.stop_list)} for s in stops]}
        sys.stdout.write(visible_json(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n")
        return 0
    out = [f"{trip.name}: {len(stops)} stop{'s' * (len(stops) != 1)}, home {trip.home_timezone.key}"]
    for n, stop in enumerate(stops, 1):
        out.append(f"  {n}. {_line(stop)}")
        hours = stop.working_hours
        if hours is not None:
            out.append(f"       working hours {hours.start:%H:%M}–{hours.end:%H:%M}")
        out += [f"       {key}: {text}" for key, text in stop.culture.items()]
    if not trip.stop_list:
        out.append("  (the trip's destination; 'tripplan stop add' makes it a multi-city trip)")
    sys.stdout.write(visible("\n".join(out)) + "\n")
    return 0
