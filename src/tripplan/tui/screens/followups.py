"""Follow-ups (f): what to do for whom after the trip, and the ones the planner suggests.

The table lists every follow-up, overdue first (``planning.followups``);
below it, the suggestions: a follow-up for each person met at a networking
or bonding event who has none yet, shown with the event where you met.
Apply one (enter or +) or all (A); mark done (space), add, edit, delete, go
to the event a follow-up came from.  Every change is one undoable step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from tripplan.edit.changes import add_followups, delete_followup, toggle_done, update_followup
from tripplan.planning.followups import DONE, OVERDUE, FollowUpLine, list_followups, suggest_followups
from tripplan.trip.model import FollowUp
from tripplan.tui import columns
from tripplan.tui.markup import cell
from tripplan.tui.markup import m as _m
from tripplan.tui.record_forms import followup_form, now_date
from tripplan.tui.screens.base import TableView
from tripplan.tui.text import clock_at, day_at, day_medium

if TYPE_CHECKING:
    from tripplan.tui.screens.trip_host import TripHost

# DataTable cells are Rich text: theme variables do not reach them, so plain ANSI colours follow the terminal.
STATUS_MARK = {DONE: Text("✓ done", style="green"), OVERDUE: Text("! overdue", style="bold red")}


class FollowUpsScreen(TableView):
    """Follow-ups of the trip and suggested ones."""

    VIEW = "followups"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,x", "toggle_done", "Done"),
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("plus,y", "apply_one", "Apply suggestion"),
        Binding("A", "apply_all", "Apply all"),
        Binding("g", "goto_event", "Go to event"),
        Binding("d,delete", "delete", "Delete", show=False),
    ]

    def __init__(self, main: TripHost) -> None:
        super().__init__(main)
        self.suggestions: list[FollowUp] = []
        self._lines: dict[str, FollowUpLine] = {}

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Vertical(id="followups-body"):
            yield Static(id="followups-title", classes="section-title")
            yield DataTable(id="followup-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="followup-detail")  # the whole of the follow-up under the cursor
            yield Static(id="suggest-title", classes="section-title")
            yield OptionList(id="suggestions")
        yield from self.compose_footer()

    def _columns(self) -> None:
        """The columns are sized from the rows (``refresh_view``): nothing to do before them."""

    # --- showing ---------------------------------------------------------------------------------------

    @property
    def selected(self) -> FollowUp | None:
        """The follow-up under the table's cursor."""
        key = self.cursor_key()
        return next((f for f in self.trip.followups if f.id == key), None) if key is not None else None

    @property
    def suggestion(self) -> FollowUp | None:
        """The highlighted suggestion."""
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.suggestions:
            return None
        return self.suggestions[options.highlighted]

    def refresh_view(self, select: str | None = None) -> None:
        """Refill the table and the suggestions from the trip as it is now."""
        super().refresh_view()
        trip = self.trip
        today = now_date(self.main.clock(), trip)
        table = self.query_one(DataTable)
        current = select or (self.selected.id if self.selected else None)
        lines = list_followups(trip, today)
        rows: list[tuple[str, list[Text | str]]] = [
            (line.followup.id, [STATUS_MARK.get(line.status, Text("• due", style="yellow")),
                                day_medium(line.followup.due), cell(line.person), cell(line.followup.what),
                                cell(line.event or "")]) for line in lines]
        # Every column on screen at any width; the texts give up room first (ending in …), the whole
        # follow-up under the cursor in the line below the table.
        columns.fill(table, [("", "status", False), ("Due", "due", False), ("Who", "who", True),
                             ("What", "what", True), ("From", "from", True)], rows, self.app.size.width - 1)
        self._lines = {line.followup.id: line for line in lines}
        ids = [line.followup.id for line in lines]
        if current in ids:
            table.move_cursor(row=ids.index(current))
        open_count = sum(1 for line in lines if line.status != DONE)
        overdue = sum(1 for line in lines if line.status == OVERDUE)
        self.query_one("#followups-title", Static).update(_m(
            "[b]Follow-ups[/b] [$text-muted]· $n open$o · today is $d[/]", n=open_count,
            o=f", {overdue} overdue" if overdue else "", d=day_medium(today)))
        self._show_suggestions()
        self._show_detail()

    def _show_detail(self) -> None:
        """The follow-up under the cursor in full: who, when, what and where it came from."""
        line = self._lines.get(self.cursor_key() or "")
        detail = self.query_one("#followup-detail", Static)
        detail.display = line is not None
        if line is not None:
            source = _m(" [$text-muted]· from[/] $e", e=line.event) if line.event else _m("")
            detail.update(_m("[b]$p[/b] [$text-muted]· due $d[/]  $w", p=line.person,
                             d=day_medium(line.followup.due), w=line.followup.what) + source)

    def _show_suggestions(self) -> None:
        trip = self.trip
        self.suggestions = suggest_followups(trip)
        options = self.query_one(OptionList)
        index = options.highlighted or 0
        options.clear_options()
        for proposal in self.suggestions:
            person = trip.person(proposal.person)
            event = trip.event(proposal.event) if proposal.event else None
            where = ""
            if event is not None:
                where = f"met at {event.title}, {day_at(trip, event.start_utc)} {clock_at(trip, event.start_utc)}"
            options.add_option(Option(_m("[b]$n[/b]  $w\n  [$text-muted]$e · due $d[/]",
                                         n=person.name if person else proposal.person, w=proposal.what, e=where,
                                         d=day_medium(proposal.due))))
        if self.suggestions:
            options.highlighted = min(index, len(self.suggestions) - 1)
        count = len(self.suggestions)
        self.query_one("#suggest-title", Static).update(_m(
            "[b]Suggested[/b] [$text-muted]· $t[/]",
            t=(f"{count} person{'s' if count != 1 else ''} met at a networking or bonding event without a follow-up "
               "— enter or + applies one, A all") if count else "everyone you met has a follow-up"))
        options.display = bool(count)

    # --- actions ---------------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#suggestions")
    def _suggestion_chosen(self) -> None:
        self.action_apply_one()

    def action_toggle_done(self) -> None:
        """Mark the follow-up under the cursor done (or not done again)."""
        followup = self.selected
        if followup is None:
            self.notify("No follow-up here.", severity="warning", timeout=3)
            return
        toggle_done(self.session, followup.id)
        self.changed(message=f"“{followup.what}”: {'not done' if followup.done else 'done'}.")

    def action_add(self) -> None:
        """Add a follow-up."""
        today = now_date(self.main.clock(), self.trip)

        def done(result: FollowUp | None) -> None:
            if result is not None:
                add_followups(self.session, [result])
                self.refresh_view(select=result.id)
                self.changed(message="Added the follow-up.")

        self.app.push_screen(followup_form(self.trip, None, today), done)

    def action_edit(self) -> None:
        """Edit the follow-up under the cursor."""
        followup = self.selected
        if followup is None:
            self.notify("No follow-up here — press a to add one.", severity="warning", timeout=3)
            return

        def done(result: FollowUp | None) -> None:
            if result is not None and result != followup:
                update_followup(self.session, result)
                self.changed()

        self.app.push_screen(followup_form(self.trip, followup, now_date(self.main.clock(), self.trip)), done)

    def action_delete(self) -> None:
        """Delete the follow-up under the cursor."""
        followup = self.selected
        if followup is None:
            return
        delete_followup(self.session, followup.id)
        self.changed(message="Deleted the follow-up. ctrl+z brings it back.")

    def action_apply_one(self) -> None:
        """Add the highlighted suggestion as a follow-up."""
        proposal = self.suggestion
        if proposal is None:
            self.notify("No suggestions to apply.", severity="warning", timeout=3)
            return
        person = self.trip.person(proposal.person)
        add_followups(self.session, [proposal], f"add follow-up for {person.name if person else proposal.person}")
        self.changed(message=f"Added: {proposal.what}")

    def action_apply_all(self) -> None:
        """Add every suggestion as a follow-up, in one undoable step."""
        if not self.suggestions:
            self.notify("Everyone you met has a follow-up already.", timeout=3)
            return
        count = len(self.suggestions)
        add_followups(self.session, list(self.suggestions), f"add {count} suggested follow-ups")
        self.changed(message=f"Added {count} follow-up{'s' * (count != 1)}. ctrl+z takes them back.")

    def action_goto_event(self) -> None:
        """Go to the event the follow-up (or the highlighted suggestion) came from."""
        source = self.suggestion if self.query_one(OptionList).has_focus else self.selected
        if source is None or not source.event:
            self.notify("This follow-up names no event.", severity="warning", timeout=3)
            return
        self.main.goto_event(source.event)
