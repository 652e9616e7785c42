"""Kill a process with SIGKILL while it saves a trip again and again; check nothing is lost.

Shared by tests/unit/test_crash_safety.py (CI size) and
benchmarks/bench_crash_safety.py (1,000 runs). Each run forks a writer
from this already-initialised process (so a run costs milliseconds, not a
Python start-up), lets it save successive versions of a 300-event trip,
and kills it at a random moment. The writer reports each completed save on
a pipe; after the kill the file must parse and be the last reported version
or the one being written, and the backup must parse too.
"""

from __future__ import annotations

import os
import random
import signal
import time
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tripplan.errors import TripFileError
from tripplan.files.storage import FileStamp, backup_path, read_trip, save_trip
from tripplan.time.zones import zone
from tripplan.trip.model import Event, Kind, Trip


@dataclass
class Outcome:
    """What the kill runs found."""

    runs: int = 0
    corrupt: int = 0
    lost: int = 0
    backup_corrupt: int = 0
    killed_mid_save: int = 0


def _trip() -> Trip:
    tz = zone("Europe/Berlin")
    first = datetime(2027, 3, 22, 8, tzinfo=tz).astimezone(UTC)
    events = [Event.timed(id=f"e{i}", title=f"Session {i}", kind=Kind.MEETING, tz=tz,
                          start=first + timedelta(minutes=15 * i), end=first + timedelta(minutes=15 * i + 30),
                          notes="x" * (i % 50)) for i in range(300)]
    return Trip(name="v0", timezone=tz, home_timezone=zone("UTC"), start=date(2027, 3, 22),
                end=date(2027, 3, 28), uid="crash", events=events)


def _writer(trip: Trip, stamp: FileStamp, path: Path, report: int) -> None:
    """Child: save the next versions forever, writing each completed number to *report*."""
    version = int(trip.name[1:])
    while True:
        version += 1
        trip.name = f"v{version}"
        index = version % len(trip.events)
        trip.events[index] = replace(trip.events[index], title=f"changed in v{version}")
        stamp = save_trip(trip, path, stamp)
        os.write(report, f"{version}\n".encode())


def _drain(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def run(runs: int, folder: Path, seed: int = 7, max_delay: float = 0.03) -> Outcome:
    """Do *runs* kill-during-save runs in *folder*; return what was found."""
    rng = random.Random(seed)
    path = folder / "crash.toml"
    stamp = save_trip(_trip(), path, None)
    trip, stamp = read_trip(path)
    stamp = save_trip(trip, path, stamp)  # from here on a backup must always exist
    outcome = Outcome()
    for _ in range(runs):
        before = trip.name
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child until killed
            os.close(read_end)
            try:
                _writer(trip, stamp, path, write_end)
            finally:
                os._exit(1)
        os.close(write_end)
        # Wait for the writer's first completed save, so the kill lands inside the
        # save loop however loaded the machine is, then kill at a random moment.
        first = os.read(read_end, 64)
        time.sleep(rng.uniform(0.0, max_delay))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        reported = (first + _drain(read_end)).split()
        os.close(read_end)
        last = int(reported[-1]) if reported else int(before[1:])
        outcome.runs += 1
        try:
            trip, stamp = read_trip(path)  # the next writer goes on from what is on disk
        except TripFileError:
            outcome.corrupt += 1
            path.unlink()
            trip = _trip()
            stamp = save_trip(trip, path, None)
            continue
        now = trip.name
        if now not in (f"v{last}", f"v{last + 1}"):
            outcome.lost += 1
        if now == f"v{last + 1}" or any(p.name.endswith(".tmp") for p in folder.iterdir()):
            outcome.killed_mid_save += 1
        try:
            read_trip(backup_path(path))
        except TripFileError:
            outcome.backup_corrupt += 1
        for leftover in folder.glob(".crash.toml.*.tmp"):
            leftover.unlink()  # a killed save leaves its temp file; the next save must not care
    return outcome
