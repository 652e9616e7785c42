"""Objectives (o): status, linking people and events, jumping to a linked event, adding, deleting, undo."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, SelectionList

from tests.tui.conftest import notes, opened, run, screen_text, settle, view
from tripplan.trip.model import ObjectiveStatus
from tripplan.tui.screens.forms import FormScreen, PickScreen
from tripplan.tui.screens.main import MainScreen
from tripplan.tui.screens.objectives import ObjectivesScreen
from tripplan.tui.widgets.timetable import Timetable


def test_list_detail_and_status(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            screen = await view(app, pilot, "o")
            assert isinstance(screen, ObjectivesScreen)
            text = screen_text(app)
            assert "Win Marta's trust" in text and "Meet Tiago Fernandes" in text
            assert "Planned for it" in text and "Prep with Sofia" in text and "Marta Oliveira" in text
            assert "⚠" in text  # the planner's warnings about objectives
            objective = screen.selected
            assert objective is not None and objective.status is ObjectiveStatus.IN_PROGRESS
            await pilot.press("s")
            assert screen.trip.objective(objective.id).status is ObjectiveStatus.ACHIEVED  # type: ignore[union-attr]
            assert "achieved" in screen_text(app)
            await pilot.press("space", "space")
            assert screen.trip.objective(objective.id).status is ObjectiveStatus.OPEN  # type: ignore[union-attr]
            for _ in range(3):
                await pilot.press("ctrl+z")
            assert screen.trip.objective(objective.id).status is ObjectiveStatus.IN_PROGRESS  # type: ignore[union-attr]
    run(body)


def test_link_events_and_jump(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            screen = await view(app, pilot, "o")
            options = screen.query_one(OptionList)
            options.highlighted = [o.id for o in screen.trip.objectives].index("meet-cto")
            await pilot.pause()
            await pilot.press("g")
            assert "Nothing is planned for it yet" in notes(app)
            await pilot.press("l")
            form = app.screen
            assert isinstance(form, FormScreen)
            form.query_one("#f-events-filter", Input).focus()
            form.query_one("#f-events-filter", Input).value = "pricing presentation"
            await pilot.pause()
            await pilot.press("enter")  # ticks the only match
            assert len(form.query_one(SelectionList).selected) == 1
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            linked = [e for e in screen.trip.events if e.objective == "meet-cto"]
            assert [e.title for e in linked] == ["Pricing presentation to Acme procurement"]
            assert "Pricing presentation" in screen_text(app)
            await pilot.press("g")  # one linked event: straight to it
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen)
            assert app.screen.query_one(Timetable).selected == linked[0].id
            await pilot.press("ctrl+z")
            assert not any(e.objective == "meet-cto" for e in app.screen.session.trip.events)
    run(body)


def test_jump_chooses_among_several(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            await view(app, pilot, "o")
            await pilot.press("g")
            assert isinstance(app.screen, PickScreen)
            await pilot.press("down", "enter")
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen)
    run(body)


def test_add_edit_people_and_delete(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            screen = await view(app, pilot, "o")
            await pilot.press("a", *"Close the Porto deal")
            form = app.screen
            assert isinstance(form, FormScreen)
            form.query_one("#f-people-filter", Input).focus()
            form.query_one("#f-people-filter", Input).value = "costa"
            await pilot.pause()
            await pilot.press("enter", "ctrl+s")
            await settle(app, pilot)
            added = screen.trip.objective("close-the-porto-deal")
            assert added is not None and added.people == ["rui-costa"] and screen.selected is added
            await pilot.press("e")
            form = app.screen
            form.query_one("#f-title", Input).value = "Close the Porto deal by June"
            await pilot.press("ctrl+s")
            assert screen.trip.objective("close-the-porto-deal").title.endswith("June")  # type: ignore[union-attr]
            linked_objective = next(o for o in screen.trip.objectives if any(e.objective == o.id
                                                                             for e in screen.trip.events))
            screen.query_one(OptionList).highlighted = screen.trip.objectives.index(linked_objective)
            await pilot.pause()
            await pilot.press("d")
            assert "stay, unlinked" in screen_text(app)
            await pilot.press("y")
            assert screen.trip.objective(linked_objective.id) is None
            assert not any(e.objective == linked_objective.id for e in screen.trip.events)
            await pilot.press("ctrl+z")
            assert any(e.objective == linked_objective.id for e in screen.trip.events)
    run(body)
