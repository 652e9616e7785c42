"""The main screen: header, day list, timetable (week grid or day timeline), details, warnings.

The screen owns the ``EditSession`` (the only place that reads and writes
the trip file) and the ``DayMap`` the widgets draw from; every edit goes
through the session, so it is undoable, and is followed by one rebuild of
the day map and a refresh of the views.

The first frame comes before the file is read: the header with the file's
name, and one widget (``Skeleton``) drawing where the panes will be; the
panes themselves are built when the trip arrives from the reading thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Footer, Static

from tripplan.errors import TripFileError
from tripplan.tui.screens import agenda_view
from tripplan.tui.screens.event_actions import EventActions
from tripplan.tui.screens.saving import SavingActions
from tripplan.tui.screens.view_keys import view_bindings
from tripplan.tui.text import day_medium, trip_dates
from tripplan.tui.widgets.agenda import AgendaList
from tripplan.tui.widgets.daylist import DayList
from tripplan.tui.widgets.details import EventDetails
from tripplan.tui.widgets.header import TripHeader
from tripplan.tui.widgets.skeleton import NARROW_WIDTH, TINY_WIDTH, WIDE_WIDTH, Skeleton
from tripplan.tui.widgets.timetable import Timetable

if TYPE_CHECKING:
    # The trip's own modules (model, editing, the day map, the checks) load with the trip, off the
    # event loop and after the first frame: the window appears without waiting for them.
    from tripplan.edit.session import EditSession
    from tripplan.trip.model import Trip
    from tripplan.tui.balance_snapshot import Report
    from tripplan.tui.daymap import DayMap

# Below this width the week grid gives way to the day timeline; from WIDE_WIDTH the details panel gets
# more room.  (Defined with the first frame's panes, which must match the real ones.)
WEEK_MIN_WIDTH = NARROW_WIDTH


class MainScreen(SavingActions, EventActions):
    """A trip open for viewing and editing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer shows these in this order and cuts at the window's edge: the keys a newcomer needs most
        # come first, so Save, Help and Quit stay on screen at 80 columns.
        Binding("ctrl+s", "save", "Save"),
        Binding("question_mark,f1", "help", "Help"),
        Binding("q", "quit", "Quit"),
        Binding("a", "add", "Add"),
        Binding("e,enter", "edit", "Edit"),
        Binding("c", "duplicate", "Duplicate", show=False),
        Binding("d,delete", "delete", "Delete", show=False),
        Binding("shift+up,minus", "move_time(-15)", "Move −15 min", show=False),
        Binding("shift+down,plus,equals_sign", "move_time(15)", "Move +15 min", show=False),
        Binding("shift+left,less_than_sign", "move_day(-1)", "Move −1 day", show=False),
        Binding("shift+right,greater_than_sign", "move_day(1)", "Move +1 day", show=False),
        Binding("w", "toggle_view", "Week/day"),
        Binding("v", "toggle_agenda", "Agenda list", show=False),
        *view_bindings("today", "people", "objectives", "followups", "balance", shown=("today", "people", "balance")),
        Binding("P", "pick_person", "One person's plan", show=False),
        *view_bindings("settings"),
        Binding("period", "now", "Go to now", show=False),
        Binding("x", "export", "Export"),
        Binding("i", "import_calendar", "Import .ics", show=False),
        Binding("M", "send_invites", "Send invites by e-mail", show=False),
        Binding("slash", "search", "Search"),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("ctrl+y", "redo", "Redo", show=False),
        Binding("S", "save_as", "Save as", show=False),
    ]

    # Focus starts on the timetable (not the day list, the first focusable widget): focusing it after
    # the trip is read would rebuild the footer's keys for the new bindings.
    AUTO_FOCUS = "#timetable"

    view: reactive[str] = reactive("week")
    """The view the user chose ("week", "day", "agenda"); a narrow terminal shows the day timeline instead
    of the week, a very narrow one the agenda list instead of either."""

    narrow: reactive[bool] = reactive(False)

    def __init__(self, path: Path, clock: Callable[[], datetime], *, session: EditSession | None = None,
                 live_clock: bool = True) -> None:
        super().__init__()
        self.path = path
        self.clock = clock
        self.live_clock = live_clock
        self.session: EditSession | None = session
        self.daymap: DayMap | None = None
        self._shown_day: date | None = None
        self._warnings_shown = ""
        self.report: Report | None = None  # the planning checks' findings, once they have run

    # --- layout ----------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Everything the first frame needs is decided here, before mounting: the classes for the
        # terminal's width, the header's title and the timetable's mode (a class set after mounting
        # restyles the whole screen, and the first frame would wait for it).
        width = self.app.size.width
        narrow = width < WEEK_MIN_WIDTH
        self.set_reactive(MainScreen.narrow, narrow)
        self.set_class(narrow, "-narrow")
        self.set_class(width >= WIDE_WIDTH, "-wide")
        self.set_class(width < TINY_WIDTH, "-tiny")
        yield TripHeader(self.clock, live=self.live_clock, title=self.path.name, id="header")
        if self.session is None:
            # Until the trip is read, one widget draws where the panes will be: the window appears
            # without waiting for the ~50 widgets of the panes and the footer (see widgets/skeleton.py).
            yield Skeleton("Reading the trip…")
        else:
            yield from self._panes()

    def _panes(self) -> list[Widget]:
        """The day list, timetable and details, the warnings bar and the footer."""
        mode = "day" if self.narrow or self.view == "agenda" else self.view
        listed = agenda_view.shows_agenda(self.view, self.app.size.width)
        timetable = Timetable(id="timetable", mode=mode, on_move=self._moved, day=self.clock().date())
        agenda = AgendaList(id="agenda", on_move=lambda d, m, e: agenda_view.moved(self, d, m, e))
        timetable.display, agenda.display = not listed, listed
        return [Horizontal(DayList(id="days"), timetable, agenda, EventDetails(id="details"), id="body"),
                Static(id="warnings"),
                Footer(compact=self.narrow, show_command_palette=not self.narrow)]

    async def on_mount(self) -> None:
        if self.session is not None:
            from tripplan.tui.daymap import DayMap

            await self._show_session(self.session, DayMap(self.session.trip))
        else:
            # Paint the frame first, then read the file off the event loop.
            self.call_after_refresh(self._load)

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        from tripplan.edit.session import EditSession
        from tripplan.tui.daymap import DayMap

        try:
            session = EditSession.open(self.path)
            daymap = DayMap(session.trip)
        except TripFileError as error:
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self.call_later, self._show_session, session, daymap)

    def _failed(self, error: TripFileError) -> None:
        from tripplan.tui.screens.load_error import LoadErrorScreen

        self.app.switch_screen(LoadErrorScreen(self.path, error))

    async def _show_session(self, session: EditSession, daymap: DayMap) -> None:
        from tripplan.tui import trip_folders

        for skeleton in self.query(Skeleton):
            await self.mount_all(self._panes(), before=skeleton)
            await skeleton.remove()
        self.session, self.daymap = session, daymap
        trip = session.trip
        from tripplan.edit.copies import has_own_file, shown_title

        header = self.query_one(TripHeader)
        header.title, header.subtitle = shown_title(session), trip_dates(trip)
        timetable = self.query_one(Timetable)
        timetable.now = self.clock()
        timetable.set_data(daymap)
        now = self.clock()
        today = trip.day_of(now)
        if trip.start <= today <= trip.end:
            now_local = now.astimezone(trip.zone_on(today))
            timetable.goto(today, now_local.hour * 60 + now_local.minute)
        else:
            start = trip.working_hours_on(trip.start).start
            timetable.goto(trip.start, start.hour * 60 + start.minute)
        self._shown_day = timetable.day
        self.update_clocks(timetable.day)
        # After the first layout, when the timetable knows its height.
        self.call_after_refresh(timetable.scroll_to_working_hours)
        timetable.focus()
        self._refresh_views()
        agenda_view.apply(self, self.view, self.daymap)
        self.set_interval(30, self._tick)
        if has_own_file(session):  # a sample's copy is not a trip of the user's (yet)
            trip_folders.remember(session.path)
        # The checks run in a thread, but share the interpreter: start them once the timetable is drawn.
        self.call_after_refresh(self._check_warnings)

    def _tick(self) -> None:
        """Move the "now" line."""
        timetable = self.query_one(Timetable)
        timetable.now = self.clock()
        timetable.refresh()

    def on_resize(self) -> None:
        self._apply_width(self.app.size.width)

    def _apply_width(self, width: int) -> None:
        self.narrow = width < WEEK_MIN_WIDTH
        self.set_class(width >= WIDE_WIDTH, "-wide")
        self.set_class(width < TINY_WIDTH, "-tiny")
        agenda_view.apply(self, self.view, self.daymap)

    def watch_narrow(self, narrow: bool) -> None:
        self.set_class(narrow, "-narrow")
        for footer in self.query(Footer):
            footer.compact = narrow
            footer.show_command_palette = not narrow
        self._apply_view()

    def watch_view(self) -> None:
        self._apply_view()

    def _apply_view(self) -> None:
        # No CSS class follows the mode: a class on the screen restyles every widget on it (~40 ms).
        mode = "day" if self.narrow or self.view == "agenda" else self.view
        for timetable in self.query(Timetable):
            timetable.mode = mode
        agenda_view.apply(self, self.view, self.daymap)

    # --- keeping the views in step --------------------------------------------------------------------

    def _refresh_views(self) -> None:
        if self.session is None or self.daymap is None:
            return
        from tripplan.tui import balance_snapshot

        trip = self.session.trip
        # One person's plan: the hours of their events (the checks' hours are everyone's).
        report = self.report if self.person is None else None
        hours = {d: balance_snapshot.hours(self.daymap, d, report) for d in self.daymap.days}
        warned = {w.day for w in self.report.warnings if w.day is not None} if self.report else set()
        today = trip.day_of(self.clock())
        days = self.query_one(DayList)
        days.show_days(self.daymap.days, hours, warned, today)
        timetable = self.query_one(Timetable)
        days.select_day(timetable.day)
        self.query_one(TripHeader).dirty = self.session.dirty
        self._show_details()
        self._show_warnings()
        agenda_view.refill(self, self.daymap)

    def _after_edit(self, select: str | None = None, day: date | None = None, minute: int | None = None) -> None:
        """Rebuild the day map after a change and put the cursor on what changed."""
        assert self.session is not None
        from tripplan.tui.daymap import DayMap

        trip = self.session.trip
        if self.person is not None and self.person not in trip.traveller_ids and trip.person(self.person) is None:
            self.person = None  # they were deleted (or the change was undone): everyone's plan again
            self.query_one(TripHeader).note = ""
        self.daymap = DayMap(trip, self.person)
        timetable = self.query_one(Timetable)
        timetable.set_data(self.daymap)
        if select is not None:
            target = self.daymap.first_day_of(select, near=day or timetable.day)
            if target is not None:
                block = next((b for b in self.daymap.plan(target).blocks if b.event_id == select), None)
                start = minute if minute is not None else (block.start_min if block else timetable.minute)
                timetable.goto(target, start, select)
        else:
            timetable.goto(timetable.day, timetable.minute)
        self._refresh_views()
        self.update_clocks(timetable.day)
        self._check_warnings()

    def _check_warnings(self) -> None:
        """Planning checks can take a moment on a big trip: run them off the event loop, on a snapshot."""
        if self.session is not None:
            from tripplan.tui import balance_snapshot

            self._run_checks(balance_snapshot.snapshot(self.session.trip), self.session.revision)

    @work(thread=True, exclusive=True, group="warnings")
    def _run_checks(self, trip: Trip, revision: int) -> None:
        from tripplan.tui import balance_snapshot

        try:
            found = balance_snapshot.report(trip)
        except Exception as error:  # a bug in the planning code: shown and logged; the timetable goes on
            self.app.call_from_thread(balance_snapshot.planning_failed, self.app, self.notify, error)
            return
        self.app.call_from_thread(self._got_report, found, revision)

    def _got_report(self, found: Report, revision: int) -> None:
        if self.session is None or revision != self.session.revision:
            return  # the trip changed meanwhile; a newer check is on its way
        self.report = found
        self._refresh_views()

    def _show_warnings(self) -> None:
        bar = self.query_one("#warnings", Static)
        report = self.report
        bar.display = report is not None and report.available
        if report is None or not report.available:
            return
        from tripplan.tui.warnings_bar import bar_text

        text = bar_text(report, self.query_one(Timetable).day)
        if text.markup != self._warnings_shown:
            self._warnings_shown = text.markup
            # A new layout of the screen costs more than the rest of a day switch: only when the bar
            # needs another height (it wraps to at most two lines).
            inner = max(1, bar.size.width - bar.styles.gutter.width)
            height = min(2, len(text.wrap(inner))) if bar.size.width else 0
            bar.update(text, layout=height != bar.size.height)

    def _show_details(self) -> None:
        if self.session is None or self.daymap is None:
            return
        timetable = self.query_one(Timetable)
        details = self.query_one(EventDetails)
        occ = self.daymap.plan(timetable.day).occurrence(timetable.selected) if timetable.selected else None
        if occ is not None:
            zone, home, _ = self.clock_zones(timetable.day)
            details.show_event(self.session.trip, occ.event, occ.start_utc, occ.end_utc, zone=zone, home=home,
                               alongside=agenda_view.alongside(self.daymap, timetable.day, occ.event.id))
        else:
            minute = timetable.minute - timetable.minute % timetable.slot
            details.show_day(self.session.trip, self.daymap.plan(timetable.day),
                             f"{day_medium(timetable.day)} {timetable.slot_time(timetable.day, minute)}")

    def _moved(self, day: date, minute: int, event_id: str | None) -> None:
        """The timetable's cursor moved: the day list, details and warnings follow in the same frame."""
        self.query_one(DayList).select_day(day)
        self._show_details()
        agenda_view.follow(self, day, event_id)
        if day != self._shown_day:
            self._shown_day = day
            self._show_warnings()
            self.update_clocks(day)

    @on(Timetable.OpenRequested)
    @on(AgendaList.OpenRequested)
    def _open_requested(self, event: Timetable.OpenRequested | AgendaList.OpenRequested) -> None:
        self.action_edit()

    @on(DayList.DayChosen)
    def _day_chosen(self, event: DayList.DayChosen) -> None:
        timetable = self.query_one(Timetable)
        if event.day != timetable.day:
            timetable.goto(event.day, timetable.minute)

    # --- actions: views --------------------------------------------------------------------------------

    def action_set_view(self, mode: str) -> None:
        """Show the week grid ("week"), the day timeline ("day") or the agenda list ("agenda")."""
        if mode == "agenda" or self.view == "agenda":
            if self.view != mode:
                self.view = mode
                agenda_view.too_narrow(self, self.view)
        elif self.view != mode:
            self.action_toggle_view()

    def action_toggle_view(self) -> None:
        """Switch between the week grid and the day timeline (from the agenda list: the week grid)."""
        self.view = "day" if self.view == "week" else "week"
        if not agenda_view.too_narrow(self, self.view) and self.narrow:
            self.notify(f"The week grid needs a terminal at least {WEEK_MIN_WIDTH} columns wide; "
                        "showing the day timeline.", timeout=3)

    def action_toggle_agenda(self) -> None:
        """Switch between the agenda list and the timetable."""
        self.view = "week" if self.view == "agenda" else "agenda"
        agenda_view.too_narrow(self, self.view)

    def _goto(self, day: date, minute: int, event_id: str | None = None) -> None:
        self.query_one(Timetable).goto(day, minute, event_id)

    def focus_day(self) -> date | None:
        """The day the timetable's cursor is on (``None`` while the trip is read)."""
        found = self.query(Timetable)
        return found.first().day if found else None

    def action_help(self) -> None:
        """Show the keys of this view."""
        from tripplan.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen("timetable", [self, *self.query(Timetable)]))  # no timetable while reading
