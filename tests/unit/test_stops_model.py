"""Stops and travellers in the model and the trip file: which day is where, and who attends what.

Instants are compared in UTC; each case names the wall time and zone it means.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tripplan.files.encode import dumps
from tripplan.files.storage import parse_trip
from tripplan.time.zones import zone
from tripplan.trip.model import YOU

ROADSHOW = """schema_version = 1
[trip]
name = "Roadshow"
home_timezone = "Europe/London"
start = 2027-05-10
end = 2027-05-18

[[people]]
id = "me"
name = "Sam"
email = "sam@example.com"
me = true

[[people]]
id = "bo"
name = "Bo"
travels = true
home_timezone = "America/New_York"

[[people]]
id = "kim"
name = "Kim"

[[stops]]
city = "Singapore"
timezone = "Asia/Singapore"
from = 2027-05-10

[[stops]]
city = "Tokyo"
timezone = "Asia/Tokyo"
from = 2027-05-13

[[stops]]
city = "Honolulu"
timezone = "Pacific/Honolulu"
from = 2027-05-16

[[events]]
id = "lunch"
title = "Lunch in Tokyo"
kind = "meal"
start = 2027-05-14T12:00:00
end = 2027-05-14T13:00:00

[[events]]
id = "sg-call"
title = "Call in Singapore time"
kind = "meeting"
start = 2027-05-14T09:00:00
end = 2027-05-14T09:30:00
tz = "Asia/Singapore"
travellers = ["bo"]

[[events]]
id = "flight"
title = "Flight SIN-HND"
kind = "flight"
start = 2027-05-13T08:00:00
end = 2027-05-13T16:00:00
tz = "Asia/Singapore"
end_tz = "Asia/Tokyo"

