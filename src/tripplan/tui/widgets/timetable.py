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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tripplan.trip.kinds import Category
from tripplan.tui.markup import shown
from tripplan.tui.text import MINUTES_PER_DAY, clock, day_long, day_medium, day_short, hhmm
from tripplan.tui.widgets.scrolling import refresh_lines, set_virtual_size

if TYPE_CHECKING:  # the day map's module (and the model) load with the trip, after the first frame
    from zoneinfo import ZoneInfo

    from tripplan.trip.model import WorkingHours
    from tripplan.tui.daymap import DayMap, Placed

GUTTER = 6
MIN_COLUMN = 11
# A lane keeps its edge and the start of a title ("▎Kick-o…"); where fewer fit, "+n" and the details list them.
MIN_LANE = {"week": 8, "day": 12}
SLOT = {"week": 30, "day": 15}
_CATEGORY_CLASSES = {f"timetable--{c.value}{suffix}" for c in Category for suffix in ("", "-edge", "-selected")}


@dataclass(frozen=True)
class Column:
    """One day column on screen: its day, where it starts and how wide it is (separator included)."""

    day: date
    x: int
    width: int


class Timetable(ScrollView, can_focus=True):
    """Week grid or day timeline of a trip, drawn from a ``DayMap``."""

    COMPONENT_CLASSES: ClassVar[set[str]] = _CATEGORY_CLASSES | {
        "timetable--gutter", "timetable--hour", "timetable--now", "timetable--off", "timetable--cursor",
        "timetable--header", "timetable--header-cursor", "timetable--today", "timetable--separator",
        "timetable--more",
    }

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

    mode: reactive[str] = reactive("week")
    """"week" (days as columns) or "day" (one day, more detail)."""

    class OpenRequested(Message):
        """The user double-clicked an event."""

        def __init__(self, event_id: str) -> None:
            super().__init__()
            self.event_id = event_id

    def __init__(self, *, mode: str = "week", on_move: Callable[[date, int, str | None], None] | None = None,
                 day: date | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(Timetable.mode, mode)
        self.on_move = on_move
        self.daymap: DayMap | None = None
        if day is None:  # the one clock (TRIPPLAN_NOW freezes it), never the machine's date
            from tripplan.time.clock import current_time

            day = current_time().date()
        self.day: date = day
        self.minute = 9 * 60
        self.selected: str | None = None
        self.now: datetime | None = None
        self.working = (9 * 60, 18 * 60)  # the cursor day's working hours, in minutes
        self._working_days: dict[date, tuple[int, int]] = {}
        self.cities: dict[date, str] = {}  # the city of each day, on a multi-city trip (named in the headings)
        self.names: dict[str, str] = {}
        self._home_pending = False
        # Drawn cells by (day, row, width, selection on that day, first visible row, mode): a day or
        # week switch redraws only the columns whose content changed.
        self._cells: dict[tuple[object, ...], list[Segment]] = {}
        self._styles: dict[str, Style] = {}
        # The columns and header height of the page on screen, by what they depend on (asked per line).
        self._geometry_key: tuple[object, ...] | None = None
        self._geometry: tuple[list[Column], int] = ([], 1)

    # --- data and cursor -------------------------------------------------------------------------------

    @property
    def slot(self) -> int:
        """Minutes per row."""
        return SLOT.get(self.mode, 30)

    @property
    def row(self) -> int:
        """The cursor's row."""
        return min(self.minute // self.slot, MINUTES_PER_DAY // self.slot - 1)

    def set_data(self, daymap: DayMap) -> None:
        """Show a (rebuilt) day map, keeping the cursor and, if it still exists, the selection."""
        self.daymap = daymap
        trip = daymap.trip
        self._working_days = {d: _minutes_span(trip.working_hours_on(d)) for d in daymap.days}
        self.cities = {d: shown(trip.stop_on(d).city) for d in daymap.days} if trip.multi_city else {}
        self.working = self.working_on(self.day)
        self.names = {p.id: shown(p.name) for p in trip.people}
        self._cells.clear()
        self._geometry_key = None
        if daymap.days and self.day not in daymap.days:
            self.day = daymap.days[0]
        if self.selected is not None and daymap.first_day_of(self.selected) is None:
            self.selected = None
        self._update_size()
        self.refresh()

    def working_on(self, day: date) -> tuple[int, int]:
        """The working hours of *day*'s stop, as minutes after midnight."""
        return self._working_days.get(day, self.working)

    def zone_on(self, day: date) -> ZoneInfo | None:
        """The zone *day* is shown in (``None`` before the trip is known)."""
        return self.daymap.zone(day) if self.daymap is not None else None

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

    # --- geometry --------------------------------------------------------------------------------------

    def _page_key(self) -> tuple[object, ...]:
        """What the columns on screen depend on: the mode, the width and the page (a new day map resets it)."""
        width = self.scrollable_content_region.width
        if self.mode == "day" or self.daymap is None or not self.daymap.days:
            return self.mode, width, self.day
        days = self.daymap.days
        per_page = max(1, min(7, len(days), max(1, width - GUTTER) // MIN_COLUMN))
        index = days.index(self.day) if self.day in days else 0
        return self.mode, width, index // per_page

    def _page(self) -> tuple[list[Column], int]:
        key = self._page_key()
        if key != self._geometry_key:
            columns = self._columns()
            header = 1
            if self.daymap is not None:
                header += any(self.daymap.plan(c.day).all_day for c in columns)
            self._geometry_key, self._geometry = key, (columns, header)
        return self._geometry

    def columns(self) -> list[Column]:
        """The day columns on screen (the page of days holding the cursor's day, in week mode)."""
        return self._page()[0]

    def _columns(self) -> list[Column]:
        days = self.daymap.days if self.daymap is not None else [self.day]
        if self.mode == "day" or not days:
            visible = [self.day]
        else:
            width = max(1, self.scrollable_content_region.width - GUTTER)
            per_page = max(1, min(7, len(days), width // MIN_COLUMN))
            index = days.index(self.day) if self.day in days else 0
            first = (index // per_page) * per_page
            visible = days[first:first + per_page]
        width = max(len(visible), self.scrollable_content_region.width - GUTTER)
        base, extra = divmod(width, len(visible))
        result, x = [], GUTTER
        for i, day in enumerate(visible):
            w = base + (1 if i >= len(visible) - extra else 0)
            result.append(Column(day, x, w))
            x += w
        return result

    def header_rows(self) -> int:
        """The fixed rows above the grid: day names, and all-day events when there are any."""
        return self._page()[1]

    def _update_size(self) -> None:
        rows = MINUTES_PER_DAY // self.slot
        set_virtual_size(self, Size(self.scrollable_content_region.width, self.header_rows() + rows))

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - self.header_rows())

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

    def _days(self) -> list[date]:
        return self.daymap.days if self.daymap is not None and self.daymap.days else [self.day]

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

    # --- drawing ---------------------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(f"timetable--{name}")
        return style

    def notify_style_update(self) -> None:
        """A theme or CSS change: forget the cached styles and cells."""
        super().notify_style_update()
        if hasattr(self, "_cells"):  # also called while the widget is being built
            self._styles.clear()
            self._cells.clear()

    def refresh_cells(self) -> None:
        """Forget the drawn cells (the data, the size or the mode changed)."""
        self._cells.clear()

    def _lanes(self, day: date, row: int, inner: int) -> list[tuple[Placed, int, int]]:
        """The blocks drawn at *row* of *day*'s column: (placed, x within the column, width)."""
        if self.daymap is None or inner <= 0:
            return []
        here = self.daymap.layout(day, self.slot).at(row)
        if not here:
            return []
        lanes = max(p.lanes for p in here)
        fit = max(1, min(lanes, inner // MIN_LANE.get(self.mode, 5)))
        width, extra = divmod(inner, fit)
        result = []
        for placed in here:
            if placed.lane >= fit:
                continue
            x = placed.lane * width
            w = width + (extra if placed.lane == fit - 1 else 0)
            result.append((placed, x, w))
        return result

    def render_line(self, y: int) -> Strip:
        """One screen row: a header row or a time row of the grid."""
        width = self.scrollable_content_region.width
        if self.daymap is None:
            return Strip.blank(width, self.rich_style)
        columns, header = self._page()
        if y == 0:
            segments = self._day_header(columns)
        elif y < header:
            segments = self._all_day_row(columns)
        else:
            row = y - header + int(self.scroll_y)
            if row >= MINUTES_PER_DAY // self.slot:
                return Strip.blank(width, self.rich_style)
            segments = self._time_row(row, columns)
        return Strip(segments).adjust_cell_length(width, self.rich_style)

    def _day_header(self, columns: list[Column]) -> list[Segment]:
        style = self._style("header")
        segments = [Segment(" " * GUTTER, style)]
        today = self.daymap.trip.day_of(self.now) if self.now and self.daymap else None
        for column in columns:
            inner = column.width - 1
            city = self.cities.get(column.day, "")
            if self.mode == "day":
                days = self._days()
                index = days.index(column.day) if column.day in days else 0
                suffix = "  ·  today" if column.day == today else ""
                where = f"  ·  {city}" if city else ""
                labels = [f"{day_long(column.day)}{where}  ·  day {index + 1} of {len(days)}{suffix}",
                          f"{day_medium(column.day)}{where.replace('  ', ' ')} · day {index + 1}/{len(days)}"
                          f"{suffix.replace('  ', ' ')}",
                          f"{day_medium(column.day)}{where.replace('  ', ' ')}", f"{day_short(column.day)} {city}",
                          day_medium(column.day)]
                left = f"‹ {day_short(days[index - 1])}" if index > 0 else ""
                right = f"{day_short(days[index + 1])} ›" if index + 1 < len(days) else ""
                label = next((x for x in labels if cell_len(x) + cell_len(left) + cell_len(right) + 4 <= inner), "")
                if not label or city not in label:  # the day's city matters more than its neighbours' names
                    left = right = ""
                    label = next((x for x in labels if cell_len(x) <= inner), labels[-1])
                middle = max(0, inner - cell_len(left) - cell_len(right))
                text = left + _center(label, middle) + right
                segments += [Segment(" ", style), Segment(set_cell_size(text, inner), self._style("header-cursor"))]
                continue
            mark = "• " if column.day == today else ""
            label = day_medium(column.day) if inner >= 11 else day_short(column.day)
            if city:  # a multi-city trip: each heading names its city where it fits
                labels = [f"{day_medium(column.day)} {city}", f"{day_short(column.day)} {city}"]
                label = next((x for x in labels if cell_len(mark + x) <= inner), label)
            label = mark + label
            chosen = column.day == self.day
            cell_style = self._style("header-cursor") if chosen else (
                self._style("today") if column.day == today else style)
            segments += [Segment("│" if column is not columns[0] else " ", self._style("separator")),
                         Segment(_center(label, inner), cell_style)]
        return segments

    def _all_day_row(self, columns: list[Column]) -> list[Segment]:
        assert self.daymap is not None
        segments = [Segment(set_cell_size(" all day", GUTTER), self._style("gutter"))]
        for column in columns:
            inner = column.width - 1
            segments.append(Segment("│" if column is not columns[0] else " ", self._style("separator")))
            items = self.daymap.plan(column.day).all_day
            if not items:
                segments.append(Segment(" " * inner, self.rich_style))
                continue
            occ = items[0]
            category = occ.event.category.value
            more = f" +{len(items) - 1}" if len(items) > 1 else ""
            selected = occ.event.id == self.selected
            fill = self._style(f"{category}-selected" if selected else category)
            segments += [Segment("▎", self._style(f"{category}-edge")),
                         Segment(_fit(occ.event.title, inner - 1 - len(more)), fill),
                         Segment(more, self._style("more"))]
        return segments

    def _time_row(self, row: int, columns: list[Column]) -> list[Segment]:
        minute = row * self.slot
        # "Now" is on the column of the day it falls on, at its wall time in that day's zone.
        now_day = self.daymap.trip.day_of(self.now) if self.now and self.daymap else None
        zone = self.zone_on(now_day) if now_day is not None else None
        now_local = self.now.astimezone(zone) if self.now and zone is not None else None
        now_here = now_local is not None and (now_local.hour * 60 + now_local.minute) // self.slot == row
        if minute % 60 == 0:
            label, gutter_style = f"{minute // 60:02d}:00", self._style("hour")
        elif minute % 30 == 0 and self.mode == "day":
            label, gutter_style = "  :30", self._style("gutter")
        else:
            label, gutter_style = "", self._style("gutter")
        if now_here and now_local is not None and any(c.day == now_day for c in columns):
            segments = [Segment(set_cell_size(hhmm(now_local), GUTTER - 1), self._style("now")),
                        Segment("▸", self._style("now"))]
        else:
            segments = [Segment(set_cell_size(label, GUTTER), gutter_style)]
        first_visible = int(self.scroll_y)
        for column in columns:
            inner = column.width - 1
            start, end = self.working_on(column.day)
            empty = self.rich_style if start <= minute < end else self._style("off")
            segments.append(Segment("│" if column is not columns[0] else " ", self._style("separator")))
            is_now = now_here and column.day == now_day
            is_cursor = column.day == self.day and row == self.row
            cell = self._cell(column.day, row, inner, empty, first_visible)
            if not cell:
                if is_cursor:
                    # The empty slot under the cursor says its time: where 'a' would add.
                    text = _fit(" " + self.slot_time(column.day, minute), inner) if self.has_focus else " " * inner
                    segments.append(Segment(text, self._style("cursor")))
                elif is_now:
                    segments.append(Segment("─" * inner, self._style("now")))
                else:
                    segments.append(Segment(" " * inner, empty))
                continue
            if is_now:
                cell = [Segment(s.text.replace(" ", "─"), self._style("now")) if s.style is empty else s for s in cell]
            if is_cursor and self.selected is None:
                cell = [Segment(s.text, self._style("cursor")) if s.style is empty else s for s in cell]
            segments += cell
        return segments

    def slot_time(self, day: date, minute: int) -> str:
        """The time an event added at *minute* of *day* starts at: the wall time that really happens then,
        with the zone's abbreviation on a day the clocks change (02:30 in the gap is 03:30)."""
        if self.daymap is None or not self.daymap.plan(day).changes:
            return f"{minute // 60:02d}:{minute % 60:02d}"
        from tripplan.time.zones import instant

        tz = self.daymap.zone(day)
        return clock(instant(datetime.combine(day, time(minute // 60, minute % 60)), tz), tz, tagged=True)

    def _cell(self, day: date, row: int, inner: int, empty: Style, first_visible: int) -> list[Segment]:
        """The segments of one column at *row*; empty when no block covers it (cached)."""
        key = (day, row, inner, self.selected if day == self.day else None, first_visible, self.mode, empty)
        cell = self._cells.get(key)
        if cell is None:
            if len(self._cells) > 20_000:
                self._cells.clear()
            cell = self._cells[key] = self._draw_cell(day, row, inner, empty, first_visible)
        return cell

    def _draw_cell(self, day: date, row: int, inner: int, empty: Style, first_visible: int) -> list[Segment]:
        lanes = self._lanes(day, row, inner)
        if not lanes:
            return []
        out: list[Segment] = []
        x = 0
        hidden = 0
        if self.daymap is not None:
            here = self.daymap.layout(day, self.slot).at(row)
            hidden = len(here) - len(lanes)
        for placed, lx, lw in lanes:
            if lx > x:
                out.append(Segment(" " * (lx - x), empty))
            more = f"+{hidden}" if hidden and lx + lw == inner else ""
            out += self._block_segments(placed, row, lw - len(more), first_visible)
            if more:
                out.append(Segment(more, self._style("more")))
            x = lx + lw
        if x < inner:
            out.append(Segment(" " * (inner - x), empty))
        return out

    def _block_segments(self, placed: Placed, row: int, width: int, first_visible: int) -> list[Segment]:
        event = placed.block.occurrence.event
        category = event.category.value
        selected = event.id == self.selected and placed.block.day == self.day
        fill = self._style(f"{category}-selected" if selected else category)
        edge = self._style(f"{category}-edge")
        if width <= 1:
            return [Segment("▎"[:width], edge)]
        label_row = max(placed.top, first_visible)
        line = row - label_row
        text = self._block_text(placed, line, width - 1)
        style = fill + Style(bold=True) if line == 0 else fill
        glyph = "▎" if row != placed.top or not placed.block.clipped_start else "┆"
        return [Segment(glyph, edge), Segment(text, style)]

    def _block_text(self, placed: Placed, line: int, width: int) -> str:
        block = placed.block
        event = block.occurrence.event
        tz = self.zone_on(block.day)
        start, end = block.occurrence.local_start, block.occurrence.local_end
        if tz is not None:
            start, end = start.astimezone(tz), end.astimezone(tz)
        if self.daymap is not None and self.daymap.plan(block.day).changes:
            # The clocks change today: 01:30 may happen twice, so each time says which.
            first = f"{hhmm(start)} {start.tzname()}"
            times = f"{first}–{hhmm(end)} {end.tzname()}"
        else:
            first = hhmm(start)
            times = f"{first}–{hhmm(end)}"
        if block.occurrence.start_utc == block.occurrence.end_utc:  # a moment of no length
            times = first
        people = ", ".join(self.names.get(a, a) for a in event.attendees)
        if self.mode == "day":
            if line == 0:
                label = f" {event.kind.value} · {event.category.value}"
                head = f"{times}  {shown(event.title)}" + (" ↻" if event.recurring else "")
                if width - cell_len(head) > cell_len(label) + 2:
                    return set_cell_size(head, width - cell_len(label)) + label
                return _fit(head, width)
            lines = [" · ".join(x for x in (event.location, people) if x), event.notes.split("\n", 1)[0]]
        else:
            if line == 0:
                return _fit(event.title, width)
            lines = [times if placed.lanes == 1 or width >= 11 else first, event.location, people]
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        return _fit(text, width)


def _minutes_span(hours: WorkingHours) -> tuple[int, int]:
    return hours.start.hour * 60 + hours.start.minute, hours.end.hour * 60 + hours.end.minute


def _fit(text: str, width: int) -> str:
    """*text* cut or padded to exactly *width* cells, with an ellipsis when cut (control characters shown
    as escapes: the cells are drawn as they are, no markup, and the text is a trip's)."""
    if width <= 0:
        return ""
    text = " ".join(shown(text).split())
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def _center(text: str, width: int) -> str:
    if width <= 0:
        return ""
    length = cell_len(text)
    if length >= width:
        return _fit(text, width)
    left = (width - length) // 2
    return " " * left + text + " " * (width - length - left)


def block_region(timetable: Timetable, day: date, minute: int) -> Region | None:
    """Where on the widget the cell of *day* at *minute* is drawn (for tests and tooltips)."""
    for column in timetable.columns():
        if column.day == day:
            row = minute // timetable.slot
            y = timetable.header_rows() + row - int(timetable.scroll_y)
            return Region(column.x + 1, y, column.width - 1, 1)
    return None
