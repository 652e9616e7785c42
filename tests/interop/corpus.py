"""Real-world calendars: tripplan's import compared with the reference reader, file by file.

For each calendar file, in processes of their own (so a crash or a hang of one reader cannot hide the other):

1. the reference (``tests/interop/reference_reader.py``: icalendar + recurring-ical-events) reads the file and
   lists its occurrences in a window (:func:`window_for`: from a day before the earliest DTSTART, 60 days);
2. ``tripplan new`` makes a trip (zone UTC) covering that window, ``tripplan import TRIP FILE`` imports the file
   (its exit code and report are kept), and the saved trip is loaded with :func:`tripplan.files.storage.read_trip` and
   expanded with :func:`tripplan.trip.recurrence.expand` over the same window;
3. the two multisets of occurrences are compared by (start, end, all-day, title): instants for timed occurrences,
   dates for all-day ones; titles compare with their whitespace collapsed, control characters removed, cut at 200
   characters, and an empty title equal to tripplan's "(untitled)".

Each file gets one class (:data:`CLASSES`):

- ``identical``: the same occurrences (or nothing in either);
- ``reported``: they differ, but the import exited 1 and its report lists something skipped or left out (skips
  of events outside the trip's dates do not count: the trip covers the window);
- ``silent``: they differ while the import exited 0, or exited 1 with no such line;
- ``refused``: the import exited 2 although the reference found occurrences in the window;
- ``unreadable``: the reference cannot read the file (whatever tripplan does, unless it crashes), or it could read
  it only by skipping a broken series and tripplan differs only by showing more (what the reference skipped);
- ``crash``: a traceback in tripplan's output, an exit code other than 0/1/2, or a trip file the import wrote that
  tripplan cannot read back;
- ``timeout``: the file took more than :data:`TIMEOUT` seconds.

``python -m tests.interop.corpus [FILES…] [--json] [--workers N]`` runs the files (default: every file of
:data:`CORPUS_DIRS`) with a pool of processes and prints a summary and one line per file.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIRS = (ROOT / "tests" / "data" / "ics" / "corpus", ROOT / "tests" / "data" / "ics" / "real")
READER = Path(__file__).with_name("reference_reader.py")
WINDOW_DAYS = 60
TIMEOUT = 60.0  # seconds for one file, all its processes together
WORKERS = 4
CLASSES = ("identical", "reported", "silent", "refused", "unreadable", "crash", "timeout")
FAILING = ("crash", "timeout", "silent", "refused")  # what the corpus test does not accept

# Files the reference reads wrongly, each checked by hand: (title, shift of its timed occurrences, why). The shift
# is applied to the reference's occurrences before the comparison, so tripplan must give the right reading.
REFERENCE_CORRECTIONS: dict[str, list[tuple[str, timedelta, str]]] = {
    "tests/data/ics/corpus/nodeical/test_with_int_tzid.ics": [
        ("Atelier groupes portail/Nuage", timedelta(hours=-1),
         "TZID ' 1' (a space before the 1) names the file's VTIMEZONE, +01:00 in January: 11:00 there is 10:00 UTC; "
         "icalendar does not find that VTIMEZONE and reads 11:00 as UTC"),
    ],
    "tests/data/ics/corpus/radicale/event_issue2172.ics": [
        ("REDACTED", timedelta(hours=-2),
         "TZID 'Mitteleuropäische Zeit ' (with its trailing space) names the file's VTIMEZONE, +02:00 in July: "
         "17:00 there is 15:00 UTC; icalendar does not find that VTIMEZONE and reads 17:00 as UTC"),
    ],
}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_VEVENT = re.compile(rb"BEGIN:VEVENT(.*?)(?:END:VEVENT|\Z)", re.DOTALL | re.IGNORECASE)
_START_DATE = re.compile(rb"^DTSTART[^:\r\n]*:\s*(\d{4})(\d{2})(\d{2})", re.MULTILINE | re.IGNORECASE)
_OUTSIDE_TRIP = "--all-dates"  # the hint every "outside the trip" skip ends with

# Loads the trip the import wrote and prints its occurrences in [argv[2], argv[3]) as JSON.
_LOAD_TRIP = """
import json, sys
from datetime import datetime
from tripplan.trip.recurrence import expand
from tripplan.files.storage import read_trip
trip, _ = read_trip(sys.argv[1])
lo, hi = datetime.fromisoformat(sys.argv[2]), datetime.fromisoformat(sys.argv[3])
found = []
for occ in expand(trip.events, lo, hi):
    event = occ.event
    ical = getattr(event, "ical", None)
    if event.all_day:
        start = occ.start_utc.astimezone(event.tz).date().isoformat()
        end = occ.end_utc.astimezone(event.tz).date().isoformat()
    else:
        start, end = occ.start_utc.isoformat(), occ.end_utc.isoformat()
    found.append({"id": event.id, "uid": getattr(ical, "uid", ""), "start": start, "end": end,
                  "all_day": event.all_day, "summary": event.title, "location": event.location,
                  "status": getattr(ical, "status", "")})
