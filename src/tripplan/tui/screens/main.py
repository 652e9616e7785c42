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
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from tripplan.errors import BusyError, ConflictError, InvalidTripError, TripFileError
from tripplan.tui.markup import m as _m
from tripplan.tui.screens import agenda_view
from tripplan.tui.screens.focus import PlanFocus
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
    from tripplan.trip.model import Event, Trip
    from tripplan.trip.recurrence import Occurrence
    from tripplan.tui.balance_snapshot import Report
    from tripplan.tui.daymap import DayMap

# Below this width the week grid gives way to the day timeline; from WIDE_WIDTH the details panel gets
# more room.  (Defined with the first frame's panes, which must match the real ones.)
WEEK_MIN_WIDTH = NARROW_WIDTH
QUIT_TITLE = "Unsaved changes"


class MainScreen(PlanFocus, Screen[None]):
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
        Binding("t", "view('today')", "Today"),
        Binding("p", "view('people')", "People"),
        Binding("o", "view('objectives')", "Objectives", show=False),
        Binding("f", "view('followups')", "Follow-ups", show=False),
        Binding("b", "view('balance')", "Balance"),
        Binding("P", "pick_person", "One person's plan", show=False),
        Binding("s", "view('settings')", "Trip settings", show=False),
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
        agenda_view.apply(self)
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
        agenda_view.apply(self)

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
        agenda_view.apply(self)

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
        agenda_view.refill(self)

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
        from textual.content import Content

        bar = self.query_one("#warnings", Static)
        report = self.report
        bar.display = report is not None and report.available
        if report is None or not report.available:
            return
        timetable = self.query_one(Timetable)
        # The selected day's warnings first: they are the ones the user can act on now.
        ordered = sorted(report.warnings, key=lambda w: w.day != timetable.day)
        from tripplan.planning.findings import warnings_summary  # the score counts balance warnings only: say so

        summary = warnings_summary([w.code for w in report.warnings])
        parts = [_m("[b]balance $s[/b][$text-muted]/100$w[/]", s=report.score, w=f" · {summary}" if summary else "")]
        if timetable.day in report.day_scores:
            parts.append(_m("[$text-muted]$d[/] $s", d=day_medium(timetable.day),
                                             s=report.day_scores[timetable.day]))
        if not ordered:
            parts.append(_m("[$success]✓ no warnings[/]"))
        parts += [_m("[$warning]⚠[/] $t", t=w.text) for w in ordered[:4]]
        if len(ordered) > 4:
            parts.append(_m(f"[$text-muted]+{len(ordered) - 4} more[/]"))
        text = Content("  ·  ").join(parts)
        if text.markup != self._warnings_shown:
            self._warnings_shown = text.markup
            # A new layout of the screen costs more than the rest of a day switch: only when the bar
            # needs another height (it wraps to at most two lines).
            inner = max(1, bar.size.width - bar.styles.gutter.width)
            height = min(2, len(text.wrap(inner))) if bar.size.width else 0
            bar.update(text, layout=height != bar.size.height)

    def _occurrence(self, event_id: str, day: date) -> Occurrence | None:
        if self.daymap is None:
            return None
        plan = self.daymap.plan(day)
        for block in plan.blocks:
            if block.event_id == event_id:
                return block.occurrence
        return next((o for o in plan.all_day if o.event.id == event_id), None)

    def _show_details(self) -> None:
        if self.session is None or self.daymap is None:
            return
        timetable = self.query_one(Timetable)
        details = self.query_one(EventDetails)
        occ = self._occurrence(timetable.selected, timetable.day) if timetable.selected else None
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

    # --- actions: editing ------------------------------------------------------------------------------

    def _selected(self) -> Event | None:
        if self.session is None:
            return None
        ident = self.query_one(Timetable).selected
        return self.session.trip.event(ident) if ident else None

    def _need_selection(self) -> Event | None:
        event = self._selected()
        if event is None and self.session is not None:
            self.notify("No event here — move onto one, or press a to add one.", severity="warning", timeout=3)
        return event

    def action_add(self) -> None:
        """Add an event at the cursor's day and time."""
        if self.session is None:
            return
        from tripplan.tui.screens.editor import EventEditor

        timetable = self.query_one(Timetable)
        trip = self.session.trip
        from tripplan.time.zones import instant
        from tripplan.trip.model import Event, Kind, new_id

        minute = timetable.minute - timetable.minute % 15
        # The instant of the cursor's wall time in its day's zone (in a gap, the time that really happens:
        # 02:30 is 03:30).
        zone = trip.zone_on(timetable.day)
        start = instant(datetime.combine(timetable.day, time(minute // 60, minute % 60)), zone)
        template = Event.timed(id=new_id(), title="", kind=Kind.MEETING, start=start, end=start + timedelta(hours=1),
                               tz=zone, attendees=self.new_event_attendees(trip))

        def done(event: Event | None) -> None:
            if event is not None and self.session is not None:
                self.session.add_event(event)
                self._after_edit(select=event.id, day=timetable.day)
                self.notify(f"Added “{event.title}”.", timeout=2)

        self.app.push_screen(EventEditor(trip, template, new=True, focus_day=timetable.day), done)

    def action_edit(self) -> None:
        """Edit the selected event."""
        event = self._need_selection()
        if event is None or self.session is None:
            return
        from tripplan.tui.screens.editor import EventEditor

        timetable = self.query_one(Timetable)

        def done(result: Event | None) -> None:
            if result is not None and self.session is not None and result != event:
                self.session.replace_event(result)
                self._after_edit(select=result.id, day=timetable.day)

        self.app.push_screen(EventEditor(self.session.trip, event, new=False, focus_day=timetable.day), done)

    def action_duplicate(self) -> None:
        """Copy the selected event (the copy is selected, ready to move)."""
        event = self._need_selection()
        if event is None or self.session is None:
            return
        copy = self.session.duplicate_event(event.id)
        self._after_edit(select=copy.id, day=self.query_one(Timetable).day)
        self.notify(f"Duplicated “{event.title}” — move it with shift+arrows.", timeout=3)

    def action_delete(self) -> None:
        """Delete the selected event, after asking."""
        event = self._need_selection()
        if event is None:
            return
        from tripplan.tui.screens.dialogs import confirm

        what = "this event and all its repetitions" if event.recurring else "this event"
        message = f"Delete “{event.title}”?\nThis removes {what}. Undo (ctrl+z) brings it back."

        def done(answer: str | None) -> None:
            if answer == "yes" and self.session is not None:
                from tripplan.edit.changes import delete_event

                delete_event(self.session, event.id)  # follow-ups from it keep all but the link
                self._after_edit()
                self.notify(f"Deleted “{event.title}”.", timeout=2)

        self.app.push_screen(confirm("Delete event", message), done)

    def action_move_time(self, minutes: int) -> None:
        """Move the selected event earlier or later."""
        self._move(timedelta(minutes=minutes))

    def action_move_day(self, days: int) -> None:
        """Move the selected event to the previous or next day."""
        self._move(timedelta(days=days))

    def _move(self, delta: timedelta) -> None:
        event = self._need_selection()
        if event is None or self.session is None:
            return
        if event.all_day and delta % timedelta(days=1):
            self.notify("An all-day event moves by whole days (shift+←/→).", severity="warning", timeout=3)
            return
        timetable = self.query_one(Timetable)
        moved = self.session.move_event(event.id, delta)
        day = timetable.day + timedelta(days=delta.days) if not delta % timedelta(days=1) else timetable.day
        minute = None
        if delta % timedelta(days=1):
            minute = max(0, min(24 * 60 - 1, timetable.minute + int(delta.total_seconds() // 60)))
        self._after_edit(select=moved.id, day=day, minute=minute)

    def action_undo(self) -> None:
        """Undo the last change."""
        if self.session is None:
            return
        label = self.session.undo_label
        change = self.session.undo()
        if change is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        self._after_edit(select=self._still_there(change))
        self.notify(f"Undid: {label}", timeout=2)

    def action_redo(self) -> None:
        """Redo the last undone change."""
        if self.session is None:
            return
        label = self.session.redo_label
        change = self.session.redo()
        if change is None:
            self.notify("Nothing to redo.", timeout=2)
            return
        self._after_edit(select=self._still_there(change))
        self.notify(f"Redid: {label}", timeout=2)

    def _still_there(self, change: object) -> str | None:
        """An event the change touched that still exists, to put the cursor on."""
        ids: set[str] = getattr(change, "event_ids", set())
        if self.session is None:
            return None
        return next((i for i in sorted(ids) if self.session.trip.event(i) is not None), None)

    # --- actions: files --------------------------------------------------------------------------------

    def action_save(self) -> None:
        """Save the trip (atomically); asks first if comments in the file would be lost, after if it changed."""
        if self.session is not None:
            from tripplan.edit.copies import has_own_file
            from tripplan.tui.comments_ask import save_keeping_comments

            if not has_own_file(self.session):  # a sample's copy: the first save asks where
                self.action_save_as()
                return
            save_keeping_comments(self, self.session, self._save_now)

    def _save_now(self) -> None:
        if self.session is None:
            return
        try:
            self.session.save()
        except BusyError as error:  # another tripplan is writing the file right now: nothing to choose yet
            self.notify(str(error), title="Not saved", severity="error", timeout=10)
            return
        except ConflictError:
            self._conflict()
            return
        except InvalidTripError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=10)
            return
        except OSError as error:
            self.notify(f"{self.session.path}: {error.strerror or error}", title="Not saved", severity="error",
                        timeout=10)
            return
        self._saved()

    def _saved(self) -> None:
        assert self.session is not None
        self.query_one(TripHeader).dirty = self.session.dirty
        from tripplan.files.comment_merge import saved_message

        note = self.session.stamp.note if self.session.stamp is not None else ""
        self.notify(saved_message(self.session.path.name, note), severity="warning" if note else "information",
                    timeout=15 if note else 2)

    def _conflict(self) -> None:
        from tripplan.tui.screens.dialogs import ChoiceDialog

        assert self.session is not None
        if self.session.replaces_theirs and not self.session.changed_on_disk():
            self._replace_theirs()
            return
        message = (f"{self.session.path.name} was changed by another program since you opened it.\n\n"
                   "Reload theirs: take their version (ctrl+z brings yours back).\n"
                   "Overwrite: replace their version with yours.\n"
                   "Save as: keep both — yours goes to a new file.")
        choices = [("reload", "Reload theirs", "r"), ("overwrite", "Overwrite", "o"), ("save-as", "Save as…", "a"),
                   ("cancel", "Cancel", "")]

        def done(answer: str | None) -> None:
            if self.session is None:
                return
            if answer == "reload":
                self._reload_theirs()
            elif answer == "overwrite":
                try:
                    self.session.overwrite()
                except (ConflictError, InvalidTripError, OSError) as error:
                    self.notify(str(error), title="Not saved", severity="error", timeout=10)
                    return
                self._saved()
            elif answer == "save-as":
                self.action_save_as()

        self.app.push_screen(ChoiceDialog("File changed on disk", message, choices, default="cancel",
                                          danger=("overwrite",)), done)

    def _reload_theirs(self) -> None:
        assert self.session is not None
        try:
            self.session.reload()
        except TripFileError as error:
            self.notify(error.render(), title="Their version does not load; yours is kept", severity="error",
                        timeout=10)
            return
        self._after_edit()
        self.notify("Reloaded their version. ctrl+z brings yours back.", timeout=4)

    def _replace_theirs(self) -> None:
        """Ask before a save puts the user's version over theirs, reloaded and then undone."""
        from tripplan.tui.screens.dialogs import ChoiceDialog

        assert self.session is not None
        message = (f"You reloaded their version of {self.session.path.name}, then undid that: saving now "
                   "replaces their version with yours.\n\n"
                   "Save mine: replace their version with yours.\n"
                   "Reload theirs: take their version again (ctrl+z brings yours back).\n"
                   "Save as: keep both — yours goes to a new file.")
        choices = [("overwrite", "Save mine", "o"), ("reload", "Reload theirs", "r"), ("save-as", "Save as…", "a"),
                   ("cancel", "Cancel", "")]

        def done(answer: str | None) -> None:
            if self.session is None:
                return
            if answer == "overwrite":
                try:
                    # Checked against the file as reloaded: a change saved since then is asked about, not lost.
                    self.session.save(replace_theirs=True)
                except BusyError as error:
                    self.notify(str(error), title="Not saved", severity="error", timeout=10)
                    return
                except ConflictError:
                    self._conflict()
                    return
                except (InvalidTripError, OSError) as error:
                    self.notify(str(error), title="Not saved", severity="error", timeout=10)
                    return
                self._saved()
            elif answer == "reload":
                self._reload_theirs()
            elif answer == "save-as":
                self.action_save_as()

        self.app.push_screen(ChoiceDialog("Replace their version?", message, choices, default="cancel",
                                          danger=("overwrite",)), done)

    def action_save_as(self, then: Callable[[], object] | None = None) -> None:
        """Save under a new name and go on editing that file (then call *then*, if given)."""
        if self.session is None:
            return
        from tripplan.edit.copies import has_own_file, shown_title
        from tripplan.tui import trip_folders
        from tripplan.tui.screens.dialogs import PathDialog, new_file_reason

        current = self.session.path
        suggestion = current.with_name(f"{current.stem}-copy{current.suffix}")
        prompt = "Save this trip to a new file:"
        if not has_own_file(self.session):  # a sample's copy: into the user's trips folder, under its name
            suggestion = trip_folders.free_path(trip_folders.made_trips_dir(), current.name)
            prompt = "Save this copy to a new file:"

        def done(path: Path | None) -> None:
            if path is None or self.session is None:
                return
            try:
                self.session.save_as(path)
            except (ConflictError, InvalidTripError, OSError) as error:
                self.notify(str(error), title="Not saved", severity="error", timeout=10)
                return
            self.query_one(TripHeader).title = shown_title(self.session)
            trip_folders.remember(self.session.path)
            self._saved()
            if then is not None:
                then()

        self.app.push_screen(PathDialog("Save as", prompt, suggestion, new_file_reason),
                             done)

    # --- actions: views --------------------------------------------------------------------------------

    def action_set_view(self, mode: str) -> None:
        """Show the week grid ("week"), the day timeline ("day") or the agenda list ("agenda")."""
        if mode == "agenda" or self.view == "agenda":
            if self.view != mode:
                self.view = mode
                agenda_view.too_narrow(self)
        elif self.view != mode:
            self.action_toggle_view()

    def action_toggle_view(self) -> None:
        """Switch between the week grid and the day timeline (from the agenda list: the week grid)."""
        self.view = "day" if self.view == "week" else "week"
        if not agenda_view.too_narrow(self) and self.narrow:
            self.notify(f"The week grid needs a terminal at least {WEEK_MIN_WIDTH} columns wide; "
                        "showing the day timeline.", timeout=3)

    def action_toggle_agenda(self) -> None:
        """Switch between the agenda list and the timetable."""
        self.view = "week" if self.view == "agenda" else "agenda"
        agenda_view.too_narrow(self)

    def _goto(self, day: date, minute: int, event_id: str | None = None) -> None:
        self.query_one(Timetable).goto(day, minute, event_id)

    def focus_day(self) -> date | None:
        """The day the timetable's cursor is on (``None`` while the trip is read)."""
        found = self.query(Timetable)
        return found.first().day if found else None

    def action_now(self) -> None:
        """Go to now (or the first day, before the trip)."""
        if self.session is None:
            return
        trip = self.session.trip
        today = trip.day_of(self.clock())
        now = self.clock().astimezone(trip.zone_on(today))
        day = min(max(today, trip.start), trip.end)
        minute = now.hour * 60 + now.minute if day == today else trip.working_hours_on(day).start.hour * 60
        self.query_one(Timetable).goto(day, minute)

    def action_search(self) -> None:
        """Find events by title, person or place, and jump to the one chosen."""
        if self.session is None or self.daymap is None:
            return
        from tripplan.tui.screens.search import Hit, SearchScreen

        def done(hit: Hit | None) -> None:
            if hit is not None:
                self.query_one(Timetable).goto(hit.day, hit.minute, hit.event_id)

        self.app.push_screen(SearchScreen(self.session.trip, self.daymap), done)

    def action_help(self) -> None:
        """Show the keys of this view."""
        from tripplan.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen("timetable", [self, *self.query(Timetable)]))  # no timetable while reading

    def action_quit(self) -> None:
        """Quit; asks first when there are unsaved changes or a form is open.

        The question goes on top of whatever is open, so cancelling it goes
        back to the form (the event editor, say) with nothing lost.
        """
        from tripplan.edit.copies import file_label
        from tripplan.tui.screens.dialogs import ChoiceDialog

        if isinstance(self.app.screen, ChoiceDialog) and self.app.screen.title_text == QUIT_TITLE:
            return  # already asking
        form = self._open_form()
        note = f"\n\nThe {form} you have open is not applied." if form else ""
        if self.session is None or not self.session.dirty:
            if not form:
                self.app.exit()
                return
            self.app.push_screen(ChoiceDialog(QUIT_TITLE, f"Quit tripplan?{note}",
                                              [("discard", "Quit", "y"), ("cancel", "Cancel", "n")],
                                              default="cancel", danger=("discard",)), self._quit_answer)
            return
        self.app.push_screen(ChoiceDialog(
            QUIT_TITLE, f"Save your changes to {file_label(self.session)} before quitting?{note}",
            [("save", "Save and quit", "s"), ("discard", "Quit without saving", "d"), ("cancel", "Cancel", "")],
            default="save", danger=("discard",)), self._quit_answer)

    def _quit_answer(self, answer: str | None) -> None:
        if answer == "save":
            from tripplan.edit.copies import has_own_file

            if self.session is not None and not has_own_file(self.session):
                self.action_save_as(then=self.app.exit)  # asks where first; quits once saved
                return
            self.action_save()
            if self.session is not None and not self.session.dirty:
                self.app.exit()
        elif answer == "discard":
            self.app.exit()

    def _open_form(self) -> str:
        """What kind of form is open above this screen ("" when none)."""
        from tripplan.tui.screens.editor import EventEditor
        from tripplan.tui.screens.forms import FormScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, EventEditor):
                return "event editor"
            if isinstance(screen, FormScreen):
                return "form"
        return ""
