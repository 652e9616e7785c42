"""One occurrence of a series, changed or left out on its own: the core of "this occurrence or the whole series?".

A changed occurrence is kept as the import keeps one read from a calendar
(``tripplan.ical.importer``): an event of its own, with id
``"{series id}#{YYYYMMDDTHHMMSSZ}"`` and ``ical.series``/``ical.recurrence_id``
naming the series and the start of the occurrence it replaces, while the
series leaves that occurrence out (an ``exdates`` entry).  An export writes
it as a ``RECURRENCE-ID`` of the series' UID, and a later import of the same
calendar recognises it by that id.  Leaving an occurrence out is the
``exdates`` entry alone.  Plain values in, plain values out: no I/O.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tripplan.trip.model import Event, Trip
from tripplan.trip.recurrence import Occurrence, occurrences

__all__ = ["as_event", "changed_occurrences", "detach", "occurrence_at", "override_id", "skip"]

_TICK = timedelta(microseconds=1)


def occurrence_at(event: Event, start: datetime) -> Occurrence | None:
    """The occurrence of *event* starting at the instant *start*, or ``None`` when the series has none then."""
    moment = start.astimezone(UTC)
    return next((o for o in occurrences(event, moment, moment + _TICK) if o.start_utc == moment), None)


def override_id(series_id: str, start: datetime) -> str:
    """The id of the changed occurrence of *series_id* that replaces the one starting at *start*."""
    return f"{series_id}#{start.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def as_event(series: Event, occurrence: Occurrence) -> Event:
    """The occurrence as an event of its own, not yet changed: the series' fields at the occurrence's times."""
    return replace(series, id=override_id(series.id, occurrence.start_utc), start_utc=occurrence.start_utc,
                   end_utc=occurrence.end_utc, repeat="", exdates=(), rdates=(),
                   ical=replace(series.ical, series=series.id, recurrence_id=occurrence.start_utc))


def skip(series: Event, start: datetime) -> Event:
    """The series without its occurrence starting at *start* (an ``exdates`` entry)."""
    return replace(series, exdates=(*series.exdates, start.astimezone(UTC)))


def detach(series: Event, start: datetime) -> tuple[Event, Event]:
    """(the series leaving the occurrence at *start* out, that occurrence as an event of its own) to change.

    ``ValueError`` when the series has no occurrence starting then.
    """
    found = occurrence_at(series, start)
    if found is None:
        raise ValueError(f"{series.title!r} has no occurrence starting at {start.astimezone(UTC):%Y-%m-%d %H:%M} UTC")
    return skip(series, found.start_utc), as_event(series, found)


def changed_occurrences(trip: Trip, series_id: str) -> list[Event]:
    """The events of *trip* that are changed occurrences of the series *series_id*."""
    return [e for e in trip.events if e.ical.series == series_id and e.id != series_id]
