"""Turn one ``icalendar`` VEVENT into a draft trip event, or say exactly why it cannot be used.

**Instants are kept exactly.**  A time in UTC (``…Z``) is that instant; a
time with a TZID is the instant its wall time names in that zone (one in the
repeated hour is the first, as RFC 5545 says; one in a gap is the instant
after it, 02:30 → 03:30 summer time); a floating time is read in the
calendar's X-WR-TIMEZONE, else in the trip's zone (on a multi-city trip:
the zone of the stop its day belongs to).

**The zone an event is stored in** is the IANA zone the file names
(directly, or through the CLDR Windows table that icalendar ships, or by a
vendor prefix such as ``/mozilla.org/…/Europe/Berlin``).  A zone the file
defines itself under another name (Outlook's ``(UTC+01:00) Amsterdam,
Berlin, …``) is an IANA zone only where its offsets agree with that zone over
the trip's dates; else it keeps its own rules as one of the trip's custom
zones (``[trip.zones]``), and where even that cannot be, the event is refused
naming the zone (see :mod:`tripplan.ical.zonematch`).  A TZID neither known
nor defined by a VTIMEZONE in the file is read as a floating time (what
icalendar and recurring-ical-events do), with a note.

A series whose start is in UTC repeats in UTC (its zone is UTC); a one-off
event given in UTC keeps its instant and is stored in the zone its DTEND
names, else the calendar's X-WR-TIMEZONE, else the trip's zone (on a
multi-city trip: the zone of the stop the traveller is at then), so it shows
in local time.  An all-day event is the days of the stop it falls in.

**What other readers accept is accepted** the way recurring-ical-events (the
reference reader the tests compare with) reads it: a DTSTART alone (a moment,
or one day for a date), an end before the start (swapped), a date start with
a date-time end (from midnight), an all-day DTEND equal to its DTSTART (one
day: what holiday feeds mean), RDATEs (dates, date-times, PERIODs), several
RRULEs (the first is the rule, the others' occurrences become extra dates),
a DTSTART the rule does not produce (an occurrence of its own), ``COUNT=-1``
(left out).  Each is said in a note; what cannot be kept is said as a loss
(``Draft.losses``), which makes the import exit 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tripplan.files.invite_records import MAX_SEQUENCE
from tripplan.ical.zonematch import NoRule, agree, iana_match, own_rules, tzid_name, vtimezone_tz
from tripplan.time.limits import FIRST_YEAR, LAST_YEAR, instant_problem
from tripplan.time.zones import UnknownZoneError, day_start, instant, rule_zone, wall, zone
from tripplan.trip.addresses import email_problem
from tripplan.trip.model import Category, Event, IcalProps, Kind, Organizer, Reminder, parse_kind

# An address as people write it: no spaces, quotes, brackets or separators a calendar line could trip over.
MAX_TEXT = 20_000
# Events outside FIRST_YEAR … LAST_YEAR are not imported, even with --all-dates: no trip file holds them.
# Control characters (C0 but tab and line feed, DEL, C1): a title must not be able to drive the terminal it is shown in.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINK_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TOKEN = re.compile(r"[A-Za-z0-9-]{1,60}")  # an iCalendar name (IANA token or x-name), as the trip file keeps it
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
UTC_ZONE = ZoneInfo("UTC")
MAX_OWN_ZONES = 5  # zones a file defines under names of its own that are compared with the IANA zones (each ~0.2 s)
MAX_RULE_DATES = 1000  # occurrences of a second RRULE kept as extra dates with --all-dates (no trip window)
MAX_LINKS = 20  # conference links and attachments per event
MAX_UID = 1000  # characters of a UID the trip file keeps
_TICK = timedelta(microseconds=1)
# Properties that carry a link to join an online meeting (RFC 7986's CONFERENCE and what Google, Teams, Zoom,
# Webex and Skype write).
CONFERENCE_PROPS = ("CONFERENCE", "X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL",
                    "X-MICROSOFT-ONLINEMEETINGCONFLINK", "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
                    "X-MS-OLK-CONFERENCEURL", "X-SKYPE-MEETINGURL", "X-ZOOM-MEETING-URL", "X-WEBEX-MEETING-URL")
OWN_PRODID = "-//tripplan//"
_OWN_PARAGRAPHS = ("Objective: ", "With: ")  # what export.describe adds after the notes


# A component's property by its (upper-case) name: icalendar's keys are upper case, and its own get folds the
# case of every name asked, at a cost that shows on a 3,000-event agenda.
_get: Callable[[Any, str], Any] = dict.get
_has: Callable[[Any, str], bool] = dict.__contains__


def clean(text: str) -> str:
    """*text* without control characters (a CR/LF pair or lone CR becomes LF; tab stays)."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class Unusable(Exception):
    """This event cannot be imported; the message says why."""


