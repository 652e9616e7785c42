"""Whose plan and which city: the timetable filtered to one person, and the clocks of the day in focus.

``MainScreen`` inherits this.  The person filter rebuilds the day map with
only the events that person attends (``Trip.attends``: a traveller at it,
or one of its attendees), so the timetable, the day list and the Today
view all show that person's plan; the header says whose it is (as text,
never markup).  The header's clock follows the day in focus: the zone of
its stop (named by its city on a multi-city trip) beside home — the
filtered traveller's own home when they have one.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tripplan.tui.commands import Command
from tripplan.tui.screens.navigation import TripNavigation
from tripplan.tui.text import person_name

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from tripplan.trip.model import Trip

EVERYONE = "*everyone*"  # the pick list's id for "no filter" (not a person id: ids are slugs)


def person_choices(trip: Trip, current: str | None) -> list[tuple[str, str]]:
    """The people to filter by: everyone (when filtered), the travellers (me first), then the others by name."""
    items: list[tuple[str, str]] = []
    if current is not None:
        items.append((EVERYONE, "Everyone — the whole plan"))
    travellers = trip.traveller_ids
    for ident in travellers:
        person = trip.person(ident) if ident else None
        if person is None:
            items.append((ident or "-you-", "You — the traveller"))
        elif person.me:
            items.append((ident, f"{person.name} — me"))
        else:
            home = f", home {person.home_tz.key}" if person.home_tz is not None else ""
            items.append((ident, f"{person.name} — travels{home}"))
    others = sorted((p for p in trip.people if p.id not in travellers), key=lambda p: p.name.lower())
    items += [(p.id, " · ".join(x for x in (p.name, p.role.value, p.org) if x)) for p in others]
    return items


class PlanFocus(TripNavigation):
    """The person filter and the day's clocks, for the screen that holds the open trip."""

    person: str | None = None
    """The person whose plan the timetable shows (``model.YOU`` for an unnamed traveller), or ``None``."""

    def focus_day(self) -> date | None:
        """The day the timetable's cursor is on (implemented by ``MainScreen``)."""
        raise NotImplementedError

    # --- the clocks ------------------------------------------------------------------------------------

    def clock_zones(self, day: date | None = None) -> tuple[ZoneInfo, ZoneInfo, str]:
        """The dual clock for *day* (default: the day in focus): its stop's zone, home, and the city's name
        on a multi-city trip ("" otherwise: the clock names the zone's city, as it always did)."""
        assert self.session is not None
        trip = self.session.trip
        day = day or self.focus_day() or trip.start
        zone = trip.zone_on(day)
        home = trip.home_of(self.person) if self.person is not None else trip.home_timezone
        return zone, home, trip.stop_on(day).city if trip.multi_city else ""

    def update_clocks(self, day: date | None = None) -> None:
        """Point the header's clock at the zone of *day* (default: the day in focus)."""
        from tripplan.tui.widgets.header import TripHeader

        if self.session is None:
            return
        zone, home, place = self.clock_zones(day)
        self.query_one(TripHeader).set_zones(zone, home, place)

    # --- the person filter -----------------------------------------------------------------------------

    def filter_note(self) -> str:
        """What the header says while the timetable shows one person's plan ("" for everyone's)."""
        if self.session is None or self.person is None:
            return ""
        name = person_name(self.session.trip, self.person)
        return "your plan" if name == "you" else f"{name}'s plan"

    def show_person(self, ident: str | None) -> None:
        """Show only the events *ident* attends (``None``: everyone's)."""
        from tripplan.tui.widgets.header import TripHeader

        if self.session is None or ident == self.person:
            return
        self.person = ident
        self.query_one(TripHeader).note = self.filter_note()
        self._after_edit(select=None)
        self.update_clocks()
        self.notify(f"Showing {self.filter_note()}." if ident is not None else "Showing everyone's plan.",
                    timeout=2)

    def new_event_attendees(self, trip: Trip) -> tuple[str, ...]:
        """Who an event added while one person's plan is shown invites so it stays in that plan: someone
        who does not travel (an event that lists no travellers is every traveller's already)."""
        if self.person is None or self.person in trip.traveller_ids:
            return ()
        return (self.person,)

    def action_pick_person(self) -> None:
        """Choose whose plan to show (the travellers first), or everyone's again."""
        if self.session is None:
            return
        from tripplan.tui.screens.forms import PickScreen

        trip = self.session.trip

        def done(choice: str | None) -> None:
            if choice is None:
                return
            self.show_person(None if choice == EVERYONE else "" if choice == "-you-" else choice)

        # While filtered, "everyone" comes first and is highlighted: P, enter goes back to the whole plan.
        self.app.push_screen(PickScreen("Show one person's plan", person_choices(trip, self.person),
                                        current=EVERYONE if self.person is not None else None,
                                        message="Only the events they attend: as a traveller, or invited."), done)

    def action_everyone(self) -> None:
        """Show everyone's plan again."""
        self.show_person(None)

    def palette_commands(self) -> list[Command]:
        """The navigation commands and the person filter's."""
        found = super().palette_commands()
        if self.session is None:
            return found
        found.insert(2, Command("view: show one person's plan…", "Only the events one person attends (travellers "
                                "first)", self._then("pick_person")))
        if self.person is not None:
            found.insert(3, Command("view: everyone's plan", "Show every event again", self._then("everyone")))
        return found
