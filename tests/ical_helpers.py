"""Shared helpers for the calendar tests: the trips to export, the trip's own occurrences, a normaliser."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from tests.conftest import DATA, SAMPLES
from tripplan.ical.export import event_uid
from tripplan.model import Trip
from tripplan.recurrence import expand
from tripplan.storage import read_trip

FROZEN = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
ICS = DATA / "ics"


def trip_files() -> list[Path]:
    """Every sample trip, the small test trip and the edge-case trip: what the interop tests export."""
    return [*sorted(SAMPLES.glob("*.toml")), DATA / "good" / "small.toml", ICS / "edge.toml"]


def ids(paths: list[Path]) -> list[str]:
    """Readable pytest ids for trip files."""
    return [p.stem for p in paths]


def load(path: Path) -> Trip:
    """A trip file, loaded."""
    return read_trip(path)[0]


def window(trip: Trip) -> tuple[datetime, datetime]:
    """The trip's days in destination time: where the agenda (and so the export) repeats events."""
    tz = trip.timezone
    return (datetime.combine(trip.start, time(0), tz), datetime.combine(trip.end + timedelta(days=1), time(0), tz))


def wide(trip: Trip) -> tuple[datetime, datetime]:
    """A window well around the trip and every event in it, for readers to expand in."""
    lo, hi = window(trip)
    starts = [e.start for e in trip.events] or [lo]
    ends = [e.end for e in trip.events] or [hi]
    return min([lo, *starts]) - timedelta(days=2), max([hi, *ends]) + timedelta(days=30)


Instant = tuple[str, datetime, datetime]


def occurrences(trip: Trip, people: set[str] | None = None) -> set[Instant]:
    """(UID, start, end) in UTC of every occurrence the trip shows: one-off events, repetitions within the trip.

    With *people*, only events one of those person ids attends.
    """
    lo, hi = window(trip)
    chosen = [e for e in trip.events if people is None or people & set(e.attendees)]
    found = {(event_uid(trip, e.id), e.start.astimezone(UTC), e.end.astimezone(UTC))
             for e in chosen if not e.repeat}
    found |= {(event_uid(trip, o.event.id), o.start.astimezone(UTC), o.end.astimezone(UTC))
              for o in expand([e for e in chosen if e.repeat], lo, hi)}
    return found


def unfold(text: str) -> list[str]:
    """Logical content lines of iCalendar text."""
    lines: list[str] = []
    for raw in text.split("\r\n"):
        if raw.startswith(" ") and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    return lines


def normalise(text: str) -> tuple[object, ...]:
    """An order-insensitive form of iCalendar text: each component as (name, sorted lines, sorted children)."""
    stack: list[tuple[str, list[str], list[tuple[object, ...]]]] = [("", [], [])]
    for line in unfold(text):
        if line.startswith("BEGIN:"):
            stack.append((line[6:], [], []))
        elif line.startswith("END:"):
            name, props, children = stack.pop()
            stack[-1][2].append((name, tuple(sorted(props)), tuple(sorted(children, key=repr))))
        else:
            stack[-1][1].append(line)
    return tuple(sorted(stack[0][2], key=repr))
