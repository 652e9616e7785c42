"""Commands that change a trip file: ``new`` and ``add`` (people: ``cli.team_run``; stops: ``cli.stop_run``).

Every change is validated as a whole trip before it is written (the new
file must load cleanly), and written atomically with a conflict check, so a
bad argument never leaves a half-changed or unreadable file.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from tripplan.cli.option_values import date_arg, zone_arg
from tripplan.cli.saving import save_checked, writes_trip
from tripplan.errors import InputError
from tripplan.files.storage import read_trip
from tripplan.time.durations import format_human
from tripplan.time.entry import TimeContext, TimeEntryError, parse_duration, parse_end, parse_when
from tripplan.time.limits import trip_problems
from tripplan.time.zones import clock
from tripplan.trip.model import Event, Kind, Reminder, Trip, new_id, parse_kind
from tripplan.visible import visible


def cmd_new(args: argparse.Namespace) -> int:
    """``tripplan new FILE --name --tz --home-tz --start --end``."""
    path = Path(args.file)
    if path.exists():
        raise InputError(f"{path} already exists; choose another file name")
    if not args.name.strip():
        raise InputError("--name must not be empty")
    tz = zone_arg(args.tz, "--tz")
    home = zone_arg(args.home_tz, "--home-tz")
    start, end = date_arg(args.start, "--start"), date_arg(args.end, "--end")
    if end < start:
        raise InputError(f"--end {end} is before --start {start}")
    if problems := trip_problems(start, end):  # the trip file's own bounds (tripplan.time.limits)
        field, problem = problems[0]
        raise InputError(f"--{field}: {problem}")
    destination = args.destination or tz.key.rsplit("/", 1)[-1].replace("_", " ")
    trip = Trip(name=args.name.strip(), timezone=tz, home_timezone=home, start=start, end=end,
                destination=destination)
    if not path.parent.exists():
        raise InputError(f"folder {path.parent} does not exist")
    save_checked(trip, path, None)
    print(f"Created {path}: {trip.name}, {start:%a %d %b} – {end:%a %d %b %Y}, "
          f"{tz.key} (home {home.key})")
    return 0


def _context(trip: Trip, tz: ZoneInfo | None) -> TimeContext:
    """Times are relative to today while the trip runs, else to its first day.

    Without *tz* a wall time is read in the zone of the stop its day belongs
    to (12:00 on a Tokyo day is 12:00 JST); with it, in *tz*.
    """
    from tripplan.time.clock import current_time

    local_today = trip.day_of(current_time())
    focus = local_today if trip.start <= local_today <= trip.end else trip.start
    return TimeContext(trip_start=trip.start, trip_end=trip.end, tz=tz or trip.timezone, focus=focus,
                       day_zones=None if tz is not None or not trip.stop_list else trip.zone_on)


T = TypeVar("T")


def _timed(option: str, parse: Callable[[], T]) -> T:
    """Run a time parser, naming the option in its error."""
    try:
        return parse()
    except TimeEntryError as exc:
        raise InputError(f"{option} {exc}") from None


def people_arg(trip: Trip, text: str, option: str = "--with") -> list[str]:
    """The person ids of a comma-separated option, each checked (a close id is suggested), without repeats.

    ``none`` stands for nobody (``edit --with none``).
    """
    known = [p.id for p in trip.people]
    ids = [part.strip() for part in text.split(",") if part.strip() and part.strip().casefold() != "none"]
    for ident in ids:
        if ident not in known:
            close = difflib.get_close_matches(ident, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else (
                f"; known people: {', '.join(known)}" if known else "; add them with 'tripplan person add'")
            raise InputError(f"{option}: {visible(ident)!r} is no person in this trip{hint}")
    return list(dict.fromkeys(ids))


def _travellers_arg(trip: Trip, args: argparse.Namespace) -> tuple[str, ...] | None:
    """Who of the travellers attends: ``--travellers ID,ID``, ``--without-me``, or (``None``) all of them."""
    travelling = [p.id for p in trip.travellers]
    if args.without_me:
        me = trip.me
        if me is None:
            raise InputError(f"--without-me: the trip names nobody as you; mark yourself first: "
                             f"tripplan person set {args.file} ID --me")
        return tuple(i for i in travelling if i != me.id)
    if args.travellers is None:
        return None
    ids = list(dict.fromkeys(part.strip() for part in args.travellers.split(",") if part.strip()))
    if not ids:
        raise InputError("--travellers: give the ids of the travellers who attend, e.g. --travellers sam,bo")
    for ident in ids:
        person = trip.person(ident)
        if person is None:
            close = difflib.get_close_matches(ident, travelling, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else (
                f"; the travellers: {', '.join(travelling)}" if travelling else
                "; mark who travels with 'tripplan person add … --me' or '--travels'")
            raise InputError(f"--travellers: {ident!r} is no person in this trip{hint}")
        if not person.traveller:
            raise InputError(f"--travellers: {person.name} ({ident!r}) does not travel; list them with --with, or "
                             f"make them a travelling teammate: tripplan person set {args.file} {ident} --travels")
    return tuple(ids)


def _span_text(event: Event) -> str:
    """``Fri 14 May 12:00–13:00 (1 h) Asia/Tokyo``: the event in its own zone(s)."""
    start, end = event.local_start, event.local_end
    if event.tz.key == event.end_tz.key:
        right = clock(end) if end.date() == start.date() else f"{day_text(end, start)} {clock(end)}"
        return f"{start:%a %d %b} {clock(start)}–{right} ({format_human(event.duration)}) {event.tz.key}"
    return (f"{start:%a %d %b} {clock(start)} {event.tz.key} – {day_text(end, start)} {clock(end)} {event.end_tz.key} "
            f"({format_human(event.duration)})")


def day_text(day: date, other: date) -> str:
    """``Thu 11 Mar``, with the year when it is not *other*'s: an end in another year must not pass for this one."""
    return f"{day:%a %d %b}" + (f" {day.isoformat()[:4]}" if day.year != other.year else "")


