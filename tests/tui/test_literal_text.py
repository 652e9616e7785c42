"""Text from trips, calendars and people shows literally on every screen, and no control character in it
reaches the terminal (issue 17.1, issue 18.7 for the TUI).

A trip whose titles, places, notes, names, orgs, cities, objectives, follow-ups and culture notes hold
markup (``[/]``, ``[@click=app.quit]x[/]``, ``[b]``), escape sequences (ESC[2J, OSC 0, OSC 52, OSC 8), C1
controls, bidi overrides, zero-width characters, emoji and a 10,000-character string — and whose file
name holds some too — is walked through every screen and dialog the keys reach; an imported calendar
adds an attendee whose CN is markup.  After each step the screen as the terminal would get it (Textual's
``export_screenshot``, drawn from the same strips the driver writes) holds no control character, and the
text shows as it is written, control characters as visible escapes (``\\x1b``).
"""

from __future__ import annotations

import ast
import html
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.widgets import DataTable, Input, OptionList, Static

from tests.tui.conftest import run, settle
from tripplan.tui.screens.main import MainScreen
from tripplan.tui.widgets.details import EventDetails
from tripplan.visible import visible

# What must never reach a terminal: C0 but tab and line feed, DEL, C1, the bidi overrides and isolates.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
ESCAPES = ("\x1b]0;PWNED\x07 \x1b[2J \x1b]52;c;SDZDTElQ\x1b\\ \x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\ "
           "\x9b31m \x85 \u202eRTL\u202c \u2066iso\u2069 zero\u200bwidth 😀 עברית")
MARKUP = "[/][b][v2]"  # no spaces: it stays on one line wherever it is shown
LINK = "[@click=app.quit]Acme[/]"
FILE_MARK = "[b][v2][Draft]"  # a file name has no "/"
FIELDS = ("name", "dest", "city", "person", "org", "pnotes", "met", "interest", "talk", "title", "place", "notes",
          "objective", "onotes", "followup", "custom", "me")


FULL = ("title", "person", "org", "followup")  # these get every kind of control; the rest a few


def hostile(field: str) -> str:
    """What the deterministic trip puts in *field*: a tag, markup, a link, then controls."""
    return f"{field}{MARKUP} {LINK} " + (ESCAPES if field in FULL else "\x1b]0;PWNED\x07\x1b[2J\x9b\u202e")


def trip_file(path: Path, text: dict[str, str]) -> Path:
    """Write a two-city trip (Mon 8 – Fri 12 Mar 2027) whose every text field is *text*'s."""
    doc: dict[str, Any] = {
        "schema_version": 1,
        "trip": {"name": text["name"], "destination": text["dest"], "home_timezone": "America/New_York",
                 "start": date(2027, 3, 8), "end": date(2027, 3, 12), "culture": {"customs": text["custom"]}},
        "stops": [{"city": text["dest"], "timezone": "Europe/Lisbon", "from": date(2027, 3, 8)},
                  {"city": text["city"], "timezone": "Europe/Lisbon", "from": date(2027, 3, 11)}],
        "people": [
            {"id": "me", "name": text["me"], "email": "me@example.com", "me": True},
            {"id": "ana", "name": text["person"], "org": text["org"], "role": "client", "email": "ana@example.com",
             "notes": text["pnotes"], "met_at": text["met"], "interests": [text["interest"]],
             "log": [{"date": date(2027, 3, 1), "text": text["talk"]}]},
        ],
        "objectives": [{"id": "goal", "title": text["objective"], "people": ["ana"], "notes": text["onotes"]}],
        # Now (TRIPPLAN_NOW) is Tue 9 Mar 14:05 in Lisbon: this event is on, in Today's "Now" card.
        "events": [{"id": "ev", "title": text["title"], "kind": "meeting", "start": datetime(2027, 3, 9, 14, 0),
                    "end": datetime(2027, 3, 9, 15, 0), "location": text["place"], "notes": text["notes"],
                    "attendees": ["ana"], "objective": "goal"}],
        "followups": [{"id": "fu", "person": "ana", "what": text["followup"], "due": date(2027, 3, 15),
                       "event": "ev"}],
    }
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    return path


