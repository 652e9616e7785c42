"""Snapshots of the layout at the window sizes of issue 17, point 6: the main screen at 200×50 (the
details' share), the agenda list in the timetable's place at 60×30 and 40×20 and on v at 120×40, the
people view at 200×50 and the follow-ups at 80×24 (every column on screen, the whole follow-up below).

Same frozen trip, clock and planning report as test_snapshots.py; regenerate with
``pytest tests/snapshots --snapshot-update`` after an intended change and look at the pictures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.snapshots.common import _app, _frozen, _pressing

assert _frozen  # the autouse fixture: the frozen clock and report apply here too


@pytest.mark.parametrize(("size", "keys"), [((200, 50), ()), ((60, 30), ()), ((40, 20), ()), ((120, 40), ("v",))],
                         ids=["main-200x50", "agenda-60x30", "agenda-40x20", "agenda-key-120x40"])
def test_main_screen_layout(snap_compare: Any, tmp_path: Path, size: tuple[int, int], keys: tuple[str, ...]) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=_pressing(*keys))


@pytest.mark.parametrize(("size", "key"), [((200, 50), "p"), ((80, 24), "f")], ids=["people-200x50", "followups-80x24"])
def test_table_views_layout(snap_compare: Any, tmp_path: Path, size: tuple[int, int], key: str) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=_pressing(key))
