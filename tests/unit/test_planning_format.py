"""The planning parts of a trip file: read, validated, and written only when they differ from the defaults."""

from __future__ import annotations

from datetime import time

import pytest

from tests.conftest import DATA
from tripplan.errors import TripFileError
from tripplan.files.encode import dumps
from tripplan.files.storage import parse_trip
from tripplan.trip.model import DayWindow, IdeaTiming, Kind, MealTimes, Targets

HEAD = """schema_version = 1

[trip]
name = "T"
timezone = "Europe/Lisbon"
home_timezone = "America/New_York"
start = 2027-03-08
end = 2027-03-10
"""

FULL = HEAD + """
[trip.day_window]
start = "06:30"
end = "24:00"

[trip.meals]
lunch = "13:00–14:30"
dinner = "20:00-22:30"

[trip.targets]
bonding_share = 0.2
work_hours_max = 9.5
rest_minutes_min = 90
culture_min_days = 0
followup_days_after = 5
travel_minutes_default = 20
jet_lag_hours = 6

[[travel_times]]
from = "Acme HQ"
to = "Ramiro"
minutes = 25

[[ideas]]
title = "Fado night"
kind = "local custom"
minutes = 150
location = "Alfama"
notes = "Silence while they sing."
when = "off-hours"

[[ideas]]
title = "Team dinner"
kind = "dinner"
"""


def test_planning_sections_are_read() -> None:
    trip = parse_trip(FULL.encode(), "t.toml")
    assert trip.day_window == DayWindow(time(6, 30), time(0))
    assert trip.meals == MealTimes(time(13), time(14, 30), time(20), time(22, 30))
    assert trip.targets == Targets(0.2, 9.5, 90, 0, 5, 20, 6.0)
    assert [(t.origin, t.destination, t.minutes) for t in trip.travel_times] == [("Acme HQ", "Ramiro", 25)]
    assert [(i.title, i.kind, i.minutes, i.when) for i in trip.ideas] == [
        ("Fado night", Kind.LOCAL_CUSTOM, 150, IdeaTiming.OFF_HOURS), ("Team dinner", Kind.MEAL, 60, IdeaTiming.AUTO)]


def test_defaults_when_absent_and_not_written() -> None:
    trip = parse_trip(HEAD.encode(), "t.toml")
    assert (trip.day_window, trip.meals, trip.targets, trip.travel_times, trip.ideas) == (
        DayWindow(), MealTimes(), Targets(), [], [])
    text = dumps(trip)
    for key in ("day_window", "meals", "targets", "travel_times", "ideas"):
        assert key not in text


def test_written_back_canonically() -> None:
    trip = parse_trip(FULL.encode(), "t.toml")
    text = dumps(trip)
    assert 'end = "24:00"' in text and 'lunch = "13:00-14:30"' in text
    assert "work_hours_max = 9.5" in text and "jet_lag_hours = 6\n" in text  # whole numbers without ".0"
    assert 'kind = "local-custom"' in text and 'kind = "meal"' in text
    assert "minutes = 60" not in text and 'when = "auto"' not in text  # defaults are left out
    assert parse_trip(text.encode(), "t.toml") == trip


def test_only_changed_targets_are_written() -> None:
    trip = parse_trip((HEAD + "\n[trip.targets]\nwork_hours_max = 10\nrest_minutes_min = 45\n").encode(), "t.toml")
    text = dumps(trip)
    assert "[trip.targets]\nrest_minutes_min = 45\n" in text and "work_hours_max" not in text


@pytest.mark.parametrize(("extra", "message"), [
    ('[trip.day_window]\nstart = "7:00"\n', "trip.day_window.start: '7:00' is not a time like '07:00'"),
    ('[trip.day_window]\nstart = "24:00"\n', "trip.day_window.start: '24:00' is not a time like '07:00'"),
    ('[trip.day_window]\nend = "24:30"\n', "trip.day_window.end: '24:30' is not a time like '23:00'"),
    ('[trip.day_window]\nstart = "08:00"\nend = "08:00"\n', "ends (08:00) before or when it starts (08:00)"),
    ("[trip.day_window]\nstart = 7\n", "trip.day_window.start: 7 is not a time"),
    ("[trip.targets]\nbonding_share = nan\n", "trip.targets.bonding_share: expected a share from 0 to 1"),
    ("[trip.targets]\njet_lag_hours = -1\n", "trip.targets.jet_lag_hours: expected a number of hours from 0 to 26"),
    ("[trip]\n", "TOML syntax error"),
    ('[[ideas]]\ntitle = " "\nkind = "meal"\n', "ideas[0].title: must not be empty"),
    ('[[ideas]]\ntitle = "Swim"\nkind = "meal"\nminutes = 1000\n', "ideas[0].minutes: expected 5 to 720 minutes"),
    ('[[travel_times]]\nfrom = "A"\nto = "B"\nminutes = 2000\n', "travel_times[0].minutes: expected 0 to 1440"),
    ('travel_times = "A to B"\n',
     "t.toml:1: travel_times: expected an array of tables ([[travel_times]]), found a string"),
])
def test_bad_planning_values_are_located_errors(extra: str, message: str) -> None:
    # A bare key must come before [trip] to be top-level; tables can follow it.
    text = extra + HEAD if not extra.startswith("[") else HEAD + "\n" + extra
    with pytest.raises(TripFileError) as info:
        parse_trip(text.encode(), "t.toml")
    assert message in info.value.render()


def test_bad_file_corpus_has_planning_cases() -> None:
    assert len(sorted((DATA / "bad").glob("planning_*.toml"))) >= 5