def until_arg(text: str, start: datetime, ctx: TimeContext, option: str = "--until") -> datetime:
    """The end ``--until`` names for an event starting at *start* (aware, in the end's zone).

    A wall time at or before the start on the start's day is refused, never moved to the next day: the
    message gives the ``--until`` that ends the next day (``wed 18:00``, or the date when a weekday
    would name another week).
    """
    def parse() -> datetime:
        try:
            return parse_end(f"until {text}", start, ctx)
        except TimeEntryError:
            return parse_end(text, start, ctx)

    try:
        return parse()
    except TimeEntryError as exc:
        if not exc.reason.startswith("ends before it starts"):
            raise InputError(f"{option} {exc}") from None
        shown = text if len(text) <= 40 else text[:40] + "..."
        local = start.astimezone(ctx.zone_on(start.date()))
        raise InputError(f"{option} {shown!r} ends before it starts ({local:%a %Y-%m-%d %H:%M}); to end the next "
                         f"day write {option} {_next_day_end(text, start, ctx)!r}") from None


def _next_day_end(text: str, start: datetime, ctx: TimeContext) -> str:
    """``--until`` text for the wall time of *text* on the day after *start*: 'wed 18:00' when that reads back."""
    try:
        named = parse_when(text, replace(ctx, focus=start.date()))
        wall = f"{named:%H:%M}"
    except TimeEntryError:
        wall = text.strip()
    next_day = start.date() + timedelta(days=1)
    for form in (f"{next_day:%a}".lower(), next_day.isoformat()):
        try:
            if parse_when(f"{form} {wall}", ctx).date() == next_day:
                return f"{form} {wall}"
        except TimeEntryError:
            continue
    return f"{next_day.isoformat()} {wall}"


def _kind_arg(text: str | None, title: str) -> tuple[Kind, bool]:
    """The kind ``--kind`` names, or (without it) the one the title clearly names, asked for on a terminal.

    Returns the kind and whether it was guessed from the title.
    """
    if text is not None:
        try:
            return parse_kind(text), False
        except ValueError as exc:
            raise InputError(f"--kind: {exc}") from None
    from tripplan.trip.kindguess import guess_kind

    guessed = guess_kind(title)
    if guessed is not None:
        return guessed, True
    kinds = ", ".join(k.value for k in Kind)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError(f"--kind is needed: the title {visible(title)!r} does not say what it is; kinds: {kinds}")
    print(f"What kind of event is {visible(title)!r}? {kinds}")
    try:
        answer = input("kind: ")
    except EOFError:
        raise InputError(f"--kind is needed; kinds: {kinds}") from None
    try:
        return parse_kind(answer), False
    except ValueError as exc:
        raise InputError(f"kind: {exc}") from None


@writes_trip(preview=True)
def cmd_add(args: argparse.Namespace) -> int:
    """``tripplan add FILE TITLE [--kind] --at [--for|--until] [--travellers ID,ID | --without-me] ...``."""
    path = Path(args.file)
    trip, stamp = read_trip(path)
    if not args.title.strip():
        raise InputError("TITLE must not be empty")
    kind, guessed = _kind_arg(args.kind, " ".join(args.title.split()))
    given_zone = zone_arg(args.tz, "--tz") if args.tz else None
    start = _timed("--at", lambda: parse_when(args.at, _context(trip, given_zone)))
    start_zone = start.tzinfo if isinstance(start.tzinfo, ZoneInfo) else trip.timezone
    end_zone = zone_arg(args.end_tz, "--end-tz") if args.end_tz else start_zone
    end_ctx = _context(trip, end_zone)
    if args.duration:
        # Elapsed time, not wall-clock arithmetic: '3h' across the DST night lasts 3 hours.
        span = _timed("--for", lambda: parse_duration(args.duration))
        end = (start.astimezone(UTC) + span).astimezone(end_zone)
    elif args.until:
        end = until_arg(args.until, start.astimezone(end_zone), end_ctx)
    else:
        end = (start.astimezone(UTC) + timedelta(hours=1)).astimezone(end_zone)
    reminders = [Reminder(_timed("--remind", lambda p=part: parse_duration(p)))  # type: ignore[misc]
                 for part in args.remind.split(",") if part.strip()]
    if args.objective and trip.objective(args.objective) is None:
        raise InputError(f"--objective: {args.objective!r} is no objective in this trip")
    event = Event(id=new_id(), title=" ".join(args.title.split()), kind=kind, start_utc=start, end_utc=end,
                  tz=start_zone, end_tz=end_zone,
                  location=args.where.strip(), attendees=tuple(people_arg(trip, args.attendees)),
                  objective=args.objective, notes=args.notes, reminders=tuple(reminders),
                  repeat=args.repeat.strip(), travellers=_travellers_arg(trip, args))
    trip.events.append(event)
    save_checked(trip, path, stamp)
    who = ""
    if event.travellers is not None:
        names = [p.name for p in trip.travellers if trip.attends(event, p.id)]
        who = f"  for {', '.join(names)}" if names else "  (no traveller attends)"
    print(f"Added {event.title!r} ({kind.value}) {_span_text(event)}  id {event.id}{who}")
    if guessed:
        print(f"kind: {kind.value} (guessed from the title; --kind to choose)")
    day = trip.day_of(event.start_utc)
    if not trip.start <= day <= trip.end:
        print(f"warning: {day_text(day, trip.start)} is outside the trip ({trip.start} to {trip.end})", file=sys.stderr)
        return 1
    return 0
