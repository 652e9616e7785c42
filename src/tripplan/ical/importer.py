"""Merge a calendar file into a trip: add, update by UID (respecting SEQUENCE), skip with reasons.

A conference agenda or a colleague's calendar goes in; out comes an
:class:`ImportReport` saying what was added, updated, left unchanged,
removed (cancelled in the file) or skipped, and why.  The trip is changed in
memory only; the command saves it (once, atomically) unless ``--dry-run``.
Imported events keep their UID as event id, and the ``[[received]]`` record
keeps their SEQUENCE so an older copy never rolls an event back.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tripplan.ical.convert import Context, Draft, Unusable, clean, convert, occurrence_instant
from tripplan.ical.export import event_id_for_uid
from tripplan.ical.reader import ParsedCalendar, read_calendar
from tripplan.model import Event, Kind, Person, ReceivedEvent, Trip
from tripplan.recurrence import occurrences
from tripplan.zones import UnknownZoneError, day_start, wall, zone

_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class ImportReport:
    """What an import did, event by event, in words for people."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        """Whether anything in the file could be used (else the command exits 2)."""
        return bool(self.added or self.updated or self.unchanged or self.removed)

    @property
    def changed(self) -> bool:
        """Whether the trip needs saving."""
        return bool(self.added or self.updated or self.removed or self.people)


def label(event: Event, tz: ZoneInfo) -> str:
    """An event as people recognise it: title and when, in the trip's zone."""
    if event.all_day:
        return f"{event.title} ({event.first_day:%a %d %b %Y}, all day)"
    return f"{event.title} ({event.start_utc.astimezone(tz):%a %d %b %Y %H:%M})"


def _context(trip: Trip, cal: ParsedCalendar, notes: list[str]) -> Context:
    # A zone the file defines must agree with its IANA stand-in over the trip's days (and a day either side).
    days = (trip.start - timedelta(days=1), trip.end + timedelta(days=1))
    default, reason = trip.timezone, "the trip's zone"
    name = cal.props.get("X-WR-TIMEZONE", "").strip()
    if name:
        try:
            default, reason = zone(name), "the calendar's X-WR-TIMEZONE"
        except UnknownZoneError:
            notes.append(f"line {cal.line}: X-WR-TIMEZONE {name!r} is no known zone; using {trip.timezone.key}")
    return Context(trip.timezone, default, reason, days=days, timezones=cal.timezones, custom=trip.zones)


def _event_id(trip: Trip, draft: Draft, notes: list[str]) -> str:
    if not draft.uid:
        digest = hashlib.blake2b(f"{draft.event.title}|{draft.event.local_start.isoformat()}".encode(),
                                 digest_size=8)
        notes.append(f"line {draft.line}: '{draft.event.title}' has no UID; given id imported-{digest.hexdigest()}")
        return f"imported-{digest.hexdigest()}"
    if len(draft.uid) > 255:
        return f"imported-{hashlib.blake2b(draft.uid.encode(), digest_size=12).hexdigest()}"
    return event_id_for_uid(trip, draft.uid)


def _newer(draft: Draft, record: ReceivedEvent | None) -> bool:
    if record is None or draft.sequence > record.sequence:
        return True
    if draft.sequence < record.sequence:
        return False
    return not (draft.dtstamp and record.dtstamp and draft.dtstamp < record.dtstamp)


