"""Natural time entry for events, relative to a trip's dates and destination zone.

The grammar is small and our own (regular expressions over normalised ASCII
text): dateutil's parser guesses a date out of almost anything ("5",
"march", "tue"), which would turn typos into wrong events. dateutil only
supplies pieces (month and weekday names, weekday arithmetic) and is
imported lazily so that importing this module stays cheap.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from tripplan.time.limits import instant_problem, length_problem

__all__ = ["ACCEPTED_FORMS", "TimeContext", "TimeEntryError", "parse_duration", "parse_end", "parse_when"]

ACCEPTED_FORMS = """\
time alone (on the day in focus): 19:30, 9.30, 7pm, 7:30 pm, noon, midnight
day and time: tue 19:30, tuesday 7:30pm, today 14:00, tomorrow 9am,
  yesterday 8:00, day 2 14:00, 2027-03-10 09:00, 2027-03-10T09:00,
  10 mar 19:30, mar 10 19:30, 10 march 2027 19:30
the repeated hour (clocks go back): the first pass by default; the second with the
  zone's abbreviation or offset after it: 2027-10-31 01:30 WET, 01:30 +00:00
duration: 90m, 90 min, 1h30, 1h 30m, 2 hours, 1.5h, 45 minutes, 0:45, 2 days
end of an event: a duration (2h, for 90 min); until 21:00, till 9pm, to 21:00 or a time
  alone (on the start's day, after the start); until midnight; or a day and time
  (until wed 01:00, 2027-03-10 01:00) to end on a later day"""

MAX_DURATION = timedelta(days=14)
_T = TypeVar("_T")

# No valid entry is this long; the cap also keeps int() off huge digit runs.
_MAX_INPUT = 100
_QUOTE_LIMIT = 40
_MAX_HOUR, _MAX_MINUTE, _HALF_DAY = 23, 59, 12
_NAMED_TIMES = {"noon": (12, 0), "midday": (12, 0), "midnight": (0, 0)}

_A = re.ASCII
_CLOCK = re.compile(r"(?P<h>[0-9]{1,2})(?:[:.](?P<m>[0-9]{2}))?(?: ?(?P<ap>[ap])\.?m\.?)?", _A)
_ISO_T = re.compile(r"^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})t(?=[0-9])", _A)
_ISO_DATE = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})", _A)
_DAY_N = re.compile(r"day ?(?P<n>[0-9]{1,4})", _A)
_D, _MON, _Y = r"(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?", r"(?P<mon>[a-z]+)\.?", r"(?:,? (?P<y>[0-9]{4}))?"
_DAY_MONTH = re.compile(rf"{_D} {_MON}{_Y}", _A)
_MONTH_DAY = re.compile(rf"{_MON} {_D}{_Y}", _A)
_UNTIL = re.compile(r"(?:until|till|til|to) (?P<rest>.+)", _A)
_DURATION_HMM = re.compile(r"(?P<h>[0-9]{1,3}):(?P<m>[0-9]{2})", _A)
_NUM = r"[0-9]{1,4}(?:\.[0-9]{1,3})?"
_DURATION_UNITS = re.compile(
    rf"(?:(?P<d>{_NUM}) ?d(?:ays?)? ?)?(?:(?P<h>{_NUM}) ?h(?:rs?|ours?)? ?)?"
    r"(?:(?P<m>[0-9]{1,5}) ?(?P<unit>m(?:in(?:ute)?s?)?)?)?",
    _A,
)
_RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}
# dateutil knows only three-letter and full names; these are common too.
_EXTRA_WEEKDAYS = {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}


class TimeEntryError(ValueError):
    """Raised for any text that is not an accepted time entry.

    The message quotes the input and gives the reason; when the text is in
    no accepted form it also lists ACCEPTED_FORMS. ``text`` and ``reason``
    are also kept separately, for compact display.
    """

    text: str = ""
    reason: str = ""


@dataclass(frozen=True)
class TimeContext:
    """What relative entries are resolved against.

    ``trip_end`` is inclusive; results are aware datetimes in ``tz``, or,
    when ``day_zones`` is given (a multi-city trip: ``Trip.zone_on``), in the
    zone of the day entered; ``focus`` is the day the user is looking at
    (default ``trip_start``).
    """

    trip_start: date
    trip_end: date
    tz: ZoneInfo
    focus: date | None = None
    day_zones: Callable[[date], ZoneInfo] | None = None

    def zone_on(self, day: date) -> ZoneInfo:
        """The zone a wall time on *day* is read in."""
        return self.tz if self.day_zones is None else self.day_zones(day)

    def __post_init__(self) -> None:
        """Reject a trip that ends before it starts."""
        if self.trip_end < self.trip_start:
            raise ValueError(f"trip_end {self.trip_end} is before trip_start {self.trip_start}")

    @property
    def focus_day(self) -> date:
        """The day in focus, defaulting to the first day of the trip."""
        return self.trip_start if self.focus is None else self.focus


class _RejectedError(Exception):
    """A reason; the public functions turn it into TimeEntryError quoting the input."""

    def __init__(self, reason: str, *, show_forms: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.show_forms = reason, show_forms


_OUT_OF_RANGE = "that date is out of range"


def _unrecognised(what: str) -> _RejectedError:
    return _RejectedError(f"not a recognised {what}", show_forms=True)


def _error(text: str, rejection: _RejectedError) -> TimeEntryError:
    shown = text.strip()
    if len(shown) > _QUOTE_LIMIT:
        shown = shown[:_QUOTE_LIMIT] + "..."
    # repr() keeps NULs and control characters away from the terminal.
    message = f"{shown!r}: {rejection.reason}"
    if rejection.show_forms:
        message += "\naccepted forms:\n" + ACCEPTED_FORMS
    error = TimeEntryError(message)
    error.text, error.reason = text, rejection.reason
    return error


def _run(text: str, what: str, parse: Callable[[str], _T]) -> _T:
    """Normalise ``text``, parse it, and turn every rejection into TimeEntryError."""
    # str.split() also swallows non-breaking spaces pasted from elsewhere.
    norm = " ".join(text.split()) if len(text) <= _MAX_INPUT * 4 else ""
    try:
        if not norm or len(norm) > _MAX_INPUT or not norm.isascii():
            raise _unrecognised(what)
        return parse(norm.lower())
    except _RejectedError as rejection:
        raise _error(text, rejection) from rejection.__cause__
    except (OverflowError, ValueError) as exc:  # datetime arithmetic near year 1 or 9999
        raise _error(text, _RejectedError(_OUT_OF_RANGE)) from exc


@functools.cache
def _names() -> tuple[dict[str, int], dict[str, int]]:
    """Return weekday (0 = Monday) and month (1-12) names from dateutil, lowercased."""
    from dateutil.parser import parserinfo  # lazy: keeps importing this module cheap

    info = parserinfo()
    weekdays = {n.lower(): i for i, names in enumerate(info.WEEKDAYS) for n in names}
    months = {n.lower(): i + 1 for i, names in enumerate(info.MONTHS) for n in names}
    return weekdays | _EXTRA_WEEKDAYS, months


def _parse_clock(text: str) -> tuple[int, int] | None:
    """Return (hour, minute), or None if ``text`` is not shaped like a time of day."""
    if text in _NAMED_TIMES:
        return _NAMED_TIMES[text]
    match = _CLOCK.fullmatch(text)
    if match is None or not (match["m"] or match["ap"]):
        return None  # a bare number such as "9" is too ambiguous to be a time
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if match["ap"]:
        if not 1 <= hour <= _HALF_DAY:
            raise _RejectedError("with am/pm the hour must be 1 to 12", show_forms=True)
        hour = hour % _HALF_DAY + (_HALF_DAY if match["ap"] == "p" else 0)
    elif hour > _MAX_HOUR:
        raise _RejectedError("the hour must be 0 to 23", show_forms=True)
    if minute > _MAX_MINUTE:
        raise _RejectedError("the minutes must be 00 to 59", show_forms=True)
    return hour, minute


def _calendar_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise _RejectedError(f"there is no such date ({year:04d}-{month:02d}-{day:02d})") from exc


def _nearest_year(month: int, day: int, ctx: TimeContext) -> date:
    """Return the month/day occurrence nearest the trip (trips may span New Year)."""
    candidates = []
    for year in range(ctx.trip_start.year - 1, ctx.trip_end.year + 2):
        with contextlib.suppress(ValueError):  # Feb 29 in a common year, or year 0
            candidates.append(date(year, month, day))
    if not candidates:
        raise _RejectedError(f"there is no such date (month {month}, day {day})")

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
        raise _RejectedError(_OUT_OF_RANGE) from exc
    return candidate


def _parse_day(text: str, ctx: TimeContext) -> date | None:
    """Return the date named by ``text``, or None if it is not shaped like one."""
    weekdays, months = _names()
    if text in weekdays:
        return _weekday_date(weekdays[text], ctx)
    if match := _DAY_N.fullmatch(text):
        number, length = int(match["n"]), (ctx.trip_end - ctx.trip_start).days + 1
        if not 1 <= number <= length:
            days = f"{length} day{'s' * (length != 1)}"
            raise _RejectedError(f"there is no day {number}: the trip has {days} (day 1 to day {length})")
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


def _aware(day: date, clock: tuple[int, int], tz: ZoneInfo, zone_word: str = "") -> datetime:
    """Return the wall time in ``tz`` (first occurrence if ambiguous, unless *zone_word* names the second).

    A wall time in a DST gap is rejected with the nearest times that exist.
    *zone_word* (lower case) is an abbreviation or offset typed after the
    time ("01:30 wet", "01:30 +00:00"); it must be one the zone has then.
    """
    from tripplan.time.zones import nearest_existing, offset_text, wall_time_exists

    wall = datetime.combine(day, time(*clock))
    if (problem := instant_problem(wall.replace(tzinfo=tz))) is not None:  # 9999-12-31 23:30: no trip's time
        raise _RejectedError(problem)
    hh_mm = f"{clock[0]:02d}:{clock[1]:02d}"
    if not wall_time_exists(wall, tz):
        before, after = nearest_existing(wall, tz)
        raise _RejectedError(f"{hh_mm} does not exist on {day} in {tz.key}: the clocks go forward from "
                             f"{before:%H:%M} to {after:%H:%M} (use {before:%H:%M} or {after:%H:%M})")
    first, second = wall.replace(tzinfo=tz, fold=0), wall.replace(tzinfo=tz, fold=1)
    if not zone_word:
        return first
    for candidate in (first, second):
        if zone_word in (str(candidate.tzname()).lower(), offset_text(candidate)):
            return candidate
    names = sorted({f"{c.tzname()} ({offset_text(c)})" for c in (first, second)})
    raise _RejectedError(f"{zone_word.upper()} is not {tz.key}'s zone at {hh_mm} on {day} "
                         f"(it is {' or '.join(names)})")


_ZONE_WORD = re.compile(r"(?P<rest>.+?) (?P<zone>[a-z]{2,6}|[+-][0-9]{2}:?[0-9]{2})", _A)
_NOT_ZONES = {"am", "pm", "noon", "midday", "midnight", "today", "tomorrow", "yesterday"}


def _split_day_and_clock(norm: str) -> tuple[str, tuple[int, int]] | None:
    """Split "<day> [at] <time>" into the day text and (hour, minute)."""
    words = norm.split(" ")
    # Two words first, so that "7 pm" is read as one time.
    for count in (2, 1):
        if len(words) > count and (clock := _parse_clock(" ".join(words[-count:]))):
            day_words = words[:-count]
            if len(day_words) > 1 and day_words[-1] == "at":
                day_words.pop()
            return " ".join(day_words).rstrip(","), clock
    return None


def _when(norm: str, ctx: TimeContext, what: str = "day and time") -> datetime:
    norm = _ISO_T.sub(r"\1 ", norm.removeprefix("at "))
    zone_word = ""
    if (match := _ZONE_WORD.fullmatch(norm)) and match["zone"] not in _NOT_ZONES and _parse_day(match["zone"], ctx) \
            is None and (_parse_clock(match["rest"]) or _split_day_and_clock(match["rest"])):
        # "01:30 WET": the abbreviation (or offset) picks one pass of a repeated hour.
        norm, zone_word = match["rest"], match["zone"].replace("+", "+").lower()
        if zone_word[0] in "+-" and ":" not in zone_word:
            zone_word = f"{zone_word[:3]}:{zone_word[3:]}"
    if (clock := _parse_clock(norm)) is not None:
        return _aware(ctx.focus_day, clock, ctx.zone_on(ctx.focus_day), zone_word)
    if (split := _split_day_and_clock(norm)) is None:
        if _parse_day(norm, ctx) is not None:
            raise _RejectedError("give a time too, e.g. 'tue 19:30'", show_forms=True)
        raise _unrecognised(what)
    if (day := _parse_day(split[0], ctx)) is None:
        raise _unrecognised(what)
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
    return _run(text, "day and time", lambda norm: _when(norm, ctx))


def _minutes(number: str, per_unit: int) -> int:
    """Multiply a decimal ``number`` by ``per_unit`` minutes, rounded to a minute."""
    whole, _, fraction = number.partition(".")
    scale = int("1" + "0" * len(fraction))
    scaled = (int(whole) * scale + int(fraction or "0")) * per_unit
    return (2 * scaled + scale) // (2 * scale)


def _duration(norm: str) -> timedelta | None:
    """Return the duration named by ``norm``, or None if it is not shaped like one."""
    if match := _DURATION_HMM.fullmatch(norm):
        if int(match["m"]) > _MAX_MINUTE:
            raise _RejectedError("the minutes must be 00 to 59", show_forms=True)
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
        raise _RejectedError("a duration must be more than 0 and at most 14 days")
    return result


def _some_duration(norm: str) -> timedelta:
    if (duration := _duration(norm)) is None:
        raise _unrecognised("duration")
    return duration


def parse_duration(text: str) -> timedelta:
    """Parse a duration such as "1h30" or "45 min" into a timedelta.

    The result is whole minutes (decimals are rounded to the minute), more
    than 0 and at most 14 days. Raises TimeEntryError otherwise.
    """
    return _run(text, "duration", _some_duration)


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
    clock = _parse_clock(until["rest"] if until else norm)
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
        raise _RejectedError(problem)
    return end


def _checked_end(end: datetime, start: datetime, hint: str = "") -> datetime:
    if _utc(end) <= _utc(start):
        local = start.astimezone(end.tzinfo)
        raise _RejectedError(f"ends before it starts (it starts {local:%a %Y-%m-%d %H:%M}){hint}")
    if (problem := length_problem(start, end)) is not None:
        raise _RejectedError(problem)
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
    return _run(text, "end time", lambda norm: _end(norm, start, ctx))
