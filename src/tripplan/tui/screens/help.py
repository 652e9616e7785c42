"""Context help: the keys of the current view, with what they do, and tips for that view."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from tripplan.time.entry import ACCEPTED_FORMS
from tripplan.tui.markup import m as _m
from tripplan.tui.markup import plain
from tripplan.tui.screens.dialogs import titled_box

TIPS = {
    "timetable": (
        "The timetable shows each day in the time of the city it is in (on a multi-city trip the headings "
        "name the city; the header's clock follows the day, beside home time). P shows one person's plan: "
        "only the events they attend (the travellers first in the list); P again, or the palette, shows "
        "everyone's. s opens the trip's settings and its stops. The cursor is a day and a time: "
        "↑/↓ move by one row, ←/→ by one day; the event under the cursor is selected and shown on the right. "
        "v shows the agenda list instead: every day, one line per event (below 64 columns it is always the "
        "list); v again goes back to the timetable.\n"
        "Colours are balance categories: [$cat-work]■ work[/]  [$cat-networking]■ networking[/]  "
        "[$cat-bonding]■ bonding[/]  [$cat-culture]■ culture[/]  [$cat-logistics]■ logistics[/]  "
        "[$cat-rest]■ rest[/]. The bars in the day list show hours per category.\n"
        "Mouse: click selects, double-click edits, the wheel scrolls. Nothing is written to the file "
        "until you save (ctrl+s); every change can be undone (ctrl+z) and redone (ctrl+y)."
    ),
    "editor": (
        "Every field is checked as you type; a red field says what is wrong under it, and nothing is "
        "applied until the whole form is right. Times are in the zone shown under 'Zone'; left empty "
        "(on a multi-city trip), a time is read in the zone of the day it is on: 12:00 on a Tokyo day is "
        "12:00 in Tokyo. A time the clocks skip is refused with the nearest ones "
        "that exist; a time that happens twice (the hour repeated when the clocks go back) shows its "
        "offset, and a checkbox under it picks the second one. All-day events are whole days, even "
        "one whose midnight the clocks skip.\n\nTimes can be typed naturally:\n" + ACCEPTED_FORMS.replace("[", "\\[")
        + "\n\nReminders: '1h, 15m'. Repeat: an RRULE such as FREQ=DAILY;COUNT=4 or "
        "FREQ=WEEKLY;BYDAY=MO,WE. Skip: occurrences to leave out, e.g. 'wed' or '2027-03-10 09:30'."
    ),
    "start": "Open a recent trip, one from your trips folder or a sample, or create a new trip.",
    "today": (
        "What is on now and next, with a countdown, the place and a brief on everyone you meet: role, "
        "interests, what to remember, the last conversation, shared objectives and open follow-ups. The "
        "screen refreshes itself every minute.\n"
        "Rehearse another moment: ←/→ move a day, [ and ] an hour, d picks a day of the trip, n comes back "
        "to now. Enter goes to the event in the timetable."
    ),
    "people": (
        "Everyone in the trip. The panel shows what to remember about the highlighted person, their "
        "conversations (newest first), shared objectives, follow-ups and the events you share.\n"
        "m makes the highlighted person me: the traveller who owns the trip (only one: marking another "
        "moves it, and the one who was me goes on travelling). v says whether someone travels with you; "
        "a teammate's own home zone is in their form (e). Events that list no travellers are every "
        "traveller's.\n"
        "Deleting someone who attends events asks whether to keep those events. Every change can be "
        "undone with ctrl+z."
    ),
    "settings": (
        "The trip and its stops: each stop is a city with its zone and days, and its own working hours. "
        "A day belongs to the stop where you sleep that night, and is shown in that city's time. a adds a "
        "stop (it takes its days from the stop it overlaps: one inside another cuts it in two), e edits "
        "one, d removes one (the stop before it takes its days). Events keep their times. A stop the "
        "rules refuse says why in the form; ctrl+z takes any change back."
    ),
    "objectives": (
        "What the trip is for. s (or space) moves an objective on: open → in progress → achieved → dropped. "
        "l chooses the events that serve it; g goes to one of them. ⚠ marks objectives the planner warns "
        "about (nothing planned, or its people missing from its events)."
    ),
    "followups": (
        "Follow-ups after the trip, overdue first. Below them, suggestions: a follow-up for each person you "
        "met at a networking or bonding event who has none yet, with the event where you met. Enter or + "
        "applies the highlighted one, A applies all (one undo takes them back). Tab moves between the lists."
    ),
    "balance": (
        "Each day's awake hours as a bar, filled by category: [$cat-work]■ work[/]  "
        "[$cat-networking]■ networking[/]  [$cat-bonding]■ bonding[/]  [$cat-culture]■ culture[/]  "
        "[$cat-logistics]■ logistics[/]  [$cat-rest]■ rest[/]; dots are free time. The numbers are the "
        "scheduled hours and the day's score.\n"
        "Enter on a warning goes to its day in the timetable. s asks for suggestions: activities in free "
        "slots, each with its reason; the ones you keep are added as one undoable step."
    ),
}

KEY_NAMES = {"question_mark": "?", "slash": "/", "minus": "-", "plus": "+", "equals_sign": "=",
             "less_than_sign": "<", "greater_than_sign": ">", "delete": "del", "escape": "esc", "period": "."}


def key_label(keys: str) -> str:
    """``shift+up,minus`` → ``shift+↑ / -``."""
    arrows = {"up": "↑", "down": "↓", "left": "←", "right": "→"}
    out = []
    for key in keys.split(","):
        parts = key.strip().split("+")
        parts[-1] = KEY_NAMES.get(parts[-1], arrows.get(parts[-1], parts[-1]))
        out.append("+".join(parts))
    return " / ".join(out)


def binding_rows(nodes: Iterable[DOMNode]) -> list[tuple[str, str]]:
    """(keys, description) for every binding with a description on *nodes* (and the app)."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for node in nodes:
        for binding in getattr(node, "BINDINGS", []):
            if not isinstance(binding, Binding) or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            rows.append((key_label(binding.key), binding.description))
    return rows


