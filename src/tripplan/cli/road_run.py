"""Read-only commands people run on the road: ``today``, ``agenda``, and opening a trip.

Kept light on purpose: the day index comes from the cache when the trip file
has not changed, so these commands import neither the TOML parser nor
dateutil nor the model in the common case.
"""

from __future__ import annotations

import os
import sys
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from tripplan.errors import InputError
from tripplan.road.agenda import day_view, days_from, render_markdown, render_text, to_json, upcoming_after
from tripplan.road.dayindex import load_index
from tripplan.road.where import day_of, person
from tripplan.time.clock import current_time
from tripplan.time.limits import day_problem

if TYPE_CHECKING:
    import argparse

# The weekday names tripplan.time.entry reads in ``--at`` (dateutil's, and a few common short forms), kept
# here so a weekday stays on the fast path: neither dateutil nor re is imported for it.
_WEEKDAYS = {name: i for i, names in enumerate(
    (("mon", "monday"), ("tue", "tues", "tuesday"), ("wed", "weds", "wednesday"),
     ("thu", "thur", "thurs", "thursday"), ("fri", "friday"), ("sat", "saturday"), ("sun", "sunday")))
    for name in names}
DAY_FORMS = "a weekday (tue), today, tomorrow, yesterday, day N, YYYY-MM-DD or 10 mar"


def _weekday(weekday: int, focus: date, start: date, end: date) -> date:
    """A weekday as ``add --at`` reads it (timeparse.parse_when): the first such day of the trip from the
    day in focus on; failing that the first in the trip; failing that (no such weekday) the coming one."""
    for base in (focus, start):
        candidate = base + timedelta(days=(weekday - base.weekday()) % 7)
        if candidate <= end:
            return candidate
    return focus + timedelta(days=(weekday - focus.weekday()) % 7)


def parse_day(text: str, index: dict[str, Any], now: datetime, option: str) -> date:
    """A day given on the command line, in the forms ``add --at`` takes for its day part.

    YYYY-MM-DD, today, tomorrow, yesterday, 'day N', a weekday ('tue', 'tuesday': the first such day of
    the trip from today on while it runs, else from its first day) or a day and month ('10 mar').
    "Today" is the trip day *now* falls on, in the zone of the stop the traveller is at.
    """
    local_today = day_of(index, now)
    start, end = date.fromisoformat(index["start"]), date.fromisoformat(index["end"])
    word = " ".join(text.split()).lower()
    relative = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if word in relative:
        return local_today + timedelta(days=relative[word])
    focus = local_today if start <= local_today <= end else start
    if word in _WEEKDAYS:
        return _weekday(_WEEKDAYS[word], focus, start, end)
    if word.startswith("day") and word[3:].strip().isdigit() and len(word) < 10:
        n = int(word[3:].strip())
        length = (end - start).days + 1
        if not 1 <= n <= length:
            raise InputError(f"{option} {text!r}: the trip has days 1 to {length}")
        return start + timedelta(days=n - 1)
    try:
        day = date.fromisoformat(word)
    except ValueError:
        return _other_day(text, word, focus, start, end, option)
    if (problem := day_problem(day)) is not None:  # agenda --from 9999-12-30 would add days past date.max
        raise InputError(f"{option} {problem}")
    return day


def _other_day(text: str, word: str, focus: date, start: date, end: date, option: str) -> date:
    """The rarer forms ('10 mar', 'march 10 2027'), read by timeparse itself: the slow path is fine here."""
    from zoneinfo import ZoneInfo

    from tripplan.time.entry import TimeContext, TimeEntryError, parse_when

    shown = text if len(text) <= 40 else text[:40] + "..."
    bad = f"{option} {shown!r} is not a date; use {DAY_FORMS}"
    if not word or ":" in word or len(word) > 40:
        raise InputError(bad)
    ctx = TimeContext(trip_start=start, trip_end=end, tz=ZoneInfo("UTC"), focus=focus)
    try:
        # The day part of a start; noon never falls in a clock change's gap.
        return parse_when(f"{word} 12:00", ctx).date()
    except TimeEntryError as exc:
        if "no such date" in exc.reason or "there is no day" in exc.reason:
            raise InputError(f"{option} {shown!r}: {exc.reason}") from None
        raise InputError(bad) from None


def _index_and_now(file: str) -> tuple[dict[str, Any], datetime]:
    now = current_time()
    return load_index(file), now


def _terminal_width() -> int | None:
    """The terminal's width when printing to one; None for pipes and files (no wrapping)."""
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns if sys.stdout.isatty() else None
    except (OSError, ValueError):
        return None


def cmd_today(args: argparse.Namespace) -> int:
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


def cmd_agenda(args: argparse.Namespace) -> int:
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