print(json.dumps(found))
"""


def window_for(first: datetime) -> tuple[datetime, datetime]:
    """The comparison window of a file whose earliest event starts at *first*: [a day before, 60 days later).

    The window starts at midnight UTC of the day before, so series are compared over their first weeks.
    """
    day = first.astimezone(UTC).date() - timedelta(days=1)
    lo = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return lo, lo + timedelta(days=WINDOW_DAYS)


def fallback_window(data: bytes) -> tuple[datetime, datetime]:
    """A window when the reference finds no start: from the earliest DTSTART date written in an event, else 2024."""
    starts = []
    for block in _VEVENT.finditer(data):
        for found in _START_DATE.finditer(block.group(1)):
            try:
                year, month, day = (int(g) for g in found.groups())
                starts.append(datetime(year, month, day, tzinfo=UTC))
            except ValueError:
                continue
    return window_for(min(starts, default=datetime(2024, 1, 1, tzinfo=UTC)))


def corpus_files(dirs: Iterable[Path] = CORPUS_DIRS) -> list[Path]:
    """Every .ics file under *dirs*, sorted."""
    return sorted(p for d in dirs for p in d.rglob("*.ics") if p.is_file())


def display_name(path: Path) -> str:
    """*path* relative to the repository (as given when it is elsewhere)."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def norm_title(title: str) -> str:
    """A title as compared: control characters out, whitespace collapsed, 200 characters; "" is "(untitled)"."""
    text = " ".join(_CONTROL.sub("", title).split())[:200]
    return text or "(untitled)"


def key(occ: dict[str, Any]) -> tuple[str, str, bool, str]:
    """What two occurrences must share to be the same: start, end, all-day and title."""
    return (occ["start"], occ["end"], bool(occ["all_day"]), norm_title(occ.get("summary", "")))


def show(occ: dict[str, Any]) -> str:
    """An occurrence in a few words: title and when."""
    kind = "all day " if occ["all_day"] else ""
    return f"{norm_title(occ.get('summary', ''))!r} {kind}{occ['start']} – {occ['end']}"


def _gap(a: str, b: str) -> str:
    """How far the instant or date *b* is from *a* ("+1:00:00"), or "" when they are not comparable."""
    try:
        da, db = datetime.fromisoformat(a), datetime.fromisoformat(b)
        if (da.tzinfo is None) != (db.tzinfo is None):
            return ""
        delta = db - da
    except ValueError:
        return ""
    return ("+" if delta >= timedelta(0) else "-") + str(abs(delta))


def correct(name: str, occurrences: list[dict[str, Any]]) -> list[str]:
    """Apply :data:`REFERENCE_CORRECTIONS` of file *name* to the reference's *occurrences* (in place); the notes."""
    notes = []
    for title, shift, why in REFERENCE_CORRECTIONS.get(name, []):
        hit = [o for o in occurrences if not o["all_day"] and norm_title(o.get("summary", "")) == norm_title(title)]
        for occ in hit:
            for end in ("start", "end"):
                occ[end] = (datetime.fromisoformat(occ[end]) + shift).isoformat()
        notes.append(f"corrected {len(hit)} occurrence(s) of {title!r} by {shift}: {why}")
    return notes


