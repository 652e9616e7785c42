"""The benchmark suite: tripplan's figures beside khal's and calcurse's, as a table.

Run (from the repository root, after `pip install -e '.[test]'`, which brings khal):

    .venv/bin/python benchmarks/suite.py            # about two minutes
    .venv/bin/python benchmarks/suite.py --quick    # fewer runs, no TUI/planning parts

Every workload is generated here, deterministically: a 3,000-session
conference week as .ics in Europe/Berlin across the March DST change, and
trips of 300, 3,000 and 30,000 events. Figures are medians of several cold
runs, each a whole process from spawn to exit (Python writes bytecode caches
as on a user's machine). khal and calcurse are measured on the same .ics
when they are installed. Nothing here passes or fails.
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
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_ical import conference_ics  # noqa: E402
from bench_today import run_peak  # noqa: E402
from generate import START, write_trip  # noqa: E402

BIN = Path(sys.executable).parent
TRIPPLAN = str(BIN / "tripplan")
DAY = START + timedelta(days=2)  # Wed 24 Mar 2027, a full conference day


def timed(cmd: list[str], env: dict[str, str], prepare: object = None, runs: int = 5,
          ok: tuple[int, ...] = (0,)) -> float:
    """Median wall seconds of *runs* whole-process runs of *cmd* (calling *prepare* before each)."""
    times = []
    for _ in range(runs):
        if callable(prepare):
            prepare()
        began = time.perf_counter()
        done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        times.append(time.perf_counter() - began)
        if done.returncode not in ok:
            raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return statistics.median(times)


def peak_mb(args: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of one tripplan run (bench_today's probe)."""
    return run_peak([TRIPPLAN, *args], env)


def row(label: str, ours: float | None, theirs: dict[str, float | None], unit: str = "ms") -> str:
    """One table line: our figure, and each other tool's with the ratio to ours."""
    def show(value: float | None) -> str:
        if value is None:
            return "—"
        return f"{value * 1000:,.1f} ms" if unit == "ms" else f"{value:,.1f} {unit}"

    cells = [f"{label:<44}", f"{show(ours):>12}"]
    for value in theirs.values():
        ratio = f" ({value / ours:,.1f}×)" if value is not None and ours else ""
        cells.append(f"{show(value) + ratio:>22}")
    return "  ".join(cells)


class Others:
    """khal and calcurse, run on the same .ics in throw-away folders (skipped when not installed)."""

    def __init__(self, folder: Path, ics: Path, runs: int) -> None:
        self.folder, self.ics, self.runs = folder, ics, runs
        self.khal = shutil.which("khal", path=str(BIN)) or shutil.which("khal")
        self.calcurse = shutil.which("calcurse")

    def khal_env(self, tag: str) -> tuple[list[str], dict[str, str]]:
        home = self.folder / f"khal-{tag}"
        home.mkdir(exist_ok=True)
        (home / "cal").mkdir(exist_ok=True)
        config = home / "khal.conf"
        config.write_text(f"[calendars]\n[[conf]]\npath = {home / 'cal'}\ntype = calendar\n[locale]\n"
                          "timeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
                          "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
                          "local_timezone = Europe/Berlin\ndefault_timezone = Europe/Berlin\n"
                          f"[sqlite]\npath = {home / 'khal.db'}\n", encoding="utf-8")
        env = {**os.environ, "XDG_CONFIG_HOME": str(home), "XDG_DATA_HOME": str(home), "TZ": "Europe/Berlin"}
        return [str(self.khal), "-c", str(config)], env

    def khal_figures(self) -> tuple[float | None, float | None]:
        if self.khal is None:
            return None, None
        base, env = self.khal_env("import")
        # khal's import takes tens of seconds on this file: one run is enough to see the order of magnitude.
        imported = timed([*base, "import", "--batch", "-a", "conf", str(self.ics)], env, runs=1)
        listed = timed([*base, "list", f"{DAY:%Y-%m-%d}", f"{DAY:%Y-%m-%d}"], env, runs=self.runs)
        return imported, listed

    def calcurse_figures(self) -> tuple[float | None, float | None]:
        if self.calcurse is None:
            return None, None
        home = self.folder / "calcurse"
        env = {**os.environ, "TZ": "Europe/Berlin", "HOME": str(self.folder)}

        def fresh() -> None:
            shutil.rmtree(home, ignore_errors=True)
            home.mkdir()

        imported = timed([self.calcurse, "-D", str(home), "-i", str(self.ics)], env, fresh, runs=self.runs)
        listed = timed([self.calcurse, "-D", str(home), "--input-datefmt", "4", "-Q", "--from",
                        f"{DAY:%Y-%m-%d}", "--days", "1"], env, runs=self.runs)
        return imported, listed