CALENDAR = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//literal//EN\r\nBEGIN:VEVENT\r\nUID:imported@test\r\n"
            "DTSTAMP:20270101T000000Z\r\nDTSTART:20270310T100000Z\r\nDTEND:20270310T110000Z\r\n"
            "SUMMARY:ics[/][b] \x1b[2J agenda\r\nLOCATION:Room [v2]\r\n"
            'ATTENDEE;CN="Cn[/][b] [@click=app.quit]x[/]":mailto:cn@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n')

TEXT_TAG = re.compile(r'<text [^>]*?x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)" '
                      r'clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>', re.S)


class Walk:
    """The app's screens as the terminal gets them, one screenshot per step, checked as they come."""

    def __init__(self, app: Any, pilot: Any) -> None:
        self.app, self.pilot = app, pilot
        self.seen: dict[str, str] = {}  # step → the screen's text

    async def step(self, name: str, *keys: str) -> str:
        """Press *keys*, let the app settle, and check the screen: no control character reaches the terminal."""
        if keys:
            await self.pilot.press(*keys)
        await settle(self.app, self.pilot)
        svg = self.app.export_screenshot()
        found = CONTROL.findall(svg)
        assert not found, f"{name}: control characters reach the terminal: {sorted(set(found))!r}"
        text = screen_text(svg)
        assert "Traceback" not in text and "MarkupError" not in text, f"{name}:\n{text}"
        self.seen[name] = text
        return text

    async def typed(self, name: str, text: str) -> str:
        """Put *text* in the focused input (as typing would, without a key press' wait per character)."""
        field = self.app.focused
        assert isinstance(field, Input), f"{name}: no input has focus"
        field.value = text
        return await self.step(name)

    async def until(self, test: Any, tries: int = 200) -> None:
        """Let the event loop run until *test()* holds (a deadline of *tries* rounds, no sleeping)."""
        for _ in range(tries):
            if test():
                return
            await self.pilot.pause()
        assert test(), "the app never got there"


@asynccontextmanager
async def opened(path: Path, size: tuple[int, int]) -> AsyncIterator[tuple[Any, Any]]:
    """The app on *path*, loaded and idle, with its notifications and tooltips drawn (Pilot leaves them out)."""
    from tripplan.tui.app import TripplanApp

    app = TripplanApp(path)
    async with app.run_test(size=size, notifications=True, tooltips=True) as pilot:
        await settle(app, pilot)
        yield app, pilot


def screen_text(svg: str) -> str:
    """The text of an SVG screenshot, line by line, each character in its column."""
    rows: dict[int, list[str]] = {}
    for x, length, line, body in TEXT_TAG.findall(svg):
        text = html.unescape(body).replace("\xa0", " ")
        column = round(float(x) / (float(length) / len(text))) if text else 0
        row = rows.setdefault(int(line), [])
        for char in text:
            width = cell_len(char)
            if not width and 0 < column <= len(row):  # a zero-width character goes with the one before it
                row[column - 1] += char
                continue
            row.extend([""] * (column + 1 - len(row)))
            row[column] = char
            column += max(1, width)
    return "\n".join("".join(c or " " for c in rows.get(y, [])).rstrip() for y in range(max(rows, default=0) + 1))


def shows(text: str, what: str) -> bool:
    """Whether the screen *text* shows *what* literally, control characters as their escapes."""
    return visible(what) in text


