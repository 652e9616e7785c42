"""The main screen's first frame while the trip is read: its panes and footer line, drawn by one widget.

The real panes (day list, timetable, details) and the footer with its keys
are about fifty widgets to style and lay out; built before the first frame,
they keep the window from appearing for ~40 ms on a fast machine.  This one
widget draws where they will be — the same widths, backgrounds and rules —
and a "Reading the trip…" line; the screen puts the real ones in its place
when the trip has been read.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

# The panes' widths at a terminal width: these mirror #days and #details in tripplan.tcss (the test
# tests/tui/test_redraw.py::test_the_first_frame_has_the_panes_where_they_will_be holds them together).
NARROW_WIDTH = 100  # MainScreen.-narrow below this
WIDE_WIDTH = 160  # MainScreen.-wide from this
TINY_WIDTH = 64  # MainScreen.-tiny below this: no details panel, so the timetable keeps some room
DETAILS_MIN, DETAILS_MAX = 36, 64  # #details from NARROW_WIDTH: 30 % of the width, within these


def pane_widths(width: int) -> tuple[int, int]:
    """The day list's and the details panel's widths (their rules included) at terminal *width*."""
    if width < TINY_WIDTH:  # the agenda list alone
        return 0, 0
    if width < NARROW_WIDTH:
        return 15, 29
    return 16, min(DETAILS_MAX, max(DETAILS_MIN, width * 3 // 10))  # #details: 30%, min 36, max 64


class Skeleton(Widget):
    """Where the panes will be, and what is happening."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"skeleton--days", "skeleton--days-rule", "skeleton--details",
                                             "skeleton--details-rule", "skeleton--message", "skeleton--footer"}
    DEFAULT_CSS = "Skeleton { height: 1fr; }"

    def __init__(self, message: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.message = message

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        style = self.get_component_rich_style
        if y == height - 1:  # the footer's line
            return Strip([Segment(" " * width, style("skeleton--footer"))], width)
        days, details = pane_widths(width)
        middle = max(0, width - days - details)
        text = self.message if y == (height - 1) // 3 else ""
        text = text[:middle].center(middle)
        segments = [Segment(" " * (days - 1), style("skeleton--days")), Segment("▕", style("skeleton--days-rule"))]
        segments = (segments if days else []) + [Segment(text, style("skeleton--message"))]
        if details:
            segments += [Segment("▏", style("skeleton--details-rule")),
                         Segment(" " * (details - 1), style("skeleton--details"))]
        return Strip(segments).adjust_cell_length(width, self.rich_style)
