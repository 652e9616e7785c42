"""Balance (b): per-day bars, totals against targets, the score, warnings that jump to their day, suggestions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import OptionList, SelectionList

from tests.tui.conftest import opened, run, screen_text, settle, view
from tripplan.tui.screens.balance_view import BalanceScreen
from tripplan.tui.screens.main import MainScreen
from tripplan.tui.screens.suggest import SuggestScreen
from tripplan.tui.widgets.timetable import Timetable


def test_bars_targets_score_and_warnings(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            screen = await view(app, pilot, "b")
            assert isinstance(screen, BalanceScreen) and screen.balance is not None
            text = screen_text(app)
            assert f"Balance {screen.balance.score}/100" in text
            for day in ("Mon 8", "Tue 9", "Wed 10", "Thu 11", "Fri 12"):
                assert day in text
            assert "█" in text and "·" in text  # hours by category, free time dotted
            target = f"(target ≥ {screen.trip.targets.bonding_share * 100:g} %)"  # the trip's own target
            assert "bonding" in text and target in text
            assert "most work in a day" in text and "cultural outing" in text
            assert "Warnings" in text and "⚠" in text and len(screen.findings) >= 3
    run(body)


def test_choosing_a_warning_goes_to_its_day(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            screen = await view(app, pilot, "b")
            assert isinstance(screen, BalanceScreen)
            index = next(i for i, f in enumerate(screen.findings) if f.day == date(2027, 3, 10))
            screen.query_one(OptionList).highlighted = index
            await pilot.press("enter")
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen)
            assert app.screen.query_one(Timetable).day == date(2027, 3, 10)
    run(body)


def test_suggest_shows_reasons_and_applies_the_chosen(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            screen = await view(app, pilot, "b")
            count = len(screen.trip.events)
            await pilot.press("s")
            await settle(app, pilot)
            dialog = app.screen
            assert isinstance(dialog, SuggestScreen) and dialog.items
            text = screen_text(app)
            assert "Why:" in text and dialog.items[0].reason.split(";")[0][:30] in text
            choices = dialog.query_one(SelectionList)
            assert len(choices.selected) == len(dialog.items)  # all ticked at first
            choices.deselect_all()
            choices.select(0)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert app.screen is screen and len(screen.trip.events) == count + 1
            assert dialog.items[0].title in [e.title for e in screen.trip.events]
            await pilot.press("ctrl+z")
            assert len(screen.trip.events) == count
            await pilot.press("s")
            await settle(app, pilot)
            await pilot.press("escape")
            assert len(screen.trip.events) == count
    run(body)


def test_balance_at_80x24(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon, size=(80, 24)) as (app, pilot):
            await view(app, pilot, "b")
            text = screen_text(app)
            assert "Balance" in text and "Mon 8" in text and "Fri 12" in text and "Warnings" in text
    run(body)
