"""Writing a file atomically, and saying plainly why a write failed.

A write goes to a temporary file in the target's folder (``mkstemp``: a
fresh, unpredictable name, mode 0600), is flushed to the disk, and renamed
over the target, so a crash leaves either the old or the new bytes.  When
the disk is full, the folder read-only, or a folder is in the file's way,
the temporary file is removed, the target keeps its old bytes, and
:class:`~tripplan.errors.WriteError` says which file and why — never a
traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from tripplan.errors import WriteError

_CAUSES = {
    errno.ENOSPC: "no space left on device writing {file}",
    errno.EDQUOT: "disk quota exceeded writing {file}",
    errno.EFBIG: "file too large for the disk or this process's file size limit writing {file}",
    errno.EROFS: "read-only file system: cannot write {file}",
    errno.EACCES: "permission denied writing {file} (the folder {folder} cannot be written to)",
    errno.EPERM: "permission denied writing {file} (the folder {folder} cannot be written to)",
    errno.EISDIR: "{file} is a folder",
    errno.ENOTDIR: "{folder} is not a folder",
    errno.ENOENT: "the folder {folder} does not exist",
}


def write_failure(file: Path, exc: OSError) -> str:
    """Why writing *file* failed, in a few plain words naming it: ``no space left on device writing /x/trip.toml``."""
    folder = file.parent if str(file.parent) else Path(".")
    template = _CAUSES.get(exc.errno or 0)
    if template is None:
        return f"{(exc.strerror or str(exc)).lower()} writing {file}"
    return template.format(file=file, folder=folder)


def refuse(file: Path, exc: OSError, verb: str, keeps: Path | None) -> WriteError:
    """The error for a failed write of *file*: ``VERB: CAUSE; KEEPS is unchanged`` (or ``nothing was written``)."""
    cause = write_failure(file, exc)
    after = f"{keeps} is unchanged" if keeps is not None else "nothing was written"
    return WriteError(f"{verb}: {cause}; {after}", exc.errno or 0, exc.strerror or str(exc), str(file))


def staged(file: Path, data: bytes) -> str:
    """Write *data* to a new temporary file beside *file*, flushed to disk; its path (``OSError`` on failure)."""
    import tempfile  # not at the top: reading paths (``today``) import this module and never write

    folder = file.parent if str(file.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600; keep the old file's mode, or the usual one for a new file.
        try:
            mode = os.stat(file).st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~umask()
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def atomic_write(file: Path, data: bytes, *, verb: str = "not written", keeps: Path | None = None) -> None:
    """Replace *file* with *data* so a crash leaves either the old or the new bytes.

    A failure raises :class:`WriteError` (an ``OSError`` too): ``VERB: CAUSE;
    KEEPS is unchanged`` — *keeps* defaults to *file* when it exists — and
    leaves no temporary file behind.
    """
    existed = os.path.lexists(file)
    try:
        tmp = staged(file, data)
    except OSError as exc:
        raise refuse(file, exc, verb, keeps or (file if existed else None)) from None
    try:
        os.replace(tmp, file)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise refuse(file, exc, verb, keeps or (file if existed else None)) from None
        raise
    fsync_dir(file.parent if str(file.parent) else Path("."))


def umask() -> int:
    """The process's umask (read by setting it and back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def fsync_dir(folder: Path) -> None:
    """Make a rename itself durable (POSIX); harmless where unsupported."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
