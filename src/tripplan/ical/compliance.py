"""The compliance layer over ics-py 0.7.3: what ics does right is used, what it gets wrong is replaced.

Measured problems of ics 0.7.3 and what this module does about each:

- aware times written as UTC with no TZID or VTIMEZONE, naive times as UTC,
  all-day events made from aware datetimes shifted a day early: we never
  give ics a time; :func:`when` writes ``DTSTART;TZID=…`` (or
  ``VALUE=DATE``) and the export adds a VTIMEZONE per zone used;
- no line folding, no CRLF after the last line, METHOD written after the
  events: :func:`tripplan.ical.text.render` owns the bytes;
- no DTSTAMP unless ``created`` is set (and then from the wrong field):
  :func:`stamp` adds it, always UTC;
- CN backslash-escaped instead of quoted, and ``rsvp=True`` crashes:
  :func:`person` quotes CN and sets RSVP itself;
- URL values escaped as TEXT: :func:`build` un-escapes them (a URI is not TEXT);
- no SEQUENCE or RRULE fields: added as content lines;
- carriage returns escaped as ``\\r`` and UIDs written unescaped: text is
  cleaned before ics sees it and the UID escaped here;
- alarms inserted as pre-rendered strings (unfoldable) and CATEGORIES from a
  set (random order between runs): alarms are built as components of their
  own, categories rewritten in our order;
- no CONFERENCE (RFC 7986), ATTACH or PRIORITY fields, and no check of what a
  token or a URI may hold: :func:`token`, :func:`uri` and :func:`links` write
  them, so a value read from a file (a link with a line break in it, a role
  with a ``;``) can never start a property or a parameter of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import ics
from ics.alarm import DisplayAlarm
from ics.attendee import Attendee, Organizer
from ics.grammar.parse import Container, ContentLine

from tripplan.ical.text import clean_text, escape_text, quote_param

# Lines ics must never decide: times and stamps are always ours.
_OURS = {"DTSTART", "DTEND", "DTSTAMP", "DUE", "DURATION", "COMPLETED", "CREATED", "LAST-MODIFIED"}


def build(component: Any) -> Container:
    """Run ics's own serializers for *component* into a ``Container`` and fix what they get wrong."""
    container: Container = component.extra.clone()
    for output in component.Meta.serializer.get_serializers():
        if output.__name__ in ("serialize_alarm", "serialize_alarms"):
            continue  # ics inserts alarms as pre-rendered text; the caller adds them as components
        output(component, container)
    fixed = Container(container.name)
    for item in container:
        if isinstance(item, ContentLine):
            if item.name in _OURS:
                continue
            if item.name == "URL":
                item = ContentLine("URL", {}, _unescape_uri(item.value))
            elif item.name == "UID":
                item = ContentLine("UID", {}, escape_text(item.value))
        fixed.append(item)
    return fixed


def _unescape_uri(value: str) -> str:
    return value.replace("\\,", ",").replace("\\;", ";").replace("\\n", "").replace("\\\\", "\\")


_TOKEN = re.compile(r"[A-Za-z0-9-]{1,60}")
# What a URI cannot hold as it is (RFC 3986): white space and control characters, written percent-encoded.
_NOT_URI = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]")
_STATUSES = {"TENTATIVE", "CONFIRMED", "CANCELLED"}


def token(value: str) -> str:
    """*value* as an iCalendar name (an IANA token or x-name: letters, digits, ``-``), upper case; "" if it is not one.

    For values written bare (CLASS, ROLE, PARTSTAT): anything else is left out rather than mended.
    """
    text = value.strip()
    return text.upper() if _TOKEN.fullmatch(text) else ""


def uri(value: str) -> str:
    """*value* as a URI property value: white space and control characters percent-encoded, so it stays one line."""
    return _NOT_URI.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode("utf-8")), value.strip())


def links(name: str, values: Iterable[str], params: dict[str, list[str]] | None = None) -> list[ContentLine]:
    """One *name* line per URI in *values* (URL, ATTACH, CONFERENCE), empty ones left out, repeats once."""
    return [ContentLine(name, dict(params or {}), value) for value in dict.fromkeys(uri(v) for v in values) if value]


def event(*, uid: str, title: str, location: str, description: str, categories: list[str], status: str,
          transparent: bool | None) -> Container:
    """A VEVENT with the text properties that ics writes correctly (once its input is clean).

    *status* "" and *transparent* ``None`` write no STATUS and no TRANSP; a status that is not an RFC 5545
    event status is left out.
    """
    state = token(status)
    item = ics.Event(name=clean_text(title) or None, uid=uid, description=clean_text(description) or None,
                     location=clean_text(location) or None, status=state if state in _STATUSES else None,
                     transparent=transparent)
    container = build(item)
    if categories:
        # ics keeps categories in a set; the order we give must survive.
        container.append(ContentLine("CATEGORIES", {}, ",".join(escape_text(c) for c in categories)))
    return container


