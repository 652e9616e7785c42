"""Commands that change a trip file: ``new``, ``add``, ``person add``.

Every change is validated as a whole trip before it is written (the new
file must load cleanly), and written atomically with a conflict check, so a
bad argument never leaves a half-changed or unreadable file.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from tripplan.cli.saving import save_checked
from tripplan.durations import format_human
from tripplan.errors import InputError
from tripplan.model import Event, Person, Reminder, Role, Trip, new_id, parse_kind
from tripplan.schema import _SIMPLE_ID
from tripplan.storage import read_trip
from tripplan.timeparse import TimeContext, TimeEntryError, parse_duration, parse_end, parse_when
from tripplan.zones import UnknownZoneError, clock, zone


def _zone_arg(text: str, option: str) -> object:
    try:
        return zone(text)
    except UnknownZoneError as exc:
        raise InputError(f"{option}: {exc}") from None


def _date_arg(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{option} {text!r} is not a date like 2027-03-08") from None


def cmd_new(args: argparse.Namespace) -> int:
    """``tripplan new FILE --name --tz --home-tz --start --end``."""
    path = Path(args.file)
    if path.exists():
        raise InputError(f"{path} already exists; choose another file name")
    if not args.name.strip():
        raise InputError("--name must not be empty")
    tz = _zone_arg(args.tz, "--tz")
    home = _zone_arg(args.home_tz, "--home-tz")
    start, end = _date_arg(args.start, "--start"), _date_arg(args.end, "--end")
    if end < start:
        raise InputError(f"--end {end} is before --start {start}")
    if (end - start).days > 365:
        raise InputError("a trip lasts at most a year; check --start and --end")
    destination = args.destination or tz.key.rsplit("/", 1)[-1].replace("_", " ")  # type: ignore[attr-defined]
    trip = Trip(name=args.name.strip(), timezone=tz, home_timezone=home, start=start, end=end,  # type: ignore[arg-type]
                destination=destination)
    if not path.parent.exists():
        raise InputError(f"folder {path.parent} does not exist")
    save_checked(trip, path, None)
    print(f"Created {path}: {trip.name}, {start:%a %d %b} – {end:%a %d %b %Y}, "
          f"{tz.key} (home {home.key})")  # type: ignore[attr-defined]
    return 0


def _context(trip: Trip, tz: object) -> TimeContext:
    """Times are relative to today while the trip runs, else to its first day."""
    from tripplan.clock import current_time

    local_today = current_time().astimezone(trip.timezone).date()
    focus = local_today if trip.start <= local_today <= trip.end else trip.start
    return TimeContext(trip_start=trip.start, trip_end=trip.end, tz=tz, focus=focus)  # type: ignore[arg-type]


T = TypeVar("T")


def _timed(option: str, parse: Callable[[], T]) -> T:
    """Run a time parser, naming the option in its error."""
    try:
        return parse()
    except TimeEntryError as exc:
        raise InputError(f"{option} {exc}") from None


def _people_arg(trip: Trip, text: str) -> list[str]:
    known = [p.id for p in trip.people]
    ids = [part.strip() for part in text.split(",") if part.strip()]
    for ident in ids:
        if ident not in known:
            close = difflib.get_close_matches(ident, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else (
                f"; known people: {', '.join(known)}" if known else "; add them with 'tripplan person add'")
            raise InputError(f"--with: {ident!r} is no person in this trip{hint}")
    return list(dict.fromkeys(ids))


def cmd_add(args: argparse.Namespace) -> int:
    """``tripplan add FILE TITLE --kind --at [--for|--until] ...``."""
    path = Path(args.file)
    trip, stamp = read_trip(path)
    if not args.title.strip():
        raise InputError("TITLE must not be empty")
    try:
        kind = parse_kind(args.kind)
    except ValueError as exc:
        raise InputError(f"--kind: {exc}") from None
    start_zone = _zone_arg(args.tz, "--tz") if args.tz else trip.timezone
    end_zone = _zone_arg(args.end_tz, "--end-tz") if args.end_tz else start_zone
    start = _timed("--at", lambda: parse_when(args.at, _context(trip, start_zone)))
    end_ctx = _context(trip, end_zone)
    if args.duration:
        # Elapsed time, not wall-clock arithmetic: '3h' across the DST night lasts 3 hours.
        span = _timed("--for", lambda: parse_duration(args.duration))
        end = (start.astimezone(UTC) + span).astimezone(end_zone)  # type: ignore[arg-type]
    elif args.until:
        local_start = start.astimezone(end_zone)  # type: ignore[arg-type]

        def until() -> datetime:
            try:
                return parse_end(f"until {args.until}", local_start, end_ctx)
            except TimeEntryError:
                return parse_end(args.until, local_start, end_ctx)

        end = _timed("--until", until)
    else:
        end = (start.astimezone(UTC) + timedelta(hours=1)).astimezone(end_zone)  # type: ignore[arg-type]
    reminders = [Reminder(_timed("--remind", lambda p=part: parse_duration(p)))  # type: ignore[misc]
                 for part in args.remind.split(",") if part.strip()]
    if args.objective and trip.objective(args.objective) is None:
        raise InputError(f"--objective: {args.objective!r} is no objective in this trip")
    event = Event(id=new_id(), title=" ".join(args.title.split()), kind=kind, start_utc=start, end_utc=end,
                  tz=start_zone, end_tz=end_zone,  # type: ignore[arg-type]
                  location=args.where.strip(), attendees=tuple(_people_arg(trip, args.attendees)),
                  objective=args.objective, notes=args.notes, reminders=tuple(reminders),
                  repeat=args.repeat.strip())
    trip.events.append(event)
    save_checked(trip, path, stamp)
    local = event.start_utc.astimezone(trip.timezone)
    local_end = event.end_utc.astimezone(trip.timezone)
    print(f"Added {event.title!r} ({kind.value}) {local:%a %d %b} {clock(local)}–{clock(local_end)} "
          f"({format_human(event.duration)}) {trip.timezone.key}  id {event.id}")
    if not trip.start <= local.date() <= trip.end:
        print(f"warning: {local:%a %d %b} is outside the trip ({trip.start} to {trip.end})", file=sys.stderr)
        return 1
    return 0


def cmd_person_add(args: argparse.Namespace) -> int:
    """``tripplan person add FILE ID --name ...``."""
    path = Path(args.file)
    trip, stamp = read_trip(path)
    if not _SIMPLE_ID.fullmatch(args.id):
        raise InputError(f"ID {args.id!r}: use letters, digits, '.', '_' or '-', e.g. 'ana-ruiz'")
    if trip.person(args.id) is not None:
        raise InputError(f"there is already a person with id {args.id!r} in this trip")
    if not args.name.strip():
        raise InputError("--name must not be empty")
    person = Person(id=args.id, name=" ".join(args.name.split()), email=args.email.strip(),
                    org=args.org.strip(), role=Role(args.role),
                    interests=[i.strip() for i in args.interests.split(",") if i.strip()], notes=args.notes)
    trip.people.append(person)
    save_checked(trip, path, stamp)
    print(f"Added {person.name} ({person.role.value}{', ' + person.org if person.org else ''}) as {person.id!r}")
    return 0
