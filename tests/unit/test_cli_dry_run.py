"""Every writing command shows its change before → after: --dry-run writes nothing, --json tells scripts.

Run as a user would (subprocesses) on a copy of the Lisbon sample; a dry run must leave the file's bytes
exactly as they were, and say what would change field by field.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

LISBON = SAMPLES / "lisbon-client-visit.toml"
# (arguments after FILE, a line the dry run must show)
COMMANDS = {
    "add": (["add", "{f}", "Dinner at Ramiro [VIP] \"sea food\" · Intendente", "--at", "tue 21:00"],
            "title: Dinner at Ramiro [VIP] \"sea food\" · Intendente"),
    "person add": (["person", "add", "{f}", "bo-chen", "--name", "Bo Chen", "--email", "bo@acme.example"],
                   "people[bo-chen]: added"),
    "person set": (["person", "set", "{f}", "jordan-lee", "--me"], "me: (none) → True"),
    "person log": (["person", "log", "{f}", "ana-ruiz", "Prefers mornings", "--date", "2027-03-09"],
                   "people[ana-ruiz]: changed"),
    "stop add": (["stop", "add", "{f}", "Porto", "--tz", "Europe/Lisbon", "--from", "2027-03-11"], "stops"),
    "objectives --set": (["objectives", "{f}", "--set", "meet-cto", "achieved"],
                         "objectives[meet-cto]: changed"),
    "followups --done": (["followups", "{f}", "--done", "fu-ana-rollout"], "done: (none) → True"),
}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRIPPLAN_NOW": "2027-03-09T10:00:00+00:00"}
    return subprocess.run([sys.executable, "-m", "tripplan", *args], capture_output=True, text=True, env=env,
                          timeout=60)


@pytest.mark.parametrize("name", COMMANDS)
def test_a_dry_run_shows_the_change_and_writes_nothing(name: str, tmp_path: Path) -> None:
    trip = tmp_path / "trip.toml"
    shutil.copy(LISBON, trip)
    before = trip.read_bytes()
    args, shown = COMMANDS[name]
    done = _run(*[a.format(f=trip) for a in args], "--dry-run")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert trip.read_bytes() == before
    assert not (tmp_path / "trip.toml.bak").exists()
    assert done.stdout.startswith(f"Dry run: {trip} is not changed. The change would be:"), done.stdout
    assert shown in done.stdout, done.stdout


@pytest.mark.parametrize("name", [n for n in COMMANDS if n not in ("objectives --set", "followups --done")])
def test_json_says_what_changed_and_the_change_is_saved(name: str, tmp_path: Path) -> None:
    trip = tmp_path / "trip.toml"
    shutil.copy(LISBON, trip)
    before = trip.read_bytes()
    args, _ = COMMANDS[name]
    done = _run(*[a.format(f=trip) for a in args], "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    document = json.loads(done.stdout)
    assert document["written"] is True and document["dry_run"] is False
    assert document["changes"] and all(c["change"] in ("added", "removed", "changed") for c in document["changes"])
    assert trip.read_bytes() != before


def test_a_refused_dry_run_is_refused_like_the_real_one(tmp_path: Path) -> None:
    trip = tmp_path / "trip.toml"
    shutil.copy(LISBON, trip)
    before = trip.read_bytes()
    done = _run("person", "add", str(trip), "ana-ruiz", "--name", "Ana again", "--dry-run")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert trip.read_bytes() == before
