"""Snapshots of key screens on the Lisbon sample trip, with the clock frozen: the main screen (at two sizes
and in each bundled theme), the editor, today at 80×24 and the balance dashboard.

The trip is a frozen copy of ``sample_trips/lisbon-client-visit.toml`` (so
edits to the samples do not move the pictures) and the planning report is a
fixed one (the planning checks' wording is not what these pictures are
about).  Regenerate after an intended change with
``pytest tests/snapshots --snapshot-update`` and look at the report.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA
from tripplan.model import Category
from tripplan.tui import balance

TRIP = DATA / "tui" / "lisbon-client-visit.toml"
NOW = "2027-03-09T14:05:00+00:00"  # Tue 9 Mar, 14:05 in Lisbon


@pytest.fixture(autouse=True)
def _frozen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", NOW)
    monkeypatch.setenv("TRIPPLAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRIPPLAN_CONFIG_DIR", str(tmp_path / "config"))  # the bundled themes only
    fixed = balance.Report(
        warnings=[balance.TripWarning("Wed 10 Mar: 9 h of work and no bonding time; 19:30–22:30 is free.",
                                      date(2027, 3, 10), "balance-bonding")],
        hours={}, day_scores={date(2027, 3, 9): 88, date(2027, 3, 10): 61}, score=79, available=True)
    monkeypatch.setattr(balance, "report", lambda trip: fixed)
    assert Category.WORK  # the report's hours come from the day map


def _app(tmp_path: Path, theme: str | None = None) -> Any:
    from tripplan.tui.app import TripplanApp

    copy = tmp_path / TRIP.name
    copy.write_bytes(TRIP.read_bytes())
    app = TripplanApp(copy)
    if theme is not None:
        app.theme = theme
    return app


async def _loaded(pilot: Any) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def test_main_screen_120x40(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=(120, 40), run_before=_loaded)


def test_main_screen_80x24(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=(80, 24), run_before=_loaded)


def test_editor_120x40(snap_compare: Any, tmp_path: Path) -> None:
    async def edit(pilot: Any) -> None:
        await _loaded(pilot)
        await pilot.press("e")
        await pilot.pause()

    assert snap_compare(_app(tmp_path), terminal_size=(120, 40), run_before=edit)


@pytest.mark.parametrize("theme", ["tripplan-dark", "tripplan-light", "tripplan-high-contrast"])
def test_main_screen_in_each_bundled_theme(snap_compare: Any, tmp_path: Path, theme: str) -> None:
    assert snap_compare(_app(tmp_path, theme), terminal_size=(120, 40), run_before=_loaded)


def test_today_80x24(snap_compare: Any, tmp_path: Path) -> None:
    async def today(pilot: Any) -> None:
        await _loaded(pilot)
        await pilot.press("t")
        await _loaded(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=(80, 24), run_before=today)


def test_balance_120x40(snap_compare: Any, tmp_path: Path) -> None:
    async def balance_view(pilot: Any) -> None:
        await _loaded(pilot)
        await pilot.press("b")
        await _loaded(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=(120, 40), run_before=balance_view)
