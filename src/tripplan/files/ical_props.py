"""The ``ical`` table of an event in a trip file: what a calendar file said that an export writes back.

An imported event keeps its UID, organizer, status, transparency, class,
categories, URL, conference links, attachments, priority and how each
attendee takes part, and a changed occurrence of a series names its series
and the occurrence it replaces (see :class:`tripplan.trip.model.IcalProps`)::

    [events.ical]
    uid = "040000008200E00074C5B7101A82E0080000000010A2…"
    organizer = { email = "ana@example.com", name = "Ana" }
    status = "TENTATIVE"
    class = "PRIVATE"
    attendance = [{ person = "ana", role = "CHAIR", status = "ACCEPTED" }]

This module is on the trip-loading path: it must not import ics or icalendar.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from tripplan.files.times import file_moment
from tripplan.trip.model import NO_ICAL, Attendance, IcalProps, Organizer

if TYPE_CHECKING:
    from tripplan.files.decoder import Decoder

ICAL_KEYS = {"uid", "organizer", "status", "transparent", "class", "categories", "url", "conference", "attach",
             "priority", "attendance", "series", "recurrence_id"}
_ORGANIZER_KEYS = {"email", "name"}
_ATTENDANCE_KEYS = {"person", "role", "status"}
# Parameter and property values are iCalendar names: IANA tokens or x-names.
_TOKEN = re.compile(r"[A-Za-z0-9-]{1,60}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_STATUSES = {"TENTATIVE", "CONFIRMED"}


def _token(dec: Decoder, table: dict[str, Any], key: str, path: str) -> str:
    value = dec.text(table, key, path)
    if value and not _TOKEN.fullmatch(value):
        dec.fail(f"{path}.{key}", f"{value[:60]!r} is not an iCalendar name (letters, digits and '-')")
        return ""
    return value.upper()


def _uri_list(dec: Decoder, table: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
    found: list[str] = []
    for i, value in enumerate(dec.string_list(table, key, path)):
        if _CONTROL.search(value) or not value.strip():
            dec.fail(f"{path}.{key}[{i}]", "a link must be one line of text")
        else:
            found.append(value)
    return tuple(found)


def decode_ical(dec: Decoder, raw: object, path: str, tz: ZoneInfo | None) -> IcalProps:
    """The event's ``ical`` table (``NO_ICAL`` when absent or wrong; problems reported to *dec*)."""
    table = dec.table(raw, path, ICAL_KEYS, ())
    if table is None:
        return NO_ICAL
    organizer = None
    if "organizer" in table:
        found = dec.table(table["organizer"], f"{path}.organizer", _ORGANIZER_KEYS, ("email",))
        if found is not None:
            organizer = Organizer(email=dec.text(found, "email", f"{path}.organizer", required=True),
                                  name=dec.text(found, "name", f"{path}.organizer"))
    status = _token(dec, table, "status", path)
    if status and status not in _STATUSES:
        dec.fail(f"{path}.status", f"{status!r} is not kept (give TENTATIVE or CONFIRMED)")
    attendance: list[Attendance] = []
    for i, item in enumerate(dec.typed(table, "attendance", path, list, [], "a list of tables")):
        where = f"{path}.attendance[{i}]"
        entry = dec.table(item, where, _ATTENDANCE_KEYS, ("person",))
        if entry is not None:
            attendance.append(Attendance(person=dec.text(entry, "person", where, required=True),
                                         role=_token(dec, entry, "role", where),
                                         status=_token(dec, entry, "status", where)))
    priority = dec.typed(table, "priority", path, int, 0, "a whole number from 0 to 9")
    if not 0 <= priority <= 9:
        dec.fail(f"{path}.priority", "must be from 0 (not said) to 9")
        priority = 0
    recurrence_id: datetime | None = None
    if "recurrence_id" in table:
        recurrence_id = dec.moment(table["recurrence_id"], f"{path}.recurrence_id", tz,
                                   "a local date-time (the start of the occurrence this one replaces)")
    series = dec.text(table, "series", path)
    if bool(series) != (recurrence_id is not None) and "recurrence_id" in table:
        dec.fail(f"{path}.series", "'series' and 'recurrence_id' go together")
    uid = dec.text(table, "uid", path)
    if len(uid) > 1000 or _CONTROL.search(uid):
        dec.fail(f"{path}.uid", "a UID is one line of at most 1000 characters")
    url = dec.text(table, "url", path)
    if _CONTROL.search(url):
        dec.fail(f"{path}.url", "a link must be one line of text")
    transparent = None
    if "transparent" in table:
        transparent = dec.typed(table, "transparent", path, bool, False, "true (free) or false (busy)")
    return IcalProps(uid=uid, organizer=organizer, status=status, transparent=transparent,
                     klass=_token(dec, table, "class", path),
                     categories=tuple(dec.string_list(table, "categories", path)), url=url,
                     conference=_uri_list(dec, table, "conference", path),
                     attach=_uri_list(dec, table, "attach", path), priority=priority,
                     attendance=tuple(attendance), series=series, recurrence_id=recurrence_id)


def people_of(raw: object) -> list[str]:
    """The person ids an event's raw ``ical`` table names (for the reference check)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("attendance"), list):
        return []
    return [item["person"] for item in raw["attendance"]
            if isinstance(item, dict) and isinstance(item.get("person"), str)]


def encode_ical(props: IcalProps, tz: ZoneInfo) -> dict[str, Any]:
    """The ``ical`` table of an event, keys in a fixed order, empty values left out (``{}`` for none)."""
    table: dict[str, Any] = {}
    if props.uid:
        table["uid"] = props.uid
    if props.series and props.recurrence_id is not None:
        table["series"] = props.series
        table["recurrence_id"] = file_moment(props.recurrence_id, tz)
    if props.organizer is not None:
        table["organizer"] = {"email": props.organizer.email, **({"name": props.organizer.name}
                                                                 if props.organizer.name else {})}
    for key, value in (("status", props.status), ("class", props.klass), ("url", props.url)):
        if value:
            table[key] = value
    if props.transparent is not None:
        table["transparent"] = props.transparent
    if props.priority:
        table["priority"] = props.priority
    for key, values in (("categories", props.categories), ("conference", props.conference),
                        ("attach", props.attach)):
        if values:
            table[key] = list(values)
    if props.attendance:
        table["attendance"] = [{"person": a.person, **({"role": a.role} if a.role else {}),
                                **({"status": a.status} if a.status else {})} for a in props.attendance]
    return table
