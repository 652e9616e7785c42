"""Per-person invites: which events each person gets, their SEQUENCE, and what must be cancelled.

The trip's ``[[sent]]`` records say what was sent last time.  An event whose
time, place, title, attendees or organizer changed since gets SEQUENCE + 1,
so calendars update it instead of adding a second copy; an unchanged event
keeps its SEQUENCE.  A person dropped from an event, or every recipient of an
event deleted from the trip, gets a METHOD:CANCEL.  Records are never
dropped (an emptied one remembers the SEQUENCE a re-created event must
exceed).  This module plans; :mod:`tripplan.cli.calendar_run` writes the files
and saves the trip.

An event's invite goes to everyone at it (:mod:`tripplan.ical.party`): its
attendees and the travelling teammates who attend it, never the traveller
("me"), who is its organizer unless ``--organizer`` names someone else.

Only events the invite's organizer organizes are sent: an imported meeting
whose ORGANIZER is someone else (or a changed occurrence of such a series)
is neither requested nor cancelled — that would take it over under the
organizer's UID — and the plan says so (:class:`Withheld`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tripplan.ical.export import Cancel, Sent, cancel_calendar, export_uid, request_calendar
from tripplan.ical.party import (
    Party,
    address,
    is_me,
    listed,
    organized_by_other,
)
from tripplan.ical.party import recipient as recipient  # the traveller was known
from tripplan.trip.model import Event, Organizer, Person, Recipient, SentInvite, Trip

# Names Windows refuses as file names, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def attendees_of(trip: Trip, event: Event) -> list[Recipient]:
    """Everyone an invite for *event* names as ATTENDEE (:func:`tripplan.ical.party.listed`)."""
    return listed(trip, event)


def last_organizer(trip: Trip) -> Person | None:
    """Who sent the last invites (a person of the trip when one has that address), or ``None``."""
    if not trip.sent:
        return None
    last = max(trip.sent, key=lambda s: s.sent_at).organizer
    known = next((p for p in trip.people if p.email.strip().lower() == last.email.lower()), None)
    return known or Person(id=last.person or "organizer", name=last.name or last.email, email=last.email)


def default_organizer(trip: Trip) -> Person | None:
    """Who sends invites when nobody is named: the traveller ("me") with an e-mail, else the last run's sender."""
    me = trip.me
    if me is not None:
        return me if me.email.strip() else None
    return last_organizer(trip)


@dataclass
class Withheld:
    """An event some chosen person would have got, not sent: someone else organizes it."""

    event: Event
    organizer: Organizer

    @property
    def reason(self) -> str:
        """Why it is not sent, for the report and the TUI's preview."""
        return (f"organized by {address(self.organizer.email)}; not sent — tripplan sends invites only for "
                "events you organize")


def fingerprint(event: Event, attendees: list[Recipient], organizer: str) -> str:
    """A hash of what makes a sent event change for its recipients: time, place, title, attendees, organizer.

    Times are hashed as wall time and zone, as they were before instants were kept (so a trip's records
    still match); the second pass of a repeated hour is marked, so moving between the two passes counts.
    """
    def instant(moment: datetime, tz: ZoneInfo) -> str:
        local = moment.astimezone(tz)
        return f"{local.replace(tzinfo=None, fold=0).isoformat()} {tz.key}" + (" (second)" if local.fold else "")

    data = [instant(event.start_utc, event.tz), instant(event.end_utc, event.end_tz), event.all_day, event.repeat,
            sorted(instant(d, event.tz) for d in event.exdates), event.location.strip(), event.title.strip(),
            sorted(a.email.lower() for a in attendees), organizer.lower()]
    return hashlib.blake2b(json.dumps(data, ensure_ascii=False).encode(), digest_size=10).hexdigest()


def pending_sequence(trip: Trip, event: Event, organizer: str | None = None, party: Party | None = None) -> int:
    """The SEQUENCE *event* carries now: as last sent, one more if it changed since, else what was imported.

    *party* is the trip's :class:`tripplan.ical.party.Party`, when already made.
    """
    record = next((s for s in trip.sent if s.event == event.id), None)
    if record is None:
        received = next((r for r in trip.received if r.event == event.id), None)
        return received.sequence if received else 0
    mark = fingerprint(event, (party or Party(trip)).listed(event), organizer or record.organizer.email)
    return record.sequence if mark == record.fingerprint else record.sequence + 1


def sequences(trip: Trip) -> dict[str, int]:
    """The SEQUENCE of every event of the trip, for the whole-trip export."""
    party = Party(trip)
    return {e.id: pending_sequence(trip, e, party=party) for e in trip.events}


