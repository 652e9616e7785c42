"""The wall times of a rule, from the window rather than from DTSTART, and the check that a rule ever matches.

**From the window, not from DTSTART.**  The expansion starts a whole number
of INTERVAL periods before the window (the rule's BY parts are made explicit
first, so the new start changes nothing but the cost).  **Bounded in work:**
dateutil checks its UNTIL only against dates that pass the rule's filters,
so the expansion happens a whole number of 400-year Gregorian cycles closer
to the year 9999, where any search ends within one cycle, and the dates are
moved back (:mod:`tripplan.trip.recurrence` explains the whole expansion).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from tripplan.trip.rrule_text import DAILY, HOURLY, MINUTELY, MONTHLY, SECONDLY, WEEKLY, YEARLY, Rule, parse_rule

_CYCLE = 400  # years after which the Gregorian calendar repeats exactly
_LAST_START = 9599  # a rule searched from here ends its search (at the year 9999) within a cycle


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
