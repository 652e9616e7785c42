"""Turn one ``icalendar`` VEVENT into a draft trip event, or say exactly why it cannot be used.

**Instants are kept exactly.**  A time in UTC (``…Z``) is that instant; a
time with a TZID is the instant its wall time names in that zone (one in the
repeated hour is the first, as RFC 5545 says; one in a gap is the instant
after it, 02:30 → 03:30 summer time); a floating time is read in the
calendar's X-WR-TIMEZONE, else in the trip's zone.

**The zone an event is stored in** is the IANA zone the file names
(directly, or through the CLDR Windows table that icalendar ships, or by a
vendor prefix such as ``/mozilla.org/…/Europe/Berlin``).  A zone the file
defines itself under another name (Outlook's ``(UTC+01:00) Amsterdam,
Berlin, …``) is an IANA zone only where its offsets agree with that zone over
the trip's dates; else it keeps its own rules as one of the trip's custom
zones (``[trip.zones]``), and where even that cannot be, the event is refused
naming the zone (see :mod:`tripplan.ical.zonematch`).  A TZID neither known
nor defined by a VTIMEZONE in the file is an error for that event: guessing
would put it hours off.

A series whose start is in UTC repeats in UTC (its zone is UTC); a one-off
event given in UTC keeps its instant and is stored in the zone its DTEND
names, else the calendar's X-WR-TIMEZONE, else the trip's zone, so it shows
in local time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tripplan.ical.zonematch import NoRule, agree, iana_match, own_rules, tzid_name, vtimezone_tz
from tripplan.model import Event, Kind, Reminder, parse_kind
from tripplan.zones import UnknownZoneError, day_start, instant, rule_zone, wall, zone

# An address as people write it: no spaces, quotes, brackets or separators a calendar line could trip over.
EMAIL = re.compile(r"[^@\s\"<>(),;:\\\[\]]+@[^@\s\"<>(),;:\\\[\]]+")
MAX_TEXT = 20_000
FIRST_YEAR, LAST_YEAR = 1900, 2199  # events outside these years are not imported, even with --all-dates
MAX_SEQUENCE = 2**31 - 1  # RFC 5545 integers are 32-bit; a bigger one is nonsense, and other TOML readers refuse it
# Control characters (C0 but tab and line feed, DEL, C1): a title must not be able to drive the terminal it is shown in.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
UTC_ZONE = ZoneInfo("UTC")
MAX_OWN_ZONES = 5  # zones a file defines under names of its own that are compared with the IANA zones (each ~0.2 s)


def clean(text: str) -> str:
    """*text* without control characters (a CR/LF pair or lone CR becomes LF; tab stays)."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class Unusable(Exception):
    """This event cannot be imported; the message says why."""


@dataclass
class Context:
    """What a calendar says about its events' zones, and notes collected while converting.

    *days* are the first and last day over which a zone the file defines must
    agree with an IANA zone (the trip's, with a day's margin); *custom* is the
    trip's ``[trip.zones]``, to which a zone that keeps its own rules is added.
    """

    trip_zone: ZoneInfo
    default_zone: ZoneInfo
    default_reason: str
    days: tuple[date, date] | None = None
    timezones: dict[str, Any] = field(default_factory=dict)  # the file's VTIMEZONEs by TZID
    custom: dict[str, str] = field(default_factory=dict)
    notes: dict[str, None] = field(default_factory=dict)  # ordered set
    resolved: dict[tuple[str, tuple[tuple[date, date], ...]], ZoneInfo | str] = field(default_factory=dict)

    def note(self, text: str) -> None:
        self.notes[text] = None


@dataclass(frozen=True)
class When:
    """A DTSTART/DTEND/… as the file gives it: a date, or an instant with its zone (``utc``: given in UTC)."""

    day: date | None = None
    moment: datetime | None = None  # UTC
    zone: ZoneInfo | None = None
    utc: bool = False
    wall: datetime | None = None  # the wall time as written (naive)


