"""Merge a calendar file into a trip: add, update by UID (respecting SEQUENCE), skip with reasons.

A conference agenda or a colleague's calendar goes in; out comes an
:class:`ImportReport` saying what was added, updated, left unchanged,
removed (cancelled in the file) or skipped, and why.  The trip is changed in
memory only; the command saves it (once, atomically) unless ``--dry-run``.
Imported events keep their UID as event id, and the ``[[received]]`` record
keeps their SEQUENCE so an older copy never rolls an event back.

Changed occurrences of a series (RECURRENCE-ID) are matched with the
series' occurrences as recurring-ical-events matches them
(:func:`tripplan.ical.convert.recurrence_candidates`) and become events
``"{series id}#{YYYYMMDDTHHMMSSZ}"`` (``ical.series``, ``ical.recurrence_id``)
whose occurrence the series leaves out (``exdates``).  ``RANGE=THISANDFUTURE``
changes every later occurrence in the trip the same way; a cancelled series
takes its changed occurrences with it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from tripplan.ical.convert import OWN_PRODID, Context, Draft, Unusable, clean, convert, recurrence_candidates
from tripplan.ical.export import event_id_for_uid
from tripplan.ical.party import Party, address
from tripplan.ical.reader import Loss, ParsedCalendar, read_calendar
from tripplan.time.zones import UnknownZoneError, day_start, instant, wall, zone
from tripplan.trip.model import Attendance, Event, Kind, Person, ReceivedEvent, Trip
from tripplan.trip.recurrence import Occurrence, occurrences

_SLUG = re.compile(r"[^a-z0-9]+")
_MADE_ID = re.compile(r"(imported-[0-9a-f]{16}(?:-[0-9a-f]{8}(?:-\d+)?)?)@[^@]+")
_TICK = timedelta(microseconds=1)
ALL_DATES_HINT = "use --all-dates to import it anyway"  # the CLI's; the app names its checkbox instead
MAX_FUTURE = 1000  # later occurrences a RANGE=THISANDFUTURE changes with --all-dates (no trip window)
_FAR = datetime(2200, 1, 1, tzinfo=UTC)


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


def _context(trip: Trip, cal: ParsedCalendar, notes: list[str],
             window: tuple[datetime, datetime] | None) -> Context:
    # A zone the file defines must agree with its IANA stand-in over the trip's days (and a day either side).
    days = (trip.start - timedelta(days=1), trip.end + timedelta(days=1))
    default, reason = trip.timezone, "the trip's zone"
    name = cal.props.get("X-WR-TIMEZONE", "").strip()
    if name:
        try:
            default, reason = zone(name), "the calendar's X-WR-TIMEZONE"
        except UnknownZoneError:
            notes.append(f"line {cal.line}: X-WR-TIMEZONE {name!r} is no known zone; using {trip.timezone.key}")
    multi = trip.multi_city  # then each day is read in its stop's zone, unless the file names its own
    return Context(trip.timezone, default, reason, days=days, timezones=cal.timezones, custom=trip.zones,
                   window=window, ours=cal.props.get("PRODID", "").startswith(OWN_PRODID), unreadable=cal.unreadable,
                   day_zone=trip.zone_on if multi else None, moment_zone=trip.zone_at if multi else None,
                   by_stop=multi and default is trip.timezone and reason == "the trip's zone")


def _stamp(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _digest(text: str, size: int = 8) -> str:
    return hashlib.blake2b(text.encode(), digest_size=size).hexdigest()


def _event_ids(trip: Trip, drafts: list[Draft], notes: list[str]) -> list[str]:
    """The event id of each draft: its UID (ours mapped back), else one made from what it says.

    Events without a UID get ``imported-`` and a hash of their title and start; where several in the file
    share those (parallel workshops in two rooms), of their place, notes and end too, and a number where
    even these are the same — the same file always gives the same ids.
    """
    def base(draft: Draft) -> str:
        return f"imported-{_digest(f'{draft.event.title}|{draft.event.local_start.isoformat()}')}"

    def detail(draft: Draft) -> str:
        event = draft.event
        return _digest(f"{event.location}|{event.notes}|{event.end_utc.isoformat()}|{event.all_day}", 4)

    shared: dict[str, int] = {}
    for draft in drafts:
        if not draft.uid:
            shared[base(draft)] = shared.get(base(draft), 0) + 1
    ids: list[str] = []
    taken: dict[str, int] = {}
    for draft in drafts:
        made = _MADE_ID.fullmatch(draft.uid) if draft.own_export else None
        if made:
            # Our export of an event that had no UID (imported-…@TRIP-UID), in any trip: the id importing the
            # original file gives, so the two never make two events.
            ids.append(made[1])
            continue
        if draft.uid:
            ids.append(f"imported-{_digest(draft.uid, 12)}" if len(draft.uid) > 255 else
                       event_id_for_uid(trip, draft.uid))
            continue
        ident = base(draft)
        if shared[ident] > 1:
            ident = f"{ident}-{detail(draft)}"
            taken[ident] = taken.get(ident, 0) + 1
            if taken[ident] > 1:
                ident = f"{ident}-{taken[ident]}"
        notes.append(f"line {draft.line}: '{draft.event.title}' has no UID; given id {ident}")
        ids.append(ident)
    return ids


_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def _made_here(trip: Trip, ident: str, draft: Draft) -> None:
    """An event of tripplan's own export that was made in a trip, not imported: its UID and STATUS are what
    the export gives every such event (``id@trip-uid`` or its UUID id, CONFIRMED), so they are not kept —
    back in its trip, the event compares equal to itself, and it exports the same."""
    props = draft.event.ical
    if draft.recurrence is not None:
        return
    if draft.uid == f"{ident}@{trip.uid}" or (_UUID.fullmatch(draft.uid) and props.status == "CONFIRMED"):
        status = "" if props.status == "CONFIRMED" else props.status
        draft.event = dataclasses.replace(draft.event, ical=dataclasses.replace(props, uid="", status=status))


def _newer(draft: Draft, record: ReceivedEvent | None) -> bool:
    if record is None or draft.sequence > record.sequence:
        return True
    if draft.sequence < record.sequence:
        return False
    return not (draft.dtstamp and record.dtstamp and draft.dtstamp < record.dtstamp)


class _Merger:
    def __init__(self, trip: Trip, kind: Kind | None, all_dates: bool,
                 all_dates_hint: str = ALL_DATES_HINT) -> None:
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
            return tuple(d for d in wanted if _is_start(whole, d))
        # Many: one walk through the occurrences from the first to the last of them, merged with them.
        starts = {o.start_utc for o in occurrences(whole, wanted[0], wanted[-1] + _TICK)}
        return tuple(d for d in wanted if d in starts)

    def in_window(self, event: Event) -> bool:
        return self.all_dates or next(occurrences(event, self.lo, self.hi), None) is not None

    def remove(self, ident: str, why: str) -> None:
        existing = self.events.pop(ident, None)
        if existing is not None:
            self.report.removed.append(f"{label(existing, self.trip)} — {why}")

    def take(self, ident: str, draft: Draft) -> None:
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


def _best(drafts: list[Draft]) -> Draft:
    return max(drafts, key=lambda d: (d.sequence, d.dtstamp or datetime.min.replace(tzinfo=UTC)))


def _drafts(trip: Trip, calendars: list[ParsedCalendar], kind: Kind | None, merger: _Merger) -> list[Draft]:
    drafts: list[Draft] = []
    for cal in calendars:
        ctx = _context(trip, cal, merger.report.notes, merger.window)
        cancel = cal.props.get("METHOD", "").upper() == "CANCEL"
        for parsed in cal.events:
            where = f"event at line {parsed.line}"
            if parsed.component is None:
                reason = parsed.error if parsed.error.startswith("it") else f"it cannot be read: {parsed.error}"
                merger.skip(where, reason)
                continue
            try:
                draft = convert(parsed.component, parsed.line, ctx, kind, parsed.rrules)
            except Exception as exc:  # Unusable says why; anything else: a strange file must never end in a traceback
                title = " ".join(clean(str(parsed.component.get("SUMMARY", ""))).split())[:200]
                where = f"'{title}' (line {parsed.line})" if title else where
                merger.skip(where, str(exc) if isinstance(exc, Unusable) else
                            f"it cannot be read ({type(exc).__name__}: {' '.join(str(exc).split())[:160]})")
                continue
            if parsed.note:
                draft.losses.append(parsed.note)
            draft.cancelled = draft.cancelled or cancel
            drafts.append(draft)
        merger.report.notes += list(ctx.notes)
        for loss in ctx.losses:
            merger.report.lose(loss)
    return drafts


def _is_start(event: Event, moment: datetime) -> bool:
    """Whether an occurrence of *event* starts at the instant *moment*."""
    return any(o.start_utc == moment for o in occurrences(event, moment, moment + _TICK))


def _later(series: Event, after: datetime, until: datetime | None, merger: _Merger) -> tuple[list[Occurrence], bool]:
    """The series' occurrences after the instant *after* (and before *until*) that the import keeps.

    In the trip's window; with --all-dates, the first ``MAX_FUTURE`` (the flag: there were more).
    """
    end = min(until or _FAR, merger.hi if merger.window else _FAR)
    lo = max(after, merger.lo) if merger.window else after
    found: Iterator[Occurrence] = (o for o in occurrences(series, lo, end) if after < o.start_utc < end)
    if merger.window:
        return list(found), False
    taken = list(islice(found, MAX_FUTURE + 1))
    return taken[:MAX_FUTURE], len(taken) > MAX_FUTURE


def _shifted(tf: Draft, series: Event, start: datetime, ident: str) -> Draft:
    """A copy of the RANGE=THISANDFUTURE change *tf* for the series' later occurrence starting at *start*.

    As RFC 5545 (and recurring-ical-events) say: moved by as much as *tf* moved its own occurrence (in wall
    time), as long as *tf*, with *tf*'s properties.
    """
    assert tf.recurrence_id is not None
    event = tf.event
    if event.all_day:
        tz = event.tz
        moved = event.first_day - tf.recurrence_id.astimezone(series.tz).date()
        first = start.astimezone(series.tz).date() + moved
        new_start, new_end = day_start(first, tz), day_start(first + (event.end_day - event.first_day), tz)
    else:
        tz = series.tz
        moved = wall(event.start_utc, tz) - wall(tf.recurrence_id, tz)
        new_start = instant(wall(start, tz) + moved, tz)
        length = wall(event.end_utc, tz) - wall(event.start_utc, tz)
        new_end = instant(wall(new_start, tz) + length, tz) if event.end_tz.key == tz.key else \
            new_start + event.duration
        if new_end < new_start:
            new_end = new_start + event.duration
    copy = dataclasses.replace(event, start_utc=new_start, end_utc=new_end,
                               ical=dataclasses.replace(event.ical, series=ident, recurrence_id=start))
    return dataclasses.replace(tf, event=copy, recurrence_id=start, remarks=[], losses=[], this_and_future=False)


def _sequence(draft: Draft) -> int:
    """SEQUENCE as recurring-ical-events compares it: -1 when the file gives none."""
    return draft.sequence if draft.sequence_given else -1


def _apply_overrides(trip: Trip, ident: str, overrides: list[Draft], master: Draft | None,
                     merger: _Merger) -> list[tuple[str, Draft]]:
    """Changed and cancelled occurrences of one series: an EXDATE on the series, an event for a changed one.

    What recurring-ical-events shows is what the trip keeps: an override replaces every occurrence its
    RECURRENCE-ID names (by UTC or by wall time, a date by its midnight); one naming no occurrence is an
    occurrence of its own, unless it is out of date (it has rules of its own and a lower SEQUENCE than the
    series) or names an occurrence the series' EXDATE removes.  RANGE=THISANDFUTURE changes the later
    occurrences too, up to the next such change.  The series' RDATE PERIODs of another length become
    changed occurrences as well.
    """
    extra: list[tuple[str, Draft]] = []
    if master is not None and master.cancelled:
        return extra  # the series and every change of it go (see _Merger.take)
    series = master.event if master is not None else merger.events.get(ident)
    matching = series
    if series is not None and master is None:
        # The trip's series leaves out the occurrences earlier imports changed: those may be changed again.
        replaced = {e.ical.recurrence_id for e in merger.overrides_of(ident)}
        matching = dataclasses.replace(series, exdates=tuple(d for d in series.exdates if d not in replaced))
    chosen: dict[datetime, list[Draft]] = {}
    hits: dict[int, list[datetime]] = {}
    for override in overrides:
        assert override.recurrence is not None
        found: list[datetime] = []
        if matching is not None:
            candidates = recurrence_candidates(override.recurrence, matching)
            found = [c for c in candidates if _is_start(matching, c)]
            if not found:
                what = label(override.event, trip)
                if any(c in matching.exdates for c in candidates):
                    merger.skip(what, "it changes an occurrence its series leaves out (EXDATE)")
                    continue
                if override.has_rules and master is not None and _sequence(override) < _sequence(master):
                    merger.skip(what, f"it is out of date: its SEQUENCE ({override.sequence}) is lower than its "
                                f"series' ({master.sequence}) and the series no longer has that occurrence")
                    continue
                if not override.cancelled:
                    merger.report.notes.append(f"{what}: its RECURRENCE-ID names no occurrence of its series; kept "
                                               "as an occurrence of its own (the series keeps all of its own)")
            stamp = (found or candidates or [override.event.start_utc])[0]
        else:
            when = override.recurrence
            day = when.day or override.event.first_day
            stamp = when.moment if when.moment is not None else day_start(day, trip.zone_on(day))
        override.recurrence_id = stamp
        hits[id(override)] = found
        chosen.setdefault(stamp, []).append(override)
    gone: list[datetime] = []
    singles: set[datetime] = set()
    futures: list[Draft] = []
    for stamp, group in sorted(chosen.items()):
        best = _best(group)
        for other in group:
            if other is not best:
                merger.skip(label(other.event, trip), f"the file has another copy of this occurrence of UID "
                            f"{best.uid!r} with SEQUENCE {best.sequence}; that one was used")
        gone += hits[id(best)]
        singles.update(hits[id(best)])
        if best.this_and_future and series is not None:
            futures.append(best)
        if not best.cancelled:
            best.event = dataclasses.replace(best.event, ical=dataclasses.replace(
                best.event.ical, series=ident, recurrence_id=stamp))
            extra.append((f"{ident}#{_stamp(stamp)}", best))
        elif series is None:
            merger.skip(label(best.event, trip), "it cancels one occurrence of a series "
                        f"(UID {best.uid[:80]!r}) that is neither in this file nor in the trip")
    if series is not None and matching is not None:
        for index, tf in enumerate(futures):
            assert tf.recurrence_id is not None
            nxt = futures[index + 1].recurrence_id if index + 1 < len(futures) else None
            later, more = _later(matching, tf.recurrence_id, nxt, merger)
            later = [o for o in later if o.start_utc not in singles]
            gone += [o.start_utc for o in later]
            if not tf.cancelled:
                extra += [(f"{ident}#{_stamp(o.start_utc)}", _shifted(tf, matching, o.start_utc, ident))
                          for o in later]
            what = label(tf.event, trip)
            done = "cancels" if tf.cancelled else "changes"
            merger.report.notes.append(
                f"{what}: RANGE=THISANDFUTURE {done} its {len(later)} later occurrence(s) "
                f"{'in the trip' if merger.window else 'too'}" + ("" if tf.cancelled else
                                                                   ", each kept as a changed occurrence")
                + ("; after the trip the series keeps its old times" if merger.window else ""))
            if more:
                merger.report.lose(f"{what}: RANGE=THISANDFUTURE changes more than {MAX_FUTURE} later "
                                   f"occurrences; only the first {MAX_FUTURE} were changed")
    if master is not None:
        for start, end in master.periods:
            if start in singles or start in gone:
                continue
            gone.append(start)
            copy = dataclasses.replace(master.event, start_utc=start, end_utc=end, repeat="", rdates=(), exdates=(),
                                       ical=dataclasses.replace(master.event.ical, series=ident,
                                                                recurrence_id=start))
            extra.append((f"{ident}#{_stamp(start)}", dataclasses.replace(master, event=copy, recurrence_id=start,
                                                                           periods=[], remarks=[], losses=[])))
    if series is not None and gone:
        new = [d for d in gone if d not in series.exdates]
        if new:
            series = dataclasses.replace(series, exdates=(*series.exdates, *new))
            if master is not None:
                master.event = series
            elif ident in merger.events:
                merger.events[ident] = series
                merger.report.updated.append(f"{label(series, trip)} — {len(new)} occurrence(s) changed or cancelled")
    return extra


def import_calendar(trip: Trip, data: bytes, *, kind: Kind | None = None, all_dates: bool = False,
                    progress: Callable[[str, int, int], None] | None = None,
                    all_dates_hint: str = ALL_DATES_HINT) -> ImportReport:
    """Merge the calendar *data* into *trip* (in memory) and report what happened.

    *progress* is called with (phase, done, total).  *all_dates_hint* ends the reason an event outside
    the trip is skipped: how to import it anyway, in the words of the caller's own control.  Raises
    :class:`tripplan.ical.reader.UnreadableCalendar` when the bytes are no
    calendar at all.
    """
    # EXDATEs and RDATEs more than a few days (any zone) outside the trip change nothing it shows.
    window = None if all_dates else (trip.start - timedelta(days=3), trip.end + timedelta(days=3))
    calendars, notes = read_calendar(data, None if progress is None else
                                     lambda done, total: progress("reading", done, total), window)
    merger = _Merger(trip, kind, all_dates, all_dates_hint)
    for note in notes:
        if isinstance(note, Loss):
            merger.report.lose(note)
        else:
            merger.report.notes.append(note)
    drafts = _drafts(trip, calendars, kind, merger)
    masters: dict[str, list[Draft]] = {}
    overrides: dict[str, list[Draft]] = {}
    for ident, draft in zip(_event_ids(trip, drafts, merger.report.notes), drafts, strict=True):
        if draft.own_export:
            _made_here(trip, ident, draft)
        (overrides if draft.recurrence is not None else masters).setdefault(ident, []).append(draft)
    chosen: list[tuple[str, Draft]] = []
    best_masters: dict[str, Draft] = {}
    for ident, group in masters.items():
        best = _best(group)
        for other in group:
            if other is not best:
                merger.skip(label(other.event, trip),
                            f"the file has another copy of UID {best.uid!r} with SEQUENCE {best.sequence}; "
                            "that one was used")
        best_masters[ident] = best
    for ident, series in best_masters.items():
        if series.periods and ident not in overrides:
            overrides[ident] = []  # its RDATE PERIODs of another length become changed occurrences
    for ident, group in overrides.items():
        found = best_masters.get(ident)
        if found is not None and found.cancelled:
            for override in group:
                merger.skip(label(override.event, trip), "its series is cancelled in the file")
        chosen += _apply_overrides(trip, ident, group, found, merger)
    # Series first (so that their changed occurrences find them), in the file's order.
    chosen = [(ident, draft) for ident, draft in best_masters.items()] + chosen
    # A changed occurrence the series had here before, but that the file no longer changes, goes: the
    # series has that occurrence back.
    from_file: dict[str, set[str]] = {ident: set() for ident in best_masters}
    for oid, draft in chosen:
        if draft.event.ical.series in from_file:
            from_file[draft.event.ical.series].add(oid)
    for ident, group in overrides.items():
        if ident in from_file:
            from_file[ident] |= {f"{ident}#{_stamp(o.recurrence_id)}" for o in group if o.recurrence_id is not None}
    for done, (ident, draft) in enumerate(chosen, start=1):
        merger.take(ident, draft)
        if progress is not None and done % 250 == 0:
            progress("merging", done, len(chosen))
    for ident, kept in from_file.items():
        if ident in merger.accepted and ident in merger.changes:
            for stale in merger.overrides_of(ident):
                if stale.id not in kept:
                    merger.remove(stale.id, "the file no longer changes this occurrence of its series")
    merger.settle()
    return merger.report
