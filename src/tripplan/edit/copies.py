"""A trip opened as a copy: edited in memory, with no file of its own until it is saved somewhere.

The start screen opens the bundled sample trips this way: their files live
inside the installed package (site-packages for a wheel, ``sample_trips/``
of the checkout for an editable install), and saving there would change the
sample for everyone.  A copy behaves like any trip being edited (undo, the
unsaved-changes question on quitting) except that it cannot be saved in
place: :meth:`CopySession.save` refuses, and the first save is a "save as",
after which the new file is the session's own and everything is as usual.
"""

from __future__ import annotations

from pathlib import Path

from tripplan.edit.session import EditSession
from tripplan.errors import TripplanError
from tripplan.files.storage import FileStamp, read_trip


class NoFileYetError(TripplanError):
    """A copy was asked to save in place: it has no file of its own yet (save it as a new file)."""


class CopySession(EditSession):
    """An ``EditSession`` whose ``path`` is only where the trip came from, until :meth:`save_as`."""

    has_file = False
    """Whether ``path`` is the session's own file (set once it has been saved as one)."""

    @classmethod
    def open_copy(cls, path: str | Path) -> CopySession:
        """Read the trip in *path* as a copy; the file is never written (``TripFileError`` if it does not load)."""
        trip, _ = read_trip(path)
        return cls(trip, Path(path), None)

    def save(self, *, replace_theirs: bool = False) -> FileStamp:
        """Save in place: refused (``NoFileYetError``) until the copy has a file of its own."""
        if not self.has_file:
            raise NoFileYetError(f"{self.path.name} is a copy with no file of its own yet; save it as a new file")
        return super().save(replace_theirs=replace_theirs)

    def overwrite(self) -> FileStamp:
        """Save over the file in place: refused like :meth:`save` until the copy has a file of its own."""
        if not self.has_file:
            raise NoFileYetError(f"{self.path.name} is a copy with no file of its own yet; save it as a new file")
        return super().overwrite()

    def changed_on_disk(self) -> bool:
        """A copy's source is not its file: nothing on disk can conflict with it until it is saved."""
        return self.has_file and super().changed_on_disk()

    def save_as(self, path: str | Path) -> FileStamp:
        """Save to a new file (which must not exist); from then on it is the session's own file."""
        stamp = super().save_as(path)
        self.has_file = True
        return stamp


def has_own_file(session: EditSession) -> bool:
    """Whether saving *session* in place writes its own file (``False`` for a copy not saved yet)."""
    return not isinstance(session, CopySession) or session.has_file


def shown_title(session: EditSession) -> str:
    """The trip's name for the title bar; a copy with no file yet says so."""
    # "Copy of" first: a narrow title bar cuts the end of a long name, and this must stay in sight.
    return session.trip.name if has_own_file(session) else f"Copy of {session.trip.name} (not saved yet)"


def file_label(session: EditSession) -> str:
    """The session's file as a question names it: a copy has none yet (its first save asks where)."""
    return session.path.name if has_own_file(session) else "a new file (this trip is a copy of a sample)"
