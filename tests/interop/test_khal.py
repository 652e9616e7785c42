"""khal (from PyPI) imports every export and invite into a temporary calendar and lists the right local times."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.ical_helpers import event_of, ids, local_days, occurrences, trip_files, wide_days
from tests.interop.conftest import Exported
from tests.interop.readers import khal_list
from tripplan.trip.model import Trip


def _expected(trip: Trip, people: set[str] | None = None) -> set[tuple[str, ...]]:
    """What khal should list, in the trip's zone: (uid, start, end, all-day) as khal formats them."""
    tz = trip.timezone
    found: set[tuple[str, ...]] = set()
    for uid, start, end in occurrences(trip, people):
        event = event_of(trip, uid)
        if event.all_day:
            first, after = local_days(event, start, end)
            found.add((uid, f"{first:%Y-%m-%d}", f"{after - timedelta(days=1):%Y-%m-%d}", "True"))
        else:
            found.add((uid, f"{start.astimezone(tz):%Y-%m-%d %H:%M}", f"{end.astimezone(tz):%Y-%m-%d %H:%M}",
                       "False"))
    return found


@pytest.mark.parametrize("name", ids(trip_files()))
def test_khal_lists_every_event_at_the_right_local_time(exported: list[Exported], tmp_path: Path,
                                                        name: str) -> None:
    item = next(e for e in exported if e.name == name)
    files = {"export": item.export} | {f"p{i}": path for i, (_, path) in enumerate(item.invites.values())}
    first, last = wide_days(item.trip)
    listed = khal_list(tmp_path / item.name, files, item.trip.timezone.key, first, last)
    assert listed["export"] == _expected(item.trip)
    for i, person_id in enumerate(item.invites):
        assert listed[f"p{i}"] == _expected(item.trip, {person_id}), person_id
