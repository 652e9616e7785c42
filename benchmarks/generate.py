"""Deterministic generated trips for benchmarks (no randomness between runs)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tripplan.trip.model import Event, Kind, Person, Role, Trip
from tripplan.files.encode import dumps
from tripplan.time.zones import zone

START = date(2027, 3, 22)  # a week with the European DST change (Sun 28 Mar)


def make_trip(events: int, days: int = 7, people: int = 200, seed: int = 2027) -> Trip:
    """A conference-week trip with *events* events spread over *days* days, in Europe/Berlin."""
    rng = random.Random(seed)
    berlin = zone("Europe/Berlin")
    persons = [Person(id=f"p{i:04d}", name=f"Person {i}", email=f"p{i}@example.com",
                      org=f"Org {i % 37}", role=rng.choice(list(Role)), interests=["jazz", "hiking"][: i % 3])
               for i in range(people)]
    kinds = list(Kind)
    trip_events = []
    for i in range(events):
        day = START + timedelta(days=i % days)
        start = datetime(day.year, day.month, day.day, rng.randrange(7, 21), rng.choice((0, 15, 30, 45)),
                         tzinfo=berlin)
        if start.replace(tzinfo=None) != start.astimezone(berlin).replace(tzinfo=None):
            start = start + timedelta(hours=1)
        length = timedelta(minutes=rng.choice((30, 45, 60, 90, 120)))
        trip_events.append(Event.timed(
            id=f"{seed}-{i:06d}@bench.tripplan", title=f"Session {i}: {rng.choice(('AI', 'Cloud', 'Sales', 'Ops'))}",
            kind=rng.choice(kinds), start=start, end=start.astimezone(UTC) + length, tz=berlin,
            location=f"Hall {rng.randrange(1, 30)}",
            attendees=[p.id for p in rng.sample(persons, k=rng.randrange(0, 4))],
            notes="Generated session" if i % 5 == 0 else "",
        ))
    return Trip(name=f"Benchmark conference ({events} events)", timezone=berlin,
                home_timezone=zone("America/New_York"), start=START, end=START + timedelta(days=days - 1),
                uid=f"bench-{events}", destination="Berlin", people=persons, events=trip_events)


def write_trip(folder: Path, events: int) -> Path:
    """Write the generated trip of *events* events into *folder* and return its path."""
    path = folder / f"bench-{events}.toml"
    path.write_text(dumps(make_trip(events)), encoding="utf-8")
    return path