[[events]]
id = "guests"
title = "Dinner for Kim"
kind = "meal"
start = 2027-05-11T19:00:00
end = 2027-05-11T21:00:00
attendees = ["kim"]
travellers = []
"""


@pytest.fixture
def trip():  # type: ignore[no-untyped-def]
    return parse_trip(ROADSHOW.encode(), "roadshow.toml")


def test_an_event_without_a_zone_is_in_the_zone_of_its_days_stop(trip) -> None:  # type: ignore[no-untyped-def]
    lunch = trip.event("lunch")
    assert lunch.tz.key == "Asia/Tokyo"
    assert lunch.start_utc == datetime(2027, 5, 14, 3, 0, tzinfo=UTC)  # 12:00 JST
    call = trip.event("sg-call")
    assert call.start_utc == datetime(2027, 5, 14, 1, 0, tzinfo=UTC)  # 09:00 SGT, on a Tokyo day
    assert trip.timezone.key == "Asia/Singapore"  # the first stop's


def test_the_file_writes_a_zone_only_where_it_differs_from_the_days(trip) -> None:  # type: ignore[no-untyped-def]
    text = dumps(trip)
    blocks = {b.split('id = "')[1].split('"')[0]: b for b in text.split("[[events]]")[1:]}
    assert "tz =" not in blocks["lunch"]
    assert 'tz = "Asia/Singapore"' in blocks["sg-call"]
    # The flight leaves Singapore on the 13th, a Tokyo day (they sleep in Tokyo): its start zone is written.
    assert 'tz = "Asia/Singapore"' in blocks["flight"]
    assert 'end_tz = "Asia/Tokyo"' in blocks["flight"]
    again = parse_trip(text.encode(), "again.toml")
    assert sorted(again.events, key=lambda e: e.id) == sorted(trip.events, key=lambda e: e.id)
    assert again.stop_list == trip.stop_list
    assert dumps(again) == text


def test_the_day_of_a_move_belongs_to_the_next_stop(trip) -> None:  # type: ignore[no-untyped-def]
    assert [s.city for s in trip.stops] == ["Singapore", "Tokyo", "Honolulu"]
    assert [(s.first, s.last) for s in trip.stops] == [
        (date(2027, 5, 10), date(2027, 5, 12)), (date(2027, 5, 13), date(2027, 5, 15)),
        (date(2027, 5, 16), date(2027, 5, 18))]
    assert trip.zone_on(date(2027, 5, 12)).key == "Asia/Singapore"
    assert trip.zone_on(date(2027, 5, 13)).key == "Asia/Tokyo"
    assert trip.zone_on(date(2027, 5, 1)).key == "Asia/Singapore"  # before the trip: its first stop
    assert trip.zone_on(date(2027, 6, 1)).key == "Pacific/Honolulu"
    assert trip.multi_city


def test_the_instant_a_stop_begins_is_midnight_of_its_first_day_in_its_zone(trip) -> None:  # type: ignore[no-untyped-def]
    tokyo_midnight = datetime(2027, 5, 12, 15, 0, tzinfo=UTC)  # 00:00 JST on the 13th = 23:00 SGT on the 12th
    assert trip.stop_at(tokyo_midnight).city == "Tokyo"  # going east: the hour both claim is the next stop's
    assert trip.stop_at(datetime(2027, 5, 12, 14, 59, tzinfo=UTC)).city == "Singapore"
    assert trip.day_of(tokyo_midnight) == date(2027, 5, 13)
    # Going west (Tokyo → Honolulu, 19 h behind): the hours neither claims stay with Tokyo.
    honolulu_midnight = datetime(2027, 5, 16, 10, 0, tzinfo=UTC)
    assert trip.stop_at(honolulu_midnight - datetime.resolution).city == "Tokyo"
    assert trip.stop_at(honolulu_midnight).city == "Honolulu"
    assert trip.day_of(honolulu_midnight - datetime.resolution) == date(2027, 5, 16)  # 18:59 JST


def test_who_attends(trip) -> None:  # type: ignore[no-untyped-def]
    assert trip.me.id == "me"
    assert trip.traveller_ids == ["me", "bo"]
    assert trip.travellers_at(trip.event("lunch")) == ["me", "bo"]  # lists none: every traveller
    assert trip.travellers_at(trip.event("sg-call")) == ["bo"]  # not attended by me
    assert not trip.attends(trip.event("sg-call"), "me")
    assert trip.travellers_at(trip.event("guests")) == []  # organized for a guest, no traveller there
    assert trip.party(trip.event("guests")) == ["kim"]
    assert trip.home_of("bo").key == "America/New_York"
    assert trip.home_of("me").key == "Europe/London"


def test_a_one_destination_trip_is_one_stop_and_its_file_is_unchanged() -> None:
    sample = Path(__file__).parents[2] / "sample_trips" / "lisbon-client-visit.toml"
    data = sample.read_bytes()
    trip = parse_trip(data, sample.name)
    assert trip.stop_list == []
    assert [(s.tz.key, s.first, s.last) for s in trip.stops] == [(trip.timezone.key, trip.start, trip.end)]
    assert trip.traveller_ids == [YOU]  # the traveller exists before the file names them
    assert all(trip.travellers_at(e) == [YOU] for e in trip.events)
    assert dumps(trip).encode() == data


def test_a_stop_can_have_its_own_working_day_and_meals() -> None:
    text = ROADSHOW.replace('from = 2027-05-13\n', 'from = 2027-05-13\nworking_hours = { start = "10:00", end = '
                            '"19:00" }\nmeals = { lunch = "11:30-13:00" }\nculture = { greeting = "a bow" }\n', 1)
    trip = parse_trip(text.encode(), "t.toml")
    tokyo, singapore = date(2027, 5, 14), date(2027, 5, 11)
    assert (trip.working_hours_on(tokyo).start.hour, trip.working_hours_on(singapore).start.hour) == (10, 9)
    assert trip.meals_on(tokyo).lunch_start.minute == 30
    assert trip.meals_on(singapore) == trip.meals
    assert trip.culture_on(tokyo) == {"greeting": "a bow"} and trip.culture_on(singapore) == {}
    assert parse_trip(dumps(trip).encode(), "t.toml").stop_list == trip.stop_list


def test_custom_zone_names_work_for_stops() -> None:
    text = ROADSHOW.replace('home_timezone = "Europe/London"',
                            'home_timezone = "Europe/London"\nzones = { "Office Time" = "OFC-9" }').replace(
        'timezone = "Asia/Tokyo"', 'timezone = "Office Time"')
    trip = parse_trip(text.encode(), "t.toml")
    assert trip.event("lunch").start_utc == datetime(2027, 5, 14, 3, 0, tzinfo=UTC)
    assert trip.zone_on(date(2027, 5, 14)) is not zone("Asia/Tokyo")
