"""The planning commands: balance, check, suggest, objectives, brief, followups, person log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.unit.plan_helpers import at, ev, make_trip, person
from tripplan.cli.main import main
from tripplan.files.encode import dumps
from tripplan.files.storage import read_trip
from tripplan.trip.model import FollowUp, LogEntry, Objective, Role, Trip

NOW = "2027-03-09T07:00:00+00:00"
COMMANDS = ["balance", "check", "suggest", "objectives", "brief", "followups"]


def sample_trip() -> Trip:
    ana = person("ana-ruiz", name="Ana Ruiz", org="Acme", role=Role.CLIENT, interests=["jazz"],
                 log=[LogEntry(date(2027, 2, 1), "First call.")])
    events = [ev("flight", "flight", at(7, 18), at(8, 6, 30), location="JFK"),
              ev("kickoff-1", "meeting", at(8, 9), at(8, 19), attendees=["ana-ruiz"], objective="trust",
                 location="Acme HQ"),
              ev("kickoff-2", "meeting", at(9, 9), at(9, 12), location="Acme HQ"),
              ev("lunch", "meal", at(9, 12, 10), at(9, 13), location="Ramiro", attendees=["ana-ruiz", "bo"])]
    return make_trip(events, people=[ana, person("bo", name="Bo Li")],
                     objectives=[Objective("trust", "Win Ana's trust", people=["ana-ruiz"])],
                     followups=[FollowUp("fu-ana", "ana-ruiz", "Send the plan", date(2027, 3, 8))])


@pytest.fixture
def trip_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRIPPLAN_NOW", NOW)
    path = tmp_path / "trip.toml"
    path.write_text(dumps(sample_trip()), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- help and bad input -------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[c] for c in COMMANDS] + [["person", "log"]])
def test_help(command: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "tripplan", *command, "--help"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and "usage: tripplan" in done.stdout


@pytest.mark.parametrize("args", [["balance"], ["check"], ["suggest"], ["objectives"], ["brief", "--next"],
                                  ["followups", "--suggest", "--apply"], ["person", "log", "FILE", "ana-ruiz", "hi"]])
def test_bad_trip_file_is_reported_and_left_untouched(args: list[str], tmp_path: Path) -> None:
    copy = tmp_path / "broken.toml"
    copy.write_bytes((DATA / "bad" / "planning_targets.toml").read_bytes())
    before = copy.read_bytes()
    argv = [str(copy) if a == "FILE" else a for a in args]
    if "FILE" not in args:
        argv.insert(1, str(copy))
    done = subprocess.run([sys.executable, "-m", "tripplan", *argv], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "trip.targets.bonding_share: expected a share from 0 to 1" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert copy.read_bytes() == before and not (tmp_path / "broken.toml.bak").exists()


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "check", str(tmp_path / "nope.toml"))
    assert code == 2 and "nope.toml: no such file" in err


# --- balance and check --------------------------------------------------------------------------


def test_balance_text_and_exit_code(trip_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "balance", str(trip_file))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "Test trip · balance"
    assert lines[3].split() == ["day", "work", "netw", "bond", "cult", "logi", "rest", "break", "score"]
    assert lines[4].split() == ["Mon", "8", "Mar", "10.0", "·", "·", "·", "·", "·", "4.0", "60"]
    assert "  balance-bonding          Mon 8 Mar: 10 h of work and no bonding time; 'tripplan suggest' proposes" \
        in lines


def test_balance_json(trip_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "balance", str(trip_file), "--json")
    doc = json.loads(out)
    assert code == 1 and doc["format"] == 1 and doc["trip"]["timezone"] == "Europe/Lisbon"
    monday = doc["days"][0]
    assert monday["date"] == "2027-03-08" and monday["minutes"]["work"] == 600 and monday["awake_minutes"] == 960
    assert monday["bonding_share"] == 0 and monday["bonding_target_applies"] is True
    assert set(doc["total"]) >= {"score", "minutes", "bonding_share", "culture_outings"}
    assert {w["code"] for w in doc["warnings"]} == {"balance-bonding", "balance-culture"}


def test_balance_of_a_clean_trip_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "clean.toml"
    path.write_text(dumps(make_trip([ev("tour", "tour", at(9, 10), at(9, 12))])), encoding="utf-8")
    code, out, _ = run(capsys, "balance", str(path))
    assert code == 0 and "No warnings" in out
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0 and out == "Test trip: no warnings.\n"


def test_check_text_json_and_filter(trip_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(trip_file))
    assert code == 1 and out.startswith("Test trip: ")
    code, out, _ = run(capsys, "check", str(trip_file), "--json")
    doc = json.loads(out)
    found = {w["code"] for w in doc["warnings"]}
    assert {"travel-time", "outside-hours", "no-followup", "balance-bonding"} <= found
    assert doc["counts"]["outside-hours"] == 1
    travel = next(w for w in doc["warnings"] if w["code"] == "travel-time")
    assert travel["events"] == ["kickoff-2", "lunch"] and travel["day"] == "2027-03-09"
    assert travel["at"] == "2027-03-09T12:10:00+00:00"
    code, out, _ = run(capsys, "check", str(trip_file), "--json", "--only", "balance-*,no-followup")
    assert {w["code"] for w in json.loads(out)["warnings"]} == {"balance-bonding", "balance-culture", "no-followup"}
    code, _, err = run(capsys, "check", str(trip_file), "--only", "overlaps")
    assert code == 2 and "--only: unknown code 'overlaps'" in err


# --- suggest ------------------------------------------------------------------------------------


def test_suggest_shows_proposals_and_applies_them_atomically(trip_file: Path, capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-03-01T12:00:00+00:00")  # before the trip: every day is planned
    before = trip_file.read_bytes()
    code, out, _ = run(capsys, "suggest", str(trip_file))
    assert code == 0 and "Team dinner" in out and "why: Mon 8 Mar has 10 h of work" in out
    assert "Run again with --apply" in out and trip_file.read_bytes() == before
    code, out, _ = run(capsys, "suggest", str(trip_file), "--json")
    proposals = json.loads(out)["suggestions"]
    assert proposals and all(p["reason"] for p in proposals)
    code, out, _ = run(capsys, "suggest", str(trip_file), "--apply")
    assert code == 0 and "added" in out
    trip, _ = read_trip(trip_file)
    assert len(trip.events) == 4 + len(proposals)
    assert (trip_file.parent / "trip.toml.bak").read_bytes() == before
    code, out, _ = run(capsys, "suggest", str(trip_file))
    assert "nothing to suggest" in out


def test_suggest_for_one_day_and_not_for_past_days(trip_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "suggest", str(trip_file), "--json")
    assert "2027-03-08" not in {p["day"] for p in json.loads(out)["suggestions"]}  # it is Tue 9 Mar already
    code, out, _ = run(capsys, "suggest", str(trip_file), "--day", "day 1", "--json")
    assert {p["day"] for p in json.loads(out)["suggestions"]} == {"2027-03-08"}  # asked for by name
    code, _, err = run(capsys, "suggest", str(trip_file), "--day", "2027-04-01")
    assert code == 2 and "2027-04-01 is not a day of the trip (2027-03-08 to 2027-03-10)" in err
    code, _, err = run(capsys, "suggest", str(trip_file), "--day", "someday")
    assert code == 2 and "--day 'someday' is not a date" in err


def test_suggest_apply_refuses_when_the_file_changed(trip_file: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import tripplan.cli.planning_run as planning_run

    real = planning_run.suggest

    def meddling(*args: object, **kwargs: object) -> object:
        trip_file.write_text(trip_file.read_text(encoding="utf-8") + "\n# edited elsewhere\n", encoding="utf-8")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(planning_run, "suggest", meddling)
    code, _, err = run(capsys, "suggest", str(trip_file), "--apply")
    assert code == 2 and "was changed by another program" in err
    assert trip_file.read_text(encoding="utf-8").endswith("# edited elsewhere\n")


# --- objectives, brief, person log, followups ---------------------------------------------------


def test_objectives_and_setting_a_status(trip_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "objectives", str(trip_file))
    assert code == 0 and "○ Win Ana's trust  [open]  (trust)" in out
    assert "  planned: Mon 8 Mar 09:00–19:00  Kickoff 1" in out
    code, out, err = run(capsys, "objectives", str(trip_file), "--set", "trust", "in progress", "--json")
    assert code == 0 and json.loads(out)["objectives"][0]["status"] == "in-progress"
    assert read_trip(trip_file)[0].objectives[0].status.value == "in-progress"
    code, _, err = run(capsys, "objectives", str(trip_file), "--set", "trusst", "achieved")
    assert code == 2 and "objective 'trusst' is not in this trip; did you mean 'trust'?" in err
    code, _, err = run(capsys, "objectives", str(trip_file), "--set", "trust", "won")
    assert code == 2 and "--set: unknown status 'won'" in err


def test_brief_by_prefix_and_next(trip_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "brief", str(trip_file), "lun")
    assert code == 0 and out.startswith("Lunch — Tue 9 Mar 12:10–13:00 (Europe/Lisbon)\nat Ramiro\n")
    assert "● Ana Ruiz (client, Acme)" in out and "  Last talk (Mon 1 Feb 2027): First call." in out
    code, out, _ = run(capsys, "brief", str(trip_file), "--next", "--json")
    doc = json.loads(out)
    assert doc["event"]["id"] == "lunch" and [a["id"] for a in doc["attendees"]] == ["ana-ruiz", "bo"]
    code, _, err = run(capsys, "brief", str(trip_file), "kickoff")
    assert code == 2 and "names 2 events" in err
    done = subprocess.run([sys.executable, "-m", "tripplan", "brief", str(trip_file)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "one of the arguments EVENT --next is required" in done.stderr


def test_brief_next_when_nothing_is_left(trip_file: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-04-01T00:00:00+00:00")
    code, _, err = run(capsys, "brief", str(trip_file), "--next")
    assert code == 2 and "--next: no event with attendees starts after 2027-04-01 01:00" in err


def test_person_log(trip_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "person", "log", str(trip_file), "ana-ruiz", "Loved the fado.")
    assert code == 0 and out == "Logged for Ana Ruiz on Tue 9 Mar 2027 (2 notes).\n"
    code, out, _ = run(capsys, "person", "log", str(trip_file), "ana-ruiz", "Called before the trip.",
                       "--date", "2027-03-01")
    log = read_trip(trip_file)[0].people[0].log
    assert [(e.on, e.text) for e in log] == [(date(2027, 2, 1), "First call."),
                                             (date(2027, 3, 1), "Called before the trip."),
                                             (date(2027, 3, 9), "Loved the fado.")]
    code, _, err = run(capsys, "person", "log", str(trip_file), "ana-ruis", "x")
    assert code == 2 and "ID 'ana-ruis' is not in this trip; did you mean 'ana-ruiz'?" in err
    code, _, err = run(capsys, "person", "log", str(trip_file), "ana-ruiz", "   ")
    assert code == 2 and "TEXT must not be empty" in err


def test_followups_list_suggest_and_apply(trip_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "followups", str(trip_file))
    assert code == 0 and "  overdue  Mon 8 Mar   Ana Ruiz: Send the plan" in out
    code, out, _ = run(capsys, "followups", str(trip_file), "--suggest")
    assert "Proposed 1 follow-up (due Fri 12 Mar):" in out
    assert "  Bo Li: Follow up with Bo Li after 'Lunch' (Tue 9 Mar)" in out
    code, out, _ = run(capsys, "followups", str(trip_file), "--apply", "--json")
    doc = json.loads(out)
    assert doc["applied"] is True and [f["person"] for f in doc["suggested"]] == ["bo"]
    assert {f["status"] for f in doc["followups"]} == {"overdue", "due"}
    trip, _ = read_trip(trip_file)
    assert [f.id for f in trip.followups] == ["fu-ana", "fu-bo"]
    code, out, _ = run(capsys, "followups", str(trip_file), "--suggest")
    assert "Everyone met at a networking or bonding event has a follow-up." in out


def test_now_comes_from_the_environment(trip_file: Path) -> None:
    env = {**os.environ, "TRIPPLAN_NOW": "not a time"}
    done = subprocess.run([sys.executable, "-m", "tripplan", "followups", str(trip_file)], capture_output=True,
                          text=True, timeout=60, env=env)
    assert done.returncode == 2 and "TRIPPLAN_NOW='not a time' is not an ISO date-time" in done.stderr