@dataclass
class Draft:
    """An imported event before it is merged: the event plus what the file said about it.

    ``recurrence_id`` is the instant (UTC) of the occurrence this copy replaces (for a date, the first
    instant of that day in the trip's zone); ``recurrence`` is the RECURRENCE-ID as the file gives it, which
    :func:`occurrence_instant` matches against the series (by date for an all-day series).
    """

    uid: str
    sequence: int
    dtstamp: datetime | None
    event: Event
    line: int
    attendees: list[tuple[str, str]] = field(default_factory=list)  # (email, name)
    recurrence_id: datetime | None = None
    recurrence: When | None = None
    cancelled: bool = False
    kind_from_file: bool = False
    remarks: list[str] = field(default_factory=list)


def _zone_for_tzid(tzid: str) -> tuple[ZoneInfo | None, str]:
    """The IANA zone a TZID means without a VTIMEZONE, and how we know (for the report)."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    name = tzid_name(tzid)
    candidates = [(name, "")]
    if name in WINDOWS_TO_OLSON:
        candidates.append((WINDOWS_TO_OLSON[name], "Windows zone name"))
    parts = [p for p in name.split("/") if p]
    candidates += [("/".join(parts[-n:]), "vendor-prefixed zone name") for n in (3, 2) if len(parts) > n]
    for candidate, how in candidates:
        try:
            return zone(candidate), how
        except UnknownZoneError:
            continue
    return None, ""


def _custom_name(name: str, rule: str, custom: dict[str, str]) -> str:
    """The name a kept zone gets in ``[trip.zones]``: the TZID (cut to fit), numbered when taken by another rule."""
    base = " ".join(clean(name).split())[:190] or "Custom zone"
    try:
        zone(base)
        base = f"{base} (from the calendar)"  # an IANA name cannot name a custom zone
    except UnknownZoneError:
        pass
    candidate, n = base, 2
    while custom.get(candidate, rule) != rule:
        candidate, n = f"{base} ({n})", n + 1
    return candidate


Extra = Callable[[], "tuple[date, date] | None"]  # the event's own days, worked out only when needed


def _none() -> tuple[date, date] | None:
    return None


def resolve_zone(tzid: str, ctx: Context, what: str, extra: Extra = _none) -> ZoneInfo:
    """The zone a TZID stands for in this calendar (see the module docstring); ``Unusable`` if none.

    *extra* gives a span of days (the event's own, when it lies outside the trip) over which the file's
    own zone must agree too.
    """
    name = tzid_name(tzid)
    try:
        return zone(name)  # an IANA name is that zone
    except UnknownZoneError:
        pass
    definition = ctx.timezones.get(name)
    if definition is None:
        mapped, how = _zone_for_tzid(name)
        if mapped is None:
            raise Unusable(f"unknown time zone {name!r} in {what} (no VTIMEZONE for it in the file, "
                           "not an IANA or Windows zone name)")
        ctx.note(f"zone {name!r} ({how or 'no VTIMEZONE in the file'}) read as {mapped.key}")
        return mapped
    spans = tuple(s for s in (ctx.days, extra()) if s is not None)
    if not spans:
        raise Unusable(f"zone {name!r} in {what}: no dates to compare its rules with")  # not reached: days is set
    key = (name, spans)
    if key not in ctx.resolved:
        compared = {n for n, _ in ctx.resolved}
        if name not in compared and len(compared) >= MAX_OWN_ZONES:
            # Each is compared with hundreds of IANA zones: a file defining hundreds would take minutes.
            ctx.resolved[key] = (f"its zone {name!r} is one of more than {MAX_OWN_ZONES} zones the file defines "
                                 f"under names of its own; only the first {MAX_OWN_ZONES} are compared with the "
                                 "IANA zones")
        else:
            ctx.resolved[key] = _match(name, definition, ctx, spans)
    found = ctx.resolved[key]
    if isinstance(found, str):
        raise Unusable(found)
    return found


def _match(name: str, definition: Any, ctx: Context, spans: tuple[tuple[date, date], ...]) -> ZoneInfo | str:
    """An IANA zone that agrees with the file's VTIMEZONE *definition*, else its own rules, else why not."""
    where = " and ".join(f"{a:%d %b %Y}–{b:%d %b %Y}" for a, b in spans)
    try:
        own = vtimezone_tz(definition, spans)
    except Exception as exc:
        return f"the file's VTIMEZONE {name!r} cannot be read ({' '.join(str(exc).split())[:120]})"
    if name in ctx.custom:  # one of the trip's own zones (our export, published and read back): if it agrees
        known = rule_zone(name, ctx.custom[name])
        if agree(own, known, spans):
            return known
    preferred = (ctx.trip_zone, ctx.default_zone)
    mapped = iana_match(name, own, spans, preferred)
    if mapped is not None:
        ctx.note(f"zone {name!r} (defined in the file) has the offsets of {mapped.key} over {where}; "
                 f"stored as {mapped.key}")
        return mapped
    try:
        kept, rule = own_rules(name, definition, own, spans)
    except NoRule as exc:
        # Its own rules cannot be kept: a zone that agrees over the trip alone still gives every time right.
        mapped = iana_match(name, own, spans, preferred, strict=False)
        if mapped is not None:
            ctx.note(f"zone {name!r} (defined in the file) has the offsets of {mapped.key} over {where} (only "
                     f"there; its own rules cannot be kept: {exc}); stored as {mapped.key}")
            return mapped
        return (f"its zone {name!r} (defined in the file) matches no IANA zone over {where}, and its own rules "
                f"cannot be kept: {exc}")
    custom = _custom_name(name, rule, ctx.custom)
    if custom != kept.key:
        kept = rule_zone(custom, rule)
    ctx.custom[custom] = rule
    ctx.note(f"zone {name!r} (defined in the file) matches no IANA zone over {where}; kept with its own "
             f"rules as {custom!r} ([trip.zones]: {rule})")
    return kept


def _date_time(value: datetime, tzid: str, ctx: Context, what: str, extra: Extra = _none) -> When:
    """A DATE-TIME value as icalendar read it: its instant and zone."""
    tz = value.tzinfo
    naive = value.replace(tzinfo=None, fold=0)
    if tz is None:
        if tzid:
            found = resolve_zone(tzid, ctx, what, extra)
            return When(moment=instant(naive, found), zone=found, wall=naive)
        ctx.note(f"times without a zone read as {ctx.default_zone.key} ({ctx.default_reason})")
        return When(moment=instant(naive, ctx.default_zone), zone=ctx.default_zone, wall=naive)
    key = getattr(tz, "key", None)
    # (Asked in this order: the offset of a zone the file defines is slow to work out.)
    if key in ("UTC", "Etc/UTC") or (not tzid and not isinstance(tz, ZoneInfo) and value.utcoffset() == timedelta(0)):
        return When(moment=value.astimezone(UTC), zone=UTC_ZONE, utc=True, wall=naive)
    if isinstance(tz, ZoneInfo) and tzid == tz.key:  # the usual case: an IANA name, read as that zone
        return When(moment=value.astimezone(UTC), zone=tz, wall=naive)
    if tzid:
        # The file's own name decides (a Windows name icalendar mapped, a zone defined in the file);
        # the instant is the wall time in that zone, read as RFC 5545 says (a gap time is the one after it).
        found = resolve_zone(tzid, ctx, what, extra)
        if isinstance(tz, ZoneInfo) and tz.key != found.key:
            ctx.note(f"zone {tzid!r} read as {found.key}")
        return When(moment=instant(naive, found, value.fold), zone=found, wall=naive)
    if isinstance(tz, ZoneInfo):
        return When(moment=value.astimezone(UTC), zone=tz, wall=naive)
    # An offset with no zone (not iCalendar, but icalendar may produce one): keep the instant.
    return When(moment=value.astimezone(UTC), zone=ctx.default_zone, wall=naive)


def _when(component: Any, name: str, ctx: Context, extra: Extra = _none) -> When | None:
    prop = component.get(name)
    if prop is None:
        return None
    if isinstance(prop, list):
        prop = prop[0]
    try:
        value = prop.dt
    except Exception as exc:
        # icalendar says "Cannot access 'dt' on broken property 'X' (expected …): REASON"; the reason is enough.
        reason = " ".join(str(exc).split()).rsplit("): ", 1)[-1]
        raise Unusable(f"{name} cannot be read ({reason[:120]})") from None
    if isinstance(value, datetime):
        return _date_time(value, str(prop.params.get("TZID", "")), ctx, name, extra)
    if isinstance(value, date):
        return When(day=value)
    raise Unusable(f"{name} is not a date or date-time")


def _naive_day(component: Any, name: str) -> date | None:
    """The date a DTSTART/DTEND gives, without reading its zone (to know which days its zone must cover)."""
    prop = component.get(name)
    try:
        value = (prop[0] if isinstance(prop, list) else prop).dt if prop is not None else None
    except Exception:
        return None
    return value.date() if isinstance(value, datetime) else value if isinstance(value, date) else None


def _end(component: Any, start: When, tz: ZoneInfo, ctx: Context,
         extra: Extra) -> tuple[datetime | date, ZoneInfo]:
    """The end: an instant (UTC) and its zone, or for an all-day event the exclusive end date."""
    found = _when(component, "DTEND", ctx, extra)
    if found is not None:
        if (found.day is None) != (start.day is None):
            raise Unusable("DTSTART and DTEND are not both dates or both date-times")
        if found.day is not None:
            return found.day, tz
        assert found.moment is not None and found.zone is not None
        return found.moment, tz if found.utc or found.zone.key == tz.key else found.zone
    prop = component.get("DURATION")
    if prop is not None:
        span = getattr(prop, "dt", None)
        if not isinstance(span, timedelta):
            raise Unusable("DURATION cannot be read")
        if start.day is not None:
            return start.day + timedelta(days=max(span.days, 1)), tz
        assert start.moment is not None
        # RFC 5545: whole days are nominal (the same wall time), the rest is exact.
        moved = instant(wall(start.moment, tz) + timedelta(days=span.days), tz) if span.days else start.moment
        return moved + timedelta(seconds=span.seconds, microseconds=span.microseconds), tz
    if start.day is not None:
        return start.day + timedelta(days=1), tz
    raise Unusable("it has no end (no DTEND or DURATION) and events without length are not supported")


def _text(component: Any, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    return clean(str(value)).strip()[:MAX_TEXT]


def _int(component: Any, name: str) -> int:
    value = component.get(name)
    try:
        return min(max(0, int(str(value).strip())), MAX_SEQUENCE) if value is not None else 0
    except ValueError:
        return 0


def _reminders(component: Any, start: datetime, end: datetime, ctx: Context, remarks: list[str]) -> list[Reminder]:
    """VALARMs as reminders; *start* and *end* are instants (UTC)."""
    leads: list[timedelta] = []
    for alarm in component.walk("VALARM"):
        trigger = alarm.get("TRIGGER")
        try:
            value = trigger.dt if trigger is not None else None
        except Exception:
            value = None
        if isinstance(value, timedelta):
            anchor = end if str(trigger.params.get("RELATED", "START")).upper() == "END" else start
            try:
                moment = anchor + value
            except OverflowError:  # thousands of years before or after the event
                remarks.append("an alarm more than 9999 days ahead was left out")
                continue
        elif isinstance(value, datetime):
            moment = value.astimezone(UTC) if value.tzinfo else instant(value, ctx.default_zone)
        else:
            remarks.append("an alarm without a readable TRIGGER was left out")
            continue
        before = start - moment.astimezone(UTC)
        if before < timedelta(0):
            remarks.append("an alarm after the start was left out (reminders are before the start)")
            continue
        minutes = round(before.total_seconds() / 60)
        if minutes > 9999 * 24 * 60:
            remarks.append("an alarm more than 9999 days ahead was left out")
            continue
        if timedelta(minutes=minutes) not in leads:
            leads.append(timedelta(minutes=minutes))
    return [Reminder(lead) for lead in leads]


def _leaf(leaf: Any, name: str, ctx: Context) -> When:
    value = leaf.dt
    if isinstance(value, datetime):
        return _date_time(value, str(leaf.params.get("TZID", "")), ctx, name)
    if isinstance(value, date):
        return When(day=value)
    raise Unusable(f"{name} is not a date or date-time")


def occurrence_instant(found: When, series_tz: ZoneInfo, start_wall: datetime, all_day: bool) -> datetime:
    """The start instant of the occurrence an EXDATE or RECURRENCE-ID value names in a series.

    An all-day series matches by date: the first instant of that day in the series' zone.  A date given
    for a timed series names the occurrence at the series' wall time that day.
    """
    if all_day:
        if found.day is not None:
            day = found.day
        elif found.utc:
            assert found.moment is not None
            day = found.moment.astimezone(series_tz).date()
        else:
            assert found.wall is not None
            day = found.wall.date()  # a date-time on an all-day series: its date as written (Outlook's way)
        return day_start(day, series_tz)
    if found.day is not None:
        return instant(datetime.combine(found.day, start_wall.time()), series_tz)
    assert found.moment is not None
    return found.moment


def _dates(component: Any, name: str, tz: ZoneInfo, start_wall: datetime, all_day: bool,
           ctx: Context) -> list[datetime]:
    """EXDATE values as start instants (UTC) of the occurrences they remove."""
    values = component.get(name)
    if values is None:
        return []
    found: list[datetime] = []
    for group in values if isinstance(values, list) else [values]:
        for leaf in getattr(group, "dts", []):
            found.append(occurrence_instant(_leaf(leaf, name, ctx), tz, start_wall, all_day))
    return found


def _rule(component: Any, start_wall: datetime, remarks: list[str], raw: list[str]) -> str:
    """The first RRULE as the file writes it (*raw*), else as icalendar reads it.

    Kept as it came: UNTIL in any of RFC 5545's forms (UTC, local, DATE) is read by the recurrence module.
    """
    from tripplan.recurrence import check_rule

    rules = component.get("RRULE")
    if rules is None:
        return ""
    if isinstance(rules, list):
        if len(rules) > 1:
            remarks.append(f"only the first of its {len(rules)} RRULEs was imported")
        rules = rules[0]
    text = rules.to_ical().decode("utf-8", "replace")
    error = ""
    for candidate in ([raw[0]] if raw else []) + [text]:
        rule = ";".join(part.strip() for part in candidate.split(";") if part.strip())
        if "\n" in rule or "\r" in rule or len(rule) > 1000:
            continue
        try:
            check_rule(rule, start_wall)
        except Exception as exc:
            error = error or str(exc)
            continue
        return rule
    remarks.append(f"its repeat rule {(raw[0] if raw else text)[:200]!r} is not understood ({error}); only the "
                   "first occurrence imported")
    return ""


def _attendees(component: Any) -> list[tuple[str, str]]:
    values = component.get("ATTENDEE")
    found: list[tuple[str, str]] = []
    for value in values if isinstance(values, list) else ([values] if values is not None else []):
        params = getattr(value, "params", {})
        if str(params.get("CUTYPE", "INDIVIDUAL")).upper() in ("ROOM", "RESOURCE"):
            continue  # a meeting room is no person to remember
        address = str(value).strip()
        if address.lower().startswith("mailto:"):
            address = address[7:].strip()
        if EMAIL.fullmatch(address) and not _CONTROL.search(address):
            found.append((address, " ".join(clean(str(params.get("CN", ""))).split())[:200]))
    return found


def _kind(component: Any, forced: Kind | None) -> tuple[Kind, bool]:
    if forced is not None:
        return forced, False
    values = component.get("CATEGORIES")
    for group in values if isinstance(values, list) else ([values] if values is not None else []):
        for category in getattr(group, "cats", []):
            try:
                return parse_kind(str(category)), True
            except ValueError:
                continue
    return Kind.MEETING, False


def _stamp(component: Any) -> datetime | None:
    """DTSTAMP (else LAST-MODIFIED) in UTC: it breaks ties between copies with the same SEQUENCE."""
    for name in ("DTSTAMP", "LAST-MODIFIED"):
        prop = component.get(name)
        try:
            value = prop.dt if prop is not None else None
        except Exception:
            value = None
        if isinstance(value, datetime):
            return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    return None


def _extra(component: Any, ctx: Context, first: date | None) -> tuple[date, date] | None:
    """The event's own days, when it does not repeat and lies outside the trip: its zone must agree there too.

    *first* is the date DTSTART gives.
    """
    if component.get("RRULE") is not None and component.get("RECURRENCE-ID") is None:
        return None
    if first is None or ctx.days is None:
        return None
    last = _naive_day(component, "DTEND") or first
    lo, hi = min(first, last) - timedelta(days=1), max(first, last) + timedelta(days=1)
    if ctx.days[0] <= lo and hi <= ctx.days[1]:
        return None
    return lo, min(hi, lo + timedelta(days=62))


def convert(component: Any, line: int, ctx: Context, forced_kind: Kind | None,
            rrules: list[str] | None = None) -> Draft:
    """A draft event from one VEVENT; raises ``Unusable`` with the reason when it cannot be imported.

    *rrules* are its RRULE values as the file writes them (see :class:`tripplan.ical.reader.ParsedEvent`).
    """
    uid = " ".join(_text(component, "UID").split())
    written = _naive_day(component, "DTSTART")
    if written is not None and not FIRST_YEAR <= written.year <= LAST_YEAR:
        # Placeholder dates (0001-01-01, 9999-12-31) are no plans, and their time zones would have to be
        # written out for every year in between on export.
        raise Unusable(f"it starts on {written:%Y-%m-%d}, outside the years {FIRST_YEAR}–{LAST_YEAR}")
    def extra() -> tuple[date, date] | None:
        return _extra(component, ctx, written)

    found = _when(component, "DTSTART", ctx, extra)
    if found is None:
        raise Unusable("it has no DTSTART")
    recurrence = _when(component, "RECURRENCE-ID", ctx, extra)
    repeating = component.get("RRULE") is not None and recurrence is None
    all_day = found.day is not None
    if all_day:
        assert found.day is not None
        tz, first_day = ctx.trip_zone, found.day
    else:
        assert found.moment is not None and found.zone is not None
        # A series given in UTC repeats in UTC; a one-off UTC time shows in the calendar's (or trip's) zone.
        tz = found.zone if not found.utc or repeating else ctx.default_zone
        first_day = found.moment.astimezone(tz).date()
    if not FIRST_YEAR <= first_day.year <= LAST_YEAR:
        raise Unusable(f"it starts on {first_day:%Y-%m-%d}, outside the years {FIRST_YEAR}–{LAST_YEAR}")
    end, end_tz = _end(component, found, tz, ctx, extra)
    if found.utc and not repeating and end_tz.key != tz.key:
        # Given in UTC, ending in a named zone: the event is in that zone (tripplan's own export writes the
        # second pass of a repeated hour this way, the only way iCalendar can say it).
        tz = end_tz
    if isinstance(end, datetime):
        assert found.moment is not None
        start_utc, end_utc = found.moment, end
        if end_utc <= start_utc:
            raise Unusable(f"it ends ({end_utc.astimezone(end_tz):%Y-%m-%d %H:%M}) before or when it starts "
                           f"({start_utc.astimezone(tz):%Y-%m-%d %H:%M})")
        last_year = end_utc.astimezone(end_tz).year
    else:
        if end <= first_day:
            raise Unusable(f"it ends ({end:%Y-%m-%d}) before or when it starts ({first_day:%Y-%m-%d})")
        start_utc, end_utc = day_start(first_day, tz), day_start(end, tz)
        last_year = end.year
    if last_year > LAST_YEAR:
        raise Unusable(f"it ends in {last_year}, after the year {LAST_YEAR}")
    start_wall = wall(start_utc, tz)
    remarks: list[str] = []
    title = " ".join(_text(component, "SUMMARY").split())
    if not title:
        title = "(untitled)"
        remarks.append("it has no title; called '(untitled)'")
    kind, from_file = _kind(component, forced_kind)
    stamp = _stamp(component)
    repeat = _rule(component, start_wall, remarks, rrules or []) if repeating else ""
    event = Event(id=uid, title=title, kind=kind, start_utc=start_utc, end_utc=end_utc, tz=tz, end_tz=end_tz,
                  all_day=all_day, location=" ".join(_text(component, "LOCATION").split()),
                  notes=_text(component, "DESCRIPTION"),
                  reminders=tuple(_reminders(component, start_utc, end_utc, ctx, remarks)),
                  repeat=repeat,
                  exdates=tuple(_dates(component, "EXDATE", tz, start_wall, all_day, ctx)) if repeat else ())
    if component.get("RDATE") is not None:
        remarks.append("its extra dates (RDATE) were not imported")
    recurrence_id = None
    if recurrence is not None:
        recurrence_id = recurrence.moment or day_start(recurrence.day or first_day, ctx.trip_zone)
    return Draft(uid=uid, sequence=_int(component, "SEQUENCE"),
                 dtstamp=stamp, event=event, line=line,
                 attendees=_attendees(component),
                 recurrence_id=recurrence_id, recurrence=recurrence,
                 cancelled=_text(component, "STATUS").upper() == "CANCELLED", kind_from_file=from_file,
                 remarks=remarks)
