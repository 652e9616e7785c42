"""What ``tripplan edit``, ``move``, ``rm`` and ``person edit``/``rm`` print and how they finish.

A :class:`Report` gathers the changed fields (``field: before → after``) and
prints them as lines or, with ``--json``, as one JSON document; :func:`finish`
saves the changed trip (a dry run only checks it would load again) and prints
the report.  :func:`ask` is the terminal question of a change that needs one.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tripplan.cli import terminal
from tripplan.cli.edit_run import day_text
from tripplan.cli.naming import short_ids
from tripplan.cli.saving import save_checked
from tripplan.errors import InputError, TripFileError
from tripplan.files.storage import FileStamp
from tripplan.time.durations import format_compact, format_human
from tripplan.time.zones import clock
from tripplan.trip.model import Event, Trip
from tripplan.visible import visible, visible_json

_DAY = timedelta(days=1)


# --- reading, locking, saving ------------------------------------------------------------------------


def check_only(trip: Trip, path: Path) -> None:
    """What ``save_checked`` checks before it writes, for ``--dry-run``: the changed file must load again."""
    from tripplan.files.encode import dumps
    from tripplan.files.storage import parse_trip

    try:
        parse_trip(dumps(trip).encode("utf-8"), str(path))
    except TripFileError as exc:
        problems = "; ".join(f"{p.path}: {p.message}" if p.path else p.message for p in exc.problems)
        raise InputError(f"the change would make the trip invalid: {problems}") from None


def interactive() -> bool:
    """Whether the command may ask (stdin and stdout are a terminal)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def ask(question: str, answers: dict[str, str]) -> str:
    """Ask on the terminal until one of *answers* (first letter or whole word) is given; ``""`` for no answer."""
    while True:
        try:
            reply = terminal.ask(question).strip().casefold()
        except EOFError:
            return ""
        if not reply:
            return ""
        for key, value in answers.items():
            if reply in (key, value):
                return value


# --- reporting -------------------------------------------------------------------------------------


@dataclass
class Report:
    """What a command changed (or would change): printed as lines, or as JSON with ``--json``."""

    file: str
    dry_run: bool
    changed: list[dict[str, Any]] = field(default_factory=list)
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Whether nothing changes."""
        return not (self.changed or self.added or self.removed)

    def emit(self, as_json: bool) -> None:
        """Print the report."""
        if as_json:
            print(visible_json(json.dumps({"file": self.file, "dry_run": self.dry_run, "changed": self.changed,
                                           "added": self.added, "removed": self.removed, "notes": self.notes},
                                          ensure_ascii=False, indent=2)))
            return
        if self.empty:
            print("Nothing changed: it already is as asked")
        for line in self.lines:
            print(line)
        for note in self.notes:
            print(f"note: {note}", file=sys.stderr)

    def verb(self, done: str, would: str) -> str:
        """``Changed`` or, in a dry run, ``Would change``."""
        return would if self.dry_run else done


def when_text(moment: datetime, tz: ZoneInfo, start: datetime | None = None) -> str:
    """``Tue 09 Mar 19:30``; an end (*start* given) in another year than its start's says the year."""
    local = moment.astimezone(tz)
    return f"{day_text(local, local if start is None else start.astimezone(tz))} {clock(local)}"


def _line(text: str, limit: int = 70) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[:limit - 1] + "…"


def event_fields(trip: Trip, event: Event) -> dict[str, tuple[str, Any]]:
    """The fields of *event* people change, each as (text to show, JSON value)."""
    names = {p.id: p.name for p in trip.people}

    def people(ids: tuple[str, ...]) -> str:
        return ", ".join(names.get(i, i) for i in ids) or "nobody"

    objective = trip.objective(event.objective) if event.objective else None
    if event.all_day:
        last = event.end_day - _DAY
        start_text = f"{event.first_day:%a %d %b} (all day)"
        end_text = f"{day_text(last, event.first_day)} (all day)"
    else:
        start_text = when_text(event.start_utc, event.tz)
        end_text = when_text(event.end_utc, event.end_tz, event.start_utc)
    return {
        "title": (event.title, event.title),
        "kind": (event.kind.value, event.kind.value),
        "start": (start_text, event.local_start.isoformat()),
        "end": (end_text, event.local_end.isoformat()),
        "length": (format_human(event.duration), int(event.duration.total_seconds() // 60)),
        "zone": (event.tz.key if event.tz.key == event.end_tz.key else f"{event.tz.key} → {event.end_tz.key}",
                 [event.tz.key, event.end_tz.key]),
        "where": (event.location or "—", event.location),
        "with": (people(event.attendees), list(event.attendees)),
        "travellers": ("all" if event.travellers is None else people(event.travellers),
                       None if event.travellers is None else list(event.travellers)),
        "remind": (", ".join(format_compact(r.before) for r in event.reminders) or "—",
                   [int(r.before.total_seconds() // 60) for r in event.reminders]),
        "repeat": (event.repeat or "—", event.repeat),
        "skips": (", ".join(when_text(d, event.tz) for d in event.exdates[:4])
                  + (f" … ({len(event.exdates)})" if len(event.exdates) > 4 else "") or "—",
                  [d.isoformat() for d in event.exdates]),
        "notes": (_line(event.notes) or "—", event.notes),
        "objective": (f"{objective.title} ({objective.id})" if objective else (event.objective or "—"),
                      event.objective),
    }


def event_label(trip: Trip, event: Event) -> str:
    """``“Title” (short id)``: how a report names an event."""
    return f"“{visible(event.title)}” ({short_ids(trip).get(event.id, event.id[:8])})"


def report_change(report: Report, trip: Trip, before: Event, after: Event, scope: str = "",
                  named: Event | None = None) -> None:
    """Add the fields that differ between *before* and *after* (the same event, or one occurrence of *named*)."""
    old, new = event_fields(trip, before), event_fields(trip, after)
    diffs = [(name, old[name], new[name]) for name in old if old[name][1] != new[name][1]]
    if not diffs:
        return
    report.changed.append({"event": after.id, "title": after.title, "scope": scope or "event",
                           "fields": {name: {"before": b[1], "after": a[1]} for name, b, a in diffs}})
    where = {"this": " (this occurrence only)", "all": " (the whole series)"}.get(scope, "")
    report.lines.append(f"{report.verb('Changed', 'Would change')}: {event_label(trip, named or after)}{where}")
    report.lines += [f"  {name}: {visible(b[0])} → {visible(a[0])}" for name, b, a in diffs]


def finish(report: Report, trip: Trip, path: Path, stamp: FileStamp | None, as_json: bool) -> int:
    """Save the changed trip (or, in a dry run, only check it would load), then print the report."""
    if not report.empty:
        if report.dry_run:
            check_only(trip, path)
        else:
            save_checked(trip, path, stamp)
    report.emit(as_json)
    return 0
