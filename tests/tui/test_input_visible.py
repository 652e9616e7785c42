"""What you type into a text field shows while it has focus, in each dialog and bundled theme (issue 17, point 2).

Export's and Import's path fields were one row without a border until focused; Textual's focused Input then
drew its tall border (two rows) and no row was left for the text: only the border showed.  Each Input of
each dialog is focused, typed into, and drawn (``Widget.render_lines``): the typed characters must be on
one of its rows, in a colour unlike their background, in each bundled theme.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.widgets import Input

from tests.tui.conftest import opened, run, settle
from tripplan.tui.screens.main import MainScreen
from tripplan.tui.themes import load_themes

TYPED = "zq7"

# How to reach each dialog with text fields from the main screen.
DIALOGS = {
    "export the whole trip": ("x", "enter"),
    "export follow-ups": ("x", "down", "down", "enter"),
    "invites": ("x", "down", "enter"),
    "import": ("i",),
    "save as": ("S",),
    "search": ("slash",),
    "send invites": ("M",),
    "event editor": ("e",),
    "person form": ("p", "a"),
}

WIDE = {name: DIALOGS[name] for name in ("export the whole trip", "import")}


def _typed_cells(field: Input, expected: str) -> list[Any]:
    """The segments that draw *expected* in *field* as it is drawn now (empty: not on screen)."""
    region = field.region
    for strip in field.render_lines(Region(0, 0, region.width, region.height)):
        at = strip.text.find(expected)
        if at < 0:
            continue
        cells, x = [], 0
        for segment in strip:
            if x < at + len(expected) and x + len(segment.text) > at and segment.text.strip():
                cells.append(segment)
            x += len(segment.text)
        return cells
    return []


async def _check_fields(app: Any, pilot: Any, name: str, themes: list[str]) -> list[str]:
    problems = []
    fields = [f for f in app.screen.query(Input) if f.display and not f.disabled]
    assert fields, f"{name}: no text field"
    expected = {}
    for field in fields:
        field.focus()
        await pilot.pause()
        text = "907" if field.type == "integer" else TYPED
        field.insert_text_at_cursor(text[:-1])  # the rest put in directly: each key press waits for the app to idle
        await pilot.press(text[-1])
        expected[field] = "•" * len(text) if field.password else text
    for theme in themes:  # a theme change restyles every widget: once per dialog and theme, not per field
        app.theme = theme
        for field in fields:
            field.focus()
            await pilot.pause()
            where = f"{name} #{field.id} in {theme}"
            cells = _typed_cells(field, expected[field])
            if not cells:
                problems.append(f"{where}: the typed {expected[field]!r} is not drawn ({field.region.height} rows)")
            for segment in cells:
                style = segment.style
                if style is None or style.color is None or style.color == style.bgcolor:
                    problems.append(f"{where}: {segment.text!r} drawn as {style}")
    return problems


def test_typed_text_shows_in_every_focused_field_in_every_theme(lisbon: Path) -> None:
    themes = [name for name in load_themes().names if name.startswith("tripplan-")]
    assert len(themes) >= 3

    async def body() -> None:
        problems: list[str] = []
        for size in ((80, 24), (200, 50)):
            async with opened(lisbon, size=size) as (app, pilot):
                # At 200×50 the two fields the issue names; at 80×24 every dialog with text fields.
                for name, keys in DIALOGS.items() if size == (80, 24) else WIDE.items():
                    await pilot.press(*keys)
                    await settle(app, pilot)
                    problems += [f"{size}: {p}" for p in await _check_fields(app, pilot, name, themes)]
                    app.theme = themes[0]
                    while not isinstance(app.screen, MainScreen):  # back to the main screen, nothing kept
                        app.pop_screen()
                    await settle(app, pilot)
        assert not problems, "\n".join(problems)

    run(body)


class OneRowField(ModalScreen[None]):
    """A dialog styled as Export's was: a one-row field without a border, and nothing said about focus."""

    DEFAULT_CSS = "OneRowField Input { border: none; height: 1; padding: 0 1; }"

    def compose(self) -> ComposeResult:
        yield Input("", id="field")


def test_a_one_row_field_of_any_future_dialog_still_shows_what_is_typed(lisbon: Path) -> None:
    # The app's stylesheet holds for every Input, not only for the dialogs fixed so far.
    async def body() -> None:
        async with opened(lisbon, size=(80, 24)) as (app, pilot):
            await app.push_screen(OneRowField())
            await settle(app, pilot)
            assert not await _check_fields(app, pilot, "a new dialog", [app.theme])

    run(body)
