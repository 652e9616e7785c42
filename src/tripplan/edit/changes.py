"""The relationship side of a trip, edited as undoable steps: people, conversations, objectives, follow-ups.

Each function makes exactly one step on an ``EditSession`` (one undo takes
all of it back) and keeps the trip's references whole, so the trip always
saves: deleting a person takes them off events and objectives and removes
their follow-ups; deleting an event or an objective unlinks what pointed at
it.  ``merge`` turns "the trip as some other code left it" (an import, for
one) into such a step; ``change_stops`` takes the stops that
``tripplan.trip.stops`` worked out.  Values are never mutated in place: an
edited person is a new ``Person`` put where the old one was.  Plain Python.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TypeVar
from zoneinfo import ZoneInfo

from tripplan.edit.session import Batch, Change, EditSession, EventChange, RecordChange
from tripplan.errors import Problem
from tripplan.trip.model import Event, FollowUp, LogEntry, Objective, ObjectiveStatus, Person, Stop, Trip

T = TypeVar("T")


def free_id(base: str, taken: Iterable[str]) -> str:
    """An id made from *base* (``Ana Ruiz`` → ``ana-ruiz``), with ``-2``, ``-3`` … when it is taken."""
    ascii_only = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    cleaned = "".join(c.lower() if c.isalnum() else "-" for c in ascii_only.strip())
    stem = "-".join(part for part in cleaned.split("-") if part)[:90] or "item"
    used = set(taken)
    ident, n = stem, 2
    while ident in used:
        ident, n = f"{stem}-{n}", n + 1
    return ident


def _one(session: EditSession, change: Change) -> Change:
    session.apply(change)
    return change


# --- people -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonLinks:
    """What refers to a person: the events they attend, those they alone attend, objectives, follow-ups."""

    events: list[Event]
    alone: list[Event]
    objectives: list[Objective]
    followups: list[FollowUp]

    @property
    def any(self) -> bool:
        """Whether anything refers to the person."""
        return bool(self.events or self.objectives or self.followups)


def person_links(trip: Trip, person_id: str) -> PersonLinks:
    """Everything in *trip* that names the person *person_id* (as an attendee or among an event's travellers)."""
    events = [e for e in trip.events if person_id in e.attendees or person_id in (e.travellers or ())]
    alone = [e for e in events if tuple(e.attendees) == (person_id,)]
    objectives = [o for o in trip.objectives if person_id in o.people]
    followups = [f for f in trip.followups if f.person == person_id]
    return PersonLinks(events, alone, objectives, followups)


def add_person(session: EditSession, person: Person) -> Change:
    """Add a new person (their id must be free)."""
    if session.trip.person(person.id) is not None:
        raise ValueError(f"a person with id {person.id!r} already exists")
    return _one(session, RecordChange(f"add {person.name}", "people", (), (person,)))


def update_person(session: EditSession, person: Person) -> Change:
    """Put *person* in place of the person with the same id."""
    old = _need(session.trip.person(person.id), "person", person.id)
    return _one(session, RecordChange(f"edit {person.name}", "people", (old,), (person,)))


def delete_person(session: EditSession, person_id: str, *, with_events: bool = False) -> Change:
    """Delete a person, taking them off events and objectives and deleting their follow-ups.

    With *with_events*, the events only they attend are deleted too (and
    follow-ups pointing at those events lose the link).
    """
    trip = session.trip
    person = _need(trip.person(person_id), "person", person_id)
    links = person_links(trip, person_id)
    doomed = {e.id for e in links.alone} if with_events else set()
    changes: list[Change] = []
    kept = [e for e in links.events if e.id not in doomed]
    gone = [e for e in links.events if e.id in doomed]
    if links.events:
        after = tuple(replace(e, attendees=tuple(a for a in e.attendees if a != person_id),
                              travellers=None if e.travellers is None else
                              tuple(t for t in e.travellers if t != person_id)) for e in kept)
        changes.append(EventChange("attendees", tuple(links.events), after))
    if links.objectives:
        after_o = tuple(replace(o, people=[p for p in o.people if p != person_id]) for o in links.objectives)
        changes.append(RecordChange("objectives", "objectives", tuple(links.objectives), after_o))
    dropped = set(f.id for f in links.followups)
    unlinked = [f for f in trip.followups if f.id not in dropped and f.event in doomed]
    if links.followups or unlinked:
        changes.append(RecordChange("follow-ups", "followups", (*links.followups, *unlinked),
                                    tuple(replace(f, event="") for f in unlinked)))
    changes.append(RecordChange("person", "people", (person,), ()))
    label = f"delete {person.name}" + (f" and {len(gone)} event{'s' * (len(gone) != 1)}" if gone else "")
    return _one(session, Batch(label, tuple(changes)))


def add_log_entry(session: EditSession, person_id: str, entry: LogEntry) -> Change:
    """Log a conversation; the log stays oldest first (an earlier day goes before later ones)."""
    person = _need(session.trip.person(person_id), "person", person_id)
    position = sum(1 for e in person.log if e.on <= entry.on)
    log = [*person.log[:position], entry, *person.log[position:]]
    return _one(session, RecordChange(f"log a talk with {person.name}", "people", (person,),
                                      (replace(person, log=log),)))


def delete_log_entry(session: EditSession, person_id: str, index: int) -> Change:
    """Remove the *index*-th conversation of a person's log."""
    person = _need(session.trip.person(person_id), "person", person_id)
    if not 0 <= index < len(person.log):
        raise IndexError(f"{person.name} has no log entry {index}")
    log = [e for i, e in enumerate(person.log) if i != index]
    return _one(session, RecordChange(f"delete a talk with {person.name}", "people", (person,),
                                      (replace(person, log=log),)))


# --- objectives -------------------------------------------------------------------------------------


def add_objective(session: EditSession, objective: Objective) -> Change:
    """Add a new objective (its id must be free)."""
    if session.trip.objective(objective.id) is not None:
        raise ValueError(f"an objective with id {objective.id!r} already exists")
    return _one(session, RecordChange(f"add objective “{objective.title}”", "objectives", (), (objective,)))


def update_objective(session: EditSession, objective: Objective) -> Change:
    """Put *objective* in place of the one with the same id."""
    old = _need(session.trip.objective(objective.id), "objective", objective.id)
    return _one(session, RecordChange(f"edit objective “{objective.title}”", "objectives", (old,), (objective,)))


def set_status(session: EditSession, objective_id: str, status: ObjectiveStatus) -> Change:
    """Change an objective's status."""
    old = _need(session.trip.objective(objective_id), "objective", objective_id)
    return _one(session, RecordChange(f"mark “{old.title}” {status.value}", "objectives", (old,),
                                      (replace(old, status=status),)))


def delete_objective(session: EditSession, objective_id: str) -> Change:
    """Delete an objective; the events serving it keep everything but the link."""
    old = _need(session.trip.objective(objective_id), "objective", objective_id)
    linked = [e for e in session.trip.events if e.objective == objective_id]
    changes: list[Change] = []
    if linked:
        changes.append(EventChange("unlink", tuple(linked), tuple(replace(e, objective="") for e in linked)))
    changes.append(RecordChange("objective", "objectives", (old,), ()))
    return _one(session, Batch(f"delete objective “{old.title}”", tuple(changes)))


def link_events(session: EditSession, objective_id: str, event_ids: Iterable[str]) -> Change | None:
    """Make exactly *event_ids* serve the objective (events linked before and not chosen are unlinked).

    An event serves one objective: linking it here moves it from any other.
    Returns ``None`` when nothing changes.
    """
    objective = _need(session.trip.objective(objective_id), "objective", objective_id)
    chosen = set(event_ids)
    before = [e for e in session.trip.events if (e.id in chosen) != (e.objective == objective_id)]
    if not before:
        return None
    after = tuple(replace(e, objective=objective_id if e.id in chosen else "") for e in before)
    return _one(session, EventChange(f"link events to “{objective.title}”", tuple(before), after))


# --- follow-ups -------------------------------------------------------------------------------------


def add_followups(session: EditSession, followups: list[FollowUp], label: str = "") -> Change:
    """Add follow-ups (ids must be free), as one step."""
    taken = {f.id for f in session.trip.followups}
    clash = [f.id for f in followups if f.id in taken]
    if clash:
        raise ValueError(f"follow-up ids already used: {', '.join(clash)}")
    text = label or (f"add follow-up “{followups[0].what}”" if len(followups) == 1
                     else f"add {len(followups)} follow-ups")
    return _one(session, RecordChange(text, "followups", (), tuple(followups)))


def update_followup(session: EditSession, followup: FollowUp) -> Change:
    """Put *followup* in place of the one with the same id."""
    old = _need(next((f for f in session.trip.followups if f.id == followup.id), None), "follow-up", followup.id)
    return _one(session, RecordChange(f"edit follow-up “{followup.what}”", "followups", (old,), (followup,)))


def toggle_done(session: EditSession, followup_id: str) -> Change:
    """Mark a follow-up done, or not done again."""
    old = _need(next((f for f in session.trip.followups if f.id == followup_id), None), "follow-up", followup_id)
    verb = "undone" if old.done else "done"
    return _one(session, RecordChange(f"mark “{old.what}” {verb}", "followups", (old,),
                                      (replace(old, done=not old.done),)))


def delete_followup(session: EditSession, followup_id: str) -> Change:
    """Delete a follow-up."""
    old = _need(next((f for f in session.trip.followups if f.id == followup_id), None), "follow-up", followup_id)
    return _one(session, RecordChange(f"delete follow-up “{old.what}”", "followups", (old,), ()))


# --- events and whole-trip merges ------------------------------------------------------------------


def delete_event(session: EditSession, event_id: str) -> Change:
    """Delete an event; follow-ups that came from it keep everything but the link."""
    old = _need(session.trip.event(event_id), "event", event_id)
    linked = [f for f in session.trip.followups if f.event == event_id]
    changes: list[Change] = [EventChange("event", (old,), ())]
    if linked:
        changes.append(RecordChange("unlink", "followups", tuple(linked), tuple(replace(f, event="") for f in linked)))
    return _one(session, Batch(f"delete “{old.title}”", tuple(changes)))


def add_events(session: EditSession, events: list[Event], label: str) -> Change:
    """Add several new events as one step (applied suggestions, say)."""
    return _one(session, EventChange(label, (), tuple(events)))


def merge(session: EditSession, label: str, changed: Trip) -> Change | None:
    """Make the session's trip look like *changed* (a changed copy of it) in one undoable step.

    Events, people, objectives, follow-ups and import records are compared
    by id; ``None`` when nothing differs.  Other parts of the trip (its
    dates, zones, ``[[sent]]``) are not touched.
    """
    changes: list[Change] = []
    current = session.trip
    for section, key in (("events", "id"), ("people", "id"), ("objectives", "id"), ("followups", "id"),
                         ("received", "event")):
        old = {getattr(x, key): x for x in getattr(current, section)}
        new = {getattr(x, key): x for x in getattr(changed, section)}
        before = tuple(x for k, x in old.items() if k not in new or new[k] != x)
        after = tuple(x for k, x in new.items() if k not in old or old[k] != x)
        if not before and not after:
            continue
        if section == "events":
            changes.append(EventChange(section, before, after))
        else:
            changes.append(RecordChange(section, section, before, after))
    if not changes:
        return None
    return _one(session, Batch(label, tuple(changes)))


@dataclass(frozen=True)
class StopsChange:
    """Put other stops in place of the trip's (and the trip's zone, which is its first stop's)."""

    label: str
    before: tuple[Stop, ...]
    after: tuple[Stop, ...]
    before_tz: ZoneInfo
    after_tz: ZoneInfo

    def apply(self, trip: Trip) -> None:
        """The stops of ``after`` (copies: later edits never reach the history)."""
        trip.stop_list, trip.timezone = [replace(s) for s in self.after], self.after_tz

    def revert(self, trip: Trip) -> None:
        """The stops as they were."""
        trip.stop_list, trip.timezone = [replace(s) for s in self.before], self.before_tz


def change_stops(session: EditSession, label: str, changed: Trip) -> Change | None:
    """Take the stops of *changed* (from ``stops_edit.add_stop`` or ``remove_stop``) as one step; ``None`` if alike."""
    trip = session.trip
    if changed.stop_list == trip.stop_list and changed.timezone.key == trip.timezone.key:
        return None
    return _one(session, StopsChange(label, tuple(replace(s) for s in trip.stop_list),
                                     tuple(replace(s) for s in changed.stop_list), trip.timezone, changed.timezone))


def copy_trip(trip: Trip) -> Trip:
    """A deep copy of *trip*, for code that changes a trip in place (``merge`` the result back)."""
    import copy

    return copy.deepcopy(trip)


def _need(value: T | None, what: str, ident: str) -> T:
    if value is None:
        raise KeyError(f"no {what} {ident!r} in this trip")
    return value



def check_item(trip: Trip, section: str, item: Person | Objective | FollowUp) -> list[Problem]:
    """What the trip-file rules find wrong with *item* as a member of *section* of *trip*.

    Paths are relative to the item (``email``, ``people[0]``).  The item is
    checked by the rules the trip-file decoder applies (``tripplan.trip.validate``),
    with the trip's people (and a follow-up's event) beside it, on the model:
    nothing is serialised, and a form that passes this always saves.
    """
    from tripplan.trip.validate import problems as trip_problems

    people, objectives, followups, events = list(trip.people), [], [], []
    if isinstance(item, Person):
        people = [item]
    elif isinstance(item, Objective):
        objectives = [item]
    else:
        followups = [item]
        events = [e for e in trip.events if e.id == item.event]
    probe = replace(trip, people=people, objectives=objectives, followups=followups, events=events, sent=[],
                    received=[])
    problems = trip_problems(probe)
    prefix = f"{section}[0]"
    return [Problem(p.path.removeprefix(prefix).lstrip("."), p.message) for p in problems
            if p.path.startswith(prefix)]
