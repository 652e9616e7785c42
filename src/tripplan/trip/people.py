"""The people of a trip: persons and their roles, objectives, follow-ups, and who attends which event.

:class:`Attending` is the one rule of attendance (an event that lists no
travellers is attended by all of them); :data:`YOU` stands for the traveller
while the trip names no person "me".  Part of the trip model
(:mod:`tripplan.trip.model` re-exports every name).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Final
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from tripplan.trip.event import Event


class Role(StrEnum):
    """How a person relates to the traveller."""

    COLLEAGUE = "colleague"
    CLIENT = "client"
    PARTNER = "partner"
    PROSPECT = "prospect"


class ObjectiveStatus(StrEnum):
    """Where an objective stands; the organiser updates it during and after the trip."""

    OPEN = "open"
    IN_PROGRESS = "in-progress"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


@dataclass
class LogEntry:
    """One conversation with a person, as remembered afterwards."""

    on: date
    text: str


@dataclass
class Person:
    """Someone the traveller meets or travels with."""

    id: str
    name: str
    email: str = ""
    org: str = ""
    role: Role = Role.COLLEAGUE
    interests: list[str] = field(default_factory=list)
    notes: str = ""
    met_at: str = ""
    log: list[LogEntry] = field(default_factory=list)
    me: bool = False  # the traveller who owns the trip file (at most one person)
    travels: bool = False  # a travelling teammate (the traveller travels without saying so)
    home_tz: ZoneInfo | None = None  # a teammate's home zone; None: the trip's home zone

    @property
    def traveller(self) -> bool:
        """Whether this person is on the trip: the traveller ("me") or a travelling teammate."""
        return self.me or self.travels


@dataclass
class Objective:
    """What the trip is for, e.g. "win Acme's procurement lead's trust"."""

    id: str
    title: str
    status: ObjectiveStatus = ObjectiveStatus.OPEN
    people: list[str] = field(default_factory=list)
    notes: str = ""


@dataclass
class FollowUp:
    """Something to do for a person after the trip."""

    id: str
    person: str
    what: str
    due: date
    done: bool = False
    event: str = ""


YOU: Final = ""  # the key of the traveller while the trip names no person "me"


class Attending:
    """The rule of who attends an event, for one trip's travellers (``Trip.attending``).

    An event that lists no travellers (``travellers`` is ``None``) is
    attended by all of them; one that lists them, by those; a traveller
    named in ``attendees`` attends too, and so does every other attendee.
    """

    def __init__(self, traveller_ids: list[str]) -> None:
        self.traveller_ids = traveller_ids  # me (or YOU) first, then the teammates
        self._travellers = frozenset(traveller_ids)

    def travellers_at(self, event: Event) -> list[str]:
        """The travellers at *event*, in ``traveller_ids`` order."""
        if event.travellers is None:
            return self.traveller_ids
        listed = {*event.travellers, *event.attendees}
        return [i for i in self.traveller_ids if i in listed]

    def attends(self, event: Event, person_id: str) -> bool:
        """Whether the person (or :data:`YOU`) takes part in *event*: a traveller at it or one of its attendees."""
        if person_id in event.attendees:
            return True
        return person_id in self._travellers and (event.travellers is None or person_id in event.travellers)
