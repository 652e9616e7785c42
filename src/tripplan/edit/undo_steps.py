"""The undoable steps of an edit session: each ``Change`` can be applied to a trip and reverted.

``EventChange`` swaps events, ``RecordChange`` the records of another section
(people, objectives, follow-ups, received), ``Batch`` runs several steps as
one, and ``TripSnapshot`` replaces the whole trip (a reload from disk).
``tripplan.edit.session`` keeps them on its undo and redo stacks.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from tripplan.trip.model import Event, Trip


class Change(Protocol):
    """One undoable step."""

    @property
    def label(self) -> str:
        """What the step does, for "undo: move “Dinner” +15 min"."""

    def apply(self, trip: Trip) -> None:
        """Make the change."""

    def revert(self, trip: Trip) -> None:
        """Take the change back (``apply`` must have run)."""


@dataclass(frozen=True)
class EventChange:
    """Replace some events by others (adding, deleting, editing and moving are all this).

    Events are treated as values: a change never mutates an ``Event`` in place,
    it swaps whole objects, so the ``before`` side stays valid for undo.
    """

    label: str
    before: tuple[Event, ...] = ()
    after: tuple[Event, ...] = ()

    def apply(self, trip: Trip) -> None:
        """Remove ``before`` (by id) and add ``after``, keeping each event's place in the list."""
        _swap(trip, self.before, self.after)

    def revert(self, trip: Trip) -> None:
        """The inverse swap."""
        _swap(trip, self.after, self.before)

    @property
    def event_ids(self) -> set[str]:
        """Ids of every event this change touches."""
        return {e.id for e in (*self.before, *self.after)}


def _swap(trip: Trip, old: Iterable[Event], new: Iterable[Event]) -> None:
    _swap_items(trip.events, old, new, "id")


def _swap_items(items: list[Any], old: Iterable[Any], new: Iterable[Any], key: str) -> None:
    """Replace *old* by *new* in *items*, matched by the attribute *key*; replaced items keep their place."""
    positions = {getattr(x, key): i for i, x in enumerate(items)}
    incoming = {getattr(x, key): x for x in new}
    gone = {getattr(x, key) for x in old} - set(incoming)
    for ident, item in list(incoming.items()):
        if ident in positions:
            items[positions[ident]] = item
            del incoming[ident]
    if gone:
        items[:] = [x for x in items if getattr(x, key) not in gone]
    items.extend(incoming.values())


RECORD_SECTIONS = {"people": "id", "objectives": "id", "followups": "id", "received": "event"}
"""The trip's lists a ``RecordChange`` may change, and the attribute that identifies their items."""


@dataclass(frozen=True)
class RecordChange:
    """Replace some people, objectives, follow-ups or import records by others (matched by id).

    Like ``EventChange``, it swaps whole values and never mutates one in
    place: editing a person means putting a new ``Person`` in its place.
    These lists keep the file's order, so undo puts a removed item back
    where it stood.
    """

    label: str
    section: str
    before: tuple[Any, ...] = ()
    after: tuple[Any, ...] = ()
    _at: dict[Any, int] = field(default_factory=dict, compare=False, repr=False)

    def apply(self, trip: Trip) -> None:
        """Remove ``before`` and add ``after`` in the section's list (remembering where ``before`` stood)."""
        items: list[Any] = getattr(trip, self.section)
        key = RECORD_SECTIONS[self.section]
        wanted = {getattr(x, key) for x in self.before}
        self._at.clear()
        self._at.update({getattr(x, key): i for i, x in enumerate(items) if getattr(x, key) in wanted})
        _swap_items(items, self.before, self.after, key)

    def revert(self, trip: Trip) -> None:
        """The inverse swap; removed items go back to their old places."""
        items: list[Any] = getattr(trip, self.section)
        key = RECORD_SECTIONS[self.section]
        back = {getattr(x, key): x for x in self.before}
        added = {getattr(x, key) for x in self.after} - set(back)
        for i, item in enumerate(items):
            if getattr(item, key) in back:
                items[i] = back.pop(getattr(item, key))
        items[:] = [x for x in items if getattr(x, key) not in added]
        for ident, item in sorted(back.items(), key=lambda kv: self._at.get(kv[0], len(items))):
            items.insert(min(self._at.get(ident, len(items)), len(items)), item)


@dataclass(frozen=True)
class Batch:
    """Several changes made as one step (one undo takes them all back)."""

    label: str
    changes: tuple[Change, ...]

    def apply(self, trip: Trip) -> None:
        """Make every change, in order."""
        for change in self.changes:
            change.apply(trip)

    def revert(self, trip: Trip) -> None:
        """Take every change back, last first."""
        for change in reversed(self.changes):
            change.revert(trip)

    @property
    def event_ids(self) -> set[str]:
        """Ids of every event the batch touches."""
        return {i for c in self.changes for i in getattr(c, "event_ids", set())}


@dataclass(frozen=True)
class TripSnapshot:
    """Swap the whole trip's content for another version (used for "reload theirs")."""

    label: str
    before: Trip
    after: Trip

    def apply(self, trip: Trip) -> None:
        """Take on the content of ``after``."""
        _assign(trip, self.after)

    def revert(self, trip: Trip) -> None:
        """Take on the content of ``before``."""
        _assign(trip, self.before)


def _assign(target: Trip, source: Trip) -> None:
    # Copy so later edits of ``target`` never reach the snapshot kept for undo.
    fresh = copy.deepcopy(source)
    for name in Trip.__dataclass_fields__:
        setattr(target, name, getattr(fresh, name))
