"""Who travels: making a person the traveller ("me") or a travelling teammate, as pure checks.

:func:`with_roles` returns the person as they would be, or raises ``TeamError``
saying why the trip cannot take it — the same rules the trip file has
(docs/trip-format.md): at most one "me", whose home zone is the trip's; a
home zone only for a traveller; an event's ``travellers`` name travellers
only.  Plain Python, no I/O: the CLI and the TUI both call it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final
from zoneinfo import ZoneInfo

from tripplan.errors import InputError
from tripplan.trip.model import Event, Person, Trip


class TeamError(InputError):
    """A change of who travels the trip cannot take.

    ``code`` tells callers which rule it broke, so each can say how to fix it
    in its own words: ``"two-me"`` (``other`` is the person who is me),
    ``"me-home"`` (the traveller's home zone must be the trip's),
    ``"home-not-traveller"`` or ``"still-listed"`` (``events`` name the person
    in their travellers).
    """

    def __init__(self, message: str, code: str, other: str = "", events: tuple[Event, ...] = ()) -> None:
        super().__init__(message)
        self.code, self.other, self.events = code, other, events


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = _Keep()  # leave that field as it is


def with_roles(trip: Trip, person: Person, *, me: bool | None = None, travels: bool | None = None,
               home_tz: ZoneInfo | _Keep | None = KEEP) -> Person:
    """*person* with these roles (``None``/``KEEP``: unchanged), checked against the rest of *trip*.

    The traveller's home zone is the trip's: a *home_tz* equal to it is kept
    as "none of their own".  A person who stops travelling loses their home
    zone (only travellers have one) unless *home_tz* names one, which is
    refused.  *person* may be new (not yet in the trip).
    """
    new = replace(person, me=person.me if me is None else me, travels=person.travels if travels is None else travels,
                  home_tz=person.home_tz if isinstance(home_tz, _Keep) else home_tz)
    if new.me:
        other = next((p for p in trip.people if p.me and p.id != new.id), None)
        if other is not None:
            raise TeamError(f"{other.name} ({other.id!r}) is already the traveller (me); a trip has one",
                            "two-me", other=other.id)
        new = replace(new, travels=False)  # the traveller travels without saying so
        if new.home_tz is not None and new.home_tz.key != trip.home_timezone.key:
            raise TeamError(f"the traveller's home zone is the trip's ({trip.home_timezone.key}), not "
                            f"{new.home_tz.key}", "me-home")
        new = replace(new, home_tz=None)
    if not new.traveller and new.home_tz is not None:
        if not isinstance(home_tz, _Keep) and home_tz is not None:
            raise TeamError(f"{new.name} does not travel: only a traveller has a home zone of their own",
                            "home-not-traveller")
        new = replace(new, home_tz=None)
    if not new.traveller:
        listed = tuple(e for e in trip.events if e.travellers is not None and new.id in e.travellers)
        if listed:
            titles = ", ".join(repr(e.title) for e in listed[:3]) + (" …" if len(listed) > 3 else "")
            raise TeamError(f"{new.name} is listed among the travellers of {len(listed)} event"
                            f"{'s' * (len(listed) != 1)} ({titles}); a person who does not travel cannot be",
                            "still-listed", events=listed)
    return new
