"""Coverage-guided fuzzing of the trip-file loader (atheris).

Run (outside the test suite; atheris is not a test dependency):

    python -m venv /tmp/fuzzenv && /tmp/fuzzenv/bin/pip install atheris -e .
    mkdir -p /tmp/trip-corpus && cp tests/data/bad/*.toml sample_trips/*.toml tests/data/good/*.toml /tmp/trip-corpus/
    /tmp/fuzzenv/bin/python fuzz/fuzz_trip_loader.py /tmp/trip-corpus -max_total_time=600

Any exception other than ``TripFileError`` is a bug. A file that loads must
also index, serialise and load back to an equal trip.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    # The loader imports these lazily; import them here so they are instrumented too.
    import dateutil.rrule  # noqa: F401
    import tomli  # noqa: F401

    import tripplan.trip.recurrence
    import tripplan.files.decode
    import tripplan.time.zones  # noqa: F401
    from tripplan.road.dayindex import build_index
    from tripplan.errors import TripFileError
    from tripplan.files.encode import dumps
    from tripplan.files.storage import parse_trip


def test_one_input(data: bytes) -> None:
    """Load arbitrary bytes as a trip file."""
    try:
        trip = parse_trip(data, "fuzz.toml")
    except TripFileError:
        return
    build_index(trip)
    again = parse_trip(dumps(trip).encode("utf-8"), "again.toml")
    if again != trip and sorted(e.id for e in again.events) != sorted(e.id for e in trip.events):
        raise AssertionError("trip changed on a save/load round trip")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
