"""Who travels, changed from the people view: marking the traveller ("me") and travelling teammates.

The rules are the trip file's, checked by ``tripplan.trip.team.with_roles``
(at most one "me", whose home is the trip's; a home zone only for a
traveller; nobody listed among an event's travellers may stop travelling).
Marking another person "me" moves it: the one who was me stays on the trip
as a travelling teammate, and the notice says so.  Each change is one
undoable step through the session (a ``RecordChange`` of the people).
Plain Python; the people view shows the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tripplan.edit.session import EditSession, RecordChange
from tripplan.trip.model import Event, Person, Trip
from tripplan.trip.team import TeamError, with_roles


@dataclass(frozen=True)
class Outcome:
    """What a role change did (``message``), or why it was refused (``refused``)."""

    message: str = ""
    refused: str = ""


def _apply(session: EditSession, label: str, before: list[Person], after: list[Person]) -> None:
    session.apply(RecordChange(label, "people", tuple(before), tuple(after)))


def _unknown(person_id: str) -> Outcome:
    return Outcome(refused=f"no person {person_id!r} in this trip")


def mark_me(session: EditSession, person_id: str) -> Outcome:
    """Make *person_id* the traveller; whoever was "me" before becomes a travelling teammate."""
    trip = session.trip
    person = trip.person(person_id)
    if person is None:
        return _unknown(person_id)
    if person.me:
        return Outcome(message=f"{person.name} is already me.")
    old = trip.me
    before, after = [person], []
    if old is not None:
        # They stay on the trip: a travelling teammate (their home is the trip's, so no home zone of their own).
        before.append(old)
        after.append(replace(old, me=False, travels=True, home_tz=None))
    rest = replace(trip, people=[p for p in trip.people if p.id != (old.id if old else None)])
    try:
        after.insert(0, with_roles(rest, person, me=True))
    except TeamError as error:
        if error.code == "me-home":
            home = person.home_tz.key if person.home_tz is not None else ""
            return Outcome(refused=f"{person.name}'s home zone is {home}, and the traveller's home is the trip's "
                                   f"({trip.home_timezone.key}): clear their home zone first (e)")
        return Outcome(refused=str(error))
    _apply(session, f"make {person.name} me", before, after)
    if old is not None:
        return Outcome(message=f"{person.name} is me now; {old.name} is no longer me (still travels).")
    return Outcome(message=f"{person.name} is me now: the traveller who owns this trip.")


def toggle_travels(session: EditSession, person_id: str) -> Outcome:
    """A travelling teammate stops travelling, anyone else (but me) starts."""
    trip = session.trip
    person = trip.person(person_id)
    if person is None:
        return _unknown(person_id)
    if person.me:
        return Outcome(refused=f"{person.name} is me: the traveller always travels")
    try:
        changed = with_roles(trip, person, travels=not person.travels)
    except TeamError as error:
        if error.code == "still-listed":
            titles = ", ".join(f"“{e.title}”" for e in error.events[:3]) + (" …" if len(error.events) > 3 else "")
            return Outcome(refused=f"{person.name} is named among the travellers of {titles}: take them off "
                                   "those events first")
        return Outcome(refused=str(error))
    _apply(session, f"{person.name} {'travels' if changed.travels else 'stays home'}", [person], [changed])
    if changed.travels:
        return Outcome(message=f"{person.name} travels: events that list no travellers are theirs too.")
    return Outcome(message=f"{person.name} no longer travels.")


# --- which travellers go to an event (the event editor's "Going") ---------------------------------------

YOU_KEY = "-you-"  # the traveller of a trip that names no one, as a list's value (model.YOU is "")


def has_team(trip: Trip) -> bool:
    """Whether the trip names its traveller or has travelling teammates (then events say who goes)."""
    return any(p.traveller for p in trip.people)


def going_choices(trip: Trip, event: Event) -> list[tuple[str, str, bool]]:
    """(value, label, going) for every traveller: me first, then the teammates."""
    going = set(trip.travellers_at(event))
    found = []
    for ident in trip.traveller_ids:
        person = trip.person(ident) if ident else None
        label = "you" if person is None else f"{person.name} (me)" if person.me else person.name
        found.append((ident or YOU_KEY, label, ident in going))
    return found


def going_value(trip: Trip, chosen: list[str], current: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """The event's ``travellers`` for the travellers ticked: ``None`` (all of them) or exactly those.

    ``ValueError`` with the reason when the trip cannot say it: the traveller
    of a trip that names no one cannot be listed, so they go to all or to none.
    """
    ids = trip.traveller_ids
    picked = {"" if c == YOU_KEY else c for c in chosen}
    if picked >= set(ids):
        return current if current is not None and set(current) == set(ids) else None
    if "" in picked:
        raise ValueError("to choose which of the team goes, name yourself first (people view: m on you)")
    return tuple(i for i in ids if i in picked)


def listed_in(trip: Trip, person_id: str) -> list[Event]:
    """The events that name *person_id* among their travellers."""
    return [e for e in trip.events if e.travellers is not None and person_id in e.travellers]


def delete_person(session: EditSession, person_id: str, *, with_events: bool = False) -> None:
    """``trip_edits.delete_person``: it also takes a travelling teammate off the events that list them as
    travellers (else the trip would name someone who is gone), in the same undoable step."""
    from tripplan.edit.changes import delete_person as delete

    delete(session, person_id, with_events=with_events)
