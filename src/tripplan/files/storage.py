"""Reading and writing trip files safely.

Reading uses the compiled ``tomli`` parser when present (about three times
faster than the standard library's ``tomllib`` on large trips) and reports
every problem with its line.  Writing is atomic (temporary file in the same
folder, fsync, ``os.replace``), keeps the previous version beside the file as
``NAME.bak``, and refuses to overwrite a file that changed on disk since it
was read.  Writers take an OS lock on the trip (:func:`locked`), so two
tripplan programs never interleave a read-modify-write of one file; a path
that is a symbolic link is written through to the file it points to.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tripplan.errors import BusyError, ConflictError, InvalidTripError, Problem, TripFileError, UnreadableFileError
from tripplan.files.atomic import atomic_write as atomic_write  # re-exported: writers import it from here
from tripplan.files.raw import read_bytes, read_regular
from tripplan.files.toml_parser import toml_parser

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tripplan.trip.model import Trip


@dataclass(frozen=True)
class FileStamp:
    """What a trip file looked like when it was read, to detect changes by others."""

    path: Path
    digest: str
    size: int
    mtime_ns: int
    note: str = field(default="", compare=False)
    """What the save that wrote this wants the user to know (comments it could not keep), or ``""``."""

    @classmethod
    def of_bytes(cls, path: Path, data: bytes, note: str = "") -> FileStamp:
        """The stamp of *data*, just read from or written to *path*."""
        stat = path.stat()
        return cls(path, digest(data), len(data), stat.st_mtime_ns, note)


def digest(data: bytes) -> str:
    """Content hash used to notice any edit of a trip file."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def parse_document(data: bytes, name: str) -> dict[str, Any]:
    """Decode and parse TOML bytes; syntax errors come back located."""
    if b"\x00" in data[:8192]:
        raise TripFileError(name, [Problem("", "this is a binary file, not a TOML trip file")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TripFileError(name, [Problem("", "not valid UTF-8 text", line)]) from None
    if not text.strip():
        raise TripFileError(name, [Problem("", "the file is empty; a trip file needs at least "
                                           "schema_version and a [trip] table (see docs/trip-format.md)")])
    parser = toml_parser()
    try:
        return parser.loads(text)  # type: ignore[no-any-return]
    except parser.TOMLDecodeError as exc:
        where = _error_position(exc)
        message = str(getattr(exc, "msg", "") or re.sub(r"\s*\(at .*\)$", "", str(exc)))
        raise TripFileError(name, [Problem("", f"TOML syntax error: {message}", *where)]) from None
    except RecursionError:
        raise TripFileError(name, [Problem("", "TOML nested too deeply")]) from None


def _error_position(exc: Exception) -> tuple[int | None, int | None]:
    line: int | None = getattr(exc, "lineno", None)
    col: int | None = getattr(exc, "colno", None)
    if line is None:
        found = re.search(r"line (\d+), column (\d+)", str(exc))
        if found:
            line, col = int(found[1]), int(found[2])
    return line, col


def parse_trip(data: bytes, name: str) -> Trip:
    """Parse and validate a trip file's bytes; raises ``TripFileError`` listing every problem."""
    from tripplan.files.decode import decode

    doc = parse_document(data, name)
    trip, problems = decode(doc)
    if problems or trip is None:
        text = data.decode("utf-8-sig", errors="replace")
        located = [Problem(p.path, p.message, locate(text, p.path), None) for p in problems]
        located.sort(key=lambda p: (p.line is None, p.line or 0))
        raise TripFileError(name, located or [Problem("", "not a valid trip file")])
    return trip


def read_trip(path: str | os.PathLike[str]) -> tuple[Trip, FileStamp]:
    """Load a trip file and the stamp needed to save it back safely."""
    file = Path(path)
    data = read_bytes(file)
    trip = parse_trip(data, str(file))
    return trip, FileStamp.of_bytes(file, data)


_PATH_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?")


def locate(text: str, path: str) -> int | None:
    """Best-effort line number of the field *path* (``events[3].end``) in *text*.

    TOML parsers do not keep positions, so this scans the text for the
    ``[[events]]`` header of the right index and the key inside its block.
    """
    parts = path.split(".") if path else []
    if not parts:
        return None
    lines = text.splitlines()
    first = _PATH_PART.fullmatch(parts[0])
    if first is None:
        return None
    section, index = first[1], first[2]
    if index is not None:
        header = re.compile(rf"\s*\[\[\s*{re.escape(section)}\s*\]\]")
        starts = [i for i, line in enumerate(lines) if header.match(line)]
        if int(index) >= len(starts):
            return None
        begin = starts[int(index)]
        rest = parts[1:]
    else:
        header = re.compile(rf"\s*\[\s*{re.escape(section)}\s*\]")
        found = [i for i, line in enumerate(lines) if header.match(line)]
        if found and len(parts) > 1:
            begin, rest = found[0], parts[1:]
        else:
            begin, rest = -1, parts
    end = next((i for i in range(begin + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines))
    if rest:
        key = _PATH_PART.fullmatch(rest[0])
        if key is not None and key[2] is not None:
            nested = _locate_nested(lines, begin, section, key[1], int(key[2]), rest[1:])
            if nested is not None:
                return nested
        if key is not None:
            sub = re.compile(rf"\s*\[\s*{re.escape(section)}\.{re.escape(key[1])}\s*\]")
            for i in range(begin + 1, len(lines)):
                if sub.match(lines[i]):
                    return i + 1
            assign = re.compile(rf"\s*\"?{re.escape(key[1])}\"?\s*=")
            for i in range(begin + 1, end):
                if assign.match(lines[i]):
                    return i + 1
    return begin + 1 if begin >= 0 else None


def _locate_nested(lines: list[str], begin: int, section: str, key: str, index: int,
                   rest: list[str]) -> int | None:
    """The line of ``[[section.key]]`` number *index* after line *begin* (``[[share.events]]``,
    ``[[people.log]]``), or of the field *rest* names inside it."""
    header = re.compile(rf"\s*\[\[\s*{re.escape(section)}\.{re.escape(key)}\s*\]\]")
    starts = [i for i in range(begin + 1, len(lines)) if header.match(lines[i])]
    if index >= len(starts):
        return None
    start = starts[index]
    field = _PATH_PART.fullmatch(rest[0]) if rest else None
    if field is not None:
        assign = re.compile(rf"\s*\"?{re.escape(field[1])}\"?\s*=")
        for i in range(start + 1, len(lines)):
            if lines[i].lstrip().startswith("["):
                break
            if assign.match(lines[i]):
                return i + 1
    return start + 1


def save_trip(trip: Trip, path: str | os.PathLike[str], expected: FileStamp | None) -> FileStamp:
    """Write *trip* to *path* atomically and return the new stamp.

    *expected* is the stamp from when the trip was read (``None`` for a new
    file).  If the file on disk no longer matches it — or a new file would
    replace an existing one — ``ConflictError`` is raised and nothing is
    written.  The previous version is kept as ``NAME.bak`` beside the file.
    A symbolic link is written through: the file it points to gets the new
    bytes (and the ``.bak`` beside it), the link stays a link.  The check and
    the rename happen under the trip's lock (:func:`locked`, re-entrant).
    """
    from tripplan.files.comment_merge import carry
    from tripplan.files.encode import dumps

    file = Path(path)
    target = real_path(file)
    data = dumps(trip).encode("utf-8")
    try:  # the codec's guarantee: what it writes reads back (the rules were checked on the model before)
        parse_trip(data, str(file))
    except TripFileError as exc:
        raise InvalidTripError(exc.problems) from None
    with locked(target):
        current = _current(target)
        if expected is None and current is not None:
            raise ConflictError(f"{file} already exists; not overwriting it")
        if expected is not None:
            if current is None:
                raise ConflictError(f"{file} was deleted or moved since it was read; not saving over it")
            if digest(current) != expected.digest:
                raise ConflictError(f"{file} was changed by another program since it was read; "
                                    "not overwriting it — reload it and make your change again")
        if current is not None:
            atomic_write(backup_path(target), current, verb="not saved", keeps=file)
            # Writing the backup waits for the disk (fsync): look again, so a change saved meanwhile by a
            # program that takes no lock (an editor) is not replaced unseen.
            again = _current(target)
            if again != current:
                raise ConflictError(f"{file} was changed by another program while saving; not overwriting it — "
                                    "reload it and make your change again")
        data, note = carry(current, data, target)  # the user's comments, kept or (with a dated copy) reported
        atomic_write(target, data, verb="not saved", keeps=file if current is not None else None)
    return FileStamp.of_bytes(file, data, note)


def real_path(path: str | os.PathLike[str]) -> Path:
    """*path* with every symbolic link resolved: the file a save must replace (resolved once per save)."""
    return Path(os.path.realpath(path))


LOCK_WAIT_SECONDS = 10.0
"""How long a writer waits for another tripplan to finish writing the same trip (``TRIPPLAN_LOCK_WAIT``)."""


class _Held:
    """A lock this process holds: the open lock file and how many ``with locked()`` blocks are inside it."""

    __slots__ = ("depth", "fd", "owner")

    def __init__(self, fd: int | None, owner: int) -> None:
        self.fd = fd
        self.owner = owner
        self.depth = 1


_HELD: dict[str, _Held] = {}


def lock_path(path: str | os.PathLike[str]) -> Path:
    """The lock file of the trip at *path*: ``.NAME.lock`` beside the file the path resolves to."""
    target = real_path(path)
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def locked(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold the trip's exclusive write lock for the block: one tripplan writer at a time per file.

    An OS lock (``flock``) on ``.NAME.lock`` beside the trip (mode 0600):
    the kernel drops it when the process ends, however it ends, so a dead
    writer never leaves a stale lock.  The lock file is removed on release
    (and a waiter that got the lock of a removed file tries again).  Waits at
    most ``LOCK_WAIT_SECONDS`` (``TRIPPLAN_LOCK_WAIT`` overrides), then raises
    ``ConflictError``.  Re-entrant within a thread, so a command holding it
    can call ``save_trip``.  In a folder this user cannot write to, nothing
    can be saved anyway, and the block runs without a lock.
    """
    import threading

    key = str(lock_path(path))
    me = threading.get_ident()
    held = _HELD.get(key)
    if held is not None and held.owner == me:
        held.depth += 1
        try:
            yield
        finally:
            held.depth -= 1
        return
    fd = _acquire(Path(key), str(path))
    _HELD[key] = _Held(fd, me)
    try:
        yield
    finally:
        del _HELD[key]
        if fd is not None:
            with contextlib.suppress(OSError):
                os.unlink(key)  # still holding it: a waiter on this file sees it gone and starts again
            os.close(fd)


def _wait_limit() -> float:
    try:
        return max(0.0, float(os.environ.get("TRIPPLAN_LOCK_WAIT", LOCK_WAIT_SECONDS)))
    except ValueError:
        return LOCK_WAIT_SECONDS


def _acquire(lock: Path, name: str) -> int | None:
    """Open and ``flock`` *lock*; ``None`` when the folder cannot be written (no save can happen there)."""
    import errno
    import fcntl
    import time

    deadline = time.monotonic() + _wait_limit()
    pause = 0.001
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
        except OSError as exc:
            if exc.errno == errno.EROFS or (exc.errno in (errno.EACCES, errno.EPERM, errno.ENOENT)
                                            and not lock.exists()):
                return None
            raise ConflictError(f"not saved: cannot use the lock file {lock}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise BusyError(f"not saved: another tripplan is writing {name} (lock {lock} held for more "
                                    f"than {_wait_limit():g} s); try again when it is done") from None
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
            continue
        except BaseException:
            os.close(fd)
            raise
        try:
            mine, there = os.fstat(fd), os.stat(lock, follow_symlinks=False)
            same = (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)  # the holder removed this lock file as we waited for it: take the new one


def backup_path(file: Path) -> Path:
    """Where the previous version of *file* is kept."""
    return file.with_name(file.name + ".bak")


def _current(target: Path) -> bytes | None:
    """What is at *target* now (``None``: nothing); a FIFO or a device there is refused, never read or blocked on."""
    try:
        return read_regular(target)
    except UnreadableFileError as error:
        if not os.path.lexists(target):
            return None
        raise ConflictError(f"not saved: {error}") from None
