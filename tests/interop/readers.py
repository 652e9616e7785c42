"""Running the khal and calcurse programs on our files, in throw-away folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

from tests.conftest import missing

INSTALL_CALCURSE = "apt-get install calcurse"
INSTALL_KHAL = "pip install -e '.[test]' (khal is in the test extra)"


def need(program: str, install: str) -> str:
    """The path of *program*; its absence fails under CI=true and skips elsewhere, naming the install command."""
    found = shutil.which(program) or shutil.which(program, path=str(Path(sys.executable).parent))
    if found is None:
        missing(program, install)
    return found


def khal_list(folder: Path, files: dict[str, Path], tz: str, first: date, last: date,
              fields: tuple[str, ...] = ()) -> dict[str, set[tuple[str, ...]]]:
    """Import each file into its own khal calendar, then list them: calendar → {(uid, start, end, all-day)}.

    khal shows times in its ``local_timezone``, set to *tz*; an all-day
    event's end is the last day it covers (khal's way of showing it).  Each
    of khal's own *fields* (``organizer``, ``attendees`` …) is added to the
    tuples, in that order (then listed with ``--format``: khal 0.14's JSON has
    no attendees).
    """
    khal = need("khal", INSTALL_KHAL)
    folder.mkdir()
    config = folder / "khal.conf"
    calendars = "\n".join(f"[[{name}]]\npath = {folder / name}\ntype = calendar\n" for name in files)
    config.write_text(f"[calendars]\n{calendars}\n[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\n"
                      "longdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n"
                      f"longdatetimeformat = %Y-%m-%d %H:%M\nlocal_timezone = {tz}\ndefault_timezone = {tz}\n"
                      f"[sqlite]\npath = {folder / 'khal.db'}\n", encoding="utf-8")
    env = {**os.environ, "XDG_CONFIG_HOME": str(folder), "XDG_DATA_HOME": str(folder), "TZ": tz}
    for name, path in files.items():
        (folder / name).mkdir()
        run = subprocess.run([khal, "-c", str(config), "import", "--batch", "-a", name, str(path)],
                             capture_output=True, text=True, timeout=120, env=env, check=False)
        assert run.returncode == 0, run.stderr
    names = ["calendar", "uid", "start-long", "end-long", "all-day", *fields]
    shape = ["--format", "\t".join(f"{{{name}}}" for name in names)] if fields else \
        [arg for name in names for arg in ("--json", name)]
    run = subprocess.run([khal, "-c", str(config), "list", *shape, "-df", "", f"{first:%Y-%m-%d}", f"{last:%Y-%m-%d}"],
                         capture_output=True, text=True, timeout=120, env=env, check=False)
    assert run.returncode == 0, run.stderr
    found: dict[str, set[tuple[str, ...]]] = {name: set() for name in files}
    for line in filter(str.strip, run.stdout.splitlines()):
        if fields:
            calendar, *values = line.split("\t")
            found[calendar].add(tuple(values))
        else:
            for item in json.loads(line):
                found[item["calendar"]].add(tuple(item[name] for name in names[1:]))
    return found


def calcurse_query(folder: Path, path: Path, tz: str, first: date, days: int) -> tuple[str, set[tuple[object, ...]]]:
    """Import *path* into a fresh calcurse folder and query it: (import report, {(title, start, end) or (title, day)}).

    Timed appointments come back as seconds since the epoch, so they are
    compared as instants; all-day events as the days they are shown on.
    """
    calcurse = need("calcurse", INSTALL_CALCURSE)
    folder.mkdir()
    env = {**os.environ, "TZ": tz, "HOME": str(folder)}
    imported = subprocess.run([calcurse, "-D", str(folder), "-i", str(path)], capture_output=True, text=True,
                              timeout=120, env=env, check=False)
    assert imported.returncode == 0, imported.stderr
    query = subprocess.run([calcurse, "-D", str(folder), "--input-datefmt", "4", "-Q", "--from", f"{first:%Y-%m-%d}",
                            "--days", str(days), "--format-apt", "APT|%(start:epoch)|%(end:epoch)|%m\n",
                            "--format-recur-apt", "APT|%(start:epoch)|%(end:epoch)|%m\n",
                            "--format-event", "DAY|%m\n", "--format-recur-event", "DAY|%m\n"],
                           capture_output=True, text=True, timeout=120, env=env, check=False)
    assert query.returncode == 0, query.stderr
    found: set[tuple[object, ...]] = set()
    day: date | None = None
    for line in query.stdout.splitlines():
        if line.endswith(":") and line.count("/") == 2:
            day = datetime.strptime(line[:-1], "%m/%d/%y").date()
        elif line.startswith("APT|"):
            _, start, end, title = line.split("|", 3)
            found.add((title, int(start), int(end)))
        elif line.startswith("DAY|"):
            found.add((line[4:], day))
    return imported.stdout + imported.stderr, found


def days_between(first: date, last: date) -> int:
    """How many days a query from *first* must cover to include *last*."""
    return (last - first).days + 1
