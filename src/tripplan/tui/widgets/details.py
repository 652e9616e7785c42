"""The side panel: everything about the selected event, or a summary of the day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

from tripplan.time.durations import format_human
from tripplan.trip.answers import Answers
from tripplan.tui.answer_marks import answer_content, answer_notes, worth_showing
from tripplan.tui.markup import m as _m
from tripplan.tui.text import CATEGORY_ORDER, day_long, event_when, person_name, reminder_text, repeat_text
from tripplan.tui.widgets.scrolling import refresh_lines, set_virtual_size

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from tripplan.trip.model import Event, Trip
    from tripplan.tui.daymap import DayPlan

Lines = list[tuple[int, Content]]
"""Lines of the panel with their hanging indent, wrapped to the panel's width when shown."""


def wrap_lines(lines: Lines, width: int) -> Content:
    """Wrap each line to *width*, continuation lines keeping the line's indent."""
    out: list[Content] = []
    for indent, line in lines:
        if not line.plain:
            out.append(Content(""))
            continue
        for part in line.wrap(max(8, width - indent)):
            out.append(part.pad_left(indent) if indent else part)
    return Content("\n").join(out)


def event_content(trip: Trip, event: Event, start: datetime, end: datetime, *, zone: ZoneInfo | None = None,
                  home: ZoneInfo | None = None) -> Lines:
    """The details of one occurrence of *event*, its times in *zone* (the day's) and *home*."""
    category = event.category.value
    blank = (0, Content(""))
    parts: Lines = [
        (2, _m(f"[$cat-{category}]▌[/] [b]$title[/b]", title=event.title)),
        (2, _m(f"[$cat-{category}]  $kind · $cat[/]", kind=event.kind.value, cat=category)),
        blank,
    ]
    parts += [(2, _m("$line", line=line)) for line in event_when(event, start, end, trip, zone=zone, home=home)]
    parts += _traveller_lines(trip, event)
    if event.repeat:
        parts.append((2, _m("[$text-muted]↻[/] $rule", rule=repeat_text(event.repeat))))
    if event.rdates:
        parts.append((2, _m("[$text-muted]↻ also[/] $days", days=_extra_dates(event, trip))))
    if event.location:
        parts.append((2, _m("[$text-muted]at[/] $place", place=event.location)))
    parts += _calendar_lines(event)
    if event.attendees:
        parts += [blank, (0, _m("[b $text-secondary]With[/]"))]
        answers = Answers(trip)
        occurrence = start if event.recurring else None  # a reply to one occurrence counts for it alone
        for ident in event.attendees:
            person = trip.person(ident)
            if person is None:
                parts.append((2, _m("$id", id=ident)))
                continue
            answer = answers.of(event, person, occurrence)
            shown = worth_showing(answers, event, answer)
            role = " · ".join(x for x in (person.role.value, person.org, _role(event, ident) if shown else
                                          _answer(event, ident)) if x)
            if shown:  # the answer first after the name: it is what this list is read for
                line = (_m("[b]$name[/b] ", name=person.name) + answer_content(answer)
                        + _m(" [$text-muted]· $role[/]" if role else "", role=role))
            else:
                line = _m("[b]$name[/b] [$text-muted]$role[/]", name=person.name, role=role)
            parts.append((2, line))
            if shown:
                parts += [(4, note) for note in answer_notes(answer)]
            if person.interests:
                parts.append((4, _m("[$text-muted]likes[/] $i", i=", ".join(person.interests))))
            if person.notes:
                parts.append((4, _m("[i]$notes[/i]", notes=person.notes)))
            if person.log:
                last = person.log[-1]
                parts.append((4, _m("[$text-muted]last talk, $d:[/] $t", d=f"{last.on:%d %b}", t=last.text)))
    if event.objective:
        objective = trip.objective(event.objective)
        parts += [blank, (0, _m("[b $text-secondary]Objective[/]"))]
        if objective is None:
            parts.append((2, _m("$id", id=event.objective)))
        else:
            parts.append((2, _m("$t [$text-muted]· $s[/]", t=objective.title, s=objective.status.value)))
    reminders = reminder_text(event)
    if reminders:
        parts += [blank, (0, _m("[b $text-secondary]Reminders[/]")), (2, _m("$r", r=reminders))]
    if event.notes:
        parts += [blank, (0, _m("[b $text-secondary]Notes[/]"))]
        parts += [(2, _m("$line", line=line)) for line in event.notes.splitlines()]
    return parts


_ANSWERS = {"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "maybe", "DELEGATED": "delegated",
            "NEEDS-ACTION": "no answer yet"}
_ROLES = {"CHAIR": "chair", "OPT-PARTICIPANT": "optional", "NON-PARTICIPANT": "for information"}


