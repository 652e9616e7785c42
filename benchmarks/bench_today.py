"""Benchmark: ``tripplan today`` on a generated 3,000-event trip, as a whole cold process.

Run:  .venv/bin/python benchmarks/bench_today.py [--events 3000] [--runs 21]

Prints the median wall time and peak memory (max RSS) of a fresh
``tripplan today FILE --date D`` process (``--date`` to choose D), in three situations:
- warm cache: the trip file has not changed since the last run (the usual case);
- first run after an edit: the file is parsed, validated and the day index rebuilt;
- cache disabled (TRIPPLAN_NO_CACHE=1): a parse and validation every time.
A fresh empty ``python -c pass`` is measured too, as the floor.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import START, write_trip

TRIPPLAN = shutil.which("tripplan", path=str(Path(sys.executable).parent)) or "tripplan"


# Peak memory is read from the child's own /proc/self/status (VmHWM) at exit: the
# rusage of a spawned child also counts this benchmark's pages from before exec.
PEAK = """
import atexit, sys
def _peak():
    for line in open('/proc/self/status'):
        if line.startswith('VmHWM:'):
            sys.stderr.write('PEAK ' + line.split()[1] + '\\n')
atexit.register(_peak)
sys.argv = ['tripplan'] + sys.argv[1:]
from tripplan.cli.main import main
sys.exit(main())
"""


def run_time(cmd: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one whole process."""
    begin = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - begin


def run_peak(cmd: list[str], env: dict[str, str]) -> float:
    """Peak resident memory (MB) of one run of a tripplan command."""
    probe = subprocess.run([sys.executable, "-c", PEAK, *cmd[1:]], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True, check=True)
    kb = next(int(line.split()[1]) for line in probe.stderr.splitlines() if line.startswith("PEAK "))
    return kb / 1024


def measure(label: str, cmd: list[str], env: dict[str, str], runs: int, before: object = None) -> None:
    times = []
    for _ in range(runs):
        if callable(before):
            before()
        times.append(run_time(cmd, env))
    if callable(before):
        before()
    peak = f"peak memory {run_peak(cmd, env):5.1f} MB" if cmd[0] == TRIPPLAN else ""
    print(f"{label:<44} median {statistics.median(times) * 1000:7.1f} ms   min {min(times) * 1000:7.1f} ms   "
          f"{peak}   ({runs} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--date", help="the --date given to today (default: the trip's third day, as YYYY-MM-DD); "
                        "'tue', 'tomorrow', 'day 3' measure the natural forms")
    parser.add_argument("--warm-only", action="store_true", help="only the floor and the warm-cache case")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        trip = write_trip(folder, args.events)
        cache = folder / "cache"
        env = {**os.environ, "TRIPPLAN_CACHE_DIR": str(cache)}
        env.pop("TRIPPLAN_NO_CACHE", None)
        # A user's Python writes bytecode caches on the first run; measure that normal state
        # even where the calling shell disables them.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        day = args.date or (START + __import__("datetime").timedelta(days=2)).isoformat()
        cmd = [TRIPPLAN, "today", str(trip), "--date", day]
        print(f"trip: {args.events} events, {trip.stat().st_size / 1e6:.2f} MB; python {sys.version.split()[0]}; "
              f"{os.cpu_count()} cores")
        measure("python -c pass (floor)", [sys.executable, "-c", "pass"], env, args.runs)
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        measure("tripplan today, warm cache", cmd, env, args.runs)
        if args.warm_only:
            return
        measure("tripplan today, first run after an edit", cmd, env, max(5, args.runs // 3),
                before=lambda: shutil.rmtree(cache, ignore_errors=True))
        measure("tripplan today, cache disabled", cmd, {**env, "TRIPPLAN_NO_CACHE": "1"}, max(5, args.runs // 3))


if __name__ == "__main__":
    main()
