"""The RRULE a calendar gets: the trip's own rule, in the form RFC 5545 asks for with its DTSTART.

Split from :mod:`tripplan.ical.export`, which writes it; see :func:`export_rrule`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from tripplan.time.zones import day_start, instant, wall
from tripplan.trip.model import Event
from tripplan.trip.recurrence import Rule, parse_rule, rule_walls

MAX_COUNTED = 100_000  # occurrences counted to turn a COUNT into an UNTIL (see export_rrule); beyond, COUNT stays
_FAR = datetime(2200, 1, 1, tzinfo=UTC)  # after every imported event (convert.LAST_YEAR)


def _until_value(event: Event, moment: datetime) -> str:
    """UNTIL for the occurrence starting at the instant *moment*: UTC for a timed start, a DATE for an all-day one."""
    if event.all_day:
        return f"{moment.astimezone(event.tz):%Y%m%d}"
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _start_of(event: Event, wall_time: datetime) -> datetime:
    """The start instant of the occurrence at *wall_time* (naive, in the event's zone)."""
    if event.all_day:
        return day_start(wall_time.date(), event.tz)
    return event.start_utc if wall_time == wall(event.start_utc, event.tz) else instant(wall_time, event.tz)


def _in_until(rule: Rule, wall_time: datetime, moment: datetime) -> bool:
    """Whether the occurrence at *wall_time* (instant *moment*) is within the rule's UNTIL (RFC 5545's forms)."""
    if rule.until is None:
        return True
    if rule.until_form == "utc":
        return moment <= rule.until
    if rule.until_form == "local":
        return wall_time <= rule.until
    return wall_time.date() <= rule.until


def _starts(event: Event, lo: datetime, hi: datetime) -> Iterator[datetime]:
    """Start instants of the rule's occurrences from about *lo* up to *hi* (instants; EXDATEs ignored)."""
    rule = parse_rule(event.repeat)
    tz = event.tz
    first = wall(event.start_utc, tz)
    for wall_time in rule_walls(rule, first, max(wall(lo, tz), first), wall(hi, tz) + timedelta(days=2)):
        moment = _start_of(event, wall_time)
        if moment >= hi or not _in_until(rule, wall_time, moment):
            return
        yield moment


def _last_before(event: Event, until: datetime) -> datetime | None:
    """The start of the last occurrence before *until* (EXDATEs ignored), searched in windows growing backwards."""
    span = max(event.duration, timedelta(hours=1))
    while True:
        lo = max(until - span, event.start_utc)
        found = [moment for moment in _starts(event, lo, until) if moment >= lo]
        if found:
            return found[-1]
        if lo <= event.start_utc:
            return None
        span *= 8


def _last(event: Event) -> datetime | None:
    """The start of the last occurrence of a COUNT rule (EXDATEs ignored), or ``None`` past ``MAX_COUNTED``."""
    last = None
    for n, moment in enumerate(_starts(event, event.start_utc, _FAR)):
        if n >= MAX_COUNTED:
            return None
        last = moment
    return last


def export_rrule(event: Event, until: datetime | None = None) -> str | None:
    """The event's RRULE as written to a calendar: its own rule, in the form RFC 5545 asks for with its DTSTART.

    Nothing is cut: a series since 2010 is exported as it is, with its parts
    in their order.  UNTIL is written in UTC for a timed start (a local UNTIL
    becomes the instant of that wall time, the later one if it happens twice;
    a DATE UNTIL the last instant of that day) and as a DATE for an all-day
    one.  A COUNT stays, except on a series with EXDATEs: calcurse 4.7 counts
    COUNT after removing them (one occurrence too many), so there it becomes
    an UNTIL at the last occurrence, which means the same to every reader.

    With *until*, the rule is cut there instead (UNTIL at the last occurrence
    before it); ``None`` when no occurrence falls before it.
    """
    text = event.repeat.removeprefix("RRULE:")
    rule = parse_rule(text)
    parts = [(k.strip().upper(), v.strip()) for k, _, v in (p.partition("=") for p in text.split(";") if p.strip())]
    end: str | None = None
    if until is not None:
        last = _last_before(event, until)
        if last is None:
            return None
        end = _until_value(event, last)
    elif rule.count is not None and event.exdates:
        counted = _last(event)
        end = _until_value(event, counted) if counted is not None else None
    if end is None and rule.until is not None:
        end = _rfc_until(event, rule.until, rule.until_form)
    if end is None:
        return ";".join(f"{k}={v}" for k, v in parts)
    kept = [(k, v) for k, v in parts if k not in ("COUNT", "UNTIL")]
    return ";".join(f"{k}={v}" for k, v in [*kept, ("UNTIL", end)])


def _rfc_until(event: Event, value: datetime | date, form: str) -> str:
    """The rule's UNTIL in RFC 5545's form for this DTSTART (see :func:`export_rrule`)."""
    tz = event.tz
    if event.all_day:
        if not isinstance(value, datetime):
            return f"{value:%Y%m%d}"
        return f"{value.astimezone(tz) if form == 'utc' else value:%Y%m%d}"
    if not isinstance(value, datetime):  # a DATE includes its whole day: up to its last second
        moment = day_start(value + timedelta(days=1), tz) - timedelta(seconds=1)
    elif form == "utc":
        moment = value
    else:  # a wall time in the event's zone: the later instant if it happens twice, the real one in a gap
        moment = max(instant(value, tz, 0), instant(value, tz, 1))
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"