async def walk_everything(app: Any, pilot: Any, tmp: Path, query: str) -> Walk:
    """Every screen and dialog the keys reach, with the hostile event selected (*query* finds it)."""
    walk = Walk(app, pilot)
    main = app.screen
    assert isinstance(main, MainScreen)
    await walk.step("main")
    assert main.goto_event("ev")
    await walk.step("main, event selected")
    await walk.step("help", "question_mark")
    await walk.step("search", "escape", "slash", *query)
    await walk.step("search results", "down")
    await walk.step("editor", "escape", "e")
    await walk.step("delete dialog", "escape", "d")
    await walk.step("week grid", "escape", "w")
    await walk.step("today", "t")
    await walk.step("people", "p")
    await walk.step("people, the client", "down")  # the traveller ("me") sorts first
    await walk.step("person form", "e")
    await walk.step("log form", "escape", "l")
    await walk.step("delete person", "escape", "d")
    await walk.step("follow-ups", "escape", "f")
    await walk.step("follow-up form", "e")
    await walk.step("objectives", "escape", "o")
    await walk.step("objective form", "e")
    await walk.step("link events", "escape", "l")
    await walk.step("balance", "escape", "b")
    await walk.step("suggestions", "s")
    await walk.step("settings", "escape", "escape", "s")
    await walk.step("stop form", "e")
    await walk.step("person pick", "escape", "escape", "P")
    await walk.step("export pick", "escape", "x")
    await walk.step("export", "enter")
    await walk.step("invites", "escape", "x", "down", "enter")
    await walk.step("send", "escape", "M")
    await pilot.press("escape", "ctrl+p")
    await walk.typed("palette: publish", "share: publish")
    await walk.until(lambda: any(o.option_count for o in walk.app.screen.query(OptionList)))  # the palette's hits
    await walk.step("publish", "enter")
    calendar = tmp / "agenda.ics"
    calendar.write_bytes(CALENDAR.encode("utf-8"))
    await walk.step("import", "escape", "i")
    app.screen.query_one("#path", Input).value = str(calendar)
    await walk.step("import preview", "enter")
    await walk.until(lambda: "New people" in str(walk.app.screen.query_one("#report-text", Static).render()))
    await walk.step("import report")
    await walk.step("imported", "ctrl+s")
    await walk.step("people after import", "p")
    await walk.step("saved", "escape", "ctrl+s")
    await walk.step("changed", "c")  # a duplicate: unsaved again
    await walk.step("quit dialog", "q")
    await pilot.press("escape", "ctrl+p")
    await walk.until(lambda: any(o.option_count for o in walk.app.screen.query(OptionList)))
    await walk.step("palette")  # every command (the themes' last, below the fold)
    await walk.typed("palette search", "odd")  # the user's theme, whose label and help are markup
    await walk.until(lambda: "[Draft]" in screen_text(walk.app.export_screenshot()), tries=50)
    await walk.step("palette search")
    await pilot.press("escape", "escape", "ctrl+p")
    await walk.typed("palette: close", "file: open another")
    await walk.until(lambda: any(o.option_count for o in walk.app.screen.query(OptionList)))
    await walk.step("close dialog", "enter")
    await walk.step("start screen", "d")  # close without saving: the start screen lists the recent trip
    return walk


