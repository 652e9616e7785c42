"""The planning checks in the TUI: they run on a snapshot of the trip, and a bug in them is shown, not hidden."""

from __future__ import annotations

import ast
import logging
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import tripplan
from tests.tui.conftest import notes, opened, run, screen_text, settle
from tripplan.planning import checks
from tripplan.trip.model import Trip
from tripplan.tui import balance_snapshot
from tripplan.tui.app import TripplanApp
from tripplan.tui.screens.balance_view import BalanceScreen
from tripplan.tui.screens.main import MainScreen

BUG = "planning bug for the test"


def _broken(*_args: Any, **_kwargs: Any) -> Any:
    raise RuntimeError(BUG)


def test_report_lets_a_planning_bug_through(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tripplan.files.storage import read_trip

    trip, _ = read_trip(small)
    assert balance_snapshot.report(trip).available
    monkeypatch.setattr(checks, "analyse", _broken)
    with pytest.raises(RuntimeError, match=BUG):
        balance_snapshot.report(trip)


def test_a_planning_bug_is_an_error_notification(small: Path, monkeypatch: pytest.MonkeyPatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(checks, "analyse", _broken)

    async def body() -> None:
        async with opened(small) as (app, pilot):
            assert isinstance(app.screen, MainScreen)
            shown = [n for n in app._notifications if BUG in n.message]
            assert shown and all(n.severity == "error" for n in shown)
            assert "planning checks failed" in notes(app)
            await pilot.press("N", "plus", "plus")  # the checks run after each edit: the same bug, one notice
            await settle(app, pilot)
            assert len([n for n in app._notifications if BUG in n.message]) == len(shown) == 1
            await pilot.press("b")  # the balance view runs them too: said there, not a crash (nor a second notice)
            await settle(app, pilot)
            assert isinstance(app.screen, BalanceScreen)
            assert "could not be computed" in screen_text(app)
            assert len([n for n in app._notifications if BUG in n.message]) == 1
    with caplog.at_level(logging.ERROR, logger="tripplan.tui"):
        run(body)
    assert any(r.exc_info and BUG in str(r.exc_info[1]) for r in caplog.records)


async def _until(condition: Any, pilot: Any, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.01)


@pytest.mark.parametrize("where", ["main", "balance"])
def test_the_checks_see_the_trip_as_it_was_when_they_started(small: Path, monkeypatch: pytest.MonkeyPatch,
                                                              where: str) -> None:
    real = checks.analyse
    started, release = threading.Event(), threading.Event()
    seen: list[list[str]] = []
    gate = {"armed": where == "main"}

    def slow(trip: Trip, *args: Any, **kwargs: Any) -> Any:
        if gate["armed"]:  # the first run of the screen under test waits while the UI edits the trip
            gate["armed"] = False
            started.set()
            release.wait(10)
            seen.append([e.id for e in trip.events])
        return real(trip, *args, **kwargs)

    monkeypatch.setattr(checks, "analyse", slow)

    async def body() -> None:
        app = TripplanApp(small)
        async with app.run_test(size=(120, 40)) as pilot:
            if where == "balance":
                await settle(app, pilot)
                gate["armed"] = True
                await pilot.press("b")
            await _until(started.is_set, pilot)
            screen = app.screen
            main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
            assert main.session is not None
            before = [e.id for e in main.session.trip.events]
            main.session.delete_event(before[0])  # on the UI thread, while the worker holds its trip
            release.set()
            await _until(lambda: bool(seen), pilot)
            assert seen == [before]  # what the worker read is the trip as it was when it started
            await settle(app, pilot)
            assert app.screen is screen
    run(body)


def test_a_snapshot_is_cheap_and_separate(small: Path) -> None:
    from tripplan.files.storage import read_trip

    trip, _ = read_trip(small)
    copy = balance_snapshot.snapshot(trip)
    assert copy == trip and copy is not trip
    trip.events.pop()
    trip.targets.bonding_share = 0.5
    assert len(copy.events) == len(trip.events) + 1 and copy.targets.bonding_share != 0.5


def test_no_garbage_collector_switch_outside_start_up() -> None:
    # gc.disable/freeze act on the whole process, every thread: only the app's start-up in tui/__init__.run
    # may, and the one-shot planning commands after reading the trip (a process with one thread that ends).
    package = Path(tripplan.__file__).parent
    found = []
    for file in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "gc"
                    and node.func.attr in {"disable", "freeze", "set_threshold"}):
                found.append(f"{file.relative_to(package)}:{node.lineno} gc.{node.func.attr}")
    assert sorted(f.split(":")[0] for f in found) == ["cli/planning_run.py", "tui/__init__.py"], found
    assert all(f.endswith("gc.freeze") for f in found), found
