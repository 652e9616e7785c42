"""Writing the invite files of ``tripplan invites --out DIR`` and ``--eml DIR``: all of them or none.

Every target is checked before anything is written (a file tripplan did not
write is refused unless ``--force``), every file is written to a temporary
name first, and only then are they put in place (:mod:`tripplan.files.fileset`):
a refusal, a full disk or a failed save of the trip's ``[[sent]]`` records
leaves every invite file as it was.  An existing target is read only if it
is a regular file: a FIFO there is refused, never waited on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tripplan.errors import InputError, UnreadableFileError

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

HEAD = 4096  # bytes of an existing file read to see whether tripplan wrote it


def head_of(path: Path) -> bytes | None:
    """The first bytes of the regular file at *path* (``None``: it is not one, or cannot be read)."""
    from tripplan.files.raw import read_regular

    try:
        return read_regular(path, HEAD, head=True)
    except UnreadableFileError:
        return None


def foreign(paths: list[Path], ours: Callable[[bytes], bool], force: bool) -> list[Path]:
    """The existing *paths* that may not be replaced: not written by tripplan (*ours* of their first bytes)."""
    if force:
        return []
    found: list[Path] = []
    for path in paths:
        if path.exists() or path.is_symlink():
            head = head_of(path)
            if head is None or not ours(head):
                found.append(path)
    return found


def refuse_foreign(paths: list[Path], ours: Callable[[bytes], bool], force: bool, option: str) -> None:
    """Refuse (``InputError``, nothing written) when one of *paths* is a file tripplan did not write."""
    found = foreign(paths, ours, force)
    if found:
        raise InputError(f"{', '.join(map(str, found))}: exists and was not written by tripplan; not overwriting "
                         f"it (choose another {option} folder, or add --force)")


def write_all(folder: Path, files: list[tuple[Path, bytes]], ours: Callable[[bytes], bool], force: bool,
              then: Callable[[], object]) -> None:
    """Write every one of *files* in *folder* or none, then run *then* (the save of the trip's records).

    If *then* raises, the files are put back as they were: a run that exits 2
    has changed no invite file.
    """
    from tripplan.files.atomic import refuse
    from tripplan.files.fileset import file_batch

    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise refuse(folder, exc, "not written", None) from None
    with file_batch("not written") as batch:
        for target, data in files:
            batch.add(target, data)
        batch.commit(lambda path: force or ((head := head_of(path)) is not None and ours(head)))
        then()
