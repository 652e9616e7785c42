"""The traveller and the team on the command line: ``person add --me/--travels``, ``person set``,
``add --travellers/--without-me`` and one person's plan with ``agenda/today --person`` (issue 15).

Every command runs in a fresh process; a refusal exits 2 with a message and leaves the file as it was.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.roadshow import LISBON, refused, tripplan, write
from tripplan.files.storage import read_trip


def _roles(path: Path) -> dict[str, tuple[bool, bool, str | None]]:
    trip, _ = read_trip(path)
    return {p.id: (p.me, p.travels, p.home_tz.key if p.home_tz else None) for p in trip.people}


# --- person add ------------------------------------------------------------------------------------


def test_person_add_me_and_a_travelling_teammate(tmp_path: Path) -> None:
    path = write(tmp_path, LISBON)
    run = tripplan("person", "add", str(path), "sam", "--name", "Sam Lee", "--email", "sam@example.com", "--me")
    assert run.returncode == 0, run.stderr
    assert "the traveller (me)" in run.stdout
    run = tripplan("person", "add", str(path), "bo", "--name", "Bo Chen", "--travels", "--home-tz", "Asia/Tokyo")
    assert run.returncode == 0, run.stderr
    assert "travelling, home Asia/Tokyo" in run.stdout
    # The traveller's own home is the trip's: saying so again is fine, and not written twice.
    run = tripplan("person", "add", str(path), "ana", "--name", "Ana", "--travels")
    assert run.returncode == 0, run.stderr
    assert _roles(path) == {"sam": (True, False, None), "bo": (False, True, "Asia/Tokyo"), "ana": (False, True, None)}
    assert read_trip(path)[0].home_of("ana").key == "America/New_York"


@pytest.mark.parametrize(("args", "words"), [
    (["kim", "--name", "Kim", "--me"], ["Sam Lee ('sam') is already the traveller (me)",
                                        "tripplan person set", "sam --not-me"]),
    (["kim", "--name", "Kim", "--home-tz", "Asia/Tokyo"], ["--home-tz", "add --travels"]),
    (["kim", "--name", "Kim", "--travels", "--home-tz", "Asia/Tokio"], ["unknown time zone 'Asia/Tokio'",
                                                                       "did you mean 'Asia/Tokyo'?"]),
    (["sam", "--name", "Sam again"], ["already a person with id 'sam'", "person set"]),
    (["kim", "--name", "Kim", "--me", "--travels"], ["not allowed with argument"]),
])
def test_person_add_refusals(tmp_path: Path, args: list[str], words: list[str]) -> None:
    path = write(tmp_path, LISBON)
    assert tripplan("person", "add", str(path), "sam", "--name", "Sam Lee", "--me").returncode == 0
    before = path.read_bytes()
    refused(tripplan("person", "add", str(path), *args), path, before, *words)


def test_me_with_another_home_zone_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = write(tmp_path, LISBON)
    before = path.read_bytes()
    refused(tripplan("person", "add", str(path), "sam", "--name", "Sam", "--me", "--home-tz", "Europe/Paris"),
            path, before, "the traveller's home zone is the trip's (America/New_York)", "leave --home-tz out")
    run = tripplan("person", "add", str(path), "sam", "--name", "Sam", "--me", "--home-tz", "America/New_York")
    assert run.returncode == 0, run.stderr
    assert _roles(path) == {"sam": (True, False, None)}


# --- person set ------------------------------------------------------------------------------------


def test_person_set_moves_me_and_travel(tmp_path: Path) -> None:
    path = write(tmp_path)
    before = path.read_bytes()
    refused(tripplan("person", "set", str(path), "bo", "--me"), path, before, "already the traveller",
            f"tripplan person set {path} sam --not-me")
    # Sam is named in an event's travellers: not travelling any more would break it.
    refused(tripplan("person", "set", str(path), "sam", "--not-me"), path, before, "'Sam solo'",
            "keep them travelling (--travels)")
    assert tripplan("person", "set", str(path), "sam", "--not-me", "--travels").returncode == 0
    run = tripplan("person", "set", str(path), "bo", "--me")
    assert run.returncode == 2 and "the traveller's home zone is the trip's" in run.stderr
    assert "--no-home-tz" in run.stderr
    run = tripplan("person", "set", str(path), "bo", "--me", "--no-home-tz")
    assert run.returncode == 0, run.stderr
    assert _roles(path) == {"sam": (False, True, None), "bo": (True, False, None), "kim": (False, False, None)}


def test_person_set_travels_and_home_zone(tmp_path: Path) -> None:
    path = write(tmp_path)
    run = tripplan("person", "set", str(path), "kim", "--travels", "--home-tz", "Asia/Seoul")
    assert run.returncode == 0, run.stderr
    assert _roles(path)["kim"] == (False, True, "Asia/Seoul")
    run = tripplan("person", "set", str(path), "kim", "--no-travels")
    assert run.returncode == 0, run.stderr
    assert "home zone (Asia/Seoul) is dropped" in run.stderr
    assert _roles(path)["kim"] == (False, False, None)
    before = path.read_bytes()
    refused(tripplan("person", "set", str(path), "bo", "--no-travels"), path, before, "Bo's dinner")
    refused(tripplan("person", "set", str(path), "kimm", "--travels"), path, before, "did you mean 'kim'?")
    refused(tripplan("person", "set", str(path), "kim"), path, before, "say what to change")


# --- add --travellers / --without-me ----------------------------------------------------------------


def test_add_names_the_travellers_who_attend(tmp_path: Path) -> None:
    path = write(tmp_path)
    run = tripplan("add", str(path), "Bo's demo", "--kind", "presentation", "--at", "2027-05-12 15:00",
                   "--travellers", "bo")
    assert run.returncode == 0, run.stderr
    assert "for Bo Chen" in run.stdout
    run = tripplan("add", str(path), "Team dinner I organize", "--kind", "meal", "--at", "2027-05-12 19:00",
                   "--without-me", "--with", "kim")
    assert run.returncode == 0, run.stderr
    trip, _ = read_trip(path)
    found = {e.title: e.travellers for e in trip.events}
    assert found["Bo's demo"] == ("bo",) and found["Team dinner I organize"] == ("bo",)
    dinner = next(e for e in trip.events if e.title == "Team dinner I organize")
    assert not trip.attends(dinner, "sam") and trip.attends(dinner, "kim")


@pytest.mark.parametrize(("args", "words"), [
    (["--travellers", "kim"], ["Kim Park ('kim') does not travel", "--with", "person set"]),
    (["--travellers", "bob"], ["'bob' is no person", "did you mean 'bo'?"]),
    (["--travellers", " , "], ["give the ids of the travellers"]),
    (["--travellers", "bo", "--without-me"], ["not allowed with argument"]),
])
def test_add_traveller_refusals(tmp_path: Path, args: list[str], words: list[str]) -> None:
    path = write(tmp_path)
    before = path.read_bytes()
    refused(tripplan("add", str(path), "X", "--kind", "meeting", "--at", "2027-05-12 10:00", *args), path, before,
            *words)


def test_without_me_needs_a_me(tmp_path: Path) -> None:
    path = write(tmp_path, LISBON)
    before = path.read_bytes()
    refused(tripplan("add", str(path), "X", "--kind", "meal", "--at", "tue 19:00", "--without-me"), path, before,
            "--without-me: the trip names nobody as you", "--me")


# --- one person's plan ----------------------------------------------------------------------------------


def _titles(doc: dict[str, object]) -> list[str]:
    return [e["title"] for d in doc["days"] for e in d["events"]]  # type: ignore[attr-defined,index]


def test_agenda_person_shows_only_what_they_attend(tmp_path: Path) -> None:
    path = write(tmp_path)
    everyone = ["Kick-off", "Tokyo lunch", "Kim's call", "Sam solo", "Bo's dinner"]
    assert _titles(json.loads(tripplan("agenda", str(path), "--format", "json").stdout)) == everyone
    bo = json.loads(tripplan("agenda", str(path), "--person", "bo", "--format", "json").stdout)
    assert _titles(bo) == ["Kick-off", "Tokyo lunch", "Bo's dinner"]
    assert bo["person"] == {"id": "bo", "name": "Bo Chen", "traveller": True, "me": False}
    assert bo["home_timezone"] == "America/New_York"
    lunch = bo["days"][4]["events"][0]
    assert lunch["start_local"] == "2027-05-14T12:00:00+09:00"  # the day's city
    assert lunch["start_home"] == "2027-05-13T23:00:00-04:00"  # Bo's home, not the trip's
    assert lunch["travellers"] == ["sam", "bo"]
    sam = json.loads(tripplan("agenda", str(path), "--person", "me", "--format", "json").stdout)
    assert _titles(sam) == ["Kick-off", "Tokyo lunch", "Sam solo"] and sam["person"]["me"]
    assert sam["days"][4]["events"][0]["start_home"] == "2027-05-14T04:00:00+01:00"  # the trip's home
    kim = json.loads(tripplan("agenda", str(path), "--person", "kim", "--format", "json").stdout)
    assert _titles(kim) == ["Kick-off", "Kim's call", "Bo's dinner"]  # a client: the events they are invited to


def test_agenda_and_today_person_in_text_and_markdown(tmp_path: Path) -> None:
    path = write(tmp_path)
    text = tripplan("agenda", str(path), "--person", "bo").stdout
    assert text.startswith("Roadshow, Bo Chen's plan — each day in its city's time")
    assert "home time in brackets (America/New_York)" in text and "Sam solo" not in text
    md = tripplan("agenda", str(path), "--person", "sam", "--format", "md").stdout
    assert md.startswith("# Roadshow, your plan\n") and "Bo's dinner" not in md
    env = {"TRIPPLAN_NOW": "2027-05-17T09:00:00+00:00"}  # 18:00 in Seoul
    today = tripplan("today", str(path), "--person", "bo", env=env)
    assert today.returncode == 0, today.stderr
    assert "→ next 19:00–21:00" in today.stdout and "Sam solo" not in today.stdout
    assert "now: Mon 18:00 KST here · Mon 05:00 EDT home" in today.stdout  # Bo's home clock
    doc = json.loads(tripplan("today", str(path), "--person", "sam", "--json", env=env).stdout)
    assert _titles(doc) == ["Sam solo"] and doc["days"][0]["events"][0]["status"] == "done"


def test_unknown_person_lists_the_ids(tmp_path: Path) -> None:
    path = write(tmp_path)
    for command in (["today", str(path), "--person", "nobody"], ["agenda", str(path), "--person", "nobody",
                                                                 "--format", "json"]):
        run = tripplan(*command)
        assert run.returncode == 2 and "Traceback" not in run.stderr
        assert "--person 'nobody' is no one in this trip; the people: sam (you), bo, kim" in run.stderr


def test_today_person_stays_on_the_fast_path(tmp_path: Path) -> None:
    path = write(tmp_path)
    code = ("import sys, io, contextlib, json\nfrom tripplan.cli.main import main\n"
            f"args = ['today', {str(path)!r}, '--date', '2027-05-17', '--person', 'bo']\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n    assert main(args) == 0\n"
            "print(json.dumps([sorted(sys.modules), out.getvalue()]))")
    for _ in range(2):  # the first builds the day index, the second is served by it
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
        modules, output = json.loads(done.stdout)
        assert "Bo's dinner" in output and "Sam solo" not in output
    # Cached: no TOML parser, no model — the person filter reads the index alone.
    assert not {"tomli", "tripplan.trip.model", "tripplan.files.storage"} & set(modules)


@pytest.mark.parametrize("command", [["person", "add"], ["person", "set"], ["stop"], ["stop", "add"],
                                     ["stop", "list"], ["stop", "rm"], ["add"], ["today"], ["agenda"]])
def test_help_of_each_new_command_shows_an_example(command: list[str]) -> None:
    run = tripplan(*command, "--help")
    assert run.returncode == 0 and "examples:" in run.stdout
    assert f"tripplan {command[0]}" in run.stdout.split("examples:", 1)[1]


def test_day_index_rows_say_who_attends_as_the_model_does(tmp_path: Path) -> None:
    from tripplan.road.dayindex import build_index

    trip, _ = read_trip(write(tmp_path))
    rows = {row[9]: row for day in build_index(trip)["days"].values() for row in day}
    assert {e.id: tuple(trip.travellers_at(e)) for e in trip.events} == {i: row[13] for i, row in rows.items()}
    assert rows["kims-call"][13] == () and rows["solo"][13] == ("sam",) and rows["lunch"][13] == ("sam", "bo")
