"""Layering: the core never imports Textual; the road commands import neither Textual nor ics."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import tripplan
from tests.conftest import DATA

CORE = sorted(m.name for m in pkgutil.walk_packages(tripplan.__path__, "tripplan.")
              if not m.name.startswith("tripplan.tui") and m.name != "tripplan.__main__")
# (tripplan.__main__ runs the CLI when imported; the road-command tests below cover that path.)


def _modules_after(code: str) -> set[str]:
    run = subprocess.run([sys.executable, "-c", code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, timeout=60, check=True)
    return set(json.loads(run.stdout.strip().splitlines()[-1]))


def test_core_module_list_is_not_empty() -> None:
    assert {"tripplan.trip.model", "tripplan.files.storage", "tripplan.cli.main", "tripplan.time.entry"} <= set(CORE)


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module: str) -> None:
    loaded = _modules_after(f"import {module}")
    assert module in loaded
    assert not any(m == "textual" or m.startswith("textual.") for m in loaded)


def _run_cli_and_list_modules(args: list[str]) -> set[str]:
    code = ("import sys, contextlib, io\nfrom tripplan.cli.main import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()):\n    rc = main({args!r})\nassert rc == 0, rc")
    return _modules_after(code)


@pytest.mark.parametrize("command", [["today", "--date", "2027-03-09"], ["agenda", "--format", "md"],
                                     ["today", "--json"]])
def test_road_commands_import_neither_textual_nor_ics(command: list[str], tmp_path: Path) -> None:
    trip = tmp_path / "trip.toml"
    trip.write_bytes((DATA / "good" / "small.toml").read_bytes())
    for _ in range(2):  # first run builds the cache, second run uses it
        loaded = _run_cli_and_list_modules([command[0], str(trip), *command[1:]])
        for banned in ("textual", "ics", "icalendar"):
            assert banned not in loaded
    # With the cache warm, not even the TOML parser or dateutil is needed.
    assert "tomli" not in loaded and "dateutil" not in loaded
