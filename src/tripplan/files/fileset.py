"""Writing several files together, all or nothing (the invite files of ``tripplan invites``).

Everything is checked first and every file is written to a temporary name
in its folder (:func:`tripplan.files.atomic.staged`) before any target changes: a
full disk or a refusal then leaves every target as it was.  Only then are
the temporary files renamed over their targets.  A target that did not
exist when checked is created with ``link`` (which refuses to replace a
file), so a file someone put there meanwhile is never overwritten; an
existing one is kept under a hard link until the batch is done, so a
failure part-way (or a later step of the command failing, such as saving the
trip) puts every file back as it was.  Where even that fails, the error says
exactly which files are new and which are old.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING

from tripplan.errors import WriteError
from tripplan.files.atomic import fsync_dir, refuse, staged, write_failure

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator


class _Entry:
    __slots__ = ("existed", "kept", "placed", "target", "tmp")

    def __init__(self, target: Path, tmp: str, existed: bool) -> None:
        self.target = target
        self.tmp = tmp
        self.existed = existed
        self.kept: str | None = None  # a hard link to the old file, while the batch may still be undone
        self.placed = False


class FileBatch:
    """Files staged by :meth:`add`, put in place by :meth:`commit`, undone by :meth:`undo` until :meth:`done`."""

    def __init__(self, verb: str) -> None:
        self.verb = verb
        self._entries: list[_Entry] = []

    def add(self, target: Path, data: bytes) -> None:
        """Write *data* to a temporary file beside *target*; nothing visible changes yet."""
        try:
            tmp = staged(target, data)
        except OSError as exc:
            raise refuse(target, exc, self.verb, None) from None
        self._entries.append(_Entry(target, tmp, os.path.lexists(target)))

    def commit(self, replaceable: Callable[[Path], bool]) -> None:
        """Put every staged file in place; *replaceable* says whether an existing target may be replaced.

        It is asked again here, just before the rename, for every target
        that exists now.  On any failure every target is put back as it was,
        and :class:`WriteError` names the file and the cause.
        """
        for entry in self._entries:
            try:
                self._place(entry, replaceable)
            except OSError as exc:
                undone = self.undo()
                what = write_failure(entry.target, exc) if not isinstance(exc, WriteError) else str(exc)
                raise WriteError(f"{self.verb}: {what}; {undone}", exc.errno or 0, exc.strerror or "",
                                 str(entry.target)) from None
        for folder in dict.fromkeys(e.target.parent for e in self._entries):
            fsync_dir(folder)

    def _place(self, entry: _Entry, replaceable: Callable[[Path], bool]) -> None:
        target = entry.target
        if not os.path.lexists(target):
            try:
                os.link(entry.tmp, target)  # fails if the file appeared meanwhile: nothing is replaced unseen
            except FileExistsError:
                raise WriteError(f"{target} was created by another program meanwhile; not overwriting it",
                                 errno.EEXIST, "File exists", str(target)) from None
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                    raise
                os.replace(entry.tmp, target)  # a file system without hard links
            else:
                os.unlink(entry.tmp)
            entry.placed = True
            return
        if not replaceable(target):
            raise WriteError(f"{target} exists and was not written by tripplan; not overwriting it",
                             errno.EEXIST, "File exists", str(target))
        keep = f"{entry.tmp}.old"
        with contextlib.suppress(OSError):
            os.link(target, keep)
            entry.kept = keep
        os.replace(entry.tmp, target)
        entry.placed = True

    def undo(self) -> str:
        """Put back what the targets held before :meth:`commit`; says what could not be (for the message)."""
        stuck: list[str] = []
        for entry in reversed(self._entries):
            with contextlib.suppress(OSError):
                os.unlink(entry.tmp)
            if not entry.placed:
                continue
            try:
                if entry.kept is not None:
                    os.replace(entry.kept, entry.target)
                    entry.kept = None
                elif not entry.existed:
                    os.unlink(entry.target)
                else:
                    stuck.append(f"{entry.target} holds the new version (its old one could not be kept)")
            except OSError as exc:
                stuck.append(f"{entry.target} holds the new version ({write_failure(entry.target, exc)})")
            entry.placed = False
        if stuck:
            return "could not put back every file: " + "; ".join(stuck) + "; every other file is unchanged"
        return "no file was changed"

    def done(self) -> None:
        """The batch stands: forget the old versions kept for :meth:`undo`."""
        for entry in self._entries:
            for leftover in (entry.tmp, entry.kept):
                if leftover is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(leftover)
            entry.kept = None
        self._entries.clear()


@contextlib.contextmanager
def file_batch(verb: str = "not written") -> Iterator[FileBatch]:
    """A :class:`FileBatch` that is undone unless the block ends normally (then it stands)."""
    batch = FileBatch(verb)
    try:
        yield batch
    except BaseException:
        batch.undo()
        raise
    batch.done()
