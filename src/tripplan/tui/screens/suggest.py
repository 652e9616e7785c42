"""The planner's suggestions, each with its reason; tick the ones to add and apply them together.

The proposals come from ``planning.suggest`` (bonding where a working day
lacks it, a cultural outing, rest that keeps a break free), computed off the
event loop.  The screen dismisses with the chosen suggestions; the balance
view adds them as one undoable step.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, SelectionList, Static
from textual.widgets.selection_list import Selection

from tripplan.planning.suggest import Suggestion, suggest
from tripplan.trip.model import Trip
from tripplan.tui.markup import m as _m
from tripplan.tui.screens.dialogs import panel_css, titled_box
from tripplan.tui.text import day_medium, time_range


def suggestion_label(trip: Trip, item: Suggestion) -> Content:
    """``Wed 10 Mar 19:30–21:00 ■ Dinner at a tasca · meal · at Alfama``."""
    where = f" · at {item.location}" if item.location else ""
    return _m(
        f"[$text-muted]$d $t[/]  [$cat-{item.kind.category.value}]■[/] [b]$title[/b] [$text-muted]· $k$w[/]",
        d=day_medium(item.day), t=time_range(item.start, item.end, trip.zone_on(item.day), with_zone=False),
        title=item.title, k=item.kind.value, w=where)


class SuggestScreen(ModalScreen[list[Suggestion] | None]):
    """Suggestions to tick; the reason of the highlighted one is shown below the list."""

    DEFAULT_CSS = panel_css("SuggestScreen", width="96%", max_width=120, max_height="96%") + """
    SuggestScreen SelectionList { height: auto; max-height: 16; background: $panel; border: none; }
    SuggestScreen #reason { height: auto; min-height: 3; margin: 1 0; color: $text; }
    SuggestScreen #status { color: $text-muted; height: auto; }
    SuggestScreen #buttons { height: 1; align-horizontal: right; }
    SuggestScreen Button { margin-left: 2; min-width: 10; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Apply chosen", priority=True),
        Binding("a", "all", "Tick all"),
    ]

    def __init__(self, trip: Trip, today: date | None) -> None:
        super().__init__()
        self.trip, self.today = trip, today
        self.items: list[Suggestion] = []

    def compose(self) -> ComposeResult:
        with titled_box("Suggestions", "space tick · a all · ctrl+s apply · esc cancel"):
            yield Static(_m("[$text-muted]looking for free slots…[/]"), id="status")
            yield SelectionList[int](id="choices")
            yield Static("", id="reason")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Add chosen", id="apply", variant="primary", compact=True, disabled=True)

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()
        self._find()

    @work(thread=True, exclusive=True)
    def _find(self) -> None:
        found = suggest(self.trip, today=self.today)
        self.app.call_from_thread(self._show, found)

    def _show(self, found: list[Suggestion]) -> None:
        self.items = found
        choices = self.query_one(SelectionList)
        choices.clear_options()
        choices.add_options([Selection(suggestion_label(self.trip, s), i, True) for i, s in enumerate(found)])
        status = self.query_one("#status", Static)
        if found:
            status.update(_m("[$text-muted]$n proposal$s, all ticked — untick what you do not "
                                              "want[/]", n=len(found), s="s" if len(found) != 1 else ""))
            choices.highlighted = 0
        else:
            status.update(_m("[$success]✓ Nothing to suggest: the days meet their targets, or "
                                              "have no free slot that fits.[/]"))
        choices.display = bool(found)
        self._reason()
        self._count()

    @on(SelectionList.SelectionHighlighted)
    def _reason(self) -> None:
        choices = self.query_one(SelectionList)
        reason = self.query_one("#reason", Static)
        index = choices.highlighted
        if index is None or not self.items:
            reason.update("")
            return
        item = self.items[index]
        source = "an idea from the trip file" if item.source == "trip idea" else "from the catalogue"
        reason.update(_m("[b]Why:[/b] $r\n[$text-muted]$s[/]$n", r=item.reason, s=source,
                                          n=f"\n{item.notes}" if item.notes else ""))

    @on(SelectionList.SelectedChanged)
    def _count(self) -> None:
        chosen = len(self.query_one(SelectionList).selected)
        button = self.query_one("#apply", Button)
        button.disabled = chosen == 0
        button.label = f"Add {chosen}" if chosen else "Add chosen"

    def action_all(self) -> None:
        """Tick every suggestion."""
        self.query_one(SelectionList).select_all()

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        """Dismiss with the ticked suggestions."""
        chosen = [self.items[i] for i in sorted(self.query_one(SelectionList).selected)]
        if chosen:
            self.dismiss(chosen)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without adding anything."""
        self.dismiss(None)
