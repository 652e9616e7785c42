"""The start screen: recent trips, the trips folder, samples, and the "New trip" form."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from tests.tui.conftest import opened, run, screen_text, settle
from tripplan.files.storage import read_trip
from tripplan.tui import trip_folders
from tripplan.tui.screens.main import MainScreen
from tripplan.tui.screens.new_trip import NewTripScreen
from tripplan.tui.screens.start import StartScreen
from tripplan.tui.widgets.zonefield import ZoneField, find_zones


def test_start_screen_lists_recent_folder_samples_and_new(small: Path) -> None:
    trip_folders.remember(small)
    mine = trip_folders.trips_dir() / "porto.toml"
    mine.write_bytes(small.read_bytes().replace(b"Small Lisbon trip", b"Porto partner visit"))

    async def body() -> None:
        async with opened(None) as (app, pilot):
            assert isinstance(app.screen, StartScreen)
            text = screen_text(app)
            assert "Recent" in text and "Small Lisbon trip" in text
            assert "Your trips" in text and "Porto partner visit" in text
            assert "New trip" in text
            if trip_folders.samples_dir() is not None:
                assert "Sample trips" in text
            await pilot.press("enter")  # the first entry: the recent trip
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen) and app.screen.path == small.resolve()
    run(body)


def test_opening_a_trip_remembers_it(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (_app, _pilot):
            pass
    run(body)
    assert trip_folders.recent_trips()[0] == small.resolve()


def test_new_trip_form_validates_and_creates_the_file() -> None:
    async def body() -> None:
        async with opened(None) as (app, pilot):
            await pilot.press("n")
            form = app.screen
            assert isinstance(form, NewTripScreen)
            assert form.query_one("#create").disabled
            form.query_one("#name", Input).value = "Porto partner visit"
            zone = form.query_one("#tz", ZoneField)
            zone.input.focus()
            await pilot.press(*"lisb")
            await pilot.pause()
            matches = zone.query_one(OptionList)
            assert zone.has_class("-open") and matches.option_count >= 1
            await pilot.press("down", "enter")  # pick Europe/Lisbon from the list
            assert zone.value == "Europe/Lisbon"
            form.query_one("#home", ZoneField).input.value = "america/new_york"
            form.query_one("#start", Input).value = "2027-05-03"
            form.query_one("#end", Input).value = "2027-05-01"
            await pilot.pause()
            assert "the last day is before the first" in screen_text(app)
            form.query_one("#end", Input).value = "2027-05-05"
            await pilot.pause()
            path = Path(form.query_one("#path", Input).value)
            assert path.name == "porto-partner-visit.toml" and path.parent == trip_folders.trips_dir()
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen) and "Porto partner visit" in screen_text(app)
            trip, _ = read_trip(path)
            assert trip.timezone.key == "Europe/Lisbon" and trip.home_timezone.key == "America/New_York"
            assert len(trip.days) == 3
    run(body)


def test_zone_search() -> None:
    assert find_zones("lisb")[0] == "Europe/Lisbon"
    assert "America/New_York" in find_zones("new york")
    assert find_zones("") == []