class _Merger:
    def __init__(self, trip: Trip, kind: Kind | None, all_dates: bool) -> None:
        self.trip, self.kind, self.all_dates = trip, kind, all_dates
        self.report = ImportReport()
        self.taken: dict[str, tuple[str, Event | None]] = {}  # id → (label, event before the import)
        # Events by id, and the order to write them back in: list.index/remove on
        # thousands of dataclasses would make a large re-import quadratic.
        self.events = {e.id: e for e in trip.events}
        self.order = [e.id for e in trip.events]
        self.received = {r.event: r for r in trip.received}
        self.by_email = {p.email.strip().lower(): p for p in trip.people if p.email.strip()}
        self.person_ids = {p.id for p in trip.people}
        tz = trip.timezone
        self.lo = day_start(trip.start - timedelta(days=1), tz)
        self.hi = day_start(trip.end + timedelta(days=2), tz)
        self.zones_before = set(trip.zones)  # custom zones this import adds but no event keeps are dropped

    def skip(self, what: str, why: str) -> None:
        self.report.skipped.append((what, why))

    def person(self, email: str, name: str) -> str:
        known = self.by_email.get(email.lower())
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
        self.by_email[email.lower()] = person
        self.person_ids.add(ident)
        self.report.people.append(f"{person.name} <{email}> as {ident!r}")
        return ident

    def useful_exdates(self, event: Event) -> tuple[datetime, ...]:
        """The EXDATEs that remove an occurrence (in the trip, unless --all-dates); the others would only bloat
        the trip file.  Matched by instant: an EXDATE is the start instant of the occurrence it removes."""
        if not event.exdates or not event.repeat:  # a moved occurrence may leave one on a series without a rule
            return ()
        whole = dataclasses.replace(event, exdates=())
        wanted = [d for d in event.exdates if self.all_dates or self.lo <= d < self.hi]
        tick = timedelta(microseconds=1)
        if len(wanted) <= 100:  # each on its own: a series may run for decades, or every second
            return tuple(d for d in wanted if any(o.start_utc == d for o in occurrences(whole, d, d + tick)))
        # Many: one walk through the occurrences from the first to the last of them, merged with them.
        starts = {o.start_utc for o in occurrences(whole, wanted[0], wanted[-1] + tick)}
        return tuple(d for d in wanted if d in starts)

    def in_window(self, event: Event) -> bool:
        return self.all_dates or next(occurrences(event, self.lo, self.hi), None) is not None

    def take(self, ident: str, draft: Draft) -> None:
        event, tz = draft.event, self.trip.timezone
        what = label(event, tz)
        existing, record = self.events.get(ident), self.received.get(ident)
        if draft.cancelled:
            if existing is not None and _newer(draft, record):
                del self.events[ident]
                self.report.removed.append(f"{label(existing, tz)} — cancelled in the file")
                self._remember(ident, draft)
            else:
                self.skip(what, "it is cancelled in the file")
            return
        if not self.in_window(event):
            self.skip(what, f"{'none of its occurrences falls in' if event.repeat else 'outside'} the trip "
                      f"({self.trip.start} to {self.trip.end}); use --all-dates to import it anyway")
            return
        useful = self.useful_exdates(event)
        if useful != event.exdates:
            event = dataclasses.replace(event, exdates=useful)
        if existing is not None and not _newer(draft, record):
            assert record is not None
            self.skip(what, f"older than the copy imported before (SEQUENCE {draft.sequence} < {record.sequence}"
                      + (")" if draft.sequence < record.sequence else ", earlier DTSTAMP)"))
            return
        attendees = list(dict.fromkeys(self.person(email, name) for email, name in draft.attendees))
        if existing is None:
            self.events[ident] = dataclasses.replace(event, id=ident, attendees=tuple(attendees))
            self.order.append(ident)
            self.report.added.append(what)
            self.taken[ident] = (what, None)
        else:
            kind = self.kind or (event.kind if draft.kind_from_file else existing.kind)
            new = dataclasses.replace(existing, title=event.title, kind=kind, start_utc=event.start_utc,
                                      end_utc=event.end_utc, tz=event.tz, end_tz=event.end_tz,
                                      all_day=event.all_day, location=event.location, notes=event.notes,
                                      reminders=event.reminders, repeat=event.repeat, exdates=event.exdates,
                                      attendees=tuple(attendees) or existing.attendees)
            if new == existing and _zones(new) == _zones(existing):
                self.report.unchanged.append(what)
            else:
                self.events[ident] = new
                self.report.updated.append(what)
                self.taken[ident] = (what, existing)
        for remark in draft.remarks:
            self.report.notes.append(f"{what}: {remark}")
        self._remember(ident, draft)

    def _remember(self, ident: str, draft: Draft) -> None:
        self.received[ident] = ReceivedEvent(ident, draft.sequence, draft.dtstamp)

    def sync(self) -> None:
        """Write the merged events back into the trip, in their original order, new ones last."""
        self.trip.events = [self.events[i] for i in dict.fromkeys(self.order) if i in self.events]

    def settle(self) -> None:
        """Check the merged trip as a whole file; undo each imported event the trip file would reject."""
        from tripplan.errors import InputError, TripFileError
        from tripplan.serialize import dumps, event_sort_key
        from tripplan.storage import parse_trip

        for _ in range(5):
            self.sync()
            try:
                parse_trip(dumps(self.trip).encode("utf-8"), "import")
                break
            except TripFileError as exc:
                ordered = sorted(self.trip.events, key=event_sort_key)
                blamed: dict[str, str] = {}
                for problem in exc.problems:
                    found = re.match(r"events\[(\d+)\]", problem.path)
                    ident = ordered[int(found[1])].id if found and int(found[1]) < len(ordered) else ""
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


def _zones(event: Event) -> tuple[str, str]:
    return (event.start_zone.key, event.end_zone.key)


def _best(drafts: list[Draft]) -> Draft:
    return max(drafts, key=lambda d: (d.sequence, d.dtstamp or datetime.min.replace(tzinfo=UTC)))


