"""Pilot-test helpers: a frozen clock, private data folders, a copy of a trip, the text on screen."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA

# Tue 9 Mar 2027, 14:05 in Lisbon (WET = UTC), 09:05 in New York.
NOW = "2027-03-09T14:05:00+00:00"


@pytest.fixture(autouse=True)
def _tui_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", NOW)
    monkeypatch.setenv("TRIPPLAN_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("TRIPPLAN_TRIPS_DIR", str(tmp_path_factory.mktemp("trips")))
    monkeypatch.setenv("TRIPPLAN_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))  # no user themes


@pytest.fixture
def lisbon(tmp_path: Path) -> Path:
    """A private copy of the frozen Lisbon sample (people, objectives, follow-ups; Mon 8 – Fri 12 Mar 2027)."""
    path = tmp_path / "lisbon.toml"
    path.write_bytes((DATA / "tui" / "lisbon-client-visit.toml").read_bytes())
    return path


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A private copy of tests/data/good/small.toml (Mon 8 – Wed 10 Mar 2027, Lisbon)."""
    path = tmp_path / "small.toml"
    path.write_bytes((DATA / "good" / "small.toml").read_bytes())
    return path


def run(test: Callable[[], Awaitable[None]]) -> None:
    """Run an async test body (no asyncio plugin needed)."""
    asyncio.run(test())  # type: ignore[arg-type]


def notes(app: Any) -> str:
    """Every notification shown so far, one per line (toasts are drawn on their own layer)."""
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


def screen_text(app: Any) -> str:
    """What the terminal shows, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


@asynccontextmanager
async def opened(path: Path | None, size: tuple[int, int] = (120, 40)) -> AsyncIterator[tuple[Any, Any]]:
    """The app on *path*, loaded and idle."""
    from tripplan.tui.app import TripplanApp

    app = TripplanApp(path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        yield app, pilot


async def view(app: Any, pilot: Any, key: str) -> Any:
    """Press *key* on the timetable (opening a view) and return the screen that opened, settled."""
    await pilot.press(key)
    await settle(app, pilot)
    return app.screen


async def settle(app: Any, pilot: Any) -> None:
    """Wait for workers (loading, checks) and the screen updates after them."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def open_publish(app: Any, pilot: Any) -> Any:
    """The publish dialog, opened from the palette."""
    await pilot.press("ctrl+p", *"share: publish")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(app, pilot)
    return app.screen


async def shown(app: Any, pilot: Any, words: str, tries: int = 50) -> bool:
    """Whether *words* come on screen within *tries* rounds of the event loop (a loaded machine needs more than one)."""
    for _ in range(tries):
        if words in screen_text(app):
            return True
        await pilot.pause()
    return words in screen_text(app)
