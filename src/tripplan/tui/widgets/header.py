"""The header: trip name and dates, the unsaved marker and a live dual clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Label

from tripplan.tui.text import place_name


class TripHeader(Horizontal):
    """One line: ``◆ Lisbon client visit · Mon 8 – Fri 12 Mar 2027   ● unsaved   Lisbon 14:05 WET · home 09:05 EST``."""

    DEFAULT_CSS = """
    TripHeader { height: 1; dock: top; }
    TripHeader > #title { width: 1fr; }
    TripHeader > #state, TripHeader > #clock { width: auto; }
    """

    title: reactive[str] = reactive("")
    subtitle: reactive[str] = reactive("")
    dirty: reactive[bool] = reactive(False)

    def __init__(self, clock: Callable[[], datetime], *, live: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.live = live
        self.zones: tuple[ZoneInfo, ZoneInfo] | None = None

    def compose(self) -> ComposeResult:
        yield Label(id="title")
        yield Label(id="state")
        yield Label(id="clock")

    def on_mount(self) -> None:
        self._show_title()
        self.tick()
        if self.live:
            # Once a second keeps the minute exact without a visible lag.
            self.set_interval(1.0, self.tick)

    def set_zones(self, destination: ZoneInfo, home: ZoneInfo) -> None:
        """The two zones of the dual clock."""
        self.zones = (destination, home)
        self.tick()

    def tick(self) -> None:
        """Redraw the clock."""
        if not self.is_mounted:
            return
        clock = self.query_one("#clock", Label)
        if self.zones is None:
            clock.update("")
            return
        now = self.clock()
        dest, home = (now.astimezone(z) for z in self.zones)
        text = f"{place_name(self.zones[0])} [b]{dest:%H:%M}[/b] {dest:%Z}"
        if self.zones[0].key != self.zones[1].key:
            text += f"  [$text-muted]·[/]  home [b]{home:%H:%M}[/b] {home:%Z}"
        clock.update(Content.from_markup(text))

    def watch_title(self) -> None:
        self._show_title()

    def watch_subtitle(self) -> None:
        self._show_title()

    def watch_dirty(self, dirty: bool) -> None:
        if self.is_mounted:
            self.query_one("#state", Label).update(
                Content.from_markup("[$warning]● unsaved[/]  " if dirty else ""))

    def _show_title(self) -> None:
        if not self.is_mounted:
            return
        title = Content.from_markup(" [$accent]◆[/] [b]$title[/b]", title=self.title)
        if self.subtitle:
            title = title + Content.from_markup("  [$text-muted]$sub[/]", sub=self.subtitle)
        self.query_one("#title", Label).update(title)
