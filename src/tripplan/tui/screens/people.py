"""People (p): everyone in the trip, and what to remember about the one under the cursor.

A table (name, who is on the trip — "me" and the travelling teammates —,
role, organisation, interests, events) and a detail panel: what to
remember, interests, where you met, the conversation log (newest first),
shared objectives, follow-ups, their answers to the invites that went out
(a count, then one line per event) and the events together.  Add, edit and
delete people, log a conversation, mark who is me (m: only one — marking
another moves it) and who travels (v); a teammate's home zone is in the
person form.  Every change is one undoable step.  Deleting someone who
attends events asks what to do with those events.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable

from tripplan.edit.changes import add_log_entry, add_person, person_links, update_person
from tripplan.edit.session import EditSession
from tripplan.ical.rsvp import answered_events
from tripplan.planning.followups import status as followup_status
from tripplan.trip.answers import Answers
from tripplan.trip.model import Event, LogEntry, Person
from tripplan.tui import columns
from tripplan.tui.answer_marks import LABEL_PLURAL, answer_content, answer_notes, worth_showing
from tripplan.tui.markup import cell
from tripplan.tui.markup import m as _m
from tripplan.tui.record_forms import MARKS, event_label, log_form, now_date, person_form
from tripplan.tui.screens.base import TableView
from tripplan.tui.team import Outcome, delete_person, listed_in, mark_me, toggle_travels
from tripplan.tui.widgets.details import Lines, WrappedLines

MAX_EVENTS_LISTED = 12


def _trip_role(person: Person) -> str:
    """The "Trip" column: ``me``, ``travels`` (a teammate's home zone is in the detail), or nothing."""
    return "me" if person.me else "travels" if person.travels else ""


class PeopleScreen(TableView):
    """The people of the trip: a table and the detail of the highlighted person."""

    VIEW = "people"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add"),
        Binding("e,enter", "edit", "Edit"),
        Binding("l", "log", "Log a talk"),
        Binding("m", "mark_me", "This is me"),
        Binding("v", "travels", "Travels on/off"),
        Binding("d,delete", "delete", "Delete"),
        Binding("g", "goto_event", "Go to event", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="split"):
            yield DataTable(id="people-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="detail"):
                yield WrappedLines(id="detail-body")
        yield from self.compose_footer()

    def _columns(self) -> None:
        """The columns are sized from the rows (``refresh_view``): nothing to do before them."""

    def _room(self) -> int:
        """The table's width: the window's, less the detail panel beside it (below 100 columns it is under
        the table) and the scroll bar."""
        width = self.app.size.width
        return width - (1 if width < 100 else 53) - 1

    # --- showing ---------------------------------------------------------------------------------------

    @property
    def selected(self) -> Person | None:
        """The person under the cursor."""
        key = self.cursor_key()
        return self.trip.person(key) if key is not None else None

    def refresh_view(self, select: str | None = None) -> None:
        """Refill the table (keeping the cursor on *select* or the same person) and the detail."""
        super().refresh_view()
        table = self.query_one(DataTable)
        current = select or (self.selected.id if self.selected else None)
        counts: dict[str, int] = {}
        for event in self.trip.events:
            for ident in self.trip.party(event):  # the travellers at it and its attendees
                counts[ident] = counts.get(ident, 0) + 1
        rows: list[tuple[str, list[Text | str]]] = [
            (person.id, [cell(person.name, "bold"), cell(_trip_role(person)), cell(person.role.value),
                         cell(person.org), cell(", ".join(person.interests)), str(counts.get(person.id, 0))])
            for person in sorted(self.trip.people, key=lambda p: p.name.lower())]
        # Every column on screen, as wide as its content when the room allows; the texts give up room
        # first (ending in …), the whole of them in the detail beside the table.
        columns.fill(table, [("Name", "name", True), ("Trip", "trip", False), ("Role", "role", False),
                             ("Works at", "org", True), ("Interests", "interests", True), ("Events", "events", False)],
                     rows, self._room())
        ids = [p.id for p in sorted(self.trip.people, key=lambda p: p.name.lower())]
        if current in ids:
            table.move_cursor(row=ids.index(current))
        self._show_detail()

    def _show_detail(self) -> None:
        body = self.query_one("#detail-body", WrappedLines)
        person = self.selected
        body.set_lines(self.detail(person) if person else [
            (0, _m("[$text-muted]No people yet. Press [b]a[/b] to add the first.[/]"))])

    def detail(self, person: Person) -> Lines:
        """Everything to know about *person*."""
        trip, blank = self.trip, (0, Content(""))
        about = " · ".join(x for x in (person.role.value, person.org) if x)
        lines: Lines = [(0, _m("[b]$n[/b]", n=person.name)), (0, _m("[$text-muted]$a[/]", a=about))]
        if person.me:
            lines.append((0, _m("[$accent]me[/] [$text-muted]· the traveller who owns this trip (m on another "
                                "moves it)[/]")))
        elif person.travels:
            home = person.home_tz.key if person.home_tz is not None else f"{trip.home_timezone.key}, the trip's"
            lines.append((0, _m("[$accent]travels[/] [$text-muted]· home $h[/]", h=home)))
        if person.email:
            lines.append((0, _m("[$text-muted]✉[/] $e", e=person.email)))
        if person.met_at:
            lines.append((0, _m("[$text-muted]met at[/] $m", m=person.met_at)))
        if person.notes:
            lines += [blank, (0, _m("[b $text-secondary]Remember[/]"))]
            lines += [(2, _m("$l", l=line)) for line in person.notes.splitlines() if line.strip()]
        if person.interests:
            lines += [blank, (0, _m("[b $text-secondary]Interests[/]")), (2, _m("$i", i=", ".join(person.interests)))]
        lines += [blank, (0, _m("[b $text-secondary]Conversations[/] [$text-muted](l to log one)[/]"))]
        if not person.log:
            lines.append((2, _m("[$text-muted]none logged yet[/]")))
        for entry in reversed(person.log):
            lines.append((2, _m("[$text-muted]$d[/]  $t", d=f"{entry.on:%d %b %Y}", t=entry.text)))
        shared = [o for o in trip.objectives if person.id in o.people]
        if shared:
            lines += [blank, (0, _m("[b $text-secondary]Objectives[/]"))]
            lines += [(4, _m("$m $t [$text-muted]· $s[/]", m=MARKS[o.status], t=o.title, s=o.status.value))
                      for o in shared]
        followups = sorted((f for f in trip.followups if f.person == person.id), key=lambda f: f.due)
        if followups:
            today = now_date(self.main.clock(), trip)
            lines += [blank, (0, _m("[b $text-secondary]Follow-ups[/]"))]
            for f in followups:
                state = followup_status(f, today)
                colour = {"done": "$success", "overdue": "$error"}.get(state, "$warning")
                lines.append((4, _m(f"[{colour}]$s[/] $w [$text-muted]· due $d[/]", s="✓" if f.done else "•",
                                    w=f.what, d=f"{f.due:%a %d %b}")))
        lines += self._answer_lines(person)
        events = self._events_of(person)
        if events and self.main.daymap is not None:
            lines += [blank, (0, _m("[b $text-secondary]Events together[/] [$text-muted](g to go to one)[/]"))]
            lines += [(2, event_label(trip, self.main.daymap, e)) for e in events[:MAX_EVENTS_LISTED]]
            if len(events) > MAX_EVENTS_LISTED:
                lines.append((2, _m("[$text-muted]… and $n more[/]", n=len(events) - MAX_EVENTS_LISTED)))
        return lines

    def _answer_lines(self, person: Person) -> Lines:
        """Their answers to the invites that went out (or answers heard): a count, then one line per event."""
        trip = self.trip
        answers, listed = Answers(trip), answered_events(trip)
        found = [(e, answers.of(e, person)) for e in self._events_of(person) if e.id in listed]
        found = [(e, a) for e, a in found if worth_showing(answers, e, a)]
        if not found or self.main.daymap is None:
            return []
        counts = Counter(a.status for _, a in found)
        summary = ", ".join(f"{counts[s]} {LABEL_PLURAL[s]}" for s in LABEL_PLURAL if counts[s])
        lines: Lines = [(0, Content("")), (0, _m("[b $text-secondary]Answers to invites[/] [$text-muted]$s[/]",
                                                 s=summary))]
        for event, answer in found[:MAX_EVENTS_LISTED]:
            lines.append((2, answer_content(answer) + Content("  ") + event_label(trip, self.main.daymap, event)))
            lines += [(4, note) for note in answer_notes(answer)]
        if len(found) > MAX_EVENTS_LISTED:
            lines.append((2, _m("[$text-muted]… and $n more[/]", n=len(found) - MAX_EVENTS_LISTED)))
        return lines

    def _events_of(self, person: Person) -> list[Event]:
        """The events *person* takes part in (a traveller at them, or invited), in time order."""
        return sorted((e for e in self.trip.events if self.trip.attends(e, person.id)), key=lambda e: e.start_utc)

    # --- actions ---------------------------------------------------------------------------------------

    def action_mark_me(self) -> None:
        """Make the highlighted person me (the traveller); whoever was me goes on travelling as a teammate."""
        self._role(mark_me)

    def action_travels(self) -> None:
        """The highlighted person starts or stops travelling with me."""
        self._role(toggle_travels)

    def _role(self, change: Callable[[EditSession, str], Outcome]) -> None:
        person = self.selected
        if person is None:
            self.notify("Choose someone first.", severity="warning", timeout=3)
            return
        outcome = change(self.session, person.id)
        if outcome.refused:
            self.notify(outcome.refused, title="Not changed", severity="warning", timeout=6)
            return
        self.changed(message=outcome.message)

    def action_add(self) -> None:
        """Add a person."""
        def done(person: Person | None) -> None:
            if person is not None:
                add_person(self.session, person)
                self.refresh_view(select=person.id)
                self.changed(message=f"Added {person.name}.")

        self.app.push_screen(person_form(self.trip, None), done)

    def action_edit(self) -> None:
        """Edit the highlighted person."""
        person = self.selected
        if person is None:
            self.notify("No one here yet — press a to add someone.", severity="warning", timeout=3)
            return

        def done(result: Person | None) -> None:
            if result is not None and result != person:
                update_person(self.session, result)
                self.changed()

        self.app.push_screen(person_form(self.trip, person), done)

    def action_log(self) -> None:
        """Log a conversation with the highlighted person."""
        person = self.selected
        if person is None:
            self.notify("Choose someone first.", severity="warning", timeout=3)
            return

        def done(entry: LogEntry | None) -> None:
            if entry is not None:
                add_log_entry(self.session, person.id, entry)
                self.changed(message=f"Logged a talk with {person.name}.")

        self.app.push_screen(log_form(self.trip, person, now_date(self.main.clock(), self.trip)), done)

    def action_delete(self) -> None:
        """Delete the highlighted person; asks what to do with the events they attend."""
        from tripplan.tui.screens.dialogs import ChoiceDialog, confirm

        person = self.selected
        if person is None:
            return
        links = person_links(self.trip, person.id)
        going = listed_in(self.trip, person.id)

        def done(answer: str | None) -> None:
            if answer in ("yes", "remove", "events"):
                delete_person(self.session, person.id, with_events=answer == "events")
                self.changed(message=f"Deleted {person.name}. ctrl+z brings them back.")

        if not links.any and not going:
            self.app.push_screen(confirm("Delete person", f"Delete {person.name}?"), done)
            return
        parts = []
        if going:
            parts.append(f"travels to {len(going)} event{'s' * (len(going) != 1)} that name{'s' * (len(going) == 1)}"
                         " them (they are taken off)")
        if links.events:
            parts.append(f"attends {len(links.events)} event{'s' * (len(links.events) != 1)}"
                         + (f" ({len(links.alone)} with no one else)" if links.alone else ""))
        if links.objectives:
            parts.append(f"is part of {len(links.objectives)} objective{'s' * (len(links.objectives) != 1)}")
        if links.followups:
            parts.append(f"has {len(links.followups)} follow-up{'s' * (len(links.followups) != 1)}, "
                         "which go too")
        message = (f"{person.name} " + "; ".join(parts) + ".\n\nRemove them from the events and keep the events, "
                   "or also delete the events only they attend? Undo (ctrl+z) brings everything back.")
        choices = [("remove", "Remove from events", "r")]
        if links.alone:
            choices.append(("events", f"Delete with {len(links.alone)} event{'s' * (len(links.alone) != 1)}", "e"))
        choices.append(("cancel", "Cancel", ""))
        self.app.push_screen(ChoiceDialog("Delete person", message, choices, default="cancel",
                                          danger=("remove", "events")), done)

    def action_goto_event(self) -> None:
        """Go to one of the events with the highlighted person."""
        from tripplan.tui.screens.forms import PickScreen

        person, daymap = self.selected, self.main.daymap
        if person is None or daymap is None:
            return
        events = self._events_of(person)
        if not events:
            self.notify(f"No events with {person.name} yet.", severity="warning", timeout=3)
            return

        def done(ident: str | None) -> None:
            if ident:
                self.main.goto_event(ident)

        self.app.push_screen(PickScreen(f"Events with {person.name}",
                                        [(e.id, event_label(self.trip, daymap, e)) for e in events]), done)
