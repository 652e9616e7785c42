"""Expanding events into occurrences within a window of instants.

A rule is expanded in the **wall time of the event's start zone** (``tz``):
a daily 09:30 stand-up stays at 09:30 on both sides of a DST change, as RFC
5545 asks.  A series whose zone is UTC repeats in UTC.  Each wall time then
becomes an instant (:func:`tripplan.time.zones.instant`): one in a gap is the real
instant it names (02:30 on the spring-forward night is 03:30 summer time), one
in the repeated hour is its first occurrence.  An occurrence ends at its own
wall end (the event's wall length after its start, in the end zone), or, for
a travel leg between two zones, after the event's elapsed length.

**From the window, not from DTSTART.**  The expansion starts a whole number
of INTERVAL periods before the window (the rule's BY parts are made explicit
first, so the new start changes nothing but the cost): a daily series from
2010, or an hourly one from 1990, costs what a new one costs.  A COUNT rule
skips ahead the same way when each period holds exactly one occurrence, and
otherwise counts from its start (the cost is bounded by its COUNT).

**UNTIL** (RFC 5545 3.3.10): a UTC date-time (``…Z``) bounds the start
instants; a local date-time bounds wall times; a DATE includes that whole
day.  **EXDATE** matches occurrences by start instant (by date for an
all-day series).  Nothing is capped: a rule dateutil cannot expand sensibly
is refused by :func:`parse_rule` with the reason.

Bounded in work, too: dateutil checks its UNTIL only against dates that pass
the rule's filters, so a rule that stops matching would make it search to
the year 9999.  Expansion therefore happens a whole number of 400-year
Gregorian cycles (same weekdays, leap days and week numbers) closer to that
year, where any search ends within one cycle, and the dates are moved back.

Only dateutil's public API is used: the RRULE text is parsed here, into the
arguments of ``dateutil.rrule.rrule``.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Final

from tripplan.time.zones import day_start, instant
from tripplan.trip.model import Event

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
_CYCLE = 400  # years after which the Gregorian calendar repeats exactly
_LAST_START = 9599  # a rule searched from here ends its search (at the year 9999) within a cycle
_MARGIN = timedelta(days=2)  # wall times and instants differ by less than this in every zone

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
class Occurrence:
    """One concrete happening of an event (the event itself, or one repetition): two instants in UTC."""

    event: Event
    start_utc: datetime
    end_utc: datetime

    @property
    def recurring(self) -> bool:
        """Whether this occurrence belongs to a series (a rule or extra dates)."""
        return self.event.recurring

    @property
    def local_start(self) -> datetime:
        """The start as wall time in the event's start zone."""
        return self.start_utc.astimezone(self.event.tz)

    @property
    def local_end(self) -> datetime:
        """The end as wall time in the event's end zone."""
        return self.end_utc.astimezone(self.event.end_tz)

    @property
    def duration(self) -> timedelta:
        """Elapsed time."""
        return self.end_utc - self.start_utc


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


def _explicit(rule: Rule, start: datetime) -> dict[str, Any]:
    """dateutil's arguments with the parts it would take from DTSTART written out, so any start will do."""
    from dateutil.rrule import weekday

    by = dict(rule.by)
    if not any(k in by for k in ("byweekno", "byyearday", "bymonthday", "byweekday")):
        if rule.freq == YEARLY:
            by.setdefault("bymonth", (start.month,))
            by["bymonthday"] = (start.day,)
        elif rule.freq == MONTHLY:
            by["bymonthday"] = (start.day,)
        elif rule.freq == WEEKLY:
            by["byweekday"] = (weekday(start.weekday()),)
    for name, freq, value in (("byhour", HOURLY, start.hour), ("byminute", MINUTELY, start.minute),
                              ("bysecond", SECONDLY, start.second)):
        if name not in by and rule.freq < freq:
            by[name] = (value,)
    return by


def _regular(rule: Rule, start: datetime) -> bool:
    """Whether each INTERVAL-th period holds exactly one occurrence (so a COUNT can be skipped ahead)."""
    if rule.by:
        return False
    if rule.freq == MONTHLY:
        return start.day <= 28
    return not (rule.freq == YEARLY and (start.month, start.day) == (2, 29))


def _periods(rule: Rule, start: datetime, later: datetime) -> int:
    """Whole periods of the rule's frequency from *start*'s period to *later*'s."""
    if rule.freq == YEARLY:
        return later.year - start.year
    if rule.freq == MONTHLY:
        return (later.year - start.year) * 12 + later.month - start.month
    if rule.freq == WEEKLY:
        return (_week_start(later, rule.wkst) - _week_start(start, rule.wkst)).days // 7
    if rule.freq == DAILY:
        return (later.date() - start.date()).days
    seconds = {HOURLY: 3600, MINUTELY: 60, SECONDLY: 1}[rule.freq]
    return int((_period_start(later, rule.freq) - _period_start(start, rule.freq)).total_seconds()) // seconds


