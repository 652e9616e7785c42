"""The words of a typed time: a clock time ("19:30", "7pm", "noon") and a day ("tue", "day 2", "10 mar", "today").

Part of the time-entry grammar (:mod:`tripplan.time.entry`).  dateutil only
supplies month and weekday names and weekday arithmetic, imported lazily so
that importing this module stays cheap.
"""

from __future__ import annotations

import contextlib
import functools
import re
from datetime import date, timedelta

from tripplan.time.entry_context import OUT_OF_RANGE, RejectedError, TimeContext

# MAX_MINUTE is the durations' too ("0:45").
_MAX_HOUR, MAX_MINUTE, _HALF_DAY = 23, 59, 12
_NAMED_TIMES = {"noon": (12, 0), "midday": (12, 0), "midnight": (0, 0)}

_A = re.ASCII
_CLOCK = re.compile(r"(?P<h>[0-9]{1,2})(?:[:.](?P<m>[0-9]{2}))?(?: ?(?P<ap>[ap])\.?m\.?)?", _A)
_ISO_DATE = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})", _A)
_DAY_N = re.compile(r"day ?(?P<n>[0-9]{1,4})", _A)
_D, _MON, _Y = r"(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?", r"(?P<mon>[a-z]+)\.?", r"(?:,? (?P<y>[0-9]{4}))?"
_DAY_MONTH = re.compile(rf"{_D} {_MON}{_Y}", _A)
_MONTH_DAY = re.compile(rf"{_MON} {_D}{_Y}", _A)
_RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}
# dateutil knows only three-letter and full names; these are common too.
_EXTRA_WEEKDAYS = {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}


@functools.cache
def _names() -> tuple[dict[str, int], dict[str, int]]:
    """Return weekday (0 = Monday) and month (1-12) names from dateutil, lowercased."""
    from dateutil.parser import parserinfo  # lazy: keeps importing this module cheap

    info = parserinfo()
    weekdays = {n.lower(): i for i, names in enumerate(info.WEEKDAYS) for n in names}
    months = {n.lower(): i + 1 for i, names in enumerate(info.MONTHS) for n in names}
    return weekdays | _EXTRA_WEEKDAYS, months


def parse_clock(text: str) -> tuple[int, int] | None:
    """Return (hour, minute), or None if ``text`` is not shaped like a time of day."""
    if text in _NAMED_TIMES:
        return _NAMED_TIMES[text]
    match = _CLOCK.fullmatch(text)
    if match is None or not (match["m"] or match["ap"]):
        return None  # a bare number such as "9" is too ambiguous to be a time
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if match["ap"]:
        if not 1 <= hour <= _HALF_DAY:
            raise RejectedError("with am/pm the hour must be 1 to 12", show_forms=True)
        hour = hour % _HALF_DAY + (_HALF_DAY if match["ap"] == "p" else 0)
    elif hour > _MAX_HOUR:
        raise RejectedError("the hour must be 0 to 23", show_forms=True)
    if minute > MAX_MINUTE:
        raise RejectedError("the minutes must be 00 to 59", show_forms=True)
    return hour, minute


def _calendar_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise RejectedError(f"there is no such date ({year:04d}-{month:02d}-{day:02d})") from exc


def _nearest_year(month: int, day: int, ctx: TimeContext) -> date:
    """Return the month/day occurrence nearest the trip (trips may span New Year)."""
    candidates = []
    for year in range(ctx.trip_start.year - 1, ctx.trip_end.year + 2):
        with contextlib.suppress(ValueError):  # Feb 29 in a common year, or year 0
            candidates.append(date(year, month, day))
    if not candidates:
        raise RejectedError(f"there is no such date (month {month}, day {day})")

    def distance(c: date) -> tuple[int, int]:
        return max(0, (ctx.trip_start - c).days, (c - ctx.trip_end).days), abs(c.year - ctx.trip_start.year)

    return min(candidates, key=distance)


def _weekday_date(weekday: int, ctx: TimeContext) -> date:
    """Resolve a weekday name by the rule in parse_when's docstring."""
    from dateutil import relativedelta as rd  # lazy: keeps importing this module cheap

    try:
        on_or_after = rd.relativedelta(weekday=(rd.MO, rd.TU, rd.WE, rd.TH, rd.FR, rd.SA, rd.SU)[weekday](+1))
        candidate = max(ctx.focus_day, ctx.trip_start) + on_or_after
        if candidate > ctx.trip_end:
            candidate = ctx.trip_start + on_or_after
        if candidate > ctx.trip_end:
            # The trip has no such weekday: the user means the coming one.
            candidate = ctx.focus_day + on_or_after
    except Exception as exc:  # dateutil may raise anything near date.max
        raise RejectedError(OUT_OF_RANGE) from exc
    return candidate


def parse_day(text: str, ctx: TimeContext) -> date | None:
    """Return the date named by ``text``, or None if it is not shaped like one."""
    weekdays, months = _names()
    if text in weekdays:
        return _weekday_date(weekdays[text], ctx)
    if match := _DAY_N.fullmatch(text):
        number, length = int(match["n"]), (ctx.trip_end - ctx.trip_start).days + 1
        if not 1 <= number <= length:
            days = f"{length} day{'s' * (length != 1)}"
            raise RejectedError(f"there is no day {number}: the trip has {days} (day 1 to day {length})")
        return ctx.trip_start + timedelta(days=number - 1)
    if match := _ISO_DATE.fullmatch(text):
        return _calendar_date(int(match["y"]), int(match["m"]), int(match["d"]))
    match = _DAY_MONTH.fullmatch(text) or _MONTH_DAY.fullmatch(text)
    if match and match["mon"] in months:
        month, day = months[match["mon"]], int(match["d"])
        if match["y"]:
            return _calendar_date(int(match["y"]), month, day)
        return _nearest_year(month, day, ctx)
    if text in _RELATIVE_DAYS:
        return ctx.focus_day + timedelta(days=_RELATIVE_DAYS[text])
    return None
