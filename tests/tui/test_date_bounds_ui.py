"""The app keeps to the dates a trip can mean (issue 18, point 15): it opens no trip out of range, creates none.

Before, a trip ending 9999-12-31 crashed the app and a 100-year typo opened
after walking every one of its 36,529 days; the new-trip form took a week
in the year 9999.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.conftest import DATA
from tests.tui.conftest import opened, run, screen_text
from tripplan.tui.screens.load_error import LoadErrorScreen
from tripplan.tui.screens.new_trip import NewTripScreen


def test_a_trip_out_of_range_opens_on_its_problems(tmp_path: Path) -> None:
    for name, shown in (("date_trip_end_9999", "9999-12-31 is out of range"),
                        ("date_trip_typo_years", "the trip lasts 36,529 days")):
        path = tmp_path / f"{name}.toml"
        path.write_bytes((DATA / "bad" / f"{name}.toml").read_bytes())
        before = path.read_bytes()

        async def body(path: Path = path, shown: str = shown) -> None:
            async with opened(path) as (app, _pilot):
                assert isinstance(app.screen, LoadErrorScreen)
                text = screen_text(app)
                assert "trip.end" in text and shown in text

        run(body)
        assert path.read_bytes() == before


def test_the_new_trip_form_refuses_dates_out_of_range() -> None:
    async def body() -> None:
        async with opened(None) as (app, pilot):
            await pilot.press("n")
            form = app.screen
            assert isinstance(form, NewTripScreen)
            form.query_one("#name", Input).value = "End of time"
            form.query_one("#tz").input.value = "Europe/Lisbon"  # type: ignore[attr-defined]
            form.query_one("#home").input.value = "America/New_York"  # type: ignore[attr-defined]
            form.query_one("#start", Input).value = "9999-12-25"
            form.query_one("#end", Input).value = "9999-12-31"
            await pilot.pause()
            assert "9999-12-25 is out of range" in screen_text(app)
            assert form.query_one("#create").disabled
            form.query_one("#start", Input).value = "2027-03-08"
            form.query_one("#end", Input).value = "2028-03-08"
            await pilot.pause()
            assert "the trip lasts 367 days" in screen_text(app) and form.query_one("#create").disabled
            form.query_one("#end", Input).value = "2028-03-07"
            await pilot.pause()
            assert not form.query_one("#create").disabled

    run(body)
