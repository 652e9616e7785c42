"""RFC 5545 text rules for what we write: cleaning, escaping, quoting, folding, CRLF.

ics-py 0.7.3 escapes TEXT values but turns a carriage return into ``\\r``
(not an RFC 5545 escape), does not fold lines, leaves the last line without
CRLF, writes a component's sub-components wherever its serializers happen
to put them, and backslash-escapes parameter values.  The functions here are
the part of the compliance layer that owns the bytes on the wire.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ics.grammar.parse import Container, ContentLine
from ics.utils import escape_string

CRLF = "\r\n"
MAX_OCTETS = 75

# Control characters are not allowed in TEXT (RFC 5545 §3.3.11) except HTAB;
# line breaks survive as the \n escape, everything else is dropped.
# C1 controls go too, and the Unicode line breaks (NEL, U+2028, U+2029) become LF: RFC 5545 readers see
# them as text, but a reader that splits lines the way Python's str.splitlines does would start a new
# property there.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
_PARAM_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def clean_text(value: str) -> str:
    """*value* with every line break as LF and no other control characters."""
    if value.isprintable():
        return value
    return _CONTROL.sub("", _BREAKS.sub("\n", value))


def escape_text(value: str) -> str:
    """A TEXT value, escaped: a user's CR or LF can never start a new property."""
    return str(escape_string(clean_text(value)))


_CARET_ESCAPE = re.compile(r"\^(?=[\^'n])")


def quote_param(value: str) -> str:
    """A parameter value, always double-quoted (RFC 5545 §3.2).

    A quoted value may hold ``:;,`` but no DQUOTE and no control character:
    DQUOTE becomes an apostrophe and any run of control characters a space.
    A caret that RFC 6868 readers would take for an escape (``^'``, ``^n``,
    ``^^``) is written as ``^^``, so ``Ana ^'`` reads back as itself, not
    as ``Ana "``; every other caret stays as typed, for readers without RFC 6868.
    """
    return '"' + _CARET_ESCAPE.sub("^^", _PARAM_CONTROL.sub(" ", value).replace('"', "'")) + '"'


def fold(line: str) -> str:
    """Fold one content line at 75 octets, never inside a UTF-8 sequence (RFC 5545 §3.1)."""
    if len(line) <= MAX_OCTETS and line.isascii():
        return line
    if len(line.encode("utf-8")) <= MAX_OCTETS:
        return line
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, MAX_OCTETS
    for char in line:
        width = 1 if char < "\x80" else len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            # Continuation lines start with a space, which counts towards the 75.
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def _lines(container: Container) -> Iterable[str]:
    yield f"BEGIN:{container.name}"
    # Properties first, then sub-components: RFC 5545's grammar puts every
    # property of a component before its components (and so METHOD before events).
    subcomponents: list[Container] = []
    for item in container:
        if isinstance(item, Container):
            subcomponents.append(item)
        elif isinstance(item, ContentLine):
            yield fold(str(item))
        else:
            raise TypeError(f"unexpected pre-rendered item in {container.name}: {item!r}")
    for sub in subcomponents:
        yield from _lines(sub)
    yield f"END:{container.name}"


def render(container: Container) -> str:
    """The iCalendar text of *container*: folded lines, CRLF after every line including the last."""
    return CRLF.join(_lines(container)) + CRLF