def _answer(event: Event, person: str) -> str:
    """How *person* takes part, as the calendar said: ``optional · accepted``."""
    found = event.ical.role_of(person)
    if found is None:
        return ""
    return " · ".join(x for x in (_ROLES.get(found.role, ""), _ANSWERS.get(found.status, "")) if x)


def _role(event: Event, person: str) -> str:
    """How *person* takes part, as the calendar said (``optional``), without the answer: shown on its own."""
    found = event.ical.role_of(person)
    return _ROLES.get(found.role, "") if found is not None else ""


def _extra_dates(event: Event, trip: Trip, shown: int = 3) -> str:
    """The first extra dates of an event, in the trip's zone: ``Wed 10 Mar 16:00, Thu 11 Mar 09:00 (+2 more)``."""
    from tripplan.time.zones import clock

    texts = []
    for moment in event.rdates[:shown]:
        local = moment.astimezone(event.tz if event.all_day else trip.zone_at(moment))  # a date is the event's own
        texts.append(f"{local:%a %d %b}" if event.all_day else f"{local:%a %d %b} {clock(local)}")
    more = len(event.rdates) - shown
    return ", ".join(texts) + (f" (+{more} more)" if more > 0 else "")


def _traveller_lines(trip: Trip, event: Event) -> Lines:
    """Who of the team goes, when the trip has a team or the event leaves the traveller out."""
    ids = trip.traveller_ids
    going = trip.travellers_at(event)
    if len(ids) == 1 and going == ids:
        return []  # travelling alone, and going: nothing to say
    names = [_traveller_name(trip, i) for i in going]
    missing = [_traveller_name(trip, i) for i in ids if i not in going]
    parts: Lines = []
    if names:
        parts.append((2, _m("[$text-muted]going[/] $n", n=", ".join(names))))
    if missing:
        parts.append((2, _m("[$text-muted]not going[/] $n", n=", ".join(missing))))
    return parts


def _traveller_name(trip: Trip, ident: str) -> str:
    person = trip.person(ident) if ident else None
    return f"{person.name} (me)" if person is not None and person.me else person_name(trip, ident)


def _calendar_lines(event: Event) -> Lines:
    """What the calendar it came from said: status, privacy, organizer, links."""
    ical = event.ical
    parts: Lines = []
    flags = [x for x in ("tentative" if ical.status == "TENTATIVE" else "",
                         {"PRIVATE": "private", "CONFIDENTIAL": "confidential"}.get(ical.klass, ""),
                         "shown as free" if ical.transparent else "") if x]
    if flags:
        parts.append((2, _m("[$text-muted]$flags[/]", flags=" · ".join(flags))))
    if ical.organizer is not None:
        who = f"{ical.organizer.name} <{ical.organizer.email}>" if ical.organizer.name else ical.organizer.email
        parts.append((2, _m("[$text-muted]organized by[/] $who", who=who)))
    for link in ical.conference:
        parts.append((2, _m("[$text-muted]join[/] $link", link=link)))
    for link in (ical.url, *ical.attach):
        if link:
            parts.append((2, _m("[$text-muted]link[/] $link", link=link)))
    return parts


def day_content(trip: Trip, plan: DayPlan, cursor: str) -> Lines:
    """A summary of the day when no event is selected."""
    blank = (0, Content(""))
    city = trip.stop_on(plan.day).city if trip.multi_city else ""
    heading = f"{day_long(plan.day)} · {city}" if city else day_long(plan.day)
    parts: Lines = [(0, _m("[b]$day[/b]", day=heading)), blank]
    count = len({b.event_id for b in plan.blocks} | {o.event.id for o in plan.all_day})
    if count == 0:
        parts.append((0, _m("[$text-muted]Nothing planned yet.[/]")))
    else:
        parts.append((0, _m("$n event$s", n=count, s="s" if count != 1 else "")))
        for category in CATEGORY_ORDER:
            minutes = plan.minutes.get(category, 0)
            if minutes:
                parts.append((2, _m(f"[$cat-{category.value}]■[/] $c [$text-muted]$h[/]", c=category.value,
                                    h=format_human_minutes(minutes))))
    parts += [blank, (0, _m("[$text-muted]Press [b]a[/b] to add an event at $t.[/]", t=cursor))]
    culture = trip.culture_on(plan.day)
    if culture and plan.day == trip.stop_on(plan.day).first:  # each city's customs on its first day
        parts += [blank, (0, _m("[b $text-secondary]Local culture[/]" + (" [$text-muted]· $c[/]" if city else ""),
                                c=city))]
        for key, value in culture.items():
            parts.append((2, _m("[b]$k[/b] $v", k=key, v=value)))
    return parts