def test_every_screen_shows_hostile_text_literally_and_no_control_reaches_the_terminal(tmp_path: Path) -> None:
    texts = {field: hostile(field) for field in FIELDS}
    themes = Path(os.environ["TRIPPLAN_CONFIG_DIR"]) / "themes"  # the user's own theme, named in the palette
    themes.mkdir(parents=True, exist_ok=True)
    (themes / "odd.toml").write_text(tomli_w.dumps({"name": "odd", "label": f"odd{MARKUP} \x1b]0;PWNED\x07",
                                                    "description": f"[Draft] {LINK} \x1b[2J", "dark": True,
                                                    "primary": "#ff7744"}), encoding="utf-8")
    texts["notes"] += " " + "x" * 10_000  # and 10 k characters (the notes come last wherever they are shown)
    # The file name too: "Saved …" and the questions about unsaved changes name it.
    path = trip_file(tmp_path / f"file{FILE_MARK}\x1b]0;PWNED\x07.toml", texts)

    async def body() -> None:
        async with opened(path, size=(200, 50)) as (app, pilot):
            walk = await walk_everything(app, pilot, tmp_path, "title")
            seen = walk.seen
            first = f"title{MARKUP}"
            for step in ("main, event selected", "search results", "delete dialog", "today"):
                assert first in seen[step], f"{step}:\n{seen[step]}"
            details = seen["main, event selected"]
            for field in ("title", "place", "notes", "person", "objective"):
                assert f"{field}{MARKUP}" in details, field
            assert LINK in details and visible("\x1b]0;PWNED\x07") in details  # the org, as written
            assert f"name{MARKUP}" in seen["main"]  # the header
            assert f"dest{MARKUP}" in seen["main"]  # the header's clock names the city of the day
            assert f"person{MARKUP}" in seen["people"] and f"me{MARKUP}" in seen["people"]
            client = seen["people, the client"]
            assert f"pnotes{MARKUP}" in client and f"talk{MARKUP}" in client and f"met{MARKUP}" in client
            assert f"interest{MARKUP}" in client and f"org{MARKUP}" in client and LINK in client
            assert f"followup{MARKUP}" in seen["follow-ups"] and f"person{MARKUP}" in seen["follow-ups"]
            assert f"objective{MARKUP}" in seen["objectives"] and f"onotes{MARKUP}" in seen["objectives"]
            assert f"city{MARKUP}" in seen["settings"] and f"dest{MARKUP}" in seen["stop form"]
            assert f"person{MARKUP}" in seen["person form"] and f"person{MARKUP}" in seen["person pick"]
            assert f"followup{MARKUP}" in seen["follow-up form"] and f"objective{MARKUP}" in seen["objective form"]
            assert f"title{MARKUP}" in seen["link events"] and f"person{MARKUP}" in seen["delete person"]
            assert f"person{MARKUP}" in seen["invites"] and f"custom{MARKUP}" in seen["settings"]
            assert "Cn[/][b] [@click=app.quit]x[/]" in seen["import report"]
            assert "ics[/][b]" in seen["import report"] and visible("\x1b[2J") not in seen["import report"]
            assert "Cn[/][b] [@click=app.quit]x[/]" in seen["people after import"]
            assert f"Saved file{FILE_MARK}" in seen["saved"]
            assert f"theme: odd{MARKUP}" in seen["palette search"] and f"[Draft] {LINK}" in seen["palette search"]
            assert f"file{FILE_MARK}" in seen["quit dialog"] and f"file{FILE_MARK}" in seen["close dialog"]
            assert f"name{MARKUP}" in seen["start screen"]
    run(body)


def test_a_field_shown_as_escapes_is_kept_as_it_is_when_the_form_is_applied(tmp_path: Path) -> None:
    texts = {field: hostile(field) for field in FIELDS}
    path = trip_file(tmp_path / "trip.toml", texts)

    async def body() -> None:
        async with opened(path, size=(160, 45)) as (app, pilot):
            main = app.screen
            assert main.goto_event("ev")
            await pilot.press("e")
            await settle(app, pilot)
            assert app.screen.query_one("#title", Input).value == visible(texts["title"])
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen)
            assert main.session.trip.event("ev").title == texts["title"]  # unchanged: no edit made
            assert not main.session.dirty
    run(body)


def test_a_dialog_at_80_columns_wraps_a_long_title_instead_of_cutting_it(tmp_path: Path) -> None:
    texts = {field: hostile(field) for field in FIELDS}
    path = trip_file(tmp_path / "trip.toml", texts)

    async def body() -> None:
        async with opened(path, size=(80, 24)) as (app, pilot):
            walk = Walk(app, pilot)
            assert app.screen.goto_event("ev")
            text = await walk.step("delete dialog", "d")
            words = visible(texts["title"]).split()
            assert all(word in text for word in words), [w for w in words if w not in text]
    run(body)


