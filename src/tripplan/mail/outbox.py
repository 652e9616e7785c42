"""The invite e-mails of one run: one message per recipient and UID, and what to record once they went out.

:func:`outgoing` plans the run (:func:`tripplan.ical.invites.plan_invites`)
and turns it into messages (:mod:`tripplan.ical.imip`), leaving out what a
recipient already holds at its current SEQUENCE, so a rerun after a partial
failure sends only what did not arrive.  An event and the changed
occurrences that share its UID go in one message (Outlook and Gmail handle
one UID per iMIP message); requests and cancellations never share one (a
calendar has one METHOD).  The organizer never gets one.  :func:`record`
updates the trip's ``[[sent]]`` for the messages that were delivered only.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from tripplan.ical.export import Cancel, Sent, cancel_calendar, export_uid, request_calendar
from tripplan.ical.imip import Unaddressable, compose, mailbox, one_line
from tripplan.ical.invites import InvitePlan, plan_invites, settle
from tripplan.ical.party import Party, address
from tripplan.time.zones import clock
from tripplan.trip.model import Person, SentInvite, Trip

KINDS = ("invitation", "update", "cancellation")
_PREFIX = {"invitation": "Invitation", "update": "Updated", "cancellation": "Cancelled"}


@dataclass
class Outgoing:
    """One invite e-mail: to *person* at *email*, about the events of one *uid*."""

    person: Person
    email: str
    uid: str
    kind: str  # "invitation" | "update" | "cancellation"
    subject: str
    events: list[str]  # event ids
    message: EmailMessage
    summary: str  # one line: who gets what
    sequence: int = 0
    text: str = field(default="", repr=False)  # the text/plain part


def outgoing(trip: Trip, organizer: Person, people: list[Person] | None, now: datetime, *,
             notes: bool = False) -> tuple[InvitePlan, list[Outgoing]]:
    """The plan of this run and its messages: only what each recipient does not yet hold at the current SEQUENCE.

    A recipient whose address cannot take mail gets none, and the plan's
    notes say so.
    """
    plan = plan_invites(trip, organizer, people, now, notes=notes)
    old = {r.event: r for r in trip.sent}
    party = Party(trip)
    try:
        sender = mailbox(plan.organizer.name, plan.organizer.email)
    except Unaddressable as exc:
        from tripplan.errors import InputError

        raise InputError(f"the organizer's address: {exc}") from None
    messages: list[Outgoing] = []
    for files in plan.files:
        person, email = files.person, files.person.email.strip()
        if address(email) == address(plan.organizer.email):
            continue  # the organizer sends; they never get their own invite
        try:
            to = mailbox(person.name, email)
        except Unaddressable as exc:
            plan.notes.append(f"{person.name} ({person.id}): {exc}; no invite e-mailed to them")
            continue
        requests: dict[str, list[Sent]] = {}
        held_before: dict[str, bool] = {}
        for item in files.requests:
            record = old.get(item.event.id)
            held = record.held(email) if record is not None else None
            if held is not None and held >= item.sequence:
                continue  # they hold this version already
            uid = item.uid or export_uid(trip, item.event)
            requests.setdefault(uid, []).append(item)
            held_before[uid] = held_before.get(uid, False) or held is not None
        cancels: dict[str, list[tuple[Cancel, str]]] = {}
        for cancel, event_id in zip(files.cancels, files.cancel_events, strict=True):
            cancels.setdefault(cancel.uid, []).append((cancel, event_id))
        for uid, items in requests.items():
            items.sort(key=lambda s: (bool(s.event.ical.series), s.event.start_utc, s.event.id))
            kind = "update" if held_before[uid] else "invitation"
            calendar = request_calendar(trip, now, plan.organizer, items, notes=notes)
            text = _request_text(trip, party, plan.organizer.name, person, items, kind)
            messages.append(_message(trip, person, email, uid, kind, items[0].event.title,
                                     [s.event.id for s in items], max(s.sequence for s in items), calendar,
                                     "REQUEST", text, sender, to, now))
        for uid, pairs in cancels.items():
            calendar = cancel_calendar(trip, now, [c for c, _ in pairs])
            text = _cancel_text(plan.organizer.name, person, [c for c, _ in pairs])
            messages.append(_message(trip, person, email, uid, "cancellation", pairs[0][0].title,
                                     [e for _, e in pairs], max(c.sequence for c, _ in pairs), calendar, "CANCEL",
                                     text, sender, to, now))
    return plan, messages


def _message(trip: Trip, person: Person, email: str, uid: str, kind: str, title: str, events: list[str],
             sequence: int, calendar: str, method: str, text: str, sender: Address, to: Address,
             now: datetime) -> Outgoing:
    subject = f"{_PREFIX[kind]}: {one_line(title) or 'event'} · {one_line(trip.name)}"
    message = compose(sender, to, subject, text, calendar, method, now)
    summary = f"{one_line(person.name)} <{email}>: {subject}"
    return Outgoing(person=person, email=email, uid=uid, kind=kind, subject=subject, events=events,
                    message=message, summary=summary, sequence=sequence, text=text)


def record(trip: Trip, plan: InvitePlan, delivered: list[Outgoing], now: datetime) -> None:
    """Update ``trip.sent`` for the *delivered* messages of *plan* only (planned from *trip* as it still is)."""
    handed = {(o.email.strip().lower(), event, o.kind == "cancellation") for o in delivered for event in o.events}
    before = {id(r) for r in trip.sent}
    stamp = now.astimezone(UTC).replace(microsecond=0)
    records: list[SentInvite] = settle(trip, plan, handed)
    trip.sent = [r if id(r) in before else dataclasses.replace(r, sent_at=stamp) for r in records]


# --- the text/plain summary ------------------------------------------------------------------------------


def _zone_of(person: Person) -> ZoneInfo | None:
    """The recipient's own zone when the trip knows it (a teammate's home zone), else ``None``."""
    return person.home_tz


def _day(moment: datetime | date) -> str:
    return f"{moment:%a} {moment.day} {moment:%b %Y}"


def _span(start: datetime, end: datetime, all_day: bool, tz: ZoneInfo, end_tz: ZoneInfo) -> str:
    """When, in *tz*: "Tue 9 Mar 2027, 10:00–11:30 (Europe/Lisbon)", or the dates of an all-day event."""
    if all_day:
        first, last = start.astimezone(tz).date(), end.astimezone(end_tz).date() - timedelta(days=1)
        return _day(first) if last <= first else f"{_day(first)} – {_day(last)}"
    begin, finish = start.astimezone(tz), end.astimezone(end_tz)
    if end_tz.key != tz.key:  # a flight: each end in its own zone
        return f"{_day(begin)}, {clock(begin)} ({tz.key}) – {_day(finish)}, {clock(finish)} ({end_tz.key})"
    tail = clock(finish) if finish.date() == begin.date() else f"{_day(finish)} {clock(finish)}"
    return f"{_day(begin)}, {clock(begin)}–{tail} ({tz.key})"


def _when_lines(start: datetime, end: datetime, all_day: bool, tz: ZoneInfo, end_tz: ZoneInfo,
                person: Person) -> list[str]:
    own = _zone_of(person)
    if all_day or own is None or own.key == tz.key:
        return [f"When:   {_span(start, end, all_day, tz, end_tz)}"]
    return [f"When:   {_span(start, end, False, own, own)} — your time",
            f"        {_span(start, end, False, tz, end_tz)} — where it happens"]


def _request_text(trip: Trip, party: Party, organizer: str, person: Person, items: list[Sent], kind: str) -> str:
    lead = "has updated" if kind == "update" else "invites you to"
    lines = [f"{one_line(organizer)} {lead}:", ""]
    for item in items:
        event = item.event
        lines.append(one_line(event.title) + (" (one occurrence)" if event.ical.series else ""))
        lines += _when_lines(event.start_utc, event.end_utc, event.all_day, event.tz, event.end_tz, person)
        if event.repeat:
            lines.append(f"Repeats: {one_line(event.repeat)}")
        if event.location.strip():
            lines.append(f"Where:  {one_line(event.location)}")
        others = [p.name for p in party.invited(event) if p.id != person.id]
        if party.me is not None and party.i_attend(event):
            others.insert(0, party.me.name)
        if others:
            lines.append("With:   " + ", ".join(one_line(n) for n in others))
        lines.append("")
    lines += [f"Trip: {one_line(trip.name)}", "",
              "Answer with your calendar's Accept / Decline; invite.ics is the same invitation, for calendars "
              "that do not show one.", ""]
    return "\n".join(lines)


def _cancel_text(organizer: str, person: Person, items: list[Cancel]) -> str:
    lines = [f"{one_line(organizer)} has cancelled:", ""]
    for item in items:
        lines.append(one_line(item.title))
        lines += [line.replace("When:", "Was:  ", 1)
                  for line in _when_lines(item.start_utc, item.end_utc, item.all_day, item.tz, item.end_tz, person)]
        lines.append("")
    lines += ["Your calendar removes it when you open this message; invite.ics is the same cancellation.", ""]
    return "\n".join(lines)
