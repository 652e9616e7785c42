"""The event editor: a modal form with a field for everything an event holds.

Times are typed naturally ("tue 19:30", "2h", "until 21:00") and every
field is checked as you type: a wrong value turns the field red and says
why under it.  A time the clocks skip is refused with the nearest times
that exist; a time that happens twice (the hour repeated when the clocks
go back) shows its offset, and a checkbox that appears under it picks the
second one.  All-day events are dates, so a day whose midnight does not
exist (America/Havana, 14 Mar 2027) is a day like any other.  Nothing is
applied until the whole form is valid; then the editor dismisses with a
new ``Event`` (the screen applies it through the edit session, so it is
undoable).  The fields' text is read by ``tui/event_fields.py``.  The last
check is the trip-file rules on the model (``edit.session.check_event``,
:mod:`tripplan.trip.validate`), the rules the decoder applies to a file, so
an event the editor accepts always saves and loads.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from tripplan.edit.session import check_event
from tripplan.time.durations import format_compact
from tripplan.time.entry import TimeContext, TimeEntryError, parse_when
from tripplan.time.zones import is_ambiguous, wall, zone
from tripplan.trip.model import Event, Kind, Trip
from tripplan.tui import event_fields as fields
from tripplan.tui.event_fields import FIELDS, FieldError, Parsed, kind_options
from tripplan.tui.keys import Input, TextArea
from tripplan.tui.markup import kept, plain, shown
from tripplan.tui.markup import m as _m
from tripplan.tui.people_match import Refill, ranked
from tripplan.tui.screens.checked_form import CheckedForm, tick_highlighted
from tripplan.tui.screens.dialogs import titled_box
from tripplan.tui.team import going_choices, going_value, has_team
from tripplan.tui.text import repeat_text
from tripplan.tui.widgets.zonefield import ZoneField, canonical_zone


class EventEditor(CheckedForm[Event]):
    """Edit (or create) one event; dismisses with the new event, or ``None`` when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("f1", "help", "Help")]

    def __init__(self, trip: Trip, event: Event, *, new: bool, focus_day: date | None = None) -> None:
        super().__init__(new=new)  # a new, empty form shows its reasons once a field is touched or apply tried
        self.trip, self.event, self.new = trip, event, new
        self.focus_day = focus_day or trip.day_of(event.start_utc)
        self.chosen: list[str] = list(event.attendees)
        self._refill = Refill(self._fill_people)

    # --- layout ----------------------------------------------------------------------------------------

    def _row(self, label: str, field: str, *widgets: Any) -> ComposeResult:
        with Horizontal(classes="row", id=f"row-{field}"):
            yield Label(label, classes="label")
            with Vertical(classes="field"):
                yield from widgets
                yield Static("", classes="reason", id=f"reason-{field}")

    def compose(self) -> ComposeResult:
        event, trip = self.event, self.trip
        start_zone, end_zone = event.start_zone, event.end_zone
        with titled_box("New event" if self.new else "Edit event", "ctrl+s apply · esc cancel · F1 help", id="editor"):
            with VerticalScroll(id="form"):
                yield from self._row("Title", "title", Input(shown(event.title), placeholder="What is it?", id="title"))
                yield from self._row("Kind", "kind", Select(kind_options(), value=event.kind, allow_blank=False,
                                                            id="kind", compact=True))
                yield from self._row("", "all_day", Checkbox("All day", event.all_day, id="all_day", compact=True))
                yield from self._row("Start", "start", Input(self._start_text(), id="start",
                                                             placeholder="tue 19:30, day 2 9am, 2027-03-09 19:30"))
                # Shown only while the start is in the hour the clocks repeat: which of the two is meant.
                second = not event.all_day and is_ambiguous(wall(event.start_utc, start_zone), start_zone) \
                    and event.local_start.fold == 1
                yield from self._row("", "second", Checkbox("the second one", second, id="second", compact=True))
                yield from self._row("End", "end", Input(self._end_text(), id="end",
                                                         placeholder="2h, until 21:00, 21:00, wed 06:30"))
                yield from self._row("Zone", "tz", ZoneField(self._zone_text(), id="tz",
                                                             placeholder=self._zone_placeholder()))
                yield from self._row("Ends in", "end_tz", ZoneField(
                    end_zone.key if end_zone.key != start_zone.key else "", id="end_tz",
                    placeholder="same zone (a flight may land in another)"))
                yield from self._row("Where", "location", Input(shown(event.location), id="location",
                                                                placeholder="place or address"))
                if has_team(trip):  # which of the team goes (an event that lists none is everyone's)
                    yield from self._row("Going", "travellers", SelectionList[str](
                        *(Selection(plain(label), value, going) for value, label, going in going_choices(trip, event)),
                        id="travellers", compact=True))
                yield from self._row("With", "attendees",
                                     Input(placeholder="type to filter people", id="people-filter"),
                                     SelectionList[str](id="attendees", compact=True),
                                     Static("", id="chosen"))
                objectives = [(plain(o.title), o.id) for o in trip.objectives]
                yield from self._row("Objective", "objective", Select(
                    objectives, value=event.objective if trip.objective(event.objective) else Select.NULL,
                    allow_blank=True, prompt="none", id="objective", compact=True))
                yield from self._row("Remind", "remind", Input(
                    ", ".join(format_compact(r.before) for r in event.reminders), id="remind",
                    placeholder="e.g. 1h, 15m before"))
                yield from self._row("Repeat", "repeat", Input(shown(event.repeat), id="repeat",
                                                               placeholder="e.g. FREQ=DAILY;COUNT=4 (RRULE)"))
                yield from self._row("Skip", "exdates", Input(
                    ", ".join(fields.exdate_text(event, d) for d in event.exdates), id="exdates",
                    placeholder="occurrences to leave out: wed 09:30, 2027-03-11 09:30"))
                yield from self._row("Notes", "notes", TextArea(shown(event.notes), id="notes", soft_wrap=True,
                                                                show_line_numbers=False))
            yield Static("", id="summary")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Add" if self.new else "Apply", id="apply", variant="primary", compact=True)

    def on_mount(self) -> None:
        self._fill_people("")
        self.focus_first(self.query_one("#title", Input))
        self.validate()

    def _zone_text(self) -> str:
        """The Zone field as the form opens: empty on a multi-city trip while the event is in its day's zone
        (times then follow the day typed: a Tokyo day's are Tokyo time), else the event's zone."""
        event, trip = self.event, self.trip
        if trip.multi_city and (event.all_day or event.tz.key == trip.zone_at(event.start_utc).key):
            return ""
        return event.start_zone.key

    def _zone_placeholder(self) -> str:
        trip = self.trip
        if trip.multi_city:
            return "the day's zone (each city's own)"
        return trip.timezone.key

    def _start_text(self) -> str:
        event = self.event
        return f"{event.first_day:%Y-%m-%d}" if event.all_day else f"{event.local_start:%Y-%m-%d %H:%M}"

    def _end_text(self) -> str:
        event = self.event
        if event.all_day:
            days = (event.end_day - event.first_day).days
            return f"{days} day{'s' * (days != 1)}"
        end = event.local_end
        if is_ambiguous(wall(event.end_utc, event.end_tz), event.end_tz):
            # 01:30 happens twice that day: the abbreviation says which (it reads back as written).
            return f"{end:%Y-%m-%d %H:%M} {end.tzname()}"
        same_day = end.date() == event.local_start.astimezone(event.end_tz).date()
        return f"{end:%H:%M}" if same_day else f"{end:%Y-%m-%d %H:%M}"

    # --- attendees -------------------------------------------------------------------------------------

    def _fill_people(self, query: str) -> None:
        selection = self.query_one("#attendees", SelectionList)
        selection.clear_options()
        for person in ranked(self.trip.people, query):  # the best match first: Enter ticks it
            detail = " · ".join(x for x in (person.role.value, person.org) if x)
            prompt = _m("$n [$text-muted]$d[/]", n=person.name, d=detail)
            selection.add_option(Selection(prompt, person.id, person.id in self.chosen))
        if selection.option_count:
            selection.highlighted = 0
        self._show_chosen()

    def _show_chosen(self) -> None:
        names = [p.name if (p := self.trip.person(i)) else i for i in self.chosen]
        text = f"{len(names)} chosen: " + ", ".join(names) if names else "nobody chosen"
        if not self.trip.people:
            text = "this trip has no people yet"
        self.query_one("#chosen", Static).update(_m("[$text-muted]$t[/]", t=text))

    @on(Input.Changed, "#people-filter")
    def _filter_people(self, event: Input.Changed) -> None:
        event.stop()
        self._refill.want(self.query_one("#attendees", SelectionList), event.value)

    @on(SelectionList.SelectedChanged, "#travellers")
    def _going_changed(self) -> None:
        if self.is_mounted:
            self.touched.add("travellers")
        self.validate()

    @on(SelectionList.SelectionToggled, "#attendees")
    def _toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        value = event.selection.value
        if value in self.chosen:
            self.chosen.remove(value)
        else:
            self.chosen.append(value)
        self._show_chosen()
        self.validate()

    # --- validation ------------------------------------------------------------------------------------

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(TextArea.Changed)
    def _changed(self, event: Input.Changed | Select.Changed | Checkbox.Changed | TextArea.Changed) -> None:
        widget = getattr(event, "control", None) or getattr(event, "input", None)
        ident = getattr(widget, "id", None)
        if ident and self.is_mounted:
            self.touched.add(ident.removesuffix("-input"))
        self.validate()

    def _zone(self, field: str, fallback: ZoneInfo) -> ZoneInfo:
        text = self.query_one(f"#{field}", ZoneField).value.strip()
        if not text:
            return fallback
        name = canonical_zone(text)
        if name is None:
            raise FieldError(f"{text!r} is not a time zone; type part of a city and pick one")
        return zone(name)

    def parse(self) -> Parsed:
        """Read every field; collect values, reasons for wrong ones, and hints."""
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        hints: dict[str, str] = {}

        def field(name: str, read: Callable[[], Any]) -> None:
            try:
                values[name] = read()
            except (FieldError, TimeEntryError, ValueError) as exc:
                errors[name] = fields.first_line(exc)

        title = kept(self.query_one("#title", Input).value, self.event.title, tidy=True)  # unchanged: as it is
        field("title", lambda: fields.required(title, "give the event a title"))
        kind = self.query_one("#kind", Select).value
        values["kind"] = kind if isinstance(kind, Kind) else self.event.kind
        all_day = self.query_one("#all_day", Checkbox).value
        trip = self.trip
        typed_zone = bool(self.query_one("#tz", ZoneField).value.strip())
        day_zone = trip.zone_on(self.focus_day)
        field("tz", lambda: self._zone("tz", day_zone))
        # No zone typed: a time is read in the zone of the day it is on (12:00 on a Tokyo day is 12:00 JST).
        day_zones = None if typed_zone else trip.zone_on
        ctx = TimeContext(trip.start, trip.end, values.get("tz", day_zone), self.focus_day, day_zones=day_zones)
        start_text = self.query_one("#start", Input).value
        end_text = self.query_one("#end", Input).value
        repeated = False
        if all_day:
            field("start", lambda: fields.all_day_start(start_text, ctx))
        else:
            field("start", lambda: parse_when(start_text, ctx))
        start_zone = fields.start_zone(values.get("start"), ctx)
        field("end_tz", lambda: self._zone("end_tz", start_zone))
        end_zone = values.get("end_tz", start_zone)
        if all_day:
            if "start" in values:
                field("end", lambda: fields.all_day_end(end_text, values["start"], ctx))
        elif "start" in values:
            values["start"], repeated = fields.with_pass(start_text, values["start"],
                                                 self.query_one("#second", Checkbox).value)
            end_days = day_zones if not self.query_one("#end_tz", ZoneField).value.strip() else None
            end_ctx = TimeContext(trip.start, trip.end, end_zone, self.focus_day, day_zones=end_days)
            field("end", lambda: fields.timed_end(end_text, values["start"], end_ctx))
        self._show_pass(values.get("start") if repeated else None, start_text)
        if "start" in values and "end" in values:
            hints["start"] = fields.when_hint(self.trip, values["start"], values["end"], all_day, start_zone)
            if not all_day and (note := fields.repeated_end_note(values["start"], values["end"], end_zone)):
                hints["end"] = note
        values["location"] = kept(self.query_one("#location", Input).value, self.event.location, tidy=True)
        values["attendees"] = list(self.chosen)
        going = self.query("#travellers")
        values["travellers"] = self.event.travellers
        if going:
            field("travellers", lambda: going_value(trip, list(going.first(SelectionList).selected),
                                                    self.event.travellers))
        objective = self.query_one("#objective", Select).value
        values["objective"] = objective if isinstance(objective, str) else ""
        field("remind", lambda: fields.reminders(self.query_one("#remind", Input).value))
        repeat = kept(self.query_one("#repeat", Input).value, self.event.repeat).strip()
        values["repeat"] = repeat
        if repeat:
            hints["repeat"] = repeat_text(repeat)
        skip_ctx = TimeContext(trip.start, trip.end, start_zone, self.focus_day)
        field("exdates", lambda: fields.exdates(self.query_one("#exdates", Input).value, skip_ctx, values.get("start"),
                                          all_day))
        values["notes"] = kept(self.query_one("#notes", TextArea).text, self.event.notes)
        if not errors:
            event = fields.build_event(self.event, values, all_day, start_zone, end_zone)
            for problem in check_event(self.trip, event):
                name = problem.path.split("[", 1)[0].split(".", 1)[0] or "title"
                name = {"remind": "remind", "start": "start", "end": "end"}.get(name, name)
                errors.setdefault(name if name in FIELDS else "title", problem.message)
            if not errors:
                self.result = event
        return Parsed(values, errors, hints)

    def _show_pass(self, start: datetime | None, text: str) -> None:
        """Show the checkbox for the second pass while the start is in the repeated hour (else hide it)."""
        row = self.query_one("#row-second")
        box = self.query_one("#second", Checkbox)
        if start is None:
            row.display = False
            return
        tz = start.tzinfo
        assert isinstance(tz, ZoneInfo)
        naive = start.replace(tzinfo=None, fold=0)
        typed = fields.typed_pass(text, naive, tz)
        label = fields.second_pass_label(naive, tz)
        if typed is not None:
            label += " (typed)"
            if box.value != bool(typed):
                box.value = bool(typed)
        if str(box.label) != label:
            box.label = label
        box.disabled = typed is not None
        row.display = True

    def validate(self) -> bool:
        """Check every field; mark the wrong ones and enable "apply" only when all are right."""
        self.result = None
        parsed = self.parse()
        for name in (*FIELDS, "all_day"):
            reason = parsed.errors.get(name, "") if self.tried or name in self.touched else ""
            hint = parsed.hints.get(name, "")
            label = self.query("#reason-" + name)
            if label:
                self.show_reason(label.first(Static), reason, hint)
            target = self.query("#" + name)
            if target:
                node = target.first()
                if isinstance(node, ZoneField):
                    node.input.set_class(bool(reason), "-invalid")
                node.set_class(bool(reason), "-invalid")
        ok = not parsed.errors
        self.query_one("#apply", Button).disabled = not ok
        self.show_summary(parsed.errors)
        return ok

    # --- actions ---------------------------------------------------------------------------------------

    def focus_wrong(self, field: Widget) -> None:
        """Put the focus on *field*, the first one marked wrong (a zone field's input), and scroll to it."""
        target = field.input if isinstance(field, ZoneField) else field
        target.focus()
        target.scroll_visible()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "people-filter":
            # Enter in the filter picks the highlighted (or only) match: type "ana", enter.
            event.stop()
            field = event.input  # once the list shows what was typed:
            self._refill.after(lambda: tick_highlighted(self.query_one("#attendees", SelectionList), field))
            return
        self.action_apply()

    def action_help(self) -> None:
        """Show how to type times."""
        from tripplan.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen("editor", [self]))

