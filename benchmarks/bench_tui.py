"""Benchmark: the TUI on a generated 3,000-event trip, against an empty Textual app in the same run.

Run:  .venv/bin/python benchmarks/bench_tui.py [--events 3000] [--runs 9] [--presses 60]

Prints
- time to first paint of ``tripplan FILE`` in a real pseudo-terminal (120×40),
  from process start to the first frame, next to an empty Textual app's first
  frame; and the time until the timetable itself is drawn (the trip is read
  off the event loop, after the first frame);
- the cost of a key that switches the day (→) or the week (page down), and of
  the week/day toggle, next to a key press in an empty app that updates a
  label (both headless, through Textual's Pilot, at 200×50);
- the memory (peak RSS) of the app with the trip open, next to the empty app's.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import make_trip, write_trip

from tripplan.files.encode import dumps

EMPTY_APP = """
from textual.app import App
from textual.widgets import Static

class Empty(App):
    BINDINGS = [("right", "bump", "Bump"), ("left", "bump", "Bump")]
    count = 0

    def compose(self):
        yield Static("ready", id="label")

    def action_bump(self):
        self.count += 1
        self.query_one("#label", Static).update(f"ready {self.count}")
"""

PEAK = """
import asyncio, sys, os
os.environ.setdefault("TRIPPLAN_NOW", "2027-03-24T10:00:00+01:00")
def peak():
    for line in open('/proc/self/status'):
        if line.startswith('VmHWM:'):
            return int(line.split()[1]) / 1024
async def main(which, path):
    if which == 'empty':
        ns = {}
        exec(EMPTY, ns)
        app = ns['Empty']()
    else:
        from pathlib import Path
        from tripplan.tui.app import TripplanApp
        app = TripplanApp(Path(path))
    async with app.run_test(size=(200, 50)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press('right', 'left')
        print(f'PEAK {peak():.1f}')
EMPTY = sys.argv[3]
asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


def first_frame(cmd: list[str], markers: list[bytes], timeout: float = 20.0) -> list[float]:
    """Seconds from spawn until each marker has appeared on a 120×40 pseudo-terminal."""
    import fcntl
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # child
        os.environ["TERM"] = "xterm-256color"
        os.execvp(cmd[0], cmd)
    begin = time.perf_counter()
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen = b""
    found: list[float] = []
    try:
        while len(found) < len(markers) and time.perf_counter() - begin < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            seen += chunk
            while len(found) < len(markers) and markers[len(found)] in seen:
                found.append(time.perf_counter() - begin)
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    return found


def paint_figures(trip: Path, runs: int) -> None:
    tripplan = [sys.executable, "-m", "tripplan", str(trip)]
    empty = [sys.executable, "-c", EMPTY_APP + "\nEmpty().run()\n"]
    first_frame(empty, [b"ready"])  # warm the file cache and bytecode
    first_frame(tripplan, [trip.name.encode(), b"Benchmark conference"])
    empty_times, paint_times, shown_times = [], [], []
    for _ in range(runs):
        empty_times += first_frame(empty, [b"ready"])[:1]
        both = first_frame(tripplan, [trip.name.encode(), b"Benchmark conference"])
        if len(both) == 2:
            paint_times.append(both[0])
            shown_times.append(both[1])
    e, p, s = (statistics.median(x) * 1000 for x in (empty_times, paint_times, shown_times))
    print(f"first paint, empty Textual app            median {e:7.1f} ms   ({len(empty_times)} runs)")
    print(f"first paint, tripplan FILE                median {p:7.1f} ms   = {p / e:4.2f}× the empty app")
    print(f"timetable drawn (trip read and indexed)   median {s:7.1f} ms   = {s / e:4.2f}× the empty app")


async def press_cost(app: Any, keys: list[str], presses: int) -> tuple[float, float]:
    """Median wall and CPU seconds per key press (Pilot, headless), cycling through *keys*.

    Wall time includes Pilot's waiting for the screen to settle (whole frames);
    CPU time is the work the key caused, in this process.
    """
    times, cpu = [], []
    async with app.run_test(size=(200, 50)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        for i in range(presses):
            key = keys[i % len(keys)]
            begin, begin_cpu = time.perf_counter(), time.process_time()
            await pilot.press(key)
            times.append(time.perf_counter() - begin)
            cpu.append(time.process_time() - begin_cpu)
    return statistics.median(times), statistics.median(cpu)


def key_figures(trip: Path, wide_trip: Path, small_trip: Path, presses: int) -> None:
    from tripplan.tui.app import TripplanApp

    namespace: dict[str, Any] = {}
    exec(EMPTY_APP, namespace)
    empty = asyncio.run(press_cost(namespace["Empty"](), ["right", "left"], presses))
    day = asyncio.run(press_cost(TripplanApp(trip), ["right", "right", "left", "left"], presses))
    week = asyncio.run(press_cost(TripplanApp(wide_trip), ["pagedown", "pageup"], presses))
    toggle = asyncio.run(press_cost(TripplanApp(trip), ["w"], presses))
    small = asyncio.run(press_cost(TripplanApp(small_trip), ["right", "right", "left", "left"], presses))
    print("                                          wall (median)          CPU (median)")
    for label, (wall, cpu) in (("key press, empty app (updates a label)", empty),
                               ("switch day (→/←), 3,000 events / 7 days", day),
                               ("switch week (pgdn/pgup), 3,000 / 14 days", week),
                               ("toggle week grid / day timeline (w)", toggle),
                               ("switch day, a 30-event trip (for scale)", small)):
        print(f"{label:<42}{wall * 1000:7.2f} ms = {wall / empty[0]:4.2f}×   "
              f"{cpu * 1000:7.2f} ms = {cpu / empty[1]:4.2f}×")


def memory_figures(trip: Path) -> None:
    values = {}
    for which in ("empty", "tripplan"):
        run = subprocess.run([sys.executable, "-c", PEAK, which, str(trip), EMPTY_APP], capture_output=True,
                             text=True, check=True, env={**os.environ, "TRIPPLAN_NOW": "2027-03-24T10:00:00+01:00"})
        values[which] = float(next(x.split()[1] for x in run.stdout.splitlines() if x.startswith("PEAK")))
    print(f"peak memory, empty Textual app (headless)         {values['empty']:6.1f} MB")
    print(f"peak memory, tripplan with the trip open          {values['tripplan']:6.1f} MB   "
          f"(+{values['tripplan'] - values['empty']:.1f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--presses", type=int, default=60)
    args = parser.parse_args()
    # An installed app has its bytecode cached (pip compiles it; Python writes it on the first run):
    # measure that, not a recompilation of every module on every start.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["TRIPPLAN_DATA_DIR"] = str(folder / "data")  # never touch the user's recent trips
        os.environ["TRIPPLAN_CACHE_DIR"] = str(folder / "cache")
        trip = write_trip(folder, args.events)
        wide_trip = folder / f"bench-{args.events}-14days.toml"
        wide_trip.write_text(dumps(make_trip(args.events, days=14)), encoding="utf-8")
        print(f"trip: {args.events} events, {trip.stat().st_size / 1e6:.2f} MB; python {sys.version.split()[0]}; "
              f"{os.cpu_count()} cores")
        paint_figures(trip, args.runs)
        os.environ["TRIPPLAN_NOW"] = "2027-03-24T10:00:00+01:00"  # inside the trip: the now line is drawn
        small_trip = folder / "bench-30.toml"
        small_trip.write_text(dumps(make_trip(30, people=10)), encoding="utf-8")
        key_figures(trip, wide_trip, small_trip, args.presses)
        memory_figures(trip)


if __name__ == "__main__":
    main()
