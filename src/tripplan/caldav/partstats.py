"""Attendees' answers on the CalDAV server: read the PARTSTATs a colleague's calendar wrote, keep them on rewrites.

A colleague who subscribes to the shared calendar and answers an event in
their calendar app changes the ATTENDEE line's PARTSTAT in the published
resource.  :func:`read` turns those lines into :class:`tripplan.trip.model.Reply`
records (``via="caldav"``) for the trip's people; :func:`fold` writes the
recorded answers back into a resource tripplan is about to PUT, so a rewrite
keeps them (reset to NEEDS-ACTION when the new version raised SEQUENCE: RFC
5546 asks attendees again after a change of time, place or title);
:func:`same_but_answers` tells a server copy that differs from tripplan's
only by answers from a colleague's edit of the event.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any

from tripplan.ical import properties as c
from tripplan.ical.contentlines import unfolded_bytes
from tripplan.ical.party import address
from tripplan.ical.text import CRLF, quote_param
from tripplan.ical.text import fold as fold_line
from tripplan.trip.model import REPLY_STATUSES, Event, Reply, Trip

#: Properties a calendar app writes when its user answers, which say nothing about the event itself.
_ANSWER_PROPS = frozenset({"ATTENDEE", "DTSTAMP", "PRODID", "LAST-MODIFIED", "CREATED", "ACKNOWLEDGED", "COMMENT"})
#: What a one-occurrence copy (RECURRENCE-ID) of the series has of its own without being a change of it.
_OCCURRENCE_PROPS = frozenset({"RECURRENCE-ID", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE",
                               "SEQUENCE"})


def _name(line: bytes) -> str:
    found = re.match(rb"[A-Za-z0-9-]+", line)
    return found[0].decode("ascii").upper() if found else ""


def _kept(line: bytes, drop: frozenset[str]) -> bool:
    name = _name(line)
    if name in drop:
        return False
    return not (name.startswith("X-") and not name.startswith("X-TRIPPLAN"))


def _lines(component: Any, drop: frozenset[str], *, alarms: bool = True) -> list[bytes]:
    raw: bytes = unfolded_bytes(component.to_ical())
    if not alarms:
        raw = re.sub(rb"BEGIN:VALARM\r\n.*?END:VALARM\r\n", b"", raw, flags=re.DOTALL)
    return sorted(line for line in raw.split(b"\r\n") if line and _kept(line, drop))


def _span(component: Any) -> Any:
    start, end = component.get("DTSTART"), component.get("DTEND")
    if start is None or end is None:
        return None
    return end.dt - start.dt


def _answer_only_occurrence(component: Any, master: Any | None) -> bool:
    """Whether a RECURRENCE-ID component is the series' occurrence as it is, written only to answer it."""
    if master is None:
        return False
    start, rid = component.get("DTSTART"), component.get("RECURRENCE-ID")
    if start is None or rid is None or start.dt != rid.dt or _span(component) != _span(master):
        return False
    drop = _ANSWER_PROPS | _OCCURRENCE_PROPS
    # The copy's alarms are left aside too: apps copy the series' alarms into it, or leave them out.
    return _lines(component, drop, alarms=False) == _lines(master, drop, alarms=False)


def sequence_of(component: Any) -> int:
    """A component's SEQUENCE (0 when missing or unreadable)."""
    try:
        return max(int(str(component.get("SEQUENCE", 0)).strip() or 0), 0)
    except ValueError:
        return 0


def _canonical(data: str | bytes) -> tuple[list[tuple[str, list[bytes]]], int]:
    import icalendar

    raw = data.encode("utf-8") if isinstance(data, str) else data
    calendar = icalendar.Calendar.from_ical(raw)
    parts = [p for p in calendar.subcomponents if p.name != "VTIMEZONE"]
    masters = {str(p.get("UID", "")): p for p in parts if "RECURRENCE-ID" not in p}
    found: list[tuple[str, list[bytes]]] = []
    for part in parts:
        if "RECURRENCE-ID" in part and _answer_only_occurrence(part, masters.get(str(part.get("UID", "")))):
            continue
        found.append((str(part.name), _lines(part, _ANSWER_PROPS | {"SEQUENCE"})))
    found.sort()
    return found, max((sequence_of(p) for p in masters.values()), default=0)


