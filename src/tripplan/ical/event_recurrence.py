"""An imported event's recurrence: its RRULEs (checked, the first kept, the others as extra dates),
RDATEs and PERIODs, EXDATEs, and the occurrence starts an EXDATE or RECURRENCE-ID may name.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from tripplan.ical.event_times import add_duration, read_date_time
from tripplan.ical.import_context import (
    Context,
    Unusable,
    When,
    all_props,
    get_prop,
)
from tripplan.time.limits import LAST_YEAR
from tripplan.time.zones import day_start, instant, wall
from tripplan.trip.model import Event

MAX_RULE_DATES = 1000  # occurrences of a second RRULE kept as extra dates with --all-dates (no trip window)
_TICK = timedelta(microseconds=1)


def _leaf(leaf: Any, group: Any, name: str, ctx: Context) -> tuple[When, When | timedelta | None]:
    """One EXDATE/RDATE value: the date or date-time, and for a PERIOD its end (or length)."""
    value = leaf.dt
    tzid = str(leaf.params.get("TZID", "") or group.params.get("TZID", ""))
    end: When | timedelta | None = None
    if isinstance(value, tuple):  # a PERIOD: (start, end) or (start, length)
        value, until = value
        if isinstance(until, timedelta):
            end = until
        elif isinstance(until, datetime):
            end = read_date_time(until, tzid, ctx, name)
        elif isinstance(until, date):
            end = When(day=until)
    if isinstance(value, datetime):
        return read_date_time(value, tzid, ctx, name), end
    if isinstance(value, date):
        return When(day=value), None
    raise Unusable(f"{name} is not a date or date-time")


def recurrence_candidates(found: When, series: Event) -> list[datetime]:
    """The start instants an EXDATE or RECURRENCE-ID value may name in *series*, most likely first.

    As recurring-ical-events (and so most readers) match them: a value names an occurrence whose start
    has the same UTC time or the same wall time as the value (its UTC time and its wall time as
    written; a floating value only its wall time; a date its midnight).  An all-day series' occurrences
    start at midnight of their date: a date-time names the date whose midnight it is, in its own terms
    (the wall time as written, or UTC), never through the trip's zone.  The caller keeps those that are
    occurrences of the series.
    """
    tz = series.tz
    if (found.moment is not None and found.wall is not None and found.zone is tz and not series.all_day
            and not found.floating):
        # The usual case, quickly: a value in the series' own zone (its wall time is its instant there).
        utc_wall = found.moment.replace(tzinfo=None)
        return [found.moment, found.wall.replace(tzinfo=UTC), instant(utc_wall, tz)]
    walls: list[datetime] = []
    if found.day is not None:
        walls.append(datetime.combine(found.day, time(0)))
    else:
        assert found.wall is not None
        walls.append(found.wall)
        if found.moment is not None and not found.floating:
            walls.append(found.moment.replace(tzinfo=None))  # its UTC time, as a wall time
    if series.all_day:
        return list(dict.fromkeys(day_start(w.date(), tz) for w in walls if w.time() == time(0)))
    found_all: list[datetime] = []
    if found.moment is not None and not found.floating and found.day is None:
        found_all.append(found.moment)
    for naive in walls:
        found_all += [instant(naive, tz), naive.replace(tzinfo=UTC)]
    return list(dict.fromkeys(found_all))


def _starts(event: Event, lo: datetime, hi: datetime) -> list[datetime]:
    from tripplan.trip.recurrence import occurrences

    return [o.start_utc for o in occurrences(event, lo, hi) if lo <= o.start_utc < hi]


def _exdates(component: Any, event: Event, ctx: Context) -> list[datetime]:
    """EXDATE values as the start instants they may remove (the caller keeps those that remove one).

    A date removes every occurrence on that date, as recurring-ical-events reads it.
    """
    values = get_prop(component, "EXDATE")
    if values is None:
        return []
    found: list[datetime] = []
    for group in values if isinstance(values, list) else [values]:
        for leaf in getattr(group, "dts", []):
            when, _ = _leaf(leaf, group, "EXDATE", ctx)
            found += recurrence_candidates(when, event)
            if when.day is not None and not event.all_day:
                found += _starts(event, day_start(when.day, event.tz), day_start(when.day + timedelta(days=1),
                                                                                  event.tz))
    return found


def _rdates(component: Any, event: Event, ctx: Context) -> tuple[list[datetime], list[tuple[datetime, datetime]]]:
    """RDATE values: start instants of occurrences as long as the event, and PERIODs of another length.

    A date on a timed event is its midnight in the event's zone, a date-time on an all-day event its date
    as written, a floating value the wall time in the event's zone (recurring-ical-events' readings).
    """
    values = get_prop(component, "RDATE")
    if values is None:
        return [], []
    starts: list[datetime] = []
    periods: list[tuple[datetime, datetime]] = []
    tz = event.tz
    for group in values if isinstance(values, list) else [values]:
        for leaf in getattr(group, "dts", []):
            when, until = _leaf(leaf, group, "RDATE", ctx)
            if event.all_day:
                day = when.day if when.day is not None else when.wall.date() if when.wall is not None else None
                if day is not None:
                    starts.append(day_start(day, tz))
                continue
            if when.day is not None:
                start = instant(datetime.combine(when.day, time(0)), tz)
            elif when.floating:
                assert when.wall is not None
                start = instant(when.wall, tz)
            else:
                assert when.moment is not None
                start = when.moment
            if isinstance(until, timedelta):
                end = add_duration(start, until, tz)
            elif isinstance(until, When) and until.day is not None:
                end = instant(datetime.combine(until.day, time(0)), tz)
            elif isinstance(until, When) and until.moment is not None:
                end = instant(until.wall, tz) if until.floating and until.wall else until.moment
            else:
                starts.append(start)
                continue
            if end < start:
                end = start
            if end - start == event.duration:
                starts.append(start)
            else:
                periods.append((start, end))
    return starts, periods


def _drop_bad_count(rule: str, remarks: list[str]) -> str:
    """The rule without a COUNT below 1 (recurring-ical-events leaves such a COUNT out, keeping any UNTIL)."""
    parts = [p for p in rule.split(";") if p.strip()]
    bad = [p for p in parts if re.fullmatch(r"\s*COUNT\s*=\s*[+-]?\d+\s*", p, re.IGNORECASE)
           and int(p.split("=", 1)[1]) < 1]
    if not bad:
        return rule
    kept = [p for p in parts if p not in bad]
    until = any(p.strip().upper().startswith("UNTIL=") for p in kept)
    remarks.append(f"its RRULE has {bad[0].strip()}, which is no count (RFC 5545: 1 or more): read without it"
                   + (", up to its UNTIL" if until else ", with no end (as recurring-ical-events reads it)"))
    return ";".join(kept)


_NEVER = ("never produces a date", "never matches")


def _rules(component: Any, start_wall: datetime, remarks: list[str], losses: list[str], raw: list[str]) -> list[str]:
    """The usable RRULEs, as the file writes them (*raw*), else as icalendar reads them; the others noted.

    Kept as they came: UNTIL in any of RFC 5545's forms (UTC, local, DATE) is read by the recurrence module.
    """
    from tripplan.trip.recurrence import check_rule

    rules = get_prop(component, "RRULE")
    if rules is None:
        return []
    values = rules if isinstance(rules, list) else [rules]
    usable: list[str] = []
    for index, value in enumerate(values):
        text = value.to_ical().decode("utf-8", "replace")
        written = raw[index] if len(raw) == len(values) else ""
        error = ""
        for candidate in ([written] if written else []) + [text]:
            rule = ";".join(part.strip() for part in candidate.split(";") if part.strip())
            if "\n" in rule or "\r" in rule or len(rule) > 1000:
                continue
            rule = _drop_bad_count(rule, remarks)
            try:
                check_rule(rule, start_wall)
            except Exception as exc:
                error = error or str(exc)
                continue
            usable.append(rule)
            break
        else:
            shown = (written or text)[:200]
            if any(phrase in error for phrase in _NEVER):
                # RFC 5545: DTSTART is the first occurrence; a rule that adds none leaves it alone.
                why = "" if error == "it never produces a date" else f" ({error})"
                remarks.append(f"its repeat rule {shown!r} never produces a date{why}; its DTSTART is its only "
                               "occurrence")
            else:
                losses.append(f"its repeat rule {shown!r} is not understood ({error}); only the first "
                              "occurrence imported")
    return usable


def _until_passed(event: Event) -> bool:
    """Whether the rule's UNTIL lies before the event's start (then even DTSTART is no occurrence)."""
    from tripplan.trip.recurrence import parse_rule

    rule = parse_rule(event.repeat)
    if rule.until is None:
        return False
    start_wall = wall(event.start_utc, event.tz)
    if rule.until_form == "utc":
        return bool(event.start_utc > rule.until)
    if rule.until_form == "local":
        return bool(start_wall > rule.until)
    return bool(start_wall.date() > rule.until)


_UTC_UNTIL = re.compile(r"UNTIL=(\d{8}T\d{6})Z", re.IGNORECASE)


def _aware_zone(component: Any) -> Any:
    """The zone of the first EXDATE or RDATE given with one (recurring-ical-events reads a series in it)."""
    for name in ("EXDATE", "RDATE"):
        for group in all_props(component, name):
            for leaf in getattr(group, "dts", []):
                value = leaf.dt[0] if isinstance(leaf.dt, tuple) else leaf.dt
                if isinstance(value, datetime) and value.tzinfo is not None:
                    return value.tzinfo
    return None


def _day_until(rule: str, component: Any, remarks: list[str]) -> str:
    """An all-day series' UNTIL in UTC as the date recurring-ical-events takes it.

    Exchange writes the UNTIL of an all-day series as the UTC instant of a local midnight
    (``UNTIL=20240728T230000Z`` for 29 July in London): it is the date of that instant in the zone of the
    series' first EXDATE or RDATE with a zone, else its UTC date.
    """
    found = _UTC_UNTIL.search(rule)
    if found is None:
        return rule
    moment = datetime.strptime(found[1], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    tz = _aware_zone(component)
    day = moment.astimezone(tz).date() if tz is not None else moment.date()
    if day != moment.date() or moment.time() != time(0):
        where = f"in the zone of its EXDATEs ({getattr(tz, 'key', tz)})" if tz is not None else "in UTC"
        remarks.append(f"its UNTIL {found[1]}Z on an all-day series is read as the date {day:%Y-%m-%d} ({where})")
    return f"{rule[:found.start()]}UNTIL={day:%Y%m%d}{rule[found.end():]}"


def read_recurrence(component: Any, event: Event, ctx: Context, raw: list[str], remarks: list[str],
                losses: list[str]) -> tuple[Event, list[tuple[datetime, datetime]]]:
    """The event with its rule, extra dates and left-out dates; and its PERIODs of another length."""
    rules = _rules(component, wall(event.start_utc, event.tz), remarks, losses, raw)
    if event.all_day:
        rules = [_day_until(rule, component, remarks) for rule in rules]
    extra, periods = _rdates(component, event, ctx)
    if rules:
        event = replace(event, repeat=rules[0])
        first = next(iter(_starts(event, event.start_utc, event.start_utc + _TICK)), None)
        if first != event.start_utc and not _until_passed(event):
            # RFC 5545 counts DTSTART as the first occurrence; recurring-ical-events and calendar programs show it.
            remarks.append("its DTSTART is not one of its rule's dates: kept as an occurrence of its own")
            extra.append(event.start_utc)
    for rule in rules[1:]:
        more = replace(event, repeat=rule, rdates=(), exdates=())
        if ctx.window is not None:
            found = _starts(more, *ctx.window)
            where = "in the trip"
        else:
            from itertools import islice

            from tripplan.trip.recurrence import occurrences

            far = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)
            found = [o.start_utc for o in islice(occurrences(more, event.start_utc, far), MAX_RULE_DATES + 1)]
            where = "from its start"
            if len(found) > MAX_RULE_DATES:
                losses.append(f"its RRULE {rule[:120]!r} has more than {MAX_RULE_DATES} occurrences; only the first "
                              f"{MAX_RULE_DATES} are kept")
                found = found[:MAX_RULE_DATES]
        extra += found
        remarks.append(f"it has a second RRULE {rule[:120]!r} (a trip event keeps one rule): its {len(found)} "
                       f"occurrence(s) {where} are kept as extra dates")
    if extra or periods:
        event = replace(event, rdates=tuple(extra) + tuple(start for start, _ in periods))
    if event.recurring and get_prop(component, "EXDATE") is not None:
        event = replace(event, exdates=tuple(_exdates(component, event, ctx)))
    return event, periods
