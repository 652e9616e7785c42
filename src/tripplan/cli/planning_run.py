"""``tripplan balance``, ``check`` and ``suggest``: reading a whole trip and judging its plan.

Output formats (text and ``--json``) are documented in docs/planning.md; the
JSON is stable (fields may be added, never renamed or removed).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import textwrap
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from tripplan.cli.road_run import parse_day
from tripplan.cli.saving import save_checked, writes_trip
from tripplan.errors import InputError
from tripplan.files.storage import FileStamp, read_trip
from tripplan.planning.balance import Balance, compute_balance
from tripplan.planning.checks import analyse
from tripplan.planning.findings import CODES, Finding, day_label, percent, span
from tripplan.planning.suggest import Suggestion, suggest
from tripplan.planning.timeline import Timeline
from tripplan.time.clock import current_time
from tripplan.trip.model import Category, DayWindow, Trip
from tripplan.visible import visible, visible_json

FORMAT = 1
_SHORT = {Category.WORK: "work", Category.NETWORKING: "netw", Category.BONDING: "bond",
          Category.CULTURE: "cult", Category.LOGISTICS: "logi", Category.REST: "rest"}



def emit_json(document: dict[str, Any]) -> None:
    """Write a JSON document to stdout."""
    sys.stdout.write(visible_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n")


def trip_json(trip: Trip) -> dict[str, Any]:
    """The trip's identity, as every planning JSON document starts."""
    return {"name": trip.name, "uid": trip.uid, "timezone": trip.timezone.key,
            "home_timezone": trip.home_timezone.key, "start": trip.start.isoformat(), "end": trip.end.isoformat()}


def _minutes(seconds: int) -> int:
    return round(seconds / 60)


def balance_json(trip: Trip, balance: Balance, timeline: Timeline) -> dict[str, Any]:
    """The ``balance --json`` document."""
    def moment(instant: int) -> str:
        return timeline.local(instant).isoformat()

    days = []
    for day in balance.days:
        best = day.longest_break
        days.append({
            "date": day.day.isoformat(), "window": {"start": day.window[0].isoformat(),
                                                    "end": day.window[1].isoformat()},
            "awake_minutes": _minutes(day.awake), "scheduled_minutes": _minutes(day.scheduled),
            "minutes": {c.value: _minutes(s) for c, s in day.seconds.items()},
            "bonding_share": day.bonding_share, "bonding_target_applies": day.bonding_applies,
            "longest_break": {"start": moment(best[0]), "end": moment(best[1]),
                              "minutes": _minutes(best[1] - best[0])} if best else None,
            "free": [{"start": moment(a), "end": moment(b)} for a, b in day.free],
            "culture": day.culture, "parts": day.parts, "score": day.score,
        })
    targets = trip.targets
    return {
        "format": FORMAT, "trip": trip_json(trip),
        "day_window": _window_json(trip.day_window),
        "stops": [{"city": stop.city, "timezone": stop.tz.key, "from": stop.first.isoformat(),
                   "to": stop.last.isoformat(), "day_window": _window_json(trip.day_window_on(stop.first))}
                  for stop in trip.stops],
        "targets": {"bonding_share": targets.bonding_share, "work_hours_max": targets.work_hours_max,
                    "rest_minutes_min": targets.rest_minutes_min, "culture_min_days": targets.culture_min_days},
        "days": days,
        "total": {"awake_minutes": _minutes(balance.awake), "scheduled_minutes": _minutes(balance.scheduled),
                  "minutes": {c.value: _minutes(s) for c, s in balance.seconds.items()},
                  "bonding_share": balance.bonding_share, "culture_outings": balance.culture_outings,
                  "culture_required": balance.culture_required, "score": balance.score},
        "warnings": [f.to_json() for f in balance.findings],
    }


def _window_text(window: DayWindow) -> str:
    end = "24:00" if window.end.hour == window.end.minute == 0 else f"{window.end:%H:%M}"
    return f"{window.start:%H:%M}–{end}"


def _window_json(window: DayWindow) -> dict[str, str]:
    start, end = _window_text(window).split("–")
    return {"start": start, "end": end}


def _hours(seconds: int) -> str:
    return f"{seconds / 3600:.1f}" if seconds else "·"


