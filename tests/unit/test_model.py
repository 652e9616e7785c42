"""The domain model: kinds and categories exactly as PRODUCT.md, ids, zones."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tripplan.model import Category, Event, Kind, Trip, new_id, parse_kind


def test_kind_categories_match_product_table() -> None:
    expected = {
        Category.WORK: {"meeting", "workshop", "presentation"},
        Category.NETWORKING: {"conference", "seminar", "networking-event"},
        Category.BONDING: {"meal", "team-building", "social-outing"},
        Category.CULTURE: {"cultural-outing", "museum", "tour", "local-custom"},
        Category.LOGISTICS: {"flight", "train", "transfer", "check-in"},
        Category.REST: {"free-time", "rest"},
    }
    for category, kinds in expected.items():
        assert {k.value for k in Kind if k.category is category} == kinds


@pytest.mark.parametrize(("text", "kind"), [
    ("meeting", Kind.MEETING), ("Networking event", Kind.NETWORKING_EVENT), ("networking", Kind.NETWORKING_EVENT),
    ("team_building", Kind.TEAM_BUILDING), ("dinner", Kind.MEAL), ("  FREE time ", Kind.FREE_TIME),
    ("check-in", Kind.CHECK_IN),
])
def test_parse_kind_accepts_natural_names(text: str, kind: Kind) -> None:
    assert parse_kind(text) is kind


def test_parse_kind_rejects_unknown_with_list() -> None:
    with pytest.raises(ValueError, match="accepted kinds: meeting"):
        parse_kind("party")


def test_ids_are_unique() -> None:
    ids = {new_id() for _ in range(10_000)}
    assert len(ids) == 10_000


def test_flight_across_zones_has_true_duration() -> None:
    ny, lisbon = ZoneInfo("America/New_York"), ZoneInfo("Europe/Lisbon")
    flight = Event.timed(id="f", title="NY to Lisbon", kind=Kind.FLIGHT,
                   start=datetime(2027, 3, 7, 18, 45, tzinfo=ny), end=datetime(2027, 3, 8, 6, 30, tzinfo=lisbon))
    assert flight.start_zone.key == "America/New_York"
    assert flight.end_zone.key == "Europe/Lisbon"
    assert flight.duration.total_seconds() == 6.75 * 3600  # 18:45 EST = 23:45 UTC; 06:30 WET = 06:30 UTC
    assert flight.category is Category.LOGISTICS


def test_trip_days_inclusive() -> None:
    trip = Trip(name="t", timezone=ZoneInfo("UTC"), home_timezone=ZoneInfo("UTC"),
                start=date(2027, 3, 8), end=date(2027, 3, 12))
    assert trip.days == [date(2027, 3, d) for d in range(8, 13)]
