"""Typing at full speed loses nothing (issue 17, point 3).

Keys are posted to the app all at once, as a terminal delivers a burst (a
paste-speed ``tmux send-keys``, or Backspace held then typing): Pilot's
``press`` waits for the app to go idle after every key, which hides the
races this is about.  The header clock is made to tick and repaint all the
while.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from textual import events
from textual.widgets import Input, TextArea

from tests.tui.conftest import opened, run, settle

KEYS = {" ": "space", "-": "minus", ":": "colon", ",": "comma", ".": "full_stop", "/": "slash"}


def keys(text: str) -> list[events.Key]:
    """The key events a terminal sends for *text* (``\\b`` is Backspace, ``\\t`` Tab)."""
    found = []
    for char in text:
        if char == "\b":
            found.append(events.Key("backspace", "\x7f"))
        elif char == "\t":
            found.append(events.Key("tab", "\t"))
        else:
            found.append(events.Key(KEYS.get(char, char), char))
    return found


def burst(app: Any, text: str) -> None:
    """Hand *text* to the app as one burst of keys (no waiting between them)."""
    for key in keys(text):
        app.post_message(key)


def ticking(app: Any) -> None:
    """Make the header clock move a minute at every tick, ticking every 10 ms (so it repaints while we type)."""
    minutes = itertools.count()
    start = datetime(2027, 3, 9, 10, 0, tzinfo=UTC)
    for header in app.query("TripHeader"):
        header.clock = lambda: start + timedelta(minutes=next(minutes))
        header.set_interval(0.01, header.tick)


async def until_value(app: Any, pilot: Any, widget: Input | TextArea, want: str) -> str:
    """The widget's value once the burst has been handled (polled with a deadline, no sleep)."""
    for _ in range(200):
        value = widget.value if isinstance(widget, Input) else widget.text
        if value == want:
            break
        await pilot.pause()
    await settle(app, pilot)
    return widget.value if isinstance(widget, Input) else widget.text


WORDS = "Dinner with Ana 12 at Taberna da Rua"
HELD = "abcdefghij" + "\b" * 4 + "XYZ" + "\b" * 2 + "yz"  # -> "abcdefXyz"


def test_event_editor_title_notes_and_filter(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon, size=(80, 24)) as (app, pilot):
            ticking(app)
            burst(app, "a" + WORDS)  # type straight after the key that opens the editor
            await pilot.pause()
            editor = app.screen
            title = editor.query_one("#title", Input)
            assert await until_value(app, pilot, title, WORDS) == WORDS
            burst(app, "\b" * len(WORDS) + HELD)
            assert await until_value(app, pilot, title, "abcdefXyz") == "abcdefXyz"
            for ident in ("location", "remind", "repeat", "exdates", "people-filter"):
                field = editor.query_one(f"#{ident}", Input)
                field.focus()
                await pilot.pause()
                burst(app, "\b" * 80 + HELD)
                assert await until_value(app, pilot, field, "abcdefXyz") == "abcdefXyz", ident
            notes = editor.query_one("#notes", TextArea)
            notes.focus()
            await pilot.pause()
            notes.text = ""
            burst(app, HELD + " " + WORDS)
            want = "abcdefXyz " + WORDS
            assert await until_value(app, pilot, notes, want) == want
    run(body)


def test_tab_then_typing_goes_to_the_next_field(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon, size=(80, 24)) as (app, pilot):
            ticking(app)
            await pilot.press("a")
            await settle(app, pilot)
            editor = app.screen
            start = editor.query_one("#start", Input)
            start.focus()
            await pilot.pause()
            burst(app, "\b" * 30 + "wed 09:30\t" + "\b" * 10 + "2h")
            end = editor.query_one("#end", Input)
            assert await until_value(app, pilot, end, "2h") == "2h"
            assert start.value == "wed 09:30"
    run(body)