def series_trip(folder: Path, first_year: int) -> Path:
    """A week-long trip holding 50 daily series; they start on the trip's first day, or in *first_year*."""
    path = folder / f"series-{first_year}.toml"
    lines = ["schema_version = 1", "", "[trip]", f'name = "Series since {first_year}"',
             'timezone = "Europe/Berlin"', 'home_timezone = "America/New_York"', f"start = {START}",
             f"end = {START + timedelta(days=6)}", ""]
    first = START.replace(year=first_year)
    for i in range(50):
        hour, minute = 7 + i // 4, 15 * (i % 4)
        lines += ["[[events]]", f'id = "series-{i}"', f'title = "Daily {i}"', 'kind = "meeting"',
                  f"start = {first}T{hour:02d}:{minute:02d}:00", f"end = {first}T{hour:02d}:{minute + 10:02d}:00",
                  'repeat = "FREQ=DAILY"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description="tripplan's benchmark suite (prints a table)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="fewer runs; skip the TUI and planning parts")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "TRIPPLAN_NO_CACHE")}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env["TRIPPLAN_CACHE_DIR"] = str(folder / "cache")
        ics = folder / "conference.ics"
        ics.write_bytes(conference_ics(3000))
        trips = {n: write_trip(folder, n) for n in (300, 3000, 30000)}
        empty = folder / "empty.toml"
        target = folder / "imported.toml"
        subprocess.run([TRIPPLAN, "new", str(empty), "--name", "Example Conf", "--tz", "Europe/Berlin",
                        "--home-tz", "America/New_York", "--start", f"{START}", "--end",
                        f"{START + timedelta(days=6)}"], env=env, check=True, stdout=subprocess.DEVNULL)

        def fresh_target() -> None:
            for leftover in (target, target.with_name(target.name + ".bak")):
                leftover.unlink(missing_ok=True)
            shutil.copy(empty, target)

        print(f"tripplan benchmark suite — {date.today()} — {os.cpu_count()} cores, Python "
              f"{sys.version.split()[0]}; medians of {runs} cold processes\n")
        others = Others(folder, ics, runs)
        header = f"{'':<44}  {'tripplan':>12}  {'khal':>22}  {'calcurse':>22}"
        print(header)
        print("-" * len(header))
        ours_import = timed([TRIPPLAN, "import", str(target), str(ics), "--kind", "conference"], env, fresh_target,
                            runs=runs)
        ours_list = timed([TRIPPLAN, "today", str(target), "--date", f"{DAY}"], env, runs=runs)
        khal_import, khal_list = others.khal_figures()
        cal_import, cal_list = others.calcurse_figures()
        print(row("import the 3,000-session .ics", ours_import, {"khal": khal_import, "calcurse": cal_import}))
        print(row("one day of it (today / list / -Q)", ours_list, {"khal": khal_list, "calcurse": cal_list}))
        for n, trip in trips.items():
            day_args = ["today", str(trip), "--date", f"{DAY}"]
            warm = timed([TRIPPLAN, *day_args], env, runs=runs)
            cache = Path(env["TRIPPLAN_CACHE_DIR"])
            cold = timed([TRIPPLAN, *day_args], env, lambda c=cache: shutil.rmtree(c, ignore_errors=True),
                         runs=max(3, runs // 2))
            print(row(f"today, {n:,}-event trip (cached index)", warm, {}))
            print(row(f"today, {n:,}-event trip (after an edit)", cold, {}))
        # Issue 13: a series is expanded from the window asked for, not from its start.
        cache = Path(env["TRIPPLAN_CACHE_DIR"])
        series = {}
        for year in (START.year, 2005):
            series[year] = timed([TRIPPLAN, "today", str(series_trip(folder, year)), "--date", f"{DAY}"], env,
                                 lambda c=cache: shutil.rmtree(c, ignore_errors=True), runs=runs)
        print(row("today, 50 daily series from day 1 (after an edit)", series[START.year], {}))
        print(row("today, 50 daily series since 2005 (after an edit)", series[2005], {}))
        print(f"{'  ratio 2005 / day 1 (target ≤ 1.2×)':<44}  {series[2005] / series[START.year]:>11.2f}×")
        print(row("today, 3,000-event trip: peak memory", peak_mb(["today", str(trips[3000]), "--date", f"{DAY}"],
                                                                    env), {}, unit="MB"))
        out = folder / "out.ics"
        print(row("export the 3,000-event trip", timed([TRIPPLAN, "export", str(trips[3000]), "-o", str(out),
                                                        "--force"], env, runs=runs), {}))
        print(row("python -c pass (the floor)", timed([sys.executable, "-c", "pass"], env, runs=runs), {}))
        if not args.quick:
            for script, extra in (("bench_planning.py", ["--runs", "3"]),
                                  ("bench_tui.py", ["--runs", "5", "--presses", "40"])):
                print(f"\n$ python benchmarks/{script} {' '.join(extra)}")
                done = subprocess.run([sys.executable, str(HERE / script), *extra], env=env, capture_output=True,
                                      text=True, check=False)
                print(done.stdout.rstrip() or done.stderr[-2000:])
    print(f"\nsuite finished in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