def answered_copy(ours: str | bytes, theirs: bytes) -> int | None:
    """The server copy's SEQUENCE when it holds the same event as ours once attendees' answers are set aside.

    ``None`` when it holds something else.  Set aside: every ATTENDEE line (a
    colleague's app rewrites theirs, or adds it), COMMENT, DTSTAMP,
    LAST-MODIFIED, CREATED, ACKNOWLEDGED, the apps' own ``X-`` properties
    (not tripplan's), a RECURRENCE-ID copy of one occurrence that changes
    nothing but who answered, and a SEQUENCE raised by the app that saved the
    answer (the caldav library and some apps do; RFC 5546 says an attendee's
    answer leaves it alone) — a lower one is a different event.
    """
    try:
        mine, my_sequence = _canonical(ours)
        found, sequence = _canonical(theirs)
    except Exception:  # anything a strange server sends is simply "not the same"
        return None
    return sequence if mine == found and sequence >= my_sequence else None


# --- reading ---------------------------------------------------------------------------------


def _utc(value: Any, zone: Any) -> datetime | None:
    moment = getattr(value, "dt", None)
    if isinstance(moment, datetime):
        return (moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)).astimezone(UTC)
    if isinstance(moment, date):
        return datetime.combine(moment, time(0), tzinfo=zone).astimezone(UTC)
    return None


def _param(params: Any, name: str) -> str:
    value = params.get(name) if params is not None else None
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value).strip() if value is not None else ""


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _target(trip: Trip, event: Event, occurrence: datetime | None) -> tuple[str, datetime | None]:
    """The event an answer is for: the series (with the occurrence), or the trip's own copy of that occurrence."""
    if occurrence is None:
        return event.id, None
    for other in trip.events:
        if other.ical.series == event.id and other.ical.recurrence_id is not None \
                and other.ical.recurrence_id.astimezone(UTC) == occurrence:
            return other.id, None
    return event.id, occurrence


def read(trip: Trip, event: Event, data: bytes, now: datetime) -> list[Reply]:
    """The answers of the trip's people (not the traveller) in the server's copy *data* of *event*.

    ACCEPTED, DECLINED, TENTATIVE and DELEGATED (with DELEGATED-TO) are
    answers; NEEDS-ACTION and anything else are not.  An address is matched
    ignoring case and ``mailto:``; attendees who are not among the trip's
    people are left alone.  The comment is the line's ``X-RESPONSE-COMMENT``
    (as Google Calendar writes it), else the event's COMMENT when only one
    of the trip's people answered in it.  A malformed copy gives no answers.
    """
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception:
        return []
    people = {address(p.email): p for p in trip.people if p.email.strip()}
    me = trip.me
    mine = address(me.email) if me is not None and me.email.strip() else ""
    found: list[Reply] = []
    for part in calendar.walk("VEVENT"):
        try:
            found.extend(_component(trip, event, part, people, mine, now))
        except Exception:  # one odd component must not cost the others their answers
            continue
    return found


