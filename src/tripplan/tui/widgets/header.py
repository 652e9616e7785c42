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

    def __init__(self, clock: Callable[[], datetime], *, live: bool = True, title: str = "", subtitle: str = "",
                 zones: tuple[ZoneInfo, ZoneInfo] | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.live = live
        self.zones = zones
        # Set without watchers: the labels are composed with this text, so the first frame shows it.
        self.set_reactive(TripHeader.title, title)
        self.set_reactive(TripHeader.subtitle, subtitle)
        self._clock_shown = ""

    def compose(self) -> ComposeResult:
        yield Label(self._title_content(), id="title")
        yield Label(id="state")
        clock = self._clock_content()
        self._clock_shown = clock.markup
        yield Label(clock, id="clock")

    def on_mount(self) -> None:
        if self.live:
            # Once a second keeps the minute exact without a visible lag.
            self.set_interval(1.0, self.tick)

    def set_zones(self, destination: ZoneInfo, home: ZoneInfo) -> None:
        """The two zones of the dual clock."""
        self.zones = (destination, home)
        self.tick()

    def tick(self) -> None:
        """Redraw the clock (a new layout only when its width changes)."""
        if not self.is_mounted:
            return
        text = self._clock_content()
        if text.markup != self._clock_shown:  # once a minute, not once a second
            self._clock_shown = text.markup
            clock = self.query_one("#clock", Label)
            clock.update(text, layout=text.cell_length != clock.size.width)

    def _clock_content(self) -> Content:
        if self.zones is None:
            return Content("")
        now = self.clock()
        dest, home = (now.astimezone(z) for z in self.zones)
        text = f"{place_name(self.zones[0])} [b]{dest:%H:%M}[/b] {dest:%Z}"
        if self.zones[0].key != self.zones[1].key:
            text += f"  [$text-muted]·[/]  home [b]{home:%H:%M}[/b] {home:%Z}"
        return Content.from_markup(text)

    def watch_title(self) -> None:
        self._show_title()

    def watch_subtitle(self) -> None:
        self._show_title()

    def watch_dirty(self, dirty: bool) -> None:
        if self.is_mounted:
            self.query_one("#state", Label).update(
                Content.from_markup("[$warning]● unsaved[/]  " if dirty else ""))

    def _title_content(self) -> Content:
        title = Content.from_markup(" [$accent]◆[/] [b]$title[/b]", title=self.title)
        if self.subtitle:
            title = title + Content.from_markup("  [$text-muted]$sub[/]", sub=self.subtitle)
        return title

    def _show_title(self) -> None:
        if self.is_mounted:
            # The title takes the width the clock leaves: its text never changes the layout.
            self.query_one("#title", Label).update(self._title_content(), layout=False)
