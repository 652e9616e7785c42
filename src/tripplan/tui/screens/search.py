"""Search: find events by title, people and places across the trip, and jump to one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tripplan.trip.model import Event, Trip
from tripplan.tui.daymap import DayMap
from tripplan.tui.keys import Input, TypeAhead
from tripplan.tui.markup import m as _m
from tripplan.tui.screens.dialogs import titled_box
from tripplan.tui.text import clock, day_medium

MAX_HITS = 200


@dataclass(frozen=True)
class Hit:
    """A search result: an event occurrence and why it matched."""

    event_id: str
    day: date
    minute: int
    title: str
    why: str
    at: str = ""  # the time shown ("09:30"; "01:30 WET" on a day the clocks change), "" for all day


def search(trip: Trip, daymap: DayMap, query: str, limit: int = MAX_HITS) -> list[Hit]:
    """Events whose title, place, people (name, organisation) or notes contain every word of *query*.

    A recurring event is listed once, at its first occurrence in the trip.
    """
    words = query.lower().split()
    if not words:
        return []
    people = {p.id: p for p in trip.people}
    hits: list[Hit] = []
    for event in trip.events:
        fields = _fields(event, people)
        haystack = " ".join(text.lower() for _, text in fields)
        if not all(w in haystack for w in words):
            continue
        why = next((name for name, text in fields if any(w in text.lower() for w in words)), "title")
        day = daymap.first_day_of(event.id)
        if day is None:
            continue
        block = next((b for b in daymap.plan(day).blocks if b.event_id == event.id), None)
        minute = block.start_min if block else 0
        at = ""
        if block is not None:
            at = "00:00" if block.clipped_start else clock(block.occurrence.start_utc, daymap.zone(day),
                                                           tagged=daymap.plan(day).changes)
        hits.append(Hit(event.id, day, minute, event.title, why, at))
    hits.sort(key=lambda h: (h.day, h.minute, h.title))
    return hits[:limit]


def _fields(event: Event, people: Mapping[str, object]) -> list[tuple[str, str]]:
    fields = [("title", event.title), ("place", event.location)]
    for ident in event.attendees:
        person = people.get(ident)
        name = getattr(person, "name", ident)
        org = getattr(person, "org", "")
        fields.append(("with", f"{name} {org}".strip()))
    fields.append(("notes", event.notes))
    fields.append(("kind", event.kind.value))
    return fields


class SearchScreen(TypeAhead, ModalScreen[Hit | None]):
    """Type to search; enter jumps to the highlighted result."""

    DEFAULT_CSS = """
    SearchScreen { align: center top; background: $background 50%; }
    SearchScreen > Vertical {
        width: 90%; max-width: 100; height: auto; max-height: 80%; margin-top: 2;
        background: $panel; border: round $accent; padding: 0 1;
        border-title-color: $accent; border-title-style: bold;
    }
    SearchScreen Input { margin-bottom: 1; }
    SearchScreen OptionList { height: auto; max-height: 20; border: none; }
    SearchScreen #count { color: $text-muted; height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close"),
        Binding("down", "results", "Results", show=False),
    ]

    def __init__(self, trip: Trip, daymap: DayMap) -> None:
        super().__init__()
        self.trip, self.daymap = trip, daymap
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        with titled_box("Search", "enter jump · ↓ results · esc close"):
            yield Input(placeholder="titles, people, places…", id="query")
            yield OptionList(id="results")
            yield Static("", id="count")

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        self._show([])

    @on(Input.Changed, "#query")
    def _typed(self, event: Input.Changed) -> None:
        self._show(search(self.trip, self.daymap, event.value))

    def _show(self, hits: list[Hit]) -> None:
        self.hits = hits
        results = self.query_one("#results", OptionList)
        results.clear_options()
        results.add_options([Option(_m(
            "[$text-muted]$d $t[/]  [b]$title[/b]  [$text-muted]· $why[/]", d=f"{day_medium(h.day):<10}",
            t=h.at or f"{h.minute // 60:02d}:{h.minute % 60:02d}", title=h.title, why=h.why)) for h in hits])
        if hits:
            results.highlighted = 0
        query = self.query_one("#query", Input).value.strip()
        count = self.query_one("#count", Static)
        count.update("" if not query else f"{len(hits)} found" + (" (first 200)" if len(hits) >= MAX_HITS else ""))

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        results = self.query_one("#results", OptionList)
        index = results.highlighted if results.highlighted is not None else 0
        if self.hits:
            self.dismiss(self.hits[index])

    @on(OptionList.OptionSelected, "#results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[event.option_index])

    def action_results(self) -> None:
        """Move into the result list."""
        if self.hits:
            self.query_one("#results", OptionList).focus()

    def action_cancel(self) -> None:
        """Close without jumping."""
        self.dismiss(None)


