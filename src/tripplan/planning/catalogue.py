"""The bundled catalogue of generic activity ideas, per balance category.

``tripplan suggest`` proposes the trip's own ``[[ideas]]`` first and falls
back on these.  They have no location on purpose: the organiser knows the
good places; a proposal keeps the default travel time free around it.
"""

from __future__ import annotations

from typing import Final

from tripplan.trip.model import Category, Idea, IdeaTiming, Kind

CATALOGUE: Final[tuple[Idea, ...]] = (
    # Bonding: meals first — they are where relationships are built.
    Idea("Team dinner", Kind.MEAL, 120, notes="Book a table for everyone; ask a local to choose the place.",
         when=IdeaTiming.MEAL),
    Idea("Lunch together", Kind.MEAL, 75, notes="Away from the meeting room; no laptops.", when=IdeaTiming.MEAL),
    Idea("Coffee with a client", Kind.SOCIAL_OUTING, 45,
         notes="Ask about them, not the deal: family, hobbies, what they are proud of.", when=IdeaTiming.WORK_HOURS),
    Idea("Drinks after work", Kind.SOCIAL_OUTING, 90, notes="Somewhere quiet enough to talk.",
         when=IdeaTiming.OFF_HOURS),
    Idea("Team-building activity", Kind.TEAM_BUILDING, 120,
         notes="Something everyone can do: a cooking class, an escape room, a boat trip.", when=IdeaTiming.OFF_HOURS),
    # Culture.
    Idea("Walking tour of the old town", Kind.TOUR, 90, notes="A local guide, or the hotel's suggested route.",
         when=IdeaTiming.OFF_HOURS),
    Idea("Museum visit", Kind.MUSEUM, 120, notes="Check the opening hours and the late-opening day.",
         when=IdeaTiming.WORK_HOURS),
    Idea("Local market or food tasting", Kind.LOCAL_CUSTOM, 60, notes="Read the trip's culture notes first.",
         when=IdeaTiming.ANY),
    # Rest.
    Idea("Rest block — no meetings", Kind.REST, 60, notes="Phone on silent. A walk, a nap or the gym.",
         when=IdeaTiming.ANY),
    Idea("Free time", Kind.FREE_TIME, 60, notes="Nothing planned, on purpose.", when=IdeaTiming.ANY),
)


def catalogue(category: Category) -> list[Idea]:
    """The bundled ideas of one category, in the order they are tried."""
    return [idea for idea in CATALOGUE if idea.kind.category is category]


def timing(idea: Idea) -> IdeaTiming:
    """When an idea may go: its own ``when``, or what suits its kind (``auto``)."""
    if idea.when is not IdeaTiming.AUTO:
        return idea.when
    if idea.kind is Kind.MEAL:
        return IdeaTiming.MEAL
    category = idea.kind.category
    if category in (Category.WORK, Category.NETWORKING):
        return IdeaTiming.WORK_HOURS
    if category in (Category.BONDING, Category.CULTURE):
        return IdeaTiming.OFF_HOURS
    return IdeaTiming.ANY
