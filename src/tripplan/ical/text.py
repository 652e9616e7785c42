"""RFC 5545 text rules for the values we write: cleaning, TEXT escaping, parameter quoting.

A TEXT value is cleaned first (every line break an LF, no other control
character) and then escaped, so a user's CR or LF can never start a property
of its own.  The escaping is ours, not icalendar's ``vText``: that one also
reads a literal ``\\N`` as a line break (``C:\\Notes`` would come out as
``C:`` and ``otes`` on two lines).  Folding and CRLF are the writer's
(:mod:`tripplan.ical.lines`; ``CRLF``, ``fold`` and ``render`` are importable
from here too).
"""

from __future__ import annotations

import re

from tripplan.ical.lines import CRLF as CRLF  # the writer's, importable from here as before
from tripplan.ical.lines import fold as fold
from tripplan.ical.lines import render as render

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
    """A TEXT value, escaped (RFC 5545 §3.3.11): a user's CR or LF can never start a new property."""
    text = clean_text(value)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


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
