"""Import an .ics calendar from the app (i): choose the file, see the import report, then merge it.

The merge is ``tripplan.ical.importer.import_calendar`` (the code behind
``tripplan import``), run on a copy of the trip off the event loop; its
report says what would be added, updated, removed, left alone or skipped and
why.  Applying merges the copy back as one undoable step; the file is
written on the next save, like any edit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Checkbox, Label, Select, Static

from tripplan.edit.session import EditSession
from tripplan.trip.model import Kind, Trip
from tripplan.tui.keys import Input  # Backspace and Tab in the order typed (tui/keys.py)
from tripplan.tui.markup import m as _m
from tripplan.tui.markup import shown
from tripplan.tui.screens.dialogs import FittingDialog, titled_box
from tripplan.tui.screens.exchange import export_css

MAX_LISTED = 40
ALL_DATES_LABEL = "Also events outside the trip's dates"
# An event outside the trip is skipped with how to import it anyway: here, this dialog's checkbox.
ALL_DATES_HINT = f"tick “{ALL_DATES_LABEL}” above to import it anyway"


def report_text(report: Any, name: str) -> Content:
    """The import report for people: counts, then each section, then skipped events with reasons."""
    lines = [_m("[b]$n[/b]: [$success]$a added[/], [$warning]$u updated[/], $c unchanged, [$error]$r removed[/], "
                "[$text-muted]$s skipped[/]", n=name, a=len(report.added), u=len(report.updated),
                c=len(report.unchanged), r=len(report.removed), s=len(report.skipped))]
    for title, items, colour in (("Added", report.added, "$success"), ("Updated", report.updated, "$warning"),
                                 ("Removed", report.removed, "$error"), ("New people", report.people, "$accent"),
                                 ("Unchanged", report.unchanged, "$text-muted")):
        if items:
            lines.append(_m(f"\n[b {colour}]$t[/] [$text-muted]($n)[/]", t=title, n=len(items)))
            lines += [_m("  $i", i=item) for item in items[:MAX_LISTED]]
            if len(items) > MAX_LISTED:
                lines.append(_m("  [$text-muted]… and $n more[/]", n=len(items) - MAX_LISTED))
    if report.skipped:
        lines.append(_m("\n[b $text-muted]Skipped[/] [$text-muted]($n)[/]", n=len(report.skipped)))
        lines += [_m("  $w [$text-muted]— $y[/]", w=what, y=why) for what, why in report.skipped[:MAX_LISTED]]
    lines += [_m("[$text-muted]note: $n[/]", n=note) for note in report.notes[:MAX_LISTED]]
    return Content("\n").join(lines)


class ImportDialog(FittingDialog):
    """Choose a calendar file and how to read it; preview shows the report; apply merges."""

    DEFAULT_CSS = export_css("ImportDialog") + """
    ImportDialog #report { height: auto; max-height: 20; margin-top: 1; background: $surface; padding: 0 1; }
    ImportDialog.-report > Vertical { height: 96%; }
    ImportDialog.-report #report { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Apply import", priority=True),
    ]

    def __init__(self, session: EditSession, on_change: Callable[[], Any]) -> None:
        super().__init__()
        self.session, self.on_change = session, on_change
        self.result: tuple[Trip, Any, str] | None = None

    def compose(self) -> ComposeResult:
        kinds: list[tuple[str, Kind]] = [(k.value, k) for k in Kind]
        with titled_box("Import a calendar", "enter preview · ctrl+s apply · esc cancel"):
            yield Static("A conference agenda or a colleague's export. Events are matched by UID: importing again "
                         "updates them, and an older copy never wins. Nothing changes until you apply; ctrl+z takes "
                         "the import back.", classes="message")
            yield Label("Calendar file (.ics)", classes="field-label")
            yield Input(shown(f"{self.session.path.parent}/"), id="path")
            yield Static("", classes="reason", id="reason")
            yield Label("Kind of the imported events", classes="field-label")
            yield Select(kinds, prompt="from the calendar's categories (else meeting)", allow_blank=True, id="kind",
                         compact=True)
            yield Checkbox(ALL_DATES_LABEL, False, id="all_dates", compact=True)
            with VerticalScroll(id="report"):
                yield Static("", id="report-text")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Preview", id="preview", compact=True)
                yield Button("Apply import", id="apply", variant="primary", compact=True, disabled=True)

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()
        self.query_one("#report").display = False
        self._check_path()

    @on(Input.Changed, "#path")
    @on(Select.Changed, "#kind")
    @on(Checkbox.Changed, "#all_dates")
    def _check_path(self) -> str:
        text = self.query_one("#path", Input).value.strip()
        path = Path(text).expanduser()
        reason = "" if path.is_file() else ("give the calendar file" if not text or path.is_dir() else
                                            f"no file {path.name} in {path.parent}")
        self.query_one("#reason", Static).update(_m("[$text-muted]$r[/]", r=reason) if reason else "")
        self.query_one("#preview", Button).disabled = bool(reason)
        self.query_one("#apply", Button).disabled = True
        self.result = None
        return reason

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#preview")
    def action_preview(self) -> None:
        """Read the calendar and show what importing it would change (nothing is changed yet)."""
        if self._check_path():
            return
        kind = self.query_one("#kind", Select).value
        self.query_one("#report").display = True
        self.add_class("-report")  # the report takes the room left, so the buttons stay on screen at 24 rows
        self.query_one("#report-text", Static).update(_m("[$text-muted]reading the calendar…[/]"))
        self._import(Path(self.query_one("#path", Input).value.strip()).expanduser(),
                     kind if isinstance(kind, Kind) else None, self.query_one("#all_dates", Checkbox).value)

    @work(thread=True, exclusive=True, group="import")
    def _import(self, path: Path, kind: Kind | None, all_dates: bool) -> None:
        from tripplan.edit.changes import copy_trip
        from tripplan.errors import UnreadableFileError
        from tripplan.files.raw import read_regular
        from tripplan.ical.importer import import_calendar
        from tripplan.ical.reader import MAX_BYTES, UnreadableCalendar

        try:
            data = read_regular(path, MAX_BYTES, "calendar file")  # a FIFO or /dev/zero: refused at once
            copy = copy_trip(self.session.trip)
            report = import_calendar(copy, data, kind=kind, all_dates=all_dates, all_dates_hint=ALL_DATES_HINT)
        except (OSError, UnreadableCalendar, UnreadableFileError) as error:
            message = getattr(error, "reason", None) or getattr(error, "strerror", None) or str(error)
            self.app.call_from_thread(self._failed, f"{path.name}: {message}")
            return
        self.app.call_from_thread(self._previewed, copy, report, path.name)

    def _failed(self, message: str) -> None:
        self.query_one("#report-text", Static).update(_m("[$error]✗ $m[/]\n[$text-muted]The trip is unchanged.[/]",
                                                         m=message))

    def _previewed(self, copy: Trip, report: Any, name: str) -> None:
        self.result = (copy, report, name)
        text = report_text(report, name)
        if not report.usable:
            text = Content("\n").join([text, _m("\n[$error]Nothing in this file could be used; the trip is "
                                                "unchanged.[/]")])
        elif not report.changed:
            text = Content("\n").join([text, _m("\n[$success]The trip already has all of it.[/]")])
        self.query_one("#report-text", Static).update(text)
        self.query_one("#apply", Button).disabled = not report.changed

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        """Merge the previewed import into the trip (one undoable step)."""
        from tripplan.edit.changes import merge

        if self.result is None or not self.result[1].changed:
            return
        copy, report, name = self.result
        merge(self.session, f"import {name}", copy)
        self.on_change()
        self.notify(f"Imported {name}: {len(report.added)} added, {len(report.updated)} updated, "
                    f"{len(report.removed)} removed, {len(report.skipped)} skipped. ctrl+z takes it back; "
                    "ctrl+s saves.", title="Imported", timeout=8)
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without importing."""
        self.dismiss(None)
