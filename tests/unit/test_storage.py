"""Trip files: deterministic writing, atomic saves with backup, conflict detection."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tripplan.errors import ConflictError, TripFileError
from tripplan.files import storage
from tripplan.files.encode import dumps
from tripplan.files.storage import backup_path, locate, parse_trip, read_trip, save_trip
from tripplan.trip.model import Event, FollowUp, Kind, LogEntry, Objective, Person, Reminder, Role, Trip

LISBON, NY = ZoneInfo("Europe/Lisbon"), ZoneInfo("America/New_York")


def make_trip() -> Trip:
    ana = Person(id="ana-ruiz", name="Ana Ruiz", email="ana@acme.example", org="Acme", role=Role.CLIENT,
                 interests=["jazz", "running"], notes='Says "obrigada" — two kids',
                 log=[LogEntry(date(2027, 1, 20), "Call about pricing\nworried about timeline")])
    events = [
        Event.timed(id="d", title="Dinner", kind=Kind.MEAL, start=datetime(2027, 3, 9, 19, 30, tzinfo=LISBON),
              end=datetime(2027, 3, 9, 22, 0, tzinfo=LISBON), attendees=["ana-ruiz"], objective="trust",
              reminders=[Reminder(timedelta(hours=1)), Reminder(timedelta(minutes=15))], location="Alfama"),
        Event.timed(id="f", title="Flight", kind=Kind.FLIGHT, start=datetime(2027, 3, 7, 18, 45, tzinfo=NY),
              end=datetime(2027, 3, 8, 6, 30, tzinfo=LISBON)),
        Event.timed(id="a", title="Museum", kind=Kind.MUSEUM, start=datetime(2027, 3, 11, tzinfo=LISBON),
              end=datetime(2027, 3, 12, tzinfo=LISBON), all_day=True),
    ]
    return Trip(name="Lisbon client visit", timezone=LISBON, home_timezone=NY, start=date(2027, 3, 8),
                end=date(2027, 3, 12), uid="trip-1", destination="Lisbon", culture={"tipping": "5-10 %"},
                people=[ana], objectives=[Objective(id="trust", title="Win Ana's trust", people=["ana-ruiz"])],
                events=events, followups=[FollowUp(id="fu1", person="ana-ruiz", what="Send plan",
                                                   due=date(2027, 3, 15), event="d")])


def test_round_trip_and_canonical_order(tmp_path: Path) -> None:
    path = tmp_path / "trip.toml"
    trip = make_trip()
    save_trip(trip, path, None)
    loaded, _ = read_trip(path)
    assert [e.id for e in loaded.events] == ["f", "d", "a"]  # sorted by start instant
    trip.events.sort(key=lambda e: e.start_utc)
    assert loaded == trip
    assert loaded.events[0].tz == NY and loaded.events[0].end_tz == LISBON


def test_writing_is_deterministic(tmp_path: Path) -> None:
    first, second = make_trip(), make_trip()
    second.events.reverse()  # construction order does not matter
    assert dumps(first) == dumps(second)
    path = tmp_path / "trip.toml"
    save_trip(first, path, None)
    loaded, stamp = read_trip(path)
    before = path.read_bytes()
    save_trip(loaded, path, stamp)
    assert path.read_bytes() == before


def test_save_keeps_backup_and_refuses_foreign_change(tmp_path: Path) -> None:
    path = tmp_path / "trip.toml"
    save_trip(make_trip(), path, None)
    original = path.read_bytes()
    trip, stamp = read_trip(path)
    trip.name = "Renamed"
    stamp = save_trip(trip, path, stamp)
    assert backup_path(path).read_bytes() == original
    assert b'name = "Renamed"' in path.read_bytes()
    # Another program edits the file: our next save must not clobber it.
    edited = path.read_bytes().replace(b"Renamed", b"Edited elsewhere")
    path.write_bytes(edited)
    trip.name = "Ours"
    with pytest.raises(ConflictError, match="changed by another program"):
        save_trip(trip, path, stamp)
    assert path.read_bytes() == edited


def test_new_file_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "trip.toml"
    path.write_text("precious")
    with pytest.raises(ConflictError, match="already exists"):
        save_trip(make_trip(), path, None)
    assert path.read_text() == "precious"


def test_no_temp_files_left_and_mode_kept(tmp_path: Path) -> None:
    path = tmp_path / "trip.toml"
    save_trip(make_trip(), path, None)
    os.chmod(path, 0o640)
    trip, stamp = read_trip(path)
    save_trip(trip, path, stamp)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trip.toml", "trip.toml.bak"]
    assert path.stat().st_mode & 0o777 == 0o640


def test_failed_write_leaves_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "trip.toml"
    save_trip(make_trip(), path, None)
    before = path.read_bytes()
    trip, stamp = read_trip(path)
    trip.name = "Half written"

    def boom(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(storage.os, "fsync", boom)
    with pytest.raises(OSError, match="disk full"):
        save_trip(trip, path, stamp)
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_uses_compiled_fast_parser() -> None:
    assert storage.toml_parser().__name__ == "tomli"


def test_locate_finds_lines() -> None:
    text = dumps(make_trip())
    lines = text.splitlines()
    line = locate(text, "events[1].title")
    assert line is not None and lines[line - 1] == 'title = "Dinner"'
    line = locate(text, "trip.timezone")
    assert line is not None and lines[line - 1].startswith("timezone =")
    assert locate(text, "events[9].title") is None


def test_error_lists_every_problem_with_lines() -> None:
    text = dumps(make_trip()).replace('kind = "meal"', 'kind = "feast"').replace('"Europe/Lisbon"', '"Europe/Lisb"', 1)
    with pytest.raises(TripFileError) as caught:
        parse_trip(text.encode(), "trip.toml")
    rendered = caught.value.render().splitlines()
    assert any(r.startswith("trip.toml:") and "trip.timezone: unknown time zone 'Europe/Lisb'" in r for r in rendered)
    assert any("events[1].kind: unknown kind 'feast'" in r for r in rendered)
