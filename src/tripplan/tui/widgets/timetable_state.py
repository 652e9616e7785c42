"""The timetable's state and geometry: mode, cursor, the day map's data, and the day columns on screen.

``Timetable`` (``widgets/timetable.py``) is built on this: its drawing
(``widgets/timetable_drawing.py``) and its keys and mouse read the state and
the page of columns kept here.  The widget decides nothing about the trip.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView

from tripplan.tui.markup import shown
from tripplan.tui.text import MINUTES_PER_DAY
from tripplan.tui.widgets.scrolling import set_virtual_size

if TYPE_CHECKING:  # the day map's module (and the model) load with the trip, after the first frame
    from zoneinfo import ZoneInfo

    from tripplan.trip.model import WorkingHours
    from tripplan.tui.daymap import DayMap

GUTTER = 6
MIN_COLUMN = 11
# A lane keeps its edge and the start of a title ("▎Kick-o…"); where fewer fit, "+n" and the details list them.
MIN_LANE = {"week": 8, "day": 12}
SLOT = {"week": 30, "day": 15}


@dataclass(frozen=True)
class Column:
    """One day column on screen: its day, where it starts and how wide it is (separator included)."""

    day: date
    x: int
    width: int


class TimetableState(ScrollView):
    """What the timetable shows (mode, day map, cursor, selection) and where its day columns are."""

    mode: reactive[str] = reactive("week")
    """"week" (days as columns) or "day" (one day, more detail)."""

    def __init__(self, *, mode: str = "week", on_move: Callable[[date, int, str | None], None] | None = None,
                 day: date | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(TimetableState.mode, mode)
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

    def _days(self) -> list[date]:
        """The trip's days (the cursor's day alone before the trip is known)."""
        return self.daymap.days if self.daymap is not None and self.daymap.days else [self.day]

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


def _minutes_span(hours: WorkingHours) -> tuple[int, int]:
    return hours.start.hour * 60 + hours.start.minute, hours.end.hour * 60 + hours.end.minute
