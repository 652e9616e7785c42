"""Dialogs show their whole message and whole button labels at 60 and 80 columns; d then enter deletes;
the footer keeps Save and Help at 80 columns; the import names its own checkbox (issue 17, point 7)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from textual.widgets import Button, Static

from tests.tui.conftest import opened, run, screen_text, settle

# Each dialog, reached from the main screen as a person would; a callable runs first (the file changed on disk).
DIALOGS: dict[str, tuple[Any, ...]] = {
    "delete": ("d",),
    "export chooser": ("x",),
    "export the whole trip": ("x", "enter"),
    "export follow-ups": ("x", "down", "down", "enter"),
    "invites": ("x", "down", "enter"),
    "import": ("i",),
    "save as": ("S",),
    "quit with changes": ("plus", "q"),
    "file changed on disk": ("plus", "theirs", "ctrl+s"),
    "replace the exported file": ("ics", "x", "enter", "enter"),
}


def _cut(app: Any, name: str, short: bool = False) -> list[str]:
    """What the dialog on screen does not show whole: button labels and the words of its messages.

    A *short* window may hide an export or import dialog's explanation (to keep its fields and buttons).
    """
    lines = screen_text(app).splitlines()
    width = app.size.width
    problems = []
    for button in app.screen.query(Button):
        if not button.display:
            continue
        label, region = str(button.label), button.region
        row = lines[region.y] if 0 <= region.y < len(lines) else ""
        if region.right > width or label not in row[region.x:region.right]:
            problems.append(f"{name}: button {label!r} shows as {row[region.x:region.right]!r}")
    for message in app.screen.query(".message"):
        if not message.display and short and app.screen.has_class("-short"):
            continue
        if isinstance(message, Static):
            # The rows the message covers on screen hold all of it (a long path folds over lines: compare
            # without the spaces and line breaks).
            region = message.region
            drawn = "".join(lines[y][region.x:region.right] for y in range(region.y, region.bottom) if y < len(lines))
            whole = str(message.render())
            if "".join(drawn.split()) != "".join(whole.split()):
                problems.append(f"{name}: message {whole!r} shows as {drawn!r}")
    return problems


def test_no_dialog_cuts_its_buttons_or_message(lisbon: Path) -> None:
    async def body() -> None:
        problems: list[str] = []
        for size in ((40, 20), (60, 20), (80, 24)):
            async with opened(lisbon, size=size) as (app, pilot):
                for name, keys in DIALOGS.items():
                    for key in keys:
                        if key == "theirs":  # another program writes the file
                            lisbon.write_text(lisbon.read_text(encoding="utf-8") + "\n# theirs\n", encoding="utf-8")
                        elif key == "ics":  # the export's file is there already
                            lisbon.with_suffix(".ics").write_text("", encoding="utf-8")
                        else:
                            await pilot.press(key)
                    await settle(app, pilot)
                    assert app.screen.is_modal, f"{name} at {size}: no dialog opened"
                    problems += [f"{size}: {p}" for p in _cut(app, name, short=size[0] < 60)]
                    while app.screen.is_modal:
                        await pilot.press("escape")
                        await settle(app, pilot)
                    if name.startswith("quit") or name.startswith("file"):
                        await pilot.press("ctrl+z")  # take the edit back
                        await settle(app, pilot)
        assert not problems, "\n".join(problems)

    run(body)


def test_d_then_enter_deletes_the_selected_event(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon, size=(80, 24)) as (app, pilot):
            session = app.screen.session
            before = {event.id for event in session.trip.events}
            await pilot.press("d")
            await settle(app, pilot)
            await pilot.press("enter")
            await settle(app, pilot)
            after = {event.id for event in session.trip.events}
            assert len(before - after) == 1, "d then enter deleted nothing"
            await pilot.press("d")
            await settle(app, pilot)
            await pilot.press("escape")  # escape still cancels
            await settle(app, pilot)
            assert {event.id for event in session.trip.events} == after

    run(body)


def test_the_footer_at_80_columns_shows_save_help_and_quit(lisbon: Path) -> None:
    async def body() -> None:
        async with opened(lisbon, size=(80, 24)) as (app, _pilot):
            footer = screen_text(app).splitlines()[-1]
            assert all(re.search(rf"\b{key}\b", footer) for key in ("Save", "Help", "Quit")), footer

    run(body)


def test_the_views_footer_at_40_columns_shows_help(lisbon: Path) -> None:
    # A phone over ssh: the footer keeps only its first few keys, and Help must be among them.
    async def body() -> None:
        async with opened(lisbon, size=(40, 20)) as (app, pilot):
            for key in ("p", "f", "o", "b"):  # Today keeps its day keys first: they are what a phone needs there
                await pilot.press(key)
                await settle(app, pilot)
                footer = screen_text(app).splitlines()[-1]
                assert re.search(r"\? Help\b", footer), (key, footer)
                await pilot.press("escape")
                await settle(app, pilot)

    run(body)


def test_import_names_its_own_checkbox_not_the_cli_flag(lisbon: Path, tmp_path: Path) -> None:
    calendar = tmp_path / "far.ics"
    calendar.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:far@x\r\n"
                        "DTSTAMP:20270101T000000Z\r\nDTSTART:20300101T100000Z\r\nDTEND:20300101T110000Z\r\n"
                        "SUMMARY:Far away\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")

    async def body() -> None:
        async with opened(lisbon, size=(80, 24)) as (app, pilot):
            await pilot.press("i")
            await settle(app, pilot)
            app.screen.query_one("#path").value = str(calendar)
            await pilot.press("enter")
            await settle(app, pilot)
            flat = " ".join(word for word in screen_text(app).split() if not set(word) <= set("│▄▀█▁▔▐▌"))  # no frame
            assert "Far away" in flat
            assert "--all-dates" not in flat
            hint = "tick “Also events outside the trip's dates” above to import it anyway"
            assert hint in flat, flat[flat.find("outside the trip ("):]
            assert not _cut(app, "import report")  # the report leaves the buttons on screen at 24 rows

    run(body)

