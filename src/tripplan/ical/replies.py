"""Attendees' answers to invites: iTIP REPLY and COUNTER (RFC 5546) read from calendar text, matched to the trip.

:func:`parse` reads one calendar's text with icalendar: a ``METHOD:REPLY``
gives one :class:`ItipAnswer` per VEVENT and ATTENDEE (UID, RECURRENCE-ID,
SEQUENCE, DTSTAMP, PARTSTAT, DELEGATED-TO, COMMENT, ORGANIZER); a
``METHOD:COUNTER`` gives a proposal (the new DTSTART/DTEND), which is only
reported; any other METHOD is "not a reply".  A REPLY without DTSTAMP takes
the mail's ``Date`` (so reading the same mail again gives the same answer);
without either it is malformed, as is one without UID or ATTENDEE.

:class:`Matcher` finds the event an answer is for: by the UID the attendee
holds (the ``[[sent]]`` record's, else :func:`tripplan.ical.export.export_uid`);
a RECURRENCE-ID that names a changed occurrence goes to that event, any
other to the series with ``occurrence`` set.  The attendee must be invited
(in the record's ``to`` or the event's party) and the ORGANIZER, when the
reply names one, must be the trip's organizer of that event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Component
from icalendar.prop import vBroken

from tripplan.ical.export import event_uid, export_uid
from tripplan.ical.party import Party, address, organized_by_other
from tripplan.time.zones import day_start, instant
from tripplan.trip.model import REPLY_STATUSES, Event, SentInvite, Trip
from tripplan.visible import visible

ANSWER_METHODS = ("REPLY", "COUNTER")
Moment = datetime | date


@dataclass(frozen=True)
class ItipAnswer:
    """One attendee's answer in one VEVENT of a REPLY, or their proposal in a COUNTER."""

    method: str  # "REPLY" or "COUNTER"
    uid: str
    email: str  # address(): lower case, no mailto:
    name: str  # the ATTENDEE's CN
    partstat: str  # upper case, as written (NEEDS-ACTION when not said)
    sequence: int
    dtstamp: datetime  # UTC
    recurrence_id: Moment | None = None  # aware, floating (naive) or a date, as written
    delegated_to: str = ""
    comment: str = ""
    organizer: str = ""  # address() of ORGANIZER, "" when the reply names none
    start: Moment | None = None  # a COUNTER's proposed time
    end: Moment | None = None


@dataclass
class Parsed:
    """What one calendar held: answers, what was wrong (malformed) and what was skipped (not a reply)."""

    answers: list[ItipAnswer] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(_text(v) for v in value)
    return str(value).strip()


def _moment(component: Component, name: str) -> tuple[Moment | None, str]:
    """A date or date-time property: (value, "") or (None, problem); (None, "") when absent."""
    prop = component.get(name)
    if prop is None:
        return None, ""
    if isinstance(prop, list):
        prop = prop[0]
    if isinstance(prop, vBroken):
        return None, f"{name} {visible(str(prop))[:60]!r} is not a date-time"
    value = getattr(prop, "dt", None)
    if not isinstance(value, date):
        return None, f"{name} is not a date-time"
    return value, ""


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _param(prop: object, name: str) -> str:
    params = getattr(prop, "params", None)
    value = params.get(name) if params is not None else None
    if isinstance(value, list):
        value = ",".join(str(v) for v in value)
    return str(value).strip() if value is not None else ""


def parse(text: str, mail_date: datetime | None = None) -> Parsed:
    """The answers in the calendar *text*; *mail_date* (UTC) stands in for a missing DTSTAMP."""
    found = Parsed()
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        found.problems.append(f"not a calendar: {visible(str(exc))[:160]}")
        return found
    if not calendars:
        found.problems.append("not a calendar: no complete VCALENDAR in it")
    for calendar in calendars:
        method = _text(calendar.get("METHOD")).upper()
        if method not in ANSWER_METHODS:
            found.skipped.append(f"not a reply (METHOD:{visible(method)[:40] or 'none'})")
            continue
        events = list(calendar.walk("VEVENT"))
        if not events:
            found.problems.append(f"a {method} without any VEVENT")
        for vevent in events:
            _event(vevent, method, mail_date, found)
    return found


