"""Where trips are found: recent trips, the user's trips folder and the bundled samples.

Recent trips are remembered in the user's data folder (platformdirs;
``TRIPPLAN_DATA_DIR`` overrides it, for tests).  The trips folder is
``TRIPPLAN_TRIPS_DIR`` or ``tripplan`` in the user's documents folder.
Only the TUI uses this module, so platformdirs is never imported by the
command-line road path.  Failing to remember a recent trip is never an error.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_RECENT = 10


@dataclass(frozen=True)
class TripEntry:
    """A trip file offered on the start screen."""

    path: Path
    label: str
    detail: str = ""


def data_dir() -> Path:
    """The user's tripplan data folder."""
    override = os.environ.get("TRIPPLAN_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("tripplan", appauthor=False))


def trips_dir() -> Path:
    """The user's trips folder (it may not exist yet)."""
    override = os.environ.get("TRIPPLAN_TRIPS_DIR")
    if override:
        return Path(override)
    from platformdirs import user_documents_dir

    return Path(user_documents_dir()) / "tripplan"


def made_trips_dir() -> Path:
    """The user's trips folder, made if it is missing (best effort: a folder that cannot be made is left
    for the save dialog to name)."""
    folder = trips_dir()
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def free_path(folder: Path, name: str) -> Path:
    """*name* in *folder*, or ``stem-2.toml``, ``stem-3.toml``… if taken: a default that replaces nothing."""
    first = folder / name
    for n in range(1, 1000):
        candidate = first if n == 1 else first.with_name(f"{first.stem}-{n}{first.suffix}")
        if not candidate.exists():
            return candidate
    return first  # a thousand taken: the dialog says this one exists


def samples_dir() -> Path | None:
    """The bundled sample trips: inside the package when installed, beside ``src/`` in a checkout."""
    from tripplan.files.bundled import samples_dir as bundled_samples

    return bundled_samples()


def _recent_file() -> Path:
    return data_dir() / "recent.json"


def recent_trips() -> list[Path]:
    """Recently opened trip files that still exist, newest first."""
    return _recent() or []


def _recent() -> list[Path] | None:
    """The recent trips (``None``: the file is there but cannot be read — then it is not replaced either)."""
    readable, stored = stored_json(_recent_file())
    if not readable:
        return None
    if not isinstance(stored, list):
        return []
    return [Path(p) for p in stored if isinstance(p, str) and _is_file(Path(p))][:MAX_RECENT]


def stored_json(file: Path) -> tuple[bool, Any]:
    """(whether *file* can be read, its JSON): ``(True, None)`` when it is missing or not JSON, ``(False, None)``
    when it is there but cannot be read (then it must not be replaced); a FIFO there is never waited on."""
    from tripplan.errors import UnreadableFileError
    from tripplan.files.raw import read_regular

    try:
        return True, json.loads(read_regular(file, 1 << 20, "settings file").decode("utf-8"))
    except UnreadableFileError as error:
        return error.missing, None
    except ValueError:
        return True, None


def _is_file(path: Path) -> bool:
    try:  # raises, unlike a missing file, when a folder on the way cannot be searched
        return path.is_file()
    except OSError:
        return False


def remember(path: Path) -> None:
    """Put *path* first in the recent trips (best effort, atomically)."""
    target = str(path.resolve())
    known = _recent()
    if known is None:
        return
    paths = [target] + [str(p) for p in known if str(p) != target]
    file = _recent_file()
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(f".recent.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(paths[:MAX_RECENT], indent=1), encoding="utf-8")
        os.replace(tmp, file)
    except OSError:
        pass


def describe(path: Path) -> TripEntry:
    """A label for a trip file from its ``name`` line, read cheaply (no full parse)."""
    label, detail = path.stem.replace("-", " ").replace("_", " "), str(path)
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
    except OSError:
        return TripEntry(path, label, detail)
    name = start = end = ""
    for line in head.splitlines():
        key, _, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if key == "name" and not name:
            name = value.strip('"')
        elif key == "start" and not start:
            start = value
        elif key == "end" and not end:
            end = value
    if name:
        label = name
    if start and end:
        detail = f"{start} – {end} · {path.name}"
    return TripEntry(path, label, detail)


def slug(name: str) -> str:
    """A file name for a trip called *name*: ``Lisbon client visit`` → ``lisbon-client-visit``."""
    cleaned = "".join(c.lower() if c.isalnum() else "-" for c in name.strip())
    return "-".join(part for part in cleaned.split("-") if part) or "trip"
