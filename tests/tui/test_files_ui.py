"""Never lose work: save, the unsaved marker, quitting, conflicts, load errors; and search."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input

from tests.conftest import DATA
from tests.tui.conftest import opened, run, screen_text, settle
from tripplan.files.storage import read_trip
from tripplan.tui.screens.dialogs import ChoiceDialog, PathDialog
from tripplan.tui.screens.load_error import LoadErrorScreen
from tripplan.tui.screens.main import MainScreen
from tripplan.tui.screens.search import SearchScreen
from tripplan.tui.widgets.timetable import Timetable


def _theirs(path: Path) -> str:
    text = path.read_text(encoding="utf-8").replace("Dinner with Ana", "Dinner with Ana and Rui")
    path.write_text(text, encoding="utf-8")
    return text


def test_save_writes_the_file_and_clears_the_marker(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("N", "plus")
            assert "● unsaved" in screen_text(app)
            await pilot.press("ctrl+s")
            assert "● unsaved" not in screen_text(app)
            trip, _ = read_trip(small)
            assert trip.event("kickoff").local_start.minute == 15  # type: ignore[union-attr]
            assert small.with_name("small.toml.bak").exists()
    run(body)


def test_quit_with_unsaved_changes_asks(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("N", "plus", "q")
            assert isinstance(app.screen, ChoiceDialog) and "Save your changes" in screen_text(app)
            await pilot.press("escape")
            assert isinstance(app.screen, MainScreen) and app.is_running
            await pilot.press("ctrl+q")
            assert isinstance(app.screen, ChoiceDialog)
            await pilot.press("s")  # save and quit
            await pilot.pause()
            assert not app.is_running
        assert read_trip(small)[0].event("kickoff").local_start.minute == 15  # type: ignore[union-attr]
    run(body)


def test_quit_without_saving_leaves_the_file(small: Path) -> None:
    before = small.read_bytes()

    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("N", "plus", "q", "d")
            await pilot.pause()
            assert not app.is_running
    run(body)
    assert small.read_bytes() == before


def test_clean_quit_does_not_ask(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("q")
            await pilot.pause()
            assert not app.is_running
    run(body)


def test_conflict_reload_theirs_then_undo_brings_mine_back(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("N", "plus")
            theirs = _theirs(small)
            await pilot.press("ctrl+s")
            assert isinstance(app.screen, ChoiceDialog) and "changed by another program" in screen_text(app)
            assert small.read_text(encoding="utf-8") == theirs  # never clobbered
            await pilot.press("r")
            await settle(app, pilot)
            main = app.screen
            assert isinstance(main, MainScreen) and main.session is not None
            assert main.session.trip.event("dinner").title == "Dinner with Ana and Rui"  # type: ignore[union-attr]
            assert main.session.trip.event("kickoff").local_start.minute == 0  # type: ignore[union-attr]
            await pilot.press("ctrl+z")
            assert main.session.trip.event("kickoff").local_start.minute == 15  # type: ignore[union-attr]
            assert main.session.dirty
    run(body)


def test_conflict_overwrite(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (_app, pilot):
            await pilot.press("N", "plus")
            _theirs(small)
            await pilot.press("ctrl+s", "o")
            trip, _ = read_trip(small)
            assert trip.event("kickoff").local_start.minute == 15  # type: ignore[union-attr]
            assert trip.event("dinner").title == "Dinner with Ana"  # type: ignore[union-attr]
    run(body)


def test_conflict_save_as(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("N", "plus")
            theirs = _theirs(small)
            await pilot.press("ctrl+s", "a")
            dialog = app.screen
            assert isinstance(dialog, PathDialog)
            path = dialog.query_one("#path", Input)
            path.value = str(small)  # exists: refused as you type
            await pilot.pause()
            assert path.has_class("-invalid") and "already exists" in screen_text(app)
            path.value = str(small.with_name("mine.toml"))
            await pilot.press("enter")
            main = app.screen
            assert isinstance(main, MainScreen) and main.session is not None
            assert main.session.path.name == "mine.toml" and not main.session.dirty
            assert read_trip(small.with_name("mine.toml"))[0].event("kickoff").local_start.minute == 15  # type: ignore[union-attr]
            assert small.read_text(encoding="utf-8") == theirs
    run(body)


def test_broken_file_shows_located_errors_and_is_not_touched(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_bytes((DATA / "bad" / "bad_role.toml").read_bytes())
    before = broken.read_bytes()

    async def body() -> None:
        async with opened(broken) as (app, pilot):
            assert isinstance(app.screen, LoadErrorScreen)
            text = screen_text(app)
            assert "broken.toml could not be opened" in text and "line " in text and "role" in text
            assert "Traceback" not in text
            broken.write_bytes((DATA / "good" / "small.toml").read_bytes())
            await pilot.press("r")  # fixed meanwhile: try again
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen)
    run(body)
    assert before != broken.read_bytes()  # only the test rewrote it


def test_missing_file_is_an_error_screen(tmp_path: Path) -> None:
    async def body() -> None:
        async with opened(tmp_path / "nope.toml") as (app, _pilot):
            assert isinstance(app.screen, LoadErrorScreen) and "no such file" in screen_text(app)
    run(body)


def test_search_titles_people_and_places_and_jump(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("slash")
            assert isinstance(app.screen, SearchScreen)
            await pilot.press(*"taberna")
            assert "Dinner with Ana" in screen_text(app) and "place" in screen_text(app)
            query = app.screen.query_one("#query", Input)
            query.value = "ana"
            await pilot.pause()
            assert len(app.screen.hits) == 2  # by person: the kick-off and the dinner
            query.value = "stand"
            await pilot.pause()
            assert [h.event_id for h in app.screen.hits] == ["standup"]
            query.value = "acme hq"
            await pilot.pause()
            await pilot.press("enter")
            timetable = app.screen.query_one(Timetable)
            assert timetable.selected == "kickoff" and timetable.day == date(2027, 3, 9)
    run(body)
