"""Benchmark: balance plus every check on generated trips of 10,000 and 100,000 events.

Run:  .venv/bin/python benchmarks/bench_planning.py [--sizes 10000 100000] [--runs 5]

For each size it prints the best-of-N wall time of ``tripplan.planning.checks.analyse``
(recurrence expansion, instants, one sort, balance, every check, findings sorted:
what ``tripplan check`` computes), the number of findings, and separately the
time to build every warning sentence (what printing them all would add),
then the ratio between the two sizes next to the ratios ``n`` and ``n log n``
would give, and next to the growth of one plain pass over the events (CPython's
cost per object rises once a trip no longer fits in the CPU caches: that part
of the growth is the machine's, not the algorithm's).  Two scenarios, both from benchmarks/generate.py (200 people,
Europe/Berlin, starting in the week of the DST change):

- the same 7-day week with more and more events: each person's schedule gets
  denser, so the number of overlaps (findings) grows faster than the events;
- the same density over more days (7 days per 10,000 events): the number of
  findings grows like the events, which shows the growth of the code itself.

The trips are built in memory, not loaded from TOML, so the figures are for
the planning code alone.  This prints figures; it is not a pass/fail test.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import make_trip

from tripplan.planning.checks import analyse


def linear_pass(events: int, runs: int, days: int) -> float:
    """Best time of one plain linear pass (each event's start instant): how this machine scales by itself."""
    trip = make_trip(events, days=days)
    best = math.inf
    for _ in range(runs):
        t0 = time.perf_counter()
        _ = [(e.start_utc.timestamp(), e.kind.category, len(e.attendees)) for e in trip.events]
        best = min(best, time.perf_counter() - t0)
    return best


def measure(events: int, runs: int, days: int) -> tuple[float, float, int]:
    """Best times of ``analyse`` (timeline, balance, all checks, sorted) and of building every sentence."""
    trip = make_trip(events, days=days)
    gc.freeze()  # as `tripplan check` does once the trip is read (cli.planning_run._read)
    best_total = best_text = math.inf
    count = 0
    for _ in range(runs):
        # Start each run clean: freeing the previous run's results must not be timed as this run's work.
        gc.collect()
        t0 = time.perf_counter()
        result = analyse(trip)
        t1 = time.perf_counter()
        for finding in result[2]:
            _ = finding.message
        t2 = time.perf_counter()
        best_total, best_text = min(best_total, t1 - t0), min(best_text, t2 - t1)
        count = len(result[2])
        del result
    gc.unfreeze()
    return best_total, best_text, count


def main() -> None:
    """Parse the options, run the sizes, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    scenarios = [("one week, denser and denser (benchmarks/generate.py as is)", lambda n: 7),
                 ("same density, longer and longer (7 days per 10,000 events)", lambda n: max(1, 7 * n // 10_000))]
    for title, days in scenarios:
        print(title)
        print(f"{'events':>8} {'days':>5}  {'balance+checks':>14}  {'findings':>8}  {'+ all sentences':>15}")
        results = []
        for size in args.sizes:
            total, text, count = measure(size, args.runs, days(size))
            results.append((size, total, linear_pass(size, args.runs, days(size))))
            print(f"{size:>8} {days(size):>5}  {total * 1000:>11.0f} ms  {count:>8}  {text * 1000:>12.0f} ms")
        for (n1, t1, p1), (n2, t2, p2) in itertools.pairwise(results):
            linear = n2 / n1
            nlogn = n2 * math.log(n2) / (n1 * math.log(n1))
            print(f"{n1} → {n2}: time × {t2 / t1:.2f} (n would give × {linear:.1f}, n log n × {nlogn:.1f}; "
                  f"one plain pass over the events grows × {p2 / p1:.1f} on this machine)")
        print()


if __name__ == "__main__":
    main()