def first_difference(ref: list[dict[str, Any]], ours: list[dict[str, Any]]) -> tuple[str, int, int]:
    """The first difference of the two occurrence multisets in words, and how many are missing / extra in ours."""
    missing = Counter(key(o) for o in ref) - Counter(key(o) for o in ours)
    extra = Counter(key(o) for o in ours) - Counter(key(o) for o in ref)
    n_missing, n_extra = sum(missing.values()), sum(extra.values())
    if not missing and not extra:
        return "", 0, 0
    lost = sorted((o for o in ref if key(o) in missing), key=key)
    added = sorted((o for o in ours if key(o) in extra), key=key)
    if lost and added:
        # Pair the first missing occurrence with the extra one most like it (same title, else the nearest start).
        miss = lost[0]
        same = [o for o in added if norm_title(o.get("summary", "")) == norm_title(miss.get("summary", ""))]
        pool = same or added
        near = min(pool, key=lambda o: (o["all_day"] != miss["all_day"], abs(_seconds(o["start"], miss["start"]))))
        parts = []
        if near["all_day"] != miss["all_day"]:
            parts.append(f"all-day {miss['all_day']} → {near['all_day']}")
        if near["start"] != miss["start"]:
            parts.append(f"start {miss['start']} → {near['start']} ({_gap(miss['start'], near['start'])})")
        if near["end"] != miss["end"]:
            parts.append(f"end {miss['end']} → {near['end']} ({_gap(miss['end'], near['end'])})")
        if norm_title(near.get("summary", "")) != norm_title(miss.get("summary", "")):
            parts.append(f"title {norm_title(miss.get('summary', ''))!r} → {norm_title(near.get('summary', ''))!r}")
        text = f"reference {show(miss)} is in ours as: " + "; ".join(parts)
    elif lost:
        text = f"missing in ours: {show(lost[0])}"
    else:
        text = f"extra in ours: {show(added[0])}"
    more = []
    if n_missing:
        more.append(f"{n_missing} missing")
    if n_extra:
        more.append(f"{n_extra} extra")
    return f"{text} [{', '.join(more)}]", n_missing, n_extra


def _seconds(a: str, b: str) -> float:
    """Seconds from *b* to *a*, or a large number when they are not comparable (a date and an instant)."""
    try:
        da, db = datetime.fromisoformat(a), datetime.fromisoformat(b)
        if (da.tzinfo is None) != (db.tzinfo is None):
            raise ValueError
        return (da - db).total_seconds()
    except ValueError:
        return 1e12


def loss_lines(stdout: str) -> list[str]:
    """The report's lines saying something was skipped or left out, without skips of events outside the trip."""
    found, section = [], ""
    for line in stdout.splitlines():
        if not line.startswith(" "):
            section = line.strip().rstrip(":").lower()
            continue
        if section in ("skipped", "left out or changed") and _OUTSIDE_TRIP not in line:
            found.append(line.strip())
    return found


