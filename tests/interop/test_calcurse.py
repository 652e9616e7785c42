"""calcurse (a Debian package) imports every export and invite and shows each event at the right instant.

CI installs calcurse and sets CI=true, which makes its absence a failure;
elsewhere these tests skip, naming the install command.

calcurse keeps every appointment as a wall time in the zone it runs in (``TZ``) and repeats it there, so
what it can show depends on that zone: a series anchored in UTC moves at the DST change of a calcurse
running in Lisbon, and the second 01:30 of the night the clocks go back becomes the first.  Each event is
therefore checked with calcurse running where it can be represented: a series in its own zone, a one-off
time in UTC (an instant is a wall time there), an all-day event (dates) in the trip's zone.  calcurse reads
no VTIMEZONE (a TZID must be a zone of the system's database): an event in one of the trip's custom zones
(``[trip.zones]``, an Outlook zone with rules of its own) is left to the other readers.  Nor does it apply
a RECURRENCE-ID (issue 14): it shows a moved occurrence of a series besides the series' original one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from tests.ical_helpers import Instant, ids, occurrences_with_events, trip_files, wide_days
from tests.interop.conftest import Exported
from tests.interop.readers import calcurse_query, days_between
from tripplan.ical.export import recurrence_ids
from tripplan.trip.model import Event, Trip
from tripplan.trip.recurrence import occurrences


def _zone_for_calcurse(trip: Trip, event: Event) -> str:
    if event.all_day:
        return trip.timezone.key
    return event.tz.key if event.repeat else "UTC"


def _groups(trip: Trip) -> dict[str, set[str]]:
    """TZ to run calcurse in → titles it checks there (a title shared by events needing different zones: the
    trip's zone, as before issue 13)."""
    by_title: dict[str, set[str]] = {}
    for event in trip.events:
        if {event.tz.key, event.end_tz.key} & set(trip.zones):
            continue  # a custom zone: see the module docstring
        by_title.setdefault(event.title, set()).add(_zone_for_calcurse(trip, event))
    groups: dict[str, set[str]] = {}
    for title, zones in by_title.items():
        groups.setdefault(zones.pop() if len(zones) == 1 else trip.timezone.key, set()).add(title)
    return groups


def _replaced(trip: Trip) -> list[tuple[Instant, Event]]:
    """calcurse 4.7 does not apply a RECURRENCE-ID: it shows the moved occurrence *and* the series' original one.

    The series' occurrences a changed occurrence replaces, written as RECURRENCE-IDs by the whole-trip export.
    """
    found: list[tuple[Instant, Event]] = []
    for override_id, series in recurrence_ids(trip.events).items():
        override = trip.event(override_id)
        assert override is not None and override.ical.recurrence_id is not None
        moment = override.ical.recurrence_id
        kept = replace(series, exdates=tuple(d for d in series.exdates if d != moment))
        found += [(("", o.start_utc, o.end_utc), series) for o in occurrences(kept, moment, moment + timedelta(
            seconds=1)) if o.start_utc == moment]
    return found


def _expected(trip: Trip, people: set[str] | None = None) -> set[tuple[object, ...]]:
    found: set[tuple[object, ...]] = set()
    shown = occurrences_with_events(trip, people) + (_replaced(trip) if people is None else [])
    for (_, start, end), event in shown:  # an override: its own title
        if event.all_day:
            day = start.astimezone(event.tz).date()
            while day < end.astimezone(event.tz).date():
                found.add((event.title, day))
                day += timedelta(days=1)
        else:
            found.add((event.title, int(start.astimezone(UTC).timestamp()), int(end.timestamp())))
    return found


@pytest.mark.parametrize("name", ids(trip_files()))
def test_calcurse_shows_every_event_at_the_right_instant(exported: list[Exported], tmp_path: Path,
                                                         name: str) -> None:
    item = next(e for e in exported if e.name == name)
    first, last = wide_days(item.trip)
    days = days_between(first, last)
    files = [("export", item.export, None)] + [(pid, path, {pid}) for pid, (_, path) in item.invites.items()]
    for label, path, people in files:
        expected = _expected(item.trip, people)
        for tz, titles in sorted(_groups(item.trip).items()):
            report, shown = calcurse_query(tmp_path / f"{label}-{tz.replace('/', '-')}", path, tz, first, days)
            assert " 0 skipped" in report, report
            assert {s for s in shown if s[0] in titles} == {e for e in expected if e[0] in titles}, (label, tz)
