"""``tripplan objectives``, ``brief``, ``followups`` and ``person log``: the relationship side of a trip.

Output formats (text and ``--json``) are documented in docs/planning.md.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from tripplan.cli.args import unknown
from tripplan.cli.naming import occurrence_walls, resolve_event
from tripplan.cli.planning_run import FORMAT, emit_json, trip_index, trip_json
from tripplan.cli.saving import save_checked, writes_trip
from tripplan.cli.show import current_time, parse_day
from tripplan.errors import InputError
from tripplan.model import LogEntry, ObjectiveStatus, Trip
from tripplan.planning.briefs import build_brief, next_event, occurrence, render_brief
from tripplan.planning.findings import day_label
from tripplan.planning.followups import list_followups, suggest_followups
from tripplan.planning.objectives import plan_objectives, render_objectives
from tripplan.storage import read_trip


def _status(text: str) -> ObjectiveStatus:
    try:
        return ObjectiveStatus(text.strip().lower().replace(" ", "-"))
    except ValueError:
        accepted = ", ".join(s.value for s in ObjectiveStatus)
        raise InputError(f"--set: unknown status {text!r}; accepted: {accepted}") from None


@writes_trip(lambda args: bool(args.set))
def cmd_objectives(args: argparse.Namespace) -> int:
    """``tripplan objectives FILE [--set ID STATUS] [--json]``."""
    path = Path(args.file)
    trip, stamp = read_trip(path)
    if args.set:
        ident, text = args.set
        objective = trip.objective(ident)
        if objective is None:
            raise unknown("objective", ident, [o.id for o in trip.objectives])
        status = _status(text)
        if objective.status is not status:
            objective.status = status
            save_checked(trip, path, stamp)
        print(f"{objective.title}: {status.value}", file=sys.stderr)
    today = trip.day_of(current_time())
    plans = plan_objectives(trip)
    if args.json:
        emit_json({"format": FORMAT, "trip": trip_json(trip), "objectives": [p.to_json() for p in plans]})
    else:
        sys.stdout.write(render_objectives(trip, plans, today))
    return 0


def cmd_brief(args: argparse.Namespace) -> int:
    """``tripplan brief FILE (EVENT | --next) [--json]``: EVENT is an id or a name (``tripplan.cli.naming``)."""
    trip, _ = read_trip(args.file)
    now = current_time()
    if args.next:
        found = next_event(trip, now)
        if found is None:
            here = trip.zone_at(now)
            raise InputError(f"--next: no event with attendees starts after {now.astimezone(here):%Y-%m-%d %H:%M} "
                             f"({here.key})")
        event, start, end = found
    else:
        named = resolve_event(trip, args.event, option="EVENT", now=now)
        event = named.event
        start, end = occurrence(trip, event, now) if named.occurrence is None else occurrence_walls(named)
    brief = build_brief(trip, event, start, end)
    if args.json:
        emit_json({**brief.to_json(), "trip": trip_json(trip)})
    else:
        sys.stdout.write(render_brief(trip, brief))
    return 0


@writes_trip()
def cmd_person_log(args: argparse.Namespace) -> int:
    """``tripplan person log FILE ID TEXT [--date DATE]``."""
    path = Path(args.file)
    trip, stamp = read_trip(path)
    person = trip.person(args.id)
    if person is None:
        raise unknown("ID", args.id, [p.id for p in trip.people])
    text = args.text.strip()
    if not text:
        raise InputError("TEXT must not be empty")
    now = current_time()
    on = parse_day(args.date, trip_index(trip), now, "--date") if args.date else trip.day_of(now)
    # The log is kept oldest first; a note for an earlier day goes before later ones.
    position = sum(1 for entry in person.log if entry.on <= on)
    person.log.insert(position, LogEntry(on, text))
    save_checked(trip, path, stamp)
    print(f"Logged for {person.name} on {day_label(on)} {on.year} ({len(person.log)} notes).")
    return 0


def _followup_lines(trip: Trip, today: date) -> list[str]:
    lines = list_followups(trip, today)
    if not lines:
        return ["No follow-ups yet."]
    rendered = [f"{len(lines)} follow-up{'s' if len(lines) != 1 else ''} (today is {day_label(today)} {today.year}):"]
    for line in lines:
        source = f"  (from {line.event!r})" if line.event else ""
        rendered.append(f"  {line.status:<8} {day_label(line.followup.due):<11} {line.person}: "
                        f"{line.followup.what}{source}")
    return rendered


@writes_trip(lambda args: bool(args.apply or getattr(args, "done", None)))
def cmd_followups(args: argparse.Namespace) -> int:
    """``tripplan followups FILE [--suggest] [--apply] [--json]``."""
    path = Path(args.file)
    trip, stamp = read_trip(path)
    today = trip.day_of(current_time())
    proposals = suggest_followups(trip) if args.suggest or args.apply else []
    if args.apply and proposals:
        trip.followups.extend(proposals)
        save_checked(trip, path, stamp)
    if args.json:
        emit_json({"format": FORMAT, "trip": trip_json(trip), "today": today.isoformat(),
                   "followups": [line.to_json() for line in list_followups(trip, today)],
                   "suggested": [{"id": f.id, "person": f.person, "what": f.what, "due": f.due.isoformat(),
                                  "event": f.event} for f in proposals],
                   "applied": bool(args.apply and proposals)})
        return 0
    out = _followup_lines(trip, today)
    if args.suggest or args.apply:
        names = {p.id: p.name for p in trip.people}
        verb = "Added" if args.apply else "Proposed"
        if proposals:
            out += ["", f"{verb} {len(proposals)} follow-up{'s' if len(proposals) != 1 else ''} "
                    f"(due {day_label(proposals[0].due)}):"]
            out += [f"  {names.get(f.person, f.person)}: {f.what}" for f in proposals]
            if not args.apply:
                out += ["", "Run again with --apply to add them to the trip."]
        else:
            out += ["", "Everyone met at a networking or bonding event has a follow-up."]
    sys.stdout.write("\n".join(out) + "\n")
    return 0

