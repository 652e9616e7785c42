"""The start screen: recent trips, the trips folder, the bundled samples and "New trip"."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tripplan.files.userdirs import toml_files
from tripplan.tui import trip_folders
from tripplan.tui.markup import m as _m

NEW_TRIP = "new-trip"


class StartScreen(Screen[None]):
    """Pick a trip to open, or make a new one."""

    CSS_PATH = "start.tcss"  # beside this module; loaded when the screen first opens

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_trip", "New trip"),
        Binding("question_mark,f1", "help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.paths: dict[str, Path] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="start"):
            yield Static(_m(
                "[b $accent]◆ tripplan[/]\n[$text-muted]Plan work trips that build relationships.[/]"),
                id="start-title")
            yield OptionList(id="trips")
        yield Footer()

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#trips", OptionList).focus()

    def _section(self, options: list[Option | None], title: str, files: list[Path]) -> None:
        if not files:
            return
        if options:
            options.append(None)
        options.append(Option(_m("[b $text-secondary]$t[/]", t=title), disabled=True))
        for path in files:
            entry = trip_folders.describe(path)
            key = f"trip-{len(self.paths)}"
            self.paths[key] = path
            options.append(Option(_m("  $label  [$text-muted]$detail[/]", label=entry.label,
                                                      detail=entry.detail), id=key))

    def _fill(self) -> None:
        options: list[Option | None] = []
        recent = trip_folders.recent_trips()
        self._section(options, "Recent", recent)
        folder = trip_folders.trips_dir()
        seen = {p.resolve() for p in recent}
        mine = [p for p in toml_files(folder) if p.resolve() not in seen]
        self._section(options, f"Your trips · {_home_relative(folder)}", mine)
        # Saving a sample asks where (it opens as a copy): the title says so before anyone is surprised.
        self._section(options, "Sample trips · open as a copy", toml_files(trip_folders.samples_dir()))
        if options:
            options.append(None)
        options.append(Option(_m("[b $accent]＋ New trip…[/]"), id=NEW_TRIP))
        trips = self.query_one("#trips", OptionList)
        trips.clear_options()
        trips.add_options(options)
        first = next((i for i, o in enumerate(trips.options) if not o.disabled), None)
        trips.highlighted = first

    @on(OptionList.OptionSelected, "#trips")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        ident = event.option.id or ""
        if ident == NEW_TRIP:
            self.action_new_trip()
        elif ident in self.paths:
            from tripplan.files.bundled import is_sample

            path = self.paths[ident]
            # A bundled sample lives inside the installed package: it opens as a copy, saved elsewhere.
            opener = getattr(self.app, "open_sample" if is_sample(path) else "open_trip", None)
            if callable(opener):
                opener(path)

    def action_new_trip(self) -> None:
        """Create a new trip file from a short form."""
        from tripplan.tui.screens.new_trip import NewTrip, NewTripScreen

        def done(result: NewTrip | None) -> None:
            creator = getattr(self.app, "create_trip", None)
            if result is not None and callable(creator):
                creator(result.trip, result.path)

        self.app.push_screen(NewTripScreen(trip_folders.trips_dir()), done)

    def action_help(self) -> None:
        """Show the keys of this screen."""
        from tripplan.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen("start", [self]))


def _home_relative(path: Path) -> str:
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)
