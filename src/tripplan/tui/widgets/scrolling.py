"""Scroll views whose scrollable size changes often (every cursor move) without a new layout of the screen."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def set_virtual_size(view: ScrollView, size: Size) -> None:
    """Give *view* a new scrollable size.

    Setting ``virtual_size`` asks Textual for a new layout of the whole screen
    (~20 ms at 200×50).  Only the vertical scrollbar depends on it here, so while
    the scrollbar stays as it is (shown or hidden) the size and the scrollbar are
    updated in place; when the scrollbar comes or goes, the layout is needed and
    happens as usual.
    """
    if size == view.virtual_size:
        return
    scrollbar_stays = view.show_vertical_scrollbar == (size.height > view.container_size.height)
    update_scrollbar = getattr(view, "_scroll_update", None)  # private: the scrollbar part of a layout
    if view.is_mounted and view.container_size and scrollbar_stays and callable(update_scrollbar):
        view.set_reactive(Widget.virtual_size, size)
        update_scrollbar(size)
        view.refresh()
    else:  # the public way (and any Textual without that method)
        view.virtual_size = size
