"""Benchmark ``tripplan publish`` against a local Radicale (prints figures; not a pass/fail test).

    .venv/bin/python benchmarks/bench_publish.py [--events 300] [--runs 3]

For a generated trip of *events* events (``generate.make_trip``), each run
publishes to a fresh calendar on a Radicale started on a free loopback port
(temporary storage, fsync on as a real server has it) and times:

- the first publish (the calendar is created and every event written);
- a republish after one event's title changed (exactly one PUT);
- a republish without any change (no write at all);

once through the command line in a fresh process (start-up, reading,
validating and saving the trip included) and once by calling
``tripplan.caldav.publish.publish`` in-process (the HTTP work alone), with
the number of HTTP requests of each, counted on the HTTP session.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from generate import write_trip  # noqa: E402
from tests.caldav.radicale_server import PASSWORD, start_radicale  # noqa: E402

from tripplan.caldav.publish import publish  # noqa: E402
from tripplan.files.storage import read_trip, save_trip  # noqa: E402

_COUNTS = re.compile(r"\((\d+) requests?, (?:(\d+) writes?|no writes)\)")


def _retitle(path: Path) -> None:
    """Change one event's title in the trip file (as an edit in the app would)."""
    trip, stamp = read_trip(path)
    first = min(trip.events, key=lambda e: e.id)
    trip.events = [dataclasses.replace(e, title=e.title + " (moved to Hall 2)") if e is first else e
                   for e in trip.events]
    save_trip(trip, path, stamp)


def _cli(path: Path, url: str | None) -> tuple[float, int, int, str]:
    """One ``tripplan publish`` in a fresh process: seconds, requests, writes, first output line."""
    args = [sys.executable, "-m", "tripplan", "publish", str(path)] + (["--url", url, "--user", "alice"] if url else [])
    env = {**os.environ, "TRIPPLAN_CALDAV_PASSWORD": PASSWORD}
    started = time.perf_counter()
    run = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)
    elapsed = time.perf_counter() - started
    first = run.stdout.splitlines()[0] if run.stdout else run.stderr.strip()
    if run.returncode != 0:
        raise SystemExit(f"tripplan publish failed ({run.returncode}): {run.stderr.strip()}")
    found = _COUNTS.search(first)
    requests, writes = (int(found[1]), int(found[2] or 0)) if found else (-1, -1)
    return elapsed, requests, writes, first


def _core(path: Path, url: str) -> tuple[float, Counter[str], str]:
    """``publish()`` in-process on the trip in *path* (saved afterwards, not timed)."""
    trip, stamp = read_trip(path)
    started = time.perf_counter()
    report = publish(trip, url, "alice", PASSWORD)
    elapsed = time.perf_counter() - started
    if report.trip_changed:
        save_trip(trip, path, stamp)
    methods = Counter(method for method, _ in report.log)
    summary = f"{len(report.added)} added, {len(report.updated)} updated, {len(report.unchanged)} unchanged"
    return elapsed, methods, summary


def _line(label: str, times: list[float], detail: str) -> None:
    print(f"{label:<52} median {statistics.median(times):7.3f} s   min {min(times):7.3f} s   {detail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-fsync", action="store_true", help="let Radicale skip fsync (isolates tripplan's "
                        "own cost from the server's disk writes)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp:
        folder = Path(tmp)
        server = start_radicale(folder / "radicale", fsync=not args.no_fsync)
        try:
            cli: dict[str, list[float]] = {"first": [], "one": [], "none": []}
            core: dict[str, list[float]] = {"first": [], "one": [], "none": []}
            counts: dict[str, str] = {}
            methods: dict[str, Counter[str]] = {}
            for i in range(args.runs):
                # Through the command line.
                (folder / f"cli-{i}").mkdir()
                path = write_trip(folder / f"cli-{i}", args.events)
                url = server.calendar_url()
                for key, edit in (("first", False), ("one", True), ("none", False)):
                    if edit:
                        _retitle(path)
                    elapsed, requests, writes, first = _cli(path, url if key == "first" else None)
                    cli[key].append(elapsed)
                    counts[key] = f"{requests} requests, {writes} writes"
                    if i == 0 and key == "first":
                        print(first)
                # In-process.
                (folder / f"core-{i}").mkdir()
                path = write_trip(folder / f"core-{i}", args.events)
                url = server.calendar_url()
                for key, edit in (("first", False), ("one", True), ("none", False)):
                    if edit:
                        _retitle(path)
                    elapsed, found, summary = _core(path, url)
                    core[key].append(elapsed)
                    methods[key] = found
                    counts[f"core-{key}"] = summary
        finally:
            server.stop()
    print(f"trip: {args.events} events; Radicale on 127.0.0.1, fsync {'off' if args.no_fsync else 'on'}; "
          f"{args.runs} runs each; "
          f"python {sys.version.split()[0]}; {os.cpu_count()} cores")
    names = {"first": "first publish", "one": "republish, one event changed", "none": "republish, no change"}
    for key, name in names.items():
        _line(f"tripplan publish: {name}", cli[key], counts[key])
    for key, name in names.items():
        by_method = ", ".join(f"{n} {m}" for m, n in sorted(methods[key].items()))
        _line(f"publish() in-process: {name}", core[key], f"{by_method} ({counts['core-' + key]})")


if __name__ == "__main__":
    main()
