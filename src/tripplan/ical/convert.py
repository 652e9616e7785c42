"""Turn one ``icalendar`` VEVENT into a draft trip event, or say exactly why it cannot be used.

Times keep their instant; the zone they are stored in is the IANA zone the
file names (directly, through the CLDR Windows table that icalendar ships,
or by a vendor prefix such as ``/mozilla.org/…/Europe/Berlin``), else the
calendar's X-WR-TIMEZONE, else the trip's zone.  A TZID that is neither
known nor defined by a VTIMEZONE in the file is an error for that event:
guessing would put it hours off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from tripplan.model import Event, Kind, Reminder, parse_kind
from tripplan.zones import UnknownZoneError, localize, zone

# An address as people write it: no spaces, quotes, brackets or separators a calendar line could trip over.
EMAIL = re.compile(r"[^@\s\"<>(),;:\\\[\]]+@[^@\s\"<>(),;:\\\[\]]+")
MAX_TEXT = 20_000
FIRST_YEAR, LAST_YEAR = 1900, 2199  # events outside these years are not imported, even with --all-dates
MAX_SEQUENCE = 2**31 - 1  # RFC 5545 integers are 32-bit; a bigger one is nonsense, and other TOML readers refuse it
# Control characters (C0 but tab and line feed, DEL, C1): a title must not be able to drive the terminal it is shown in.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """*text* without control characters (a CR/LF pair or lone CR becomes LF; tab stays)."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class Unusable(Exception):
    """This event cannot be imported; the message says why."""


@dataclass
class Context:
    """What a calendar says about its events' zones, and notes collected while converting."""

    trip_zone: ZoneInfo
    default_zone: ZoneInfo
    default_reason: str
    notes: dict[str, None] = field(default_factory=dict)  # ordered set

    def note(self, text: str) -> None:
        self.notes[text] = None


@dataclass
class Draft:
    """An imported event before it is merged: the event plus what the file said about it."""

    uid: str
    sequence: int
    dtstamp: datetime | None
    event: Event
    line: int
    attendees: list[tuple[str, str]] = field(default_factory=list)  # (email, name)
    recurrence_id: datetime | None = None
    cancelled: bool = False
    kind_from_file: bool = False
    remarks: list[str] = field(default_factory=list)


