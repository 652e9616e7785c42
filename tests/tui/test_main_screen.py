"""The main screen: header, dual clock, day list, week grid and day timeline, details, sizes, mouse, help."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.tui.conftest import opened, run, screen_text, settle
from tripplan.tui.screens.help import HelpScreen
from tripplan.tui.screens.main import MainScreen
from tripplan.tui.widgets.daylist import DayList
from tripplan.tui.widgets.timetable import Timetable, block_region

TUE, MON, WED = date(2027, 3, 9), date(2027, 3, 8), date(2027, 3, 10)


def test_header_days_and_week_grid(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, _pilot):
            text = screen_text(app)
            assert "Small Lisbon trip" in text and "Mon 8 – Wed 10 Mar 2027" in text
            assert "Lisbon 14:05 WET" in text and "home 09:05 EST" in text  # the dual clock
            assert "Mon 8" in text and "Tue 9" in text and "Wed 10" in text
            assert "Kick-off at Acme" in text and "Stand-up" in text
            assert "14:05▸" in text  # now is marked
            timetable = app.screen.query_one(Timetable)
            assert timetable.mode == "week" and len(timetable.columns()) == 3
            assert timetable.day == TUE  # the trip is running: the cursor starts at now
    run(body)


def test_day_list_has_balance_bars(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, _pilot):
            days = app.screen.query_one(DayList)
            assert days.days == [MON, TUE, WED]
            prompt = str(days.get_option_at_index(1).prompt)
            assert prompt.startswith("Tue 9") and any(g in prompt for g in "▁▂▃▄▅▆▇█")
    run(body)


def test_toggle_week_and_day_view(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            timetable = app.screen.query_one(Timetable)
            await pilot.press("w")
            assert timetable.mode == "day"
            text = screen_text(app)
            assert "Tue 9 Mar" in text and ("day 2/3" in text or "day 2 of 3" in text)
            assert "‹ Mon 8" in text and "Wed 10 ›" in text  # the neighbouring days
            await pilot.press("w")
            assert timetable.mode == "week"
    run(body)


def test_navigation_selects_and_details_show_people(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            timetable = app.screen.query_one(Timetable)
            await pilot.press("N")  # previous event: the kick-off before 14:05
            assert timetable.selected == "kickoff"
            text = screen_text(app)
            assert "Ana Ruiz" in text and "client · Acme" in text and "Acme HQ" in text
            assert "05:00–06:30" in text  # the home time
            await pilot.press("n")
            assert timetable.selected == "dinner" and "Taberna da Rua" in screen_text(app)
            await pilot.press("right")
            assert timetable.day == WED
            await pilot.press("left", "left")
            assert timetable.day == MON
            await pilot.press("down")
            assert timetable.minute > 14 * 60
    run(body)


def test_day_list_chooses_the_day(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            days = app.screen.query_one(DayList)
            days.focus()
            await pilot.press("down")
            await pilot.pause()
            assert app.screen.query_one(Timetable).day == WED
    run(body)


def test_small_terminal_uses_the_day_timeline(small: Path) -> None:
    async def body() -> None:
        async with opened(small, size=(80, 24)) as (app, pilot):
            timetable = app.screen.query_one(Timetable)
            assert timetable.mode == "day" and app.screen.has_class("-narrow")
            await pilot.press("w")  # the choice is kept, but there is no room for the grid
            assert timetable.mode == "day"
            text = screen_text(app)
            assert "Tue 9 Mar" in text and "Small Lisbon trip" in text
            await pilot.resize_terminal(200, 50)
            await settle(app, pilot)
            await pilot.press("w")
            assert timetable.mode == "week"
    run(body)


def test_large_terminal_is_rich(small: Path) -> None:
    async def body() -> None:
        async with opened(small, size=(200, 50)) as (app, _pilot):
            text = screen_text(app)
            assert app.screen.has_class("-wide")
            assert "Kick-off at Acme" in text and "10:00–11:30" in text and "Acme HQ" in text
    run(body)


def test_click_selects_and_double_click_edits(small: Path) -> None:
    async def body() -> None:
        from tripplan.tui.screens.editor import EventEditor

        async with opened(small) as (app, pilot):
            timetable = app.screen.query_one(Timetable)
            region = block_region(timetable, TUE, 10 * 60 + 30)
            assert region is not None
            await pilot.click(Timetable, offset=(region.x + 2, region.y))
            assert timetable.selected == "kickoff" and timetable.day == TUE
            await pilot.click(Timetable, offset=(region.x + 2, region.y), times=2)
            await pilot.pause()
            assert isinstance(app.screen, EventEditor) and app.screen.event.id == "kickoff"
    run(body)


def test_help_lists_every_binding_with_its_description(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            text = screen_text(app)
            for words in ("Add", "Edit", "Duplicate", "Delete", "Move +15 min", "Move −1 day", "Week/day",
                          "Search", "Undo", "Redo", "Save", "Save as", "Next event", "Previous week"):
                assert words in text, words
            await pilot.press("escape")
            await pilot.press("f1")
            assert isinstance(app.screen, HelpScreen)
    run(body)


def test_every_binding_has_a_description() -> None:
    from tripplan.tui.screens.dialogs import ChoiceDialog, PathDialog
    from tripplan.tui.screens.editor import EventEditor
    from tripplan.tui.screens.load_error import LoadErrorScreen
    from tripplan.tui.screens.new_trip import NewTripScreen
    from tripplan.tui.screens.search import SearchScreen
    from tripplan.tui.screens.start import StartScreen

    for owner in (MainScreen, Timetable, EventEditor, ChoiceDialog, PathDialog, LoadErrorScreen, NewTripScreen,
                  SearchScreen, StartScreen, HelpScreen):
        for binding in owner.BINDINGS:
            assert getattr(binding, "description", ""), (owner, binding)


def test_sample_trip_opens(tmp_path: Path) -> None:
    from tests.conftest import SAMPLES

    sample = SAMPLES / "lisbon-client-visit.toml"
    if not sample.exists():  # pragma: no cover - the samples are written by another issue
        return
    copy = tmp_path / sample.name
    copy.write_bytes(sample.read_bytes())

    async def body() -> None:
        async with opened(copy, size=(160, 45)) as (app, _pilot):
            assert isinstance(app.screen, MainScreen) and app.screen.session is not None
            assert len(app.screen.query_one(Timetable).columns()) == 5
    run(body)
