"""What every view of an open trip shares: the header with the dual clock, undo/redo/save, view keys, help.

The people, objectives, follow-ups, balance and today views are screens
pushed over the timetable (the ``MainScreen``), which owns the edit
session.  Every change a view makes goes through that session (so ctrl+z
takes it back, in any view) and is followed by ``MainScreen.changed`` and
the view's own ``refresh_view``.  Keys p, o, f, b and t hop between views;
escape goes back to the timetable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import DataTable, Footer

from tripplan.edit.session import Change, EditSession
from tripplan.trip.model import Trip
from tripplan.tui.screens.view_keys import VIEW_TITLES, view_bindings
from tripplan.tui.widgets.header import TripHeader

if TYPE_CHECKING:
    from tripplan.tui.screens.trip_host import TripHost



class TripView(Screen[None]):
    """A view of the trip open in *main*; subclasses compose their body and implement ``refresh_view``."""

    CSS_PATH = "views.tcss"  # beside this module; loaded when the screen first opens

    VIEW: ClassVar[str] = ""
    FILTERED: ClassVar[bool] = False
    """Whether the view shows the timetable's events (one person's, while the timetable is filtered)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Help second: a footer as narrow as a phone's (40 columns) keeps the first two or three (issue 17, point 7).
        Binding("escape", "back", "Timetable"),
        Binding("question_mark,f1", "help", "Help"),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("ctrl+y", "redo", "Redo", show=False),
        Binding("ctrl+s", "save", "Save", show=False),
        *view_bindings("today", "people", "objectives", "followups", "balance"),
    ]

    def __init__(self, main: TripHost) -> None:
        super().__init__()
        self.main = main

    @property
    def session(self) -> EditSession:
        """The open trip's edit session (views are only opened once the trip is loaded)."""
        assert self.main.session is not None
        return self.main.session

    @property
    def trip(self) -> Trip:
        """The open trip."""
        return self.session.trip

    def compose_header(self) -> ComposeResult:
        """The header: trip name, view name, unsaved marker and dual clock."""
        self.set_class(self.app.size.width < 100, "-narrow")  # before mounting: no restyle afterwards
        zone, home, place = self.main.clock_zones()  # the clocks of the day in focus in the timetable
        yield TripHeader(self.main.clock, live=self.main.live_clock, title=self.trip.name,
                         subtitle=VIEW_TITLES.get(self.VIEW, ""), zones=(zone, home), place=place,
                         note=self.main.filter_note() if self.FILTERED else "", id="header")

    def compose_footer(self) -> ComposeResult:
        """The footer with this view's keys."""
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()

    def on_resize(self) -> None:
        self.set_class(self.app.size.width < 100, "-narrow")

    def refresh_view(self) -> None:
        """Show the trip as it is now (after any change)."""
        header = self.query_one(TripHeader)
        header.dirty = self.session.dirty
        header.set_zones(*self.main.clock_zones())  # the stops may have changed (trip settings)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The key of the view already shown does nothing here: hide it rather than offer a dead key.
        return not (action == "view" and bool(parameters) and parameters[0] == self.VIEW)

    # --- changes ----------------------------------------------------------------------------------------

    def changed(self, change: Change | None = None, message: str = "") -> None:
        """After a change through the session: refresh the timetable and this view, and say what happened."""
        self.main.changed(select=None)
        self.refresh_view()
        if message:
            self.notify(message, timeout=3)

    def action_undo(self) -> None:
        """Undo the last change (made in any view)."""
        self.main.action_undo()
        self.refresh_view()

    def action_redo(self) -> None:
        """Redo the last undone change."""
        self.main.action_redo()
        self.refresh_view()

    def action_save(self) -> None:
        """Save the trip."""
        self.main.action_save()
        self.refresh_view()

    # --- moving between views ----------------------------------------------------------------------------

    def action_back(self) -> None:
        """Back to the timetable."""
        self.main.to_top()

    def action_view(self, name: str) -> None:
        """Show another view of the trip."""
        self.main.open_view(name)

    def action_help(self) -> None:
        """Show the keys of this view."""
        from tripplan.tui.screens.help import HelpScreen

        nodes: list[DOMNode] = [self]
        if self.focused is not None:
            nodes.append(self.focused)
        self.app.push_screen(HelpScreen(self.VIEW, nodes))


class TableView(TripView):
    """A view built around a table of records: its columns follow the window, its cursor names a record,
    shown in full beside (or under) the table; enter edits it."""

    def _columns(self) -> None:
        """(Re)make the table's columns for the window's width."""
        raise NotImplementedError

    def _show_detail(self) -> None:
        """Show the record under the cursor in full."""
        raise NotImplementedError

    def action_edit(self) -> None:
        """Edit the record under the cursor."""
        raise NotImplementedError

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected)
    def _chosen(self) -> None:
        self.action_edit()

    def on_mount(self) -> None:
        self._columns()
        super().on_mount()
        self.query_one(DataTable).focus()

    def fit_columns(self, columns: list[tuple[str, str, int]], flex: str, minimum: int = 8) -> None:
        """Make the table's columns (label, key, width); the one keyed *flex* takes what the others and the
        detail panel beside the table leave (below 100 columns the panel goes under it)."""
        table = self.query_one(DataTable)
        width = self.app.size.width - (1 if self.app.size.width < 100 else 53)
        rest = width - sum(size for _, key, size in columns if key != flex) - 2 * len(columns) - 1
        table.clear(columns=True)
        for label, key, size in columns:
            table.add_column(label, key=key, width=max(minimum, rest) if key == flex else size)

    def on_resize(self) -> None:
        super().on_resize()
        if self.is_mounted and self.query(DataTable):
            self._columns()
            self.refresh_view()

    def cursor_key(self) -> str | None:
        """The key of the row under the table's cursor (``None`` when the table is empty)."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(key) if key is not None else None
