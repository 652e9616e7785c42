"""Coverage-guided fuzzing of the .ics import (atheris).

Run (outside the test suite; atheris is not a test dependency):

    python -m venv /tmp/fuzzenv2 && /tmp/fuzzenv2/bin/pip install atheris -e .
    mkdir -p /tmp/ics-corpus && cp $(find tests/data/ics -name '*.ics') /tmp/ics-corpus/
    /tmp/fuzzenv2/bin/python fuzz/fuzz_ics_import.py /tmp/ics-corpus -max_total_time=660 -max_len=8192 -timeout=20

Each input is imported into a small trip (the Berlin DST week of
tests/data/ics/edge.toml: its dates, zones and one person to match by
e-mail, without its events, so an execution stays cheap).  Any exception
other than ``UnreadableCalendar`` (the file is no calendar at all) is a
bug, and so is a merged trip that the trip file would reject, or one whose
export does not parse back with the same events; a unit slower than
``-timeout`` seconds is reported as a hang.  Findings are kept as regression tests in
``tests/data/ics/hostile/fuzz_*.ics``; the runs are in docs/reliability.md.
"""

from __future__ import annotations

import copy
import sys
from datetime import UTC, datetime
from pathlib import Path

import atheris

with atheris.instrument_imports():
    # The importer imports these lazily; import them here so they are instrumented too.
    import dateutil.rrule  # noqa: F401
    import icalendar
    import icalendar.timezone.windows_to_olson

    import tripplan.ical.convert
    import tripplan.ical.export
    import tripplan.ical.reader
    import tripplan.trip.recurrence
    import tripplan.files.decode
    import tripplan.files.encode
    import tripplan.time.zones  # noqa: F401
    from tripplan.ical.export import export_calendar
    from tripplan.ical.importer import import_calendar
    from tripplan.ical.invites import sequences
    from tripplan.ical.reader import UnreadableCalendar
    from tripplan.files.encode import dumps
    from tripplan.files.storage import parse_trip

TRIP_FILE = Path(__file__).resolve().parent.parent / "tests" / "data" / "ics" / "edge.toml"
TRIP = parse_trip(TRIP_FILE.read_bytes(), str(TRIP_FILE))
TRIP.events, TRIP.people, TRIP.sent, TRIP.objectives, TRIP.followups = [], TRIP.people[:1], [], [], []
parse_trip(dumps(TRIP).encode("utf-8"), "start.toml")  # still a sound trip
NOW = datetime(2027, 3, 20, 12, 0, tzinfo=UTC)


def test_one_input(data: bytes) -> None:
    """Import arbitrary bytes as a calendar into the trip; the result must still be a sound trip."""
    trip = copy.deepcopy(TRIP)
    try:
        report = import_calendar(trip, data)
    except UnreadableCalendar:
        return
    if not report.changed:
        return
    again = parse_trip(dumps(trip).encode("utf-8"), "merged.toml")  # raises TripFileError: a bug
    exported = export_calendar(again, NOW, sequences(again))
    parsed = icalendar.Calendar.from_ical(exported)
    if len(parsed.walk("VEVENT")) != len(again.events):
        raise AssertionError("the export of the merged trip does not hold its events")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
