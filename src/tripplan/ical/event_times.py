"""An event's times as the file gives them: DTSTART, DTEND, DURATION and RECURRENCE-ID read into instants
and zones, and the start, end and zones of the event (:class:`Span`), read the way other readers read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tripplan.ical.event_zones import resolve_zone
from tripplan.ical.import_context import (
    UTC_ZONE,
    Context,
    Extra,
    UnknownZone,
    Unusable,
    When,
    get_prop,
    no_days,
)
from tripplan.ical.zonematch import tzid_name
from tripplan.time.zones import day_start, instant, wall


def _floating(naive: datetime, ctx: Context) -> When:
    tz = ctx.wall_zone(naive.date())
    return When(moment=instant(naive, tz), zone=tz, wall=naive, floating=True)


def read_date_time(value: datetime, tzid: str, ctx: Context, what: str, extra: Extra = no_days) -> When:
    """A DATE-TIME value as icalendar read it: its instant and zone."""
    tz = value.tzinfo
    naive = value.replace(tzinfo=None, fold=0)
    if tz is None and not tzid:
        ctx.note(f"times without a zone read {ctx.floating_text}")
        return _floating(naive, ctx)
    key = getattr(tz, "key", None)
    # (Asked in this order: the offset of a zone the file defines is slow to work out.)
    if key in ("UTC", "Etc/UTC") or (not tzid and not isinstance(tz, ZoneInfo) and value.utcoffset() == timedelta(0)):
        return When(moment=value.astimezone(UTC), zone=UTC_ZONE, utc=True, wall=naive)
    if isinstance(tz, ZoneInfo) and tzid == tz.key:  # the usual case: an IANA name, read as that zone
        return When(moment=value.astimezone(UTC), zone=tz, wall=naive)
    if tzid:
        # The file's own name decides (a Windows name icalendar mapped, a zone defined in the file);
        # the instant is the wall time in that zone, read as RFC 5545 says (a gap time is the one after it).
        # (icalendar's tzinfo is not asked: it may come from its process-wide cache of another calendar.)
        try:
            found = resolve_zone(tzid, ctx, what, extra)
        except UnknownZone:
            name = tzid_name(tzid)
            if name in ctx.unreadable:
                ctx.lose(f"the file's VTIMEZONE {name[:80]!r} cannot be read: its times are read as floating "
                         f"times, {ctx.floating_text}, and may be off by hours")
            else:
                ctx.note(f"zone {name[:80]!r} is neither defined in the file nor a known zone name: its times "
                         f"are read as floating times, {ctx.floating_text}")
            return _floating(naive, ctx)
        if isinstance(tz, ZoneInfo) and tz.key != found.key:
            ctx.note(f"zone {tzid!r} read as {found.key}")
        return When(moment=instant(naive, found, value.fold), zone=found, wall=naive)
    if isinstance(tz, ZoneInfo):
        return When(moment=value.astimezone(UTC), zone=tz, wall=naive)
    # An offset with no zone (not iCalendar, but icalendar may produce one): keep the instant.
    assert tz is not None
    return When(moment=value.astimezone(UTC), zone=ctx.shown_zone(value.astimezone(UTC)), wall=naive)


def _value(prop: Any, name: str) -> Any:
    try:
        return prop.dt
    except Exception as exc:
        # icalendar says "Cannot access 'dt' on broken property 'X' (expected …): REASON"; the reason is enough.
        reason = " ".join(str(exc).split()).rsplit("): ", 1)[-1]
        raise Unusable(f"{name} cannot be read ({reason[:120]})") from None


def read_when(component: Any, name: str, ctx: Context, extra: Extra = no_days) -> When | None:
    """The DTSTART, DTEND, RECURRENCE-ID … *name* of *component* (``None`` when it has none)."""
    prop = get_prop(component, name)
    if prop is None:
        return None
    if isinstance(prop, list):
        prop = prop[0]
    value = _value(prop, name)
    if isinstance(value, datetime):
        return read_date_time(value, str(prop.params.get("TZID", "")), ctx, name, extra)
    if isinstance(value, date):
        return When(day=value)
    raise Unusable(f"{name} is not a date or date-time")


def naive_day(component: Any, name: str) -> date | None:
    """The date a DTSTART/DTEND gives, without reading its zone (to know which days its zone must cover)."""
    prop = get_prop(component, name)
    try:
        value = (prop[0] if isinstance(prop, list) else prop).dt if prop is not None else None
    except Exception:
        return None
    return value.date() if isinstance(value, datetime) else value if isinstance(value, date) else None


def _duration(component: Any) -> timedelta | None:
    prop = get_prop(component, "DURATION")
    if prop is None:
        return None
    if isinstance(prop, list):
        prop = prop[0]
    span = getattr(prop, "dt", None)
    if not isinstance(span, timedelta):
        raise Unusable("DURATION cannot be read")
    return span


def add_duration(moment: datetime, span: timedelta, tz: ZoneInfo) -> datetime:
    """*moment* + *span* as RFC 5545 adds a DURATION: whole days are nominal (the same wall time), the rest exact."""
    moved = instant(wall(moment, tz) + timedelta(days=span.days), tz) if span.days else moment
    return moved + timedelta(seconds=span.seconds, microseconds=span.microseconds)


@dataclass
class Span:
    """When an event happens, worked out from DTSTART, DTEND or DURATION."""

    all_day: bool
    tz: ZoneInfo
    end_tz: ZoneInfo
    start_utc: datetime
    end_utc: datetime
    first_day: date


def _midnight(day: date, like: When, ctx: Context) -> When:
    """A date read as midnight in the zone of the date-time *like* (recurring-ical-events' reading)."""
    naive = datetime.combine(day, time(0))
    if like.floating or like.zone is None:
        return _floating(naive, ctx)
    return When(moment=instant(naive, like.zone), zone=like.zone, utc=like.utc, wall=naive)


def read_span(component: Any, found: When, ctx: Context, extra: Extra, repeating: bool, remarks: list[str]) -> Span:
    """Start, end and zones; what other readers accept beyond RFC 5545 is read their way, with a remark."""
    end = read_when(component, "DTEND", ctx, extra)
    span = _duration(component) if end is None else None
    if found.day is not None and ((end is not None and end.day is None)
                                  or (span is not None and (span.seconds or span.microseconds))):
        # A date start with a date-time end (or a length in hours): a timed event from midnight.
        like = end if end is not None else When(floating=True)
        remarks.append(f"its DTSTART is a date and its {'DTEND a date-time' if end else 'DURATION in hours'}: "
                       "read as a timed event from midnight")
        found = _midnight(found.day, like, ctx)
    elif found.day is None and end is not None and end.day is not None:
        remarks.append("its DTSTART is a date-time and its DTEND a date: read as ending at midnight")
        end = _midnight(end.day, found, ctx)
    if end is not None and end.day is None and found.day is None and found.floating != end.floating:
        # One of the two has no zone (or one nobody knows): it is read in the other's (recurring-ical-events).
        aware, naive = (end, found) if found.floating else (found, end)
        assert aware.zone is not None and naive.wall is not None
        moved = When(moment=instant(naive.wall, aware.zone), zone=aware.zone, utc=aware.utc, wall=naive.wall)
        which = "DTSTART" if found.floating else "DTEND"
        remarks.append(f"its {which} has no zone (or an unknown one): read in the zone of the other, "
                       f"{aware.zone.key}")
        found, end = (moved, end) if found.floating else (found, moved)
    if found.day is not None:
        first = found.day
        last = end.day if end is not None and end.day is not None else \
            first + timedelta(days=span.days) if span is not None else first + timedelta(days=1)
        if last < first:
            remarks.append(f"it ends ({last:%Y-%m-%d}) before it starts ({first:%Y-%m-%d}): the two are swapped")
            first, last = last, first
        if last == first:
            last = first + timedelta(days=1)
            ctx.note("all-day events that end on the day they start (DTEND = DTSTART) are read as one day")
        tz = ctx.dates_zone(first)
        return Span(True, tz, tz, day_start(first, tz), day_start(last, tz), first)
    assert found.moment is not None and found.zone is not None
    # A series given in UTC repeats in UTC; a one-off UTC time shows in the calendar's (or trip's) zone.
    tz = found.zone if not found.utc or repeating else ctx.shown_zone(found.moment)
    start_utc = found.moment
    if end is not None:
        assert end.moment is not None and end.zone is not None
        end_utc, end_tz = end.moment, tz if end.utc or end.zone.key == tz.key else end.zone
    elif span is not None:
        end_utc, end_tz = add_duration(start_utc, span, tz), tz
    else:
        end_utc, end_tz = start_utc, tz  # RFC 5545: a DTSTART alone is a moment
    if found.utc and not repeating and end_tz.key != tz.key:
        # Given in UTC, ending in a named zone: the event is in that zone (tripplan's own export writes the
        # second pass of a repeated hour this way, the only way iCalendar can say it).
        tz = end_tz
    if end_utc < start_utc:
        remarks.append(f"it ends ({end_utc.astimezone(end_tz):%Y-%m-%d %H:%M}) before it starts "
                       f"({start_utc.astimezone(tz):%Y-%m-%d %H:%M}): the two are swapped")
        start_utc, end_utc = end_utc, start_utc
    return Span(False, tz, end_tz, start_utc, end_utc, start_utc.astimezone(tz).date())
