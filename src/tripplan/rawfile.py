"""Reading a trip file's bytes with friendly errors (standard library only: used by ``today``)."""

from __future__ import annotations

import os

from tripplan.errors import Problem, TripFileError

# Refuse absurd files before parsing: a trip of 30,000 events is about 8 MB.
MAX_FILE_BYTES = 32 * 1024 * 1024


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The raw bytes of a trip file, with a located error for missing, unreadable or huge files."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise TripFileError(name, [Problem("", f"file is {size / (1024 * 1024):.0f} MB; a trip file is at most "
                                                   f"{MAX_FILE_BYTES // (1024 * 1024)} MB — is this really a "
                                                   "trip file?")])
            return handle.read()
    except FileNotFoundError:
        raise TripFileError(name, [Problem("", "no such file")]) from None
    except IsADirectoryError:
        raise TripFileError(name, [Problem("", "is a folder, not a trip file")]) from None
    except PermissionError:
        raise TripFileError(name, [Problem("", "permission denied")]) from None
    except OSError as exc:
        raise TripFileError(name, [Problem("", f"cannot read: {exc.strerror or exc}")]) from None