def fill(text: str, width: int, first: str, rest: str) -> str:
    """Wrap *text* for a terminal, never between a number and its unit ("15 %", "30 min")."""
    glued = re.sub(r"(\d) (%|h\b|min\b)", "\\1\u00a0\\2", text)
    wrapped = textwrap.fill(glued, width=max(width, 60), initial_indent=first, subsequent_indent=rest,
                            break_on_hyphens=False)
    return wrapped.replace("\u00a0", " ")


def _wrap(code: str, message: str, width: int) -> str:
    head = f"  {code:<24} "
    return fill(message, width, head, " " * len(head))


def _width() -> int:
    return shutil.get_terminal_size((100, 24)).columns


def render_balance(trip: Trip, balance: Balance) -> str:
    """The ``balance`` text: a table of hours per day, the trip's totals, the targets and warnings."""
    if trip.multi_city:  # each city's own window, in its own time
        awake = ": " + ", ".join(f"{stop.city} {_window_text(trip.day_window_on(stop.first))} ({stop.tz.key})"
                                 for stop in trip.stops)
    else:
        awake = f" {_window_text(trip.day_window)} {trip.timezone.key}"
    lines = [f"{trip.name} · balance", f"Awake hours{awake}; "
             "hours per category (· is none), longest break, score 0–100.", ""]
    header = f"{'day':<12}" + "".join(f"{_SHORT[c]:>6}" for c in _SHORT) + f"{'break':>7}{'score':>7}"
    lines.append(header)
    for day in balance.days:
        row = f"{day_label(day.day):<12}" + "".join(f"{_hours(day.seconds[c]):>6}" for c in _SHORT)
        lines.append(row + f"{_hours(day.break_seconds):>7}{day.score:>7}")
    total = f"{'trip':<12}" + "".join(f"{_hours(balance.seconds[c]):>6}" for c in _SHORT)
    lines += [total + f"{'':>7}{balance.score:>7}", ""]
    targets = trip.targets
    share = balance.bonding_share
    lines.append(f"Bonding {percent(share, targets.bonding_share) if share is not None else '–'} of scheduled time "
                 "(target ≥ "
                 f"{percent(targets.bonding_share)} on working days) · work ≤ {targets.work_hours_max:g} h a day · "
                 f"a break of ≥ {targets.rest_minutes_min} min a day · cultural outings: {balance.culture_outings}"
                 + (f" (target ≥ 1 on trips of {targets.culture_min_days}+ days)" if targets.culture_min_days else ""))
    lines.append("")
    if balance.findings:
        lines.append(f"{len(balance.findings)} warning{'s' if len(balance.findings) != 1 else ''}:")
        lines += [_wrap(f.code, f.message, _width()) for f in balance.findings]
    else:
        lines.append("No warnings: the trip meets its balance targets.")
    return visible("\n".join(lines)) + "\n"


def _read(path: str | Path) -> tuple[Trip, FileStamp]:
    """The trip, read, then kept out of the garbage collector's walks for the rest of this one-shot process.

    The checks allocate many short-lived objects; each full collection would walk every object of a large
    trip again (100,000 events: most of the time).  A command's process is single-threaded and ends after
    one answer, so freezing what reading made costs nothing; the app never does this (issue 17, point 9).
    """
    import gc

    found = read_trip(path)
    gc.freeze()
    return found


def cmd_balance(args: argparse.Namespace) -> int:
    """``tripplan balance FILE [--json]``."""
    trip, _ = _read(args.file)
    timeline = Timeline(trip)
    balance = compute_balance(timeline)
    if args.json:
        emit_json(balance_json(trip, balance, timeline))
    else:
        sys.stdout.write(render_balance(trip, balance))
    return 1 if balance.findings else 0


def _selected(findings: list[Finding], only: str) -> list[Finding]:
    wanted = [c.strip() for c in only.split(",") if c.strip()]
    for code in wanted:
        if code.rstrip("*") and not any(c.startswith(code.rstrip("*")) if code.endswith("*") else c == code
                                        for c in CODES):
            raise InputError(f"--only: unknown code {code!r}; codes: {', '.join(CODES)}")
    if not wanted:
        return findings
    return [f for f in findings if any(f.code.startswith(w[:-1]) if w.endswith("*") else f.code == w
                                       for w in wanted)]


