"""The timetable's drawing: day names, all-day events, time rows, event blocks in lanes, the cursor.

A Line-API drawing: ``render_line`` draws only the rows on screen, looking
blocks up in the day map's cached layouts, with drawn cells cached by what
they show.  Event blocks take their colours from the category theme
variables through component classes.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tripplan.trip.kinds import Category
from tripplan.tui.markup import shown
from tripplan.tui.text import MINUTES_PER_DAY, clock, day_long, day_medium, day_short, hhmm
from tripplan.tui.widgets.timetable_state import GUTTER, MIN_LANE, Column, TimetableState

if TYPE_CHECKING:
    from tripplan.tui.daymap import Placed

CATEGORY_CLASSES = {f"timetable--{c.value}{suffix}" for c in Category for suffix in ("", "-edge", "-selected")}


class TimetableDrawing(TimetableState):
    """The timetable's rows drawn from its state (``TimetableState``)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = CATEGORY_CLASSES | {
        "timetable--gutter", "timetable--hour", "timetable--now", "timetable--off", "timetable--cursor",
        "timetable--header", "timetable--header-cursor", "timetable--today", "timetable--separator",
        "timetable--more",
    }

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
