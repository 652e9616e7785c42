"""Scroll views that change on every cursor move: repaint only some lines, resize without a new layout."""

from __future__ import annotations

from collections.abc import Iterable

from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def refresh_lines(widget: Widget, lines: Iterable[int]) -> None:
    """Repaint *lines* of *widget* (screen rows inside it), as one region per run of adjacent lines."""
    visible = sorted({y for y in lines if 0 <= y < widget.size.height})
    width = widget.size.width
    start = 0
    for i, y in enumerate(visible):
        if i + 1 == len(visible) or visible[i + 1] != y + 1:
            widget.refresh(Region(0, visible[start], width, y - visible[start] + 1))
            start = i + 1


def set_virtual_size(view: ScrollView, size: Size) -> None:
    """Give *view* a new scrollable size.

    Setting ``virtual_size`` asks Textual for a new layout of the whole screen
    (~20 ms at 200×50).  Only the vertical scrollbar depends on it here, so while
    the scrollbar stays as it is (shown or hidden) the size and the scrollbar are
    updated in place; when the scrollbar comes or goes, the layout is needed and
    happens as usual.  Public attributes only (``update_scrollbars``).
    """
    if size == view.virtual_size:
        return
    scrollbar_stays = view.show_vertical_scrollbar == (size.height > view.container_size.height)
    if view.is_mounted and view.container_size and scrollbar_stays:
        view.set_reactive(Widget.virtual_size, size)
        update_scrollbars(view, size)
        view.refresh()
    else:  # the scrollbar comes or goes: the layout is needed
        view.virtual_size = size


def update_scrollbars(view: ScrollView, size: Size) -> None:
    """Give *view*'s scrollbars (those it shows) the new scrollable *size*, and keep its scroll offset in it.

    What a layout does for the scrollbars of a view whose virtual size changed,
    done through the scrollbars' own public attributes.
    """
    width, height = view.container_size
    if view.show_vertical_scrollbar and view.styles.scrollbar_size_vertical:
        bar = view.vertical_scrollbar
        bar.window_virtual_size = size.height
        bar.window_size = height - view.scrollbar_size_horizontal
        bar.refresh()
    if view.show_horizontal_scrollbar and view.styles.scrollbar_size_horizontal:
        across = view.horizontal_scrollbar
        across.window_virtual_size = size.width
        across.window_size = width - view.scrollbar_size_vertical
        across.refresh()
    view.scroll_x = view.validate_scroll_x(view.scroll_x)
    view.scroll_y = view.validate_scroll_y(view.scroll_y)