@dataclass
class Result:
    """The comparison of one file: its class and what an engineer needs to see why."""

    file: str
    klass: str
    ref_count: int = 0
    our_count: int = 0
    exit_code: int | None = None
    first_difference: str = ""
    missing: int = 0
    extra: int = 0
    window: tuple[str, str] | None = None
    reference_error: str = ""
    reference_notes: list[str] = field(default_factory=list)
    reference_skipped: bool = False  # the reference had to skip a broken series
    tripplan_summary: str = ""  # the first line of the import report
    tripplan_losses: list[str] = field(default_factory=list)
    tripplan_notes: list[str] = field(default_factory=list)  # the import's "note:" lines (standard error)
    tripplan_error: str = ""
    seconds: float = 0.0

    def line(self) -> str:
        """One line for the per-file listing: class, file, counts (ref/ours), first difference."""
        detail = self.first_difference or self.tripplan_error or self.reference_error
        return f"{self.klass:<10} {self.file}  ({self.ref_count}/{self.our_count}, exit {self.exit_code})" + (
            f"  {detail}" if detail else "")

    def explain(self) -> str:
        """A failure message for the corpus test: everything known about this file's difference."""
        lines = [f"{self.file}: {self.klass} — reference {self.ref_count} occurrences, tripplan {self.our_count}, "
                 f"import exit code {self.exit_code}"]
        if self.window:
            lines.append(f"window (UTC): {self.window[0]} – {self.window[1]}")
        if self.first_difference:
            lines.append(f"first difference: {self.first_difference}")
        if self.tripplan_error:
            lines.append(f"tripplan: {self.tripplan_error}")
        if self.reference_error:
            lines.append(f"reference: {self.reference_error}")
        if self.reference_notes:
            lines.append("reference notes: " + "; ".join(self.reference_notes))
        if self.tripplan_summary:
            lines.append(f"import report: {self.tripplan_summary}")
        lines += [f"  reported: {loss}" for loss in self.tripplan_losses[:8]]
        if self.klass == "silent" and not self.tripplan_losses:
            lines.append("  (the import reported no loss)")
        lines += [f"  {note}" for note in self.tripplan_notes[:6]]
        if len(self.tripplan_notes) > 6:
            lines.append(f"  … and {len(self.tripplan_notes) - 6} more notes")
        lines.append(f"again: python -m tests.interop.corpus {self.file}")
        return "\n".join(lines)


def _env(home: Path) -> dict[str, str]:
    """The environment of the processes: caches and settings in the throw-away folder, times in UTC."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "TRIPPLAN"))}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"),
               XDG_DATA_HOME=str(home / "data"), TZ="UTC", PYTHONPATH=str(ROOT), PYTHONHASHSEED="0")
    return env


def _run(args: Sequence[str], env: dict[str, str], deadline: float, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run *args* until *deadline* (time.monotonic); raises subprocess.TimeoutExpired past it.

    Where the system can fork, the Python programs the comparison runs (the reference reader, ``python -m
    tripplan …``, ``python -c …``) run in a child forked from a pool worker that has only imported the
    libraries, never read a calendar (:func:`_prepare`): a fresh process per step, as clean as a new
    interpreter, without paying a second of imports each time (~1,000 steps over the corpus).
    """
    left = max(deadline - time.monotonic(), 0.1)
    target = _target(args) if FORK else None
    if target is None:
        return subprocess.run(list(args), capture_output=True, text=True, timeout=left, env=env, cwd=cwd,
                              check=False, stdin=subprocess.DEVNULL)
    return _forked(args, target, env, left, cwd)


FORK = hasattr(os, "fork")


def _prepare() -> None:
    """A pool worker's start: import what the steps use, so each forked step starts with it loaded."""
    import icalendar  # noqa: F401
    import recurring_ical_events  # noqa: F401

    import tests.interop.reference_reader  # noqa: F401


def _target(args: Sequence[str]) -> Any:
    """The function that runs *args* in a forked child (``None``: run it as a program)."""
    if len(args) < 2 or args[0] != sys.executable:
        return None
    if args[1] == str(READER):
        def reference() -> int:
            from tests.interop import reference_reader

            sys.argv = [str(READER), *args[2:]]
            reference_reader.main()
            return 0
        return reference
    if args[1:3] == ["-m", "tripplan"]:
        def tripplan() -> int:
            from tripplan.cli.main import main

            return main(list(args[3:]))
        return tripplan
    if args[1] == "-c":
        def code() -> int:
            sys.argv = ["-c", *args[3:]]
            exec(compile(args[2], "<string>", "exec"), {"__name__": "__main__"})
            return 0
        return code
    return None


