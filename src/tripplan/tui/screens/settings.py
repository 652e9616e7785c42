"""Trip settings (s): what the trip is, who travels, and its stops — the cities, each with its zone and days.

The stops section lists every stop (city, zone, from–to, the local working
hours) and adds, edits and removes them (a, e, d).  The rules are the trip
file's (``tripplan.trip.stops``): a new stop takes its days from the stops
it overlaps, a removed stop's days go to the stop before it, every day
belongs to one stop.  A change the rules refuse shows its reason in the
form; every change is one undoable step.  Events keep their instants: the
notice says how many now happen in another zone than their day's.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from tripplan.edit.changes import change_stops
from tripplan.trip.model import Stop, Trip
from tripplan.trip.stops import StopError, current_stops, events_in_other_zones, remove_stop
from tripplan.tui.markup import cell
from tripplan.tui.markup import m as _m
from tripplan.tui.screens.base import TableView
from tripplan.tui.stops import stop_form
from tripplan.tui.text import day_medium, day_short, offset_text, trip_dates
from tripplan.tui.widgets.details import Lines, WrappedLines


def _hours(trip: Trip, stop: Stop) -> Text:
    """The stop's working hours; the trip's (muted) when it has none of its own."""
    hours = stop.working_hours or trip.working_hours
    return Text(f"{hours.start:%H:%M}–{hours.end:%H:%M}", style="" if stop.working_hours else "dim")


class TripSettingsScreen(TableView):
    """The trip's basics and its stops, with add / edit / remove."""

    VIEW = "settings"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add stop"),
        Binding("e,enter", "edit", "Edit stop"),
        Binding("d,delete", "delete", "Remove stop"),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="split"):
            with Vertical(id="stops"):
                yield Static(_m("[b $text-secondary]Stops[/] [$text-muted]· a add · e edit · d remove[/]"),
                             classes="section-title")
                yield DataTable(id="stops-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="detail"):
                yield WrappedLines(id="detail-body")
        yield from self.compose_footer()

    def _columns(self) -> None:
        """Fixed columns; the city takes what is left."""
        self.fit_columns([("City", "city", 0), ("Zone", "zone", 18), ("Days", "days", 19),
                          ("Work hours", "hours", 12)], "city", 9)

    # --- showing ---------------------------------------------------------------------------------------

    @property
    def selected(self) -> int | None:
        """The index (in the trip's stops) of the stop under the cursor."""
        key = self.cursor_key()
        return int(key) if key is not None else None

    def refresh_view(self, select: int | None = None) -> None:
        """Refill the table (keeping the cursor on *select* or the same row) and the detail."""
        super().refresh_view()
        table = self.query_one(DataTable)
        current = select if select is not None else self.selected
        table.clear()
        for i, stop in enumerate(current_stops(self.trip)):
            days = f"{day_short(stop.first)} – {day_medium(stop.last)}"
            table.add_row(cell(stop.city, "bold"), cell(stop.tz.key), days, _hours(self.trip, stop), key=str(i))
        if current is not None and 0 <= current < table.row_count:
            table.move_cursor(row=current)
        self._show_detail()

    def _show_detail(self) -> None:
        self.query_one("#detail-body", WrappedLines).set_lines(self.detail())

    def detail(self) -> Lines:
        """The trip's basics, then the highlighted stop's local notes."""
        trip, blank = self.trip, (0, Content(""))
        me = trip.me
        team = [p.name + (f" (home {p.home_tz.key})" if p.home_tz else "") for p in trip.travellers if not p.me]
        lines: Lines = [
            (0, _m("[b]$n[/b]", n=trip.name)),
            (0, _m("[$text-muted]$d · home $h[/]", d=trip_dates(trip), h=trip.home_timezone.key)),
            (0, _m("[$text-muted]me[/] $m", m=me.name if me else "nobody named yet (p, then m on yourself)")),
        ]
        if team:
            lines.append((0, _m("[$text-muted]travelling too[/] $t", t=", ".join(team))))
        index = self.selected
        stops = current_stops(trip)
        if index is None or not 0 <= index < len(stops):
            return lines
        stop = stops[index]
        days = (stop.last - stop.first).days + 1
        from tripplan.time.zones import day_start

        offset = offset_text(day_start(stop.first, stop.tz).astimezone(stop.tz))
        lines += [blank, (0, _m("[b $text-secondary]$c[/] [$text-muted]· $z (UTC$o) · $n day$s[/]", c=stop.city,
                                z=stop.tz.key, o=offset, n=days, s="s" if days != 1 else ""))]
        if not trip.stop_list:
            lines.append((2, _m("[$text-muted]The trip's destination. Adding a stop (a) makes it a multi-city trip: "
                                "each day in its own city's time.[/]")))
        hours = stop.working_hours or trip.working_hours
        lines.append((2, _m("[$text-muted]working hours[/] $h$t", h=f"{hours.start:%H:%M}–{hours.end:%H:%M}",
                            t="" if stop.working_hours else " (the trip's)")))
        meals = trip.meals_on(stop.first)
        lines.append((2, _m("[$text-muted]lunch[/] $l [$text-muted]· dinner[/] $d",
                            l=f"{meals.lunch_start:%H:%M}–{meals.lunch_end:%H:%M}",
                            d=f"{meals.dinner_start:%H:%M}–{meals.dinner_end:%H:%M}")))
        culture = trip.culture_on(stop.first)
        if culture:
            lines += [blank, (0, _m("[b $text-secondary]Local culture[/]"))]
            lines += [(2, _m("[b]$k[/b] $v", k=k, v=" ".join(v.split()))) for k, v in culture.items()]
        return lines

    # --- actions ---------------------------------------------------------------------------------------

    def _apply(self, changed: Trip, label: str, select: int | None) -> None:
        before = {e.id for e in events_in_other_zones(self.trip)}
        if change_stops(self.session, label, changed) is None:
            return  # the same stops as before: nothing to undo
        moved = {e.id for e in events_in_other_zones(self.trip)} - before
        note = (f" {len(moved)} event{'s keep their' if len(moved) != 1 else ' keeps its'} time in the zone "
                "planned in, now not their day's." if moved else "")
        self.refresh_view(select=select)
        self.changed(message=f"{label[0].upper()}{label[1:]}.{note}")

    def action_add(self) -> None:
        """Add a stop."""
        def done(changed: Trip | None) -> None:
            if changed is not None:
                self._apply(changed, "added a stop", None)

        self.app.push_screen(stop_form(self.trip, None), done)

    def action_edit(self) -> None:
        """Edit the highlighted stop (its city, zone, days, working hours)."""
        index = self.selected
        if index is None:
            return
        city = current_stops(self.trip)[index].city

        def done(changed: Trip | None) -> None:
            if changed is not None:
                self._apply(changed, f"edited {city}", index)

        self.app.push_screen(stop_form(self.trip, index), done)

    def action_delete(self) -> None:
        """Remove the highlighted stop (the stop before it takes its days), after asking."""
        from tripplan.tui.screens.dialogs import confirm

        index = self.selected
        if index is None:
            return
        stop = current_stops(self.trip)[index]
        try:
            changed = remove_stop(self.trip, stop.city, stop.first)
        except StopError as error:
            self.notify(str(error), title="Not removed", severity="warning", timeout=6)
            return
        heir = "the next stop" if index == 0 else current_stops(self.trip)[index - 1].city

        def done(answer: str | None) -> None:
            if answer == "yes":
                self._apply(changed, f"removed {stop.city}", max(0, index - 1))

        self.app.push_screen(confirm("Remove stop", f"Remove {stop.city} ({stop.first:%a %d %b} – "
                                     f"{stop.last:%a %d %b})?\nIts days go to {heir}. Undo (ctrl+z) brings it "
                                     "back."), done)
