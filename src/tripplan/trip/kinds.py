"""Kinds of activity and the balance categories they count towards (no I/O, imports nothing heavy).

Kept apart from ``model`` so that code which only needs the names — the
timetable's colours, the day list's bars — does not build every dataclass
of the model first.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Category(StrEnum):
    """Balance categories: what an hour of the trip is spent on."""

    WORK = "work"
    NETWORKING = "networking"
    BONDING = "bonding"
    CULTURE = "culture"
    LOGISTICS = "logistics"
    REST = "rest"


class Kind(StrEnum):
    """Kinds of activity; each belongs to exactly one balance category."""

    MEETING = "meeting"
    WORKSHOP = "workshop"
    PRESENTATION = "presentation"
    CONFERENCE = "conference"
    SEMINAR = "seminar"
    NETWORKING_EVENT = "networking-event"
    MEAL = "meal"
    TEAM_BUILDING = "team-building"
    SOCIAL_OUTING = "social-outing"
    CULTURAL_OUTING = "cultural-outing"
    MUSEUM = "museum"
    TOUR = "tour"
    LOCAL_CUSTOM = "local-custom"
    FLIGHT = "flight"
    TRAIN = "train"
    TRANSFER = "transfer"
    CHECK_IN = "check-in"
    FREE_TIME = "free-time"
    REST = "rest"

    @property
    def category(self) -> Category:
        """The balance category this kind counts towards."""
        return KIND_CATEGORY[self]


KIND_CATEGORY: Final[dict[Kind, Category]] = {
    Kind.MEETING: Category.WORK,
    Kind.WORKSHOP: Category.WORK,
    Kind.PRESENTATION: Category.WORK,
    Kind.CONFERENCE: Category.NETWORKING,
    Kind.SEMINAR: Category.NETWORKING,
    Kind.NETWORKING_EVENT: Category.NETWORKING,
    Kind.MEAL: Category.BONDING,
    Kind.TEAM_BUILDING: Category.BONDING,
    Kind.SOCIAL_OUTING: Category.BONDING,
    Kind.CULTURAL_OUTING: Category.CULTURE,
    Kind.MUSEUM: Category.CULTURE,
    Kind.TOUR: Category.CULTURE,
    Kind.LOCAL_CUSTOM: Category.CULTURE,
    Kind.FLIGHT: Category.LOGISTICS,
    Kind.TRAIN: Category.LOGISTICS,
    Kind.TRANSFER: Category.LOGISTICS,
    Kind.CHECK_IN: Category.LOGISTICS,
    Kind.FREE_TIME: Category.REST,
    Kind.REST: Category.REST,
}

# Words people naturally type for a kind; the canonical value is always accepted.
_KIND_ALIASES: Final[dict[str, Kind]] = {
    "networking": Kind.NETWORKING_EVENT,
    "dinner": Kind.MEAL,
    "lunch": Kind.MEAL,
    "breakfast": Kind.MEAL,
    "outing": Kind.SOCIAL_OUTING,
    "culture": Kind.CULTURAL_OUTING,
    "free": Kind.FREE_TIME,
    "checkin": Kind.CHECK_IN,
}


def parse_kind(text: str) -> Kind:
    """Return the kind named by *text* (canonical name, spaces allowed, or an alias).

    Raises ``ValueError`` naming the accepted kinds.
    """
    key = "-".join(text.strip().lower().replace("_", " ").split())
    try:
        return Kind(key)
    except ValueError:
        pass
    if key in _KIND_ALIASES:
        return _KIND_ALIASES[key]
    accepted = ", ".join(k.value for k in Kind)
    raise ValueError(f"unknown kind {text!r}; accepted kinds: {accepted}")
