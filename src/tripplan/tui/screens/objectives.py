"""Objectives (o): what the trip is for, who each objective is about, and what serves it.

The list shows each objective with its status; the detail shows its people,
notes, the events linked to it, other events with its people, follow-ups
and the planning warnings about it (``planning.objectives.plan_objectives``).
Change the status (s cycles it), link people and events, jump to a linked
event; every change is one undoable step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tripplan.edit.changes import add_objective, delete_objective, link_events, set_status, update_objective
from tripplan.planning.objectives import ObjectivePlan, plan_objectives
from tripplan.planning.timeline import Slot
from tripplan.trip.model import Objective, ObjectiveStatus
from tripplan.tui.markup import m as _m
from tripplan.tui.record_forms import MARKS, event_label, link_form, objective_form
from tripplan.tui.screens.base import TripView
from tripplan.tui.text import day_medium, time_range
from tripplan.tui.widgets.details import Lines, WrappedLines

if TYPE_CHECKING:
    from tripplan.tui.screens.trip_host import TripHost

CYCLE = [ObjectiveStatus.OPEN, ObjectiveStatus.IN_PROGRESS, ObjectiveStatus.ACHIEVED, ObjectiveStatus.DROPPED]
STATUS_COLOUR = {ObjectiveStatus.OPEN: "$text-muted", ObjectiveStatus.IN_PROGRESS: "$warning",
                 ObjectiveStatus.ACHIEVED: "$success", ObjectiveStatus.DROPPED: "$text-muted"}


class ObjectivesScreen(TripView):
    """The trip's objectives: a list, and the plan of the highlighted one."""

    VIEW = "objectives"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s,space", "cycle_status", "Status"),
        Binding("a", "add", "Add"),
        Binding("e,enter", "edit", "Edit"),
        Binding("l", "link", "Link events"),
        Binding("g", "goto_event", "Go to event"),
        Binding("d,delete", "delete", "Delete", show=False),
    ]

    def __init__(self, main: TripHost) -> None:
        super().__init__(main)
        self.plans: list[ObjectivePlan] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="split"):
            yield OptionList(id="objective-list")
            with VerticalScroll(id="detail"):
                yield WrappedLines(id="detail-body")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(OptionList).focus()

    @property
    def selected(self) -> Objective | None:
        """The highlighted objective."""
        options = self.query_one(OptionList)
        if options.highlighted is None or not options.option_count:
            return None
        return self.trip.objective(options.get_option_at_index(options.highlighted).id or "")

    def _plan(self, objective: Objective) -> ObjectivePlan | None:
        return next((p for p in self.plans if p.objective.id == objective.id), None)

    def refresh_view(self, select: str | None = None) -> None:
        """Recompute the objectives' plans and refill the list (keeping the highlight)."""
        super().refresh_view()
        options = self.query_one(OptionList)
        current = select or (self.selected.id if self.selected else None)
        self.plans = plan_objectives(self.trip)
        options.clear_options()
        for plan in self.plans:
            o = plan.objective
            warn = " [$warning]⚠[/]" if plan.warnings else ""
            options.add_option(Option(_m(
                f"[{STATUS_COLOUR[o.status]}]$m[/] $t [$text-muted]· $s · $n event$p[/]{warn}", m=MARKS[o.status],
                t=o.title, s=o.status.value, n=len(plan.linked), p="s" if len(plan.linked) != 1 else ""), id=o.id))
        ids = [p.objective.id for p in self.plans]
        if ids:
            options.highlighted = ids.index(current) if current in ids else 0
        self._show_detail()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    @on(OptionList.OptionSelected)
    def _chosen(self) -> None:
        self.action_edit()

    def _slot_line(self, slot: Slot) -> Content:
        tz = self.trip.zone_at(slot.begins)  # the zone of the city it happens in
        when = "all day" if slot.event.all_day else time_range(slot.begins, slot.ends, tz, with_zone=False)
        return _m(f"[$text-muted]$d $w[/]  [$cat-{slot.event.category.value}]■[/] $t",
                  d=day_medium(self.trip.day_of(slot.begins)), w=when, t=slot.event.title)

    def _show_detail(self) -> None:
        body = self.query_one("#detail-body", WrappedLines)
        objective = self.selected
        plan = self._plan(objective) if objective else None
        if objective is None or plan is None:
            body.set_lines([(0, _m("[$text-muted]No objectives yet. Press [b]a[/b] to set the first: what should "
                                   "this trip achieve, with whom?[/]"))])
            return
        blank = (0, Content(""))
        lines: Lines = [(0, _m("[b]$t[/b]", t=objective.title)),
                        (0, _m(f"[{STATUS_COLOUR[objective.status]}]$m $s[/] [$text-muted](s changes it)[/]",
                               m=MARKS[objective.status], s=objective.status.value))]
        if objective.notes:
            lines += [blank] + [(0, _m("$l", l=line)) for line in objective.notes.splitlines() if line.strip()]
        lines += [blank, (0, _m("[b $text-secondary]About[/]"))]
        lines += [(2, _m("$n [$text-muted]$r[/]", n=p.name, r=" · ".join(x for x in (p.role.value, p.org) if x)))
                  for p in plan.people] or [(2, _m("[$text-muted]nobody yet (e to choose people)[/]"))]
        lines += [blank, (0, _m("[b $text-secondary]Planned for it[/] "
                                "[$text-muted](l links events, g goes to one)[/]"))]
        lines += [(2, self._slot_line(s)) for s in plan.linked] or [(2, _m("[$text-muted]nothing yet[/]"))]
        if plan.with_people:
            lines += [blank, (0, _m("[b $text-secondary]Also with its people[/]"))]
            lines += [(2, self._slot_line(s)) for s in plan.with_people[:10]]
        if plan.followups:
            lines += [blank, (0, _m("[b $text-secondary]Follow-ups[/]"))]
            lines += [(4, _m("$m $w [$text-muted]· due $d[/]", m="✓" if f.done else "•", w=f.what,
                             d=f"{f.due:%a %d %b}")) for f in plan.followups]
        if plan.warnings:
            lines += [blank] + [(2, _m("[$warning]⚠[/] $w", w=w.message)) for w in plan.warnings]
        body.set_lines(lines)

    # --- actions ---------------------------------------------------------------------------------------

    def _need(self) -> Objective | None:
        objective = self.selected
        if objective is None:
            self.notify("No objective here — press a to add one.", severity="warning", timeout=3)
        return objective

    def action_cycle_status(self) -> None:
        """Move the highlighted objective to its next status (open → in progress → achieved → dropped)."""
        objective = self._need()
        if objective is None:
            return
        status = CYCLE[(CYCLE.index(objective.status) + 1) % len(CYCLE)]
        set_status(self.session, objective.id, status)
        self.changed(message=f"“{objective.title}”: {status.value}.")

    def action_add(self) -> None:
        """Add an objective."""
        def done(objective: Objective | None) -> None:
            if objective is not None:
                add_objective(self.session, objective)
                self.refresh_view(select=objective.id)
                self.changed(message="Added the objective. l links events to it.")

        self.app.push_screen(objective_form(self.trip, None), done)

    def action_edit(self) -> None:
        """Edit the highlighted objective: title, status, people, notes."""
        objective = self._need()
        if objective is None:
            return

        def done(result: Objective | None) -> None:
            if result is not None and result != objective:
                update_objective(self.session, result)
                self.changed()

        self.app.push_screen(objective_form(self.trip, objective), done)

    def action_link(self) -> None:
        """Choose the events that serve the highlighted objective."""
        objective, daymap = self._need(), self.main.daymap
        if objective is None or daymap is None:
            return

        def done(chosen: list[str] | None) -> None:
            if chosen is not None and link_events(self.session, objective.id, chosen) is not None:
                self.changed(message=f"{len(chosen)} event{'s' * (len(chosen) != 1)} serve “{objective.title}”.")

        self.app.push_screen(link_form(self.trip, daymap, objective), done)

    def action_goto_event(self) -> None:
        """Go to an event linked to the highlighted objective (choose when there are several)."""
        from tripplan.tui.screens.forms import PickScreen

        objective, daymap = self._need(), self.main.daymap
        plan = self._plan(objective) if objective else None
        if objective is None or plan is None or daymap is None:
            return
        events = [s.event for s in plan.linked] or [s.event for s in plan.with_people]
        if not events:
            self.notify("Nothing is planned for it yet — l links events.", severity="warning", timeout=3)
            return
        if len(events) == 1:
            self.main.goto_event(events[0].id)
            return

        def done(ident: str | None) -> None:
            if ident:
                self.main.goto_event(ident)

        self.app.push_screen(PickScreen(f"Events for “{objective.title}”",
                                        [(e.id, event_label(self.trip, daymap, e)) for e in events]), done)

    def action_delete(self) -> None:
        """Delete the highlighted objective (its events stay, unlinked)."""
        from tripplan.tui.screens.dialogs import confirm

        objective = self._need()
        if objective is None:
            return
        linked = sum(1 for e in self.trip.events if e.objective == objective.id)
        extra = f"\n{linked} event{'s' * (linked != 1)} serving it stay, unlinked." if linked else ""

        def done(answer: str | None) -> None:
            if answer == "yes":
                delete_objective(self.session, objective.id)
                self.changed(message="Deleted the objective. ctrl+z brings it back.")

        self.app.push_screen(confirm("Delete objective", f"Delete “{objective.title}”?{extra}"), done)