def _forked(args: Sequence[str], target: Any, env: dict[str, str], left: float,
            cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run *target* in a forked child with *env* and *cwd*, its output captured; killed after *left* seconds."""
    import signal
    import traceback

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 70
            try:
                signal.alarm(max(1, int(left + 0.999)))  # the default action of SIGALRM ends the process
                null = os.open(os.devnull, os.O_RDONLY)
                os.dup2(null, 0)
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                os.chdir(cwd)
                os.environ.clear()
                os.environ.update(env)
                time.tzset()
                try:
                    code = int(target() or 0)
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
                except BaseException:
                    traceback.print_exc()
                    code = 1
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(code)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGALRM:
            raise subprocess.TimeoutExpired(list(args), left)
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(list(args), os.waitstatus_to_exitcode(status),
                                           out.read().decode("utf-8", "replace"),
                                           err.read().decode("utf-8", "replace"))


def _traceback(*texts: str) -> str:
    """The last line of a Python traceback in *texts* ("" when there is none)."""
    for text in texts:
        if "Traceback (most recent call last)" in text:
            tail = [line for line in text.strip().splitlines() if line.strip()]
            return "traceback: " + (tail[-1].strip() if tail else "?")
    return ""


def compare_file(path: Path, timeout: float = TIMEOUT) -> Result:
    """Read *path* with the reference and import it with tripplan, each in fresh processes, and classify it."""
    name = display_name(path)
    began = time.monotonic()
    deadline = began + timeout
    result = Result(file=name, klass="identical")
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        home = Path(tmp)
        env = _env(home)
        step = "the reference reader"
        try:
            ref_run = _run([sys.executable, str(READER), str(path.resolve())], env, deadline, home)
            try:
                ref = json.loads(ref_run.stdout.strip().splitlines()[-1])
            except (IndexError, ValueError):
                ref = {"ok": False, "error": f"reference reader failed: {ref_run.stderr.strip()[-300:]}"}
            if ref.get("ok") and ref.get("window"):
                lo, hi = (datetime.fromisoformat(t) for t in ref["window"])
            else:
                lo, hi = fallback_window(path.read_bytes())
            result.window = (lo.isoformat(), hi.isoformat())
            result.reference_error = "" if ref.get("ok") else str(ref.get("error", ""))
            result.reference_notes = list(ref.get("notes", []))
            result.reference_skipped = bool(ref.get("skipped_bad_series"))
            ref_occ: list[dict[str, Any]] = ref.get("occurrences", []) if ref.get("ok") else []
            result.reference_notes += correct(name, ref_occ)
            result.ref_count = len(ref_occ)

            trip = home / "trip.toml"
            step = "tripplan new"
            made = _run([sys.executable, "-m", "tripplan", "new", "--name", "Corpus check", "--tz", "UTC",
                         "--home-tz", "UTC", "--start", lo.date().isoformat(),
                         "--end", (hi - timedelta(days=1)).date().isoformat(), str(trip)], env, deadline, home)
            if made.returncode != 0:
                result.klass, result.exit_code = "crash", made.returncode
                result.tripplan_error = f"tripplan new failed: {(made.stderr or made.stdout).strip()[-300:]}"
                return result
            step = "tripplan import"
            imported = _run([sys.executable, "-m", "tripplan", "import", str(trip), str(path.resolve())],
                            env, deadline, home)
            result.exit_code = imported.returncode
            result.tripplan_summary = next((ln for ln in imported.stdout.splitlines() if ln.strip()), "")
            result.tripplan_losses = loss_lines(imported.stdout)
            result.tripplan_notes = [ln.strip() for ln in imported.stderr.splitlines() if ln.startswith("note:")]
            crashed = _traceback(imported.stderr, imported.stdout)
            if crashed or imported.returncode not in (0, 1, 2):
                result.klass = "crash"
                result.tripplan_error = crashed or f"exit code {imported.returncode}: {imported.stderr.strip()[-300:]}"
                return result
            if imported.returncode == 2:
                result.tripplan_error = " ".join(imported.stderr.split())[-300:]
            step = "loading the imported trip"
            loaded = _run([sys.executable, "-c", _LOAD_TRIP, str(trip), lo.isoformat(), hi.isoformat()],
                          env, deadline, home)
            if loaded.returncode != 0:
                result.klass = "crash"
                result.tripplan_error = ("the trip file the import wrote cannot be read back: "
                                         + (_traceback(loaded.stderr) or loaded.stderr.strip()[-300:]))
                return result
            ours: list[dict[str, Any]] = json.loads(loaded.stdout)
        except subprocess.TimeoutExpired:
            result.klass = "timeout"
            result.tripplan_error = f"{step} did not finish within {timeout:.0f} s"
            return result
        finally:
            result.seconds = round(time.monotonic() - began, 2)
    result.our_count = len(ours)
    result.first_difference, result.missing, result.extra = first_difference(ref_occ, ours)
    result.klass = classify(result, ref_ok=bool(ref.get("ok")))
    return result


def classify(result: Result, ref_ok: bool) -> str:
    """The class of a file whose reading and import both ran to the end (see the module docstring)."""
    if not ref_ok:
        return "unreadable"
    if result.exit_code == 2:
        return "refused" if result.ref_count else "identical"
    if not result.first_difference:
        return "identical"
    if result.reference_skipped and not result.missing:
        return "unreadable"  # tripplan shows what the reference could not read, and nothing less
    if result.exit_code == 1 and result.tripplan_losses:
        return "reported"
    return "silent"


def _compare_safely(path: Path) -> Result:
    """:func:`compare_file`, with a failure of the harness itself reported as the file's crash (it never raises)."""
    try:
        return compare_file(path)
    except Exception as exc:  # pragma: no cover - the harness's own failure must not hide the other files
        return Result(file=display_name(path), klass="crash", tripplan_error=f"harness error: {exc!r}")


def run_all(files: Sequence[Path], workers: int = WORKERS) -> list[Result]:
    """Compare every file of *files* with a pool of *workers* processes; results in the order of *files*."""
    if workers <= 1 or len(files) <= 1:
        return [_compare_safely(p) for p in files]
    # Workers are spawned, not forked from the caller (a test run has read calendars already), then fork a
    # child per step (see _run).
    import multiprocessing

    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_prepare if FORK else None) as pool:
        return list(pool.map(_compare_safely, files, chunksize=1))


