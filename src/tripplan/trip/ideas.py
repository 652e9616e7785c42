"""Activity ideas a trip keeps for the suggestion planner, and when in the day each may be proposed.

Part of the trip model (:mod:`tripplan.trip.model` re-exports every name).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tripplan.trip.kinds import Kind


class IdeaTiming(StrEnum):
    """When in the day an activity idea may be proposed."""

    AUTO = "auto"
    ANY = "any"
    MEAL = "meal"
    WORK_HOURS = "work-hours"
    OFF_HOURS = "off-hours"


@dataclass
class Idea:
    """An activity the organiser would like to fit in; ``tripplan suggest`` tries these first."""

    title: str
    kind: Kind
    minutes: int = 60
    location: str = ""
    notes: str = ""
    when: IdeaTiming = IdeaTiming.AUTO
