"""Server text as it may be shown to people: no credential in it, no control character, not too long.

A server or a proxy in front of it may echo the request in an error page —
the ``Authorization`` header with it, which holds the password in Base64 —
and the reason phrase, the body and the HTTP library's exception texts are
the server's words anyway.  Everything :mod:`tripplan.caldav` says about a
server goes through :class:`Masker` (the command line and the app show the
same messages): the password, its Base64 forms, any ``Authorization:``
value, any ``Basic``/``Bearer`` token and the user-and-password part of a
URL become ``***``; control characters are made visible
(:func:`tripplan.visible.visible`); a server's own text is cut to
:data:`SHOWN` characters.
"""

from __future__ import annotations

import base64
import re
from urllib.parse import quote

from tripplan.files.share_section import without_password
from tripplan.visible import visible

SHOWN = 160
_HEADER = re.compile(r"(?i)\b((?:proxy-)?authorization)(\s*[:=]\s*)[^\r\n\"'<>]*")
_TOKEN = re.compile(r"(?i)\b(basic|bearer|digest|negotiate)(\s+)[A-Za-z0-9+/=._~-]{6,}")


def _b64(text: str, encoding: str) -> str:
    return base64.b64encode(text.encode(encoding, "replace")).decode("ascii")


class Masker:
    """Masks one user's credentials (and any credential-shaped text) in what a server said."""

    def __init__(self, user: str, password: str) -> None:
        secrets: set[str] = set()
        if password:
            for encoding in ("utf-8", "latin-1"):  # how HTTP libraries encode Basic credentials
                secrets |= {_b64(f"{user}:{password}", encoding), _b64(password, encoding)}
            secrets |= {password, quote(password, safe="")}
        # Longest first: a Base64 token that happens to contain the password is masked whole.
        self._secrets = sorted((s for s in secrets if s), key=len, reverse=True)

    def mask(self, text: str) -> str:
        """*text* with every credential replaced by ``***`` (nothing else changed)."""
        for secret in self._secrets:
            text = text.replace(secret, "***")
        text = _HEADER.sub(r"\1\2***", text)
        text = _TOKEN.sub(r"\1\2***", text)
        return without_password(text)

    def show(self, text: str, limit: int = SHOWN) -> str:
        """A server's own words as one line for people: masked, control characters visible, at most *limit*."""
        line = " ".join(visible(self.mask(text)).split())
        return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
