"""The layout follows the window (issue 17, point 6): the details' share of the width, table columns
sized from their content, the agenda list below the timetable's width and on its key, overlapping
events keeping their titles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.tui.conftest import opened, run, screen_text, settle, view

OVERLAP = '''
[[events]]
id = "overlap-side-call"
title = "Side call with Boston"
kind = "meeting"
start = 2027-03-09 10:30:00
end = 2027-03-09 11:30:00
'''


def _details_width(app: Any) -> int:
    return int(app.screen.query_one("#details").region.width)


@pytest.mark.parametrize(("size", "low", "high"), [((200, 50), 56, 64), ((120, 40), 36, 40), ((80, 24), 29, 29)])
def test_the_details_get_a_share_of_the_width(lisbon: Path, size: tuple[int, int], low: int, high: int) -> None:
    """At 200 columns the details get about a third (they had 46 of 200), never less than they had."""

    async def body() -> None:
        async with opened(lisbon, size=size) as (app, _pilot):
            assert low <= _details_width(app) <= high

    run(body)


def test_the_details_follow_a_resize(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon, size=(120, 40)) as (app, pilot):
            before = _details_width(app)
            await pilot.resize_terminal(200, 50)
            await settle(app, pilot)
            assert _details_width(app) > before + 15

    run(body)


def test_people_columns_whole_at_200_and_on_screen_at_80(lisbon: Path) -> None:
    """At 200 columns no name or organisation is cut; at 80 every column is still on screen."""

    async def body() -> None:
        async with opened(lisbon, size=(200, 50)) as (app, pilot):
            await view(app, pilot, "p")
            text = screen_text(app)
            assert "Ribeira Consulting" in text and "Ribeira Consultin " not in text
            await pilot.resize_terminal(80, 24)
            await settle(app, pilot)
            header = next(line for line in screen_text(app).splitlines() if "Name" in line and "Events" in line)
            for label in ("Name", "Trip", "Role", "Works at", "Interests", "Events"):
                assert label in header, label

    run(body)


def test_followups_columns_on_screen_and_the_whole_text_below(lisbon: Path) -> None:
    """At 80 columns the From column is on screen and the follow-up under the cursor is shown whole."""

    async def body() -> None:
        async with opened(lisbon, size=(80, 24)) as (app, pilot):
            screen = await view(app, pilot, "f")
            text = screen_text(app)
            assert "From" in text and "Who" in text and "What" in text
            followup = screen.selected
            assert followup is not None
            detail = str(screen.query_one("#followup-detail").render())
            assert " ".join(followup.what.split()) in " ".join(detail.split())

    run(body)


def test_the_agenda_list_below_the_timetables_width(lisbon: Path) -> None:
    """At 60 columns the agenda list stands in for the timetable: day headings, one line per event."""

    async def body() -> None:
        async with opened(lisbon, size=(60, 30)) as (app, _pilot):
            screen = app.screen
            assert screen.query_one("#agenda").display and not screen.query_one("#timetable").display
            text = screen_text(app)
            assert "Tue 9 Mar" in text
            assert any("10:00–12:50" in line and "Kick-off with Acme Iberia" in line for line in text.splitlines())

    run(body)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
def test_the_agenda_list_on_its_key_and_selection_drives_the_details(lisbon: Path, size: tuple[int, int]) -> None:
    async def body() -> None:
        async with opened(lisbon, size=size) as (app, pilot):
            screen = app.screen
            assert not screen.query_one("#agenda").display
            await pilot.press("v")
            await settle(app, pilot)
            agenda = screen.query_one("#agenda")
            assert agenda.display and agenda.has_focus and not screen.query_one("#timetable").display
            before = screen.query_one("#timetable").selected
            await pilot.press("j")  # as in the timetable
            await settle(app, pilot)
            after = screen.query_one("#timetable").selected
            assert after is not None and after != before
            assert screen.session.trip.event(after).title in screen.query_one("#details").text
            await pilot.press("v")
            await settle(app, pilot)
            assert screen.query_one("#timetable").display and screen.query_one("#timetable").has_focus

    run(body)


def test_the_agenda_list_survives_keys_faster_than_it_draws(lisbon: Path) -> None:
    """Two moves queued before the first is answered: the highlight lands on the second and stays
    (answering the stale first one moved it back, and the two chased each other for ever)."""

    async def body() -> None:
        async with opened(lisbon, size=(60, 30)) as (app, pilot):
            await pilot.press("down", "down", "down")
            await settle(app, pilot)
            agenda = app.screen.query_one("#agenda")
            first = agenda.highlighted
            await settle(app, pilot)
            assert agenda.highlighted == first
            entry = agenda.entries[first]
            assert entry is not None and app.screen.query_one("#timetable").selected == entry.event_id

    run(body)


def test_overlapping_events_keep_their_titles(lisbon: Path) -> None:
    """Side by side in a 200-column week grid each shows the start of its title; in a 120-column one, where
    two lanes would leave three letters each, the first keeps its title, "+1" says one more, and the
    details name it."""
    lisbon.write_text(lisbon.read_text(encoding="utf-8") + OVERLAP, encoding="utf-8")

    async def body() -> None:
        async with opened(lisbon, size=(200, 50)) as (app, _pilot):
            assert app.screen.query_one("#timetable").mode == "week"
            text = screen_text(app)
            assert "Kick-off" in text and "Side call" in text
        async with opened(lisbon, size=(120, 40)) as (app, pilot):
            timetable = app.screen.query_one("#timetable")
            assert timetable.mode == "week"
            rows = [line for line in screen_text(app).splitlines() if "Kick-o" in line]
            assert rows and "Kic… " not in rows[0]
            assert any("+1" in line for line in screen_text(app).splitlines())
            event = next(e for e in app.screen.session.trip.events if e.title.startswith("Kick-off"))
            timetable.goto(event.start_utc.date(), 10 * 60 + 45, event.id)
            await settle(app, pilot)
            assert "Side call with Boston" in app.screen.query_one("#details").text

    run(body)
