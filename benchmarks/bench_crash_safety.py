"""Kill-during-save: 1,000 runs of SIGKILL while a process saves a changing trip; and two writers at once.

Run:  .venv/bin/python benchmarks/bench_crash_safety.py [--runs 1000]
Prints runs / corrupt / lost (and how many kills landed mid-save).

      .venv/bin/python benchmarks/bench_crash_safety.py --two-writers [--runs 4] [--adds 250] [--samples 15] [--src DIR]
Two writer processes add events to one trip at the same time (each run: 2 × ADDS adds through the
command line's entry point, the writer of tests/unit/test_locking.py): runs, adds acknowledged (exit 0,
"Added …"), refused, and lost — acknowledged but not in the file at the end, which must be 0.  Then what
the lock costs one ``tripplan add``: the median of SAMPLES cold processes with the lock, and with
``storage.locked`` replaced by a no-op (the path without a lock), measured in the same run, alternating.
``--src`` runs the writers on another source tree (``git archive OLD src | tar -x -C /tmp/old`` →
``--src /tmp/old/src``) to see what it loses; the cost figures need this tree's lock.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.crash_harness import run  # noqa: E402

NOW = "2027-03-09T14:05:00+00:00"
SMALL = ROOT / "tests" / "data" / "good" / "small.toml"

# One `tripplan add`, as `python -m tripplan add …` runs it; with "unlocked", storage.locked does nothing.
ONE_ADD = """
import contextlib, sys
if sys.argv[1] == "unlocked":
    import tripplan.files.storage
    tripplan.files.storage.locked = lambda path: contextlib.nullcontext()
from tripplan.cli.main import main
raise SystemExit(main(["add", sys.argv[2], "Coffee", "--kind", "meal", "--at", "tue 16:00"]))
"""


def crash_runs(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        begin = time.perf_counter()
        outcome = run(runs, Path(tmp), seed=2027)
        seconds = time.perf_counter() - begin
    print(f"runs {outcome.runs}  corrupt {outcome.corrupt}  lost {outcome.lost}  "
          f"backup corrupt {outcome.backup_corrupt}  killed mid-save {outcome.killed_mid_save}  ({seconds:.1f} s)")


def _writers_once(folder: Path, adds: int, env: dict[str, str]) -> tuple[int, int, int]:
    """One run of two writers: (acknowledged, refused, lost)."""
    from tests.unit.test_locking import WRITER

    from tripplan.files.storage import read_trip


    path = folder / "small.toml"
    shutil.copyfile(SMALL, path)
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(adds)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
               for name in ("a", "b")]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    results = [writer.communicate() for writer in writers]
    for writer, (_, err) in zip(writers, results, strict=True):
        if writer.returncode != 0:  # a writer that crashed acknowledged nothing: that is no result
            raise SystemExit(f"a writer failed (exit {writer.returncode}):\n{err}")
    acknowledged = {line.split()[1] for out, _ in results for line in out.splitlines() if line.startswith("ok ")}
    refused = sum(line.startswith("refused") for _, err in results for line in err.splitlines())
    titles = {e.title for e in read_trip(path)[0].events}
    return len(acknowledged), refused, len(acknowledged - titles)


def _one_add(mode: str, folder: Path, env: dict[str, str]) -> float:
    path = folder / f"one-{mode}.toml"
    shutil.copyfile(SMALL, path)
    begin = time.perf_counter()
    subprocess.run([sys.executable, "-c", ONE_ADD, mode, str(path)], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - begin


def _lock_alone(folder: Path, times: int = 2000) -> float:
    """Seconds for one take-and-release of the lock, in-process (the lock's own cost, start-up aside)."""
    from tripplan.files.storage import locked

    path = folder / "alone.toml"
    shutil.copyfile(SMALL, path)
    begin = time.perf_counter()
    for _ in range(times):
        with locked(path):
            pass
    return (time.perf_counter() - begin) / times


def two_writers(runs: int, adds: int, samples: int, src: Path) -> None:
    env = {**os.environ, "TRIPPLAN_NOW": NOW, "PYTHONPATH": os.pathsep.join(filter(None, [
        str(src), os.environ.get("PYTHONPATH", "")]))}
    totals = [0, 0, 0]
    with tempfile.TemporaryDirectory() as tmp:
        env["TRIPPLAN_CACHE_DIR"] = str(Path(tmp) / "cache")
        begin = time.perf_counter()
        for n in range(runs):
            folder = Path(tmp) / f"run{n}"
            folder.mkdir()
            for i, value in enumerate(_writers_once(folder, adds, env)):
                totals[i] += value
        seconds = time.perf_counter() - begin
        print(f"two writers: runs {runs} × 2 × {adds} adds  acknowledged {totals[0]}  refused {totals[1]}  "
              f"lost {totals[2]}  ({seconds:.1f} s; code from {src})")
        if src != ROOT / "src":
            return
        timing: dict[str, list[float]] = {"locked": [], "unlocked": []}
        for _ in range(samples):
            for mode in timing:  # alternating, so a drift of the machine's speed hits both alike
                timing[mode].append(_one_add(mode, Path(tmp), env))
        locked_ms, unlocked_ms = (statistics.median(timing[m]) * 1000 for m in ("locked", "unlocked"))
        alone = _lock_alone(Path(tmp)) * 1e6
    print(f"one tripplan add (cold process, median of {samples}): with the lock {locked_ms:.1f} ms, without "
          f"{unlocked_ms:.1f} ms = {locked_ms / unlocked_ms:.3f}×; the lock alone (take + release, in-process) "
          f"{alone:.0f} µs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=None, help="kill runs (1000), or two-writer runs (4)")
    parser.add_argument("--two-writers", action="store_true", help="two writer processes on one trip")
    parser.add_argument("--adds", type=int, default=250, help="adds per writer and run (--two-writers)")
    parser.add_argument("--samples", type=int, default=15, help="cold `tripplan add` runs per mode (--two-writers)")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the writers' source tree (--two-writers)")
    args = parser.parse_args()
    if args.two_writers:
        two_writers(args.runs or 4, args.adds, args.samples, args.src.resolve())
    else:
        crash_runs(args.runs or 1000)


if __name__ == "__main__":
    main()
