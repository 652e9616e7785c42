"""khal (from PyPI) imports every export and invite into a temporary calendar and lists the right local times."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.ical_helpers import ids, occurrences, trip_files, wide
from tests.interop.conftest import Exported
from tests.interop.readers import khal_list
from tripplan.ical.export import event_uid
from tripplan.model import Trip


def _expected(trip: Trip, people: set[str] | None = None) -> set[tuple[str, ...]]:
    """What khal should list, in the trip's zone: (uid, start, end, all-day) as khal formats them."""
    tz = trip.timezone
    found: set[tuple[str, ...]] = set()
    all_day = {event_uid(trip, e.id) for e in trip.events if e.all_day}
    for uid, start, end in occurrences(trip, people):
        if uid in all_day:
            local_start, local_end = start.astimezone(tz), end.astimezone(tz)
            found.add((uid, f"{local_start:%Y-%m-%d}", f"{local_end - timedelta(days=1):%Y-%m-%d}", "True"))
        else:
            found.add((uid, f"{start.astimezone(tz):%Y-%m-%d %H:%M}", f"{end.astimezone(tz):%Y-%m-%d %H:%M}",
                       "False"))
    return found


@pytest.mark.parametrize("name", ids(trip_files()))
def test_khal_lists_every_event_at_the_right_local_time(exported: list[Exported], tmp_path: Path,
                                                        name: str) -> None:
    item = next(e for e in exported if e.name == name)
    files = {"export": item.export} | {f"p{i}": path for i, (_, path) in enumerate(item.invites.values())}
    lo, hi = wide(item.trip)
    listed = khal_list(tmp_path / item.name, files, item.trip.timezone.key, lo.date(), hi.date())
    assert listed["export"] == _expected(item.trip)
    for i, person_id in enumerate(item.invites):
        assert listed[f"p{i}"] == _expected(item.trip, {person_id}), person_id
