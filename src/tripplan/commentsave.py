"""What a save does with the comments of the file it replaces (:func:`carry`, called by ``storage.save_trip``).

Comments are put back where they were (:func:`tripplan.comments.merge`).  One
that has no place left cannot be kept: the old file is copied to a dated file
beside the trip, never overwritten, and the save's note names it.  The text
with the comments must parse to exactly the document of the plain text, or the
plain text is written (with the copy and the note): never a corrupt file.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from tripplan.comments import merge
from tripplan.serialize import HEADER

if TYPE_CHECKING:
    from pathlib import Path


def dated_copy(target: Path, data: bytes) -> Path:
    """Write *data* to ``NAME.<UTC time>.toml.orig`` beside *target* (its mode), never replacing a file.

    A failed write is a ``WriteError`` (nothing saved, *target* unchanged).
    """
    from tripplan.atomic import refuse

    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M%SZ")
    for n in range(1, 1000):
        copy = target.with_name(f"{target.stem}.{stamp}{'' if n == 1 else f'-{n}'}{target.suffix}.orig")
        try:
            fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, target.stat().st_mode & 0o777)
        except FileExistsError:
            continue
        except OSError as exc:
            raise refuse(copy, exc, "not saved", target) from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            copy.unlink(missing_ok=True)
            raise refuse(copy, exc, "not saved", target) from None
        return copy
    raise FileExistsError(f"no free name for a copy of {target}")  # pragma: no cover - 999 copies a second


def carry(current: bytes | None, data: bytes, target: Path) -> tuple[bytes, str]:
    """The bytes to save: *data* with the comments of *current* (the file being replaced), and a note.

    The note is empty when every comment was kept (or there were none);
    otherwise it says how many could not be kept and names the dated copy
    of *current* this wrote beside *target*.
    """
    ours = HEADER.encode("utf-8")
    if current is None or b"#" not in current[len(ours) if current.startswith(ours) else 0:]:
        return data, ""
    try:
        old = current.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data, ""
    new = data.decode("utf-8")
    try:
        text, lost = merge(old, new)
        from tripplan.storage import toml_parser

        parser = toml_parser()
        same = text == new or parser.loads(text) == parser.loads(new)
    except Exception:
        text, lost, same = new, [(0, "")], False
    if text == new and not lost:
        return data, ""
    if not same:
        copy = dated_copy(target, current)
        return data, (f"the comments in {target.name} could not be kept (a tripplan bug: please report it); "
                      f"the original is kept as {copy.name}")
    if not lost:
        return text.encode("utf-8"), ""
    copy = dated_copy(target, current)
    reasons = "; ".join(dict.fromkeys(reason for _, reason in lost))
    lines = ", ".join(str(n) for n, _ in lost[:8]) + (", ..." if len(lost) > 8 else "")
    count = f"{len(lost)} comment{'s' if len(lost) > 1 else ''}"
    return text.encode("utf-8"), (f"{count} in {target.name} (line{'s' if len(lost) > 1 else ''} {lines}) "
                                  f"could not be kept ({reasons}); the original is kept as {copy.name}")


def saved_message(name: str, note: str) -> str:
    """What the TUI says after a save: ``Saved NAME.``, and the save's note if it has one."""
    return f"Saved {name}." + (f" Note: {note}." if note else "")