def test_the_load_error_screen_shows_the_file_text_literally(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    bad = f"bad{MARKUP}\x1b]0;PWNED\x07\x1b[2J"
    path.write_text(f'schema_version = 1\n[trip]\n"{bad}" = 1\nname = "x"\n'.replace("\x1b", "\\u001b")
                    .replace("\x07", "\\u0007"), encoding="utf-8")

    async def body() -> None:
        async with opened(path, size=(120, 30)) as (app, pilot):
            walk = Walk(app, pilot)
            text = await walk.step("load error")
            assert "could not be opened" in text and visible(bad) in text, text
    run(body)


# --- arbitrary text ----------------------------------------------------------------------------------

PIECES = st.sampled_from(["[/]", "[b]", "[@click=app.quit]x[/]", "[Draft]", "[v2]", "\\", "$x", "]", "[",
                          "\x1b[2J", "\x1b]0;T\x07", "\x1b]52;c;SDZD\x1b\\", "\x9b", "\u202e", "\u200b", "😀", "\n"])
TEXT = st.lists(st.one_of(PIECES, st.text(st.characters(exclude_categories=["Cs"]), max_size=12)),
                min_size=1, max_size=8).map("".join)


def _row_text(table: DataTable[Any], index: int) -> str:
    return " | ".join(str(cell) for cell in table.get_row_at(index))


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.fixed_dictionaries({field: TEXT for field in FIELDS}))
def test_arbitrary_text_on_every_main_screen(tmp_path: Path, texts: dict[str, str]) -> None:
    texts = {field: f"{value} Q{field}" for field, value in texts.items()}  # searchable, never blank
    path = trip_file(tmp_path / "trip.toml", texts)

    async def body() -> None:
        async with opened(path, size=(120, 36)) as (app, pilot):
            walk = Walk(app, pilot)
            main = app.screen
            assert main.goto_event("ev")
            await walk.step("details")
            assert visible(texts["title"]) in main.query_one(EventDetails).text
            await walk.step("search", "slash")
            await walk.typed("search", "qtitle")
            await walk.step("delete", "escape", "d")
            await walk.step("today", "escape", "t")
            await walk.step("people", "p")
            people = app.screen.query_one(DataTable)
            assert visible(texts["person"]) in _row_text(people, 0) + _row_text(people, 1)
            await walk.step("person form", "e")
            await walk.step("follow-ups", "escape", "f")
            table = app.screen.query_one(DataTable)
            assert visible(texts["followup"]) in _row_text(table, 0)
            await walk.step("objectives", "o")
    run(body)


# --- a new screen that forgets -----------------------------------------------------------------------

TUI = Path(__file__).resolve().parents[2] / "src" / "tripplan" / "tui"
WIDGETS = {"Static", "Label", "Button", "Checkbox", "RadioButton", "Option", "Selection", "Input", "Select",
           "update", "add_row", "add_column", "add_columns", "add_option", "update_cell", "set_lines"}
ATTRIBUTES = {"border_title", "border_subtitle", "label", "tooltip", "placeholder", "prompt"}


def _formatted(node: ast.AST) -> bool:
    """An f-string, a string built with + or %, or a .format(): text that may carry a trip's."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _formatted(node.left) or _formatted(node.right) or any(
            isinstance(side, ast.Constant) and isinstance(side.value, str) for side in (node.left, node.right))
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
            and isinstance(node.func.value, ast.Constant))


def test_no_screen_hands_a_widget_markup_or_a_formatted_string() -> None:
    """Text reaches a widget through tripplan.tui.markup (m, plain, cell, shown), never as a formatted
    str (a widget would read it as markup) nor through Content.from_markup outside that module."""
    found = []
    for path in sorted(TUI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(TUI)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "from_markup" and path.name != "markup.py":
                found.append(f"{where}:{node.lineno}: from_markup (use tripplan.tui.markup.m)")
            elif isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                args = [*node.args, *(k.value for k in node.keywords if k.arg in ATTRIBUTES | {"label"})]
                if name in WIDGETS and any(_formatted(arg) for arg in args):
                    found.append(f"{where}:{node.lineno}: {name}() of a formatted string (use plain/m)")
            elif isinstance(node, ast.Assign) and _formatted(node.value):
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and target.attr in ATTRIBUTES:
                        found.append(f"{where}:{node.lineno}: .{target.attr} = a formatted string (use plain)")
    assert not found, "\n".join(found)
