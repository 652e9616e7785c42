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
from datetime import UTC, datetime, timedelta
from itertools import islice

from tripplan.ical.convert import OWN_PRODID, Context, Draft, Unusable, clean, convert, recurrence_candidates
from tripplan.ical.export import event_id_for_uid
from tripplan.ical.merge import ImportReport as ImportReport  # re-exported: callers and tests read it from here
from tripplan.ical.merge import Merger, is_start, label
from tripplan.ical.reader import Loss, ParsedCalendar, read_calendar
from tripplan.time.zones import UnknownZoneError, day_start, instant, wall, zone
from tripplan.trip.model import Event, Kind, Trip
from tripplan.trip.recurrence import Occurrence, occurrences

_MADE_ID = re.compile(r"(imported-[0-9a-f]{16}(?:-[0-9a-f]{8}(?:-\d+)?)?)@[^@]+")
ALL_DATES_HINT = "use --all-dates to import it anyway"  # the CLI's; the app names its checkbox instead
MAX_FUTURE = 1000  # later occurrences a RANGE=THISANDFUTURE changes with --all-dates (no trip window)
_FAR = datetime(2200, 1, 1, tzinfo=UTC)


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



def _best(drafts: list[Draft]) -> Draft:
    return max(drafts, key=lambda d: (d.sequence, d.dtstamp or datetime.min.replace(tzinfo=UTC)))


def _drafts(trip: Trip, calendars: list[ParsedCalendar], kind: Kind | None, merger: Merger) -> list[Draft]:
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


def _later(series: Event, after: datetime, until: datetime | None, merger: Merger) -> tuple[list[Occurrence], bool]:
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
                     merger: Merger) -> list[tuple[str, Draft]]:
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
        return extra  # the series and every change of it go (see Merger.take)
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
            found = [c for c in candidates if is_start(matching, c)]
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
    merger = Merger(trip, kind, all_dates, all_dates_hint)
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