def _zone_for_tzid(tzid: str) -> tuple[ZoneInfo | None, str]:
    """The IANA zone a TZID means, and how we know (for the report)."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    name = tzid.strip().strip('"')
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


def _aware(value: datetime | date, tzid: str, ctx: Context, what: str) -> datetime:
    """An aware datetime in an IANA zone for a DATE-TIME value as icalendar read it."""
    if not isinstance(value, datetime):
        raise Unusable(f"{what} is a date where a date-time is expected")
    tz: tzinfo | None = value.tzinfo
    if tz is None:
        if tzid:
            mapped, how = _zone_for_tzid(tzid)
            if mapped is None:
                raise Unusable(f"unknown time zone {tzid!r} in {what} (no VTIMEZONE for it in the file, "
                               "not an IANA or Windows zone name)")
            ctx.note(f"zone {tzid!r} ({how or 'no VTIMEZONE in the file'}) read as {mapped.key}")
            return localize(value, mapped).astimezone(UTC).astimezone(mapped)
        ctx.note(f"times without a zone read as {ctx.default_zone.key} ({ctx.default_reason})")
        # Through UTC and back: a wall time in the spring-forward gap becomes a real one.
        return localize(value, ctx.default_zone).astimezone(UTC).astimezone(ctx.default_zone)
    key = getattr(tz, "key", None)
    if isinstance(tz, ZoneInfo) and key not in ("UTC", "Etc/UTC"):
        if tzid and tzid != key:
            how = _zone_for_tzid(tzid)[1]
            ctx.note(f"zone {tzid!r} {f'({how}) ' if how else ''}read as {key}")
        return value
    if key in ("UTC", "Etc/UTC") or (value.utcoffset() == timedelta(0) and not tzid):
        return value.astimezone(ctx.default_zone)
    mapped, how = _zone_for_tzid(tzid) if tzid else (None, "")
    if mapped is None:
        ctx.note(f"zone {tzid!r} defined in the file has no IANA name; its times are kept as instants "
                 f"in {ctx.default_zone.key}")
        return value.astimezone(ctx.default_zone)
    if how:
        ctx.note(f"zone {tzid!r} ({how}, defined in the file) stored as {mapped.key}")
    return value.astimezone(mapped)


def _when(component: Any, name: str, ctx: Context) -> tuple[datetime, bool] | None:
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
        return _aware(value, str(prop.params.get("TZID", "")), ctx, name), False
    if isinstance(value, date):
        return datetime.combine(value, time(0), ctx.trip_zone), True
    raise Unusable(f"{name} is not a date or date-time")


def _end(component: Any, start: datetime, all_day: bool, ctx: Context) -> datetime:
    found = _when(component, "DTEND", ctx)
    if found is not None:
        end, end_all_day = found
        if end_all_day != all_day:
            raise Unusable("DTSTART and DTEND are not both dates or both date-times")
        return end
    prop = component.get("DURATION")
    if prop is not None:
        span = getattr(prop, "dt", None)
        if not isinstance(span, timedelta):
            raise Unusable("DURATION cannot be read")
        if all_day:
            return datetime.combine(start.date() + timedelta(days=max(span.days, 1)), time(0), start.tzinfo)
        # RFC 5545: whole days are nominal (same wall time), the rest exact.
        wall = localize(start.replace(tzinfo=None) + timedelta(days=span.days), start.tzinfo)  # type: ignore[arg-type]
        return (wall.astimezone(UTC) + timedelta(seconds=span.seconds)).astimezone(start.tzinfo)
    if all_day:
        return datetime.combine(start.date() + timedelta(days=1), time(0), start.tzinfo)
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
            moment = value if value.tzinfo else localize(value, ctx.default_zone)
        else:
            remarks.append("an alarm without a readable TRIGGER was left out")
            continue
        before = start - moment
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


def _dates(component: Any, name: str, start: datetime, all_day: bool, ctx: Context) -> list[datetime]:
    values = component.get(name)
    if values is None:
        return []
    found: list[datetime] = []
    for group in values if isinstance(values, list) else [values]:
        for leaf in getattr(group, "dts", []):
            value = leaf.dt
            if all_day or not isinstance(value, datetime):
                day = value.date() if isinstance(value, datetime) else value
                found.append(datetime.combine(day, time(0), start.tzinfo))
            else:
                moment = _aware(value, str(leaf.params.get("TZID", "")), ctx, name)
                found.append(moment.astimezone(start.tzinfo))
    return found


def _rule(component: Any, start: datetime, all_day: bool, remarks: list[str]) -> str:
    """The first RRULE in the trip file's form: UNTIL in the start's wall time (UTC in the file)."""
    from tripplan.recurrence import check_rule

    rules = component.get("RRULE")
    if rules is None:
        return ""
    if isinstance(rules, list):
        if len(rules) > 1:
            remarks.append(f"only the first of its {len(rules)} RRULEs was imported")
        rules = rules[0]
    text = rules.to_ical().decode("utf-8", "replace")
    parts = []
    for part in text.split(";"):
        key, _, value = part.partition("=")
        if key.upper() == "UNTIL" and value.upper().endswith("Z"):
            moment = datetime.strptime(value.upper()[:15], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
            local = moment.astimezone(start.tzinfo)
            value = f"{local:%Y%m%d}" if all_day else f"{local:%Y%m%dT%H%M%S}"
        elif key.upper() == "UNTIL" and all_day and "T" in value.upper():
            value = value[:8]
        parts.append(f"{key.upper()}={value}")
    rule = ";".join(parts)
    try:
        check_rule(rule, start.replace(tzinfo=None))
    except Exception as exc:
        remarks.append(f"its repeat rule {text!r} is not understood ({exc}); only the first occurrence imported")
        return ""
    return rule


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


def convert(component: Any, line: int, ctx: Context, forced_kind: Kind | None) -> Draft:
    """A draft event from one VEVENT; raises ``Unusable`` with the reason when it cannot be imported."""
    uid = " ".join(_text(component, "UID").split())
    found = _when(component, "DTSTART", ctx)
    if found is None:
        raise Unusable("it has no DTSTART")
    start, all_day = found
    if not FIRST_YEAR <= start.year <= LAST_YEAR:
        # Placeholder dates (0001-01-01, 9999-12-31) are no plans, and their time zones would have to be
        # written out for every year in between on export.
        raise Unusable(f"it starts on {start:%Y-%m-%d}, outside the years {FIRST_YEAR}–{LAST_YEAR}")
    end = _end(component, start, all_day, ctx)
    if end <= start:
        raise Unusable(f"it ends ({end:%Y-%m-%d %H:%M}) before or when it starts ({start:%Y-%m-%d %H:%M})")
    if end.year > LAST_YEAR:
        raise Unusable(f"it ends on {end:%Y-%m-%d}, after the year {LAST_YEAR}")
    remarks: list[str] = []
    title = " ".join(_text(component, "SUMMARY").split())
    if not title:
        title = "(untitled)"
        remarks.append("it has no title; called '(untitled)'")
    kind, from_file = _kind(component, forced_kind)
    recurrence = _when(component, "RECURRENCE-ID", ctx)
    stamp = _stamp(component)
    event = Event(id=uid, title=title, kind=kind, start=start, end=end, all_day=all_day,
                  location=" ".join(_text(component, "LOCATION").split()), notes=_text(component, "DESCRIPTION"),
                  reminders=_reminders(component, start, end, ctx, remarks),
                  repeat="" if recurrence else _rule(component, start, all_day, remarks),
                  exdates=_dates(component, "EXDATE", start, all_day, ctx))
    if component.get("RDATE") is not None:
        remarks.append("its extra dates (RDATE) were not imported")
    if not event.repeat:
        event.exdates = []
    return Draft(uid=uid, sequence=_int(component, "SEQUENCE"),
                 dtstamp=stamp, event=event, line=line,
                 attendees=_attendees(component),
                 recurrence_id=recurrence[0].astimezone(start.tzinfo) if recurrence else None,
                 cancelled=_text(component, "STATUS").upper() == "CANCELLED", kind_from_file=from_file,
                 remarks=remarks)
