"""The timetable screen's ways out: other views, jumps to events and days, export and import, the palette.

``MainScreen`` inherits this; it owns the edit session and the day map, and
everything here goes through them.  Views (today, people, objectives,
follow-ups, balance) are pushed over the timetable, typed against
``TripHost`` (``screens/trip_host.py``) so that none imports this screen
back; jumping to an event, a day, now or a search hit comes back to it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from tripplan.tui.commands import Command

if TYPE_CHECKING:
    from tripplan.edit.session import EditSession
    from tripplan.tui.daymap import DayMap
from tripplan.tui.text import day_medium


class TripNavigation(Screen[None]):
    """Views, jumps, export/import and palette commands of the screen that holds an open trip."""

    session: EditSession | None
    daymap: DayMap | None
    clock: Callable[[], datetime]
    live_clock: bool

    # Implemented by MainScreen.
    def _after_edit(self, select: str | None = None, day: date | None = None, minute: int | None = None) -> None:
        raise NotImplementedError

    def _goto(self, day: date, minute: int, event_id: str | None = None) -> None:
        raise NotImplementedError

    def action_save(self) -> None:
        raise NotImplementedError

    # --- views -----------------------------------------------------------------------------------------

    def to_top(self) -> None:
        """Close every screen above this one (views, dialogs)."""
        while len(self.app.screen_stack) > 1 and self.app.screen is not self:
            self.app.pop_screen()

    def open_view(self, name: str, then: str | None = None) -> None:
        """Show the view *name* (today, people, objectives, followups, balance, settings); run its action *then*."""
        if self.session is None:
            return
        from tripplan.tui.screens.balance_view import BalanceScreen
        from tripplan.tui.screens.followups import FollowUpsScreen
        from tripplan.tui.screens.objectives import ObjectivesScreen
        from tripplan.tui.screens.people import PeopleScreen
        from tripplan.tui.screens.settings import TripSettingsScreen
        from tripplan.tui.screens.today import TodayScreen

        views: dict[str, Any] = {"today": TodayScreen, "people": PeopleScreen, "objectives": ObjectivesScreen,
                                 "followups": FollowUpsScreen, "balance": BalanceScreen,
                                 "settings": TripSettingsScreen}
        self.to_top()
        screen = views[name](self)
        self.app.push_screen(screen)
        if then:
            self.app.call_after_refresh(screen.run_action, then)

    def action_view(self, name: str) -> None:
        """Show another view of the trip."""
        self.open_view(name)

    def changed(self, select: str | None = None) -> None:
        """After a change made elsewhere (a view, a dialog): rebuild the timetable and its panels."""
        if self.session is not None:
            self._after_edit(select=select)

    def goto_event(self, event_id: str, near: date | None = None) -> bool:
        """Come back to the timetable with *event_id* selected (False when it is not in the trip's days)."""
        if self.daymap is None:
            return False
        day = self.daymap.first_day_of(event_id, near=near)
        if day is None:
            self.notify("That event is outside the trip's days.", severity="warning", timeout=3)
            return False
        block = next((b for b in self.daymap.plan(day).blocks if b.event_id == event_id), None)
        self.to_top()
        self._goto(day, block.start_min if block else 9 * 60, event_id)
        return True

    def goto_day(self, day: date) -> None:
        """Come back to the timetable on *day*, at the start of the working day."""
        if self.session is None:
            return
        hours = self.session.trip.working_hours_on(day).start  # the working day of the city it is in
        self.to_top()
        self._goto(day, hours.hour * 60 + hours.minute)

    def action_now(self) -> None:
        """Go to now (or the first day, before the trip)."""
        if self.session is None:
            return
        trip = self.session.trip
        today = trip.day_of(self.clock())
        now = self.clock().astimezone(trip.zone_on(today))
        day = min(max(today, trip.start), trip.end)
        minute = now.hour * 60 + now.minute if day == today else trip.working_hours_on(day).start.hour * 60
        self._goto(day, minute)

    def action_search(self) -> None:
        """Find events by title, person or place, and jump to the one chosen."""
        if self.session is None or self.daymap is None:
            return
        from tripplan.tui.screens.search import Hit, SearchScreen

        def done(hit: Hit | None) -> None:
            if hit is not None:
                self._goto(hit.day, hit.minute, hit.event_id)

        self.app.push_screen(SearchScreen(self.session.trip, self.daymap), done)


    # --- export and import -----------------------------------------------------------------------------

    def action_export(self) -> None:
        """Export the trip: choose the whole trip, invites per person, or follow-ups as to-dos."""
        if self.session is None:
            return
        from tripplan.tui.screens.forms import PickScreen

        choices = [("trip", "Whole trip — one .ics calendar with every event"),
                   ("invites", "Invites per person — each person's events, with SEQUENCE for updates"),
                   ("todos", "Follow-ups as to-dos — a .ics of VTODOs with due dates")]

        def done(kind: str | None) -> None:
            if kind:
                self.export(kind)

        self.app.push_screen(PickScreen("Export", choices, filter=False), done)

    def export(self, kind: str) -> None:
        """Open the export dialog for *kind*: ``trip``, ``invites`` or ``todos``."""
        if self.session is None:
            return
        from tripplan.tui.screens.exchange import CalendarExport, InvitesDialog

        self.to_top()
        if kind == "invites":
            self.app.push_screen(InvitesDialog(self.session, self.clock, self.changed))
        else:
            self.app.push_screen(CalendarExport(self.session, self.clock, todos_only=kind == "todos"))

    def publish(self) -> None:
        """Open the dialog that publishes the trip to a CalDAV server."""
        if self.session is None:
            return
        from tripplan.tui.screens.publish import PublishDialog

        self.to_top()
        self.app.push_screen(PublishDialog(self.session, self.clock, self.changed))

    def action_send_invites(self) -> None:
        """Open the dialog that sends the invites by e-mail (a preview of who gets what, the SMTP server)."""
        if self.session is None:
            return
        from tripplan.tui.screens.send import SendDialog

        self.to_top()
        self.app.push_screen(SendDialog(self.session, self.clock, self.changed))

    def action_import_calendar(self) -> None:
        """Merge an .ics calendar into the trip, after showing what it would change."""
        if self.session is None:
            return
        from tripplan.tui.screens.importing import ImportDialog

        self.to_top()
        self.app.push_screen(ImportDialog(self.session, self.changed))

    # --- the command palette ---------------------------------------------------------------------------

    def _then(self, action: str) -> Callable[[], object]:
        def run() -> None:
            self.to_top()
            self.app.call_later(self.run_action, action)

        return run

    def palette_commands(self) -> list[Command]:
        """Every action of an open trip, as "group: action"."""
        if self.session is None:
            return []
        c, then = Command, self._then
        found = [
            c("view: week", "The week grid (days as columns)", then("set_view('week')")),
            c("view: day", "The day timeline (one day, more detail)", then("set_view('day')")),
            c("view: agenda list", "Every day, one line per event (v)", then("set_view('agenda')")),
            c("view: today", "Now and next, who you meet and what to remember", lambda: self.open_view("today")),
            c("view: people", "Everyone in the trip, with notes and conversations", lambda: self.open_view("people")),
            c("view: objectives", "What the trip is for, and what serves it", lambda: self.open_view("objectives")),
            c("view: follow-ups", "What to do after the trip, and suggestions", lambda: self.open_view("followups")),
            c("view: balance", "Hours per category, targets, score and warnings", lambda: self.open_view("balance")),
            c("view: trip settings", "The trip, who travels, and its stops (cities, zones, days)",
              lambda: self.open_view("settings")),
            c("go to: now", "The timetable at the current time", then("now")),
        ]
        found += [c(f"go to: {day_medium(day)}", f"The timetable on {day:%A} {day.day} {day:%B %Y}",
                    lambda day=day: self.goto_day(day))  # type: ignore[misc]
                  for day in self.session.trip.days]
        found += [
            c("event: add", "A new event at the cursor", then("add")),
            c("event: edit", "Edit the selected event", then("edit")),
            c("event: duplicate", "Copy the selected event", then("duplicate")),
            c("event: delete", "Delete the selected event (asks first)", then("delete")),
            c("event: 15 min earlier", "Move the selected event", then("move_time(-15)")),
            c("event: 15 min later", "Move the selected event", then("move_time(15)")),
            c("event: previous day", "Move the selected event one day earlier", then("move_day(-1)")),
            c("event: next day", "Move the selected event one day later", then("move_day(1)")),
            c("search: events", "Find events by title, person or place", then("search")),
            c("edit: undo", "Take back the last change", then("undo")),
            c("edit: redo", "Make the last undone change again", then("redo")),
            c("file: save", "Save the trip (atomically)", then("save")),
            c("file: save as", "Save the trip to a new file and go on there", then("save_as")),
            c("file: open another trip", "Close this trip (asks about unsaved changes)", then("close_trip")),
            c("export: whole trip", "Every event as one .ics calendar", lambda: self.export("trip")),
            c("export: invites", "One invite file per person, updates with a higher SEQUENCE",
              lambda: self.export("invites")),
            c("export: follow-ups as to-dos", "Follow-ups as VTODOs with due dates", lambda: self.export("todos")),
            c("import: calendar", "Merge an .ics file (an agenda, a colleague's export)", then("import_calendar")),
            c("share: send invites by e-mail…", "E-mail the invites (Accept/Decline in their calendars): a preview "
              "of who gets what, then your SMTP server", self.action_send_invites),
            c("share: publish to server", "Publish the trip to a shared CalDAV calendar (Nextcloud, Radicale, …)",
              self.publish),
            c("people: add person", "Someone new to meet or travel with",
              lambda: self.open_view("people", "add")),
            c("stops: add stop", "Another city of the trip, with its zone and days",
              lambda: self.open_view("settings", "add")),
            c("objectives: add objective", "Something the trip is for",
              lambda: self.open_view("objectives", "add")),
            c("follow-ups: add follow-up", "Something to do after the trip",
              lambda: self.open_view("followups", "add")),
            c("follow-ups: apply all suggestions", "A follow-up for everyone met who has none",
              lambda: self.open_view("followups", "apply_all")),
            c("balance: suggest activities", "Bonding, culture and rest in free slots, with reasons",
              lambda: self.open_view("balance", "suggest")),
            c("help: keys", "The keys of the timetable", then("help")),
        ]
        return found

    def action_close_trip(self) -> None:
        """Go back to the start screen (asks about unsaved changes first)."""
        from tripplan.tui.screens.dialogs import ChoiceDialog

        def leave() -> None:
            starter = getattr(self.app, "show_start", None)
            if callable(starter):
                starter()

        if self.session is None or not self.session.dirty:
            leave()
            return

        def done(answer: str | None) -> None:
            if answer == "save":
                self.action_save()
                if self.session is not None and not self.session.dirty:
                    leave()
            elif answer == "discard":
                leave()

        self.app.push_screen(ChoiceDialog(
            "Unsaved changes", f"Save your changes to {self.session.path.name} before closing it?",
            [("save", "Save and close", "s"), ("discard", "Close without saving", "d"), ("cancel", "Cancel", "")],
            default="save", danger=("discard",)), done)
