"""Natural dates on the road (today --date, agenda --from/--date), add without --kind, and --until before --at."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tripplan.files.storage import read_trip

# Tuesday 9 March 2027, 10:00 in Lisbon; the trip runs Mon 8 to Fri 12 March.
NOW = "2027-03-09T10:00:00+00:00"


def tripplan(*args: str, now: str = NOW, stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tripplan", *args], capture_output=True, text=True, timeout=60,
                          stdin=stdin, env={**os.environ, "TRIPPLAN_NOW": now})


@pytest.fixture(scope="module")
def empty_trip(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("new") / "lisbon.toml"
    run = tripplan("new", str(path), "--name", "Lisbon client visit", "--tz", "Europe/Lisbon",
                   "--home-tz", "America/New_York", "--start", "2027-03-08", "--end", "2027-03-12")
    assert run.returncode == 0, run.stderr
    return path.read_bytes()


@pytest.fixture
def trip_file(tmp_path: Path, empty_trip: bytes) -> Path:
    path = tmp_path / "lisbon.toml"
    path.write_bytes(empty_trip)
    return path


def _today(trip: Path, date: str, now: str = NOW) -> str:
    run = tripplan("today", str(trip), "--date", date, "--json", now=now)
    assert run.returncode == 0, run.stderr
    days = json.loads(run.stdout)["days"]
    assert len(days) == 1
    return str(days[0]["date"])


# The forms of before (ISO, today, tomorrow, yesterday, day N) beside the new ones, so each run checks them all.
TODAY_FORMS = [("tue", "2027-03-09"), ("Wednesday", "2027-03-10"), ("thurs", "2027-03-11"), ("mon", "2027-03-08"),
               ("  FRI ", "2027-03-12"), ("11 mar", "2027-03-11"), ("tomorrow", "2027-03-10"),
               ("yesterday", "2027-03-08"), ("today", "2027-03-09"), ("day 3", "2027-03-10"),
               ("2027-03-11", "2027-03-11")]


def test_today_takes_the_days_add_at_takes(trip_file: Path) -> None:
    assert [(date, _today(trip_file, date)) for date, _ in TODAY_FORMS] == TODAY_FORMS


def test_a_weekday_is_the_first_one_from_today_on_then_the_first_of_the_trip(trip_file: Path) -> None:
    thursday = "2027-03-11T10:00:00+00:00"
    assert _today(trip_file, "fri", now=thursday) == "2027-03-12"
    assert _today(trip_file, "tue", now=thursday) == "2027-03-09"  # no Tuesday left: the trip's
    # Before the trip, from its first day on (as add --at reads it).
    assert _today(trip_file, "wed", now="2027-02-01T10:00:00+00:00") == "2027-03-10"


def test_today_date_names_the_day_an_add_at_weekday_names(trip_file: Path) -> None:
    added = tripplan("add", str(trip_file), "Client visit", "--kind", "meeting", "--at", "thu 10:00")
    assert added.returncode == 0, added.stderr
    run = tripplan("today", str(trip_file), "--date", "thu")
    assert run.returncode == 0, run.stderr
    assert "Thu 11 Mar 2027" in run.stdout and "Client visit" in run.stdout


@pytest.mark.parametrize("option", ["--from", "--date"])
def test_agenda_from_takes_the_same_days(trip_file: Path, option: str) -> None:
    wanted = [("wed", "2027-03-10"), ("tomorrow", "2027-03-10"), ("day 4", "2027-03-11"), ("2027-03-12", "2027-03-12")]
    found = []
    for date, _ in wanted:
        run = tripplan("agenda", str(trip_file), option, date, "--days", "1", "--format", "json")
        assert run.returncode == 0, run.stderr
        found.append((date, *(d["date"] for d in json.loads(run.stdout)["days"])))
    assert found == wanted


@pytest.mark.parametrize("command", [["today", "--date"], ["agenda", "--from"], ["agenda", "--date"]])
def test_a_bad_day_is_one_line_naming_it_exit_2(trip_file: Path, command: list[str]) -> None:
    for date in ("someday", "tue 10:00", "32 mar", "day 9"):
        run = tripplan(command[0], str(trip_file), command[1], date)
        assert run.returncode == 2 and run.stdout == "", date
        assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.stderr
        assert f"{command[1] if command[0] == 'today' else '--from'} {date!r}" in run.stderr  # --date is --from
        if date in ("someday", "tue 10:00"):
            # The forms accepted, as in --at.
            assert all(form in run.stderr for form in ("tue", "tomorrow", "day N", "YYYY-MM-DD")), run.stderr


def _events(path: Path) -> list[tuple[str, str]]:
    trip, _ = read_trip(path)
    return [(e.title, e.kind.value) for e in trip.events]


@pytest.mark.parametrize(("title", "kind"), [("Dinner with Ana", "meal"), ("Jantar no Bairro Alto", "meal"),
                                             ("Flight TP 202 to Porto", "flight"), ("Taxi to the hotel", "transfer"),
                                             ("Abendessen mit Kunden", "meal")])
def test_add_guesses_a_clear_kind_from_the_title(trip_file: Path, title: str, kind: str) -> None:
    run = tripplan("add", str(trip_file), title, "--at", "tue 19:30")
    assert run.returncode == 0, run.stderr
    assert f"kind: {kind} (guessed from the title; --kind to choose)" in run.stdout
    assert _events(trip_file) == [(title, kind)]


def test_add_with_kind_takes_it_without_the_title_it_guesses(trip_file: Path) -> None:
    run = tripplan("add", str(trip_file), "Dinner with Ana", "--kind", "networking", "--at", "tue 19:30")
    assert run.returncode == 0, run.stderr
    assert "guessed" not in run.stdout
    guessed = tripplan("add", str(trip_file), "Dinner with Bo", "--at", "wed 19:30")
    assert guessed.returncode == 0, guessed.stderr
    assert _events(trip_file) == [("Dinner with Ana", "networking-event"), ("Dinner with Bo", "meal")]


@pytest.mark.parametrize("title", ["Ana", "Dinner after the workshop"])
def test_add_refuses_an_unclear_title_without_kind_in_a_script(trip_file: Path, title: str) -> None:
    before = trip_file.read_bytes()
    run = tripplan("add", str(trip_file), title, "--at", "tue 19:30")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "--kind" in run.stderr and "meeting, workshop, presentation" in run.stderr and "check-in" in run.stderr
    assert trip_file.read_bytes() == before


def test_add_asks_for_the_kind_on_a_terminal(trip_file: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "tripplan", "add", str(trip_file), "Ana", "--at", "tue 9:00"],
                                stdin=follower, stdout=follower, stderr=subprocess.PIPE,
                                env={**os.environ, "TRIPPLAN_NOW": NOW})
        os.write(leader, b"meeting\n")  # the terminal keeps it until the question is asked
        assert proc.wait(timeout=60) == 0, proc.stderr.read() if proc.stderr else ""
        shown = b""
        while b"Added" not in shown:
            shown += os.read(leader, 4096)
    finally:
        os.close(leader)
        os.close(follower)
        if proc.stderr:
            proc.stderr.close()
    assert b"What kind of event is 'Ana'?" in shown and b"meeting, workshop" in shown
    assert _events(trip_file) == [("Ana", "meeting")]


@pytest.mark.parametrize(("until", "hint"), [("18:00", "--until 'wed 18:00'"), ("tue 18:00", "--until 'wed 18:00'"),
                                             ("19:30", "--until 'wed 19:30'"), ("6pm", "--until 'wed 18:00'")])
def test_until_before_or_at_the_start_is_refused_with_the_next_day_form(trip_file: Path, until: str,
                                                                          hint: str) -> None:
    before = trip_file.read_bytes()
    run = tripplan("add", str(trip_file), "Dinner", "--kind", "meal", "--at", "tue 19:30", "--until", until)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert "ends before it starts" in run.stderr and f"to end the next day write {hint}" in run.stderr
    assert trip_file.read_bytes() == before


def test_until_hint_gives_the_date_when_the_weekday_would_name_another_week(tmp_path: Path) -> None:
    path = tmp_path / "long.toml"
    assert tripplan("new", str(path), "--name", "Long", "--tz", "Europe/Lisbon", "--home-tz", "Europe/Lisbon",
                    "--start", "2027-03-08", "--end", "2027-03-21").returncode == 0
    # The second Tuesday; 'wed' would read as the first week's Wednesday (today is Tue 9).
    run = tripplan("add", str(path), "Dinner", "--kind", "meal", "--at", "2027-03-16 19:30", "--until", "18:00")
    assert run.returncode == 2 and "--until '2027-03-17 18:00'" in run.stderr


@pytest.mark.parametrize(("until", "end", "early"), [("wed 01:00", "2027-03-10 01:00", "01:00"),
                                                     ("22:00", "2027-03-09 22:00", "18:00"),
                                                     ("midnight", "2027-03-10 00:00", "7pm")])
def test_until_a_later_day_is_taken_and_an_earlier_hour_refused(trip_file: Path, until: str, end: str,
                                                                 early: str) -> None:
    run = tripplan("add", str(trip_file), "Dinner", "--kind", "meal", "--at", "tue 19:30", "--until", until)
    assert run.returncode == 0, run.stderr
    trip, _ = read_trip(trip_file)
    assert f"{trip.events[0].local_end:%Y-%m-%d %H:%M}" == end
    # An hour before the start, without its day, ends before the start: refused, with the form that works.
    refused = tripplan("add", str(trip_file), "Dinner", "--kind", "meal", "--at", "tue 19:30", "--until", early)
    assert refused.returncode == 2 and "to end the next day write --until 'wed " in refused.stderr