def cmd_check(args: argparse.Namespace) -> int:
    """``tripplan check FILE [--only CODES] [--json]``: exit 1 with warnings, 0 when clean."""
    trip, _ = _read(args.file)
    _, _, findings = analyse(trip, current_time())  # now: events soon that still wait for answers
    findings = _selected(findings, args.only)
    counts = Counter(f.code for f in findings)
    if args.json:
        emit_json({"format": FORMAT, "trip": trip_json(trip), "warnings": [f.to_json() for f in findings],
                   "counts": {code: counts[code] for code in CODES if counts[code]}})
    elif findings:
        summary = ", ".join(f"{code} {counts[code]}" for code in CODES if counts[code])
        lines = [f"{trip.name}: {len(findings)} warning{'s' if len(findings) != 1 else ''} ({summary})", ""]
        lines += [_wrap(f.code, f.message, _width()) for f in findings]
        sys.stdout.write(visible("\n".join(lines)) + "\n")
    else:
        sys.stdout.write(f"{trip.name}: no warnings.\n")
    return 1 if findings else 0


def trip_index(trip: Trip) -> dict[str, Any]:
    """The few index fields ``parse_day`` needs (the stops: "today" is the day where the traveller is)."""
    from tripplan.time.zones import day_start

    stops = [(s.city, s.tz.key, s.first.isoformat(), s.last.isoformat(), int(day_start(s.first, s.tz).timestamp()))
             for s in trip.stops]
    return {"timezone": trip.timezone.key, "start": trip.start.isoformat(), "end": trip.end.isoformat(),
            "zones": dict(trip.zones), "stops": stops}


def day_option(trip: Trip, text: str, option: str) -> date:
    """A trip day given on the command line; ``InputError`` if it is not one of the trip's days."""
    day = parse_day(text, trip_index(trip), current_time(), option)
    if not trip.start <= day <= trip.end:
        raise InputError(f"{option} {text!r}: {day} is not a day of the trip ({trip.start} to {trip.end})")
    return day


def _render_suggestions(trip: Trip, found: list[Suggestion], applied: bool, today: date | None = None) -> str:
    if not found:
        if today is not None and today > trip.start:  # a warning about a past day has no proposal: say why
            return (f"{trip.name}: nothing to suggest from {day_label(min(today, trip.end))} on — days already past "
                    "are not planned ('--day DATE' plans one of them).\n")
        return f"{trip.name}: nothing to suggest — the free slots and targets need no change.\n"
    verb = "added" if applied else "proposed"
    lines = [f"{trip.name}: {len(found)} {verb} activit{'ies' if len(found) != 1 else 'y'} "
             f"(times in {trip.timezone.key})", ""]
    for s in found:
        where = f" at {s.location}" if s.location else ""
        lines.append(f"{day_label(s.day)} {span(s.local_start, s.local_end)}  {s.title} ({s.kind.value}{where}; "
                     f"{s.source})")
        lines.append(fill(f"why: {s.reason}", _width(), "    ", "         "))
        if s.notes:
            lines.append(fill(f"notes: {' '.join(s.notes.split())}", _width(), "    ", "           "))
    if not applied:
        lines += ["", "Run again with --apply to add them to the trip."]
    return "\n".join(lines) + "\n"


@writes_trip(lambda args: bool(args.apply))
def cmd_suggest(args: argparse.Namespace) -> int:
    """``tripplan suggest FILE [--day DATE] [--apply] [--json]``."""
    path = Path(args.file)
    trip, stamp = read_trip(path)
    days = {day_option(trip, args.day, "--day")} if args.day else None
    # Without --day, days already past are not planned; a day asked for by name always is.
    today = None if days else trip.day_of(current_time())
    found = suggest(trip, days=days, today=today)
    if args.apply and found:
        trip.events.extend(s.to_event() for s in found)
        save_checked(trip, path, stamp)
    if args.json:
        emit_json({"format": FORMAT, "trip": trip_json(trip), "applied": bool(args.apply and found),
                   "suggestions": [s.to_json() for s in found]})
    else:
        sys.stdout.write(_render_suggestions(trip, found, bool(args.apply), today))
    return 0
