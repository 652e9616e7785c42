"""A bundled sample opened from the start screen is a copy: saving asks where, the sample is never written."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, OptionList

from tests.conftest import missing
from tests.tui.conftest import opened, run, screen_text, settle
from tripplan.edit.copies import CopySession, NoFileYetError, has_own_file
from tripplan.files import bundled
from tripplan.files.storage import read_trip
from tripplan.tui import trip_folders
from tripplan.tui.screens.dialogs import ChoiceDialog, PathDialog
from tripplan.tui.screens.main import MainScreen
from tripplan.tui.screens.start import StartScreen
from tripplan.tui.widgets.header import TripHeader

SAMPLES = bundled.samples_dir()


@pytest.fixture
def samples() -> Path:
    """The bundled sample folder; its absence is a skip outside CI and a failure under CI=true."""
    if SAMPLES is None:
        missing("the bundled sample trips", "install tripplan from a checkout that has sample_trips/")
    return SAMPLES


needs_samples = pytest.mark.usefixtures("samples")


def _sample() -> Path:
    assert SAMPLES is not None
    return SAMPLES / "lisbon-client-visit.toml"  # its dates hold the tests' frozen "now": N finds an event


async def _open_sample(app: Any, pilot: Any, sample: Path) -> MainScreen:
    start = app.screen
    assert isinstance(start, StartScreen)
    key = next(k for k, p in start.paths.items() if p == sample)
    trips = start.query_one("#trips", OptionList)
    trips.highlighted = trips.get_option_index(key)
    await pilot.press("enter")
    await settle(app, pilot)
    main = app.screen
    assert isinstance(main, MainScreen) and main.session is not None
    return main


@needs_samples
def test_a_sample_opens_as_a_copy_and_its_first_save_asks_where() -> None:
    sample = _sample()
    before = sample.read_bytes()

    async def body() -> None:
        async with opened(None) as (app, pilot):
            main = await _open_sample(app, pilot, sample)
            assert main.session is not None and not has_own_file(main.session)
            assert main.query_one(TripHeader).title.startswith("Copy of ")
            await pilot.press("N", "plus")  # the first event, 15 minutes later
            assert main.session.dirty
            await pilot.press("ctrl+s")
            dialog = app.screen
            assert isinstance(dialog, PathDialog)
            target = trip_folders.trips_dir() / sample.name
            assert Path(dialog.query_one("#path", Input).value) == target
            await pilot.press("enter")
            await settle(app, pilot)
            assert app.screen is main and has_own_file(main.session) and not main.session.dirty
            assert main.session.path == target and "Copy" not in main.query_one(TripHeader).title
            assert read_trip(target)[0].events == main.session.trip.events
            await pilot.press("plus", "ctrl+s")  # from now on a save is a plain save of the new file
            await settle(app, pilot)
            assert app.screen is main and not main.session.dirty
            assert read_trip(target)[0].events == main.session.trip.events
    run(body)
    assert sample.read_bytes() == before
    assert trip_folders.recent_trips() == [(trip_folders.trips_dir() / sample.name).resolve()]


@needs_samples
def test_saving_a_copy_never_replaces_a_file_of_that_name() -> None:
    sample = _sample()
    mine = trip_folders.trips_dir() / sample.name
    mine.write_text("# my own trip, not a sample\n", encoding="utf-8")

    async def body() -> None:
        async with opened(None) as (app, pilot):
            main = await _open_sample(app, pilot, sample)
            await pilot.press("N", "plus", "ctrl+s")
            dialog = app.screen
            assert isinstance(dialog, PathDialog)
            path = dialog.query_one("#path", Input)
            assert Path(path.value) == mine.with_name(f"{mine.stem}-2.toml")  # the name is taken: the next free one
            path.value = str(mine)
            await pilot.pause()
            assert "already exists" in screen_text(app)
            await pilot.press("enter")  # refused: the dialog stays
            await pilot.pause()
            assert app.screen is dialog
            await pilot.press("escape")
            await settle(app, pilot)
            assert app.screen is main and main.session is not None and main.session.dirty
    run(body)
    assert mine.read_text(encoding="utf-8") == "# my own trip, not a sample\n"


@needs_samples
def test_quitting_a_changed_copy_asks_and_save_asks_where() -> None:
    sample = _sample()
    before = sample.read_bytes()

    async def body() -> None:
        async with opened(None) as (app, pilot):
            await _open_sample(app, pilot, sample)
            await pilot.press("N", "plus", "q")
            assert isinstance(app.screen, ChoiceDialog)
            await pilot.press("s")  # save and quit: asks where first
            await settle(app, pilot)
            assert isinstance(app.screen, PathDialog)
            await pilot.press("enter")
            await settle(app, pilot)
            assert app.return_code == 0 and not app.is_running
    run(body)
    assert sample.read_bytes() == before
    assert (trip_folders.trips_dir() / sample.name).is_file()


@needs_samples
def test_a_copy_refuses_to_save_in_place() -> None:
    sample = _sample()
    before = sample.read_bytes()
    session = CopySession.open_copy(sample)
    session.add_event(replace(session.trip.events[0], id="extra"))
    with pytest.raises(NoFileYetError):
        session.save()
    with pytest.raises(NoFileYetError):
        session.overwrite()
    assert not session.changed_on_disk()
    assert sample.read_bytes() == before


def test_samples_are_recognised_in_the_wheel_and_the_checkout_layout(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # A wheel: site-packages/tripplan/sample_trips; a checkout (editable install): repo/sample_trips beside src/.
    wheel = tmp_path / "site-packages" / "tripplan"
    checkout = tmp_path / "repo" / "src" / "tripplan"
    for package, samples in ((wheel, wheel / "sample_trips"), (checkout, tmp_path / "repo" / "sample_trips")):
        samples.mkdir(parents=True)
        (samples / "x.toml").write_text("", encoding="utf-8")
        package.mkdir(parents=True, exist_ok=True)
        monkeypatch.setattr(bundled, "_PACKAGE", package)
        assert bundled.is_sample(samples / "x.toml")
        assert bundled.is_sample(samples / ".." / samples.name / "x.toml")
        copied = tmp_path / "mine" / "x.toml"
        copied.parent.mkdir(exist_ok=True)
        copied.write_text("", encoding="utf-8")
        assert not bundled.is_sample(copied)
        link = tmp_path / f"link-{package.parent.name}.toml"
        link.symlink_to(samples / "x.toml")
        assert bundled.is_sample(link)  # a link into the package is still the package's file


def test_a_trip_opened_by_path_is_a_normal_file(small: Path) -> None:
    # `tripplan sample_trips/x.toml` in a checkout names a real file: the user chose it, it is theirs to save.
    paths = [small] + ([_sample()] if SAMPLES is not None else [])
    for path in paths:
        async def body(path: Path = path) -> None:
            async with opened(path) as (app, _pilot):
                main = app.screen
                assert isinstance(main, MainScreen) and main.session is not None
                assert has_own_file(main.session) and "Copy" not in main.query_one(TripHeader).title
        run(body)