def _component(trip: Trip, event: Event, part: Any, people: dict[str, Any], mine: str,
               now: datetime) -> list[Reply]:
    occurrence = _utc(part.get("RECURRENCE-ID"), event.tz) if "RECURRENCE-ID" in part else None
    if "RECURRENCE-ID" in part and occurrence is None:
        return []
    target, occurrence = _target(trip, event, occurrence)
    sequence = sequence_of(part)
    stamps = [s for s in (_utc(part.get("DTSTAMP"), UTC), _utc(part.get("LAST-MODIFIED"), UTC)) if s is not None]
    stamp = max(stamps, default=now)
    answered: list[tuple[str, str, str, str]] = []  # (email, status, comment, delegated to)
    for attendee in _listed(part.get("ATTENDEE")):
        email = address(str(attendee))
        if not email or email == mine or email not in people:
            continue
        params = getattr(attendee, "params", None)
        status = _param(params, "PARTSTAT").lower()
        if status not in REPLY_STATUSES:
            continue
        delegated = address(_param(params, "DELEGATED-TO")) if status == "delegated" else ""
        answered.append((email, status, _param(params, "X-RESPONSE-COMMENT"), delegated))
    comments = [str(text).strip() for text in _listed(part.get("COMMENT")) if str(text).strip()]
    if len(answered) == 1 and not answered[0][2] and comments:
        email, status, _, delegated = answered[0]
        answered = [(email, status, "\n".join(comments), delegated)]
    return [Reply(event=target, email=email, status=status, sequence=sequence, dtstamp=stamp, received=now,
                  comment=comment, via="caldav", occurrence=occurrence, delegated_to=delegated)
            for email, status, comment, delegated in answered]


def news(trip: Trip, reply: Reply) -> bool:
    """Whether *reply* tells more than the answer already recorded (not just our own fold-in read back)."""
    for old in trip.replies:
        if (old.event, old.email, old.occurrence) == (reply.event, reply.email, reply.occurrence):
            same = (old.status == reply.status and old.delegated_to == reply.delegated_to
                    and (not reply.comment or reply.comment == old.comment))
            return not (same and old.sequence >= reply.sequence)
    return True


# --- writing ---------------------------------------------------------------------------------


def _logical(text: str) -> list[str]:
    return text.replace(CRLF + " ", "").replace(CRLF + "\t", "").split(CRLF)


def _value_address(line: str) -> str:
    """The address of an unfolded ATTENDEE line (the value after the first ':' outside quotes)."""
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return address(line[i + 1:])
    return ""


def fold(trip: Trip, event: Event, text: str, sequence: int, replies: list[Reply] | None = None) -> str:
    """*text* (tripplan's resource for *event*) with the recorded answers of its attendees as ATTENDEE lines.

    An answer to this SEQUENCE keeps its PARTSTAT; an answer to an older one
    is written NEEDS-ACTION (the change asks again).  Answers to single
    occurrences are not written.  Every line says ``SCHEDULE-AGENT=CLIENT``,
    so no server sends mail for it.  Without answers *text* is returned as it is.
    """
    if replies is None:
        replies = [r for r in trip.replies if r.event == event.id]
    me = trip.me
    mine = address(me.email) if me is not None and me.email.strip() else ""
    chosen = {r.email: r for r in replies if r.occurrence is None and r.email and r.email != mine}
    if not chosen:
        return text
    names = {address(p.email): p.name for p in trip.people if p.email.strip()}
    lines = _logical(text.rstrip(CRLF))
    out: list[str] = []
    written = False
    for line in lines:
        if _name(line.encode("utf-8", "replace")) == "ATTENDEE" and _value_address(line) in chosen:
            continue  # replaced by the answer below
        if line == "END:VEVENT" and not written:
            for email in sorted(chosen):
                out.append(_attendee(chosen[email], names.get(email, ""), sequence))
            written = True
        out.append(line)
    return CRLF.join(fold_line(line) for line in out) + CRLF


def _attendee(reply: Reply, name: str, sequence: int) -> str:
    current = reply.sequence >= sequence
    status = reply.status.upper() if current else "NEEDS-ACTION"
    params = {"ROLE": "REQ-PARTICIPANT", "PARTSTAT": status, "SCHEDULE-AGENT": "CLIENT"}
    line = c.person("ATTENDEE", reply.email, name, params)
    if current and reply.status == "delegated" and reply.delegated_to:
        line.params["DELEGATED-TO"] = [quote_param(f"mailto:{reply.delegated_to}")]
    return str(line)
