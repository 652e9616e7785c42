"""A choice dialog names each button's key, as written: "Save mine [o]" (the brackets are text, not markup)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button

from tests.tui.conftest import opened, run, settle, shown
from tripplan.tui.screens.dialogs import ChoiceDialog


def test_each_button_shows_its_key(small: Path) -> None:
    async def body() -> None:
        async with opened(small, size=(100, 30)) as (app, pilot):
            app.push_screen(ChoiceDialog("Replace their version?", "Their file changed.",
                                         [("mine", "Save mine", "o"), ("theirs", "Reload theirs", "r"),
                                          ("cancel", "Cancel", "")]))
            await settle(app, pilot)
            labels = [str(b.label) for b in app.screen.query(Button)]
            assert labels == ["Save mine [o]", "Reload theirs [r]", "Cancel"], labels
            assert await shown(app, pilot, "Save mine [o]")

    run(body)
