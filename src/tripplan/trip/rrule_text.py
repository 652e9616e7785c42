"""Reading a ``repeat`` text (an RRULE without DTSTART) into a :class:`Rule`, refusing what cannot be expanded.

The RRULE text is parsed here, into the arguments of ``dateutil.rrule.rrule``
(its public API only) and the UNTIL and COUNT tripplan applies itself;
:mod:`tripplan.trip.rule_walls` expands a rule, :mod:`tripplan.trip.recurrence`
turns its wall times into occurrences.  Only the ``BYDAY`` weekdays import
dateutil, so a trip of one-off events never does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import lru_cache
from typing import Any, Final

# dateutil's frequency numbers (dateutil.rrule.YEARLY … SECONDLY), without importing it on the road path.
YEARLY: Final = 0
MONTHLY: Final = 1
WEEKLY: Final = 2
DAILY: Final = 3
HOURLY: Final = 4
MINUTELY: Final = 5
SECONDLY: Final = 6
_FREQS = {"YEARLY": YEARLY, "MONTHLY": MONTHLY, "WEEKLY": WEEKLY, "DAILY": DAILY, "HOURLY": HOURLY,
          "MINUTELY": MINUTELY, "SECONDLY": SECONDLY}
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# BY parts: (name in dateutil, lowest, highest, zero allowed, negative allowed)
_BY_PARTS = {
    "BYSECOND": ("bysecond", 0, 60, True, False),
    "BYMINUTE": ("byminute", 0, 59, True, False),
    "BYHOUR": ("byhour", 0, 23, True, False),
    "BYMONTHDAY": ("bymonthday", 1, 31, False, True),
    "BYYEARDAY": ("byyearday", 1, 366, False, True),
    "BYWEEKNO": ("byweekno", 1, 53, False, True),
    "BYMONTH": ("bymonth", 1, 12, False, False),
    "BYSETPOS": ("bysetpos", 1, 366, False, True),
}
_UNTIL = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?")
_BYDAY = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")

@dataclass(frozen=True, slots=True)
class Rule:
    """A parsed RRULE: dateutil's arguments, and the UNTIL and COUNT tripplan applies itself.

    ``until`` is a UTC instant (``until_form == "utc"``), a naive wall time
    (``"local"``) or a date (``"date"``), or ``None``.
    """

    freq: int
    interval: int
    count: int | None
    until: datetime | date | None
    until_form: str
    by: tuple[tuple[str, Any], ...]
    wkst: int

    def by_part(self, name: str) -> Any:
        """The value of dateutil argument *name* (a tuple), or ``None``."""
        return dict(self.by).get(name)


def _ints(part: str, value: str) -> tuple[int, ...]:
    _name, lowest, highest, zero, negative = _BY_PARTS[part]
    numbers: list[int] = []
    for item in value.split(","):
        if not re.fullmatch(r"[+-]?\d{1,3}", item.strip()):
            raise ValueError(f"{part}={value}: {item!r} is not a whole number")
        number = int(item)
        if not (lowest <= abs(number) <= highest or (zero and number == 0)) or (number < 0 and not negative):
            span = f"±{lowest}…{highest}" if negative else f"{lowest}…{highest}"
            raise ValueError(f"{part}={value}: {number} is outside {span}")
        numbers.append(number)
    return tuple(sorted(set(numbers)))


def _weekdays(value: str) -> tuple[Any, ...]:
    from dateutil.rrule import weekday

    days: list[Any] = []
    for item in value.split(","):
        match = _BYDAY.fullmatch(item.strip().upper())
        if match is None:
            raise ValueError(f"BYDAY={value}: {item!r} is not a day like MO, 2TU or -1FR")
        n = int(match[1]) if match[1] else None
        if n is not None and not 1 <= abs(n) <= 53:
            raise ValueError(f"BYDAY={value}: {item!r} has an ordinal outside ±1…53")
        days.append(weekday(_DAYS.index(match[2]), n))
    return tuple(days)


def _until(value: str) -> tuple[datetime | date, str]:
    match = _UNTIL.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"UNTIL={value}: expected a date (20271101) or a date-time (20271101T090000Z)")
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
        if match[4] is None:
            return day, "date"
        moment = datetime.combine(day, time(int(match[4]), int(match[5]), min(int(match[6]), 59)))
    except ValueError as exc:
        raise ValueError(f"UNTIL={value}: {exc}") from None
    return (moment.replace(tzinfo=UTC), "utc") if match[7] else (moment, "local")


@lru_cache(maxsize=4096)
def parse_rule(text: str) -> Rule:
    """The rule of a ``repeat`` text (an RRULE without DTSTART); ``ValueError`` naming what is wrong.

    Refuses what RFC 5545 forbids or dateutil cannot expand sensibly: a
    missing or unknown FREQ, a part given twice or unknown, INTERVAL or COUNT
    below 1, COUNT together with UNTIL, BYEASTER (not iCalendar), values out
    of range, and a BYSETPOS that no time of a day, hour or minute can match.
    """
    body = text.strip().removeprefix("RRULE:")
    parts: dict[str, str] = {}
    for item in body.split(";"):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        key = key.strip().upper()
        if not sep or not value.strip():
            raise ValueError(f"{item!r} is not a NAME=VALUE part")
        if key in parts:
            raise ValueError(f"{key} is given twice")
        parts[key] = value.strip()
    if "FREQ" not in parts:
        raise ValueError("FREQ is missing (e.g. FREQ=DAILY)")
    freq = _FREQS.get(parts.pop("FREQ").upper())
    if freq is None:
        raise ValueError(f"FREQ must be one of {', '.join(_FREQS)}")
    interval, count, until, until_form, wkst = 1, None, None, "", 0
    by: dict[str, Any] = {}
    for key, value in parts.items():
        if key == "INTERVAL":
            if not value.isdigit() or int(value) < 1:
                raise ValueError(f"INTERVAL={value}: must be a whole number, 1 or more")
            interval = int(value)
        elif key == "COUNT":
            if not re.fullmatch(r"[+-]?\d+", value) or int(value) < 1:
                raise ValueError(f"COUNT={value}: must be a whole number, 1 or more")
            count = int(value)
        elif key == "UNTIL":
            until, until_form = _until(value)
        elif key == "WKST":
            if value.upper() not in _DAYS:
                raise ValueError(f"WKST={value}: must be one of {', '.join(_DAYS)}")
            wkst = _DAYS.index(value.upper())
        elif key == "BYDAY":
            by["byweekday"] = _weekdays(value)
        elif key in _BY_PARTS:
            by[_BY_PARTS[key][0]] = _ints(key, value)
        elif key == "BYEASTER":
            raise ValueError("BYEASTER is not part of iCalendar")
        else:
            raise ValueError(f"unknown part {key!r}")
    if count is not None and until is not None:
        raise ValueError("COUNT and UNTIL cannot both be given (RFC 5545)")
    rule = Rule(freq, interval, count, until, until_form, tuple(sorted(by.items())), wkst)
    _check_setpos(rule)
    return rule


def _check_setpos(rule: Rule) -> None:
    setpos = rule.by_part("bysetpos")
    if not setpos or rule.freq < DAILY:
        return
    # The set BYSETPOS picks from is one day's times, one hour's minutes × seconds, one minute's seconds.
    hours, minutes, seconds = (len(rule.by_part(n) or (0,)) for n in ("byhour", "byminute", "bysecond"))
    size = {DAILY: hours * minutes * seconds, HOURLY: minutes * seconds, MINUTELY: seconds, SECONDLY: 1}[rule.freq]
    if all(abs(pos) > size for pos in setpos):
        raise ValueError(f"BYSETPOS {list(setpos)} never matches: each set holds {size} time(s)")
