"""Reading a user's file with friendly errors (standard library only: used by ``today``).

Every file tripplan reads from a path the user gave (trip files, calendars to
import, theme files, mailbox messages) goes through :func:`read_regular`: only a
regular file (or a symbolic link to one) is read, and never more than a bound.
``fstat``'s size cannot be trusted for the rest: ``/dev/zero`` says 0 bytes and
never ends, and opening a named pipe (FIFO) blocks until someone writes to it.
"""

from __future__ import annotations

import errno
import os
import stat

from tripplan.errors import Problem, TripFileError, UnreadableFileError

# Refuse absurd files before parsing: a trip of 30,000 events is about 8 MB.
MAX_FILE_BYTES = 32 * 1024 * 1024

_KINDS = ((stat.S_ISDIR, "is a folder, not a file"), (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file"),
          (stat.S_ISCHR, "is a device, not a regular file"), (stat.S_ISBLK, "is a device, not a regular file"),
          (stat.S_ISSOCK, "is a socket, not a regular file"))


def _not_regular(mode: int) -> str:
    for test, reason in _KINDS:
        if test(mode):
            return reason
    return "is not a regular file"


def read_regular(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES, what: str = "file", *,
                 head: bool = False) -> bytes:
    """The bytes of the regular file at *path* (symbolic links followed), at most *limit* of them.

    Raises :class:`UnreadableFileError` (its ``reason`` a few plain words) for
    a missing or unreadable path, one that is not a regular file (a folder, a
    FIFO, a device, a socket), or a file larger than *limit* bytes — counted
    while reading, so a file growing meanwhile is bounded too.  The open is
    non-blocking, so a FIFO is refused at once instead of waiting for a writer.
    With *head*, the first *limit* bytes of a bigger file are its answer.
    """
    name = os.fspath(path)
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise UnreadableFileError(name, "no such file", missing=True) from None
    except PermissionError:
        raise UnreadableFileError(name, "permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket, or a FIFO opened with nobody at the other end
            raise UnreadableFileError(name, "is a socket or pipe, not a regular file") from None
        raise UnreadableFileError(name, f"cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFileError(name, _not_regular(info.st_mode))
        if info.st_size > limit and not head:
            raise UnreadableFileError(name, _too_big(info.st_size, limit, what))
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        left = limit + (0 if head else 1)  # one byte more than allowed tells a file at the limit from a bigger one
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0 and not head:
            raise UnreadableFileError(name, _too_big(None, limit, what))
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFileError(name, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _too_big(size: int | None, limit: int, what: str) -> str:
    """*size* ``None``: the read went past *limit* (the size the file claims was smaller)."""
    mb = 1024 * 1024
    if limit >= mb:
        told = f"{size / mb:.0f} MB" if size is not None else f"more than {limit // mb} MB"
        return f"file is {told}; a {what} is at most {limit // mb} MB — is this really a {what}?"
    told = f"{size // 1024} KiB" if size is not None else f"more than {limit // 1024} KiB"
    return f"the file is {told}; a {what} is at most {limit // 1024} KiB"


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The raw bytes of a trip file, with a located error for missing, unreadable, special or huge files."""
    try:
        return read_regular(path, MAX_FILE_BYTES, "trip file")
    except UnreadableFileError as error:
        reason = "is a folder, not a trip file" if error.reason.startswith("is a folder") else error.reason
        raise TripFileError(error.filename, [Problem("", reason)]) from None
