"""Export from the app (x): the whole trip or the follow-ups as .ics, and invites per person.

The calendars come from ``tripplan.ical`` (the same code as ``tripplan
export`` and ``tripplan invites``).  Files are written atomically, the
dialog says where, and an existing file is never replaced without asking.
The invites dialog shows, before anything is written, which events changed
since they were last sent (and go out with a higher SEQUENCE), and which are
not sent because someone else organizes them; writing them records what was
sent in the trip (``[[sent]]``) and saves it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from tripplan.edit.session import EditSession
from tripplan.errors import ConflictError, InvalidTripError, TripplanError
from tripplan.trip.model import Person, Role
from tripplan.tui.keys import Input  # Backspace and Tab in the order typed (tui/keys.py)
from tripplan.tui.markup import m as _m
from tripplan.tui.markup import plain, shown
from tripplan.tui.screens.dialogs import FittingDialog, panel_css, titled_box
from tripplan.tui.text import clock_at, day_at

# The fields are one row without a border, also when focused and when invalid (!important): Textual's
# Input:focus draws a tall border, two rows, which in a one-row field left no row for the text — in
# Export and Import you typed blind (issue 17).  Focus shows as a tint instead.
_EXPORT_FIELDS_CSS = """
{name} .message {{ color: $text-muted; height: auto; margin-bottom: 1; }}
{name} Input {{ border: none !important; height: 1; padding: 0 1; background: $surface; }}
{name} Input:focus {{ background-tint: $foreground 8%; }}
{name} Input.-invalid {{ background: $error 25%; }}
{name}.-short .message {{ display: none; }}
{name} .reason {{ height: auto; min-height: 1; }}
{name} Checkbox {{ margin-top: 1; }}
{name} .field-label {{ color: $text-muted; margin-top: 1; }}
{name} SelectionList {{ height: auto; max-height: 8; background: $surface; }}
{name} Static#preview {{ height: auto; max-height: 14; margin-top: 1; background: $surface; padding: 0 1; }}
{name} #buttons {{ height: 1; align-horizontal: right; margin-top: 1; }}
{name} VerticalScroll {{ height: auto; }}
{name} Button {{ margin-left: 1; min-width: 8; }}
"""


def export_css(name: str) -> str:
    """The look of the export, import, invites, publish and send dialogs, for the screen class *name*."""
    return panel_css(name, width="96%", max_width=110, max_height="96%") + _EXPORT_FIELDS_CSS.format(name=name)


def path_reason(text: str, suffix: str = ".ics") -> str:
    """Why *text* cannot be written to ("" when it can; an existing file is asked about later)."""
    if not text.strip():
        return "give a file name"
    path = Path(text.strip()).expanduser()
    if path.is_dir():
        return f"{path} is a folder; give a file name such as {path / ('trip' + suffix)}"
    if not path.parent.is_dir():
        return f"the folder {path.parent} does not exist"
    return ""


def folder_reason(text: str) -> str:
    """Why invites cannot go into the folder *text* ("" when they can; a missing folder is created)."""
    if not text.strip():
        return "give a folder"
    folder = Path(text.strip()).expanduser()
    if folder.exists() and not folder.is_dir():
        return f"{folder} is a file, not a folder"
    if not folder.parent.is_dir():
        return f"the folder {folder.parent} does not exist"
    return ""


def write_files(files: list[tuple[Path, str]]) -> None:
    """Write each file atomically (a temporary file in the same folder, then a rename)."""
    from tripplan.files.storage import atomic_write

    for path, text in files:
        atomic_write(path, text.encode("utf-8"))


class CalendarExport(FittingDialog):
    """Export the whole trip (optionally with to-dos) or only the follow-ups, as one .ics file."""

    DEFAULT_CSS = export_css("CalendarExport")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "export", "Export", priority=True),
    ]

    def __init__(self, session: EditSession, clock: Callable[[], datetime], *, todos_only: bool = False) -> None:
        super().__init__()
        self.session, self.clock, self.todos_only = session, clock, todos_only
        stem = session.path.stem + ("-follow-ups" if todos_only else "")
        self.initial = session.path.with_name(f"{stem}.ics")

    def compose(self) -> ComposeResult:
        trip = self.session.trip
        events, followups = len(trip.events), len(trip.followups)
        title = "Export follow-ups as to-dos" if self.todos_only else "Export the whole trip"
        with titled_box(title, "ctrl+s export · esc cancel"):
            what = (f"{followups} follow-up{'s' * (followups != 1)} as to-dos (VTODO) with their due dates."
                    if self.todos_only else f"{events} event{'s' * (events != 1)} as one calendar (no METHOD, "
                    "no RSVP: importing it sends no replies; imported events keep their UID and organizer).")
            yield Static(what, classes="message")
            if not self.todos_only:
                yield Checkbox(plain(f"Also the {followups} follow-ups as to-dos"), False, id="todos", compact=True,
                               disabled=not followups)
            yield Label("File", classes="field-label")
            yield Input(shown(self.initial), id="path")
            yield Static("", classes="reason", id="reason")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Export", id="export", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()
        self._validate()

    def _count(self) -> int:
        trip = self.session.trip
        if self.todos_only:
            return len(trip.followups)
        return len(trip.events) + (len(trip.followups) if self._with_todos() else 0)

    def _with_todos(self) -> bool:
        found = self.query("#todos")
        return bool(found) and found.first(Checkbox).value

    @on(Input.Changed, "#path")
    def _validate(self) -> bool:
        text = self.query_one("#path", Input).value
        reason = path_reason(text) or ("" if self._count() else "nothing to export: the trip has none yet")
        exists = not reason and Path(text.strip()).expanduser().exists()
        self.query_one("#path", Input).set_class(bool(reason), "-invalid")
        self.query_one("#reason", Static).update(
            _m("[$error]✗ $r[/]", r=reason) if reason else
            (_m("[$warning]this file exists: you will be asked before it is replaced[/]") if exists else ""))
        self.query_one("#export", Button).disabled = bool(reason)
        return not reason

    def calendar_text(self) -> str:
        """The calendar to write."""
        from tripplan.ical.export import export_calendar
        from tripplan.ical.invites import sequences

        trip = self.session.trip
        if self.todos_only:
            # The follow-ups alone: the same export, with no events in it.
            return export_calendar(replace(trip, events=[]), self.clock(), {}, todos=True)
        return export_calendar(trip, self.clock(), sequences(trip), todos=self._with_todos())

    @on(Button.Pressed, "#export")
    @on(Input.Submitted, "#path")
    def action_export(self) -> None:
        """Write the file (asking first when it exists)."""
        from tripplan.tui.screens.dialogs import confirm

        if not self._validate():
            return
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        if path.exists():
            self.app.push_screen(confirm("Replace file?", f"{path} already exists.\nReplace it with this export?",
                                         yes="Replace"), lambda answer: self._write(path) if answer == "yes" else None)
            return
        self._write(path)

    def _write(self, path: Path) -> None:
        try:
            write_files([(path, self.calendar_text())])
        except (OSError, TripplanError) as error:
            self.notify(f"{path}: {getattr(error, 'strerror', None) or error}", title="Not exported",
                        severity="error", timeout=10)
            return
        trip = self.session.trip
        what = (f"{len(trip.followups)} to-dos" if self.todos_only else f"{len(trip.events)} events"
                + (f" and {len(trip.followups)} to-dos" if self._with_todos() else ""))
        self.notify(f"Exported {what} to {path}", title="Exported", timeout=8)
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without writing."""
        self.dismiss(None)


