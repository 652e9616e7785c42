"""Saving from the command line: validate the whole trip first, then write it safely."""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tripplan.errors import InputError

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from tripplan.files.storage import FileStamp
    from tripplan.trip.model import Trip

Command = Callable[["argparse.Namespace"], int]


@dataclass
class _Preview:
    """A run under ``--dry-run`` and/or ``--json`` (:func:`writes_trip` with ``preview=True``)."""

    dry_run: bool
    before: Trip | None
    changes: list[dict[str, Any]] = field(default_factory=list)
    saved: bool = False


_PREVIEW: ContextVar[_Preview | None] = ContextVar("tripplan_preview", default=None)


def save_checked(trip: Trip, path: Path, stamp: FileStamp | None) -> FileStamp:
    """Check *trip* against the trip-file rules (on the model), then save it atomically, refusing if the file
    changed meanwhile.

    A change that would break a rule is refused with the problems named, and
    nothing is written; that the bytes written read back is the file codec's
    own guarantee (:func:`tripplan.files.storage.save_trip`).
    """
    from tripplan.files.storage import save_trip
    from tripplan.trip.validate import problems

    found = problems(trip)
    if found:
        detail = "; ".join(f"{p.path}: {p.message}" if p.path else p.message for p in found)
        raise InputError(f"not saved, the change would make the trip invalid: {detail}")
    preview = _PREVIEW.get()
    if preview is not None:
        from tripplan.cli.changes import changes

        preview.changes = changes(preview.before, trip)
        preview.saved = True
        if preview.dry_run:  # checked as the save would be, written nowhere
            if stamp is None:
                from tripplan.files.storage import FileStamp

                return FileStamp(path, "", 0, 0)
            return stamp
    saved = save_trip(trip, path, stamp)
    if saved.note:  # comments of the file that could not be kept: said, and where the original is
        import sys

        from tripplan.visible import visible

        print(f"note: {visible(saved.note)}", file=sys.stderr)
    return saved


def writes_trip(when: Callable[[argparse.Namespace], bool] = lambda args: True, *,
                preview: bool = False) -> Callable[[Command], Command]:
    """Run a command that reads, changes and saves ``args.file`` under the trip's lock (``storage.locked``).

    From the read to the save no other tripplan can write the file, so the
    save's conflict check never fails because of one, and no acknowledged
    change is lost.  *when* says whether this run writes at all (``--apply``,
    not ``--dry-run``): a run that only reads takes no lock.

    With *preview*, the command's ``--dry-run`` and ``--json`` options are
    handled here for it: the change is made and checked as a save would
    check it, but a dry run writes nothing; both print what changed, field by
    field, before → after (:mod:`tripplan.cli.changes`), as text or JSON.
    """

    def wrap(command: Command) -> Command:
        @functools.wraps(command)
        def run(args: argparse.Namespace) -> int:
            dry_run, as_json = bool(getattr(args, "dry_run", False)), bool(getattr(args, "json_change", False))
            if preview and (dry_run or as_json):
                return _previewed(command, args, dry_run, as_json)
            if not when(args):
                return command(args)
            from tripplan.files.storage import locked

            with locked(args.file):
                return command(args)

        return run

    return wrap


def _previewed(command: Command, args: argparse.Namespace, dry_run: bool, as_json: bool) -> int:
    """Run *command* with the change reported (and, for a dry run, not written)."""
    import contextlib
    import io
    import json
    import sys
    from pathlib import Path

    from tripplan.cli.changes import change_lines
    from tripplan.files.storage import locked, read_trip
    from tripplan.visible import visible_json

    path = Path(args.file)
    before = read_trip(path)[0] if path.exists() else None
    state = _Preview(dry_run, before)
    token = _PREVIEW.set(state)
    said = io.StringIO()
    try:
        with contextlib.ExitStack() as stack:
            if not dry_run:
                stack.enter_context(locked(args.file))
            with contextlib.redirect_stdout(said):
                code = command(args)
    finally:
        _PREVIEW.reset(token)
    if as_json:
        document = {"file": str(path), "dry_run": dry_run, "written": state.saved and not dry_run,
                    "changes": state.changes, "messages": said.getvalue().splitlines()}
        sys.stdout.write(visible_json(json.dumps(document, indent=2, ensure_ascii=False, default=str)) + "\n")
        return code
    if not state.saved:
        sys.stdout.write(said.getvalue())
        return code
    print(f"Dry run: {path} is not changed. The change would be:")
    for line in change_lines(state.changes):
        print(f"  {line}")
    return code


def add_change_options(parser: Any, *, json: bool = True) -> None:
    """``--dry-run`` (and ``--json``) of a writing command, handled by :func:`writes_trip` with ``preview=True``."""
    parser.add_argument("--dry-run", action="store_true", help="show what would change (field: before → after); "
                        "write nothing")
    if json:
        parser.add_argument("--json", dest="json_change", action="store_true",
                            help="print what changed as JSON (with --dry-run: what would change)")
