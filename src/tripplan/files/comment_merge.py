"""What a save does with the comments of the file it replaces (:func:`carry`, called by ``storage.save_trip``).

Comments are put back where they were (:func:`merge`, from what
:func:`tripplan.files.comments.scan` found in the old and the new text).  One
that has no place left cannot be kept: the old file is copied to a dated file
beside the trip, never overwritten, and the save's note names it.  The text
with the comments must parse to exactly the document of the plain text, or the
plain text is written (with the copy and the note): never a corrupt file.
"""

from __future__ import annotations

import os
from datetime import UTC
from typing import TYPE_CHECKING

from tripplan.files.comments import Anchor, Block, Section, scan
from tripplan.files.encode import HEADER

if TYPE_CHECKING:
    from pathlib import Path

    from tripplan.trip.model import Trip


_WHAT = {"events": "event", "people": "person", "objectives": "objective", "stops": "stop",
         "followups": "follow-up", "people.log": "log entry", "ideas": "idea", "travel_times": "travel time",
         "sent": "sent record", "received": "received record", "replies": "reply", "share.events": "published event"}


def _resolve(anchor: Anchor) -> Anchor:
    """An anchor with its section replaced by the section's key, to compare across texts."""
    if len(anchor) > 1 and isinstance(anchor[1], Section):
        return (anchor[0], anchor[1].key, *anchor[2:])
    return anchor


def merge(old: str, new: str) -> tuple[str, list[tuple[int, str]]]:
    """*new* with the comments of *old* put back in place, and the comments that had no place left.

    Each lost comment comes as (line number in *old*, why it has no place).
    """
    before = scan(old, skip_header=True)
    after = scan(new, skip_header=True)
    wanted = set()
    for anchor in [a for _, a in before.blocks] + [before.anchors[i] for i in before.inline]:
        section = anchor[1] if len(anchor) > 1 else None
        while isinstance(section, Section):
            wanted.add(section.key)
            section = section.parent
    for section in after.sections:  # the top-level tables too: a [[table]] entry may now be an item of theirs
        section.wanted = section.key in wanted or (section.parent is None and not section.array)
    where: dict[Anchor, int] = {}
    last_of: dict[Anchor, int] = {}
    for index, anchor in after.anchors.items():
        if anchor[1].wanted:  # type: ignore[attr-defined]
            where.setdefault(_resolve(anchor), index)
    for anchor, index in after.last_of.items():
        if anchor[1].wanted:  # type: ignore[attr-defined]
            last_of[_resolve(anchor)] = index
    tails = {("T", s.key): s.last for s in after.sections}
    keys = {s.key for s in after.sections}
    named = {s.name: s.key for s in after.sections if s.parent is None and not s.array}
    item_lines = {(section.key, key): lines for (section, key), lines in after.items.items() if section.wanted}

    def moved(anchor: Anchor) -> int | None:
        """Where an entry of a list of tables went when tomli-w writes it the other way (``[[people.log]]`` or
        ``log = [{ ... }]``, by length): a table's line is its item's, an item's line its table's header."""
        section = anchor[1] if len(anchor) > 1 else None
        if not isinstance(section, Section):
            return None
        if anchor[0] == "E" and anchor[3] not in ("]", "}"):
            old_line = next(i for i, a in before.anchors.items() if a == anchor)
            position = before.items[section, str(anchor[2])].index(old_line)
            return next((s.start for s in after.sections if s.array and s.name[-1:] == (anchor[2],)
                         and s.index == position and section.key == (
                             s.parent.key if s.parent is not None else named.get(s.name[:-1]))), None)
        if not section.array or section.key in keys:
            return None
        owner = section.parent.key if section.parent is not None else named.get(section.name[:-1])
        lines = item_lines.get((owner, section.name[-1]), []) if owner is not None else []
        return lines[section.index] if section.index < len(lines) else None

    ahead: dict[int, list[Block]] = {}
    behind: dict[int, list[Block]] = {}
    ends: dict[int, list[tuple[int, str]]] = {}
    lost: list[tuple[int, str]] = []
    for block, anchor in before.blocks:
        target = _resolve(anchor)
        if target == ("END",):
            ahead.setdefault(len(after.lines) - 1, []).append(block)
        elif target[0] == "T" and target in tails:
            behind.setdefault(tails[target], []).append(block)
        elif target in where:
            ahead.setdefault(where[target], []).append(block)
        elif (line := moved(anchor)) is not None:
            (behind if target[0] == "T" else ahead).setdefault(line, []).append(block)
        else:
            lost.append((block.first + 1, _why(anchor, keys)))
    for index, (column, suffix) in before.inline.items():
        anchor = before.anchors[index]
        target = _resolve(anchor)
        line = last_of.get(("K", *target[1:3])) if target[0] == "Z" else where.get(target)
        if line is None:  # on another kind of line now: two spaces after it, not the old column
            line, column = moved(anchor), 0
        if line is None:
            lost.append((index + 1, _why(anchor, keys)))
        elif line in after.open_end:  # the value became a multi-line string: the comment goes above it
            ahead.setdefault(line, []).append(Block([suffix], index, False))
        else:
            ends.setdefault(line, []).append((column, suffix))
    out: list[str] = []
    want_blank = False

    def put(text: str) -> None:
        nonlocal want_blank
        if want_blank and text and out and out[-1]:
            out.append("")
        want_blank = False
        out.append(text)

    def put_block(block: Block) -> None:
        nonlocal want_blank
        want_blank = want_blank or block.blank_before
        for text in block.lines:
            put(text)
        want_blank = block.blank_after

    done = 0
    for index in sorted({*ahead, *behind, *ends}):  # lines between these are copied as they are
        out.extend(after.lines[done:index])
        done, text = index + 1, after.lines[index]
        for block in ahead.get(index, ()):
            put_block(block)
        if index == len(after.lines) - 1 and not text:
            want_blank = False
        for column, suffix in ends.get(index, ()):  # at its column, as typed, or two spaces after the value
            text = (text.ljust(column) if len(text) < column else f"{text}  ") + suffix
        put(text)
        for block in behind.get(index, ()):
            put_block(block)
        if behind.get(index):
            want_blank = False  # the new text's own blank line follows
    out.extend(after.lines[done:])
    lost.sort()
    return "\n".join(out), lost