def format_human_minutes(minutes: int) -> str:
    """``90`` → ``1 h 30 min``."""
    from datetime import timedelta

    return format_human(timedelta(minutes=minutes))


class _WrappedLines(Widget):
    """Lines wrapped to the widget's own width at render time, continuation lines keeping their indent."""

    DEFAULT_CSS = "_WrappedLines { height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: Lines = []

    def set_lines(self, lines: Lines) -> None:
        """Show *lines* (the height follows; a new layout only when the height changes)."""
        if lines == self.lines:
            return
        width = self.size.width or 40
        old_height = self.get_content_height(Size(0, 0), Size(0, 0), width)
        self.lines = lines
        self.refresh(layout=self.get_content_height(Size(0, 0), Size(0, 0), width) != old_height)

    def render(self) -> Content:
        return wrap_lines(self.lines, self.size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return wrap_lines(self.lines, width).plain.count("\n") + 1 if self.lines else 0


class EventDetails(ScrollView, can_focus=False):
    """Scrollable details of the selected event (or of the day), wrapped with hanging indents.

    A Line-API widget, because it changes on every cursor move: the text is
    wrapped and rendered to strips once per change, and only the lines that
    differ from what is on screen are redrawn.  Its scrollable height never
    goes below the panel's, so a shorter or longer text that still fits is a
    repaint, never a new layout of the screen.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: Lines = []
        self._strips: list[Strip] = []
        self._strips_width = -1

    def _show(self, lines: Lines) -> None:
        if lines == self.lines:
            return
        self.lines = lines
        before = self._strips
        self._render_strips()
        if self.scroll_y or not self.is_mounted:
            self.scroll_to(y=0, animate=False, immediate=True)
            self.refresh()
        else:
            after = self._strips
            refresh_lines(self, (y for y in range(max(len(before), len(after)))
                                 if y >= len(before) or y >= len(after) or before[y] != after[y]))
        self._update_virtual_size()

    def _render_strips(self) -> None:
        width = self.scrollable_content_region.width
        self._strips_width = width
        if width <= 0 or not self.lines:
            self._strips = []
            return
        style = self.visual_style
        self._strips = [strip.extend_cell_length(width, style.rich_style)
                        for strip in Visual.to_strips(self, wrap_lines(self.lines, width), width, None, style)]

    def _update_virtual_size(self) -> None:
        width, height = self.scrollable_content_region.size
        set_virtual_size(self, Size(width, max(len(self._strips), height)))

    def on_resize(self) -> None:
        self._render_strips()
        self._update_virtual_size()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._strips_width:  # the scrollbar came or went (no resize event for that)
            self._render_strips()
            self.call_later(self._update_virtual_size)  # the text may wrap to more or fewer lines now
        index = y + int(self.scroll_y)
        if index < len(self._strips):
            return self._strips[index]
        return Strip.blank(width, self.visual_style.rich_style)

    def notify_style_update(self) -> None:
        """A theme change: render the text again in the new colours."""
        super().notify_style_update()
        if hasattr(self, "_strips"):  # also called while the widget is being built
            self._strips_width = -1

    @property
    def text(self) -> str:
        """The panel's text, unwrapped (for tests)."""
        return "\n".join(line.plain for _, line in self.lines)

    def show_event(self, trip: Trip, event: Event, start: datetime, end: datetime, *, zone: ZoneInfo | None = None,
                   home: ZoneInfo | None = None, alongside: Sequence[tuple[str, str]] = ()) -> None:
        """Show one occurrence, its times in *zone* (the day's) and *home*; *alongside* (times, title) are the
        events at the same time (the grid may have room for only some of them)."""
        lines = event_content(trip, event, start, end, zone=zone, home=home)
        if alongside:
            also = [(4, _m("[$text-muted]$t[/]  $n", t=times, n=title)) for times, title in alongside]
            lines[3:3] = [(2, _m("[$warning]At the same time[/] [$text-muted](n goes to the next)[/]")), *also,
                          (0, Content(""))]
        self._show(lines)

    def show_day(self, trip: Trip, plan: DayPlan, cursor: str) -> None:
        """Show the day summary."""
        self._show(day_content(trip, plan, cursor))

    def show_nothing(self) -> None:
        """Clear the panel."""
        self._show([])


class WrappedLines(_WrappedLines):
    """Lines with hanging indents, wrapped to the widget's width (for the views' detail panels)."""

    DEFAULT_CSS = "WrappedLines { height: auto; }"

    @property
    def text(self) -> str:
        """The lines' text, unwrapped (for tests)."""
        return "\n".join(line.plain for _, line in self.lines)
