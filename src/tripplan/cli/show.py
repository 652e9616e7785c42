"""Read-only commands people run on the road: ``today``, ``agenda``, and opening a trip.

Kept light on purpose: the day index comes from the cache when the trip file
has not changed, so these commands import neither the TOML parser nor
dateutil nor the model in the common case.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tripplan.agenda import day_view, days_from, render_markdown, render_text, to_json
from tripplan.dayindex import load_index
from tripplan.errors import InputError

_DAY_N = re.compile(r"day\s*(\d{1,4})", re.IGNORECASE)


def current_time() -> datetime:
    """Now, aware; ``TRIPPLAN_NOW`` (ISO 8601 with offset) freezes it for tests and rehearsals."""
    frozen = os.environ.get("TRIPPLAN_NOW")
    if frozen:
        try:
            moment = datetime.fromisoformat(frozen)
        except ValueError:
            raise InputError(f"TRIPPLAN_NOW={frozen!r} is not an ISO date-time like "
                             "2027-03-09T14:05:00+00:00") from None
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc)


def parse_day(text: str, index: dict[str, Any], now: datetime, option: str) -> date:
    """A day given on the command line: YYYY-MM-DD, today, tomorrow, yesterday or 'day N'."""
    local_today = now.astimezone(ZoneInfo(index["timezone"])).date()
    start, end = date.fromisoformat(index["start"]), date.fromisoformat(index["end"])
    word = text.strip().lower()
    relative = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if word in relative:
        return local_today + timedelta(days=relative[word])
    match = _DAY_N.fullmatch(word)
    if match:
        n = int(match[1])
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
    return load_index(Path(file)), now


def cmd_today(args: argparse.Namespace) -> int:
    """``tripplan today FILE [--date DATE] [--json]``."""
    index, now = _index_and_now(args.file)
    if args.date:
        day = parse_day(args.date, index, now, "--date")
    else:
        day = now.astimezone(ZoneInfo(index["timezone"])).date()
    views = [day_view(index, day, now)]
    out = to_json(index, views, now) if args.json else render_text(index, views, now)
    sys.stdout.write(out)
    return 0


def cmd_agenda(args: argparse.Namespace) -> int:
    """``tripplan agenda FILE [--from DATE] [--days N] [--format text|json|md]``."""
    index, now = _index_and_now(args.file)
    start, end = date.fromisoformat(index["start"]), date.fromisoformat(index["end"])
    local_today = now.astimezone(ZoneInfo(index["timezone"])).date()
    if args.start:
        first = parse_day(args.start, index, now, "--from")
    else:
        first = local_today if start <= local_today <= end else start
    if args.days is not None and not 1 <= args.days <= 366:
        raise InputError(f"--days {args.days}: give a number of days from 1 to 366")
    count = args.days if args.days is not None else max(1, (end - first).days + 1)
    views = [day_view(index, d, now) for d in days_from(first, count)]
    if args.format == "json":
        out = to_json(index, views, now)
    elif args.format == "md":
        out = render_markdown(index, views)
    else:
        out = render_text(index, views, now)
    sys.stdout.write(out)
    return 0


def open_trip(argv: list[str]) -> int:
    """``tripplan FILE``: until the TUI lands, print the whole trip's agenda."""
    if len(argv) != 1:
        raise InputError(f"unknown command {argv[0]!r}; run 'tripplan --help' for the commands")
    path = Path(argv[0])
    if not path.exists() and path.suffix != ".toml":
        raise InputError(f"unknown command or file {argv[0]!r}; run 'tripplan --help' for the commands")
    return cmd_agenda(argparse.Namespace(file=argv[0], start=None, days=None, format="text"))
