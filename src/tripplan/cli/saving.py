"""Saving from the command line: validate the whole trip first, then write it safely."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from tripplan.errors import InputError, TripFileError

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from tripplan.model import Trip
    from tripplan.storage import FileStamp

Command = Callable[["argparse.Namespace"], int]


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


def writes_trip(when: Callable[[argparse.Namespace], bool] = lambda args: True) -> Callable[[Command], Command]:
    """Run a command that reads, changes and saves ``args.file`` under the trip's lock (``storage.locked``).

    From the read to the save no other tripplan can write the file, so the
    save's conflict check never fails because of one, and no acknowledged
    change is lost.  *when* says whether this run writes at all (``--apply``,
    not ``--dry-run``): a run that only reads takes no lock.
    """

    def wrap(command: Command) -> Command:
        @functools.wraps(command)
        def run(args: argparse.Namespace) -> int:
            if not when(args):
                return command(args)
            from tripplan.storage import locked

            with locked(args.file):
                return command(args)

        return run

    return wrap
