"""What a view of the trip needs from the screen that holds the open trip: a Protocol, not the screen's class.

The views (today, people, objectives, follow-ups, balance, trip settings)
are pushed over the timetable by ``TripNavigation.open_view`` and talk back
to it: the session and day map it owns, its clocks, coming back to an event
or a day, undo, redo and save.  They are typed against ``TripHost`` so that
no view imports the main screen, which imports the views (no import cycle).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from tripplan.edit.session import EditSession
    from tripplan.tui.daymap import DayMap


class TripHost(Protocol):
    """The screen a view is opened from (``MainScreen``): the open trip and the ways back to the timetable."""

    session: EditSession | None
    daymap: DayMap | None
    clock: Callable[[], datetime]
    live_clock: bool

    def clock_zones(self, day: date | None = None) -> tuple[ZoneInfo, ZoneInfo, str]:
        """The dual clock for *day*: its stop's zone, home, and the city's name on a multi-city trip."""
        ...

    def filter_note(self) -> str:
        """The header's note while the timetable shows one person's plan ("" otherwise)."""
        ...

    def changed(self, select: str | None = None) -> None:
        """After a change made in a view: rebuild the timetable and its panels."""
        ...

    def goto_event(self, event_id: str, near: date | None = None) -> bool:
        """Come back to the timetable with *event_id* selected (False when it is not in the trip's days)."""
        ...

    def goto_day(self, day: date) -> None:
        """Come back to the timetable on *day*."""
        ...

    def to_top(self) -> None:
        """Close every screen above the timetable."""
        ...

    def open_view(self, name: str, then: str | None = None) -> None:
        """Show the view *name*; run its action *then*."""
        ...

    def action_undo(self) -> None:
        """Undo the last change."""
        ...

    def action_redo(self) -> None:
        """Redo the last undone change."""
        ...

    def action_save(self) -> None:
        """Save the trip."""
        ...
