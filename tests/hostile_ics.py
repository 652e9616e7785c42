"""The hostile calendars too large to keep in the repository, generated on demand.

``tests/data/ics/hostile/`` holds the small hostile files; these are the big
ones (megabyte lines, a 10 MB description, an EXDATE storm).  Each generator
returns the bytes; :func:`write_all` writes them into a folder for tests that
run the command in a subprocess.  All events fall in the week of
``tests/data/ics/edge.toml`` (Berlin, Fri 26 Mar – Thu 1 Apr 2027).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

MB = 1024 * 1024
HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hostile//generated//EN\r\n"
TAIL = "END:VCALENDAR\r\n"


def _event(uid: str, summary: str, extra: str = "", start: str = "20270329T090000") -> str:
    return (f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20270301T000000Z\r\n"
            f"DTSTART;TZID=Europe/Berlin:{start}\r\nDURATION:PT1H\r\nSUMMARY:{summary}\r\n{extra}END:VEVENT\r\n")


def _fold(line: str) -> str:
    """RFC 5545 folding (ASCII text: 75 characters, then 74 after the leading space)."""
    parts = [line[:75]] + [line[i:i + 74] for i in range(75, len(line), 74)]
    return "\r\n ".join(parts) + "\r\n"


def megabyte_lines() -> bytes:
    """Unfolded 1 MB lines: a title, a place, an unknown property, and junk between the components."""
    big = "x" * MB
    return (HEAD + f"X-JUNK-{big}\r\n"
            + _event("mb-title@hostile", "T" * MB)
            + _event("mb-place@hostile", "One MB place", f"LOCATION:{'L' * MB}\r\nX-LONG:{big}\r\n",
                     start="20270329T110000")
            + big + "\r\n"
            + _event("mb-params@hostile", "One MB parameter", f'ATTENDEE;CN="{"n" * MB}":mailto:p@example.com\r\n',
                     start="20270329T130000")
            + TAIL).encode()


def ten_megabyte_description() -> bytes:
    """A 10 MB DESCRIPTION folded at 75 octets, as a well-behaved writer would send it."""
    line = "DESCRIPTION:" + ("All work and no play makes a dull trip. " * (10 * MB // 40 + 1))[:10 * MB]
    return (HEAD + _event("ten-mb@hostile", "Ten MB of notes", _fold(line)) + TAIL).encode()


def ten_megabyte_description_one_line() -> bytes:
    """The same 10 MB DESCRIPTION on one physical line, with escapes all along it."""
    line = "DESCRIPTION:" + ("a\\nb\\,c\\;d\\\\" * (10 * MB // 12 + 1))[:10 * MB]
    return (HEAD + _event("ten-mb-line@hostile", "Ten MB on one line", line + "\r\n") + TAIL).encode()


def folded_into_characters() -> bytes:
    """A 1 MB SUMMARY folded after every character: a million continuation lines."""
    folded = "SUMMARY:" + "\r\n ".join("f" * (MB // 2)) + "\r\n"
    body = _event("char-fold@hostile", "placeholder").replace("SUMMARY:placeholder\r\n", folded)
    return (HEAD + body + TAIL).encode()


def exdate_storm() -> bytes:
    """100,000 EXDATE lines plus one EXDATE holding 100,000 values, on daily series."""
    first = datetime(2027, 3, 26, 9, 0)
    lines = "".join(f"EXDATE;TZID=Europe/Berlin:{first + timedelta(minutes=i):%Y%m%dT%H%M%S}\r\n"
                    for i in range(100_000))
    values = ",".join(f"{first + timedelta(days=i):%Y%m%dT%H%M%S}" for i in range(100_000))
    return (HEAD
            + _event("storm-lines@hostile", "Daily, 100k EXDATE lines", "RRULE:FREQ=DAILY\r\n" + lines,
                     start="20270326T090000")
            + _event("storm-list@hostile", "Daily, one EXDATE with 100k values",
                     "RRULE:FREQ=DAILY\r\n" + _fold(f"EXDATE;TZID=Europe/Berlin:{values}"), start="20270326T100000")
            + TAIL).encode()


def many_attendees() -> bytes:
    """One event with 50,000 attendees (and 50,000 alarms)."""
    people = "".join(f'ATTENDEE;CN="Person {i}":mailto:p{i}@example.com\r\n' for i in range(50_000))
    alarms = "".join(f"BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT{i}M\r\nEND:VALARM\r\n" for i in range(50_000))
    return (HEAD + _event("crowd@hostile", "Everyone", people + alarms) + TAIL).encode()


def many_custom_zones() -> bytes:
    """200 VTIMEZONEs of the file's own (no IANA name), each with an event: each must be compared with the IANA
    zones, so only the first few are, and the events in the rest are refused."""
    zones, events = [], []
    for i in range(200):
        offset = i % 24 - 11
        zones.append(f"BEGIN:VTIMEZONE\r\nTZID:Own zone {i}\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
                     f"TZOFFSETFROM:{offset:+03d}00\r\nTZOFFSETTO:{offset:+03d}00\r\nEND:STANDARD\r\n"
                     "BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
                     f"TZOFFSETFROM:{offset:+03d}00\r\nTZOFFSETTO:{offset + 1:+03d}00\r\nEND:DAYLIGHT\r\n"
                     "END:VTIMEZONE\r\n")
        event = _event(f"own-{i}@hostile", f"In own zone {i}")
        events.append(event.replace("TZID=Europe/Berlin", f"TZID=Own zone {i}"))
    return (HEAD + "".join(zones) + "".join(events) + TAIL).encode()


GENERATED: dict[str, Callable[[], bytes]] = {
    "megabyte_lines": megabyte_lines,
    "ten_megabyte_description": ten_megabyte_description,
    "ten_megabyte_description_one_line": ten_megabyte_description_one_line,
    "folded_into_characters": folded_into_characters,
    "exdate_storm": exdate_storm,
    "many_attendees": many_attendees,
    "many_custom_zones": many_custom_zones,
}


def write_all(folder: Path) -> list[Path]:
    """Write every generated calendar into *folder*; returns the paths."""
    paths = []
    for name, make in GENERATED.items():
        path = folder / f"{name}.ics"
        path.write_bytes(make())
        paths.append(path)
    return paths
