"""calcurse (a Debian package) imports every export and invite and shows each event at the right instant.

CI installs calcurse and sets CI=true, which makes its absence a failure;
elsewhere these tests skip, naming the install command.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import pytest

from tests.ical_helpers import ids, occurrences, trip_files, wide
from tests.interop.conftest import Exported
from tests.interop.readers import calcurse_query, days_between
from tripplan.ical.export import event_uid
from tripplan.model import Trip


def _expected(trip: Trip, people: set[str] | None = None) -> set[tuple[object, ...]]:
    titles = {event_uid(trip, e.id): e for e in trip.events}
    found: set[tuple[object, ...]] = set()
    for uid, start, end in occurrences(trip, people):
        event = titles[uid]
        if event.all_day:
            day = start.astimezone(trip.timezone).date()
            while day < end.astimezone(trip.timezone).date():
                found.add((event.title, day))
                day += timedelta(days=1)
        else:
            found.add((event.title, int(start.astimezone(UTC).timestamp()), int(end.timestamp())))
    return found


@pytest.mark.parametrize("name", ids(trip_files()))
def test_calcurse_shows_every_event_at_the_right_instant(exported: list[Exported], tmp_path: Path,
                                                         name: str) -> None:
    item = next(e for e in exported if e.name == name)
    lo, hi = wide(item.trip)
    days = days_between(lo.date(), hi.date())
    files = [("export", item.export, None)] + [(pid, path, {pid}) for pid, (_, path) in item.invites.items()]
    for label, path, people in files:
        report, shown = calcurse_query(tmp_path / label, path, item.trip.timezone.key, lo.date(), days)
        assert " 0 skipped" in report, report
        assert shown == _expected(item.trip, people), label
