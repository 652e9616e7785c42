"""E-mail addresses in a trip file: what counts as one, so nothing is altered silently when invites go out.

An address is an RFC 5322 ``addr-spec`` in its plain form: a dot-atom
before the ``@`` and a domain of labels after it.  Quoted local parts
(``"a b"@x``), comments, display names, a ``mailto:`` prefix, spaces,
control characters (C0, DEL, C1), bidirectional and other format
characters are refused: each would be changed, dropped or misread by a
mail server or calendar on the way.  Letters beyond ASCII are allowed
(an internationalised domain, or a local part a server with SMTPUTF8
takes; invites say so when they cannot send to one).  This module is on
the trip-loading path: plain ``re`` only.
"""

from __future__ import annotations

import re

_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]|[^\x00-\x7f]"
# Dots anywhere: RFC 5322 forbids a leading, trailing or doubled one, but real addresses have them (some
# mobile carriers' "name.@…") and every mail server passes them on unchanged.
_LOCAL = re.compile(rf"(?:{_ATEXT}|\.)+")
_LABEL = r"(?:[A-Za-z0-9]|[^\x00-\x7f])(?:(?:[A-Za-z0-9-]|[^\x00-\x7f])*(?:[A-Za-z0-9]|[^\x00-\x7f]))?"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")


def email_problem(text: str) -> str | None:
    """Why *text* is not a plain e-mail address (``None`` when it is one)."""
    if text[:7].lower() == "mailto:":
        return "write the address without 'mailto:'"
    if not text.isprintable() or any(c.isspace() for c in text):
        return "it holds a space or a control or format character"
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        return "it needs a name, an '@' and a domain, like ana@example.com"
    if len(text) > 254:
        return "it is longer than 254 characters"
    if not _LOCAL.fullmatch(local):
        return f"{local!r} before the '@' may not hold quotes, brackets, commas, semicolons, colons or '@'"
    if not _DOMAIN.fullmatch(domain):
        return f"{domain!r} is not a domain"
    return None
