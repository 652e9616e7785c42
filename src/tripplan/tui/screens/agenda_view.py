"""The main screen's agenda list: when it stands in for the timetable, and keeping the two in step.

The timetable keeps the cursor (day, minute, selected event) whichever is
shown, so every action of the main screen works the same in the list: the
list moves the timetable's cursor, and a move of the timetable's cursor
(search, go to now, an edit) moves the list's highlight.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from tripplan.tui.text import hhmm
from tripplan.tui.widgets.agenda import AgendaList
from tripplan.tui.widgets.skeleton import TINY_WIDTH
from tripplan.tui.widgets.timetable import Timetable

if TYPE_CHECKING:
    from tripplan.tui.daymap import DayMap

# Below this width the timeline's blocks cannot show a title beside their times: the list instead.
AGENDA_WIDTH = TINY_WIDTH


def shows_agenda(view: str, width: int) -> bool:
    """Whether the list stands in for the timetable: asked for (view "agenda"), or a narrow window."""
    return view == "agenda" or width < AGENDA_WIDTH


def apply(screen: Screen[Any], view: str, daymap: DayMap | None) -> None:
    """Show the list or the timetable on *screen*, whichever *view* and the window's width call for."""
    lists, timetables = screen.query(AgendaList), screen.query(Timetable)
    if not lists or not timetables:
        return  # the trip is still being read
    agenda, timetable = lists.first(), timetables.first()
    on = shows_agenda(view, screen.app.size.width)
    had_focus = agenda.has_focus or timetable.has_focus
    agenda.display, timetable.display = on, not on
    if on:
        refill(screen, daymap)
        agenda.call_after_refresh(agenda.scroll_to_highlight)  # once it has a size: the selection in view
    if had_focus or screen.focused is None:
        (agenda if on else timetable).focus()


def refill(screen: Screen[Any], daymap: DayMap | None) -> None:
    """Show *daymap* in the list (when it is shown) and highlight the timetable's selection."""
    agenda = screen.query(AgendaList)
    if not agenda or not agenda.first().display or daymap is None:
        return
    agenda.first().show(daymap)
    timetable = screen.query_one(Timetable)
    agenda.first().select(timetable.day, timetable.selected)


def follow(screen: Screen[Any], day: date, event_id: str | None) -> None:
    """The timetable's cursor moved: highlight the same event in the list (when it is shown)."""
    agenda = screen.query(AgendaList)
    if agenda and agenda.first().display:
        agenda.first().select(day, event_id)


def moved(screen: Screen[Any], day: date, minute: int, event_id: str | None) -> None:
    """The user moved in the list: the timetable's cursor follows, and with it the details and the day list."""
    screen.query_one(Timetable).goto(day, minute, event_id)


def too_narrow(screen: Screen[Any], view: str) -> bool:
    """Say so when the user asked for the timetable (*view*) but the window shows the list (and return whether)."""
    if view == "agenda" or not shows_agenda(view, screen.app.size.width):
        return False
    screen.notify(f"The timetable needs a terminal at least {AGENDA_WIDTH} columns wide; showing the agenda "
                  "list.", timeout=3)
    return True


ALONGSIDE_SHOWN = 5  # a crowded hour lists this many, then "and N more" (each line costs a wrap per move)


def alongside(daymap: DayMap, day: date, event_id: str) -> list[tuple[str, str]]:
    """The events of *day* at the same time as *event_id* (times, title): the details name them, as the grid
    may show only some side by side."""
    blocks = daymap.plan(day).blocks
    mine = next((b for b in blocks if b.event_id == event_id), None)
    if mine is None:
        return []
    zone = daymap.zone(day)
    found = [b for b in blocks if b.event_id != event_id and b.start_min < mine.end_min and mine.start_min < b.end_min]
    shown = [(f"{hhmm(b.occurrence.start_utc.astimezone(zone))}–{hhmm(b.occurrence.end_utc.astimezone(zone))}",
              b.occurrence.event.title) for b in found[:ALONGSIDE_SHOWN]]
    if len(found) > ALONGSIDE_SHOWN:
        shown.append(("", f"… and {len(found) - ALONGSIDE_SHOWN} more"))
    return shown
