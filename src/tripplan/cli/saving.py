"""Saving from the command line: validate the whole trip first, then write it safely."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tripplan.errors import InputError, TripFileError

if TYPE_CHECKING:
    from pathlib import Path

    from tripplan.model import Trip
    from tripplan.storage import FileStamp


def save_checked(trip: Trip, path: Path, stamp: FileStamp | None) -> FileStamp:
    """Validate *trip* as a whole file, then save it atomically, refusing if the file changed meanwhile.

    Validating the text that will be written (not the model) guarantees the
    saved file loads again; a change that would break it is refused with the
    problems named, and nothing is written.
    """
    from tripplan.serialize import dumps
    from tripplan.storage import parse_trip, save_trip

    try:
        parse_trip(dumps(trip).encode("utf-8"), str(path))
    except TripFileError as exc:
        problems = "; ".join(f"{p.path}: {p.message}" if p.path else p.message for p in exc.problems)
        raise InputError(f"not saved, the change would make the trip invalid: {problems}") from None
    return save_trip(trip, path, stamp)
