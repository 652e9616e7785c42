"""Text made safe for a terminal: what every part that shows text from a file, a server or a user passes it through.

Standard library only (the road path shows text too).
"""

from __future__ import annotations

# C0 (but line feed and tab), DEL and C1: shown as escapes, so no text from a trip file drives the terminal.
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0)) if c not in (0x09, 0x0A)}
# Bidirectional overrides and isolates reorder what follows them on screen ("Trojan source"): shown as escapes too.
_CONTROLS.update({c: f"\\u{c:04x}" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def visible(text: str) -> str:
    """*text* for a terminal: control characters from the file shown as ``\\x1b``, line breaks kept."""
    if text.replace("\n", "").replace("\t", "").isprintable():  # the usual case, at C speed: nothing to escape
        return text
    return text.translate(_CONTROLS)


_JSON_CONTROLS = {c: f"\\u{c:04x}" for c in _CONTROLS}


def visible_json(document: str) -> str:
    """A JSON *document* for a terminal: the characters ``json.dumps(ensure_ascii=False)`` leaves raw (DEL,
    C1, bidi controls) as ``\\u`` escapes.  The same document to a JSON reader, nothing left for ``visible``."""
    if document.replace("\n", "").isprintable():
        return document
    return document.translate(_JSON_CONTROLS)
