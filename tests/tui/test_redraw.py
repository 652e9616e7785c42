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

import pytest
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


def _first_frame(path: Path, width: int, monkeypatch: Any) -> tuple[Cells, str]:
    """The screen before the trip is read (the reading never finishes here)."""
    from tripplan.tui.app import TripplanApp
    from tripplan.tui.screens.main import MainScreen

    result: list[tuple[Cells, str]] = []

    async def body() -> None:
        with monkeypatch.context() as m:
            m.setattr(MainScreen, "_load", lambda self: None)
            app = TripplanApp(path)
            async with app.run_test(size=(width, 30)) as pilot:
                await pilot.pause()
                await pilot.pause()
                text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
                result.append((cells(app), text))

    run(body)
    return result[0]


@pytest.mark.parametrize("width", [80, 120, 170])
def test_the_first_frame_has_the_panes_where_they_will_be(lisbon: Path, width: int, monkeypatch: Any) -> None:
    """The first frame is drawn by one widget (widgets/skeleton.py) standing for the panes and footer:
    its rules, backgrounds and footer line are where, and as, the real ones are once the trip is read."""
    first, text = _first_frame(lisbon, width, monkeypatch)
    assert lisbon.name in text.splitlines()[0] and "Reading the trip…" in text

    async def loaded() -> Cells:
        async with opened(lisbon, size=(width, 30)) as (app, _pilot):
            screen = app.screen
            regions.update(days=screen.query_one("#days").region, details=screen.query_one("#details").region,
                           footer=screen.query_one("Footer").region)
            return cells(app)

    regions: dict[str, Any] = {}
    real: list[Cells] = []

    async def body() -> None:
        real.append(await loaded())

    run(body)
    final = real[0]
    days, details, footer = regions["days"], regions["details"], regions["footer"]
    row = days.bottom - 1  # the last body row: the day list (five days) leaves it empty
    for x in (days.right - 1, details.x):  # the rules between the panes
        assert first[row][x] == final[row][x], f"rule at column {x}"
    for x in (days.x + 1, details.x + 1):  # the panes' backgrounds (the details' left padding)
        assert first[row][x][1].bgcolor == final[row][x][1].bgcolor, f"background at column {x}"  # type: ignore[union-attr]
    assert first[footer.y][width - 1][1].bgcolor == final[footer.y][width - 1][1].bgcolor  # type: ignore[union-attr]


def test_every_key_while_the_trip_is_read_is_harmless(lisbon: Path, monkeypatch: Any) -> None:
    """Before the panes exist (the reading never finishes here), no key of the screen may fail."""
    from textual.binding import Binding

    from tripplan.tui.app import TripplanApp
    from tripplan.tui.screens.main import MainScreen

    keys = [key for binding in [*MainScreen.BINDINGS, *Timetable.BINDINGS] if isinstance(binding, Binding)
            for key in binding.key.split(",") if key not in ("q", "ctrl+q")]

    async def body() -> None:
        monkeypatch.setattr(MainScreen, "_load", lambda self: None)
        app = TripplanApp(lisbon)
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
                while not isinstance(app.screen, MainScreen):  # help and the like: close them again
                    await pilot.press("escape")
                    await pilot.pause()
                assert app.is_running, f"after {key}"
            assert "Reading the trip…" in "\n".join(s.text for s in app.screen._compositor.render_strips())
    run(body)
