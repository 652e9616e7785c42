"""An edit session: one trip being changed interactively, with undo/redo and safe saving.

The session holds the trip, the file it came from and the ``FileStamp`` taken
when it was read.  Every change goes through a ``Change`` object that can be
applied and reverted, so undo and redo work for any number of steps; the
session knows whether the trip differs from what is on disk ("unsaved").

Saving validates the whole trip first (the bytes that would be written must
load cleanly), then writes atomically through ``storage.save_trip``, which
refuses to overwrite a file someone else changed: the caller then chooses to
reload theirs (undoable: ``undo`` brings the user's version back), overwrite,
or save under another name.  A save after undoing such a reload would put the
user's version over theirs: it is refused (``TheirsUndoneError``) until the
caller confirms it (``save(replace_theirs=True)``), and even then only over
the file as reloaded, never over a change saved after that.

Plain Python: the TUI uses it, but it imports no UI code.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tripplan.edit.undo_steps import Batch as Batch
from tripplan.edit.undo_steps import Change as Change
from tripplan.edit.undo_steps import EventChange as EventChange
from tripplan.edit.undo_steps import RecordChange as RecordChange
from tripplan.edit.undo_steps import TripSnapshot
from tripplan.errors import ConflictError, InvalidTripError, Problem
from tripplan.files.storage import FileStamp, digest, read_trip, save_trip
from tripplan.time.zones import day_start, instant, is_ambiguous, wall_time_exists
from tripplan.trip.model import Event, Reply, SentInvite, ShareTarget, Trip, new_id
from tripplan.trip.validate import event_problems

MAX_UNDO = 500


class TheirsUndoneError(ConflictError):
    """Saving now would replace the version reloaded from disk ("Reload theirs", then undone) with the user's."""


@dataclass
class _Entry:
    serial: int
    change: Change


