"""No dead entries: every binding of every screen and every palette command does something visible.

"Something" is any of: another screen opened or closed, a change to the
trip, the text on screen changed (a cursor moved, a view switched), a
notification, or another theme.  Each key and command is tried from the
same starting state (the Lisbon trip on Tue 9 Mar, the cursor on an event).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.actions import parse as parse_action
from textual.binding import Binding
from textual.command import CommandPalette

from tests.tui.conftest import opened, run, screen_text, settle
from tripplan.tui.commands import TripCommands, gather
from tripplan.tui.screens.main import MainScreen
from tripplan.tui.widgets.timetable import Timetable

TUE = date(2027, 3, 9)
VIEWS = {"MainScreen": None, "TodayScreen": "today", "PeopleScreen": "people", "ObjectivesScreen": "objectives",
         "FollowUpsScreen": "followups", "BalanceScreen": "balance", "TripSettingsScreen": "settings"}
QUIT_ACTIONS = {"quit", "app.quit"}
# Keys that act on the selected event start on one (the lunch, 13:00); the others in free time (08:00).
EVENT_ACTIONS = {"edit", "duplicate", "delete", "move_time", "move_day"}


def _state(app: Any) -> tuple[object, ...]:
    main = next((s for s in app.screen_stack if isinstance(s, MainScreen)), None)
    if main is None:  # the trip was closed (back to the start screen)
        return (tuple(id(s) for s in app.screen_stack),)
    return (tuple(id(s) for s in app.screen_stack), screen_text(app), app.notified, main.session.revision,
            main.session.dirty, app.theme)


def _count_notifications(app: Any) -> None:
    """Count every notification (identical toasts may be merged on screen, but each one is feedback)."""
    app.notified = 0
    original = app.notify

    def notify(*args: Any, **kwargs: Any) -> None:
        app.notified += 1
        original(*args, **kwargs)

    app.notify = notify


async def _start(app: Any, pilot: Any, view: str | None, minute: int = 13 * 60) -> Any:
    """The same starting point every time: the timetable on Tue 9 Mar at *minute*, then *view*."""
    if not hasattr(app, "notified"):
        _count_notifications(app)
    main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
    main.to_top()
    if main.session.can_undo:
        while main.session.can_undo:
            main.session.undo()
        main.changed()
    main.view = "week"
    main.query_one(Timetable).goto(TUE, minute)
    main.query_one(Timetable).focus()
    if view is not None:
        main.open_view(view)
    await _quick_settle(app, pilot)
    return app.screen


async def _quick_settle(app: Any, pilot: Any) -> None:
    await pilot.pause()
    if app.workers._workers:  # a view that computes in a worker (balance, invites…)
        await settle(app, pilot)


def _bindings(screen: Any) -> list[tuple[str, Binding]]:
    """(key, binding) of tripplan's own bindings on the screen and on the widget that has focus.

    Textual's own (tab, scrolling a list, copy) are Textual's business, not entries of this app.
    """
    found: list[tuple[str, Binding]] = []
    nodes = [screen] + ([screen.focused] if screen.focused is not None else [])
    for node in nodes:
        for cls in type(node).__mro__:
            if not cls.__module__.startswith("tripplan."):
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding):
                    found += [(key.strip(), binding) for key in binding.key.split(",")]
    return found


@pytest.mark.parametrize("view", list(VIEWS))
def test_every_binding_does_something(lisbon: Path, view: str) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            screen = await _start(app, pilot, VIEWS[view])
            assert type(screen).__name__ == view
            keys = _bindings(screen)
            assert keys
            dead = []
            for key, binding in keys:
                assert binding.description, f"{key} has no description"
                _, action, params = parse_action(binding.action)
                if binding.action in QUIT_ACTIONS:
                    continue  # tested below: it ends the app
                screen = await _start(app, pilot, VIEWS[view], 13 * 60 if action in EVENT_ACTIONS else 8 * 60)
                if screen.check_action(action, params) is False:
                    continue  # not offered here (the key of the view already shown)
                before = _state(app)
                await pilot.press(key)
                await _quick_settle(app, pilot)
                if _state(app) == before:
                    dead.append(f"{key} ({binding.description})")
            assert not dead, f"keys that did nothing on {view}: {dead}"
    run(body)


def test_quit_keys(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            await pilot.press("q")
            await pilot.pause()
            assert app._exit
    run(body)


def test_palette_names_and_every_command_does_something(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            await _start(app, pilot, None)
            commands = gather([*reversed(app.screen_stack), app])
            names = [c.name for c in commands]
            assert len(names) == len(set(names))
            for name in names:
                assert re.fullmatch(r"[a-z][a-z -]*: \S.*", name), name
            for wanted in ("view: week", "view: day", "view: today", "view: people", "view: objectives",
                           "view: follow-ups", "view: balance", "export: invites", "export: whole trip",
                           "export: follow-ups as to-dos", "import: calendar", "theme: high contrast",
                           "theme: dark", "theme: light", "go to: Thu 11 Mar", "go to: now", "edit: undo",
                           "file: save", "balance: suggest activities", "app: quit", "view: trip settings",
                           "view: show one person's plan…", "stops: add stop"):
                assert wanted in names, wanted
            dead = []
            # Closing the trip goes last: after it there is no timetable to come back to.
            commands.sort(key=lambda c: c.name == "file: open another trip")
            for command in commands:
                if command.name == "app: quit":
                    continue
                main = await _start(app, pilot, None, 13 * 60 if command.name.startswith("event:") else 8 * 60)
                if command.name == "view: week":
                    main.view = "day"  # so that it has something to do
                    await settle(app, pilot)
                before = _state(app)
                command.run()
                await _quick_settle(app, pilot)
                if _state(app) == before:
                    dead.append(command.name)
            assert not dead, f"palette commands that did nothing: {dead}"
    run(body)


def test_palette_opens_with_ctrl_p_and_runs_a_command(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            assert TripCommands in app.COMMANDS and len(app.COMMANDS) == 1
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)
            await pilot.press(*"view: people")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await settle(app, pilot)
            assert type(app.screen).__name__ == "PeopleScreen"
            # From a view, a timetable command comes back to the timetable.
            await pilot.press("ctrl+p", *"go to: Thu 11", )
            await pilot.pause(0.3)
            await pilot.press("enter")
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen)
            assert app.screen.query_one(Timetable).day == date(2027, 3, 11)
    run(body)
