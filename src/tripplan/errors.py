"""Errors the core raises for bad input, each carrying located problems.

Imported on every command, including ``today``: kept free of dataclasses and
typing, whose import alone costs several milliseconds at start-up.
"""

from __future__ import annotations


class Problem:
    """One thing wrong with a file: where it is and what is wrong.

    ``path`` is a field path such as ``events[3].end`` (empty for the whole
    file); ``line`` and ``column`` are 1-based when known.
    """

    __slots__ = ("column", "line", "message", "path")

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None) -> None:
        self.path = path
        self.message = message
        self.line = line
        self.column = column

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return (self.path, self.message, self.line, self.column) == (other.path, other.message, other.line,
                                                                      other.column)

    def __hash__(self) -> int:
        return hash((self.path, self.message, self.line, self.column))

    def __repr__(self) -> str:
        return f"Problem({self.path!r}, {self.message!r}, line={self.line}, column={self.column})"

    def render(self, filename: str) -> str:
        """The problem as one line: ``file:line: events[3].end: message``."""
        where = filename
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field_part = f" {self.path}:" if self.path else ""
        return f"{where}:{field_part} {self.message}"


class TripplanError(Exception):
    """Base for errors that are the user's input, not a bug: shown without a traceback."""


class ProblemsError(TripplanError):
    """A file of the user's could not be read or is not valid; lists every problem found, one per line."""

    def __init__(self, filename: str, problems: list[Problem]) -> None:
        self.filename = filename
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        """All problems, one per line."""
        return "\n".join(p.render(self.filename) for p in self.problems)


class TripFileError(ProblemsError):
    """A trip file could not be read or is not valid; lists every problem found."""


class ConflictError(TripplanError):
    """The trip file changed on disk since it was loaded; saving would lose that change."""


class BusyError(ConflictError):
    """Another tripplan held the trip's write lock for longer than a writer waits; nothing was written."""


class InputError(TripplanError):
    """A value given on the command line (or in a form) is not acceptable."""


class InvalidTripError(InputError):
    """The trip as edited would not load again; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        detail = "; ".join(f"{p.path}: {p.message}" if p.path else p.message for p in problems)
        super().__init__(f"not saved: the trip would not load again ({detail})")


class UnreadableFileError(TripplanError):
    """A file the user named could not be read: missing, not a regular file (a FIFO, a device), or too big.

    ``filename`` is the path as given, ``reason`` a few plain words
    ("is a named pipe (FIFO), not a regular file"); ``missing``: there is no
    such file (callers for which that is normal tell it from the rest).
    """

    def __init__(self, filename: str, reason: str, *, missing: bool = False) -> None:
        self.filename = filename
        self.reason = reason
        self.missing = missing
        super().__init__(f"{filename}: {reason}")


class WriteError(TripplanError, OSError):
    """A file could not be written (disk full, read-only folder, a folder in the way); what was there is kept.

    Also an ``OSError`` carrying the cause (``errno``, ``strerror``,
    ``filename``), so code that handles a failed write as an ``OSError`` (the
    TUI's save) keeps working; ``str()`` is the whole plain message.
    """

    def __init__(self, message: str, code: int = 0, strerror: str = "", filename: str = "") -> None:
        OSError.__init__(self, code, strerror or message, filename)
        self.message = message

    def __str__(self) -> str:
        return self.message
