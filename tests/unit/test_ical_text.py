"""RFC 5545 text rules: folding at 75 octets without splitting UTF-8, CRLF, escaping, quoting."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tripplan.ical.contentlines import unfolded_bytes
from tripplan.ical.lines import Component, ContentLine
from tripplan.ical.text import clean_text, escape_text, fold, quote_param, render


def _unfold(folded: str) -> str:
    return unfolded_bytes(folded.encode("utf-8")).decode("utf-8")


@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=400))
def test_folding_keeps_every_character_and_the_octet_limit(value: str) -> None:
    line = "DESCRIPTION:" + escape_text(value)
    folded = fold(line)
    assert _unfold(folded) == line
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
        part.encode("utf-8").decode("utf-8")  # never a split character


def test_fold_counts_octets_not_characters() -> None:
    line = "SUMMARY:" + "é" * 40  # 8 + 80 octets
    parts = fold(line).split("\r\n")
    assert [len(p.encode()) for p in parts] == [74, 15]  # "é" is 2 octets: a 75th would split one
    assert parts[1].startswith(" ")


def test_short_lines_are_untouched() -> None:
    assert fold("SUMMARY:x") == "SUMMARY:x"
    assert fold("X" * 75) == "X" * 75
    assert fold("X" * 76) == "X" * 75 + "\r\n X"


def test_escaping_follows_rfc5545() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_cr_and_lf_can_never_start_a_new_property() -> None:
    hostile = "ok\r\nATTENDEE:mailto:evil@example.com\rBEGIN:VEVENT\nX\x00\x07"
    escaped = escape_text(hostile)
    assert "\r" not in escaped and "\n" not in escaped and "\x00" not in escaped
    assert escaped == "ok\\nATTENDEE:mailto:evil@example.com\\nBEGIN:VEVENT\\nX"
    assert clean_text("tab\tkept") == "tab\tkept"


def test_parameters_are_quoted_without_quotes_or_controls() -> None:
    assert quote_param('Zoë "Z" O\'Neil') == '"Zoë \'Z\' O\'Neil"'
    assert quote_param("Smith, John; Jr.: CEO") == '"Smith, John; Jr.: CEO"'
    assert quote_param("two\r\nlines") == '"two lines"'


def test_render_puts_properties_first_and_ends_every_line_with_crlf() -> None:
    inner = Component("VEVENT", ContentLine("UID", {}, "1"))
    outer = Component("VCALENDAR", ContentLine("VERSION", {}, "2.0"), inner, ContentLine("METHOD", {}, "PUBLISH"))
    text = render(outer)
    assert text == "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\nUID:1\r\nEND:VEVENT\r\n" \
                   "END:VCALENDAR\r\n"
