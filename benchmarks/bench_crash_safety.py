"""Kill-during-save: 1,000 runs of SIGKILL while a process saves a changing trip.

Run:  .venv/bin/python benchmarks/bench_crash_safety.py [--runs 1000]
Prints runs / corrupt / lost (and how many kills landed mid-save).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.crash_harness import run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        begin = time.perf_counter()
        outcome = run(args.runs, Path(tmp), seed=2027)
        seconds = time.perf_counter() - begin
    print(f"runs {outcome.runs}  corrupt {outcome.corrupt}  lost {outcome.lost}  "
          f"backup corrupt {outcome.backup_corrupt}  killed mid-save {outcome.killed_mid_save}  ({seconds:.1f} s)")


if __name__ == "__main__":
    main()
