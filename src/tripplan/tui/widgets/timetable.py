"""The timetable: a week grid (days as columns) or a day timeline (one day, more detail).

A Line-API widget: it draws only the rows on screen, looking blocks up in
the day map's cached layouts, so the cost of a frame does not grow with the
size of the trip.  Event blocks take their colours from the category theme
variables through component classes; overlapping events sit side by side
in lanes (with a "+n" when more overlap than fit).  The cursor is a day and
a time; the selected event is the block under it.  The widget decides
nothing about the trip: a cursor move is reported to the ``on_move``
callback (synchronously, so the screen's panels change in the same frame
as the grid), a double-click is posted as a message.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message

from tripplan.tui.text import MINUTES_PER_DAY
from tripplan.tui.widgets.scrolling import refresh_lines
from tripplan.tui.widgets.timetable_drawing import TimetableDrawing


class Timetable(TimetableDrawing, can_focus=True):
    """Week grid or day timeline of a trip, drawn from a ``DayMap``: the cursor, its keys and the mouse."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Earlier", show=False),
        Binding("down,j", "cursor(1)", "Later", show=False),
        Binding("left,h", "day(-1)", "Previous day", show=False),
        Binding("right,l", "day(1)", "Next day", show=False),
        Binding("pageup", "page(-1)", "Previous week", show=False),
        Binding("pagedown", "page(1)", "Next week", show=False),
        Binding("home", "edge(-1)", "First day", show=False),
        Binding("end", "edge(1)", "Last day", show=False),
        Binding("n", "next_event(1)", "Next event", show=False),
        Binding("N", "next_event(-1)", "Previous event", show=False),
    ]

    class OpenRequested(Message):
        """The user double-clicked an event."""

        def __init__(self, event_id: str) -> None:
            super().__init__()
            self.event_id = event_id

    def goto(self, day: date, minute: int, event_id: str | None = None, *, announce: bool = True) -> None:
        """Put the cursor on *day* at *minute*; select *event_id* (or whatever is there)."""
        if self.daymap is not None and self.daymap.days:
            day = min(max(day, self.daymap.days[0]), self.daymap.days[-1])
        self._home_pending = False
        self.day, self.minute = day, max(0, min(minute, MINUTES_PER_DAY - 1))
        self.selected = event_id if event_id is not None else self._pick(keep=False)
        self._update_size()
        self._reveal()
        self.refresh()
        if announce:
            self._announce()

    def _announce(self) -> None:
        """Tell the screen where the cursor is now.

        A call, not a message: a message would reach the screen after this frame
        was drawn, and the details would follow a whole frame (~17 ms) later.
        """
        if self.on_move is not None:
            self.on_move(self.day, self.minute, self.selected)

    def _pick(self, *, keep: bool = True) -> str | None:
        """The event under the cursor: the selected one if it is still there, else the first lane's."""
        if self.daymap is None:
            return None
        here = self.daymap.layout(self.day, self.slot).at(self.row)
        ids = [p.block.event_id for p in here]
        if keep and self.selected in ids:
            return self.selected
        return ids[0] if ids else None

    def _move(self, day: date, minute: int, *, keep: bool = True) -> None:
        self._home_pending = False
        before = self._cursor_state()
        self.day, self.minute = day, minute
        self.selected = self._pick(keep=keep)
        self._reveal()
        self._refresh_moved(before)
        self._announce()

    def _cursor_state(self) -> tuple[date, int, str | None, tuple[object, ...], int]:
        return self.day, self.row, self.selected, self._page_key(), int(self.scroll_y)

    def _refresh_moved(self, before: tuple[date, int, str | None, tuple[object, ...], int]) -> None:
        """Redraw what a cursor move changed: on the same page of the week grid, only the rows of the
        old and new cursor and selection (and the day names); anything else redraws the whole grid."""
        day, row, selected, page, top = before
        if self.daymap is None or self.mode != "week" or page != self._page_key() or top != int(self.scroll_y):
            self.refresh()
            return
        header = self.header_rows()
        lines = set(range(header))
        for d, r, s in ((day, row, selected), (self.day, self.row, self.selected)):
            lines.add(header + r - top)
            if s is not None:
                for placed in self.daymap.layout(d, self.slot).placed:
                    if placed.block.event_id == s:
                        lines.update(range(header + placed.top - top, header + placed.bottom - top))
        refresh_lines(self, lines)

    def watch_mode(self) -> None:
        """Switch between week grid and day timeline."""
        self._update_size()
        self._reveal(center=True)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        """Column widths depend on the width; the visible rows on the height."""
        self._update_size()
        if self._home_pending:
            self.call_after_refresh(self.scroll_to_working_hours)
        else:
            self._reveal()

    def _reveal(self, *, center: bool = False) -> None:
        """Scroll so the cursor row (and as much of the selected block as fits) is visible."""
        height = self._visible_rows()
        top = int(self.scroll_y)
        row = self.row
        bottom_row = row + 1
        if self.selected is not None and self.daymap is not None:
            for placed in self.daymap.layout(self.day, self.slot).at(row):
                if placed.block.event_id == self.selected:
                    bottom_row = min(placed.bottom, row + height)
        if center:
            top = max(0, row - height // 3)
        elif row < top:
            top = row
        elif bottom_row > top + height:
            top = max(row - height + 1, bottom_row - height) if bottom_row - row <= height else row
        self.scroll_to(y=top, animate=False, immediate=True)

    def scroll_to_working_hours(self) -> None:
        """Start the view just before the working day, unless that would hide the cursor.

        Until the user moves, this is redone whenever the widget is resized (the
        first layout, the warnings bar appearing), so the start view stays right.
        """
        self._home_pending = True
        self._update_size()
        first = max(0, self.working_on(self.day)[0] // self.slot - 1)
        if not first <= self.row < first + self._visible_rows():
            first = max(0, self.row - self._visible_rows() // 3)
        self.scroll_to(y=first, animate=False, immediate=True)

    # --- actions ---------------------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        """Move the cursor one row earlier or later."""
        minute = (self.row + step) * self.slot
        if 0 <= minute < MINUTES_PER_DAY:
            self._move(self.day, minute)

    def action_day(self, step: int) -> None:
        """Move the cursor to the previous or next day."""
        days = self._days()
        index = days.index(self.day) if self.day in days else 0
        target = min(max(index + step, 0), len(days) - 1)
        if target != index:
            self._move(days[target], self.minute, keep=False)

    def action_page(self, step: int) -> None:
        """Move by a page of days (a week in the week grid)."""
        per_page = len(self.columns()) if self.mode == "week" else 7
        self.action_day(step * per_page)

    def action_edge(self, step: int) -> None:
        """Go to the first or last day of the trip."""
        days = self._days()
        self._move(days[0] if step < 0 else days[-1], self.minute, keep=False)

    def action_next_event(self, step: int) -> None:
        """Select the next (or previous) event in time, crossing into other days."""
        if self.daymap is None:
            return
        days = self._days()
        index = days.index(self.day) if self.day in days else 0
        blocks = self.daymap.plan(self.day).blocks
        order = [(b.start_min, b.event_id) for b in blocks]
        current = next((i for i, b in enumerate(blocks) if b.event_id == self.selected), None)
        if current is not None:
            candidate = current + step
        elif step > 0:
            candidate = next((i for i, (m, _) in enumerate(order) if m > self.minute), len(order))
        else:
            candidate = max((i for i, (m, _) in enumerate(order) if m < self.minute), default=-1)
        while not 0 <= candidate < len(blocks):
            index += step
            if not 0 <= index < len(days):
                return
            blocks = self.daymap.plan(days[index]).blocks
            candidate = 0 if step > 0 else len(blocks) - 1
        block = blocks[candidate]
        self._home_pending = False
        before = self._cursor_state()
        self.day, self.minute, self.selected = days[index], block.start_min, block.event_id
        self._reveal()
        self._refresh_moved(before)
        self._announce()

    # --- mouse -----------------------------------------------------------------------------------------

    def hit(self, x: int, y: int) -> tuple[date, int, str | None] | None:
        """What is at widget content position (*x*, *y*): day, minute and event id (if any)."""
        columns = self.columns()
        column = next((c for c in columns if c.x <= x < c.x + c.width), None)
        if column is None:
            return None
        header = self.header_rows()
        if y < header:
            return column.day, self.minute, None
        row = y - header + int(self.scroll_y)
        if not 0 <= row < MINUTES_PER_DAY // self.slot:
            return None
        inner = column.width - 1
        placed = self._lanes(column.day, row, inner)
        offset = x - column.x - 1
        event_id = next((p.block.event_id for p, lx, lw in placed if lx <= offset < lx + lw), None)
        return column.day, row * self.slot, event_id

    def on_click(self, event: events.Click) -> None:
        """Click selects; double-click opens the event in the editor."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        found = self.hit(offset.x, offset.y)
        if found is None:
            return
        day, minute, event_id = found
        if offset.y < self.header_rows():
            self._move(day, self.minute, keep=False)
            return
        self._home_pending = False
        before = self._cursor_state()
        self.day, self.minute, self.selected = day, minute, event_id
        self._refresh_moved(before)
        self._announce()
        if event.chain >= 2 and event_id is not None:
            self.post_message(self.OpenRequested(event_id))


def block_region(timetable: Timetable, day: date, minute: int) -> Region | None:
    """Where on the widget the cell of *day* at *minute* is drawn (for tests and tooltips)."""
    for column in timetable.columns():
        if column.day == day:
            row = minute // timetable.slot
            y = timetable.header_rows() + row - int(timetable.scroll_y)
            return Region(column.x + 1, y, column.width - 1, 1)
    return None