@dataclass
class EditSession:
    """A trip open for editing: the trip, where it lives, and its undo history."""

    trip: Trip
    path: Path
    stamp: FileStamp | None
    _undo: list[_Entry] = field(default_factory=list, repr=False)
    _redo: list[_Entry] = field(default_factory=list, repr=False)
    _clean: int | None = field(default=0, repr=False)
    _base: int = field(default=0, repr=False)
    _serials: itertools.count[int] = field(default_factory=lambda: itertools.count(1), repr=False)
    _facts_unsaved: bool = field(default=False, repr=False)
    _reload_serial: int | None = field(default=None, repr=False)
    _replaces_theirs: bool = field(default=False, repr=False)
    revision: int = 0
    """Goes up on every change, undo, redo and reload: views rebuild when it moves."""

    # --- opening ---------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path) -> EditSession:
        """Read a trip file; raises ``TripFileError`` (located problems) and never writes."""
        trip, stamp = read_trip(path)
        return cls(trip, Path(path), stamp)

    @classmethod
    def create(cls, trip: Trip, path: str | Path) -> EditSession:
        """Write a new trip file at *path* (which must not exist) and edit it."""
        session = cls(trip, Path(path), None)
        session.save()
        return session

    # --- history ---------------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Whether the trip differs from the file as last read or saved."""
        return self._top() != self._clean or self._facts_unsaved

    @property
    def can_undo(self) -> bool:
        """Whether there is a step to undo."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """Whether there is an undone step to redo."""
        return bool(self._redo)

    @property
    def replaces_theirs(self) -> bool:
        """Whether the trip no longer builds on the version last reloaded from disk ("Reload theirs" was
        undone): saving it would replace their version with this one, so ``save`` asks first."""
        return self._replaces_theirs

    @property
    def undo_label(self) -> str:
        """What undo would take back ("" when nothing)."""
        return self._undo[-1].change.label if self._undo else ""

    @property
    def redo_label(self) -> str:
        """What redo would do again ("" when nothing)."""
        return self._redo[-1].change.label if self._redo else ""

    def record_sent(self, records: list[SentInvite]) -> None:
        """Remember what invites went out (the trip's ``[[sent]]``), outside the undo history.

        Sending is a fact about the world, not an edit: undoing an earlier
        change must not make the trip forget what its recipients hold (their
        next invite would carry a stale SEQUENCE).  The trip is unsaved until
        the next save.
        """
        self.trip.sent = list(records)
        self._facts_unsaved = True
        self.revision += 1

    def record_share(self, share: ShareTarget | None) -> None:
        """Remember what was published to the CalDAV server (the trip's ``[share]``), outside the undo history.

        Like :meth:`record_sent`: it describes the server's state, not an edit.
        The trip is unsaved until the next save.
        """
        self.trip.share = share
        self._facts_unsaved = True
        self.revision += 1

    def record_replies(self, replies: list[Reply]) -> int:
        """Remember attendees' answers (the trip's ``[[replies]]``), outside the undo history; returns how many
        changed what the trip knew.

        Like :meth:`record_sent`: an answer is a fact about the world.  Each
        is kept only when newer than what is recorded (:func:`tripplan.trip.answers.record`).
        """
        from tripplan.trip.answers import record

        changed = sum(record(self.trip, reply) in ("recorded", "updated") for reply in replies)
        if changed:
            self._facts_unsaved = True
            self.revision += 1
        return changed

    def _top(self) -> int:
        return self._undo[-1].serial if self._undo else self._base

    def apply(self, change: Change) -> Change:
        """Make *change* and record it for undo; any redo history is dropped."""
        change.apply(self.trip)
        self._undo.append(_Entry(next(self._serials), change))
        if len(self._undo) > MAX_UNDO:
            # The state after the dropped step becomes the oldest one undo can reach.
            self._base = self._undo.pop(0).serial
        self._redo.clear()
        self.revision += 1
        return change

    def undo(self) -> Change | None:
        """Take back the last change; returns it, or ``None`` when there is nothing to undo."""
        if not self._undo:
            return None
        entry = self._undo.pop()
        entry.change.revert(self.trip)
        self._redo.append(entry)
        if entry.serial == self._reload_serial:
            self._replaces_theirs = True  # stays so after new edits: they build on the user's version
        self.revision += 1
        return entry.change

    def redo(self) -> Change | None:
        """Make the last undone change again; returns it, or ``None``."""
        if not self._redo:
            return None
        entry = self._redo.pop()
        entry.change.apply(self.trip)
        self._undo.append(entry)
        if entry.serial == self._reload_serial:
            self._replaces_theirs = False
        self.revision += 1
        return entry.change

    # --- event edits -------------------------------------------------------------------------------------

    def _event(self, event_id: str) -> Event:
        event = self.trip.event(event_id)
        if event is None:
            raise KeyError(f"no event {event_id!r} in this trip")
        return event

    def add_event(self, event: Event) -> EventChange:
        """Add a new event."""
        if self.trip.event(event.id) is not None:
            raise ValueError(f"an event with id {event.id!r} already exists")
        return self._event_change(EventChange(f"add “{event.title}”", (), (event,)))

    def replace_event(self, event: Event) -> EventChange:
        """Put *event* in place of the event with the same id."""
        old = self._event(event.id)
        return self._event_change(EventChange(f"edit “{event.title}”", (old,), (event,)))

    def delete_event(self, event_id: str) -> EventChange:
        """Remove an event."""
        old = self._event(event_id)
        return self._event_change(EventChange(f"delete “{old.title}”", (old,), ()))

    def duplicate_event(self, event_id: str, offset: timedelta = timedelta(0)) -> Event:
        """Add a copy of an event (new id), *offset* later in wall time; returns the copy."""
        old = self._event(event_id)
        copy_ = shift_event(replace(old, id=new_id()), offset)
        self._event_change(EventChange(f"duplicate “{old.title}”", (), (copy_,)))
        return copy_

    def move_event(self, event_id: str, delta: timedelta) -> Event:
        """Move an event (a whole series, for a recurring one) by *delta* of wall time."""
        old = self._event(event_id)
        moved = shift_event(old, delta)
        self._event_change(EventChange(f"move “{old.title}” {_describe(delta)}", (old,), (moved,)))
        return moved

    def _event_change(self, change: EventChange) -> EventChange:
        self.apply(change)
        return change

    # --- files -----------------------------------------------------------------------------------------

    def validate(self) -> None:
        """Check the trip as edited against the trip-file rules, on the model (:func:`tripplan.trip.validate.problems`):
        ``InvalidTripError`` names what is wrong, and nothing is written.  That what is written reads back is
        the file codec's own guarantee (:func:`tripplan.files.storage.save_trip`)."""
        from tripplan.trip.validate import problems

        found = problems(self.trip)
        if found:
            raise InvalidTripError(found)

    def save(self, *, replace_theirs: bool = False) -> FileStamp:
        """Save to ``path`` atomically; ``ConflictError`` if the file changed since it was read.

        After "Reload theirs" was undone (:attr:`replaces_theirs`) this raises
        ``TheirsUndoneError`` and writes nothing, unless *replace_theirs* says
        the user chose to put their version over the one reloaded.  Either way
        the file must still be the one read or reloaded: a newer change on disk
        is a ``ConflictError``, never overwritten.
        """
        if self._replaces_theirs and not replace_theirs:
            raise TheirsUndoneError(f"{self.path} holds the version you reloaded (theirs) and you undid that "
                                    "reload: saving replaces their version with yours")
        self.validate()
        self.stamp = save_trip(self.trip, self.path, self.stamp)
        self._clean = self._top()
        self._facts_unsaved = False
        self._replaces_theirs = False
        return self.stamp

    def overwrite(self) -> FileStamp:
        """Save over whatever is at ``path`` now (the user chose to replace their version)."""
        try:
            current = self.path.read_bytes()
        except FileNotFoundError:
            self.stamp = None
        else:
            self.stamp = FileStamp(self.path, digest(current), len(current), self.path.stat().st_mtime_ns)
        return self.save(replace_theirs=True)

    def save_as(self, path: str | Path) -> FileStamp:
        """Save to a new file (which must not exist) and keep editing that one."""
        target = Path(path)
        self.validate()
        stamp = save_trip(self.trip, target, None)
        self.path, self.stamp = target, stamp
        self._clean = self._top()
        self._facts_unsaved = False
        self._replaces_theirs = False  # a new file: nobody's version is replaced
        return stamp

    def changed_on_disk(self) -> bool:
        """Whether the file differs from the version this session read or wrote."""
        try:
            current = self.path.read_bytes()
        except OSError:
            return self.stamp is not None
        return self.stamp is None or digest(current) != self.stamp.digest

    def reload(self) -> TripSnapshot:
        """Take the version on disk ("reload theirs"), as an undoable step.

        Raises ``TripFileError`` if the file on disk does not load; the
        session is then unchanged.  After the reload the session is clean;
        ``undo`` brings back the version that was open before, unsaved, and
        saving that asks first (:attr:`replaces_theirs`).
        """
        theirs, stamp = read_trip(self.path)
        change = TripSnapshot("reload from disk", copy.deepcopy(self.trip), theirs)
        self.apply(change)
        self._reload_serial, self._replaces_theirs = self._top(), False
        self.stamp = stamp
        self._clean = self._top()
        self._facts_unsaved = False
        return change


def shift_event(event: Event, delta: timedelta) -> Event:
    """The event moved by *delta*; exception dates of a series move with it.

    A move by whole days keeps the wall time (a 09:30 stand-up moved a day
    is at 09:30 across a DST change); any other move is in elapsed time, so
    15-minute steps reach every instant, both passes of the repeated hour
    included.  An all-day event moves by dates.
    """
    if not delta:
        return event
    if event.all_day:
        days = timedelta(days=delta.days)
        return Event.days(first=event.first_day + days, end=event.end_day + days, tz=event.tz,
                          **_content(replace(event, exdates=tuple(
                              day_start(d.astimezone(event.tz).date() + days, event.tz) for d in event.exdates))))
    return replace(event, start_utc=_shift(event.start_utc, event.tz, delta),
                   end_utc=_shift(event.end_utc, event.end_tz, delta),
                   exdates=tuple(_shift(d, event.tz, delta) for d in event.exdates))


def _content(event: Event) -> dict[str, object]:
    """The fields of *event* other than its times, for building a changed copy."""
    times = {"start_utc", "end_utc", "tz", "end_tz", "all_day"}
    return {f.name: getattr(event, f.name) for f in fields(event) if f.name not in times}


def _shift(moment: datetime, zone: ZoneInfo, delta: timedelta) -> datetime:
    """The instant *moment* moved by *delta*: by wall time in *zone* for whole days, else by elapsed time."""
    if delta % timedelta(days=1):
        return moment + delta
    local = moment.astimezone(zone)
    moved = local.replace(tzinfo=None, fold=0) + delta
    if not wall_time_exists(moved, zone):
        return moment + delta  # the same wall time does not exist that day: keep the elapsed time
    return instant(moved, zone, local.fold if is_ambiguous(moved, zone) else 0)


def _describe(delta: timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "−"
    minutes = abs(minutes)
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return f"{sign}{days} day{'s' * (days != 1)}"
    hours, mins = divmod(minutes, 60)
    return f"{sign}{hours} h {mins} min" if hours and mins else (f"{sign}{hours} h" if hours else f"{sign}{mins} min")


def check_event(trip: Trip, event: Event) -> list[Problem]:
    """Problems the trip-file rules find with *event* in *trip* (paths like ``repeat``, ``end``).

    The rules are those the trip-file decoder applies (``tripplan.trip.validate``,
    which it calls too), checked on the event itself: nothing is serialised,
    so this is cheap enough for every keystroke of the editor.
    """
    return event_problems(trip, event)