def _week_start(moment: datetime, wkst: int) -> date:
    return moment.date() - timedelta(days=(moment.weekday() - wkst) % 7)


def _period_start(moment: datetime, freq: int) -> datetime:
    if freq == HOURLY:
        return moment.replace(minute=0, second=0, microsecond=0)
    if freq == MINUTELY:
        return moment.replace(second=0, microsecond=0)
    return moment.replace(microsecond=0)


def _advance(rule: Rule, start: datetime, periods: int) -> datetime:
    """The start of the period *periods* after *start*'s."""
    if rule.freq == YEARLY:
        return datetime(start.year + periods, 1, 1)
    if rule.freq == MONTHLY:
        months = start.year * 12 + start.month - 1 + periods
        return datetime(months // 12, months % 12 + 1, 1)
    if rule.freq == WEEKLY:
        return datetime.combine(_week_start(start, rule.wkst) + timedelta(weeks=periods), time(0))
    if rule.freq == DAILY:
        return datetime.combine(start.date() + timedelta(days=periods), time(0))
    step = {HOURLY: timedelta(hours=1), MINUTELY: timedelta(minutes=1), SECONDLY: timedelta(seconds=1)}[rule.freq]
    return _period_start(start, rule.freq) + step * periods


def _dateutil_freq(rule: Rule) -> Any:
    return rule.freq  # dateutil's stubs want a literal; the numbers are the same


def _shift(moment: datetime, years: int) -> datetime:
    return moment.replace(year=moment.year + years)


def rule_walls(rule: Rule, start: datetime, lo: datetime, hi: datetime) -> Iterator[datetime]:
    """The wall times of *rule* for a series starting at wall time *start*, from about *lo* to *hi* (inclusive).

    All naive.  Every wall time in [*lo*, *hi*] is produced, in order; some
    before *lo* may be too (the expansion starts a period early).  UNTIL is
    not applied here (see :func:`occurrences`); COUNT is.
    """
    from dateutil.rrule import rrule

    if hi < start:
        return
    anchor, count = start, rule.count
    skip = (_periods(rule, start, lo) // rule.interval - 1) * rule.interval if lo > start else 0
    if skip > 0 and (count is None or _regular(rule, start)):
        anchor = _advance(rule, start, skip)
        if count is not None:
            count -= skip // rule.interval
            if count <= 0:
                return
    by = _explicit(rule, start)
    years = max(0, (_LAST_START - hi.year) // _CYCLE) * _CYCLE
    last = _shift(hi, years)
    shifted = rrule(_dateutil_freq(rule), dtstart=_shift(anchor, years), interval=rule.interval, wkst=rule.wkst,
                    count=count, until=None if count is not None else last, **by)
    for moment in shifted:
        if moment > last:
            return
        yield _shift(moment, -years)


def _some_day_matches(rule: Rule, start: datetime) -> bool:
    """Whether any day passes the rule's date filters (a quick yearly search; ordinals and BYSETPOS ignored)."""
    from dateutil.rrule import rrule, weekday

    days = rule.by_part("byweekday") or ()
    filters = {"bymonth": rule.by_part("bymonth"), "bymonthday": rule.by_part("bymonthday"),
               "byyearday": rule.by_part("byyearday"), "byweekno": rule.by_part("byweekno"),
               "byweekday": tuple({weekday(d.weekday) for d in days}) if days else None}
    given = {name: value for name, value in filters.items() if value}
    if not given:
        return True
    return next(iter(rrule(YEARLY, dtstart=start, **given)), None) is not None


def check_rule(text: str, start_wall: datetime) -> None:
    """Raise ``ValueError`` if the rule is unusable (see :func:`parse_rule`) or never produces a date.

    What validation of trip files and imports calls: a rule that never
    matches would otherwise be searched for in vain on every expansion.
    The search covers at least one 400-year cycle.
    """
    rule = parse_rule(text)
    from dateutil.rrule import rrule

    years = max(0, (_LAST_START - start_wall.year) // _CYCLE) * _CYCLE
    start = _shift(start_wall.replace(tzinfo=None, fold=0), years)
    if not _some_day_matches(rule, start):
        raise ValueError("it never produces a date")
    probe = rrule(_dateutil_freq(rule), dtstart=start, interval=rule.interval, wkst=rule.wkst, **_explicit(rule, start))
    if next(iter(probe), None) is None:
        raise ValueError("it never produces a date")


def _before_until(rule: Rule, wall: datetime, moment: datetime) -> bool:
    if rule.until is None:
        return True
    if rule.until_form == "utc":
        return moment <= rule.until
    if rule.until_form == "local":
        return wall <= rule.until
    return wall.date() <= rule.until


def occurrences(event: Event, lo: datetime, hi: datetime) -> Iterator[Occurrence]:
    """Occurrences of *event* that overlap the half-open window [*lo*, *hi*) of instants (aware, any zone).

    In start order: the rule's (or the event itself without one) merged with the extra dates
    (``rdates``), an instant given by both counted once, those in ``exdates`` left out.
    """
    lo, hi = lo.astimezone(UTC), hi.astimezone(UTC)
    if not event.rdates:
        if event.repeat:
            yield from _rule_occurrences(event, lo, hi)
        elif event.start_utc < hi and _overlaps(event.start_utc, event.end_utc, lo):
            yield Occurrence(event, event.start_utc, event.end_utc)
        return
    if event.repeat:
        base: Iterator[Occurrence] = _rule_occurrences(event, lo, hi)
    else:
        base = iter([Occurrence(event, event.start_utc, event.end_utc)]
                    if event.start_utc < hi and _overlaps(event.start_utc, event.end_utc, lo)
                    and event.start_utc not in event.exdates else [])
    latest: datetime | None = None
    for found in heapq.merge(base, _extra_occurrences(event, lo, hi), key=lambda o: o.start_utc):
        if latest is not None and found.start_utc == latest:
            continue
        latest = found.start_utc
        yield found


def _extra_occurrences(event: Event, lo: datetime, hi: datetime) -> Iterator[Occurrence]:
    """The occurrences the event's ``rdates`` add inside [*lo*, *hi*), each with the event's own length."""
    tz, end_tz = event.tz, event.end_tz
    skipped = set(event.exdates)
    first = bisect.bisect_left(event.rdates, lo - event.duration - _MARGIN)
    span = event.local_end.replace(tzinfo=None, fold=0) - event.local_start.replace(tzinfo=None, fold=0)
    for start in event.rdates[first:]:
        if start >= hi:
            return
        if start in skipped:
            continue
        if event.all_day:
            day = start.astimezone(tz).date()
            end = day_start(day + timedelta(days=(event.end_day - event.first_day).days), tz)
        elif tz.key == end_tz.key:
            end = instant(start.astimezone(tz).replace(tzinfo=None, fold=0) + span, end_tz)
            if end < start or (end == start and event.duration):
                end = start + event.duration
        else:
            end = start + event.duration
        if _overlaps(start, end, lo):
            yield Occurrence(event, start, end)


def _rule_occurrences(event: Event, lo: datetime, hi: datetime) -> Iterator[Occurrence]:
    """The occurrences of the event's rule overlapping [*lo*, *hi*) (UTC), EXDATEs left out."""
    rule = parse_rule(event.repeat)
    tz, end_tz = event.tz, event.end_tz
    first = event.local_start.replace(tzinfo=None, fold=0)
    lo_wall = (lo - event.duration - _MARGIN).astimezone(tz).replace(tzinfo=None)
    hi_wall = (hi + _MARGIN).astimezone(tz).replace(tzinfo=None)
    if event.all_day:
        days = (event.end_day - event.first_day).days
        skipped_days = {d.astimezone(tz).date() for d in event.exdates}
        for wall in rule_walls(rule, first, lo_wall, hi_wall):
            if not _before_until(rule, wall, instant(wall, tz)):
                return
            if wall.date() in skipped_days:
                continue
            start = day_start(wall.date(), tz)
            if start >= hi:
                return
            end = day_start(wall.date() + timedelta(days=days), tz)
            if _overlaps(start, end, lo):
                yield Occurrence(event, start, end)
        return
    same_zone = tz.key == end_tz.key
    span = event.local_end.replace(tzinfo=None, fold=0) - first  # the wall length, for each occurrence's own end
    skipped = set(event.exdates)
    latest: datetime | None = None
    for wall in rule_walls(rule, first, lo_wall, hi_wall):
        start = event.start_utc if wall == first else instant(wall, tz)
        if not _before_until(rule, wall, start):
            return
        if start >= hi:
            return
        # Wall times in a gap are the instants of the wall times just after it (02:10 is 03:10 summer time):
        # a rule repeating more often than the gap is long reaches those instants twice. Walls map to
        # instants in order otherwise (a repeated hour is read as its first pass), so any instant not later
        # than one already produced is such a repeat.
        if latest is not None and start <= latest:
            continue
        latest = start
        if start in skipped:
            continue
        if wall == first:
            end = event.end_utc
        elif same_zone:
            end = instant(wall + span, end_tz)
            if end <= start:  # the wall end fell into a fold or gap that swallows the whole length
                end = start + event.duration
        else:
            end = start + event.duration
        if _overlaps(start, end, lo):
            yield Occurrence(event, start, end)


def _overlaps(start: datetime, end: datetime, lo: datetime) -> bool:
    """Whether an occurrence starting before the window's end reaches into it (one of no length: starts in it)."""
    return end > lo or start >= lo


def expand(events: Iterable[Event], lo: datetime, hi: datetime) -> list[Occurrence]:
    """All occurrences of *events* overlapping [*lo*, *hi*), sorted by start instant, then end, then id."""
    found = [occ for event in events for occ in occurrences(event, lo, hi)]
    found.sort(key=lambda o: (o.start_utc, o.end_utc, o.event.id))
    return found
