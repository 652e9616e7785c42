"""``tripplan edit``, ``move`` and ``rm``: change or remove an event named by its title, id or day.

Each command reads the trip (under the trip's lock, ``storage.locked``, unless a dry run),
works out the changed trip in memory with the same core edits the app uses
(``tripplan.edit.changes``, ``tripplan.edit.session.shift_event``,
``tripplan.trip.series``), prints what changes (``field: before → after``),
and saves it validated and atomically, keeping ``FILE.bak``.  ``--dry-run``
prints the same lines as "Would …" and writes nothing; ``--json`` prints
them for scripts.  A refusal (exit 2) leaves the file byte for byte as it was.

One occurrence of a series (``"Stand-up@wed"``) is changed on its own with
``--this`` (a changed occurrence: an event of its own that the series leaves
out) or with the series (``--all``); on a terminal the command asks.
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from tripplan.cli.change_report import (
    Report,
    ask,
    event_fields,
    event_label,
    finish,
    interactive,
    report_change,
    when_text,
)
from tripplan.cli.edit_run import people_arg
from tripplan.cli.naming import Named, resolve_event
from tripplan.cli.saving import writes_trip
from tripplan.edit.changes import delete_event
from tripplan.edit.session import EditSession, shift_event
from tripplan.errors import InputError
from tripplan.files.storage import read_trip
from tripplan.time.entry import TimeContext, TimeEntryError, parse_duration, parse_end, parse_when
from tripplan.time.zones import wall
from tripplan.trip.model import Event, Reminder, Trip, parse_kind
from tripplan.trip.series import changed_occurrences, detach, occurrence_at, skip
from tripplan.visible import visible

T = TypeVar("T")
_DAY = timedelta(days=1)


# --- which occurrences -----------------------------------------------------------------------------


def scope_of(named: Named, args: argparse.Namespace, verb: str) -> str:
    """``"this"``, ``"all"`` or ``""`` (the event itself): what a change of *named* applies to."""
    event = named.event
    if named.occurrence is None or not event.recurring:
        if args.this and event.recurring:
            raise InputError(f"--this needs one occurrence: name its day, e.g. "
                             f"'{visible(event.title)}@{event.first_day.isoformat()}'")
        return ""
    if args.this:
        return "this"
    if args.all:
        return "all"
    day = when_text(named.occurrence, event.tz)
    if interactive():
        answer = ask(f"“{visible(event.title)}” repeats: {verb} [t]his occurrence ({day}), [a]ll of the series, "
                     "or [c]ancel? ", {"t": "this", "a": "all", "c": "cancel"})
        if answer in ("this", "all"):
            return answer
        raise InputError("cancelled; nothing changed")
    raise InputError(f"“{visible(event.title)}” repeats: say --this (only {day}) or --all (the whole series)")


@dataclass
class Target:
    """What a change works on: *concrete* (the event, or the one occurrence as an event) and where it goes back."""

    trip: Trip
    named: Named
    scope: str
    concrete: Event

    @property
    def series(self) -> Event:
        """The event as named (the series, for an occurrence)."""
        return self.named.event


def target(trip: Trip, named: Named, scope: str) -> Target:
    """The event to change, as one concrete event (an occurrence of a series as an event of its own)."""
    if named.occurrence is None or not scope:
        return Target(trip, named, scope, named.event)
    found = occurrence_at(named.event, named.occurrence)
    if found is None:
        raise InputError(f"“{visible(named.event.title)}” has no occurrence at "
                         f"{when_text(named.occurrence, named.event.tz)}")
    if scope == "all":  # the series itself at the occurrence's times: its rule and the rest stay
        return Target(trip, named, scope, replace(named.event, start_utc=found.start_utc, end_utc=found.end_utc))
    _, concrete = detach(named.event, found.start_utc)
    return Target(trip, named, scope, concrete)


def retime_series(series: Event, old_start: datetime, new: Event) -> tuple[Event, timedelta]:
    """The series moved as one of its occurrences (starting at *old_start*) moved to become *new*.

    Moves by whole days of wall time keep the series' wall times across a
    DST change (as the app's move does); other moves are elapsed time.  The
    length becomes *new*'s (elapsed time).
    """
    wall_delta = wall(new.start_utc, series.tz) - wall(old_start, series.tz)
    delta = wall_delta if not wall_delta % _DAY else new.start_utc - old_start
    moved = shift_event(series, delta)
    if series.all_day:
        return moved, delta
    return replace(moved, end_utc=moved.start_utc + new.duration, tz=new.tz, end_tz=new.end_tz), delta


def put_back(report: Report, t: Target, new: Event) -> None:
    """Write the changed *new* (the concrete event changed) into the trip, as the scope says, and report it."""
    trip, series = t.trip, t.series
    if new == t.concrete:
        return
    if t.scope == "this":
        rest = skip(series, t.concrete.ical.recurrence_id or t.concrete.start_utc)
        trip.events[trip.events.index(series)] = rest
        trip.events.append(new)
        report_change(report, trip, t.concrete, new, "this", series)
        report.added.append({"event": new.id, "title": new.title, "series": series.id,
                             "occurrence": t.concrete.start_utc.isoformat()})
        return
    if t.scope == "all" or series.recurring:
        times = ("start_utc", "end_utc", "tz", "end_tz")
        moved, delta = (series, timedelta(0)) if all(getattr(new, f) == getattr(t.concrete, f) for f in times) \
            else retime_series(series, t.concrete.start_utc, new)
        others = {f: getattr(new, f) for f in ("title", "kind", "location", "attendees", "objective", "notes",
                                                "reminders", "repeat", "travellers")}
        changed = replace(moved, **others)
        if not changed.repeat:
            changed = replace(changed, exdates=(), rdates=())
        trip.events[trip.events.index(series)] = changed
        report_change(report, trip, series, changed, "all")
        _follow(report, trip, series, changed, delta)
        return
    trip.events[trip.events.index(series)] = new
    report_change(report, trip, series, new)


def _follow(report: Report, trip: Trip, before: Event, after: Event, delta: timedelta) -> None:
    """The changed occurrences of a moved series move with it (by *delta*, as the series did)."""
    if not delta or len(before.exdates) != len(after.exdates):
        return
    moved = dict(zip(before.exdates, after.exdates, strict=True))
    for i, other in enumerate(trip.events):
        rid = other.ical.recurrence_id
        if other.ical.series == before.id and other.id != before.id and rid is not None and rid in moved:
            shifted = shift_event(other, delta)
            if not other.all_day:
                shifted = replace(shifted, end_utc=shifted.start_utc + other.duration)
            trip.events[i] = replace(shifted, ical=replace(other.ical, recurrence_id=moved[rid]))
            report_change(report, trip, other, trip.events[i], "this", before)


# --- reading options -------------------------------------------------------------------------------


def _timed(option: str, parse: Callable[[], T]) -> T:
    try:
        return parse()
    except TimeEntryError as exc:
        raise InputError(f"{option} {exc}") from None


def _context(trip: Trip, event: Event, tz: ZoneInfo | None) -> TimeContext:
    """Times relative to the event's own day (so '10:00' alone is that day); read in *tz* or the day's stop zone."""
    focus = trip.day_of(event.start_utc)
    focus = min(max(focus, trip.start), trip.end)
    return TimeContext(trip_start=trip.start, trip_end=trip.end, tz=tz or trip.timezone, focus=focus,
                       day_zones=None if tz is not None or not trip.stop_list else trip.zone_on)


def _follows_stop(trip: Trip, event: Event) -> bool:
    """Whether the event is in the zone of its day's stop (a new time is then read in the new day's)."""
    return event.tz.key == trip.zone_on(trip.day_of(event.start_utc)).key


def new_start(trip: Trip, event: Event, text: str, option: str) -> Event:
    """*event* starting at the time *text* (as ``add --at`` reads it), as long as before (elapsed)."""
    if event.all_day:
        raise InputError(f"{option}: “{visible(event.title)}” is an all-day event; move it by whole days "
                         "(tripplan move FILE EVENT --by 1d) or change it in the app")
    follows = _follows_stop(trip, event)
    start = _timed(option, lambda: parse_when(text, _context(trip, event, None if follows else event.tz)))
    tz = start.tzinfo if follows and isinstance(start.tzinfo, ZoneInfo) else event.tz
    end_tz = tz if event.end_tz.key == event.tz.key else event.end_tz
    start_utc = start.astimezone(UTC)
    return replace(event, start_utc=start_utc, end_utc=start_utc + event.duration, tz=tz, end_tz=end_tz)


def edited(trip: Trip, event: Event, args: argparse.Namespace, scope: str) -> Event:
    """*event* with what the ``edit`` options give changed, and nothing else."""
    new = event
    if args.title is not None:
        title = " ".join(args.title.split())
        if not title:
            raise InputError("--title must not be empty")
        new = replace(new, title=title)
    if args.kind is not None:
        try:
            new = replace(new, kind=parse_kind(args.kind))
        except ValueError as exc:
            raise InputError(f"--kind: {exc}") from None
    if (args.duration or args.until) and event.all_day:
        raise InputError(f"--for/--until: “{visible(event.title)}” is an all-day event; change its days in the app")
    if args.at is not None:
        new = new_start(trip, new, args.at, "--at")
    if args.duration:
        span = _timed("--for", lambda: parse_duration(args.duration))
        new = replace(new, end_utc=new.start_utc + span)
    elif args.until:
        local_start = new.start_utc.astimezone(new.end_tz)
        ctx = _context(trip, new, new.end_tz)

        def until() -> datetime:
            try:
                return parse_end(f"until {args.until}", local_start, ctx)
            except TimeEntryError:
                return parse_end(args.until, local_start, ctx)

        new = replace(new, end_utc=_timed("--until", until).astimezone(UTC))
    if args.where is not None:
        new = replace(new, location=args.where.strip())
    attendees = list(new.attendees)
    travellers = None if new.travellers is None else list(new.travellers)
    if args.attendees is not None:
        attendees = people_arg(trip, args.attendees, "--with")
    for ident in people_arg(trip, ",".join(args.add_person or []), "--add-person"):
        if ident not in attendees:
            attendees.append(ident)
    for ident in people_arg(trip, ",".join(args.drop_person or []), "--drop-person"):
        if not trip.attends(new, ident):
            raise InputError(f"--drop-person: {visible(ident)!r} is not at “{visible(new.title)}”")
        attendees = [a for a in attendees if a != ident]
        person = trip.person(ident)
        if person is not None and person.traveller:
            travellers = [t.id for t in trip.travellers if trip.attends(new, t.id) and t.id != ident] \
                if travellers is None else [t for t in travellers if t != ident]
    new = replace(new, attendees=tuple(attendees), travellers=None if travellers is None else tuple(travellers))
    if args.remind is not None:
        parts = [p for p in args.remind.split(",") if p.strip() and p.strip().casefold() != "none"]
        new = replace(new, reminders=tuple(Reminder(_timed("--remind", lambda p=p: parse_duration(p)))  # type: ignore[misc]
                                           for p in parts))
    if args.repeat is not None or args.no_repeat:
        if scope == "this":
            raise InputError("--repeat/--no-repeat change the series: use --all (one occurrence cannot repeat)")
        rule = "" if args.no_repeat else args.repeat.strip()
        if rule:
            from tripplan.trip.recurrence import parse_rule

            try:
                parse_rule(rule)
            except ValueError as exc:
                raise InputError(f"--repeat {visible(rule)!r}: {exc}") from None
        new = replace(new, repeat=rule)
    if args.notes is not None:
        new = replace(new, notes=args.notes)
    if args.objective is not None:
        wanted = "" if args.objective.strip().casefold() in ("", "none") else args.objective.strip()
        if wanted and trip.objective(wanted) is None:
            known = [o.id for o in trip.objectives]
            close = difflib.get_close_matches(wanted, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else (f"; known: {', '.join(known)}" if known else "")
            raise InputError(f"--objective: {visible(wanted)!r} is no objective in this trip{hint}")
        new = replace(new, objective=wanted)
    return new


def move_delta(text: str) -> timedelta:
    """``30m``, ``-1d``, ``+1h30``: a signed duration for ``move --by``."""
    body = text.strip()
    sign = -1 if body.startswith("-") else 1
    body = body.lstrip("+-").strip()
    return sign * _timed("--by", lambda: parse_duration(body))


# --- the commands ----------------------------------------------------------------------------------


def _edit_options_given(args: argparse.Namespace) -> bool:
    names = ("title", "kind", "at", "duration", "until", "where", "attendees", "remind", "repeat", "notes",
             "objective")
    return any(getattr(args, n) is not None for n in names) or bool(args.add_person or args.drop_person
                                                                     or args.no_repeat)


@writes_trip(lambda args: not args.dry_run)
def cmd_edit(args: argparse.Namespace) -> int:
    """``tripplan edit FILE EVENT [--title …] [--at …] … [--this | --all] [--dry-run] [--json]``."""
    if not _edit_options_given(args):
        raise InputError("say what to change: --title, --kind, --at, --for, --until, --where, --with, "
                         "--add-person, --drop-person, --remind, --repeat, --no-repeat, --notes or --objective")
    path = Path(args.file)
    trip, stamp = read_trip(path)
    named = resolve_event(trip, args.event)
    t = target(trip, named, scope_of(named, args, "change"))
    report = Report(str(path), args.dry_run)
    put_back(report, t, edited(trip, t.concrete, args, t.scope))
    return finish(report, trip, path, stamp, args.json)


@writes_trip(lambda args: not args.dry_run)
def cmd_move(args: argparse.Namespace) -> int:
    """``tripplan move FILE EVENT (--by 30m|-1d | --to WHEN) [--this | --all] [--dry-run] [--json]``."""
    path = Path(args.file)
    trip, stamp = read_trip(path)
    named = resolve_event(trip, args.event)
    t = target(trip, named, scope_of(named, args, "move"))
    event = t.concrete
    if args.by is not None:
        delta = move_delta(args.by)
        if event.all_day and delta % _DAY:
            raise InputError(f"--by: “{visible(event.title)}” is an all-day event; move it by whole days, "
                             "e.g. --by 1d or --by -2d")
        moved = shift_event(event, delta)
        if not event.all_day:  # the length is elapsed time, whatever the clocks do meanwhile
            moved = replace(moved, end_utc=moved.start_utc + event.duration)
    else:
        moved = new_start(trip, event, args.to, "--to")
    report = Report(str(path), args.dry_run)
    put_back(report, t, moved)
    return finish(report, trip, path, stamp, args.json)


@writes_trip(lambda args: not args.dry_run)
def cmd_rm(args: argparse.Namespace) -> int:
    """``tripplan rm FILE EVENT [--this | --all] [--yes] [--dry-run] [--json]``."""
    path = Path(args.file)
    trip, stamp = read_trip(path)
    named = resolve_event(trip, args.event)
    scope = scope_of(named, args, "remove")
    event = named.event
    report = Report(str(path), args.dry_run)
    if scope == "this":
        assert named.occurrence is not None
        found = occurrence_at(event, named.occurrence)
        if found is None:
            raise InputError(f"“{visible(event.title)}” has no occurrence at "
                             f"{when_text(named.occurrence, event.tz)}")
        what = f"“{visible(event.title)}” on {when_text(found.start_utc, event.tz)} (this occurrence only)"
    else:
        found = None
        extra = changed_occurrences(trip, event.id) if event.recurring else []
        what = f"{event_label(trip, event)} {event_fields(trip, event)['start'][0]}" + (
            " (the whole series" + (f" and {len(extra)} changed occurrence{'s' * (len(extra) != 1)}"
                                    if extra else "") + ")" if event.recurring else "")
    asked = bool(scope) and not (args.this or args.all)  # the this/all question was the confirmation
    if not args.yes and not args.dry_run and not asked:
        if not interactive():
            raise InputError(f"remove {what}? add --yes to confirm (or --dry-run to see what would go)")
        if ask(f"Remove {what}? [y]es/[n]o ", {"y": "yes", "n": "no"}) != "yes":
            raise InputError("cancelled; nothing changed")
    verb = report.verb("Removed", "Would remove")
    if found is not None:
        trip.events[trip.events.index(event)] = skip(event, found.start_utc)
        report.removed.append({"event": event.id, "title": event.title, "scope": "this",
                               "occurrence": found.start_utc.astimezone(event.tz).isoformat()})
        report.lines.append(f"{verb}: {what}")
    else:
        session = EditSession(trip, path, stamp)
        doomed = [event, *(changed_occurrences(trip, event.id) if event.recurring else [])]
        unlinked = [f for f in trip.followups if f.event in {e.id for e in doomed}]
        report.lines.append(f"{verb}: {what}")
        for gone in doomed:
            report.removed.append({"event": gone.id, "title": gone.title,
                                   "scope": "all" if gone.recurring else "event"})
            delete_event(session, gone.id)
        for f in unlinked:
            report.lines.append(f"  follow-up “{visible(f.what)}” ({f.id}) keeps everything but the link to it")
            report.changed.append({"followup": f.id, "fields": {"event": {"before": f.event, "after": ""}}})
    return finish(report, trip, path, stamp, args.json)