def key_table(rows: list[tuple[str, str]], screen_width: int) -> Content:
    """The keys and what they do, in two columns when the screen is wide enough (a long list then fits)."""
    width = max((len(k) for k, _ in rows), default=0) + 2
    cells = [_m("[b $accent]$k[/]$pad$d", k=k, pad=" " * (width - len(k)), d=d) for k, d in rows]
    column = max((c.cell_length for c in cells), default=0) + 3
    if len(cells) < 12 or 2 * column > min(96, int(screen_width * 0.9)) - 4:
        return Content("\n").join(cells)
    half = (len(cells) + 1) // 2
    left, right = cells[:half], cells[half:]
    lines = [Content.assemble(a, " " * (column - a.cell_length), b) if b is not None else a
             for a, b in zip(left, [*right, None], strict=False)]
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Keys and tips for one view."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; background: $background 60%; }
    HelpScreen > Vertical {
        width: 90%; max-width: 96; height: 90%; max-height: 44;
        background: $panel; border: round $accent; padding: 0 1;
        border-title-color: $accent; border-title-style: bold;
    }
    HelpScreen .tips { margin: 1 0; }
    HelpScreen .keys { margin-bottom: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close"),
    ]

    def __init__(self, view: str, nodes: list[DOMNode]) -> None:
        super().__init__()
        self.view = view
        self.nodes = nodes

    def compose(self) -> ComposeResult:
        with titled_box(plain(f"Help · {self.view}"), "esc close"), VerticalScroll():
            yield Static(key_table(binding_rows([*self.nodes, self.app]), self.app.size.width),
                         classes="keys")
            yield Static(_m(TIPS.get(self.view, "")), classes="tips")

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
