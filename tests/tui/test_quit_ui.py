"""Quitting: with the editor open, ctrl+q asks on top of it; cancelling goes back to the form, nothing lost."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.tui.conftest import opened, run, screen_text
from tripplan.tui.screens.dialogs import ChoiceDialog
from tripplan.tui.screens.editor import EventEditor


def test_ctrl_q_with_the_editor_open_keeps_the_editor(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("N", "plus")  # an unsaved change
            await pilot.press("e")
            editor = app.screen
            assert isinstance(editor, EventEditor)
            editor.query_one("#title", Input).value = "Kick-off, revised"
            await pilot.press("ctrl+q")
            assert isinstance(app.screen, ChoiceDialog)
            assert app.screen_stack[-2] is editor  # asked on top of the editor, which stays open
            text = screen_text(app)
            assert "Save your changes" in text and "event editor you have open is not applied" in text
            await pilot.press("ctrl+q")  # asking twice does not stack a second question
            assert sum(isinstance(s, ChoiceDialog) for s in app.screen_stack) == 1
            await pilot.press("escape")
            assert app.screen is editor and editor.query_one("#title", Input).value == "Kick-off, revised"
            await pilot.press("ctrl+q", "d")
            await pilot.pause()
            assert app._exit
    run(body)


def test_ctrl_q_with_a_form_open_and_nothing_unsaved_asks(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("N", "e")
            await pilot.press("ctrl+q")
            assert isinstance(app.screen, ChoiceDialog) and "Quit tripplan?" in screen_text(app)
            await pilot.press("n")
            assert isinstance(app.screen, EventEditor)
            await pilot.press("escape", "ctrl+q")
            await pilot.pause()
            assert app._exit  # nothing open, nothing unsaved: quits at once
    run(body)