def _drafts(trip: Trip, calendars: list[ParsedCalendar], kind: Kind | None, merger: _Merger) -> list[Draft]:
    drafts: list[Draft] = []
    for cal in calendars:
        ctx = _context(trip, cal, merger.report.notes)
        cancel = cal.props.get("METHOD", "").upper() == "CANCEL"
        for parsed in cal.events:
            where = f"event at line {parsed.line}"
            if parsed.component is None:
                reason = parsed.error if parsed.error.startswith("it") else f"it cannot be read: {parsed.error}"
                merger.skip(where, reason)
                continue
            title = " ".join(clean(str(parsed.component.get("SUMMARY", ""))).split())[:200]
            where = f"'{title}' (line {parsed.line})" if title else where
            try:
                draft = convert(parsed.component, parsed.line, ctx, kind, parsed.rrules)
            except Unusable as exc:
                merger.skip(where, str(exc))
                continue
            except Exception as exc:  # a strange file must never end in a traceback
                merger.skip(where, f"it cannot be read ({type(exc).__name__}: {' '.join(str(exc).split())[:160]})")
                continue
            if parsed.note:
                draft.remarks.append(parsed.note)
            draft.cancelled = draft.cancelled or cancel
            drafts.append(draft)
        merger.report.notes += list(ctx.notes)
    return drafts


def _apply_overrides(trip: Trip, ident: str, overrides: list[Draft], master: Draft | None,
                     merger: _Merger) -> list[tuple[str, Draft]]:
    """Moved or cancelled single occurrences: an EXDATE on the series, a separate event for a moved one."""
    extra: list[tuple[str, Draft]] = []
    for override in overrides:
        assert override.recurrence_id is not None and override.recurrence is not None
        stamp = override.recurrence_id
        series = master.event if master is not None else merger.events.get(ident)
        if series is not None:
            # By instant (by date for an all-day series): the occurrence this copy replaces leaves the series.
            gone = occurrence_instant(override.recurrence, series.tz, wall(series.start_utc, series.tz),
                                      series.all_day)
            if gone not in series.exdates:
                series = dataclasses.replace(series, exdates=(*series.exdates, gone))
                if master is not None:
                    master.event = series
                else:
                    merger.events[ident] = series
                    merger.report.updated.append(f"{label(series, trip.timezone)} — one occurrence "
                                                 f"{'cancelled' if override.cancelled else 'moved'}")
        if not override.cancelled:
            extra.append((f"{ident}#{stamp.astimezone(UTC):%Y%m%dT%H%M%SZ}", override))
        elif series is None:
            merger.skip(label(override.event, trip.timezone), "it cancels one occurrence of a series "
                        f"(UID {override.uid[:80]!r}) that is neither in this file nor in the trip")
    return extra


def import_calendar(trip: Trip, data: bytes, *, kind: Kind | None = None, all_dates: bool = False,
                    progress: Callable[[str, int, int], None] | None = None) -> ImportReport:
    """Merge the calendar *data* into *trip* (in memory) and report what happened.

    *progress* is called with (phase, done, total).  Raises
    :class:`tripplan.ical.reader.UnreadableCalendar` when the bytes are no
    calendar at all.
    """
    # EXDATEs and RDATEs more than a few days (any zone) outside the trip change nothing it shows.
    window = None if all_dates else (trip.start - timedelta(days=3), trip.end + timedelta(days=3))
    calendars, notes = read_calendar(data, None if progress is None else
                                     lambda done, total: progress("reading", done, total), window)
    merger = _Merger(trip, kind, all_dates)
    merger.report.notes += notes
    drafts = _drafts(trip, calendars, kind, merger)
    masters: dict[str, list[Draft]] = {}
    overrides: dict[str, list[Draft]] = {}
    for draft in drafts:
        ident = _event_id(trip, draft, merger.report.notes)
        (overrides if draft.recurrence_id is not None else masters).setdefault(ident, []).append(draft)
    chosen: list[tuple[str, Draft]] = []
    for ident, group in masters.items():
        best = _best(group)
        for other in group:
            if other is not best:
                merger.skip(label(other.event, trip.timezone),
                            f"the file has another copy of UID {best.uid!r} with SEQUENCE {best.sequence}; "
                            "that one was used")
        chosen.append((ident, best))
    for ident, group in overrides.items():
        chosen += _apply_overrides(trip, ident, group, _best(masters[ident]) if ident in masters else None, merger)
    for done, (ident, draft) in enumerate(chosen, start=1):
        merger.take(ident, draft)
        if progress is not None and done % 250 == 0:
            progress("merging", done, len(chosen))
    merger.settle()
    return merger.report
