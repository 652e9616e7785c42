"""A trip file that does not load: its located problems, listed; the file is left as it was."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from tripplan.errors import TripFileError
from tripplan.tui.markup import m as _m


class LoadErrorScreen(Screen[None]):
    """Every problem of a trip file, one per line, with its line number."""

    CSS_PATH = "start.tcss"  # beside this module; loaded when the screen first opens

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Try again"),
        Binding("o", "open_other", "Open another"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, path: Path, error: TripFileError) -> None:
        super().__init__()
        self.path, self.error = path, error

    def compose(self) -> ComposeResult:
        count = len(self.error.problems)
        with Vertical(id="load-error"):
            yield Static(_m(
                "[b $error]✗[/] [b]$name could not be opened[/] [$text-muted]— $n problem$s[/]",
                name=self.path.name, n=count, s="s" if count != 1 else ""), id="load-error-title")
            with VerticalScroll(id="problems"):
                lines = []
                for problem in self.error.problems:
                    where = f"line {problem.line}" if problem.line is not None else "file"
                    lines.append(_m(
                        "[$accent]$where[/]  [b]$path[/b]$sep$msg", where=f"{where:>9}", path=problem.path,
                        sep=": " if problem.path else "", msg=problem.message))
                yield Static(Content("\n").join(lines))
            yield Static(_m(
                "[$text-muted]The file was not changed. Fix it in your editor (the format is described in "
                "docs/trip-format.md), then press [b]r[/b] to try again.[/]"), id="load-error-hint")
        yield Footer()

    def action_retry(self) -> None:
        """Read the file again."""
        opener = getattr(self.app, "open_trip", None)
        if callable(opener):
            opener(self.path)

    def action_open_other(self) -> None:
        """Go to the start screen."""
        starter = getattr(self.app, "show_start", None)
        if callable(starter):
            starter()
