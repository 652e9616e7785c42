"""The timetable's edits of events: add, edit, duplicate, delete and move the selected one; undo and redo.

``MainScreen`` inherits this.  Every edit goes through the edit session (so
it is undoable) and is followed by ``_after_edit``, the main screen's one
rebuild of the day map, with the cursor on what changed.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from tripplan.tui.screens.focus import PlanFocus
from tripplan.tui.widgets.timetable import Timetable

if TYPE_CHECKING:
    from tripplan.trip.model import Event


class EventActions(PlanFocus):
    """The keys that change events (a, e, c, d, shift+arrows) and undo/redo, for the screen of an open trip."""

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