class UnknownZone(Unusable):
    """A TZID that names no zone this machine knows and no VTIMEZONE of the file defines."""


@dataclass
class Context:
    """What a calendar says about its events' zones, and notes collected while converting.

    *days* are the first and last day over which a zone the file defines must
    agree with an IANA zone (the trip's, with a day's margin); *custom* is the
    trip's ``[trip.zones]``, to which a zone that keeps its own rules is added.
    *window* is the span of instants whose occurrences the import keeps (the
    trip's days with a day's margin), ``None`` with ``--all-dates``; *ours* is
    whether the calendar is tripplan's own export (its PRODID).
    """

    trip_zone: ZoneInfo
    default_zone: ZoneInfo
    default_reason: str
    days: tuple[date, date] | None = None
    timezones: dict[str, Any] = field(default_factory=dict)  # the file's VTIMEZONEs by TZID
    custom: dict[str, str] = field(default_factory=dict)
    notes: dict[str, None] = field(default_factory=dict)  # ordered set
    resolved: dict[tuple[str, tuple[tuple[date, date], ...]], ZoneInfo | str] = field(default_factory=dict)
    window: tuple[datetime, datetime] | None = None
    ours: bool = False
    unreadable: set[str] = field(default_factory=set)  # TZIDs whose VTIMEZONE in the file cannot be read
    losses: dict[str, None] = field(default_factory=dict)  # ordered set: what was left out or changed
    # A multi-city trip's zones: of the stop a day belongs to, of the stop an instant falls in (None: one zone).
    day_zone: Callable[[date], ZoneInfo] | None = None
    moment_zone: Callable[[datetime], ZoneInfo] | None = None
    by_stop: bool = False  # whether floating and one-off UTC times take the stop's zone (no X-WR-TIMEZONE)

    def wall_zone(self, day: date) -> ZoneInfo:
        """The zone a floating time on *day* is read in."""
        return self.day_zone(day) if self.by_stop and self.day_zone is not None else self.default_zone

    def shown_zone(self, moment: datetime) -> ZoneInfo:
        """The zone a one-off event given in UTC is stored in, so it shows in local time."""
        return self.moment_zone(moment) if self.by_stop and self.moment_zone is not None else self.default_zone

    def dates_zone(self, day: date) -> ZoneInfo:
        """The zone of an all-day event starting on *day*: the trip's, or on a multi-city trip its stop's."""
        return self.day_zone(day) if self.day_zone is not None else self.trip_zone

    @property
    def floating_text(self) -> str:
        """Where floating times are read, for the notes."""
        if self.by_stop and self.day_zone is not None:
            return "in the zone of the stop each day belongs to (the trip's stops)"
        return f"in {self.default_zone.key} ({self.default_reason})"

    def note(self, text: str) -> None:
        self.notes[text] = None

    def lose(self, text: str) -> None:
        self.losses[text] = None


@dataclass(frozen=True)
class When:
    """A DTSTART/DTEND/… as the file gives it: a date, or an instant with its zone (``utc``: given in UTC).

    ``floating``: given without a zone (or in a zone nobody knows), and read in the calendar's default zone.
    """

    day: date | None = None
    moment: datetime | None = None  # UTC
    zone: ZoneInfo | None = None
    utc: bool = False
    wall: datetime | None = None  # the wall time as written (naive)
    floating: bool = False


@dataclass(frozen=True)
class Person:
    """An ATTENDEE: address, name, and how they take part (ROLE, PARTSTAT; empty when not said)."""

    email: str
    name: str
    role: str = ""
    status: str = ""


@dataclass
class Draft:
    """An imported event before it is merged: the event plus what the file said about it.

    ``recurrence`` is the RECURRENCE-ID as the file gives it, matched against the series by
    :func:`recurrence_candidates`; ``recurrence_id`` is the instant (UTC) of the occurrence this copy
    replaces, set when it is matched.  ``periods`` are the RDATE PERIODs whose length differs from the
    event's: (start, end) instants of occurrences that become changed occurrences of their own.
    ``has_rules``: the VEVENT has RRULE, RDATE or EXDATE lines of its own (recurring-ical-events treats an
    out-of-date override with rules differently).  ``losses`` say what was left out or changed.
    """

    uid: str
    sequence: int
    dtstamp: datetime | None
    event: Event
    line: int
    attendees: list[Person] = field(default_factory=list)
    recurrence_id: datetime | None = None
    recurrence: When | None = None
    this_and_future: bool = False
    cancelled: bool = False
    kind_from_file: bool = False
    remarks: list[str] = field(default_factory=list)
    losses: list[str] = field(default_factory=list)
    periods: list[tuple[datetime, datetime]] = field(default_factory=list)
    has_rules: bool = False
    sequence_given: bool = False
    own_export: bool = False  # read from tripplan's own export (its PRODID)


