"""Content from Textual markup with values filled in safely (``$name`` placeholders), for every screen."""

from __future__ import annotations

from textual.content import Content


def m(markup: str, **values: object) -> Content:
    """``m("[b]$title[/b]", title=event.title)``: the values are text, never markup."""
    return Content.from_markup(markup, **values)
