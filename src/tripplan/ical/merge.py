"""The merger behind :func:`tripplan.ical.importer.import_calendar`, and the report it fills.

:class:`Merger` holds the trip's events by id while an import runs: it adds,
updates (by UID, respecting SEQUENCE and DTSTAMP), removes (cancelled in the
file) or skips each converted event, with the people it names, and at the end
undoes what the trip-file rules would reject.  :class:`ImportReport` says what
was done, and why, in words for people.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tripplan.ical.convert import Draft
from tripplan.ical.party import Party, address
from tripplan.time.zones import day_start
from tripplan.trip.model import Attendance, Event, Kind, Person, ReceivedEvent, Trip
from tripplan.trip.recurrence import occurrences

_SLUG = re.compile(r"[^a-z0-9]+")
_TICK = timedelta(microseconds=1)


@dataclass
class ImportReport:
    """What an import did, event by event, in words for people.

    ``notes`` say how the file was read; ``lost`` (also among the notes) says what was left out or
    changed — occurrences, alarms, links, text — and makes the command exit 1, like ``skipped``.
    """

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        """Whether anything in the file could be used (else the command exits 2)."""
        return bool(self.added or self.updated or self.unchanged or self.removed)

    @property
    def changed(self) -> bool:
        """Whether the trip needs saving."""
        return bool(self.added or self.updated or self.removed or self.people)

    @property
    def complete(self) -> bool:
        """Whether everything in the file was kept as it says (else the command exits 1)."""
        return not (self.skipped or self.lost)

    def lose(self, text: str) -> None:
        """Record that something was left out or changed."""
        self.notes.append(text)
        self.lost.append(text)


def label(event: Event, tz: ZoneInfo | Trip) -> str:
    """An event as people recognise it: title and when, in *tz* (a trip: the zone of its stop then)."""
    if event.all_day:
        return f"{event.title} ({event.first_day:%a %d %b %Y}, all day)"
    shown = tz.zone_at(event.start_utc) if isinstance(tz, Trip) else tz
    return f"{event.title} ({event.start_utc.astimezone(shown):%a %d %b %Y %H:%M})"

def _newer(draft: Draft, record: ReceivedEvent | None) -> bool:
    if record is None or draft.sequence > record.sequence:
        return True
    if draft.sequence < record.sequence:
        return False
    return not (draft.dtstamp and record.dtstamp and draft.dtstamp < record.dtstamp)


class Merger:
    """One import's merge into *trip*: events by id, what the trip received before, the people it knows.

    *kind* (when given) is every imported event's kind; *all_dates* keeps events outside the trip;
    *all_dates_hint* ends the reason one outside it is skipped.
    """

    def __init__(self, trip: Trip, kind: Kind | None, all_dates: bool, all_dates_hint: str) -> None:
        self.trip, self.kind, self.all_dates, self.all_dates_hint = trip, kind, all_dates, all_dates_hint
        self.report = ImportReport()
        self.taken: dict[str, tuple[str, Event | None]] = {}  # id → (label, event before the import)
        # Events by id, and the order to write them back in: list.index/remove on
        # thousands of dataclasses would make a large re-import quadratic.
        self.events = {e.id: e for e in trip.events}
        self.order = [e.id for e in trip.events]
        self.received = {r.event: r for r in trip.received}
        self.by_email = {address(p.email): p for p in trip.people if address(p.email)}
        self.party = Party(trip)  # the traveller and the travellers (the people this import adds are neither)
        self.traveller_addresses = {address(p.email): p.id for p in trip.travellers if address(p.email)}
        self.person_ids = {p.id for p in trip.people}
        self.lo = day_start(trip.start - timedelta(days=1), trip.zone_on(trip.start))
        self.hi = day_start(trip.end + timedelta(days=2), trip.zone_on(trip.end))
        self.zones_before = set(trip.zones)  # custom zones this import adds but no event keeps are dropped
        self.accepted: set[str] = set()  # series taken from the file (added, updated or unchanged)
        self.older: set[str] = set()  # series whose copy in the file is older than the trip's
        self.changes: dict[str, list[str]] = {}  # series id → ids of the trip's changed occurrences of it
        for event in trip.events:
            if event.ical.series and event.ical.series != event.id:
                self.changes.setdefault(event.ical.series, []).append(event.id)

    @property
    def window(self) -> tuple[datetime, datetime] | None:
        """The instants whose occurrences the import keeps; ``None`` with --all-dates."""
        return None if self.all_dates else (self.lo, self.hi)

    def skip(self, what: str, why: str) -> None:
        """Report *what* (an event as people recognise it) as skipped, and *why*."""
        self.report.skipped.append((what, why))

    def overrides_of(self, ident: str) -> list[Event]:
        """The changed occurrences of the series *ident* that the trip had before this import (and still has)."""
        return [self.events[i] for i in self.changes.get(ident, ()) if i in self.events]

    def person(self, email: str, name: str) -> str:
        """The id of the person with this address (the traveller too: case does not matter); else a new person's."""
        known = self.by_email.get(address(email))
        if known is not None:
            return known.id
        base = _SLUG.sub("-", (name or email.split("@")[0]).lower()).strip("-")[:60] or "person"
        if not base[0].isalnum():
            base = f"p-{base}"
        ident, n = base, 2
        while ident in self.person_ids:
            ident, n = f"{base}-{n}", n + 1
        person = Person(id=ident, name=name or email.split("@")[0], email=email)
        self.trip.people.append(person)
        self.by_email[address(email)] = person
        self.person_ids.add(ident)
        self.report.people.append(f"{person.name} <{email}> as {ident!r}")
        return ident

    def travellers(self, draft: Draft) -> tuple[str, ...] | None:
        """Which of the trip's travellers attend an imported event, as the file says; ``None``: all of them.

        Only on a trip that names its traveller ("me"): a traveller attends
        when the file names them as its ORGANIZER or an ATTENDEE who has not
        declined (an ATTENDEE's answer counts over being the organizer).  A
        file that names no traveller (a conference agenda) is attended by all
        of them, like an event made in tripplan; so is one that names them all.
        """
        if self.party.me is None:
            return None
        by_address = self.traveller_addresses
        named: dict[str, bool] = {}
        organizer = draft.event.ical.organizer
        if organizer is not None and address(organizer.email) in by_address:
            named[by_address[address(organizer.email)]] = True
        for person in draft.attendees:
            ident = by_address.get(address(person.email))
            if ident is not None:
                named[ident] = person.status != "DECLINED"
        if not named:
            return None
        found = tuple(i for i in self.party.traveller_ids if named.get(i))
        return None if len(found) == len(self.party.traveller_ids) else found

    def mine(self, draft: Draft, existing: Event | None, event: Event) -> Event:
        """*event* as the trip keeps what its file said about the traveller ("me").

        An ORGANIZER that is the traveller says the event is theirs, as an
        event without one is: it is kept as none (the export names the
        traveller as the trip does).  In tripplan's own export, the
        ``TRANSP:TRANSPARENT`` written for an event the traveller does not
        attend says nothing more than its travellers do: read back as nothing.
        """
        ical = event.ical
        if ical.organizer is not None and self.party.is_me(ical.organizer.email):
            ical = dataclasses.replace(ical, organizer=None)
        if (draft.own_export and ical.transparent and (existing is None or existing.ical.transparent is None)
                and not self.party.i_attend(event)):
            ical = dataclasses.replace(ical, transparent=None)
        return event if ical == event.ical else dataclasses.replace(event, ical=ical)

    def useful_exdates(self, event: Event) -> tuple[datetime, ...]:
        """The EXDATEs that remove an occurrence (in the trip, unless --all-dates); the others would only bloat
        the trip file.  Matched by instant: an EXDATE is the start instant of the occurrence it removes."""
        if not event.exdates or not event.recurring:  # a moved occurrence may leave one on a series without a rule
            return ()
        whole = dataclasses.replace(event, exdates=())
        wanted = [d for d in event.exdates if self.all_dates or self.lo <= d < self.hi]
        if len(wanted) <= 100:  # each on its own: a series may run for decades, or every second
            return tuple(d for d in wanted if is_start(whole, d))
        # Many: one walk through the occurrences from the first to the last of them, merged with them.
        starts = {o.start_utc for o in occurrences(whole, wanted[0], wanted[-1] + _TICK)}
        return tuple(d for d in wanted if d in starts)

    def in_window(self, event: Event) -> bool:
        """Whether an occurrence of *event* falls in the trip's window (always, with --all-dates)."""
        return self.all_dates or next(occurrences(event, self.lo, self.hi), None) is not None

    def remove(self, ident: str, why: str) -> None:
        """Take the event *ident* out of the trip (if it has it), reporting it removed and *why*."""
        existing = self.events.pop(ident, None)
        if existing is not None:
            self.report.removed.append(f"{label(existing, self.trip)} — {why}")

    def take(self, ident: str, draft: Draft) -> None:
        """Merge one converted event as *ident*: add, update, leave unchanged or skip it, and report which."""
        event = draft.event
        what = label(event, self.trip)
        existing, record = self.events.get(ident), self.received.get(ident)
        if draft.cancelled:
            if existing is not None and _newer(draft, record):
                self.remove(ident, "cancelled in the file")
                for moved in self.overrides_of(ident):
                    self.remove(moved.id, "its series is cancelled in the file")
                self._remember(ident, draft)
            else:
                self.skip(what, "it is cancelled in the file")
            return
        if not self.in_window(event):
            self.skip(what, f"{'none of its occurrences falls in' if event.recurring else 'outside'} the trip "
                      f"({self.trip.start} to {self.trip.end}); {self.all_dates_hint}")
            return
        useful = self.useful_exdates(event)
        if useful != event.exdates:
            event = dataclasses.replace(event, exdates=useful)
        if existing is not None and not _newer(draft, record):
            assert record is not None
            if draft.sequence == record.sequence and _same_content(existing, event):
                # The same version again (our own export of it carries a later DTSTAMP, say): nothing to do.
                self.report.unchanged.append(what)
                return
            self.skip(what, f"older than the copy imported before (SEQUENCE {draft.sequence} < {record.sequence})"
                      if draft.sequence < record.sequence else
                      f"older than the copy imported before (the same SEQUENCE {draft.sequence}, an earlier DTSTAMP)")
            self.older.add(ident)
            return
        if event.ical.series in self.older:
            self.skip(what, "its series in the file is older than the copy imported before")
            return
        self.accepted.add(ident)
        people = [(self.person(p.email, p.name), p) for p in draft.attendees]
        attendees = list(dict.fromkeys(pid for pid, _ in people))
        attendance: dict[str, Attendance] = {}
        for pid, person in people:
            attendance.setdefault(pid, Attendance(pid, person.role, person.status))
        ical = dataclasses.replace(event.ical, attendance=tuple(attendance.values())) if attendance else event.ical
        if existing is None:
            self.events[ident] = self.mine(draft, None, dataclasses.replace(
                event, id=ident, attendees=tuple(attendees), ical=ical, travellers=self.travellers(draft)))
            self.order.append(ident)
            self.report.added.append(what)
            self.taken[ident] = (what, None)
        else:
            kind = self.kind or (event.kind if draft.kind_from_file else existing.kind)
            new = dataclasses.replace(existing, title=event.title, kind=kind, start_utc=event.start_utc,
                                      end_utc=event.end_utc, tz=event.tz, end_tz=event.end_tz,
                                      all_day=event.all_day, location=event.location, notes=event.notes,
                                      reminders=event.reminders, repeat=event.repeat, exdates=event.exdates,
                                      rdates=event.rdates, attendees=tuple(attendees) or existing.attendees,
                                      ical=ical if attendees or not existing.attendees else
                                      dataclasses.replace(ical, attendance=existing.ical.attendance))
            new = self.mine(draft, existing, new)
            if new == existing and _zones(new) == _zones(existing):
                self.report.unchanged.append(what)
            else:
                self.events[ident] = new
                self.report.updated.append(what)
                self.taken[ident] = (what, existing)
        for remark in draft.remarks:
            self.report.notes.append(f"{what}: {remark}")
        for loss in draft.losses:
            self.report.lose(f"{what}: {loss}")
        self._remember(ident, draft)

    def _remember(self, ident: str, draft: Draft) -> None:
        self.received[ident] = ReceivedEvent(ident, draft.sequence, draft.dtstamp)

    def sync(self) -> None:
        """Write the merged events back into the trip, in their original order, new ones last."""
        self.trip.events = [self.events[i] for i in dict.fromkeys(self.order) if i in self.events]

    def settle(self) -> None:
        """Check the merged trip (the trip-file rules, on the model); undo each imported event they would reject."""
        from tripplan.errors import InputError
        from tripplan.files.encode import event_sort_key
        from tripplan.trip.validate import located_problems

        for _ in range(5):
            self.sync()  # the events in the order of the file, so that a problem's events[N] is the file's
            found = located_problems(replace(self.trip, events=sorted(self.trip.events, key=event_sort_key)))
            if not found:
                break
            blamed: dict[str, str] = {}
            for event, problem in found:
                ident = event.id if event is not None else ""
                if ident not in self.taken:
                    raise InputError(f"importing would make the trip invalid: {problem.path}: "
                                     f"{problem.message}") from None
                blamed.setdefault(ident, problem.message)
            for ident, message in blamed.items():
                what, before = self.taken.pop(ident)
                if before is None:
                    del self.events[ident]
                    self.report.added.remove(what)
                else:
                    self.events[ident] = before
                    self.report.updated.remove(what)
                self.received.pop(ident, None)
                self.skip(what, f"the trip file would reject it: {message}")
        self.trip.received = sorted(self.received.values(), key=lambda r: r.event)
        used = {key for e in self.trip.events for key in _zones(e)} | \
            {key for s in self.trip.sent for key in (s.tz.key, s.end_tz.key)}
        for name in [n for n in self.trip.zones if n not in self.zones_before and n not in used]:
            del self.trip.zones[name]


_CONTENT = ("title", "start_utc", "end_utc", "all_day", "location", "notes", "reminders", "repeat", "exdates",
            "rdates")


def _same_content(existing: Event, event: Event) -> bool:
    """Whether an imported copy says what the trip already holds (times, zones, text, rules; not the people)."""
    return all(getattr(existing, name) == getattr(event, name) for name in _CONTENT) and \
        _zones(existing) == _zones(event) and \
        dataclasses.replace(existing.ical, attendance=()) == dataclasses.replace(event.ical, attendance=())


def _zones(event: Event) -> tuple[str, str]:
    return (event.start_zone.key, event.end_zone.key)

def is_start(event: Event, moment: datetime) -> bool:
    """Whether an occurrence of *event* starts at the instant *moment*."""
    return any(o.start_utc == moment for o in occurrences(event, moment, moment + _TICK))
