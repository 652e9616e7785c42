"""The one iCalendar content-line scanner: physical lines, unfolding with line numbers, NAME;PARAMS:VALUE.

Every reader of iCalendar text in tripplan goes through here: the importer's
scan of any calendar file (:mod:`tripplan.ical.components`), the strict check
of what we write (:mod:`tripplan.ical.lint`), and the tests.  Two readings of
folding are offered because the two uses differ:

- *lenient* (the default, for files from anywhere): a line ends at CRLF, CR
  or LF; a line starting with a space or a tab continues the previous one;
  blank lines are skipped.
- *strict* (``strict=True``, for checking our own output): the caller has
  split the lines; only a space continues a line; blank lines are lines; a
  continuation with nothing before it is reported, not read.

A content line is split at the first colon outside a quoted parameter value
(RFC 5545 §3.1: ``NAME;PARAM="a:b":value``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

LINE_END = re.compile(r"\r\n|\r|\n")
_FOLD = re.compile(rb"\r?\n[ \t]")


def unfold_lines(physical: Iterable[str], *, strict: bool = False) -> tuple[list[tuple[int, str]], list[int]]:
    """Logical content lines of *physical* lines, each with the number of its first physical line (1-based),
    and (strict only) the numbers of continuation lines that had no line before them to continue."""
    continuation = (" ",) if strict else (" ", "\t")
    logical: list[tuple[int, str]] = []
    orphans: list[int] = []
    # Continuations are collected and joined once per line: adding each to the
    # line would copy it again and again (a folded 10 MB text: hours).
    tails: dict[int, list[str]] = {}
    for number, raw in enumerate(physical, start=1):
        if raw[:1] in continuation:
            if logical:
                tails.setdefault(len(logical) - 1, []).append(raw[1:])
                continue
            if strict:
                orphans.append(number)
                continue
        if strict or raw.strip():
            logical.append((number, raw))
    for index, pieces in tails.items():
        number, first = logical[index]
        logical[index] = (number, first + "".join(pieces))
    return logical, orphans


def unfold(text: str) -> list[tuple[int, str]]:
    """Logical content lines of *text* read leniently (see the module docstring), with their line numbers."""
    # Only CR and LF end a line: str.splitlines would also split at U+2028, NEL, FF … inside a text,
    # and let a title such as "Dinner\u2028BEGIN:VEVENT" add a component of its own.
    return unfold_lines(LINE_END.split(text))[0]


def unfolded_bytes(data: bytes) -> bytes:
    """*data* with every fold taken out (a line break, CRLF or LF, then a space or a tab), still as bytes:
    for a quick look at what a server sent or icalendar wrote (a UID, a SEQUENCE, whole lines to compare)."""
    return _FOLD.sub(b"", data)


def split_line(line: str) -> tuple[str, str, str] | None:
    """(name, parameters, value) of a content line as written (parameters without their first ``;``);
    ``None`` when no colon outside a quoted parameter value ends the name and parameters."""
    colon, quote = line.find(":"), line.find('"')
    if quote < 0 or 0 <= colon < quote:  # no quoted parameter before the value: the usual case
        if colon < 0:
            return None
        head, value = line[:colon], line[colon + 1:]
        name, _, params = head.partition(";")
        return name, params, value
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head, value = line[:i], line[i + 1:]
            name, _, params = head.partition(";")
            return name, params, value
    return None


def property_of(line: str) -> tuple[str, str, str]:
    """(NAME, ``;parameters``, value) of a content line, the name upper case and stripped; a line with no
    value gives its name and two empty strings."""
    parts = split_line(line)
    if parts is None:
        return line.split(";")[0].strip().upper(), "", ""
    name, params, value = parts
    return name.strip().upper(), f";{params}" if params else "", value


def begin_end(line: str) -> tuple[str, str] | None:
    """``("BEGIN" or "END", component name)`` of a BEGIN or END line, both upper case; ``None`` for others."""
    if line[:1] not in ("B", "E", "b", "e"):  # most lines: quickly
        return None
    head, sep, value = line.partition(":")
    word = head.strip().upper()
    if sep and word in ("BEGIN", "END"):
        return word, value.strip().upper()
    return None