def file_stem(person: Person, taken: set[str]) -> str:
    """A safe, unique file name (no extension) for *person*'s invite.

    Only letters, digits, ``.``, ``_`` and ``-``; never hidden, never a path,
    never a reserved Windows name; unique ignoring case (two people must not
    share a file on a case-insensitive disk).
    """
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", person.id).strip(".-_")[:60] or "person"
    if base.lower().split(".")[0] in _RESERVED:
        base = f"person-{base}"
    stem, n = base, 2
    while stem.lower() in taken:
        stem, n = f"{base}-{n}", n + 1
    taken.add(stem.lower())
    return stem


@dataclass
class PersonFiles:
    """What one person receives: requests and cancellations, and the files' names and text."""

    person: Person
    stem: str
    requests: list[Sent] = field(default_factory=list)
    cancels: list[Cancel] = field(default_factory=list)
    request_text: str = ""
    cancel_events: list[str] = field(default_factory=list)  # the event id of each of ``cancels``, in order
    cancel_text: str = ""


@dataclass
class InvitePlan:
    """Everything one ``tripplan invites`` run sends, and the ``[[sent]]`` records to save afterwards."""

    organizer: Recipient
    files: list[PersonFiles]
    records: list[SentInvite]
    changed: dict[str, str]  # event id → "new" / "updated" / "unchanged" / "cancelled"
    notes: list[str]
    withheld: list[Withheld] = field(default_factory=list)  # organized by someone else: not sent


def _record(event: Event, uid: str, sequence: int, mark: str, now: datetime, organizer: Recipient,
            to: list[Recipient]) -> SentInvite:
    return SentInvite(event=event.id, uid=uid, sequence=sequence, fingerprint=mark, sent_at=now,
                      organizer=organizer, title=event.title, start_utc=event.start_utc, end_utc=event.end_utc,
                      tz=event.tz, end_tz=event.end_tz, all_day=event.all_day, repeat=event.repeat, to=to)


def _cancel(record: SentInvite, sequence: int, to: list[Recipient]) -> Cancel:
    return Cancel(uid=record.uid, sequence=sequence, title=record.title, start_utc=record.start_utc,
                  end_utc=record.end_utc, tz=record.tz, end_tz=record.end_tz, all_day=record.all_day,
                  repeat=record.repeat, organizer=record.organizer, attendees=to)


class _Planner:
    def __init__(self, trip: Trip, organizer: Recipient, selected: list[Person], now: datetime) -> None:
        self.trip, self.organizer = trip, organizer
        self.party = Party(trip)
        self.now = now.astimezone(UTC).replace(microsecond=0)
        self.selected = {p.email.strip().lower() for p in selected}
        taken: set[str] = set()
        self.files = {p.email.strip().lower(): PersonFiles(p, file_stem(p, taken)) for p in selected}
        self.changed: dict[str, str] = {}
        self.withheld: list[Withheld] = []

    def chosen(self, who: Recipient) -> bool:
        return who.email.lower() in self.selected

    def live(self, event: Event, record: SentInvite | None) -> SentInvite | None:
        """Plan one event still in the trip; returns its new record (``None``: nothing to remember)."""
        now_to = self.party.recipients(event)
        if record is None and not now_to:
            return None
        named = self.party.listed(event)  # the recipients, and the traveller when attending
        other = organized_by_other(self.trip, event, self.organizer.email)
        if other is not None:
            # Neither a REQUEST nor a CANCEL: the organizer's UID and SEQUENCE are theirs to send.
            if any(self.chosen(w) for w in [*now_to, *(record.to if record else [])]):
                self.withheld.append(Withheld(event, other))
            return record
        mark = fingerprint(event, named, self.organizer.email)
        if record is None:
            sequence, status = pending_sequence(self.trip, event, self.organizer.email, self.party), "new"
        elif record.fingerprint == mark:
            sequence, status = record.sequence, "unchanged"
        else:
            sequence, status = record.sequence + 1, "updated"
        current = {a.email.lower() for a in now_to}
        # The traveller never gets an invite, nor a cancellation once they become the traveller.
        dropped = [r for r in (record.to if record else [])
                   if r.email.lower() not in current and not self.party.is_me(r.email)]
        sent_any = False
        uid = record.uid if record else export_uid(self.trip, event)
        for who in now_to:
            if self.chosen(who):
                self.files[who.email.lower()].requests.append(Sent(event, sequence, named, uid))
                sent_any = True
        cancelled = [r for r in dropped if self.chosen(r)]
        if cancelled and record is not None:
            for who in cancelled:
                self.files[who.email.lower()].cancels.append(_cancel(record, sequence, [who]))
                self.files[who.email.lower()].cancel_events.append(record.event)
            sent_any = True
        if not sent_any:
            return record  # nothing went out for this event: what recipients hold is unchanged
        self.changed[event.id] = status
        holders = {r.email.lower(): r for r in (record.to if record else []) if r not in cancelled}
        holders.update({w.email.lower(): w for w in now_to if self.chosen(w)})
        to = sorted(holders.values(), key=lambda r: r.email.lower())
        return _record(event, uid, sequence, mark, self.now, self.organizer, to)

    def deleted(self, record: SentInvite) -> SentInvite:
        """Plan an event deleted since it was sent: cancel it for every chosen recipient still holding it."""
        going = [r for r in record.to if self.chosen(r)]
        if not going:
            return record
        sequence = record.sequence + 1
        for who in going:
            self.files[who.email.lower()].cancels.append(_cancel(record, sequence, [who]))
            self.files[who.email.lower()].cancel_events.append(record.event)
        self.changed[record.event] = "cancelled"
        remaining = [r for r in record.to if not self.chosen(r)]
        return dataclasses.replace(record, sequence=sequence, sent_at=self.now, to=remaining)