def _why(anchor: Anchor, keys: set[tuple[object, ...]]) -> str:
    section = anchor[1] if len(anchor) > 1 else None
    if isinstance(section, Section) and section.key not in keys:
        what = _WHAT.get(section.path, f"[{section.path}] table")
        return f"the {what} they were in was removed"
    if anchor[0] == "E":
        return "the list item they were next to was removed"
    return "the field they were on was removed"


def dated_copy(target: Path, data: bytes) -> Path:
    """Write *data* to ``NAME.<UTC time>.toml.orig`` beside *target* (its mode), never replacing a file.

    A failed write is a ``WriteError`` (nothing saved, *target* unchanged).
    """
    from tripplan.files.atomic import refuse
    from tripplan.time.clock import current_time  # the one clock: TRIPPLAN_NOW names the copy too

    stamp = current_time().astimezone(UTC).strftime("%Y-%m-%dT%H%M%SZ")
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
    old = _commented(current)
    if old is None or current is None:
        return data, ""
    new = data.decode("utf-8")
    try:
        text, lost = merge(old, new)
        from tripplan.files.toml_parser import toml_parser

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
    return text.encode("utf-8"), f"{lost_summary(target.name, lost)}; the original is kept as {copy.name}"


def _commented(current: bytes | None) -> str | None:
    """The text of *current* if it may hold comments of the user's (more than our header line), else ``None``."""
    ours = HEADER.encode("utf-8")
    if current is None or b"#" not in current[len(ours) if current.startswith(ours) else 0:]:
        return None
    try:
        return current.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def lost_summary(name: str, lost: list[tuple[int, str]], verb: str = "could not be kept") -> str:
    """``2 comments in NAME (lines 12, 40) could not be kept (the event they were in was removed)``."""
    reasons = "; ".join(dict.fromkeys(reason for _, reason in lost))
    lines = ", ".join(str(n) for n, _ in lost[:8]) + (", ..." if len(lost) > 8 else "")
    many = "s" if len(lost) > 1 else ""
    return f"{len(lost)} comment{many} in {name} (line{many} {lines}) {verb} ({reasons})"


def at_risk(path: Path, trip: Trip) -> str:
    """What saving *trip* over *path* now would not keep of the file's comments, to ask first; ``""``: nothing.

    Reads the file as the save will; a file that cannot be read says nothing
    here (the save itself reports it).
    """
    from tripplan.files.encode import dumps
    from tripplan.files.raw import read_regular

    try:
        old = _commented(read_regular(path))
        if old is None:
            return ""
        lost = merge(old, dumps(trip))[1]
    except Exception:  # the save decides and says what went wrong; asking first is only a courtesy
        return ""
    return lost_summary(path.name, lost, "cannot be kept") if lost else ""


def saved_message(name: str, note: str) -> str:
    """What the TUI says after a save: ``Saved NAME.``, and the save's note if it has one."""
    return f"Saved {name}." + (f" Note: {note}." if note else "")
