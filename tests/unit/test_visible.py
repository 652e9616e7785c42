"""The road path's filter of text for the terminal: no control, escape or reordering character gets through."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tripplan.visible import visible


def test_escapes_and_bidi_overrides_are_shown_not_sent() -> None:
    assert visible("Ana\x1b[2J") == "Ana\\x1b[2J"
    assert visible("\x1b]52;c;aGk=\x07") == "\\x1b]52;c;aGk=\\x07"
    assert visible("csi\x9b2J") == "csi\\x9b2J"
    assert visible("abc\u202egpj.exe") == "abc\\u202egpj.exe"
    assert visible("x\u2066y\u2069") == "x\\u2066y\\u2069"
    assert visible("Café · São Paulo — 東京\nline two\ttab") == "Café · São Paulo — 東京\nline two\ttab"


@given(st.text())
def test_nothing_that_drives_the_terminal_gets_through(text: str) -> None:
    shown = visible(text)
    for char in shown:
        assert char in "\n\t" or unicodedata.category(char) not in ("Cc",), repr(char)
        assert char not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", repr(char)