def _zone_for_tzid(tzid: str) -> tuple[ZoneInfo | None, str]:
    """The IANA zone a TZID means without a VTIMEZONE, and how we know (for the report)."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    name = tzid_name(tzid)
    candidates = [(name, "")]
    if name.strip("/") != name:  # "/Europe/Stockholm": a slash too many (icalendar strips it too)
        candidates.append((name.strip("/"), "zone name with a slash around it"))
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
            raise UnknownZone(f"unknown time zone {name!r} in {what} (no VTIMEZONE for it in the file, "
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


def _floating(naive: datetime, ctx: Context) -> When:
    tz = ctx.wall_zone(naive.date())
    return When(moment=instant(naive, tz), zone=tz, wall=naive, floating=True)


def _date_time(value: datetime, tzid: str, ctx: Context, what: str, extra: Extra = _none) -> When:
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


def _when(component: Any, name: str, ctx: Context, extra: Extra = _none) -> When | None:
    prop = _get(component, name)
    if prop is None:
        return None
    if isinstance(prop, list):
        prop = prop[0]
    value = _value(prop, name)
    if isinstance(value, datetime):
        return _date_time(value, str(prop.params.get("TZID", "")), ctx, name, extra)
    if isinstance(value, date):
        return When(day=value)
    raise Unusable(f"{name} is not a date or date-time")


def _naive_day(component: Any, name: str) -> date | None:
    """The date a DTSTART/DTEND gives, without reading its zone (to know which days its zone must cover)."""
    prop = _get(component, name)
    try:
        value = (prop[0] if isinstance(prop, list) else prop).dt if prop is not None else None
    except Exception:
        return None
    return value.date() if isinstance(value, datetime) else value if isinstance(value, date) else None


def _duration(component: Any) -> timedelta | None:
    prop = _get(component, "DURATION")
    if prop is None:
        return None
    if isinstance(prop, list):
        prop = prop[0]
    span = getattr(prop, "dt", None)
    if not isinstance(span, timedelta):
        raise Unusable("DURATION cannot be read")
    return span


def _plus(moment: datetime, span: timedelta, tz: ZoneInfo) -> datetime:
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


def _span(component: Any, found: When, ctx: Context, extra: Extra, repeating: bool, remarks: list[str]) -> Span:
    """Start, end and zones; what other readers accept beyond RFC 5545 is read their way, with a remark."""
    end = _when(component, "DTEND", ctx, extra)
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
        end_utc, end_tz = _plus(start_utc, span, tz), tz
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


def _text(component: Any, name: str) -> str:
    value = _get(component, name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    return clean(str(value)).strip()[:MAX_TEXT]


def _int(component: Any, name: str) -> int:
    value = _get(component, name)
    try:
        return min(max(0, int(str(value).strip())), MAX_SEQUENCE) if value is not None else 0
    except ValueError:
        return 0


def _reminders(component: Any, start: datetime, end: datetime, ctx: Context, losses: list[str]) -> list[Reminder]:
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
                losses.append("an alarm more than 9999 days ahead was left out")
                continue
        elif isinstance(value, datetime):
            moment = value.astimezone(UTC) if value.tzinfo else instant(value, ctx.wall_zone(value.date()))
        else:
            losses.append("an alarm without a readable TRIGGER was left out")
            continue
        before = start - moment.astimezone(UTC)
        if before < timedelta(0):
            losses.append("an alarm after the start was left out (reminders are before the start)")
            continue
        minutes = round(before.total_seconds() / 60)
        if minutes > 9999 * 24 * 60:
            losses.append("an alarm more than 9999 days ahead was left out")
            continue
        if timedelta(minutes=minutes) not in leads:
            leads.append(timedelta(minutes=minutes))
    return [Reminder(lead) for lead in leads]


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
            end = _date_time(until, tzid, ctx, name)
        elif isinstance(until, date):
            end = When(day=until)
    if isinstance(value, datetime):
        return _date_time(value, tzid, ctx, name), end
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
    values = _get(component, "EXDATE")
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
    values = _get(component, "RDATE")
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
                end = _plus(start, until, tz)
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

    rules = _get(component, "RRULE")
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
        for group in _all(component, name):
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


def _recurrence(component: Any, event: Event, ctx: Context, raw: list[str], remarks: list[str],
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
    if event.recurring and _get(component, "EXDATE") is not None:
        event = replace(event, exdates=tuple(_exdates(component, event, ctx)))
    return event, periods


def _token(value: object) -> str:
    """A parameter or property value that is an iCalendar name (ROLE, PARTSTAT, CLASS …), upper case; else ''."""
    text = str(value).strip().upper() if value is not None else ""
    return text if _TOKEN.fullmatch(text) else ""


def _address(value: object) -> str:
    address = str(value).strip()
    if address.lower().startswith("mailto:"):
        address = address[7:].strip()
    return address if email_problem(address) is None else ""  # the trip file's rule (tripplan.trip.addresses)


def _name(params: Any) -> str:
    return " ".join(clean(str(params.get("CN", ""))).split())[:200]


def _attendees(component: Any) -> list[Person]:
    values = _get(component, "ATTENDEE")
    found: list[Person] = []
    for value in values if isinstance(values, list) else ([values] if values is not None else []):
        params = getattr(value, "params", {})
        if str(params.get("CUTYPE", "INDIVIDUAL")).upper() in ("ROOM", "RESOURCE"):
            continue  # a meeting room is no person to remember
        address = _address(value)
        if address:
            found.append(Person(address, _name(params), _token(params.get("ROLE")), _token(params.get("PARTSTAT"))))
    return found


def _all(component: Any, name: str) -> list[Any]:
    values = _get(component, name)
    return [] if values is None else values if isinstance(values, list) else [values]


def _link(value: object) -> str:
    text = str(value).strip()
    return text if len(text) <= 2000 and _URI.fullmatch(text) and not _LINK_CONTROL.search(text) else ""


def _categories(component: Any) -> list[str]:
    found: list[str] = []
    for group in _all(component, "CATEGORIES"):
        for category in getattr(group, "cats", []):
            text = " ".join(clean(str(category)).split())[:200]
            if text:
                found.append(text)
    return found


def _props(component: Any, uid: str, categories: list[str], remarks: list[str], losses: list[str]) -> IcalProps:
    """What the file says about the event that an export writes back (:class:`tripplan.trip.model.IcalProps`)."""
    organizer = None
    for value in _all(component, "ORGANIZER")[:1]:
        address = _address(value)
        if address:
            organizer = Organizer(address, _name(getattr(value, "params", {})))
        elif str(value).strip():
            losses.append(f"its ORGANIZER {clean(str(value))[:80]!r} is no e-mail address; left out")
    status = _token(_get(component, "STATUS"))
    transp = _token(_get(component, "TRANSP"))
    conference: list[str] = []
    for name in CONFERENCE_PROPS:
        if not _has(component, name):
            continue
        for value in _all(component, name):
            link = _link(value)
            if link and link not in conference:
                conference.append(link)
    attach: list[str] = []
    inline = 0
    for value in _all(component, "ATTACH"):
        params = getattr(value, "params", {})
        link = "" if str(params.get("VALUE", "")).upper() == "BINARY" or params.get("ENCODING") else _link(value)
        if link:
            attach.append(link)
        else:
            inline += 1
    if inline:
        losses.append(f"{inline} attachment(s) held in the file itself (not a link) left out")
    for what, links in (("conference links", conference), ("attachments", attach)):
        if len(links) > MAX_LINKS:
            losses.append(f"it has {len(links)} {what}; only the first {MAX_LINKS} are kept")
            del links[MAX_LINKS:]
    priority = _int(component, "PRIORITY")
    url = next((link for link in map(_link, _all(component, "URL")) if link), "")
    if len(uid) > MAX_UID:
        remarks.append(f"its UID is {len(uid)} characters long; the trip keeps none, so an export gives it a new one")
        uid = ""
    return IcalProps(uid=uid, organizer=organizer, status=status if status in ("TENTATIVE", "CONFIRMED") else "",
                     transparent={"TRANSPARENT": True, "OPAQUE": False}.get(transp),
                     klass=_token(_get(component, "CLASS")), categories=tuple(categories), url=url,
                     conference=tuple(conference), attach=tuple(attach), priority=priority if priority <= 9 else 0)


def _kind(component: Any, categories: list[str], forced: Kind | None) -> tuple[Kind, bool]:
    """``--kind``; else X-TRIPPLAN-KIND (tripplan's own export); else the first CATEGORY that is a kind."""
    if forced is not None:
        return forced, False
    own = _get(component, "X-TRIPPLAN-KIND")
    for value in [str(own).strip(), *categories] if own is not None else categories:
        try:
            return parse_kind(value), True
        except ValueError:
            continue
    return Kind.MEETING, False


def _own_notes(text: str) -> str:
    """Notes of tripplan's own export without the "Objective: …" and "With: …" paragraphs it adds."""
    paragraphs = text.split("\n\n")
    while paragraphs and paragraphs[-1].startswith(_OWN_PARAGRAPHS):
        paragraphs.pop()
    return "\n\n".join(paragraphs).strip()


def _own_defaults(ical: IcalProps, kind: Kind) -> IcalProps:
    """What tripplan's own export wrote for an event that said nothing, read back as nothing.

    The export writes the kind's CATEGORIES when the event has none of its own, and the kind's TRANSP when
    it has none: read back, those say nothing more than the kind does (a round trip changes nothing).
    """
    defaults = tuple(dict.fromkeys([kind.value, kind.category.value]))
    if ical.categories == defaults:
        ical = replace(ical, categories=())
    if ical.transparent is not None and ical.transparent == (kind.category is Category.REST):
        ical = replace(ical, transparent=None)
    return ical


def _stamp(component: Any) -> datetime | None:
    """DTSTAMP (else LAST-MODIFIED) in UTC: it breaks ties between copies with the same SEQUENCE."""
    for name in ("DTSTAMP", "LAST-MODIFIED"):
        prop = _get(component, name)
        try:
            value = prop.dt if prop is not None else None
        except Exception:
            value = None
        # A stamp at the end of time (or year 1) is no time a trip file holds: no tie-breaker, like an unreadable one.
        if isinstance(value, datetime) and instant_problem(aware := value if value.tzinfo else
                                                           value.replace(tzinfo=UTC)) is None:
            return aware.astimezone(UTC)
    return None


def _extra(component: Any, ctx: Context, first: date | None) -> tuple[date, date] | None:
    """The event's own days, when it does not repeat and lies outside the trip: its zone must agree there too.

    *first* is the date DTSTART gives.
    """
    if (_get(component, "RRULE") is not None or _get(component, "RDATE") is not None) \
            and _get(component, "RECURRENCE-ID") is None:
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
    repeating = (_get(component, "RRULE") is not None or _get(component, "RDATE") is not None) and recurrence is None
    remarks: list[str] = []
    losses: list[str] = []
    span = _span(component, found, ctx, extra, repeating, remarks)
    if not FIRST_YEAR <= span.first_day.year <= LAST_YEAR:
        raise Unusable(f"it starts on {span.first_day:%Y-%m-%d}, outside the years {FIRST_YEAR}–{LAST_YEAR}")
    last_year = span.end_utc.astimezone(span.end_tz).year
    if last_year > LAST_YEAR:
        raise Unusable(f"it ends in {last_year}, after the year {LAST_YEAR}")
    title = " ".join(_text(component, "SUMMARY").split())
    if not title:
        title = "(untitled)"
        remarks.append("it has no title; called '(untitled)'")
    categories = _categories(component)
    kind, from_file = _kind(component, categories, forced_kind)
    notes = _text(component, "DESCRIPTION")
    if ctx.ours:
        notes = _own_notes(notes)
    ical = _props(component, uid, categories, remarks, losses)
    if ctx.ours:
        ical = _own_defaults(ical, kind)
    event = Event(id=uid, title=title, kind=kind, start_utc=span.start_utc, end_utc=span.end_utc, tz=span.tz,
                  end_tz=span.end_tz, all_day=span.all_day, location=" ".join(_text(component, "LOCATION").split()),
                  notes=notes, reminders=tuple(_reminders(component, span.start_utc, span.end_utc, ctx, losses)),
                  ical=ical)
    periods: list[tuple[datetime, datetime]] = []
    if repeating:
        event, periods = _recurrence(component, event, ctx, rrules or [], remarks, losses)
    range_ = ""
    prop = _get(component, "RECURRENCE-ID")
    if recurrence is not None and prop is not None:
        range_ = str((prop[0] if isinstance(prop, list) else prop).params.get("RANGE", "")).upper()
    return Draft(uid=uid, sequence=_int(component, "SEQUENCE"), dtstamp=_stamp(component), event=event, line=line,
                 attendees=_attendees(component), recurrence=recurrence, this_and_future=range_ == "THISANDFUTURE",
                 cancelled=_text(component, "STATUS").upper() == "CANCELLED", kind_from_file=from_file,
                 remarks=remarks, losses=losses, periods=periods,
                 has_rules=any(_get(component, n) is not None for n in ("RRULE", "RDATE", "EXDATE")),
                 sequence_given=_get(component, "SEQUENCE") is not None, own_export=ctx.ours)