STATUS_TEXT = {"new": "[$success]+ new[/]", "updated": "[$warning]↑ changed[/]", "unchanged": "[$text-muted]= same[/]",
               "cancelled": "[$error]× cancel[/]"}


class SessionDialog(ModalScreen[None]):
    """A dialog that writes or sends the open trip and records it there: invites, publish, send by e-mail.

    It keeps the trip's edit session, the clock (the time it records) and *on_change*, called once it has
    changed the trip (so the timetable and views show it).
    """

    def __init__(self, session: EditSession, clock: Callable[[], datetime], on_change: Callable[[], Any]) -> None:
        super().__init__()
        self.session, self.clock, self.on_change = session, clock, on_change


class InvitesDialog(SessionDialog):
    """Invites per person: choose who gets them, see what changed since last sent, write the files."""

    DEFAULT_CSS = export_css("InvitesDialog") + """
    InvitesDialog > Vertical { height: 96%; }
    InvitesDialog VerticalScroll { height: 1fr; }
    InvitesDialog #preview { max-height: 100; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "write", "Write invites", priority=True),
    ]

    def __init__(self, session: EditSession, clock: Callable[[], datetime], on_change: Callable[[], Any]) -> None:
        super().__init__(session, clock, on_change)
        self.plan: Any = None
        trip = session.trip
        self.reachable = [p for p in trip.people if p.email.strip()]
        self.unreachable = [p for p in trip.people if not p.email.strip()]

    def _default_organizer(self) -> str | None:
        trip = self.session.trip
        if trip.sent:
            last = max(trip.sent, key=lambda s: s.sent_at).organizer.email.lower()
            match = next((p for p in self.reachable if p.email.strip().lower() == last), None)
            if match is not None:
                return match.id
        # Nothing sent yet: the traveller ("me"), else one of the travelling colleagues, not a client.
        me = trip.me
        if me is not None and me in self.reachable:
            return me.id
        colleague = next((p for p in self.reachable if p.role is Role.COLLEAGUE), None)
        return (colleague or self.reachable[0]).id if self.reachable else None

    def compose(self) -> ComposeResult:
        with titled_box("Invites per person", "ctrl+s write · esc cancel"):
            yield Static("Each person gets one .ics with only their events. Events changed since they were last "
                         "sent go out with a higher SEQUENCE, so calendars update them instead of adding copies. "
                         "Writing saves the trip: what was sent is recorded in it.", classes="message")
            with VerticalScroll():
                yield Label("From (replies go to them)", classes="field-label")
                yield Select([(plain(f"{p.name} <{p.email}>"), p.id) for p in self.reachable],
                             value=self._default_organizer() or Select.NULL, allow_blank=not self.reachable,
                             id="organizer", compact=True)
                yield Label("To", classes="field-label")
                yield SelectionList[str](*(Selection(plain(f"{p.name} <{p.email}>"), p.id, True)
                                           for p in self.reachable), id="people", compact=True)
                if self.unreachable:
                    yield Static(_m("[$text-muted]no e-mail, no invite: $n[/]",
                                    n=", ".join(p.name for p in self.unreachable)))
                yield Checkbox("Include the events' notes (objectives are never sent)", False, id="notes",
                               compact=True)
                yield Label("Folder", classes="field-label")
                yield Input(shown(self.session.path.with_name(f"{self.session.path.stem}-invites")), id="folder")
                yield Static("", classes="reason", id="reason")
                yield Static(_m("[$text-muted]working out what changed…[/]"), id="preview")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Write invites", id="write", variant="primary", compact=True, disabled=True)

    def on_mount(self) -> None:
        self.query_one("#people", SelectionList).focus()
        self._replan()

    def _organizer(self) -> Person | None:
        value = self.query_one("#organizer", Select).value
        return self.session.trip.person(value) if isinstance(value, str) else None

    def _chosen(self) -> list[Person]:
        ids = set(self.query_one("#people", SelectionList).selected)
        return [p for p in self.reachable if p.id in ids]

    @on(Select.Changed, "#organizer")
    @on(SelectionList.SelectedChanged, "#people")
    @on(Checkbox.Changed, "#notes")
    @on(Input.Changed, "#folder")
    def _replan(self) -> None:
        organizer, chosen = self._organizer(), self._chosen()
        folder = self.query_one("#folder", Input).value
        reason = ("nobody in the trip has an e-mail address" if not self.reachable else
                  "choose who sends the invites" if organizer is None else
                  "choose at least one person" if not chosen else folder_reason(folder))
        self.query_one("#reason", Static).update(_m("[$error]✗ $r[/]", r=reason) if reason else "")
        self.query_one("#write", Button).disabled = True
        if reason or organizer is None:
            self.plan = None
            return
        self._plan(organizer, chosen, self.query_one("#notes", Checkbox).value)

    @work(thread=True, exclusive=True, group="invites")
    def _plan(self, organizer: Person, chosen: list[Person], notes: bool) -> None:
        from tripplan.ical.invites import plan_invites

        plan = plan_invites(self.session.trip, organizer, chosen, self.clock(), notes=notes)
        self.app.call_from_thread(self._show_plan, plan)

    def _show_plan(self, plan: Any) -> None:
        self.plan = plan
        trip = self.session.trip
        old = {r.event: r.sequence for r in trip.sent}
        new = {r.event: r.sequence for r in plan.records}
        titles = {r.event: (r.title, r.start_utc) for r in plan.records}
        order = {"updated": 0, "cancelled": 1, "new": 2, "unchanged": 3}
        lines = []
        for ident, status in sorted(plan.changed.items(), key=lambda kv: (order.get(kv[1], 9), titles[kv[0]][1])):
            title, start = titles[ident]
            seq = f"SEQUENCE {old[ident]}→{new[ident]}" if ident in old and old[ident] != new[ident] else \
                f"SEQUENCE {new[ident]}"
            lines.append(_m(f"{STATUS_TEXT.get(status, status)}  [$text-muted]$s[/]  $t [$text-muted]· $d $h[/]",
                            s=f"{seq:<15}", t=title, d=day_at(trip, start), h=clock_at(trip, start)))
        for item in plan.withheld:  # someone else organizes these: never sent as our invite
            start = item.event.start_utc
            when = day_at(trip, start) + ("" if item.event.all_day else " " + clock_at(trip, start))
            lines.append(_m("[$error]✗ not sent[/]  $t [$text-muted]· $d · $r[/]", t=item.event.title, d=when,
                            r=item.reason))
        changed = sum(1 for s in plan.changed.values() if s in ("updated", "cancelled"))
        files = sum(bool(f.requests) + bool(f.cancels) for f in plan.files)
        people = "1 person" if len(plan.files) == 1 else f"{len(plan.files)} people"
        head = (_m("[b]$f file$p[/b] for $n · [$warning]$c changed since last sent[/] (higher SEQUENCE)", f=files,
                   p="s" if files != 1 else "", c=changed, n=people) if plan.files else
                _m("[$warning]No invites: the chosen people's events are all organized by someone else.[/]")
                if plan.withheld else
                _m("[$warning]No invites: none of the chosen people attends an event.[/]"))
        notes = [_m("[$text-muted]note: $n[/]", n=n) for n in plan.notes]
        self.query_one("#preview", Static).update(Content("\n").join([head, *lines, *notes]))
        self.query_one("#write", Button).disabled = not plan.files

    @on(Button.Pressed, "#write")
    def action_write(self) -> None:
        """Write the invite files (asking before replacing any) and record what was sent."""
        from tripplan.ical.invite_targets import invite_targets  # the CLI's file names and descriptions too
        from tripplan.tui.screens.dialogs import confirm

        if self.plan is None or not self.plan.files:
            return
        out = Path(self.query_one("#folder", Input).value.strip()).expanduser()
        targets = invite_targets(out, self.plan)
        existing = [path for path, _, _ in targets if path.exists()]
        if existing:
            names = ", ".join(p.name for p in existing[:6]) + (f" and {len(existing) - 6} more" if len(existing) > 6
                                                              else "")
            self.app.push_screen(confirm("Replace files?", f"In {out}, these files exist: {names}.\nReplace them?",
                                         yes="Replace"), lambda a: self._write(out, targets) if a == "yes" else None)
            return
        self._write(out, targets)

    def _write(self, out: Path, targets: list[tuple[Path, str, str]]) -> None:
        try:
            out.mkdir(exist_ok=True)
            write_files([(path, text) for path, text, _ in targets])
        except OSError as error:
            self.notify(f"{out}: {error.strerror or error}", title="Invites not written", severity="error",
                        timeout=10)
            return
        self.session.record_sent(self.plan.records)
        saved = ""
        try:
            self.session.save()
            saved = f" Recorded what was sent in {self.session.path.name}."
        except (ConflictError, InvalidTripError, OSError) as error:
            saved = (f"\nThe record of what was sent is NOT saved yet ({error}); save the trip (ctrl+s) to keep "
                     "it, or the next invites will not update these.")
        self.on_change()
        self.notify(f"Wrote {len(targets)} invite file{'s' * (len(targets) != 1)} to {out}.{saved}",
                    title="Invites written", severity="warning" if "NOT" in saved else "information", timeout=10)
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without writing."""
        self.dismiss(None)

