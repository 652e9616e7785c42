"""Snapshots of key screens on the Lisbon sample trip, with the clock frozen: the main screen (at two sizes
and in each bundled theme), the editor, today at 80×24 and the balance dashboard.

The trip is a frozen copy of ``sample_trips/lisbon-client-visit.toml`` (so
edits to the samples do not move the pictures) and the planning report is a
fixed one (the planning checks' wording is not what these pictures are
about).  Regenerate after an intended change with
``pytest tests/snapshots --snapshot-update`` and look at the report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.snapshots.common import _app, _frozen, _loaded

assert _frozen  # the autouse fixture: the frozen clock and report apply here


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
