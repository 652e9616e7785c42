"""Shared helpers for the calendar tests: the trips to export, the trip's own occurrences, a normaliser."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.conftest import DATA, SAMPLES
from tripplan.files.storage import read_trip
from tripplan.ical.contentlines import unfold_lines
from tripplan.ical.export import calendar_uids, export_uid, recurrence_ids
from tripplan.ical.importer import import_calendar
from tripplan.time.zones import day_start, zone
from tripplan.trip.model import Event, Trip
from tripplan.trip.recurrence import expand

FROZEN = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
ICS = DATA / "ics"
# A calendar with every import/export case of issue 13, imported into a Lisbon trip (see imported_trip).
ISSUE13 = ICS / "issue13.ics"


def trip_files() -> list[Path]:
    """What the interop tests export: every sample trip, the small, edge-case and time-edge trips, and a trip
    made by importing ``issue13.ics`` (import → export → read back by other programs)."""
    return [*sorted(SAMPLES.glob("*.toml")), DATA / "good" / "small.toml", ICS / "edge.toml",
            DATA / "good" / "time_edges.toml", ISSUE13]


def ids(paths: list[Path]) -> list[str]:
    """Readable pytest ids for trip files."""
    return [p.stem for p in paths]


def imported_trip(path: Path, tz: str = "Europe/Lisbon", start: date = date(2027, 3, 12),
                  end: date = date(2027, 11, 2), skipped: int = 0) -> Trip:
    """An empty trip with the calendar *path* imported into it (*skipped* events left out, no more)."""
    trip = Trip(name=f"Imported {path.stem}", timezone=zone(tz), home_timezone=zone("America/New_York"),
                start=start, end=end, uid=f"imported-{path.stem}")
    report = import_calendar(trip, path.read_bytes())
    assert len(report.skipped) == skipped, report.skipped
    return trip


def load(path: Path) -> Trip:
    """A trip file, loaded (a calendar file: imported into a trip, see :func:`imported_trip`)."""
    if path.suffix == ".ics":
        return imported_trip(path)
    return read_trip(path)[0]


def window(trip: Trip) -> tuple[datetime, datetime]:
    """The trip's days in destination time."""
    tz = trip.timezone
    return day_start(trip.start, tz), day_start(trip.end + timedelta(days=1), tz)


def wide_days(trip: Trip) -> tuple[date, date]:
    """Days well around the trip and every one-off event in it (first, last), for readers to expand in.

    Series are not exported cut at the trip's end (nor from their start in 2010): what every reader finds
    within these days is compared.
    """
    singles = [e for e in trip.events if not e.repeat]
    first = min([trip.start, *(e.first_day for e in singles)]) - timedelta(days=2)
    last = max([trip.end, *(e.end_day for e in singles)]) + timedelta(days=30)
    return first, last


def wide(trip: Trip) -> tuple[datetime, datetime]:
    """:func:`wide_days` as instants (destination midnights)."""
    first, last = wide_days(trip)
    return day_start(first, trip.timezone), day_start(last + timedelta(days=1), trip.timezone)


Instant = tuple[str, datetime, datetime]


def occurrences(trip: Trip, people: set[str] | None = None) -> set[Instant]:
    """(UID, start, end) in UTC of every occurrence the trip has within :func:`wide`.

    With *people*, only events one of those person ids is invited to (an invite: each event with its own
    UID; see :func:`invited_ids`); without, the UIDs of the whole-trip export (a changed occurrence: its series').
    """
    return {instant for instant, _ in occurrences_with_events(trip, people)}


def invited_ids(trip: Trip, event: Event) -> set[str]:
    """Who gets an invite for *event*: everyone at it (its attendees and the travelling teammates attending)
    but the traveller ("me"), who sends them."""
    me = trip.me
    return {pid for pid in trip.party(event) if me is None or pid != me.id}


def occurrences_with_events(trip: Trip, people: set[str] | None = None) -> list[tuple[Instant, Event]]:
    """:func:`occurrences`, each with the trip event it is an occurrence of (a changed one: the override)."""
    lo, hi = wide(trip)
    chosen = [e for e in trip.events if people is None or people & invited_ids(trip, e)]
    uids = calendar_uids(trip, trip.events) if people is None else {e.id: export_uid(trip, e) for e in chosen}
    return [((uids[o.event.id], o.start_utc, o.end_utc), o.event) for o in expand(chosen, lo, hi)]


def event_of(trip: Trip, uid: str) -> Event:
    """The trip's event with iCalendar UID *uid* (of a series and its changed occurrences: the series)."""
    uids = calendar_uids(trip, trip.events)
    found = [e for e in trip.events if uids[e.id] == uid or export_uid(trip, e) == uid]
    return next((e for e in found if e.id not in recurrence_ids(trip.events)), found[0])


def vevent_of(cal: Any, trip: Trip, event: Event) -> Any:
    """The VEVENT the whole-trip export *cal* wrote for *event*: by UID, and RECURRENCE-ID for an override."""
    uid, override = calendar_uids(trip, trip.events)[event.id], event.id in recurrence_ids(trip.events)
    return next(v for v in cal.walk("VEVENT") if str(v["UID"]) == uid and ("RECURRENCE-ID" in v) == override)


def local_days(event: Event, start: datetime, end: datetime) -> tuple[date, date]:
    """The first and the exclusive last date of an all-day occurrence (instants *start*, *end*), in its own zone."""
    return start.astimezone(event.tz).date(), end.astimezone(event.tz).date()


def unfold(text: str) -> list[str]:
    """Logical content lines of iCalendar text we wrote (CRLF lines, read strictly), empty lines left out."""
    return [line for _, line in unfold_lines(text.split("\r\n"), strict=True)[0] if line]


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
