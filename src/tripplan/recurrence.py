"""Expanding events into occurrences within a time window.

Recurrence rules are expanded in *local wall time* of the event's start zone:
a daily 09:30 stand-up stays at 09:30 on both sides of a DST change, which is
what RFC 5545 asks for and what people expect.  Expansion is always bounded
by the window (normally the trip's dates) and by ``MAX_OCCURRENCES``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tripplan.model import Event
from tripplan.zones import localize

MAX_OCCURRENCES = 5000


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One concrete happening of an event (the event itself, or one repetition)."""

    event: Event
    start: datetime
    end: datetime

    @property
    def recurring(self) -> bool:
        """Whether this occurrence comes from a recurrence rule."""
        return bool(self.event.repeat)


def _bounded_rule(event: Event, until: datetime) -> Any:
    from dateutil.rrule import rrule, rrulestr

    start_wall = event.start.replace(tzinfo=None, fold=0)
    rule = rrulestr(event.repeat.removeprefix("RRULE:"), dtstart=start_wall)
    if not isinstance(rule, rrule):  # validation allows one RRULE only, never a set
        raise ValueError(f"event {event.id}: {event.repeat!r} is not a single RRULE")
    # An open-ended rule (or one with an UNTIL far away) is cut at the window
    # so iteration always stops; COUNT rules cannot also take UNTIL.
    if getattr(rule, "_count", None) is None:
        current = getattr(rule, "_until", None)
        if current is None or current > until:
            rule = rule.replace(until=until)
    return rule


def occurrences(event: Event, lo: datetime, hi: datetime) -> Iterator[Occurrence]:
    """Occurrences of *event* that overlap the half-open window [*lo*, *hi*)."""
    if not event.repeat:
        if event.start < hi and event.end > lo:
            yield Occurrence(event, event.start, event.end)
        return
    start_zone, end_zone = event.start_zone, event.end_zone
    length = event.end - event.start
    hi_wall = hi.astimezone(start_zone).replace(tzinfo=None)
    skipped = {d.replace(tzinfo=None) for d in event.exdates}
    for count, wall in enumerate(_bounded_rule(event, hi_wall)):
        if count >= MAX_OCCURRENCES:
            break
        if wall in skipped:
            continue
        start = localize(wall, start_zone)
        if start >= hi:
            break
        end = (start.astimezone(UTC) + length).astimezone(end_zone)
        if event.all_day:
            end = localize(wall + (event.end.replace(tzinfo=None) - event.start.replace(tzinfo=None)), end_zone)
        if end > lo:
            yield Occurrence(event, start, end)


def expand(events: Iterable[Event], lo: datetime, hi: datetime) -> list[Occurrence]:
    """All occurrences of *events* overlapping [*lo*, *hi*), sorted by start then end."""
    found = [occ for event in events for occ in occurrences(event, lo, hi)]
    found.sort(key=lambda o: (o.start, o.end, o.event.id))
    return found
