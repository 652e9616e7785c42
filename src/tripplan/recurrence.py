"""Expanding events into occurrences within a time window.

Recurrence rules are expanded in *local wall time* of the event's start zone:
a daily 09:30 stand-up stays at 09:30 on both sides of a DST change, which is
what RFC 5545 asks for and what people expect.  Expansion is always bounded
by the window (normally the trip's dates) and by ``MAX_OCCURRENCES``.

Bounded in work, too: dateutil checks a rule's UNTIL only against dates that
pass its filters, so a rule that never matches ("every 30 February",
``FREQ=DAILY;BYSETPOS=2``) would make it search to the year 9999 — hours for
a per-minute rule.  Rules are therefore expanded 400 years (one Gregorian
cycle: same weekdays, leap days and week numbers) closer to that year, where
the search ends within a cycle, and the dates are moved back; the few rules
that could still search second by second are refused by :func:`parse_rule`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tripplan.model import Event
from tripplan.zones import localize

MAX_OCCURRENCES = 5000


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One concrete happening of an event (the event itself, or one repetition)."""

    event: Event
    start: datetime
    end: datetime

    @property
    def recurring(self) -> bool:
        """Whether this occurrence comes from a recurrence rule."""
        return bool(self.event.repeat)


_CYCLE = 400  # years after which the Gregorian calendar repeats exactly
_LAST_START = 9599  # a rule searched from here ends its search (at the year 9999) within a cycle


def parse_rule(text: str, start_wall: datetime) -> Any:
    """The dateutil rule for a ``repeat`` text starting at *start_wall*; ``ValueError`` if it is unusable.

    Beyond what dateutil checks, refuses rules it accepts but cannot expand
    sensibly: INTERVAL or COUNT below 1 (the same instant forever, or an
    error halfway through), BYEASTER (not iCalendar) and a BYSETPOS that
    no time of a day, hour or minute can match.
    """
    from dateutil.rrule import DAILY, HOURLY, MINUTELY, SECONDLY, rrule, rrulestr

    parsed = rrulestr(text.removeprefix("RRULE:"), dtstart=start_wall)
    if not isinstance(parsed, rrule):  # validation allows one RRULE only, never a set
        raise ValueError(f"{text!r} is not a single RRULE")
    rule: Any = parsed  # what is checked below is dateutil's parsed rule (private attributes)
    if rule._interval < 1:
        raise ValueError("INTERVAL must be 1 or more")
    if rule._count is not None and rule._count < 1:
        raise ValueError("COUNT must be 1 or more")
    if rule._byeaster:
        raise ValueError("BYEASTER is not part of iCalendar")
    if rule._bysetpos and rule._freq >= DAILY:
        # The set BYSETPOS picks from is one day's times, one hour's minutes × seconds, one minute's seconds.
        size = {DAILY: len(rule._timeset or ()), HOURLY: len(rule._byminute or ()) * len(rule._bysecond or ()),
                MINUTELY: len(rule._bysecond or ()), SECONDLY: 1}[rule._freq]
        if all(abs(pos) > max(size, 1) for pos in rule._bysetpos):
            raise ValueError(f"BYSETPOS {sorted(rule._bysetpos)} never matches: each set holds {max(size, 1)} "
                             "time(s)")
    return rule


def _shift(moment: datetime, years: int) -> datetime:
    return moment.replace(year=moment.year + years)


def rule_walls(text: str, start_wall: datetime, until_wall: datetime) -> Iterator[datetime]:
    """The wall times of the rule *text* from *start_wall* up to *until_wall* (inclusive), in order.

    At most ``MAX_OCCURRENCES`` of them, and the search for them is bounded
    (see the module's docstring) even when the rule never matches.
    """
    rule = parse_rule(text, start_wall)
    if start_wall > until_wall:
        return
    current = rule._until
    until = until_wall if current is None or current > until_wall else current
    years = max(0, (_LAST_START - until.year) // _CYCLE) * _CYCLE
    # An open-ended rule (or one with an UNTIL far away) is cut at the window
    # so iteration always stops; COUNT rules cannot also take UNTIL.
    last = _shift(until, years)
    moved = rule.replace(dtstart=_shift(start_wall, years), until=last if rule._count is None else None)
    for count, wall in enumerate(moved):
        if count >= MAX_OCCURRENCES or wall > last:
            return
        yield _shift(wall, -years)


def _some_day_matches(rule: Any, start: datetime) -> bool:
    """Whether any day passes the rule's date filters (a quick yearly search; ordinals and BYSETPOS ignored)."""
    from dateutil.rrule import YEARLY, rrule

    weekdays = {*(rule._byweekday or ()), *(day for day, _ in rule._bynweekday or ())}
    monthdays = {*(rule._bymonthday or ()), *(rule._bynmonthday or ())}
    filters = {"bymonth": rule._bymonth, "bymonthday": monthdays, "byyearday": rule._byyearday,
               "byweekno": rule._byweekno, "byweekday": weekdays}
    given: dict[str, Any] = {name: tuple(sorted(value)) for name, value in filters.items() if value}
    if not given:
        return True
    return next(iter(rrule(YEARLY, dtstart=start, **given)), None) is not None


def check_rule(text: str, start_wall: datetime) -> None:
    """Raise ``ValueError`` if the rule is unusable (see :func:`parse_rule`) or never produces a date.

    What validation of trip files and imports calls: a rule that never
    matches would otherwise be searched for in vain on every expansion.
    The search covers at least one 400-year cycle.
    """
    rule = parse_rule(text, start_wall)
    years = max(0, (_LAST_START - start_wall.year) // _CYCLE) * _CYCLE
    start = _shift(start_wall, years)
    # The cheap test first: "every 30 February" is found out by a yearly search.
    if not _some_day_matches(rule, start) or next(iter(rule.replace(dtstart=start, until=None)), None) is None:
        raise ValueError("it never produces a date")


def occurrences(event: Event, lo: datetime, hi: datetime) -> Iterator[Occurrence]:
    """Occurrences of *event* that overlap the half-open window [*lo*, *hi*)."""
    if not event.repeat:
        if event.start < hi and event.end > lo:
            yield Occurrence(event, event.start, event.end)
        return
    start_zone, end_zone = event.start_zone, event.end_zone
    length = event.end - event.start
    hi_wall = hi.astimezone(start_zone).replace(tzinfo=None)
    skipped = {d.replace(tzinfo=None) for d in event.exdates}
    for wall in rule_walls(event.repeat, event.start.replace(tzinfo=None, fold=0), hi_wall):
        if wall in skipped:
            continue
        start = localize(wall, start_zone)
        if start >= hi:
            break
        end = (start.astimezone(UTC) + length).astimezone(end_zone)
        if event.all_day:
            end = localize(wall + (event.end.replace(tzinfo=None) - event.start.replace(tzinfo=None)), end_zone)
        if end > lo:
            yield Occurrence(event, start, end)


def expand(events: Iterable[Event], lo: datetime, hi: datetime) -> list[Occurrence]:
    """All occurrences of *events* overlapping [*lo*, *hi*), sorted by start then end."""
    found = [occ for event in events for occ in occurrences(event, lo, hi)]
    found.sort(key=lambda o: (o.start, o.end, o.event.id))
    return found
