"""Today on the road (t): now and next with countdowns and briefs, the rest of the day, rehearsal, refresh."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tests.tui.conftest import opened, run, screen_text, settle, view
from tripplan.tui.screens.forms import PickScreen
from tripplan.tui.screens.main import MainScreen
from tripplan.tui.screens.today import TodayScreen
from tripplan.tui.widgets.timetable import Timetable


def test_now_next_briefs_and_later(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            screen = await view(app, pilot, "t")
            assert isinstance(screen, TodayScreen)
            text = screen_text(app)
            assert "Tuesday 9 March 2027" in text and "day 2 of 5" in text and "live" in text
            assert "Now" in text and "Lunch with Ana and Rui" in text and "25 min left" in text
            assert "Next" in text and "Rollout workshop" in text and "in 55 min" in text
            assert "Cervejaria Ramiro" in text and "home 08:00–09:30 EST" in text
            # Each attendee's brief: role, interests, what to remember, the last conversation.
            assert "Ana Ruiz client · Acme Iberia" in text and "likes marathon running" in text
            assert "remember Head of Operations" in text and "last talk 24 Feb" in text
            assert "Rui Costa" in text
            later = screen.query_one("#later").text  # right below the cards, on the first screen
            assert "Later today" in later and "Fado evening in Alfama" in later and "Fado evening" in text
            assert "Local customs" in screen.query_one("#briefs").text  # with the briefs, below the rest of the day
    run(body)


def test_free_time_and_next_day(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await view(app, pilot, "t")
            text = screen_text(app)
            assert "Free for 5 h 25 min" in text and "until 19:30" in text
            assert "Dinner with Ana" in text and "in 5 h 25 min" in text and "Taberna da Rua" in text
            await pilot.press("right", "right")  # rehearse Thu: after the trip
            text = screen_text(app)
            assert "rehearsing" in text and "Nothing more planned on this trip" in text
    run(body)


def test_rehearse_with_keys_and_the_date_picker(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon) as (app, pilot):
            screen = await view(app, pilot, "t")
            assert isinstance(screen, TodayScreen)
            await pilot.press("right")
            assert screen.now.astimezone(screen.trip.timezone).date() == date(2027, 3, 10)
            assert "Wednesday 10 March" in screen_text(app) and "rehearsing" in screen_text(app)
            await pilot.press("right_square_bracket")
            assert screen.now.astimezone(screen.trip.timezone).hour == 15
            await pilot.press("d")
            assert isinstance(app.screen, PickScreen) and "day 5 of 5" in screen_text(app)
            await pilot.press("down", "down", "enter")
            await settle(app, pilot)
            local = screen.now.astimezone(screen.trip.timezone)
            assert local.date() == date(2027, 3, 12) and (local.hour, local.minute) == (14, 5)
            await pilot.press("n")
            assert not screen.shift and "live" in screen_text(app)
            await pilot.press("g")
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen)
            selected = app.screen.query_one(Timetable).selected
            assert app.screen.session.trip.event(selected).title == "Lunch with Ana and Rui"  # type: ignore[union-attr]
    run(body)


def test_refreshes_every_minute(lisbon: Path) -> None:
    moments = [datetime(2027, 3, 9, 14, 5, tzinfo=UTC)]

    async def body() -> None:
        from tripplan.tui.app import TripplanApp

        app = TripplanApp(lisbon, clock=lambda: moments[0])
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            screen = await view(app, pilot, "t")
            assert "in 55 min" in screen_text(app)
            timers_before = len(screen._timers)
            screen._start_ticking()  # what the first timer does, on the minute
            assert len(screen._timers) == timers_before + 1
            moments[0] += timedelta(minutes=50)
            screen.refresh_view()  # the interval's call
            await pilot.pause()
            assert "in 5 min" in screen_text(app)
    run(body)


def test_readable_at_80x24(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon, size=(80, 24)) as (app, pilot):
            screen = await view(app, pilot, "t")
            assert screen.has_class("-narrow")
            lines = screen_text(app).splitlines()
            assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
            top = "\n".join(lines[:16])
            # At a glance, without scrolling: now and next with countdown and place (tests/tui/test_today_road.py:
            # the rest of the day too, at every size).
            assert "Now" in top and "Lunch with Ana and Rui" in top and "25 min left" in top
            assert "Next" in top and "Rollout workshop" in top and "in 55 min" in top and "Acme Iberia" in top
    run(body)
