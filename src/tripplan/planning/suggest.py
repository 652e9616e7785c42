"""Suggestions: concrete activities in real free slots that bring each day closer to its targets.

For each day, in order: bonding where a working day is short of the bonding
share (meals first — a dinner, then a lunch — then other ideas), one cultural
outing for the trip when it needs one (on a multi-city trip, for each stop
long enough; on the day with the most free time), and a rest block where
the day's only long break could still get booked.  The trip's own
``[[ideas]]`` are tried first (each used once), then the bundled catalogue.
Working hours and meal times are those of each day's stop, and each proposal
is made in the zone of its day's stop.  The same trip always gives the same
proposals; where they may go is decided by ``tripplan.planning.slots``.
The planner that places them (:class:`tripplan.planning.proposals.Planner`,
which the balance warnings ask too) and :class:`Suggestion` live in
``tripplan.planning.proposals``; this module runs it over a whole trip.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from tripplan.planning.balance import compute_balance
from tripplan.planning.findings import day_label, quoted, span
from tripplan.planning.proposals import Planner
from tripplan.planning.proposals import Suggestion as Suggestion
from tripplan.planning.timeline import Timeline
from tripplan.trip.model import Trip


def suggest(trip: Trip, *, days: Collection[date] | None = None, today: date | None = None) -> list[Suggestion]:
    """Proposals for the trip's days (only *days* if given; none before *today*), in time order."""
    timeline = Timeline(trip)
    balance = compute_balance(timeline)
    chosen = [d for d in balance.days if (days is None or d.day in days) and (today is None or d.day >= today)]
    planner = Planner(trip, timeline, balance, chosen)
    for day in chosen:
        planner.bonding(day)
    planner.culture()
    for day in chosen:
        planner.rest(day)
    return sorted(planner.found, key=lambda s: (s.start_utc, s.end_utc, s.title))


def describe(suggestion: Suggestion) -> str:
    """One line for people: when, what, where, and why."""
    where = f" at {suggestion.location}" if suggestion.location else ""
    return (f"{day_label(suggestion.day)} {span(suggestion.local_start, suggestion.local_end)}  "
            f"{quoted(suggestion.title)} "
            f"({suggestion.kind.value}){where} — {suggestion.reason}")
