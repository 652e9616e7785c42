"""The command line: new, add, person add, today, agenda — behaviour, output and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA
from tripplan.cli.main import COMMANDS, main
from tripplan.files.storage import read_trip


def tripplan(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run([sys.executable, "-m", "tripplan", *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})


@pytest.fixture
def trip_file(tmp_path: Path) -> Path:
    path = tmp_path / "lisbon.toml"
    run = tripplan("new", str(path), "--name", "Lisbon client visit", "--tz", "Europe/Lisbon",
                   "--home-tz", "America/New_York", "--start", "2027-03-08", "--end", "2027-03-12")
    assert run.returncode == 0, run.stderr
    return path


def test_new_creates_a_valid_trip(trip_file: Path) -> None:
    trip, _ = read_trip(trip_file)
    assert trip.name == "Lisbon client visit"
    assert trip.timezone.key == "Europe/Lisbon" and trip.home_timezone.key == "America/New_York"
    assert trip.destination == "Lisbon"
    assert len(trip.days) == 5


@pytest.mark.parametrize(("args", "message"), [
    (["--tz", "Europe/Lisbonn"], "--tz: unknown time zone 'Europe/Lisbonn'"),
    (["--home-tz", "EST 5"], "--home-tz: unknown time zone"),
    (["--start", "2027-03-20"], "--end 2027-03-12 is before --start 2027-03-20"),
    (["--end", "12 March"], "--end '12 March' is not a date"),
])
def test_new_rejects_bad_input(tmp_path: Path, args: list[str], message: str) -> None:
    base = {"--name": "T", "--tz": "Europe/Lisbon", "--home-tz": "America/New_York", "--start": "2027-03-08",
            "--end": "2027-03-12"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    path = tmp_path / "t.toml"
    run = tripplan("new", str(path), *[x for kv in base.items() for x in kv])
    assert run.returncode == 2
    assert message in run.stderr and "Traceback" not in run.stderr
    assert not path.exists()


def test_new_refuses_existing_file(trip_file: Path) -> None:
    before = trip_file.read_bytes()
    run = tripplan("new", str(trip_file), "--name", "X", "--tz", "UTC", "--home-tz", "UTC", "--start",
                   "2027-01-01", "--end", "2027-01-02")
    assert run.returncode == 2 and "already exists" in run.stderr
    assert trip_file.read_bytes() == before


def test_person_add_and_event_add_flow(trip_file: Path) -> None:
    run = tripplan("person", "add", str(trip_file), "ana-ruiz", "--name", "Ana Ruiz", "--email",
                   "ana@acme.example", "--org", "Acme", "--role", "client", "--interests", "jazz, running",
                   "--notes", "ran the marathon")
    assert run.returncode == 0, run.stderr
    run = tripplan("add", str(trip_file), "Dinner with Ana", "--kind", "meal", "--at", "tue 19:30",
                   "--until", "22:00", "--where", "Taberna da Rua", "--with", "ana-ruiz", "--remind", "1h,15m",
                   "--notes", "window table")
    assert run.returncode == 0, run.stderr
    assert "Added 'Dinner with Ana' (meal) Tue 09 Mar 19:30–22:00" in run.stdout
    run = tripplan("add", str(trip_file), "Stand-up", "--kind", "meeting", "--at", "day 1 09:30", "--for", "15m",
                   "--repeat", "FREQ=DAILY")
    assert run.returncode == 0, run.stderr
    trip, _ = read_trip(trip_file)
    ana = trip.person("ana-ruiz")
    assert ana is not None and ana.interests == ["jazz", "running"] and ana.role.value == "client"
    dinner = next(e for e in trip.events if e.title == "Dinner with Ana")
    assert (dinner.local_start.hour, dinner.local_start.minute, dinner.local_end.hour) == (19, 30, 22)
    assert dinner.local_start.date().isoformat() == "2027-03-09"
    assert dinner.attendees == ("ana-ruiz",) and dinner.location == "Taberna da Rua"
    assert [int(r.before.total_seconds() // 60) for r in dinner.reminders] == [60, 15]
    assert (trip_file.parent / "lisbon.toml.bak").exists()

    today = tripplan("today", str(trip_file), "--date", "2027-03-09")
    assert today.returncode == 0, today.stderr
    lines = today.stdout.splitlines()
    assert any(line.startswith("Tue 9 Mar 2027 · day 2 of 5") for line in lines)
    assert any("19:30–22:00" in line and "Dinner with Ana" in line and "[Tue 14:30–17:00 home]" in line
               for line in lines)
    assert any("at Taberna da Rua" in line for line in lines)
    assert any("with Ana Ruiz (client, Acme)" in line for line in lines)
    assert sum("Stand-up" in line for line in lines) == 1


def test_add_flight_across_zones(trip_file: Path) -> None:
    run = tripplan("add", str(trip_file), "TP 202 New York → Lisbon", "--kind", "flight", "--tz",
                   "America/New_York", "--end-tz", "Europe/Lisbon", "--at", "2027-03-07 18:45",
                   "--until", "2027-03-08 06:30")
    assert run.returncode == 1  # outside the trip's dates: added, with a warning
    assert "outside the trip" in run.stderr
    trip, _ = read_trip(trip_file)
    flight = trip.events[0]
    assert flight.start_zone.key == "America/New_York" and flight.end_zone.key == "Europe/Lisbon"
    assert flight.duration.total_seconds() == 6.75 * 3600


@pytest.mark.parametrize(("args", "message"), [
    (["--kind", "party", "--at", "tue 10:00"], "--kind: unknown kind 'party'"),
    (["--kind", "meeting", "--at", "someday"], "'someday'"),
    (["--kind", "meeting", "--at", "tue 10:00", "--with", "bob"], "--with: 'bob' is no person"),
    (["--kind", "meeting", "--at", "tue 10:00", "--for", "forever"], "'forever'"),
    (["--kind", "meeting", "--at", "tue 10:00", "--repeat", "FREQ=OFTEN"], "not a valid RRULE"),
    (["--kind", "meeting", "--at", "tue 10:00", "--tz", "Mars/Base"], "--tz: unknown time zone"),
    (["--kind", "meeting", "--at", "tue 10:00", "--until", "09:00 yesterday"], ""),
])
def test_add_rejects_bad_input_and_keeps_file(trip_file: Path, args: list[str], message: str) -> None:
    before = trip_file.read_bytes()
    run = tripplan("add", str(trip_file), "Meeting", *args)
    assert run.returncode == 2, run.stdout
    assert message in run.stderr and "Traceback" not in run.stderr
    assert trip_file.read_bytes() == before


def test_add_refuses_when_file_changed_meanwhile(trip_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tripplan.files import storage

    real = storage.save_trip

    def edited_by_someone_else(trip, path, stamp):  # type: ignore[no-untyped-def]
        Path(path).write_text(Path(path).read_text() + "\n# edited in vim\n")
        return real(trip, path, stamp)

    monkeypatch.setattr("tripplan.files.storage.save_trip", edited_by_someone_else)
    code = main(["add", str(trip_file), "Lunch", "--kind", "meal", "--at", "tue 13:00"])
    assert code == 2
    assert trip_file.read_text().endswith("# edited in vim\n")


def test_today_json_and_now_next(tmp_path: Path) -> None:
    trip = tmp_path / "small.toml"
    trip.write_bytes((DATA / "good" / "small.toml").read_bytes())
    run = tripplan("today", str(trip), "--json", env={"TRIPPLAN_NOW": "2027-03-09T10:30:00+00:00"})
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    day = doc["days"][0]
    assert day["date"] == "2027-03-09" and day["weekday"] == "Tue" and day["is_today"]
    assert [(e["title"], e["status"]) for e in day["events"]] == [
        ("Stand-up", "done"), ("Kick-off at Acme", "now"), ("Dinner with Ana", "next")]
    kickoff = day["events"][1]
    assert kickoff["start"] == "2027-03-09T10:00:00+00:00" and kickoff["start_home"] == "2027-03-09T05:00:00-05:00"
    assert kickoff["attendees"] == [{"id": "ana-ruiz", "name": "Ana Ruiz", "role": "client", "org": "Acme",
                                     "status": "needs-action", "answered": None}]
    text = tripplan("today", str(trip), env={"TRIPPLAN_NOW": "2027-03-09T10:30:00+00:00"}).stdout
    assert "▶ now  10:00–11:30" in text and "→ next 19:30–22:00" in text
    assert "now: Tue 10:30 WET here · Tue 05:30 EST home" in text


def test_agenda_markdown_and_text(tmp_path: Path) -> None:
    trip = tmp_path / "small.toml"
    trip.write_bytes((DATA / "good" / "small.toml").read_bytes())
    md = tripplan("agenda", str(trip), "--from", "2027-03-07", "--days", "2", "--format", "md")
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# Small Lisbon trip\n")
    assert "## Sun 7 Mar 2027 · outside the trip" in md.stdout
    assert "## Mon 8 Mar 2027 · day 1 of 3" in md.stdout
    assert "- **23:45–Mon 06:30** Flight New York → Lisbon — flight" in md.stdout
    full = tripplan("agenda", str(trip))
    assert full.returncode == 0
    assert full.stdout.count("Stand-up") == 3  # the daily stand-up, on each of the three days
    assert "leaves Sun 18:45 EST (America/New_York) · arrives Mon 06:30 WET (Europe/Lisbon)" in full.stdout


def test_open_file_without_a_terminal_prints_the_agenda(tmp_path: Path) -> None:
    # In a terminal 'tripplan FILE' opens the TUI (tests/tui); piped, it prints the agenda instead.
    trip = tmp_path / "small.toml"
    trip.write_bytes((DATA / "good" / "small.toml").read_bytes())
    run = tripplan(str(trip))
    assert run.returncode == 0 and "Kick-off at Acme" in run.stdout


def test_open_broken_file_without_a_terminal_lists_located_errors(tmp_path: Path) -> None:
    trip = tmp_path / "broken.toml"
    original = (DATA / "bad" / "bad_role.toml").read_bytes()
    trip.write_bytes(original)
    run = tripplan(str(trip))
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert f"{trip}:" in run.stderr and "role" in run.stderr
    assert trip.read_bytes() == original


def test_no_arguments_without_a_terminal_prints_help() -> None:
    run = tripplan()
    assert run.returncode == 0 and "usage: tripplan" in run.stdout


@pytest.mark.parametrize("args", [["today", "x.toml", "--date", "someday"], ["agenda", "x.toml", "--days", "0"],
                                  ["today", "x.toml", "--date", "day 9"]])
def test_road_commands_reject_bad_options(tmp_path: Path, args: list[str]) -> None:
    trip = tmp_path / "x.toml"
    trip.write_bytes((DATA / "good" / "small.toml").read_bytes())
    run = tripplan(args[0], str(trip), *args[2:])
    assert run.returncode == 2 and run.stderr.startswith("tripplan: ") and "Traceback" not in run.stderr


def test_missing_file_is_bad_input(tmp_path: Path) -> None:
    run = tripplan("today", str(tmp_path / "nope.toml"))
    assert run.returncode == 2 and "nope.toml: no such file" in run.stderr


@pytest.mark.parametrize("command", [[], *([c] for c in sorted(COMMANDS - {"person"})), ["person"],
                                     ["person", "add"]])
def test_help_on_every_command(command: list[str]) -> None:
    run = tripplan(*command, "--help")
    assert run.returncode == 0 and "usage: tripplan" in run.stdout


def test_departure_day_shows_the_flight_as_next(tmp_path: Path) -> None:
    trip = tmp_path / "small.toml"
    trip.write_bytes((DATA / "good" / "small.toml").read_bytes())
    # Sunday 17:00 in New York: the flight leaves at 18:45 EST, already Monday in Lisbon.
    env = {"TRIPPLAN_NOW": "2027-03-07T22:00:00+00:00"}
    text = tripplan("today", str(trip), env=env).stdout
    assert "next: Sun 7 Mar 23:45–Mon 06:30" not in text  # it *is* on Sunday, destination time
    doc = json.loads(tripplan("today", str(trip), "--json", env=env).stdout)
    assert [e["status"] for e in doc["days"][0]["events"]] == ["next"]
    env = {"TRIPPLAN_NOW": "2027-03-06T22:00:00+00:00"}  # Saturday evening: nothing that day
    text = tripplan("today", str(trip), env=env).stdout
    assert "nothing planned" in text
    assert "next: Sun 7 Mar 23:45–Mon 06:30  → Flight New York → Lisbon" in text
    doc = json.loads(tripplan("today", str(trip), "--json", env=env).stdout)
    assert doc["upcoming"]["id"] == "flight-1"


def test_all_day_event_has_no_home_time_in_json(tmp_path: Path) -> None:
    trip = tmp_path / "t.toml"
    trip.write_text((DATA / "good" / "small.toml").read_text() + (
        '\n[[events]]\nid = "museum"\ntitle = "Museum day"\nkind = "museum"\nstart = 2027-03-10\nend = 2027-03-11\n'))
    doc = json.loads(tripplan("today", str(trip), "--date", "2027-03-10", "--json").stdout)
    museum = next(e for e in doc["days"][0]["events"] if e["id"] == "museum")
    assert museum["all_day"] and museum["start_home"] is None and museum["end_home"] is None
    text = tripplan("today", str(trip), "--date", "2027-03-10").stdout
    assert "all day" in text and "Museum day" in text
