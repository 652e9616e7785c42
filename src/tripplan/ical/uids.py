"""Which UID each event is written with, and which changed occurrences are a RECURRENCE-ID of their series.

A trip's own events get their id made globally unique with the trip's uid
(:func:`event_uid`); an imported event keeps the UID its calendar file gave
it (:func:`export_uid`).  In a calendar that holds both a series and a changed
occurrence of it, the occurrence is written as a ``RECURRENCE-ID`` of the
series' UID when the series leaves that occurrence out (:func:`replaced_by`,
:func:`recurrence_ids`).  The export, the invites, CalDAV and the import all
ask here, so one event has one UID everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from tripplan.trip.model import Event, Trip

_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def event_uid(trip: Trip, event_id: str) -> str:
    """The iCalendar UID of an event: its id, made globally unique with the trip's uid when it is not already.

    A UUID or an id with an ``@`` (an imported UID) is used as it is; a short
    hand-written id such as ``standup`` becomes ``standup@TRIP-UID`` so two
    trips' stand-ups never overwrite each other in a calendar.
    """
    if "@" in event_id or _UUID.fullmatch(event_id):
        return event_id
    return f"{event_id}@{trip.uid}"


def event_id_for_uid(trip: Trip, uid: str) -> str:
    """The event id an imported UID maps to (the inverse of :func:`event_uid` for this trip)."""
    suffix = f"@{trip.uid}"
    if uid.endswith(suffix) and len(uid) > len(suffix) and "@" not in uid[: -len(suffix)]:
        return uid[: -len(suffix)]
    return uid


def export_uid(trip: Trip, event: Event) -> str:
    """The UID *event* is written with on its own: the file's UID as it was read, else :func:`event_uid`.

    A changed occurrence (``ical.series``) written on its own — without its
    series, or in an invite — gets the UID of its own id, so it never stands
    for the whole series in a calendar that holds that UID.
    """
    if event.ical.series:
        return event_uid(trip, event.id)
    return event.ical.uid or event_uid(trip, event.id)


def replaced_by(series: Event, override: Event) -> bool:
    """Whether *override* is a changed occurrence of *series* that RFC 5545 can say as a RECURRENCE-ID of it.

    Only when the series itself leaves that occurrence out (it is among its
    ``exdates``, as the import keeps it): then a reader shows the override
    instead of it, exactly what the trip shows.  An override that repeats
    itself, or a series that is an override, is not one.
    """
    moment = override.ical.recurrence_id
    if (moment is None or override.ical.series != series.id or series.ical.series or override.recurring
            or not series.recurring):
        return False
    if series.all_day:
        day = moment.astimezone(series.tz).date()
        return any(d.astimezone(series.tz).date() == day for d in series.exdates)
    return moment in series.exdates


def recurrence_ids(events: Iterable[Event]) -> dict[str, Event]:
    """Override id → its series, for every override in *events* written as a RECURRENCE-ID of its series."""
    by_id = {e.id: e for e in events}
    found: dict[str, Event] = {}
    taken: set[tuple[str, datetime]] = set()
    for event in sorted(by_id.values(), key=lambda e: e.id):
        series = by_id.get(event.ical.series) if event.ical.series else None
        if series is None or not replaced_by(series, event):
            continue
        moment = event.ical.recurrence_id
        # Two overrides of one occurrence: the second stands on its own.
        if moment is not None and (series.id, moment) not in taken:
            taken.add((series.id, moment))
            found[event.id] = series
    return found


def calendar_uids(trip: Trip, events: Iterable[Event]) -> dict[str, str]:
    """Event id → the UID the whole-trip export writes it with (an override in :func:`recurrence_ids`: its series')."""
    chosen = list(events)
    series = recurrence_ids(chosen)
    return {e.id: export_uid(trip, series.get(e.id, e)) for e in chosen}
