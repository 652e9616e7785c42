"""Snapshots at the window sizes of issue 17's checks (40×20, 50×25, 80×24, 120×40, 200×50): the main screen,
today, people and follow-ups at each size the other snapshot files do not already take, and every dialog at
40×20 (a phone over ssh) and 80×24, most of them at 120×40 too.

Same frozen trip, clock and planning report as test_snapshots.py.  The app opens the trip by its bare name
from its own folder, so the export and import dialogs show the same path on every run.  Regenerate with
``pytest tests/snapshots --snapshot-update`` after an intended change and look at the pictures.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.snapshots.common import TRIP, _app, _frozen, _loaded, _pressing

assert _frozen  # the autouse fixture: the frozen clock and report apply here too

Size = tuple[int, int]
SIZES: list[Size] = [(40, 20), (50, 25), (80, 24), (120, 40), (200, 50)]

# Taken already: main at 80×24 and 120×40 (test_snapshots), 200×50 and 40×20 (the agenda list in the
# timetable's place, test_layout_snapshots); today at 80×24; people at 200×50; follow-ups at 80×24.
TAKEN = {("main", (40, 20)), ("main", (80, 24)), ("main", (120, 40)), ("main", (200, 50)),
         ("today", (80, 24)), ("people", (200, 50)), ("followups", (80, 24))}
VIEWS = {"main": (), "today": ("t",), "people": ("p",), "followups": ("f",)}

# Each dialog as a person reaches it from the main screen (as in tests/tui/test_dialogs_fit.py); THEIRS
# stands for another program writing the trip file while it is open.
THEIRS = "<theirs>"
DIALOGS: dict[str, tuple[str, ...]] = {
    "delete": ("d",),
    "export-chooser": ("x",),
    "export-whole-trip": ("x", "enter"),
    "import": ("i",),
    "quit-with-changes": ("plus", "q"),
    "file-changed-on-disk": ("plus", THEIRS, "ctrl+s"),
    "editor": ("e",),
    "person-form": ("p", "a"),
    "send": ("M",),
    "help": ("question_mark",),
}
# At 120×40 the dialogs that are new there (the editor's picture at 120×40 is in test_snapshots).
WIDE = [name for name in DIALOGS if name != "editor"]


def _ids(cases: list[Any]) -> list[str]:
    return [f"{name}-{w}x{h}" for name, (w, h) in cases]


SCREEN_CASES = [(view, size) for view in VIEWS for size in SIZES if (view, size) not in TAKEN]
DIALOG_CASES = [(name, size) for size in SIZES for name in (WIDE if size == (120, 40) else DIALOGS)]


def _reaching(trip: Path, keys: tuple[str, ...]) -> Callable[[Any], Awaitable[None]]:
    async def run_before(pilot: Any) -> None:
        await _loaded(pilot)
        for key in keys:
            if key == THEIRS:
                trip.write_text(trip.read_text(encoding="utf-8") + "\n# theirs\n", encoding="utf-8")
            else:
                await pilot.press(key)
        await _loaded(pilot)
        assert pilot.app.screen.is_modal, f"{keys}: no dialog opened"

    return run_before


@pytest.mark.parametrize(("view", "size"), SCREEN_CASES, ids=_ids(SCREEN_CASES))
def test_view_at_size(snap_compare: Any, tmp_path: Path, view: str, size: Size) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=_pressing(*VIEWS[view]))


@pytest.mark.parametrize(("dialog", "size"), DIALOG_CASES, ids=_ids(DIALOG_CASES))
def test_dialog_at_size(snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialog: str,
                        size: Size) -> None:
    monkeypatch.chdir(tmp_path)
    app = _app(tmp_path, relative=True)
    assert snap_compare(app, terminal_size=size, run_before=_reaching(tmp_path / TRIP.name, DIALOGS[dialog]))
