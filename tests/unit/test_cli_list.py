"""``tripplan list``: one line per event or occurrence, filters, JSON; run as a subprocess, as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tripplan.cli.naming import resolve_event
from tripplan.files.storage import read_trip

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "data" / "good" / "small.toml"
LISBON = ROOT / "sample_trips" / "lisbon-client-visit.toml"
BARCELONA = ROOT / "sample_trips" / "barcelona-team-offsite.toml"
ASIA = ROOT / "sample_trips" / "asia-roadshow.toml"


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRIPPLAN_NOW": "2027-03-08T08:00:00+00:00", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "tripplan", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=60, check=False)


def _copy(tmp_path: Path, source: Path = SMALL) -> Path:
    path = tmp_path / "trip.toml"
    shutil.copy(source, path)
    return path


def _lines(*args: str | Path) -> list[str]:
    result = _run("list", *args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.splitlines()


def _doc(*args: str | Path) -> dict[str, Any]:
    result = _run("list", *args, "--json")
    assert result.returncode == 0, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_one_line_per_event_and_occurrence_in_time_order(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    assert _lines(path) == [
        "flight-1  Sun 07 Mar  23:45  Flight New York → Lisbon  flight",
        "standup   Mon 08 Mar  09:30  Stand-up                  meeting, repeats",
        "standup   Tue 09 Mar  09:30  Stand-up                  meeting, repeats",
        "kickoff   Tue 09 Mar  10:00  Kick-off at Acme          meeting",
        "dinner    Tue 09 Mar  19:30  Dinner with Ana           meal",
        "standup   Wed 10 Mar  09:30  Stand-up                  meeting, repeats",
    ]


def test_from_days_kind_and_person_filter(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    assert [line.split()[0] for line in _lines(path, "--from", "tue", "--days", "1")] == [
        "standup", "kickoff", "dinner"]
    assert [line.split()[0] for line in _lines(path, "--from", "2027-03-10")] == ["standup"]
    assert [line.split()[0] for line in _lines(path, "--kind", "meal")] == ["dinner"]
    assert [line.split()[0] for line in _lines(path, "--kind", "dinner,flight")] == ["flight-1", "dinner"]
    assert [line.split()[0] for line in _lines(path, "--person", "ana-ruiz")] == ["kickoff", "dinner"]
    assert len(_lines(path, "--person", "me")) == 6  # the unnamed traveller attends everything
    assert _lines(path, "--from", "day 1", "--days", "1", "--kind", "flight") == ["No events from Mon 08 Mar 2027 "
                                                                                  "to Mon 08 Mar 2027."]


def test_bad_filters_are_refused(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    for args, message in ((["--kind", "party"], "--kind: unknown kind 'party'"),
                          (["--person", "ana-ruis"], "did you mean 'ana-ruiz'?"),
                          (["--from", "someday"], "--from 'someday' is not a day"),
                          (["--days", "0"], "--days 0: give a number of days")):
        result = _run("list", path, *args)
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr, result


def test_json_has_full_ids_instants_with_offsets_and_the_series(tmp_path: Path) -> None:
    doc = _doc(_copy(tmp_path), "--from", "wed")
    assert doc["from"] == doc["to"] == "2027-03-10"
    [standup] = doc["events"]
    assert standup["id"] == "standup" and standup["kind"] == "meeting" and standup["zone"] == "Europe/Lisbon"
    assert standup["start"] == "2027-03-10T09:30:00+00:00" and standup["end"] == "2027-03-10T09:45:00+00:00"
    assert standup["series"] == {"id": "standup", "occurrence": "2027-03-10T09:30:00+00:00"}
    assert standup["name"] == "standup@2027-03-10"
    flight = _doc(_copy(tmp_path), "--kind", "flight")["events"][0]
    assert flight["start"] == "2027-03-07T23:45:00+00:00" and flight["start_zone"] == "America/New_York"
    assert flight["series"] is None


def test_the_names_list_prints_name_the_events(tmp_path: Path) -> None:
    """Every short id and every JSON name of a sample trip resolves to the event (and occurrence) listed."""
    for source in (LISBON, BARCELONA, ASIA):
        path = _copy(tmp_path, source)
        trip, _ = read_trip(path)
        lines = _lines(path)
        items = _doc(path)["events"]
        assert len(lines) == len(items) > 0
        for line, item in zip(lines, items, strict=True):
            assert line.split()[0] == item["short_id"]
            assert resolve_event(trip, item["short_id"]).event.id == item["id"]
            named = resolve_event(trip, item["name"])
            assert named.event.id == item["id"]
            if item["series"]:
                assert named.occurrence is not None and named.occurrence.isoformat() == item["series"]["occurrence"]


def test_a_multi_city_trip_lists_each_time_in_its_stop_zone(tmp_path: Path) -> None:
    path = _copy(tmp_path, ASIA)
    items = _doc(path)["events"]
    zones = {item["zone"] for item in items}
    assert len(zones) > 1
    for item in items:
        start = datetime.fromisoformat(item["start"])
        assert start.utcoffset() == start.astimezone(ZoneInfo(item["zone"])).utcoffset(), item
    first = next(i for i in items if i["title"] == "Renewal review with Merlion Bank")
    assert first["zone"] == "Asia/Singapore" and first["start"] == "2027-06-08T10:00:00+08:00"
    lines = _lines(path)
    assert lines[3].startswith("fb66ddc2  Tue 08 Jun  10:00  Renewal review with Merlion Bank")
    assert lines[3].endswith("  Singapore") and any(line.endswith("  Seoul") for line in lines)