def summary(results: Sequence[Result]) -> str:
    """The counts per class as a small table."""
    counts = Counter(r.klass for r in results)
    rows = [f"{k:<10} {counts.get(k, 0):>4}" for k in CLASSES]
    return "\n".join(["class      files", *rows, f"{'total':<10} {len(results):>4}"])


def report(results: Sequence[Result]) -> str:
    """The whole text report: summary, then one line per file (worst classes first)."""
    order = {k: i for i, k in enumerate(("crash", "timeout", "silent", "refused", "reported", "unreadable",
                                         "identical"))}
    lines = [summary(results), ""]
    lines += [r.line() for r in sorted(results, key=lambda r: (order.get(r.klass, 99), r.file))]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tests.interop.corpus [FILES…] [--json] [--workers N]``: exit 1 when a file is crash/timeout/
    silent/refused."""
    parser = argparse.ArgumentParser(prog="python -m tests.interop.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="calendar files (default: the whole corpus)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of the table")
    parser.add_argument("--workers", type=int, default=WORKERS, help=f"processes at once (default {WORKERS})")
    args = parser.parse_args(argv)
    files = [p for f in args.files for p in (corpus_files([f]) if f.is_dir() else [f])] or corpus_files()
    results = run_all(files, args.workers)
    if args.json:
        counts = Counter(r.klass for r in results)
        print(json.dumps({"counts": {k: counts.get(k, 0) for k in CLASSES},
                          "results": [asdict(r) for r in results]}, indent=1, ensure_ascii=False))
    else:
        print(report(results))
    return 1 if any(r.klass in FAILING for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
