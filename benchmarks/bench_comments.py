"""What keeping the user's comments costs a save (issue 18, point 6).

Run:  .venv/bin/python benchmarks/bench_comments.py [--events 3000] [--runs 9]
Saves the generated trip of EVENTS events (``generate.make_trip``) with ``storage.save_trip``, the best of
RUNS, with and without the comment hook (``commentsave.carry`` replaced by a pass-through, in the same
run), for a file with no comment, one comment, and one comment before every event; prints both times and
the ratio.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import make_trip

import tripplan.files.comment_merge as commentsave
from tripplan.files.encode import dumps
from tripplan.files.storage import read_trip, save_trip


def best_save(content: str, runs: int) -> float:
    """The fastest of *runs* saves (seconds) of the trip in *content*, saved over itself."""
    timings = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "trip.toml"
        path.write_text(content, encoding="utf-8")
        trip, stamp = read_trip(path)
        for _ in range(runs):
            start = time.perf_counter()
            stamp = save_trip(trip, path, stamp)
            timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> int:
    """Print the save times with and without keeping comments."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    text = dumps(make_trip(args.events))
    files = {"no comment": text,
             "1 comment": text.replace("\n[[events]]\n", "\n# the first session: ask Ana\n[[events]]\n", 1),
             f"{args.events} comments": text.replace("\n[[events]]\n", "\n# a note\n[[events]]\n")}
    real = commentsave.carry
    for label, content in files.items():
        commentsave.carry = lambda current, data, target: (data, "")
        plain = best_save(content, args.runs)
        commentsave.carry = real
        kept = best_save(content, args.runs)
        print(f"{args.events} events, {label}: save {plain * 1000:.0f} ms without keeping comments, "
              f"{kept * 1000:.0f} ms with (x{kept / plain:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
