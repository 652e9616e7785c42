"""The agenda list: every day of the trip, one line per event, like ikhal's agenda.

    Tue 9 Mar
      10:00–12:50  Kick-off with Acme Iberia  · Acme Iberia

It stands in for the timetable where the grid cannot show titles (a narrow
terminal) and whenever the user asks for it (v).  The list decides nothing
about the trip: moving the highlight onto an event reports its day, start
and id to the ``on_move`` callback (synchronously, so the details follow in
the same frame, as with the timetable); Enter on one posts ``OpenRequested``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tripplan.tui.markup import m as _m
from tripplan.tui.text import day_medium, hhmm

if TYPE_CHECKING:
    from tripplan.trip.recurrence import Occurrence
    from tripplan.tui.daymap import DayMap


@dataclass(frozen=True)
class Entry:
    """What one line of the list stands for: an event on a day, starting at *minute* (0 for all day)."""

    day: date
    minute: int
    event_id: str


def _where(occ: Occurrence) -> str:
    """The place, short: the part of the location before its first comma."""
    return occ.event.location.split(",", 1)[0].strip()


class AgendaList(OptionList):
    """Days as headings, their events one line each; the highlighted event is the selection."""

    # j/k as in the timetable (the option list has only the arrows).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next", show=False),
        Binding("k", "cursor_up", "Previous", show=False),
    ]

    class OpenRequested(Message):
        """Enter on an event: open it in the editor."""

        def __init__(self, event_id: str) -> None:
            super().__init__()
            self.event_id = event_id

    def __init__(self, *, on_move: Callable[[date, int, str | None], None] | None = None,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.on_move = on_move
        self.entries: list[Entry | None] = []  # by option index: None for a heading or an empty day
        self._shown: DayMap | None = None
        self._current: Entry | None = None  # the entry the screen's selection is on

    def show(self, daymap: DayMap, *, force: bool = False) -> None:
        """(Re)fill the list from *daymap* (nothing to do when it already shows that one)."""
        if daymap is self._shown and not force:
            return
        self._shown = daymap
        options: list[Option] = []
        entries: list[Entry | None] = []
        for day in daymap.days:
            plan = daymap.plan(day)
            zone = daymap.zone(day)
            options.append(Option(_m("[b $text-secondary]$d[/]", d=day_medium(day)), disabled=True))
            entries.append(None)
            for occ in plan.all_day:
                options.append(Option(self._line("all day", occ)))
                entries.append(Entry(day, 0, occ.event.id))
            for block in plan.blocks:
                occ = block.occurrence
                start = "…" if block.clipped_start else hhmm(occ.start_utc.astimezone(zone))
                end = "…" if block.clipped_end else hhmm(occ.end_utc.astimezone(zone))
                times = start if occ.start_utc == occ.end_utc else f"{start}–{end}"
                options.append(Option(self._line(times, occ)))
                entries.append(Entry(day, block.start_min, block.event_id))
            if not plan.all_day and not plan.blocks:
                options.append(Option(_m("  [$text-muted]nothing planned[/]"), disabled=True))
                entries.append(None)
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(options)
        self.entries = entries
        if highlighted is not None and highlighted < len(entries) and entries[highlighted] is not None:
            self.highlighted = highlighted

    @staticmethod
    def _line(times: str, occ: Occurrence) -> Content:
        where = _where(occ)
        line = _m("  [$text-muted]$t[/]  $n", t=f"{times:<11}", n=occ.event.title)
        return line + _m("  [$text-muted]· $w[/]", w=where) if where else line

    def select(self, day: date, event_id: str | None) -> None:
        """Highlight *event_id* on *day* (or the day's heading when none); this is not announced back."""
        index = next((i for i, e in enumerate(self.entries) if e is not None and e.day == day
                      and e.event_id == event_id), None)
        if index is None:
            index = next((i for i, e in enumerate(self.entries) if e is not None and e.day == day), None)
        if index is not None:
            self._current = self.entries[index]
        if index is not None and self.highlighted != index:
            self.highlighted = index
            self.scroll_to_highlight()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        # Only a highlight the user made (the list has focus) moves the selection; the screen's own
        # highlights (select) arrive later than they are set and must not echo back.
        # A highlight message arrives after the highlight moved on (two keys pressed quickly, or select):
        # only the one for the line highlighted now counts, and only once — answering a stale one would
        # move the highlight back and the two would chase each other for ever.
        if event.option_index != self.highlighted or event.option_index >= len(self.entries):
            return
        entry = self.entries[event.option_index]
        if self.has_focus and entry is not None and entry != self._current and self.on_move is not None:
            self._current = entry
            self.on_move(entry.day, entry.minute, entry.event_id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry = self.entries[event.option_index] if event.option_index < len(self.entries) else None
        if entry is not None:
            self.post_message(self.OpenRequested(entry.event_id))
