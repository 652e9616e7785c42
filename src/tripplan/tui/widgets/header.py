"""The header: trip name and dates, the person whose plan is shown, the unsaved marker and a live dual clock.

The clock follows the day in focus: on a multi-city trip a Tokyo day shows
Tokyo's time (and the city's name) beside home.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from tripplan.tui.markup import m as _m
from tripplan.tui.text import place_name

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo


class TripHeader(Widget):
    """One line: ``◆ Lisbon client visit · Mon 8 – Fri 12 Mar 2027   ● unsaved   Lisbon 14:05 WET · home 09:05 EST``.

    One widget drawing its three parts (the title takes what the marker and the
    clock leave, cut with an ellipsis): the first frame of the app styles and
    lays out one node here, not four.
    """

    DEFAULT_CSS = """
    TripHeader { height: 1; dock: top; }
    """

    title: reactive[str] = reactive("")
    subtitle: reactive[str] = reactive("")
    dirty: reactive[bool] = reactive(False)
    note: reactive[str] = reactive("")
    """Whose plan is shown when the timetable shows one person's ("" for everyone's); literal text."""

    def __init__(self, clock: Callable[[], datetime], *, live: bool = True, title: str = "", subtitle: str = "",
                 zones: tuple[ZoneInfo, ZoneInfo] | None = None, place: str = "", note: str = "",
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.live = live
        self.zones = zones
        self.place = place
        self.set_reactive(TripHeader.note, note)
        self.set_reactive(TripHeader.title, title)
        self.set_reactive(TripHeader.subtitle, subtitle)
        self._clock_shown = self._clock_content()
        self._clock_short = self._clock_content(home=False)

    def on_mount(self) -> None:
        if self.live:
            # Once a second keeps the minute exact without a visible lag.
            self.set_interval(1.0, self.tick)

    def set_zones(self, destination: ZoneInfo, home: ZoneInfo, place: str = "") -> None:
        """The two zones of the dual clock; *place* names the first (by default its zone's city)."""
        if self.zones == (destination, home) and self.place == place:
            return
        self.zones = (destination, home)
        self.place = place
        self.tick()

    def tick(self) -> None:
        """Redraw the clock when its text changes (once a minute, not once a second)."""
        text = self._clock_content()
        if text.markup != self._clock_shown.markup:
            self._clock_shown = text
            self._clock_short = self._clock_content(home=False)
            self.refresh()

    def _clock_content(self, *, home: bool = True) -> Content:
        if self.zones is None:
            return Content("")
        now = self.clock()
        dest, home_now = (now.astimezone(z) for z in self.zones)
        text = "$place [b]$dest[/b] $dz"
        if home and self.zones[0].key != self.zones[1].key:
            text += "  [$text-muted]·[/]  home [b]$home[/b] $hz"
        return _m(text, place=self.place or place_name(self.zones[0]), dest=f"{dest:%H:%M}",
                                   dz=f"{dest:%Z}", home=f"{home_now:%H:%M}", hz=f"{home_now:%Z}")

    def _title_content(self) -> Content:
        title = _m(" [$accent]◆[/] [b]$title[/b]", title=self.title)
        if self.subtitle:
            title = title + _m("  [$text-muted]$sub[/]", sub=self.subtitle)
        return title

    @property
    def text(self) -> str:
        """The header's text (for tests)."""
        return self.render().plain

    def render(self) -> Content:
        width = max(0, self.content_region.width or self.app.size.width)
        note = _m("[$accent]▸[/] [b]$n[/b]  ", n=self.note) if self.note else Content("")
        dirty = _m("[$warning]● unsaved[/]  " if self.dirty else "")
        clock = self._clock_shown
        if note.cell_length + dirty.cell_length + clock.cell_length > width:  # a narrow terminal: the local clock
            clock = self._clock_short
        if note.cell_length + dirty.cell_length + clock.cell_length > width:
            note = note.truncate(max(0, width - dirty.cell_length - clock.cell_length), ellipsis=True)
        right = Content.assemble(note, dirty, clock)
        room = max(0, width - right.cell_length - 2)  # two spaces at least between title and the rest
        title = self._title_content()
        if title.cell_length > room:
            title = title.truncate(room, ellipsis=True)
        return Content.assemble(title, " " * max(0, width - title.cell_length - right.cell_length), right)
