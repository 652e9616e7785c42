"""``tripplan objectives``, ``brief``, ``followups`` and ``person log``: the relationship side of a trip.

Output formats (text and ``--json``) are documented in docs/planning.md.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path

from tripplan.cli.naming import occurrence_walls, resolve_event, resolve_followup
from tripplan.cli.option_values import person_of, unknown
from tripplan.cli.planning_run import FORMAT, emit_json, trip_index, trip_json
from tripplan.cli.road_run import parse_day
from tripplan.cli.saving import save_checked, writes_trip
from tripplan.errors import InputError
from tripplan.files.storage import read_trip
from tripplan.planning.briefs import build_brief, next_event, occurrence, render_brief
from tripplan.planning.findings import day_label
from tripplan.planning.followups import list_followups, suggest_followups
from tripplan.planning.objectives import plan_objectives, render_objectives
from tripplan.time.clock import current_time
from tripplan.trip.model import LogEntry, ObjectiveStatus, Trip
from tripplan.visible import visible


def _status(text: str) -> ObjectiveStatus:
    try:
        return ObjectiveStatus(text.strip().lower().replace(" ", "-"))
    except ValueError:
        accepted = ", ".join(s.value for s in ObjectiveStatus)
        raise InputError(f"--set: unknown status {text!r}; accepted: {accepted}") from None


def _set_args(args: argparse.Namespace) -> tuple[str, str | None]:
    """``--set ID [STATUS]``: the status may be left out only when ``--event`` says what else to change."""
    values: list[str] = args.set
    if len(values) > 2:
        raise InputError(f"--set takes an objective's id and a status, not {len(values)} values "
                         "(quote a status with spaces: --set trust 'in progress')")
    if len(values) == 1 and not args.event:
        accepted = ", ".join(s.value for s in ObjectiveStatus)
        raise InputError(f"--set {values[0]}: give the new status too ({accepted}), or --event EVENT to link an event")
    return values[0], values[1] if len(values) == 2 else None


def _link(trip: Trip, objective_id: str, names: list[str], now: datetime) -> tuple[bool, list[str]]:
    """Make the events *names* name serve the objective (in *trip*): whether anything changed, a line per event."""
    from tripplan.edit.changes import link_events
    from tripplan.edit.session import EditSession

    named = [resolve_event(trip, name, option="--event", now=now) for name in names]
    linked = [e.id for e in trip.events if e.objective == objective_id]
    chosen = dict.fromkeys([*linked, *(n.event.id for n in named)])
    titles = {o.id: o.title for o in trip.objectives}
    goal = repr(visible(titles[objective_id]))
    lines = []
    for event in dict.fromkeys(n.event for n in named):  # an event named twice is one line
        whole = " (the whole series)" if event.recurring else ""
        if event.objective == objective_id:
            lines.append(f"{visible(event.title)}{whole}: already serves {goal}")
        else:
            before = repr(visible(titles.get(event.objective, event.objective))) if event.objective else "no objective"
            lines.append(f"{visible(event.title)}{whole}: serves {before} → {goal}")
    session = EditSession(trip, Path("unused"), None)  # the change only (it edits *trip*); the caller saves
    return link_events(session, objective_id, chosen) is not None, lines


@writes_trip(lambda args: bool(args.set), preview=True)
def cmd_objectives(args: argparse.Namespace) -> int:
    """``tripplan objectives FILE [--set ID [STATUS] [--event EVENT …]] [--json]``."""
    path = Path(args.file)
    trip, stamp = read_trip(path)
    now = current_time()
    if args.event and not args.set:
        raise InputError("--event needs --set ID: the objective the event is to serve")
    if args.set:
        ident, text = _set_args(args)
        objective = trip.objective(ident)
        if objective is None:
            raise unknown("objective", ident, [o.id for o in trip.objectives])
        status = _status(text) if text is not None else objective.status
        before = objective.status
        linked, lines = _link(trip, ident, args.event, now) if args.event else (False, [])
        objective.status = status
        if status is not before or linked:
            save_checked(trip, path, stamp)
        if text is not None:
            shift = f"{before.value} → {status.value}" if status is not before else f"{status.value} (unchanged)"
            print(f"{visible(objective.title)}: {shift}", file=sys.stderr)
        for line in lines:
            print(line, file=sys.stderr)
    today = trip.day_of(now)
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


@writes_trip(preview=True)
def cmd_person_log(args: argparse.Namespace) -> int:
    """``tripplan person log FILE ID TEXT [--date DATE] [--event EVENT]``.

    With ``--event`` the note is dated the day of the event (or of the
    occurrence named) unless ``--date`` says otherwise, and begins with the
    event's title, so the log says where it was said.
    """
    path = Path(args.file)
    trip, stamp = read_trip(path)
    person = person_of(trip, args.id)
    text = args.text.strip()
    if not text:
        raise InputError("TEXT must not be empty")
    now = current_time()
    named = resolve_event(trip, args.event, option="--event", now=now) if args.event else None
    if named is not None:
        text = f"At {named.event.title}: {text}"
    if args.date:
        on = parse_day(args.date, trip_index(trip), now, "--date")
    else:
        on = trip.day_of(named.start_utc) if named is not None else trip.day_of(now)
    # The log is kept oldest first; a note for an earlier day goes before later ones.
    position = sum(1 for entry in person.log if entry.on <= on)
    person.log.insert(position, LogEntry(on, text))
    save_checked(trip, path, stamp)
    print(f"Logged for {visible(person.name)} on {day_label(on)} {on.year} ({len(person.log)} notes)"
          + (f": {visible(text)}" if named is not None else "."))
    return 0


def _mark_done(trip: Trip, names: list[str]) -> list[tuple[bool, str]]:
    """Mark the follow-ups *names* name done (in *trip*); for each, whether it changed and a line saying so.

    Every name is resolved before anything changes, so one bad name changes nothing.
    """
    from tripplan.edit.changes import toggle_done
    from tripplan.edit.session import EditSession

    found = list({f.id: f for f in (resolve_followup(trip, name) for name in names)}.values())
    people = {p.id: p.name for p in trip.people}
    session = EditSession(trip, Path("unused"), None)  # the change only (it edits *trip*); the caller saves
    result = []
    for followup in found:
        who = visible(people.get(followup.person, followup.person))
        if followup.done:
            result.append((False, f"{who}: {visible(followup.what)}: already done"))
        else:
            toggle_done(session, followup.id)
            result.append((True, f"{who}: {visible(followup.what)}: open → done"))
    return result


def _followup_lines(trip: Trip, today: date) -> list[str]:
    lines = list_followups(trip, today)
    if not lines:
        return ["No follow-ups yet."]
    rendered = [f"{len(lines)} follow-up{'s' if len(lines) != 1 else ''} (today is {day_label(today)} {today.year}):"]
    for line in lines:
        source = f"  (from {line.event!r})" if line.event else ""
        rendered.append(f"  {line.status:<8} {day_label(line.followup.due):<11} {visible(line.person)}: "
                        f"{visible(line.followup.what)}{visible(source)}  [{visible(line.followup.id)}]")
    return rendered


@writes_trip(lambda args: bool(args.apply or getattr(args, "done", None)), preview=True)
def cmd_followups(args: argparse.Namespace) -> int:
    """``tripplan followups FILE [--suggest] [--apply] [--done ID|NAME …] [--json]``."""
    path = Path(args.file)
    trip, stamp = read_trip(path)
    today = trip.day_of(current_time())
    done = _mark_done(trip, args.done or [])
    proposals = suggest_followups(trip) if args.suggest or args.apply else []
    if args.apply and proposals:
        trip.followups.extend(proposals)
    if (args.apply and proposals) or any(changed for changed, _ in done):
        save_checked(trip, path, stamp)
    for _, line in done:
        print(line, file=sys.stderr)
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