def plan_invites(trip: Trip, organizer: Person, people: list[Person] | None, now: datetime, *,
                 notes: bool = False) -> InvitePlan:
    """Plan one run of ``tripplan invites``: files per person and the new ``[[sent]]`` records.

    *people* restricts the run to those people (default: everyone with an
    e-mail); the records then only change for what was actually sent.  The
    traveller ("me") is never among them: invites come from them.
    """
    remarks: list[str] = []
    candidates = people if people is not None else trip.people
    selected: list[Person] = []
    seen: dict[str, Person] = {}
    for person in candidates:
        email = person.email.strip().lower()
        if person.me or (email and is_me(trip, email)):
            continue
        if not email:
            remarks.append(f"{person.name} ({person.id}) has no e-mail address: no invite for them")
        elif email in seen:
            remarks.append(f"{person.name} ({person.id}) has the same e-mail as {seen[email].id}: "
                           f"one invite file for both, named after {seen[email].id}")
        else:
            seen[email] = person
            selected.append(person)
    planner = _Planner(trip, recipient(organizer), selected, now)
    old = {r.event: r for r in trip.sent}
    records: list[SentInvite] = []
    for event in sorted(trip.events, key=lambda e: (e.start_utc, e.end_utc, e.id)):
        new = planner.live(event, old.pop(event.id, None))
        if new is not None:
            records.append(new)
    records += [planner.deleted(record) for record in old.values()]
    records.sort(key=lambda r: r.event)
    records = _settle(trip.sent, records, handed(planner.files.values()))
    for files in planner.files.values():
        if files.requests:
            files.request_text = request_calendar(trip, now, planner.organizer, files.requests, notes=notes)
        if files.cancels:
            files.cancel_text = cancel_calendar(trip, now, files.cancels)
    return InvitePlan(planner.organizer, [f for f in planner.files.values() if f.requests or f.cancels],
                      records, planner.changed, remarks, planner.withheld)


Delivery = tuple[str, str, bool]  # (address in lower case, event id, whether it is a cancellation)


def handed(files: Iterable[PersonFiles]) -> set[Delivery]:
    """Every (address, event id, cancellation?) the invites in *files* carry."""
    found: set[Delivery] = set()
    for person_files in files:
        email = person_files.person.email.strip().lower()
        found.update((email, item.event.id, False) for item in person_files.requests)
        found.update((email, event_id, True) for event_id in person_files.cancel_events)
    return found


def settle(trip: Trip, plan: InvitePlan, delivered: set[Delivery]) -> list[SentInvite]:
    """The ``[[sent]]`` records once only *delivered* of *plan* reached their recipients.

    *trip* is as it was when planned (its records are the ones before the run).
    An event nothing reached keeps its old record; otherwise its record takes
    the plan's SEQUENCE and fingerprint, and each recipient holds what they
    got: the new SEQUENCE, their old one (``Recipient.sequence``) when their
    message failed, and nothing (not listed) when they never held it or their
    cancellation went through.
    """
    return _settle(trip.sent, plan.records, delivered)


def _settle(before: list[SentInvite], proposed: list[SentInvite], delivered: set[Delivery]) -> list[SentInvite]:
    old = {r.event: r for r in before}
    records: list[SentInvite] = []
    for new in proposed:
        earlier = old.get(new.event)
        got = {email for email, event, cancel in delivered if event == new.event and not cancel}
        dropped = {email for email, event, cancel in delivered if event == new.event and cancel}
        if not got and not dropped:
            if earlier is not None:
                records.append(earlier)
            continue
        holders: dict[str, Recipient] = {}
        for who in earlier.to if earlier is not None else []:
            key = who.email.lower()
            held = earlier.held(who.email) if earlier is not None else None
            if key not in dropped:
                holders[key] = dataclasses.replace(who, sequence=None if held == new.sequence else held)
        for who in new.to:
            if who.email.lower() in got:
                holders[who.email.lower()] = dataclasses.replace(who, sequence=None)
        to = sorted(holders.values(), key=lambda r: r.email.lower())
        records.append(dataclasses.replace(new, to=to))
    return records
