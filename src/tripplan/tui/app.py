"""The tripplan app: themes, the command palette, and which screen shows when (nothing else lives here)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tripplan.tui import themes
from tripplan.tui.commands import Command, TripCommands
from tripplan.tui.keys import pass_on
from tripplan.tui.screens.main import MainScreen

if TYPE_CHECKING:
    from tripplan.trip.model import Trip

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
    from tripplan.time.clock import current_time

    return current_time()


class TripplanApp(App[None]):
    """Open a trip (or the start screen) and move between the screens."""

    CSS_PATH = "tripplan.tcss"
    TITLE = "tripplan"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {TripCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, path: Path | None = None, *, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.start_path = path
        self.clock = clock or _clock
        # With "now" frozen (tests, rehearsals) the clock need not tick.
        self.live_clock = clock is None and not os.environ.get("TRIPPLAN_NOW")
        self.theme_book = themes.load_themes()
        self._theme_note = ""
        self._use_themes()

    # --- themes ----------------------------------------------------------------------------------------

    def _use_themes(self) -> None:
        """Register every theme that loaded and switch to the remembered one (or the default)."""
        defaults = dict(CATEGORY_COLOURS)
        for spec in self.theme_book.themes.values():
            self.register_theme(themes.to_textual(spec, defaults))
        wanted = themes.remembered_theme() or themes.DEFAULT_THEME
        available = self.theme_book.themes
        chosen = next((n for n in (wanted, themes.DEFAULT_THEME) if n in available), themes.LAST_RESORT)
        if wanted != chosen:
            self._theme_note = f"Theme {wanted!r} is not available; using {self.theme_label(chosen)}."
        self.theme = chosen  # Textual's public way (its watcher re-parses the styles once the app runs)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """A notification; its message and title are text, never markup, whatever *markup* says (widgets pass
        Textual's default, True): they quote titles, file names and servers' words.  Control characters
        in them are shown as escapes."""
        from tripplan.visible import visible

        super().notify(visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False)

    def theme_label(self, name: str) -> str:
        """How people see a theme named: its label ("high contrast")."""
        spec = self.theme_book.themes.get(name)
        return spec.label if spec is not None else name

    def action_use_theme(self, name: str) -> None:
        """Switch to the theme *name* and remember the choice."""
        if name not in self.theme_book.themes:
            self.notify(f"No theme {name!r}.", severity="warning", timeout=3)
            return
        self.theme = name
        themes.remember_theme(name)
        self.notify(f"Theme: {self.theme_label(name)}.", timeout=2)

    def palette_commands(self) -> list[Command]:
        """The app's own commands: themes, help on themes, quitting."""
        found = [Command(f"theme: {spec.label}", spec.description or f"Switch to the {spec.label} theme",
                         lambda name=name: self.action_use_theme(name))  # type: ignore[misc]
                 for name, spec in self.theme_book.themes.items()]
        found.append(Command("app: quit", "Quit tripplan (asks about unsaved changes)", self.action_quit))
        return found

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Category colours as theme variables ($cat-work, …)."""
        return dict(CATEGORY_COLOURS)

    def on_key(self, event: events.Key) -> None:
        # Keys typed right after the one that opened a form go to that form (tripplan.tui.keys).
        pass_on(self, event)

    def on_mount(self) -> None:
        if self.theme_book.errors:
            # One notification for all broken files, however many: the app goes on with the others.
            count = len(self.theme_book.errors)
            self.notify(self.theme_book.summary() + (f"\n{self._theme_note}" if self._theme_note else ""),
                        title=f"{count} theme file{'s' * (count != 1)} skipped", severity="warning", timeout=12)
        elif self._theme_note:
            self.notify(self._theme_note, severity="warning", timeout=6)
        if self.theme_book.unread:  # an unreadable config folder: start without it, say so, write nothing there
            self.notify("\n".join(self.theme_book.unread) + "\nStarted without them; nothing there is changed.",
                        title="Settings could not be read", severity="warning", timeout=12)
        # After this handler: mounting here would happen inside the app's own first batch update, whose
        # frame is drawn and thrown away; the trip's frame would come a whole render later.
        self.call_later(self._show, self._first_screen())

    def _first_screen(self) -> Screen[None]:
        if self.start_path is not None:
            return MainScreen(self.start_path, self.clock, live_clock=self.live_clock)
        from tripplan.tui.screens.start import StartScreen

        return StartScreen()

    def _show(self, screen: Screen[None]) -> None:
        """Make *screen* the app's screen (above Textual's blank base), closing whatever is open above it."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_trip(self, path: Path) -> None:
        """Show the trip in *path* (its load errors, if it has any)."""
        self._show(MainScreen(path, self.clock, live_clock=self.live_clock))

    def open_sample(self, path: Path) -> None:
        """Show a copy of the bundled sample in *path*: edits stay in memory until saved as a new file."""
        from tripplan.edit.copies import CopySession
        from tripplan.errors import TripFileError

        try:
            session = CopySession.open_copy(path)
        except TripFileError:
            self.open_trip(path)  # the trip screen says what is wrong with it (and writes nothing)
            return
        self._show(MainScreen(path, self.clock, session=session, live_clock=self.live_clock))

    def create_trip(self, trip: Trip, path: Path) -> None:
        """Write a new trip file and open it."""
        from tripplan.edit.session import EditSession
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
        """Quit — through the trip's screen when one is open, so unsaved changes are asked about.

        The question goes on top of whatever is open (the event editor, say):
        cancelling it goes back there with nothing lost.
        """
        main = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        if main is not None:
            main.action_quit()
        else:
            self.exit()
