"""The properties and components tripplan writes, each in the one form it sends: built for :mod:`tripplan.ical.lines`.

What each writes, and why so (the forms are the ones the export has always had):

- times: :func:`when` writes ``DTSTART;TZID=…`` with the wall time (or
  ``VALUE=DATE``, or UTC as ``Z``), never a floating time; the export adds a
  VTIMEZONE per zone used; :func:`stamp` writes DTSTAMP, always UTC;
- text: SUMMARY, DESCRIPTION, LOCATION, CATEGORIES (in our order) and the
  UID are cleaned and escaped (:mod:`tripplan.ical.text`), so a user's line
  break never starts a property;
- people: :func:`person` writes ``mailto:`` with a quoted CN first, then
  ROLE, PARTSTAT, RSVP… as given;
- alarms are VALARM components of their own (:func:`alarm`);
- :func:`token`, :func:`uri` and :func:`links` check what a token or a URI
  may hold, so a value read from a file (a link with a line break in it, a
  role with a ``;``) can never start a property or a parameter of its own.

Until issue 20 these forms were fixes laid over ics-py 0.7.3's output (its
times, stamps, CN, URL escaping, alarms and category order were each
replaced); the lines are the same, written here directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from tripplan.ical.lines import Component, ContentLine
from tripplan.ical.text import clean_text, escape_text, quote_param

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


def _texts(component: Component, pairs: Iterable[tuple[str, str]]) -> None:
    """A TEXT line for each (name, value) whose cleaned value is not empty."""
    for name, value in pairs:
        text = clean_text(value)
        if text:
            component.append(ContentLine(name, {}, escape_text(text)))


def event(*, uid: str, title: str, location: str, description: str, categories: list[str], status: str,
          transparent: bool | None) -> Component:
    """A VEVENT with its text properties: DESCRIPTION, LOCATION, STATUS, SUMMARY, TRANSP, UID, CATEGORIES.

    *status* "" and *transparent* ``None`` write no STATUS and no TRANSP; a status that is not an RFC 5545
    event status is left out.
    """
    vevent = Component("VEVENT")
    _texts(vevent, [("DESCRIPTION", description), ("LOCATION", location)])
    state = token(status)
    if state in _STATUSES:
        vevent.append(ContentLine("STATUS", {}, state))
    _texts(vevent, [("SUMMARY", title)])
    if transparent is not None:
        vevent.append(ContentLine("TRANSP", {}, "TRANSPARENT" if transparent else "OPAQUE"))
    vevent.append(ContentLine("UID", {}, escape_text(uid)))
    if categories:
        vevent.append(ContentLine("CATEGORIES", {}, ",".join(escape_text(c) for c in categories)))
    return vevent


def todo(*, uid: str, title: str, description: str, done: bool) -> Component:
    """A VTODO with its text properties and STATUS; DUE and DTSTAMP are added by the caller."""
    vtodo = Component("VTODO")
    _texts(vtodo, [("DESCRIPTION", description)])
    vtodo.append(ContentLine("STATUS", {}, "COMPLETED" if done else "NEEDS-ACTION"))
    _texts(vtodo, [("SUMMARY", title)])
    vtodo.append(ContentLine("UID", {}, escape_text(uid)))
    return vtodo


def duration(span: timedelta) -> str:
    """*span* as a DURATION value, whole seconds: ``-PT15M``, ``P1D``, ``-P1W1D``; ``P`` for none.

    Weeks are written with the days beside them, as the export always has (RFC 5545's grammar has a
    week form of its own; readers take both).
    """
    total = abs(int(span.total_seconds()))
    days, seconds = divmod(total, 86400)
    text = "P"
    if days // 7:
        text += f"{days // 7}W"
        days %= 7
    if days:
        text += f"{days}D"
    if seconds:
        hours, rest = divmod(seconds, 3600)
        minutes, secs = divmod(rest, 60)
        text += "T" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{secs}S" if secs else "")
    return text if span.total_seconds() >= 0 else "-" + text


def alarm(before: timedelta, text: str) -> Component:
    """One VALARM: ACTION:DISPLAY, DESCRIPTION and a TRIGGER *before* the start."""
    return Component("VALARM", ContentLine("ACTION", {}, "DISPLAY"),
                     ContentLine("DESCRIPTION", {}, escape_text(clean_text(text) or "Reminder")),
                     ContentLine("TRIGGER", {}, duration(-before)))


def person(role_name: str, email: str, name: str, params: dict[str, str] | None = None) -> ContentLine:
    """An ORGANIZER or ATTENDEE line: ``mailto:`` value, quoted CN first, then *params* that are tokens, upper case.

    The address loses white space and a ``mailto:`` a file gave it, and is escaped as TEXT (a ``,`` or
    ``;`` in it comes out as ``\\,``, ``\\;``), as the export always wrote it.
    """
    address = "".join(clean_text(email).split())
    if address[:7].lower() == "mailto:":  # an address as a file wrote it: the scheme is added once below
        address = address[7:]
    ordered: dict[str, list[str]] = {"CN": [quote_param(clean_text(name) or address)]}
    for key, value in (params or {}).items():
        if token(value):  # a parameter value is written bare: only a name, never a "," ";" ":" or line break
            ordered[key] = [token(value)]
    return ContentLine(role_name, ordered, escape_text(f"mailto:{address}"))


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
    """A to-do's DUE as a date."""
    return ContentLine("DUE", {"VALUE": ["DATE"]}, f"{day:%Y%m%d}")


def stamp(name: str, moment: datetime) -> ContentLine:
    """A UTC date-time property such as DTSTAMP."""
    return ContentLine(name, {}, f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}")


def calendar(*, prodid: str, method: str, components: Iterable[Component],
             extra: Iterable[ContentLine] = ()) -> Component:
    """A VCALENDAR: VERSION, PRODID, CALSCALE, METHOD (when given), then *extra*, then the components."""
    cal = Component("VCALENDAR", ContentLine("VERSION", {}, "2.0"), ContentLine("PRODID", {}, prodid),
                    ContentLine("CALSCALE", {}, "GREGORIAN"))
    if method:
        cal.append(ContentLine("METHOD", {}, method.upper()))
    cal.extend(extra)
    cal.extend(components)
    return cal
