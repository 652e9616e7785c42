"""What the snapshot tests share: the frozen clock, data folders and planning report (an autouse fixture that
each test module imports), the app on a private copy of the frozen Lisbon trip, and waiting for it to load.

The trip is a frozen copy of ``sample_trips/lisbon-client-visit.toml`` (so edits to the samples do not move
the pictures) and the planning report is a fixed one (the planning checks' wording is not what these
pictures are about).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA
from tripplan.trip.model import Category
from tripplan.tui import balance_snapshot

TRIP = DATA / "tui" / "lisbon-client-visit.toml"
NOW = "2027-03-09T14:05:00+00:00"  # Tue 9 Mar, 14:05 in Lisbon


@pytest.fixture(autouse=True)
def _frozen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", NOW)
    monkeypatch.setenv("TRIPPLAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRIPPLAN_CONFIG_DIR", str(tmp_path / "config"))  # the bundled themes only
    fixed = balance_snapshot.Report(
        warnings=[balance_snapshot.TripWarning("Wed 10 Mar: 9 h of work and no bonding time; 19:30–22:30 is free.",
                                               date(2027, 3, 10), "balance-bonding")],
        hours={}, day_scores={date(2027, 3, 9): 88, date(2027, 3, 10): 61}, score=79, available=True)
    monkeypatch.setattr(balance_snapshot, "report", lambda trip: fixed)
    assert Category.WORK  # the report's hours come from the day map


def _app(tmp_path: Path, theme: str | None = None, relative: bool = False) -> Any:
    """The app on a copy of the trip in *tmp_path*; *relative*: opened by its bare name from there (the
    caller has made *tmp_path* the working folder), so dialogs that show a path show the same one each run."""
    from tripplan.tui.app import TripplanApp

    copy = tmp_path / TRIP.name
    copy.write_bytes(TRIP.read_bytes())
    app = TripplanApp(Path(copy.name) if relative else copy)
    if theme is not None:
        app.theme = theme
    return app


async def _loaded(pilot: Any) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def _pressing(*keys: str) -> Callable[[Any], Awaitable[None]]:
    async def run_before(pilot: Any) -> None:
        await _loaded(pilot)
        if keys:
            await pilot.press(*keys)
            await _loaded(pilot)

    return run_before
