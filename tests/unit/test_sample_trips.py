"""The bundled sample trips load cleanly, are in canonical form, and show every concept."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, time
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tripplan.files.encode import dumps
from tripplan.files.storage import read_trip
from tripplan.trip.model import Kind, ObjectiveStatus, Role, Trip

FILES = sorted(SAMPLES.glob("*.toml"))


def _load_all() -> list[Trip]:
    return [read_trip(path)[0] for path in FILES]


def test_the_sample_trips_exist() -> None:
    # Three finished plans, one first draft that shows what the checks catch, and a multi-city roadshow.
    assert [p.name for p in FILES] == ["asia-roadshow.toml", "barcelona-team-offsite.toml",
                                       "frankfurt-board-prep-draft.toml", "lisbon-client-visit.toml",
                                       "tokyo-conference-week.toml"]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_sample_is_valid_and_canonical(path: Path) -> None:
    trip, _ = read_trip(path)
    assert trip.start.year == 2027
    # Saving it unchanged must not change a byte: the samples diff cleanly after edits.
    assert dumps(trip) == path.read_text(encoding="utf-8")


def test_samples_cover_every_concept() -> None:
    trips = _load_all()
    events = [e for t in trips for e in t.events]
    people = [p for t in trips for p in t.people]
    assert {e.kind for e in events} == set(Kind)
    assert {p.role for p in people} == set(Role)
    assert {o.status for t in trips for o in t.objectives} == set(ObjectiveStatus)
    assert any(e.start_zone != e.end_zone for e in events), "a flight across zones"
    assert any(e.repeat for e in events), "a recurring event"
    assert any(e.exdates for e in events), "a recurrence exception"
    assert any(e.all_day for e in events), "an all-day event"
    assert any(e.reminders for e in events) and any(e.objective for e in events)
    assert any(p.log for p in people) and any(p.interests for p in people) and any(p.met_at for p in people)
    assert all(t.followups for t in trips) and any(f.done for t in trips for f in t.followups)
    assert all(t.start.year == 2027 for t in trips)
    assert all(t.culture for t in trips)
    assert all(e.id.count("-") == 4 and len(e.id) == 36 for e in events), "event ids are UUIDs"
    assert len({e.id for e in events}) == len(events)


def test_the_roadshow_shows_stops_the_traveller_and_the_team() -> None:
    trip = read_trip(SAMPLES / "asia-roadshow.toml")[0]
    zones = {s.tz.key for s in trip.stops}
    assert len(trip.stops) >= 3 and len(zones) >= 3, "at least three cities in three zones"
    assert trip.me is not None and trip.me.email
    teammates = [p for p in trip.people if p.travels]
    assert teammates and all(p.home_tz not in (None, trip.home_timezone) for p in teammates)
    assert any(not trip.attends(e, trip.me.id) for e in trip.events), "an event I organize but do not attend"
    assert any(e.travellers is None for e in trip.events), "events every traveller attends"
    teammate = teammates[0].id
    assert any(trip.attends(e, trip.me.id) and not trip.attends(e, teammate) for e in trip.events)
    # A day of a move belongs to the next stop, and a leg between stops keeps its own zones.
    legs = [e for e in trip.events if e.tz is not e.end_tz and trip.stop_on(e.first_day).tz is e.end_tz]
    assert legs, "a flight between two stops, on the day of the move"
    assert any(s.working_hours for s in trip.stops) and any(s.meals for s in trip.stops)
    assert all(s.culture for s in trip.stops)


def test_tokyo_has_a_large_zone_jump() -> None:
    tokyo = read_trip(SAMPLES / "tokyo-conference-week.toml")[0]
    day = tokyo.start
    noon = datetime.combine(day, time(12), tokyo.timezone)
    here, home = noon.utcoffset(), noon.astimezone(tokyo.home_timezone).utcoffset()
    assert here is not None and home is not None
    assert abs((here - home).total_seconds()) >= 5 * 3600


def test_readme_run_command_trip_prints_agenda() -> None:
    run = subprocess.run([sys.executable, "-m", "tripplan", "today", str(SAMPLES / "lisbon-client-visit.toml"),
                          "--date", "2027-03-09"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[2].startswith("Tue 9 Mar 2027 · day 2 of 5")
    assert "home]" in run.stdout