def test_people_ranking_puts_the_named_person_first() -> None:
    from tripplan.trip.model import Person, Role
    from tripplan.tui.people_match import ranked

    people = [Person(id="ana-ruiz", name="Ana Ruiz", org="Acme"), Person(id="rui-costa", name="Rui Costa"),
              Person(id="bruiser", name="Bo Bruiser"), Person(id="x", name="Zed", org="Ruina Ltd", role=Role.CLIENT),
              Person(id="rui", name="Ruimar Lopes")]
    names = [p.name for p in ranked(people, "rui")]
    assert names == ["Ruimar Lopes", "Rui Costa", "Ana Ruiz", "Bo Bruiser", "Zed"]  # id, word, word prefix, inside
    assert [p.name for p in ranked(people, "RUI  co")] == ["Rui Costa"]
    assert [p.name for p in ranked(people, "ana")] == ["Ana Ruiz"]
    assert [p.name for p in ranked(people, "")] == [p.name for p in people]  # no query: the trip's order
    assert ranked(people, "nobody") == []


def test_enter_in_the_editor_people_filter_ticks_rui_costa(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon, size=(80, 24)) as (app, pilot):
            await pilot.press("a")
            await settle(app, pilot)
            editor = app.screen
            editor.query_one("#people-filter", Input).focus()
            await pilot.pause()
            burst(app, "rui")
            app.post_message(events.Key("enter", "\r"))
            for _ in range(100):
                if editor.chosen:
                    break
                await pilot.pause()
            assert editor.chosen == ["rui-costa"]
            assert editor.query_one("#people-filter", Input).value == ""
    run(body)


def test_person_form_send_dialog_and_search_keep_every_key(lisbon: Path) -> None:
    async def body() -> None:
        from tripplan.tui.record_forms import person_form

        async with opened(lisbon, size=(80, 24)) as (app, pilot):
            ticking(app)
            main = app.screen
            app.push_screen(person_form(main.session.trip, None))
            burst(app, WORDS + "\b" * 4 + "Rua")  # typed before the form's first field has the focus
            await pilot.pause()
            form = app.screen
            name = form.query_one("#f-name", Input)
            assert await until_value(app, pilot, name, WORDS[:-4] + "Rua") == WORDS[:-4] + "Rua"
            notes = form.query_one("#f-notes", TextArea)
            notes.focus()
            await pilot.pause()
            burst(app, HELD)
            assert await until_value(app, pilot, notes, "abcdefXyz") == "abcdefXyz"
            await pilot.press("escape")
            await settle(app, pilot)
            burst(app, "M" + "smtp.example.org")  # the key that opens the dialog, then the server at once
            await pilot.pause()
            host = app.screen.query_one("#host", Input)
            assert await until_value(app, pilot, host, "smtp.example.org") == "smtp.example.org"
            await pilot.press("escape")
            await settle(app, pilot)
            burst(app, "/" + "kick" + "\b" * 4 + "lunch")
            await pilot.pause()
            query = app.screen.query_one("#query", Input)
            assert await until_value(app, pilot, query, "lunch") == "lunch"
    run(body)


def test_send_dialog_closed_at_once_does_not_crash(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon, size=(80, 24)) as (app, pilot):
            for _ in range(3):  # M then Escape in one burst: closed before its plan is worked out
                app.post_message(events.Key("M", "M"))
                app.post_message(events.Key("escape", "\x1b"))
                await settle(app, pilot)
            assert app.screen is not None and app.screen.__class__.__name__ == "MainScreen"
    run(body)


def test_export_and_import_paths_keep_every_key(lisbon: Path) -> None:
    # The path fields of export (x, enter) and import (i): Backspace held then typing, in one burst each.
    async def body() -> None:
        async with opened(lisbon, size=(80, 24)) as (app, pilot):
            ticking(app)
            for opening in (("x", "enter"), ("i",)):
                await pilot.press(*opening)
                await settle(app, pilot)
                path = app.screen.query_one("#path", Input)
                path.value = "/tmp/abc"
                await pilot.pause()
                path.cursor_position = len(path.value)  # at the end, nothing selected (a focused field selects all)
                await pilot.pause()
                burst(app, "\b" * 3 + HELD + ".ics")
                want = "/tmp/abcdefXyz.ics"
                assert await until_value(app, pilot, path, want) == want, opening
                await pilot.press("escape")
                await settle(app, pilot)
    run(body)
