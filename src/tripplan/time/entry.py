"""Natural time entry for events, relative to a trip's dates and destination zone.

The grammar is small and our own (regular expressions over normalised ASCII
text): dateutil's parser guesses a date out of almost anything ("5",
"march", "tue"), which would turn typos into wrong events. dateutil only
supplies pieces (month and weekday names, weekday arithmetic) and is
imported lazily so that importing this module stays cheap.

This module reads starts, ends and durations; the words they are made of
(clock times and days) are read by :mod:`tripplan.time.entry_days`, and the
context and the error every part shares live in :mod:`tripplan.time.entry_context`
(re-exported here).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tripplan.time.entry_context import ACCEPTED_FORMS as ACCEPTED_FORMS
from tripplan.time.entry_context import RejectedError, run_entry, unrecognised
from tripplan.time.entry_context import TimeContext as TimeContext
from tripplan.time.entry_context import TimeEntryError as TimeEntryError
from tripplan.time.entry_days import MAX_MINUTE, parse_clock, parse_day
from tripplan.time.limits import instant_problem, length_problem

__all__ = ["ACCEPTED_FORMS", "TimeContext", "TimeEntryError", "parse_duration", "parse_end", "parse_when"]

MAX_DURATION = timedelta(days=14)

_A = re.ASCII
_ISO_T = re.compile(r"^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})t(?=[0-9])", _A)
_UNTIL = re.compile(r"(?:until|till|til|to) (?P<rest>.+)", _A)
_DURATION_HMM = re.compile(r"(?P<h>[0-9]{1,3}):(?P<m>[0-9]{2})", _A)
_NUM = r"[0-9]{1,4}(?:\.[0-9]{1,3})?"
_DURATION_UNITS = re.compile(
    rf"(?:(?P<d>{_NUM}) ?d(?:ays?)? ?)?(?:(?P<h>{_NUM}) ?h(?:rs?|ours?)? ?)?"
    r"(?:(?P<m>[0-9]{1,5}) ?(?P<unit>m(?:in(?:ute)?s?)?)?)?",
    _A,
)


def _aware(day: date, clock: tuple[int, int], tz: ZoneInfo, zone_word: str = "") -> datetime:
    """Return the wall time in ``tz`` (first occurrence if ambiguous, unless *zone_word* names the second).

    A wall time in a DST gap is rejected with the nearest times that exist.
    *zone_word* (lower case) is an abbreviation or offset typed after the
    time ("01:30 wet", "01:30 +00:00"); it must be one the zone has then.
    """
    from tripplan.time.zones import nearest_existing, offset_text, wall_time_exists

    wall = datetime.combine(day, time(*clock))
    if (problem := instant_problem(wall.replace(tzinfo=tz))) is not None:  # 9999-12-31 23:30: no trip's time
        raise RejectedError(problem)
    hh_mm = f"{clock[0]:02d}:{clock[1]:02d}"
    if not wall_time_exists(wall, tz):
        before, after = nearest_existing(wall, tz)
        raise RejectedError(f"{hh_mm} does not exist on {day} in {tz.key}: the clocks go forward from "
                             f"{before:%H:%M} to {after:%H:%M} (use {before:%H:%M} or {after:%H:%M})")
    first, second = wall.replace(tzinfo=tz, fold=0), wall.replace(tzinfo=tz, fold=1)
    if not zone_word:
        return first
    for candidate in (first, second):
        if zone_word in (str(candidate.tzname()).lower(), offset_text(candidate)):
            return candidate
    names = sorted({f"{c.tzname()} ({offset_text(c)})" for c in (first, second)})
    raise RejectedError(f"{zone_word.upper()} is not {tz.key}'s zone at {hh_mm} on {day} "
                         f"(it is {' or '.join(names)})")


_ZONE_WORD = re.compile(r"(?P<rest>.+?) (?P<zone>[a-z]{2,6}|[+-][0-9]{2}:?[0-9]{2})", _A)
_NOT_ZONES = {"am", "pm", "noon", "midday", "midnight", "today", "tomorrow", "yesterday"}


def _split_day_and_clock(norm: str) -> tuple[str, tuple[int, int]] | None:
    """Split "<day> [at] <time>" into the day text and (hour, minute)."""
    words = norm.split(" ")
    # Two words first, so that "7 pm" is read as one time.
    for count in (2, 1):
        if len(words) > count and (clock := parse_clock(" ".join(words[-count:]))):
            day_words = words[:-count]
            if len(day_words) > 1 and day_words[-1] == "at":
                day_words.pop()
            return " ".join(day_words).rstrip(","), clock
    return None


def _when(norm: str, ctx: TimeContext, what: str = "day and time") -> datetime:
    norm = _ISO_T.sub(r"\1 ", norm.removeprefix("at "))
    zone_word = ""
    if (match := _ZONE_WORD.fullmatch(norm)) and match["zone"] not in _NOT_ZONES and parse_day(match["zone"], ctx) \
            is None and (parse_clock(match["rest"]) or _split_day_and_clock(match["rest"])):
        # "01:30 WET": the abbreviation (or offset) picks one pass of a repeated hour.
        norm, zone_word = match["rest"], match["zone"].replace("+", "+").lower()
        if zone_word[0] in "+-" and ":" not in zone_word:
            zone_word = f"{zone_word[:3]}:{zone_word[3:]}"
    if (clock := parse_clock(norm)) is not None:
        return _aware(ctx.focus_day, clock, ctx.zone_on(ctx.focus_day), zone_word)
    if (split := _split_day_and_clock(norm)) is None:
        if parse_day(norm, ctx) is not None:
            raise RejectedError("give a time too, e.g. 'tue 19:30'", show_forms=True)
        raise unrecognised(what)
    if (day := parse_day(split[0], ctx)) is None:
        raise unrecognised(what)
    return _aware(day, split[1], ctx.zone_on(day), zone_word)


def parse_when(text: str, ctx: TimeContext) -> datetime:
    """Parse a start such as "tue 19:30" into an aware datetime in ``ctx.tz``.

    A weekday is the first such day on or after the focus day within the
    trip; failing that the first such day in the trip; failing that (the
    trip has no such weekday) the first one on or after the focus day.
    "day N" counts ``trip_start`` as day 1. A month and day without a year
    is the occurrence nearest the trip. A time alone is on the focus day.
    An ambiguous wall time (clocks go back) is the first occurrence (fold=0)
    unless the zone's abbreviation or offset follows it ("2027-10-31 01:30
    WET" is the second); one that does not exist (clocks go forward) is
    rejected with the nearest times that do.

    Raises TimeEntryError for anything else.
    """
    return run_entry(text, "day and time", lambda norm: _when(norm, ctx))


def _minutes(number: str, per_unit: int) -> int:
    """Multiply a decimal ``number`` by ``per_unit`` minutes, rounded to a minute."""
    whole, _, fraction = number.partition(".")
    scale = int("1" + "0" * len(fraction))
    scaled = (int(whole) * scale + int(fraction or "0")) * per_unit
    return (2 * scaled + scale) // (2 * scale)


def _duration(norm: str) -> timedelta | None:
    """Return the duration named by ``norm``, or None if it is not shaped like one."""
    if match := _DURATION_HMM.fullmatch(norm):
        if int(match["m"]) > MAX_MINUTE:
            raise RejectedError("the minutes must be 00 to 59", show_forms=True)
        minutes = int(match["h"]) * 60 + int(match["m"])
    else:
        match = _DURATION_UNITS.fullmatch(norm)
        # A bare number is minutes only after hours ("1h30"); alone it is ambiguous.
        if not match or (match["m"] and not match["unit"] and not match["h"]):
            return None
        minutes = _minutes(match["d"] or "0", 24 * 60) + _minutes(match["h"] or "0", 60)
        minutes += int(match["m"] or "0")
    result = timedelta(minutes=minutes)
    if not timedelta(0) < result <= MAX_DURATION:
        raise RejectedError("a duration must be more than 0 and at most 14 days")
    return result


def _some_duration(norm: str) -> timedelta:
    if (duration := _duration(norm)) is None:
        raise unrecognised("duration")
    return duration


def parse_duration(text: str) -> timedelta:
    """Parse a duration such as "1h30" or "45 min" into a timedelta.

    The result is whole minutes (decimals are rounded to the minute), more
    than 0 and at most 14 days. Raises TimeEntryError otherwise.
    """
    return run_entry(text, "duration", _some_duration)


def _utc(moment: datetime) -> datetime:
    # Aware datetimes sharing a tzinfo compare by wall time, ignoring fold;
    # comparing in UTC gets the repeated hour right.
    return moment.astimezone(UTC)


def _wall_after(day: date, clock: tuple[int, int], start: datetime, tz: ZoneInfo) -> datetime:
    end = _aware(day, clock, tz)
    if _utc(end) <= _utc(start) < _utc(end.replace(fold=1)):
        # Start is in the hour repeated when clocks go back: end at the
        # later occurrence of the wall time.
        end = end.replace(fold=1)
    return end


def _end(norm: str, start: datetime, ctx: TimeContext) -> datetime:
    local = start.astimezone(ctx.tz)
    if norm.startswith("for "):
        return _after(start, _some_duration(norm.removeprefix("for ")), ctx.tz)
    until = _UNTIL.fullmatch(norm)
    clock = parse_clock(until["rest"] if until else norm)
    if until and clock is None:
        return _checked_end(_when(until["rest"], ctx, "end time"), start)
    # Midnight alone can only mean the one that ends the start's day.
    if clock is not None and clock == (0, 0):
        return _wall_after(local.date() + timedelta(days=1), clock, start, ctx.tz)
    if clock is not None and until:
        # "until 09:00" after a 10:00 start is a mistake more often than a 23-hour meeting: say so.
        end = _wall_after(local.date(), clock, start, ctx.tz)
        hint = (f"; to end the next day write 'until {local.date() + timedelta(days=1)} {until['rest']}' "
                "or give a length such as '2h'")
        return _checked_end(end, start, hint)
    if clock is not None:
        # A time alone ends on the start's day; a day and time is the way past midnight.
        end = _wall_after(local.date(), clock, start, ctx.tz)
        hint = f"; for the next day write '{local.date() + timedelta(days=1)} {norm}', for a duration e.g. '45m'"
        return _checked_end(end, start, hint)
    if (duration := _duration(norm)) is not None:
        return _after(start, duration, ctx.tz)
    return _checked_end(_when(norm, ctx, "end time"), start)


def _after(start: datetime, duration: timedelta, tz: ZoneInfo) -> datetime:
    # Elapsed time, not wall time: a 2h event across a DST change lasts 2h.
    end = (_utc(start) + duration).astimezone(tz)
    if (problem := instant_problem(end)) is not None:
        raise RejectedError(problem)
    return end


def _checked_end(end: datetime, start: datetime, hint: str = "") -> datetime:
    if _utc(end) <= _utc(start):
        local = start.astimezone(end.tzinfo)
        raise RejectedError(f"ends before it starts (it starts {local:%a %Y-%m-%d %H:%M}){hint}")
    if (problem := length_problem(start, end)) is not None:
        raise RejectedError(problem)
    return end


def parse_end(text: str, start: datetime, ctx: TimeContext) -> datetime:
    """Parse the end of an event starting at ``start`` (aware) into ``ctx.tz``.

    Accepts a duration ("2h", "for 90 min": elapsed time after start);
    "until/till/to <time>" or a time alone ("21:00", so also "0:45"): that
    wall time on the start's day, which must be after the start ("until
    01:00" after a 22:00 start is refused: name the day, "until wed 01:00",
    or give a length); "until midnight"/"00:00" is the end of the start's
    day; or any other parse_when form, which must be after start.

    Raises TimeEntryError otherwise, and ValueError if ``start`` is naive.
    """
    if start.utcoffset() is None:
        raise ValueError("start must be an aware datetime")
    return run_entry(text, "end time", lambda norm: _end(norm, start, ctx))
