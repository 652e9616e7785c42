"""The TUI on special files and unreadable settings (issue 18, points 10 and 17).

A FIFO opened as a trip is an error screen at once, and the app quits; a config folder that cannot be read
(chmod 000, really binding root too: tests.fault_helpers; or a file in its place) does not stop the start:
a notice names the folder and the cause, and nothing there is written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.fault_helpers import permissions_hold
from tests.ical_helpers import ICS
from tests.tui.conftest import notes, opened, run, screen_text
from tripplan.tui.screens.load_error import LoadErrorScreen
from tripplan.tui.screens.main import MainScreen


def test_a_fifo_as_trip_is_an_error_screen_and_the_app_quits(tmp_path: Path) -> None:
    fifo = tmp_path / "trip.toml"
    os.mkfifo(fifo)

    async def body() -> None:
        async with opened(fifo) as (app, pilot):  # the old code blocked in open() for ever here
            assert isinstance(app.screen, LoadErrorScreen)
            assert "named pipe (FIFO)" in screen_text(app)
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert not app.is_running
    run(body)


def test_a_file_where_the_config_folder_should_be(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config"
    config.write_text("not a folder\n")
    monkeypatch.setenv("TRIPPLAN_CONFIG_DIR", str(config))
    trip = tmp_path / "small.toml"
    trip.write_bytes((DATA / "good" / "small.toml").read_bytes())

    async def body() -> None:
        async with opened(trip) as (app, _pilot):
            assert isinstance(app.screen, MainScreen)
            assert f"Settings could not be read: {config} is a file, not a folder" in notes(app)
    run(body)
    assert config.read_text() == "not a folder\n"


PROBE = """
import asyncio, sys
from pathlib import Path
from tripplan.tui.app import TripplanApp

async def main():
    app = TripplanApp(Path(sys.argv[1]))
    async with app.run_test() as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        print("SCREEN", type(app.screen).__name__)
        for n in app._notifications:
            print("NOTE", n.title, "|", n.message.replace("\\n", " "))
        app.action_use_theme("tripplan-light")
        await pilot.press("ctrl+q")
asyncio.run(main())
"""


def test_an_unreadable_config_folder_does_not_stop_the_start(tmp_path: Path) -> None:
    config, data = tmp_path / "config", tmp_path / "data"
    (config / "themes").mkdir(parents=True)
    data.mkdir()
    (data / "settings.json").write_text(json.dumps({"theme": "tripplan-dark"}))
    (data / "recent.json").write_text(json.dumps(["/somewhere/else.toml"]))
    trip = tmp_path / "small.toml"
    trip.write_bytes((DATA / "good" / "small.toml").read_bytes())
    preexec = permissions_hold()
    config.chmod(0o000)
    for name in ("settings.json", "recent.json"):
        (data / name).chmod(0o000)
    try:
        child = subprocess.run([sys.executable, "-c", PROBE, str(trip)], capture_output=True, text=True, timeout=60,
                               preexec_fn=preexec, check=False,
                               env={**os.environ, "TRIPPLAN_CONFIG_DIR": str(config), "TRIPPLAN_DATA_DIR": str(data)})
    finally:
        config.chmod(0o755)
        for name in ("settings.json", "recent.json"):
            (data / name).chmod(0o644)
    assert child.returncode == 0 and "Traceback" not in child.stderr, child.stderr
    assert "SCREEN MainScreen" in child.stdout
    assert f"NOTE Settings could not be read | {config}: permission denied" in child.stdout, child.stdout
    # The settings it could not read are not replaced (the theme chosen, the trip opened).
    assert json.loads((data / "settings.json").read_text()) == {"theme": "tripplan-dark"}
    assert json.loads((data / "recent.json").read_text()) == ["/somewhere/else.toml"]


def test_the_cli_with_an_unreadable_config_folder(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "mail.toml").write_text('[smtp]\nhost = "mail.example.org"\n')
    trip = tmp_path / "edge.toml"
    trip.write_bytes((ICS / "edge.toml").read_bytes())
    preexec = permissions_hold()
    config.chmod(0o000)
    env = {**os.environ, "TRIPPLAN_CONFIG_DIR": str(config)}
    try:
        today = subprocess.run([sys.executable, "-m", "tripplan", "today", str(trip)], capture_output=True,
                               text=True, timeout=30, preexec_fn=preexec, env=env, check=False)
        send = subprocess.run([sys.executable, "-m", "tripplan", "invites", str(trip), "--send", "--dry-run",
                               "--organizer", "zoe"], capture_output=True, text=True, timeout=30,
                              preexec_fn=preexec, env=env, check=False)
    finally:
        config.chmod(0o755)
    assert today.returncode in (0, 1) and "Traceback" not in today.stderr, today.stderr
    assert send.returncode == 2 and "Traceback" not in send.stderr and str(config / "mail.toml") in send.stderr
    assert (config / "mail.toml").read_text() == '[smtp]\nhost = "mail.example.org"\n'


def test_a_fifo_as_the_remembered_settings_does_not_block_the_start(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("settings.json", "recent.json"):
        os.mkfifo(data / name)
    monkeypatch.setenv("TRIPPLAN_DATA_DIR", str(data))
    trip = tmp_path / "small.toml"
    trip.write_bytes((DATA / "good" / "small.toml").read_bytes())

    async def body() -> None:
        async with opened(trip) as (app, _pilot):  # the old code blocked reading settings.json before the start
            assert isinstance(app.screen, MainScreen)
    run(body)
    assert all((data / name).is_fifo() for name in ("settings.json", "recent.json"))  # not replaced either
