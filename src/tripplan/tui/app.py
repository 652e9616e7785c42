"""The tripplan app: theme variables, and which screen shows when (nothing else lives here)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tripplan.model import Trip
from tripplan.tui.screens.main import MainScreen

# Category colours: mid-tone so blocks read on dark and light themes alike; themes may override them.
CATEGORY_COLOURS = {
    "cat-work": "#4f8ff7",
    "cat-networking": "#a477f2",
    "cat-bonding": "#f0984a",
    "cat-culture": "#2fb5a5",
    "cat-logistics": "#8b95a7",
    "cat-rest": "#69c46d",
}


def _clock() -> datetime:
    from tripplan.cli.show import current_time

    return current_time()


class TripplanApp(App[None]):
    """Open a trip (or the start screen) and move between the screens."""

    CSS_PATH = "tripplan.tcss"
    TITLE = "tripplan"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, path: Path | None = None, *, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.start_path = path
        self.clock = clock or _clock
        # With "now" frozen (tests, rehearsals) the clock need not tick.
        self.live_clock = clock is None and not os.environ.get("TRIPPLAN_NOW")

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Category colours as theme variables ($cat-work, …)."""
        return dict(CATEGORY_COLOURS)

    def on_mount(self) -> None:
        if self.start_path is not None:
            self.open_trip(self.start_path)
        else:
            self.show_start()

    def _show(self, screen: Screen[None]) -> None:
        if len(self.screen_stack) <= 1:
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def open_trip(self, path: Path) -> None:
        """Show the trip in *path* (its load errors, if it has any)."""
        self._show(MainScreen(path, self.clock, live_clock=self.live_clock))

    def create_trip(self, trip: Trip, path: Path) -> None:
        """Write a new trip file and open it."""
        from tripplan.editing import EditSession
        from tripplan.errors import TripplanError

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            session = EditSession.create(trip, path)
        except (TripplanError, OSError) as error:
            self.notify(str(error), title="Trip not created", severity="error", timeout=8)
            return
        self._show(MainScreen(path, self.clock, session=session, live_clock=self.live_clock))

    def show_start(self) -> None:
        """Show the start screen."""
        from tripplan.tui.screens.start import StartScreen

        self._show(StartScreen())

    async def action_quit(self) -> None:
        """Quit — through the trip's screen when one is open, so unsaved changes are asked about."""
        main = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        if main is not None and main.session is not None and main.session.dirty:
            while self.screen is not main:
                self.pop_screen()
            main.action_quit()
        else:
            self.exit()
