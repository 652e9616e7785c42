"""The one content-line scanner: its quick split agrees with a character-by-character reading, and the
lenient and strict unfolding both give back what folding wrote."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tripplan.ical.contentlines import property_of, split_line, unfold, unfold_lines, unfolded_bytes
from tripplan.ical.text import fold

LINE = st.text(st.sampled_from('AZaz09-;=":,é \t^\\'), max_size=40)


def _character_by_character(line: str) -> tuple[str, str, str] | None:
    """The split as the lint module read it before: the first colon outside double quotes."""
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            name, _, params = line[:i].partition(";")
            return name, params, line[i + 1:]
    return None


@given(LINE)
def test_the_quick_split_agrees_with_reading_every_character(line: str) -> None:
    assert split_line(line) == _character_by_character(line)
    name, params, _ = property_of(line)
    assert name == name.strip().upper() and (not params or params.startswith(";"))


def test_a_colon_inside_a_quoted_parameter_is_no_separator() -> None:
    assert split_line('ATTENDEE;CN="Ana: Lisbon":mailto:ana@example.com') == (
        "ATTENDEE", 'CN="Ana: Lisbon"', "mailto:ana@example.com")
    assert property_of("attendee ;CN=x") == ("ATTENDEE", "", "")


@given(st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r\n"), min_size=1, max_size=300))
def test_unfolding_gives_back_what_folding_wrote(value: str) -> None:
    line = "DESCRIPTION:" + value
    folded = fold(line)
    assert unfold_lines(folded.split("\r\n"), strict=True) == ([(1, line)], [])
    assert unfold(folded + "\r\nEND:VEVENT\r\n") == [(1, line), (len(folded.split("\r\n")) + 1, "END:VEVENT")]
    # The bytes form (CalDAV answers and icalendar output), for CRLF and for a server's bare LF alike.
    assert unfolded_bytes(folded.encode()) == line.encode()
    assert unfolded_bytes(folded.replace("\r\n", "\n").encode()) == line.encode()


def test_bytes_unfolding_takes_out_tab_folds_and_keeps_line_ends() -> None:
    assert unfolded_bytes(b"UID:a\r\n\tb\r\nSEQUENCE:3\r\n") == b"UID:ab\r\nSEQUENCE:3\r\n"


def test_strict_and_lenient_unfolding_differ_where_their_uses_do() -> None:
    physical = [" orphan", "A:1", "\tB", "", "C:2"]
    assert unfold_lines(physical, strict=True) == ([(2, "A:1"), (3, "\tB"), (4, ""), (5, "C:2")], [1])
    assert unfold_lines(physical) == ([(1, " orphan"), (2, "A:1B"), (5, "C:2")], [])
    assert unfold("A:1\rB:2\n C\r\n") == [(1, "A:1"), (2, "B:2C")]
