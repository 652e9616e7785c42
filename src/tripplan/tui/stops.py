"""The trip's stops as the settings screen edits them: the form and the edit of one stop.

Adding and removing are ``tripplan.trip.stops``'s pure operations (the CLI's
too); editing a stop is removing it and adding it back as changed, so its
neighbours give and take days by the same rules.  The screen applies the
result through ``trip_edits.change_stops`` (one undoable step).  A change
the rules refuse raises ``StopError`` with the reason, which the form shows.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from typing import Any

from tripplan.trip.model import Stop, Trip, WorkingHours
from tripplan.trip.stops import StopError, add_stop, current_stops, remove_stop, stop_end
from tripplan.tui.screens.forms import Checked, Field, FormScreen


def edit_stop(trip: Trip, index: int, stop: Stop) -> Trip:
    """*trip* with its *index*-th stop (of ``current_stops``) made *stop*; the neighbours take or give days.

    Raises ``StopError`` when the rules refuse it (the only stop must cover the whole trip).
    """
    stops = current_stops(trip)
    old = stops[index]
    if len(stops) == 1:
        if (stop.first, stop.last) != (trip.start, trip.end):
            raise StopError(f"{old.city} is the trip's only stop, so it covers every day ({trip.start} to "
                            f"{trip.end}); to spend some days elsewhere add a stop for them (a)")
        return replace(trip, stop_list=[stop], timezone=stop.tz)
    without = remove_stop(trip, old.city, old.first)
    return add_stop(without, stop)


def _clock_range(text: str) -> WorkingHours | None:
    """``09:30-18:30`` (also with – or "to"); empty: ``None`` (the trip's)."""
    cleaned = text.strip().replace("–", "-").replace(" to ", "-")
    if not cleaned:
        return None
    try:
        start, end = (time.fromisoformat(part.strip()) for part in cleaned.split("-", 1))
    except ValueError:
        raise ValueError("working hours like 09:00-18:00") from None
    if end <= start:
        raise ValueError("the working day ends before it starts")
    return WorkingHours(start, end)


def _reason_field(message: str) -> str:
    """The field a refusal is about, so the form shows it there."""
    text = message.lower()
    if "needs a city" in text:
        return "city"
    if "would end" in text or "ends" in text:
        return "to"
    return "from"


def stop_form(trip: Trip, index: int | None) -> FormScreen[Trip]:
    """Add (``index`` None) or edit a stop; dismisses with the trip as it would be."""
    from tripplan.time.zones import zone
    from tripplan.tui.record_forms import parse_day
    from tripplan.tui.widgets.zonefield import canonical_zone

    stops = current_stops(trip)
    base = stops[index] if index is not None else None
    fields = [
        Field("city", "City", value=base.city if base else "", placeholder="e.g. Tokyo"),
        Field("zone", "Zone", value=base.tz.key if base else "", placeholder="its IANA zone, e.g. Asia/Tokyo"),
        Field("from", "From", value=base.first.isoformat() if base else "",
              placeholder="first day: where you sleep that night"),
        Field("to", "To", value=base.last.isoformat() if base else "",
              placeholder="last day (empty: to where the stop it cuts ran)"),
        Field("hours", "Work hours", value=_hours_text(base.working_hours) if base and base.working_hours else "",
              placeholder=f"local working day, e.g. 09:30-18:30 (empty: {_hours_text(trip.working_hours)})"),
    ]

    def check(values: dict[str, Any]) -> Checked[Trip]:
        errors: dict[str, str] = {}
        hints: dict[str, str] = {}
        city = " ".join(str(values["city"]).split())
        if not city:
            errors["city"] = "give the city, e.g. Tokyo"
        found = canonical_zone(str(values["zone"]))
        if found is None:
            text = str(values["zone"]).strip()
            errors["zone"] = f"{text!r} is not a time zone (e.g. Asia/Tokyo)" if text else "give its zone"
        first = last = trip.start
        try:
            first = parse_day(str(values["from"]), trip, trip.start)
        except ValueError as exc:
            errors["from"] = str(exc)
        if str(values["to"]).strip():
            try:
                last = parse_day(str(values["to"]), trip, trip.start)
            except ValueError as exc:
                errors["to"] = str(exc)
        elif index is not None:
            errors["to"] = "give its last day"
        elif "from" not in errors and trip.start <= first <= trip.end:
            last = stop_end(trip, first)
            hints["to"] = f"to {last:%a %d %b}"
        else:
            last = first  # outside the trip: the rules say so about its first day
        hours = None
        try:
            hours = _clock_range(str(values["hours"]))
        except ValueError as exc:
            errors["hours"] = str(exc)
        if errors or found is None:
            return Checked(None, errors, hints)
        kept = base if base is not None else Stop(city=city, tz=zone(found), first=first, last=last)
        stop = replace(kept, city=city, tz=zone(found), first=first, last=last, working_hours=hours)
        try:
            result = edit_stop(trip, index, stop) if index is not None else add_stop(trip, stop)
        except StopError as error:
            errors[_reason_field(str(error))] = str(error)
            return Checked(None, errors, hints)
        hints["from"] = " → ".join(f"{s.city} {s.first:%d %b}–{s.last:%d %b}" for s in result.stop_list)
        return Checked(result, errors, hints)

    return FormScreen("New stop" if base is None else f"Edit {base.city}", fields, check,
                      ok="Add" if base is None else "Apply", new=base is None)


def _hours_text(hours: WorkingHours) -> str:
    return f"{hours.start:%H:%M}-{hours.end:%H:%M}"
