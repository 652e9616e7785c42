"""Small builders for planning tests: trips, events and people in a few lines."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tripplan.time.zones import localize, zone
from tripplan.trip.model import Event, FollowUp, Kind, Objective, Person, Trip, parse_kind

LISBON = zone("Europe/Lisbon")
BERLIN = zone("Europe/Berlin")
NEW_YORK = zone("America/New_York")


def at(day: int, hour: int, minute: int = 0, tz: ZoneInfo = LISBON, month: int = 3, year: int = 2027,
       fold: int = 0) -> datetime:
    """An aware wall time that exists (March 2027 in Lisbon unless told); *fold* picks a repeated hour's pass.

    Compare these with instants (``start_utc``): two of one zone compare by wall time and ignore the fold.
    """
    return localize(datetime(year, month, day, hour, minute), tz, fold)


def utc(moment: datetime) -> datetime:
    """*moment* as a UTC instant, to compare with: an aware time in a repeated hour never equals one of another zone
    (PEP 495), and two of one zone compare by wall time."""
    return moment.astimezone(UTC)


def ev(ident: str, kind: str, start: datetime, end: datetime, **fields: Any) -> Event:
    """An event titled after its id, in the zones of *start* and *end*."""
    return Event.timed(id=ident, title=fields.pop("title", ident.replace("-", " ").title()), kind=parse_kind(kind),
                       start=start, end=end, **fields)


def all_day(ident: str, kind: str, first: date, after: date, tz: ZoneInfo = LISBON, **fields: Any) -> Event:
    """An all-day event from *first* to *after* (exclusive)."""
    return Event.days(id=ident, title=fields.pop("title", ident.replace("-", " ").title()), kind=parse_kind(kind),
                      first=first, end=after, tz=tz, **fields)


def person(ident: str, **fields: Any) -> Person:
    """A person named after their id."""
    return Person(id=ident, name=fields.pop("name", ident.replace("-", " ").title()), **fields)


def make_trip(events: list[Event] | None = None, *, start: date = date(2027, 3, 8), end: date = date(2027, 3, 10),
              tz: ZoneInfo = LISBON, home: ZoneInfo | None = None, people: list[Person] | None = None,
              objectives: list[Objective] | None = None, followups: list[FollowUp] | None = None,
              **fields: Any) -> Trip:
    """A trip (Lisbon, 8–10 March 2027, home = destination unless told) with everyone named in attendees."""
    events = events or []
    known = {p.id for p in people or []}
    extra = [person(i) for e in events for i in e.attendees if i not in known]
    everyone = list(people or []) + list({p.id: p for p in extra}.values())
    return Trip(name="Test trip", timezone=tz, home_timezone=home or tz, start=start, end=end, uid="test",
                people=everyone, objectives=objectives or [], events=events, followups=followups or [], **fields)


def kinds(names: list[str]) -> list[Kind]:
    """Kinds from their names."""
    return [parse_kind(n) for n in names]
