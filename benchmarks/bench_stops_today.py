"""Benchmark: ``tripplan today`` on a 3,000-event trip with 5 stops, as a ratio to the same trip with one stop.

Run:  .venv/bin/python benchmarks/bench_stops_today.py [--events 3000] [--runs 21]

Both trips have the same 10 days, people and travellers (me and two
travelling teammates, one event in five naming which travellers attend) and
the same events at the same wall times; the one-stop trip is all in Berlin,
the five-stop trip moves every two days (Berlin → Istanbul → Dubai →
Singapore → Tokyo), each event in the zone of its day, so every day has the
same rows to show.  Each figure is the median wall time (and CPU time) of a
whole fresh ``tripplan today FILE --date D`` process; the two trips are run in turn
within one loop, so the ratio compares them on the same moment of the
machine.  Cases: warm cache (the usual case), ``--person`` for a teammate
(warm cache), and the first run after an edit (the index rebuilt).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_today import TRIPPLAN
from generate import START, make_trip

from tripplan.trip.model import Stop, Trip
from tripplan.files.encode import dumps
from tripplan.time.zones import localize, wall, zone

DAYS = 10
CITIES = [("Berlin", "Europe/Berlin"), ("Istanbul", "Europe/Istanbul"), ("Dubai", "Asia/Dubai"),
          ("Singapore", "Asia/Singapore"), ("Tokyo", "Asia/Tokyo")]


def one_stop_trip(events: int) -> Trip:
    """The generated conference trip over ten days, with me and two travelling teammates."""
    trip = make_trip(events, days=DAYS)
    people = list(trip.people)
    people[0] = replace(people[0], me=True)
    people[1] = replace(people[1], travels=True, home_tz=zone("Asia/Tokyo"))
    people[2] = replace(people[2], travels=True)
    named = (people[0].id, people[1].id)
    trip_events = [replace(e, travellers=named if n % 5 == 0 else None) for n, e in enumerate(trip.events)]
    return replace(trip, people=people, events=trip_events)


def five_stop_trip(base: Trip) -> Trip:
    """*base* moved through five cities, two days each, every event at its wall time in its day's zone."""
    stops = [Stop(city=city, tz=zone(key), first=START + timedelta(days=2 * n), last=START + timedelta(days=2 * n + 1))
             for n, (city, key) in enumerate(CITIES)]
    moved = []
    for event in base.events:
        local = wall(event.start_utc, event.tz)
        tz = stops[min((local.date() - START).days // 2, len(stops) - 1)].tz
        start = localize(local, tz)
        moved.append(replace(event, start_utc=start, end_utc=start.astimezone(UTC) + event.duration, tz=tz,
                             end_tz=tz))
    return replace(base, events=moved, stop_list=stops, timezone=stops[0].tz, uid=base.uid + "-5")


def run_time(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds of one whole process, and the CPU seconds (user + system) it used."""
    begin = time.perf_counter()
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - begin
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({child.returncode})")
    return wall, usage.ru_utime + usage.ru_stime


def compare(label: str, commands: list[list[str]], env: dict[str, str], runs: int,
            before: object = None) -> None:
    """Medians of each command (wall and CPU), run in turn *runs* times, and the ratio of the second to the first.

    CPU time is printed beside wall time: on a shared machine it moves less with the other load.
    """
    walls: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for n, cmd in enumerate(commands):
            if callable(before):
                before()
            wall, cpu = run_time(cmd, env)
            walls[n].append(wall)
            cpus[n].append(cpu)
    one, five = (statistics.median(t) * 1000 for t in walls)
    one_cpu, five_cpu = (statistics.median(t) * 1000 for t in cpus)
    print(f"{label:<32} wall: 1 stop {one:6.1f} ms, 5 stops {five:6.1f} ms = {five / one:4.2f}×   "
          f"CPU: {one_cpu:6.1f} ms, {five_cpu:6.1f} ms = {five_cpu / one_cpu:4.2f}×   ({runs} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = one_stop_trip(args.events)
        files = [folder / "one-stop.toml", folder / "five-stops.toml"]
        files[0].write_text(dumps(base), encoding="utf-8")
        files[1].write_text(dumps(five_stop_trip(base)), encoding="utf-8")
        cache = folder / "cache"
        env = {**os.environ, "TRIPPLAN_CACHE_DIR": str(cache)}
        env.pop("TRIPPLAN_NO_CACHE", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode caching on, as on a user's machine
        day = (START + timedelta(days=8)).isoformat()  # a Tokyo day on the five-stop trip
        teammate = base.people[1].id
        today = [[TRIPPLAN, "today", str(f), "--date", day] for f in files]
        person = [[*cmd, "--person", teammate] for cmd in today]
        print(f"trips: {args.events} events over {DAYS} days, {files[0].stat().st_size / 1e6:.2f} MB and "
              f"{files[1].stat().st_size / 1e6:.2f} MB; python {sys.version.split()[0]}; {os.cpu_count()} cores")
        floor = [run_time([sys.executable, "-c", "pass"], env) for _ in range(args.runs)]
        print(f"{'python -c pass (floor)':<32} wall {statistics.median(w for w, _ in floor) * 1000:6.1f} ms, "
              f"CPU {statistics.median(c for _, c in floor) * 1000:6.1f} ms")
        for cmd in today + person:
            subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)  # warm the cache
        compare("today, warm cache", today, env, args.runs)
        compare("today --person, warm cache", person, env, args.runs)
        compare("today, first run after an edit", today, env, max(5, args.runs // 3),
                before=lambda: shutil.rmtree(cache, ignore_errors=True))


if __name__ == "__main__":
    main()
