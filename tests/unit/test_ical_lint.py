"""The lint finds each rule a calendar file can break (so a clean result means something)."""

from __future__ import annotations

import pytest

from tripplan.ical.lint import lint

GOOD = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nMETHOD:REQUEST\r\nBEGIN:VTIMEZONE\r\n"
        "TZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:20260101T000000\r\nTZOFFSETFROM:+0100\r\n"
        "TZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20270101T000000Z\r\n"
        "DTSTART;TZID=Europe/Berlin:20270301T090000\r\nDTEND;VALUE=DATE:20270302\r\n"
        'ORGANIZER;CN="A, B":mailto:a@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n')


def test_a_good_file_is_clean() -> None:
    assert lint(GOOD.encode()) == []


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t[:-2], "last line does not end with CRLF"),
    (lambda t: t.replace("\r\n", "\n"), "LF alone"),
    (lambda t: t.replace("UID:1", "UID:" + "x" * 80), "octets (at most 75)"),
    (lambda t: t.replace("UID:1\r\n", ""), "VEVENT has 0 UID"),
    (lambda t: t.replace("DTSTAMP:20270101T000000Z", "DTSTAMP:20270101T000000"), "DTSTAMP must be in UTC"),
    (lambda t: t.replace("DTSTART;TZID=Europe/Berlin:", "DTSTART:"), "floating"),
    (lambda t: t.replace("TZID:Europe/Berlin", "TZID:Europe/Paris"), "'Europe/Berlin' has no VTIMEZONE"),
    (lambda t: t.replace('CN="A, B"', "CN=A"), "is not quoted"),
    (lambda t: t.replace("METHOD:REQUEST\r\n", "").replace("END:VEVENT\r\n", "END:VEVENT\r\nMETHOD:REQUEST\r\n"),
     "METHOD comes after a sub-component"),
    (lambda t: t.replace("END:VCALENDAR\r\n", ""), "VCALENDAR is not closed"),
    (lambda t: t.replace("PRODID:-//t//EN\r\n", ""), "VCALENDAR has 0 PRODID"),
    (lambda t: t.replace("UID:1", "UID:1\x01"), "control character"),
])
def test_each_broken_rule_is_reported(change: object, message: str) -> None:
    problems = lint(change(GOOD).encode())  # type: ignore[operator]
    assert any(message in p for p in problems), problems


def test_a_fold_inside_a_character_is_reported() -> None:
    data = GOOD.replace("UID:1", "UID:" + "é" * 30 + "x").encode()
    cut = data.index("é".encode()) + 1
    broken = data[:cut] + b"\r\n " + data[cut:]
    assert any("not valid UTF-8" in p for p in lint(broken))
