"""What a VEVENT says besides its times: title and notes text, alarms, attendees, organiser, links,
categories, kind and the other properties an export writes back, SEQUENCE and DTSTAMP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from tripplan.files.invite_records import MAX_SEQUENCE
from tripplan.ical.import_context import (
    MAX_TEXT,
    Context,
    all_props,
    clean,
    get_prop,
    has_prop,
)
from tripplan.time.limits import instant_problem
from tripplan.time.zones import instant
from tripplan.trip.addresses import email_problem
from tripplan.trip.model import Category, IcalProps, Kind, Organizer, Reminder, parse_kind

_LINK_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TOKEN = re.compile(r"[A-Za-z0-9-]{1,60}")  # an iCalendar name (IANA token or x-name), as the trip file keeps it
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
MAX_LINKS = 20  # conference links and attachments per event
MAX_UID = 1000  # characters of a UID the trip file keeps
# Properties that carry a link to join an online meeting (RFC 7986's CONFERENCE and what Google, Teams, Zoom,
# Webex and Skype write).
CONFERENCE_PROPS = ("CONFERENCE", "X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL",
                    "X-MICROSOFT-ONLINEMEETINGCONFLINK", "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
                    "X-MS-OLK-CONFERENCEURL", "X-SKYPE-MEETINGURL", "X-ZOOM-MEETING-URL", "X-WEBEX-MEETING-URL")
_OWN_PARAGRAPHS = ("Objective: ", "With: ")  # what export.describe adds after the notes


@dataclass(frozen=True)
class Person:
    """An ATTENDEE: address, name, and how they take part (ROLE, PARTSTAT; empty when not said)."""

    email: str
    name: str
    role: str = ""
    status: str = ""


def text_of(component: Any, name: str) -> str:
    """The text property *name*, cleaned of control characters and cut to ``MAX_TEXT``; '' when absent."""
    value = get_prop(component, name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    return clean(str(value)).strip()[:MAX_TEXT]


def int_of(component: Any, name: str) -> int:
    """The integer property *name* (SEQUENCE, PRIORITY), 0 … ``MAX_SEQUENCE``; 0 when absent or unreadable."""
    value = get_prop(component, name)
    try:
        return min(max(0, int(str(value).strip())), MAX_SEQUENCE) if value is not None else 0
    except ValueError:
        return 0


def reminders_of(component: Any, start: datetime, end: datetime, ctx: Context, losses: list[str]) -> list[Reminder]:
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


def attendees_of(component: Any) -> list[Person]:
    values = get_prop(component, "ATTENDEE")
    found: list[Person] = []
    for value in values if isinstance(values, list) else ([values] if values is not None else []):
        params = getattr(value, "params", {})
        if str(params.get("CUTYPE", "INDIVIDUAL")).upper() in ("ROOM", "RESOURCE"):
            continue  # a meeting room is no person to remember
        address = _address(value)
        if address:
            found.append(Person(address, _name(params), _token(params.get("ROLE")), _token(params.get("PARTSTAT"))))
    return found


def _link(value: object) -> str:
    text = str(value).strip()
    return text if len(text) <= 2000 and _URI.fullmatch(text) and not _LINK_CONTROL.search(text) else ""


def categories_of(component: Any) -> list[str]:
    found: list[str] = []
    for group in all_props(component, "CATEGORIES"):
        for category in getattr(group, "cats", []):
            text = " ".join(clean(str(category)).split())[:200]
            if text:
                found.append(text)
    return found


def ical_props(component: Any, uid: str, categories: list[str], remarks: list[str], losses: list[str]) -> IcalProps:
    """What the file says about the event that an export writes back (:class:`tripplan.trip.model.IcalProps`)."""
    organizer = None
    for value in all_props(component, "ORGANIZER")[:1]:
        address = _address(value)
        if address:
            organizer = Organizer(address, _name(getattr(value, "params", {})))
        elif str(value).strip():
            losses.append(f"its ORGANIZER {clean(str(value))[:80]!r} is no e-mail address; left out")
    status = _token(get_prop(component, "STATUS"))
    transp = _token(get_prop(component, "TRANSP"))
    conference: list[str] = []
    for name in CONFERENCE_PROPS:
        if not has_prop(component, name):
            continue
        for value in all_props(component, name):
            link = _link(value)
            if link and link not in conference:
                conference.append(link)
    attach: list[str] = []
    inline = 0
    for value in all_props(component, "ATTACH"):
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
    priority = int_of(component, "PRIORITY")
    url = next((link for link in map(_link, all_props(component, "URL")) if link), "")
    if len(uid) > MAX_UID:
        remarks.append(f"its UID is {len(uid)} characters long; the trip keeps none, so an export gives it a new one")
        uid = ""
    return IcalProps(uid=uid, organizer=organizer, status=status if status in ("TENTATIVE", "CONFIRMED") else "",
                     transparent={"TRANSPARENT": True, "OPAQUE": False}.get(transp),
                     klass=_token(get_prop(component, "CLASS")), categories=tuple(categories), url=url,
                     conference=tuple(conference), attach=tuple(attach), priority=priority if priority <= 9 else 0)


def kind_of(component: Any, categories: list[str], forced: Kind | None) -> tuple[Kind, bool]:
    """``--kind``; else X-TRIPPLAN-KIND (tripplan's own export); else the first CATEGORY that is a kind."""
    if forced is not None:
        return forced, False
    own = get_prop(component, "X-TRIPPLAN-KIND")
    for value in [str(own).strip(), *categories] if own is not None else categories:
        try:
            return parse_kind(value), True
        except ValueError:
            continue
    return Kind.MEETING, False


def own_notes(text: str) -> str:
    """Notes of tripplan's own export without the "Objective: …" and "With: …" paragraphs it adds."""
    paragraphs = text.split("\n\n")
    while paragraphs and paragraphs[-1].startswith(_OWN_PARAGRAPHS):
        paragraphs.pop()
    return "\n\n".join(paragraphs).strip()


def own_defaults(ical: IcalProps, kind: Kind) -> IcalProps:
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


def stamp_of(component: Any) -> datetime | None:
    """DTSTAMP (else LAST-MODIFIED) in UTC: it breaks ties between copies with the same SEQUENCE."""
    for name in ("DTSTAMP", "LAST-MODIFIED"):
        prop = get_prop(component, name)
        try:
            value = prop.dt if prop is not None else None
        except Exception:
            value = None
        # A stamp at the end of time (or year 1) is no time a trip file holds: no tie-breaker, like an unreadable one.
        if isinstance(value, datetime) and instant_problem(aware := value if value.tzinfo else
                                                           value.replace(tzinfo=UTC)) is None:
            return aware.astimezone(UTC)
    return None