def _event(vevent: Component, method: str, mail_date: datetime | None, found: Parsed) -> None:
    get = vevent.get
    uid = _text(get("UID"))
    if not uid:
        found.problems.append(f"a {method} without UID")
        return
    where = f"a {method} to UID {visible(uid)[:80]}"
    try:
        sequence = int(str(get("SEQUENCE", 0)))
    except ValueError:
        found.problems.append(f"{where}: SEQUENCE {visible(str(get('SEQUENCE')))[:20]!r} is not a number")
        return
    stamp, problem = _moment(vevent, "DTSTAMP")
    recurrence, problem2 = _moment(vevent, "RECURRENCE-ID")
    start, problem3 = _moment(vevent, "DTSTART")
    end, problem4 = _moment(vevent, "DTEND")
    bad = problem or problem2 or (problem3 or problem4 if method == "COUNTER" else "")
    if bad:
        found.problems.append(f"{where}: {bad}")
        return
    if stamp is None:
        if mail_date is None:
            found.problems.append(f"{where}: no DTSTAMP, and no mail Date to go by")
            return
        stamp = mail_date
    if not isinstance(stamp, datetime):
        found.problems.append(f"{where}: DTSTAMP is a date, not a date-time")
        return
    if method == "COUNTER" and start is None:
        found.problems.append(f"{where}: a COUNTER without DTSTART")
        return
    if method == "COUNTER" and end is None and start is not None:
        duration = getattr(get("DURATION"), "dt", None)
        if isinstance(duration, timedelta):
            end = start + duration
    attendees = get("ATTENDEE")
    if attendees is None:
        unread = [str(e[1]) for e in vevent.errors if e[0] in (None, "ATTENDEE")]
        detail = f" (a line could not be read: {visible(unread[0])[:160]})" if unread else ""
        found.problems.append(f"{where}: no ATTENDEE (who answers?){detail}")
        return
    organizer = address(_text(get("ORGANIZER")))
    comment = _text(get("COMMENT"))
    for attendee in attendees if isinstance(attendees, list) else [attendees]:
        email = address(str(attendee))
        if not email:
            found.problems.append(f"{where}: an ATTENDEE without an address")
            continue
        found.answers.append(ItipAnswer(
            method=method, uid=uid, email=email, name=_param(attendee, "CN"),
            partstat=(_param(attendee, "PARTSTAT") or "NEEDS-ACTION").upper(), sequence=sequence,
            dtstamp=_utc(stamp), recurrence_id=recurrence,
            delegated_to=address(_param(attendee, "DELEGATED-TO").split(",")[0]), comment=comment,
            organizer=organizer, start=start, end=end))


@dataclass(frozen=True)
class Match:
    """Where an answer goes: the event (a changed occurrence: its own), the occurrence (UTC) and who answered."""

    event: Event
    occurrence: datetime | None
    name: str  # the attendee's name in the trip (else the reply's CN, else their address)


@dataclass(frozen=True)
class Unmatched:
    """An answer no event or attendee of the trip takes, and why."""

    reason: str


def as_instant(value: Moment, event: Event) -> datetime:
    """The UTC instant a RECURRENCE-ID or proposed time names: a date or floating time is read in *event*'s zone."""
    if isinstance(value, datetime):
        return instant(value, event.tz) if value.tzinfo is None else value.astimezone(UTC)
    return day_start(value, event.tz)


class Matcher:
    """The trip's events by the UID their attendees hold, and who is invited to each; made once per run."""

    def __init__(self, trip: Trip) -> None:
        self.trip = trip
        self.party = Party(trip)
        self.sent: dict[str, SentInvite] = {s.event: s for s in trip.sent}
        self.events = {e.id: e for e in trip.events}
        self.uids: dict[str, str] = {}
        for record in trip.sent:
            self.uids.setdefault(record.uid, record.event)
        for event in trip.events:
            if event.id not in self.sent:
                self.uids.setdefault(export_uid(trip, event), event.id)
        for event in trip.events:  # what a calendar file or an older export may have called it
            if not event.ical.series:
                if event.ical.uid:
                    self.uids.setdefault(event.ical.uid, event.id)
                self.uids.setdefault(event_uid(trip, event.id), event.id)
        self.names = {address(p.email): p.name for p in trip.people if address(p.email)}
        me = trip.me
        self.me = address(me.email) if me is not None else ""

    def name_of(self, answer: ItipAnswer) -> str:
        """The answering attendee's name: the trip's, else what their reply said, else their address."""
        return self.names.get(answer.email) or answer.name or answer.email

    def invited(self, event: Event) -> set[str]:
        """The addresses an invite for *event* went to or would go to."""
        found = {address(r.email) for r in self.party.recipients(event)}
        record = self.sent.get(event.id)
        if record is not None:
            found |= {address(r.email) for r in record.to}
        return found

    def match(self, answer: ItipAnswer) -> Match | Unmatched:
        """The event and occurrence *answer* is for, or why it is for none."""
        event_id = self.uids.get(answer.uid)
        if event_id is None:
            return Unmatched("no event of this trip has this UID")
        event = self.events.get(event_id)
        record = self.sent.get(event_id)
        if event is None:
            title = record.title if record is not None else event_id
            return Unmatched(f"{visible(title)!r} was deleted from the trip")
        ours = address(record.organizer.email) if record is not None else self.me
        if answer.organizer and ours and answer.organizer != ours:
            return Unmatched(f"a reply to another organizer's meeting (ORGANIZER {visible(answer.organizer)})")
        if record is None:
            other = organized_by_other(self.trip, event, ours or answer.organizer)
            if other is not None:
                return Unmatched(f"a reply to another organizer's meeting ({visible(address(other.email))})")
        target, occurrence = event, None
        if answer.recurrence_id is not None:
            moment = as_instant(answer.recurrence_id, event)
            changed = next((e for e in self.trip.events
                            if e.ical.series == event.id and e.ical.recurrence_id == moment), None)
            if changed is not None:
                target = changed
            elif event.recurring:
                occurrence = moment
            elif moment != event.start_utc:
                return Unmatched(f"answers an occurrence at {moment:%Y-%m-%d %H:%M} UTC of "
                                 f"{visible(event.title)!r}, which does not repeat")
        if answer.email not in self.invited(target) | (self.invited(event) if target is not event else set()):
            return Unmatched(f"{visible(answer.email)} is not invited to {visible(target.title)!r}")
        return Match(target, occurrence, self.name_of(answer))


def status_of(answer: ItipAnswer) -> str | None:
    """The trip's status for the answer's PARTSTAT (``None``: NEEDS-ACTION or an x-name, not an answer)."""
    status = answer.partstat.lower()
    return status if status in REPLY_STATUSES else None