def todo(*, uid: str, title: str, description: str, done: bool) -> Container:
    """A VTODO with its text properties written by ics; DUE and DTSTAMP are added by the caller."""
    item = ics.Todo(uid=uid, name=clean_text(title) or None, description=clean_text(description) or None,
                    status="COMPLETED" if done else "NEEDS-ACTION")
    return build(item)


def alarm(before: timedelta, text: str) -> Container:
    """One VALARM: ACTION:DISPLAY, DESCRIPTION and a TRIGGER *before* the start."""
    return build(DisplayAlarm(trigger=-before, display_text=clean_text(text) or "Reminder"))


def person(role_name: str, email: str, name: str, params: dict[str, str] | None = None) -> ContentLine:
    """An ORGANIZER or ATTENDEE line: ``mailto:`` value, quoted CN, upper-case parameter values.

    ics writes the value and known parameters; CN is replaced by a quoted one
    (ics backslash-escapes it, which no reader undoes) and RSVP is set here
    (ics crashes on ``rsvp=True``).
    """
    address = "".join(clean_text(email).split())
    if address[:7].lower() == "mailto:":  # an address as a file wrote it: ics adds the scheme itself
        address = address[7:]
    who = (Organizer if role_name == "ORGANIZER" else Attendee)(address)
    line = who.serialize()
    line.params = {k: v for k, v in line.params.items() if k != "CN"}
    ordered: dict[str, list[str]] = {"CN": [quote_param(clean_text(name) or address)]}
    for key, value in (params or {}).items():
        if token(value):  # a parameter value is written bare: only a name, never a "," ";" ":" or line break
            ordered[key] = [token(value)]
    ordered.update(line.params)
    return ContentLine(role_name, ordered, line.value)


def tzid_param(key: str) -> str:
    """A zone name as a TZID parameter: quoted when it holds a character a bare parameter value cannot."""
    return quote_param(key) if re.search(r'[;:,"\x00-\x1f]', key) else key


def when(name: str, moment: datetime | date, all_day: bool) -> ContentLine:
    """DTSTART/DTEND/RECURRENCE-ID: TZID + local time of an aware *moment*, or ``VALUE=DATE``; never floating.

    For an all-day event *moment* is the date itself (or a datetime whose own date it is).
    """
    if all_day:
        day = moment.date() if isinstance(moment, datetime) else moment
        return ContentLine(name, {"VALUE": ["DATE"]}, f"{day:%Y%m%d}")
    if not isinstance(moment, datetime):
        raise ValueError(f"{name}: {moment!r} is a date where a date-time is expected")
    key = getattr(moment.tzinfo, "key", None)
    if not key:
        raise ValueError(f"{name}: {moment!r} has no IANA zone")
    if key in ("UTC", "Etc/UTC"):
        return ContentLine(name, {}, f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}")
    return ContentLine(name, {"TZID": [tzid_param(key)]}, f"{moment:%Y%m%dT%H%M%S}")


def dates(name: str, values: Iterable[datetime | date], all_day: bool) -> ContentLine | None:
    """EXDATE-style list: dates for an all-day series, else moments all in one zone (the event's start zone)."""
    moments = list(values)
    if not moments:
        return None
    first = when(name, moments[0], all_day)
    if all_day:
        value = ",".join(f"{m:%Y%m%d}" for m in moments)
    elif "TZID" in first.params:
        value = ",".join(f"{m:%Y%m%dT%H%M%S}" for m in moments)
    else:
        value = ",".join(f"{m.astimezone(UTC):%Y%m%dT%H%M%SZ}" for m in moments if isinstance(m, datetime))
    return ContentLine(name, first.params, value)


def due(day: date) -> ContentLine:
    """A to-do's DUE as a date (ics would write it as a UTC date-time)."""
    return ContentLine("DUE", {"VALUE": ["DATE"]}, f"{day:%Y%m%d}")


def stamp(name: str, moment: datetime) -> ContentLine:
    """A UTC date-time property such as DTSTAMP."""
    return ContentLine(name, {}, f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}")


def calendar(*, prodid: str, method: str, components: Iterable[Container],
             extra: Iterable[ContentLine] = ()) -> Container:
    """A VCALENDAR: ics writes VERSION, PRODID and METHOD; the renderer puts them before the components."""
    cal = ics.Calendar(creator=prodid)
    cal.method = method
    cal.scale = "GREGORIAN"
    container = build(cal)
    container.extend(extra)
    container.extend(components)
    return container
