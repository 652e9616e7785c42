"""Today as a glance on the road (issue 17, point 5): now, next with its leave-by hint, and the rest of the day
on the first screen at every size down to a phone's 40×20; the trip's start as a date and weeks; the overnight
flight's home time on its own day."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.conftest import opened, run, screen_text, view

SIZES = [(40, 20), (50, 25), (80, 24), (120, 40)]
RAMIRO = "Cervejaria Ramiro, Av. Almirante Reis 1, Intendente"
WORKSHOP = "Acme Iberia, Parque das Nações — room Tejo"


def with_travel_time(trip: Path) -> Path:
    """The Lisbon trip with the real time from lunch to the afternoon workshop (25 min)."""
    with trip.open("a", encoding="utf-8") as out:
        out.write(f'\n[[travel_times]]\nfrom = "{RAMIRO}"\nto = "{WORKSHOP}"\nminutes = 25\n')
    return trip


def on_first_screen(app: object, screen: object, *ids: str) -> None:
    """Each widget lies wholly inside the screen, above the footer, and nothing scrolls sideways."""
    width, height = app.size  # type: ignore[attr-defined]
    for ident in ids:
        region = screen.query_one(ident).region  # type: ignore[attr-defined]
        assert region.height > 0, f"{ident} is not shown"
        assert region.x >= 0 and region.right <= width, f"{ident} at {region} is cut at {width} columns"
        assert region.y >= 1 and region.bottom <= height - 1, f"{ident} at {region} is below the first screen"
    assert screen.query_one("#today").max_scroll_x == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_now_next_leave_by_and_later_on_the_first_screen(lisbon: Path, size: tuple[int, int]) -> None:
    async def body() -> None:
        async with opened(with_travel_time(lisbon), size=size) as (app, pilot):
            screen = await view(app, pilot, "t")
            on_first_screen(app, screen, "#now-card", "#next-card", "#later")
            text = screen_text(app)
            # Now, with how long is left; next, with its start, countdown and when to leave the lunch for it.
            assert "Lunch with Ana and Rui" in text and "25 min left" in text
            assert "Rollout workshop" in text and "15:00–17:30" in text and "in 55 min" in text
            flat = " ".join(text.split())  # a narrow screen wraps the hint
            assert "leave by 14:35 (25 min to Acme Iberia)" in flat
            assert "estimate" not in screen.query_one("#next-body").text  # a route the trip gives is no guess
            assert "Later today" in text and "21:00" in text and "Fado evening in Alfama" in text
            svg = app.export_screenshot()
            assert "14:35" in svg and "Fado" in svg
            # The briefs come after, for whoever scrolls: below the rest of the day.
            briefs = screen.query_one("#briefs")
            assert briefs.region.y >= screen.query_one("#later").region.bottom
            assert "Ana Ruiz" in briefs.text and "Local customs" in briefs.text
    run(body)


@pytest.mark.parametrize("size", [(40, 20), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_default_travel_time_says_it_is_an_estimate(lisbon: Path, size: tuple[int, int]) -> None:
    async def body() -> None:
        async with opened(lisbon, size=size) as (app, pilot):
            screen = await view(app, pilot, "t")
            on_first_screen(app, screen, "#now-card", "#next-card", "#later")
            flat = " ".join(screen_text(app).split())
            assert "leave by 14:30 (about 30 min to Acme Iberia, an estimate" in flat
            where = " ".join(screen.query_one("#briefs").text.split()) + " " + flat
            assert "[[travel_times]]" in where  # where to give the real time, literally (no markup eaten)
    run(body)


def test_before_the_trip_the_date_and_weeks_and_days(lisbon: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-02-13T00:00:00+00:00")  # Sat 13 Feb: 3 weeks 2 days before Mon 8 Mar

    async def body() -> None:
        async with opened(lisbon, size=(50, 25)) as (app, pilot):
            screen = await view(app, pilot, "t")
            flat = " ".join(screen_text(app).split())
            assert "The trip starts Mon 8 Mar 2027 — in 3 weeks 2 days" in flat
            # The first flight leaves Sun 7 Mar 20:00 in New York, Mon 01:00 in Lisbon: 3 weeks 2 days 1 h.
            assert "Mon 8 Mar 01:00–07:45 · in 3 weeks 2 days" in flat
            assert " h " not in screen.query_one("#now-body").text + screen.query_one("#next-body").text
            on_first_screen(app, screen, "#now-card", "#next-card", "#later")
    run(body)


def test_the_overnight_flight_shows_its_home_dates(lisbon: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Mon 8 Mar 03:00 UTC: two hours into TP 210 New York → Lisbon (Sun 20:00 EST = Mon 01:00 UTC, lands
    # 07:45 UTC); at home in New York it is still Sunday evening.
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-03-08T03:00:00+00:00")

    async def body() -> None:
        async with opened(lisbon, size=(80, 24)) as (app, pilot):
            screen = await view(app, pilot, "t")
            now = screen.query_one("#now-body").text
            assert "Flight TP 210" in now and "01:00–07:45" in now and "4 h 45 min left" in now
            assert "home Sun 20:00–Mon 02:45 EST" in now
            assert "Sun 20:00" in screen_text(app)
            # The taxi after it: no leave-by, a flight's place is where it left from (JFK), not where it lands.
            assert "Taxi: airport → hotel" in screen.query_one("#next-body").text
            assert "leave" not in screen.query_one("#next-body").text
    run(body)


def test_past_the_time_to_leave_says_leave_now(lisbon: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-03-09T14:40:00+00:00")  # 5 min after 'leave by 14:35'

    async def body() -> None:
        async with opened(with_travel_time(lisbon), size=(50, 25)) as (app, pilot):
            await view(app, pilot, "t")
            flat = " ".join(screen_text(app).split())
            assert "in 20 min" in flat and "leave now (25 min to Acme Iberia; you arrive 5 min late)" in flat
    run(body)


def test_resizing_between_layouts_redraws_the_cards(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon, size=(80, 24)) as (app, pilot):
            screen = await view(app, pilot, "t")
            assert "13:00–14:30 WET · started 1 h 5 min ago · 25 min left" in screen.query_one("#now-body").text
            for size, line in (((120, 40), "meal · 13:00–14:30 WET"), ((40, 20), "13:00–14:30 · 25 min left"),
                               ((80, 24), "13:00–14:30 WET · started 1 h 5 min ago")):
                await pilot.resize_terminal(*size)
                await pilot.pause()
                assert line in screen.query_one("#now-body").text, size
                on_first_screen(app, screen, "#now-card", "#next-card", "#later")
    run(body)
