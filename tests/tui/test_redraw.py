"""Redrawing only what changed must never leave a stale cell on screen.

The timetable repaints only the rows a cursor move touched, the day list
only the two days' lines, the details panel only the lines whose text
changed, and none of them asks for a new layout of the screen.  Each test
moves around, then compares every cell on screen (character and style)
with a full repaint of every widget.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.style import Style
from textual.screen import Screen
from textual.widget import Widget

from tests.tui.conftest import opened, run
from tripplan.tui.widgets.details import EventDetails
from tripplan.tui.widgets.timetable import Timetable

Cells = list[list[tuple[str, Style | None]]]


def cells(app: Any) -> Cells:
    """Every cell on screen: its character and style."""
    return [[(char, segment.style) for segment in strip for char in segment.text]
            for strip in app.screen._compositor.render_strips()]


async def repainted(app: Any, pilot: Any) -> Cells:
    """The screen after every widget on it has been drawn again from scratch."""
    for widget in app.screen.walk_children(Widget):
        widget.refresh()
    await pilot.pause()
    return cells(app)


def differences(shown: Cells, fresh: Cells) -> list[str]:
    return [f"row {y}: shown {''.join(c for c, _ in a)!r}\n        fresh {''.join(c for c, _ in b)!r}"
            for y, (a, b) in enumerate(zip(shown, fresh, strict=True)) if a != b]


def test_moving_around_the_week_grid_leaves_no_stale_cell(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon, size=(160, 45)) as (app, pilot):
            timetable = app.screen.query_one(Timetable)
            assert timetable.mode == "week"
            keys = ["right", "right", "down", "down", "down", "left", "n", "n", "up", "right", "N", "home", "end"]
            for key in keys:
                before = (timetable.day, timetable.selected)
                await pilot.press(key)
                await pilot.pause()
                shown = cells(app)
                assert not differences(shown, await repainted(app, pilot)), f"after {key} from {before}"
    run(body)


def test_the_day_timeline_and_the_toggle_leave_no_stale_cell(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon, size=(120, 40)) as (app, pilot):
            for key in ["w", "right", "down", "n", "w", "left", "w"]:
                await pilot.press(key)
                await pilot.pause()
                shown = cells(app)
                assert not differences(shown, await repainted(app, pilot)), f"after {key}"
    run(body)


def test_a_day_switch_repaints_without_a_new_layout(lisbon: Path, monkeypatch: Any) -> None:
    """Only the details panel's scrollbar coming or going (a long text after a short one) may lay out."""
    layouts: list[str] = []
    original = Screen._refresh_layout

    def counting(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        layouts.append(type(self).__name__)
        original(self, *args, **kwargs)

    async def body() -> None:
        async with opened(lisbon, size=(160, 45)) as (app, pilot):
            monkeypatch.setattr(Screen, "_refresh_layout", counting)
            details = app.screen.query_one(EventDetails)
            seen, unexplained = set(), []
            keys = ["right", "right", "left", "down", "down", "w", "right", "left", "w", "pagedown", "pageup"]
            def overflows() -> bool:
                return bool(details.virtual_size.height > details.scrollable_content_region.height)

            for key in keys:
                scrollbar = overflows()
                layouts.clear()
                await pilot.press(key)
                await pilot.pause()
                seen.add(details.text)
                if layouts and overflows() == scrollbar:
                    unexplained.append(f"{key}: {layouts}")
            assert len(seen) > 3  # the details really changed on the way
            assert unexplained == [], "a cursor move or the week/day toggle laid the screen out again"
    run(body)


def test_a_remembered_light_theme_is_applied_as_if_chosen_in_the_app(lisbon: Path, tmp_path: Path) -> None:
    """The first theme is set without Textual's watcher (to parse the styles once): same result."""
    import os

    settings = Path(os.environ["TRIPPLAN_DATA_DIR"]) / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"theme": "tripplan-light"}), encoding="utf-8")

    async def remembered() -> tuple[set[str], Cells]:
        async with opened(lisbon) as (app, _pilot):
            assert app.theme == "tripplan-light"
            return set(app.classes), cells(app)

    async def switched() -> tuple[set[str], Cells]:
        settings.unlink()
        async with opened(lisbon) as (app, pilot):
            assert app.theme != "tripplan-light"
            app.theme = "tripplan-light"  # Textual's own way: the watcher re-parses the styles
            await pilot.pause()
            await pilot.pause()
            return set(app.classes), cells(app)

    results: list[tuple[set[str], Cells]] = []

    async def both() -> None:
        results.append(await remembered())
        results.append(await switched())

    run(both)
    (classes_a, screen_a), (classes_b, screen_b) = results
    assert "-light-mode" in classes_a and "-dark-mode" not in classes_a
    assert classes_a == classes_b
    assert not differences(screen_a, screen_b)
