"""Read-only commands people run on the road: ``today``, ``agenda``, and opening a trip.

Kept light on purpose: the day index comes from the cache when the trip file
has not changed, so these commands import neither the TOML parser nor
dateutil nor the model in the common case.
"""

from __future__ import annotations

import os
import sys
from datetime import date, datetime, timedelta

from tripplan.agenda import day_view, days_from, render_markdown, render_text, to_json, upcoming_after
from tripplan.clock import current_time as current_time  # its home before the TUI needed it light
from tripplan.dayindex import load_index
from tripplan.errors import InputError
from tripplan.road import day_of, person

TYPE_CHECKING = False  # argparse, typing and re are not imported at run time: start-up matters here
if TYPE_CHECKING:
    import argparse
    from typing import Any


def parse_day(text: str, index: dict[str, Any], now: datetime, option: str) -> date:
    """A day given on the command line: YYYY-MM-DD, today, tomorrow, yesterday or 'day N'.

    "Today" is the trip day *now* falls on, in the zone of the stop the traveller is at.
    """
    local_today = day_of(index, now)
    start, end = date.fromisoformat(index["start"]), date.fromisoformat(index["end"])
    word = text.strip().lower()
    relative = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if word in relative:
        return local_today + timedelta(days=relative[word])
    if word.startswith("day") and word[3:].strip().isdigit() and len(word) < 10:
        n = int(word[3:].strip())
        length = (end - start).days + 1
        if not 1 <= n <= length:
            raise InputError(f"{option} {text!r}: the trip has days 1 to {length}")
        return start + timedelta(days=n - 1)
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise InputError(f"{option} {text!r} is not a date; use YYYY-MM-DD, 'today', 'tomorrow' "
                         "or 'day N'") from None


def _index_and_now(file: str) -> tuple[dict[str, Any], datetime]:
    now = current_time()
    return load_index(file), now


def _terminal_width() -> int | None:
    """The terminal's width when printing to one; None for pipes and files (no wrapping)."""
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns if sys.stdout.isatty() else None
    except (OSError, ValueError):
        return None


def cmd_today(args: argparse.Namespace | RoadArgs) -> int:
    """``tripplan today FILE [--date DATE] [--person ID] [--json]``."""
    index, now = _index_and_now(args.file)
    who = person(index, args.person) if args.person is not None else None
    day = parse_day(args.date, index, now, "--date") if args.date else day_of(index, now)
    views = [day_view(index, day, now, who)]
    upcoming = None
    if views[0].is_today and not any(i.status in ("now", "next") for i in views[0].items):
        upcoming = upcoming_after(index, day, now, who)
    if args.json:
        out = to_json(index, views, now, upcoming, who)
    else:
        out = render_text(index, views, now, width=_terminal_width(), upcoming=upcoming, who=who)
    sys.stdout.write(out)
    return 0


def cmd_agenda(args: argparse.Namespace | RoadArgs) -> int:
    """``tripplan agenda FILE [--from DATE] [--days N] [--person ID] [--format text|json|md]``."""
    index, now = _index_and_now(args.file)
    who = person(index, args.person) if args.person is not None else None
    start, end = date.fromisoformat(index["start"]), date.fromisoformat(index["end"])
    local_today = day_of(index, now)
    if args.start:
        first = parse_day(args.start, index, now, "--from")
    else:
        first = local_today if start <= local_today <= end else start
    if args.days is not None and not 1 <= args.days <= 366:
        raise InputError(f"--days {args.days}: give a number of days from 1 to 366")
    count = args.days if args.days is not None else max(1, (end - first).days + 1)
    views = [day_view(index, d, now, who) for d in days_from(first, count)]
    if args.format == "json":
        out = to_json(index, views, now, who=who)
    elif args.format == "md":
        out = render_markdown(index, views, who)
    else:
        out = render_text(index, views, now, width=_terminal_width(), who=who)
    sys.stdout.write(out)
    return 0


class RoadArgs:
    """Parsed arguments of ``today``/``agenda`` (the attributes argparse would set)."""

    def __init__(self, **values: object) -> None:
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> Any:
        # Only reached for attributes that were not set: behave like a missing one.
        raise AttributeError(name)

    def __eq__(self, other: object) -> bool:
        return vars(self) == vars(other)

    def __repr__(self) -> str:
        return f"RoadArgs({vars(self)})"


def fast_road_args(argv: list[str]) -> RoadArgs | None:
    """Parse plain ``today``/``agenda`` command lines without argparse (it and re cost ~8 ms).

    Anything unusual — help, an unknown or repeated option, a bad value —
    returns ``None`` so the full argparse parser handles it and gives its
    usual messages; a test checks both parsers agree on every accepted line.
    """
    if not argv or argv[0] not in ("today", "agenda"):
        return None
    spec = {"--date": "date", "--json": None} if argv[0] == "today" else {
        "--from": "start", "--days": "days", "--format": "format"}
    spec["--person"] = "person"
    values: dict[str, object] = {"file": None, "person": None}
    values.update({"date": None, "json": False} if argv[0] == "today" else
                  {"start": None, "days": None, "format": "text"})
    seen: set[str] = set()
    rest = argv[1:]
    i = 0
    while i < len(rest):
        token = rest[i]
        name, _, inline = token.partition("=") if token.startswith("--") else (token, "", "")
        if not token.startswith("-"):
            if values["file"] is not None:
                return None
            values["file"] = token
        elif name in spec and name not in seen:
            seen.add(name)
            dest = spec[name]
            if dest is None:
                if inline:
                    return None
                values["json"] = True
            else:
                if not inline:
                    i += 1
                    if i >= len(rest) or rest[i].startswith("-"):
                        return None
                    inline = rest[i]
                values[dest] = inline
        else:
            return None
        i += 1
    if values["file"] is None:
        return None
    if argv[0] == "agenda":
        if values["format"] not in ("text", "json", "md"):
            return None
        if values["days"] is not None:
            days = str(values["days"])
            if not days.isdigit():
                return None
            values["days"] = int(days)
    return RoadArgs(**values)
