"""The domain model: kinds and categories exactly as PRODUCT.md, ids, zones."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tripplan.trip.model import Category, Event, Kind, Trip, new_id, parse_kind


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


def test_an_event_is_an_immutable_value_of_instants() -> None:
    import dataclasses
    from datetime import UTC, timedelta

    berlin, lisbon = ZoneInfo("Europe/Berlin"), ZoneInfo("Europe/Lisbon")
    # The same instants written in another zone (and as UTC) make the same value.
    a = Event(id="x", title="t", kind=Kind.MEETING, start_utc=datetime(2027, 3, 9, 10, tzinfo=berlin),
              end_utc=datetime(2027, 3, 9, 11, tzinfo=berlin), tz=berlin, end_tz=berlin, attendees=["p"])
    b = Event(id="x", title="t", kind=Kind.MEETING, start_utc=datetime(2027, 3, 9, 9, tzinfo=UTC),
              end_utc=datetime(2027, 3, 9, 9, tzinfo=lisbon) + timedelta(hours=1), tz=berlin, end_tz=berlin,
              attendees=("p",))
    assert a == b and hash(a) == hash(b) and a.start_utc.tzinfo is UTC
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.title = "changed"  # type: ignore[misc]


def test_the_second_pass_of_a_repeated_hour_is_its_own_instant() -> None:
    from datetime import timedelta

    lisbon = ZoneInfo("Europe/Lisbon")
    first = Event.timed(id="x", title="t", kind=Kind.MEETING, start=datetime(2027, 10, 31, 1, 30, tzinfo=lisbon),
                        end=datetime(2027, 10, 31, 1, 30, fold=1, tzinfo=lisbon))
    # Python's same-zone subtraction would say 0 minutes; the model measures the hour that passes.
    assert first.duration == timedelta(hours=1)
    assert (first.local_start.fold, first.local_end.fold) == (0, 1)
    assert first.local_start.tzname() == "WEST" and first.local_end.tzname() == "WET"


def test_an_all_day_event_on_a_day_without_midnight_starts_when_the_day_does() -> None:
    havana = ZoneInfo("America/Havana")
    holiday = Event.days(id="h", title="Holiday", kind=Kind.FREE_TIME, first=date(2027, 3, 14),
                         end=date(2027, 3, 15), tz=havana)
    assert holiday.local_start.isoformat() == "2027-03-14T01:00:00-04:00"
    assert (holiday.first_day, holiday.end_day) == (date(2027, 3, 14), date(2027, 3, 15))
    assert holiday.duration.total_seconds() == 23 * 3600
