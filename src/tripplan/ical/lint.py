"""A strict check of iCalendar text we write: the rules clients trip over, one located message each.

Checked: every line ends in CRLF (the last too) and is at most 75 octets;
folding never splits a UTF-8 character; BEGIN/END balance; calendar
properties (VERSION, PRODID, METHOD …) come before any component, and every
component's properties before its sub-components; every VEVENT and VTODO has
one UID and one DTSTAMP (UTC); no date-time is floating; every TZID used has
a VTIMEZONE; CN parameters are quoted; no control characters in values.
"""

from __future__ import annotations

import re

from tripplan.ical.contentlines import split_line, unfold_lines

_FLOATING_CHECKED = {"DTSTART", "DTEND", "DUE", "EXDATE", "RECURRENCE-ID", "RDATE"}
_DATE_TIME = re.compile(r"^\d{8}T\d{6}(Z?)$")
_CN = re.compile(r';CN=("[^"]*"|[^;:]*)', re.IGNORECASE)


def _split(line: str) -> tuple[str, str, str]:
    """(NAME, parameters, value) of an unfolded content line, honouring quoted parameter values."""
    parts = split_line(line)
    if parts is None:
        return line.upper(), "", ""
    name, params, value = parts
    return name.upper(), params, value


def lint(data: bytes) -> list[str]:
    """Every rule *data* breaks, as ``line N: message``; an empty list means clean."""
    problems: list[str] = []
    if not data.endswith(b"\r\n"):
        problems.append("end of file: the last line does not end with CRLF")
    if b"\r\n" not in data and b"\n" in data:
        problems.append("every line ends with LF alone (CRLF is required)")
        raw_lines = data.replace(b"\r", b"").split(b"\n")
    else:
        raw_lines = data.split(b"\r\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()
    texts: list[str] = []
    located: list[tuple[int, str]] = []  # (line, problem) of the physical lines, in their order
    for number, raw in enumerate(raw_lines, start=1):
        if b"\n" in raw or b"\r" in raw:
            located.append((number, f"line {number}: a bare CR or LF (every line must end with CRLF)"))
        if len(raw) > 75:
            located.append((number, f"line {number}: {len(raw)} octets (at most 75)"))
        try:
            texts.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            located.append((number, f"line {number}: not valid UTF-8 (a fold split a character?)"))
            texts.append(raw.decode("utf-8", "replace"))
    logical, orphans = unfold_lines(texts, strict=True)
    located += [(number, f"line {number}: continuation line at the start") for number in orphans]
    located.sort(key=lambda found: found[0])  # stable: a line's own problems keep their order
    problems += [problem for _, problem in located]
    problems += _structure(logical)
    return problems


def _structure(logical: list[tuple[int, str]]) -> list[str]:
    problems: list[str] = []
    stack: list[tuple[str, bool, dict[str, int]]] = []  # (name, has sub-component yet, property counts)
    tzids_used: dict[str, int] = {}
    tzids_defined: set[str] = set()
    for number, line in logical:
        name, params, value = _split(line)
        if any(ord(ch) < 32 and ch != "\t" for ch in value):
            problems.append(f"line {number}: control character in the value of {name}")
        if name == "BEGIN":
            if stack:
                stack[-1] = (stack[-1][0], True, stack[-1][2])
            stack.append((value.upper(), False, {}))
            continue
        if name == "END":
            if not stack or stack[-1][0] != value.upper():
                problems.append(f"line {number}: END:{value} does not close {stack[-1][0] if stack else 'anything'}")
                continue
            closed, _, counts = stack.pop()
            required = {"VEVENT": ("UID", "DTSTAMP"), "VTODO": ("UID", "DTSTAMP"),
                        "VCALENDAR": ("VERSION", "PRODID")}.get(closed, ())
            for needed in required:
                if counts.get(needed, 0) != 1:
                    problems.append(f"line {number}: {closed} has {counts.get(needed, 0)} {needed} (needs one)")
            continue
        if not stack:
            problems.append(f"line {number}: {name} outside any component")
            continue
        component, after_sub, counts = stack[-1]
        counts[name] = counts.get(name, 0) + 1
        if after_sub:
            problems.append(f"line {number}: {name} comes after a sub-component of {component} "
                            "(properties must come first)")
        problems += _property(number, component, name, params, value, tzids_used, tzids_defined)
    if stack:
        problems.append(f"end of file: {stack[-1][0]} is not closed")
    for tzid, number in tzids_used.items():
        if tzid not in tzids_defined:
            problems.append(f"line {number}: TZID {tzid!r} has no VTIMEZONE")
    return problems


def _property(number: int, component: str, name: str, params: str, value: str, used: dict[str, int],
              defined: set[str]) -> list[str]:
    problems: list[str] = []
    upper = params.upper()
    tzid = re.search(r'(?:^|;)TZID=(?:"([^"]*)"|([^;"]*))', params, re.IGNORECASE)
    if component == "VTIMEZONE" and name == "TZID":
        defined.add(re.sub(r"\\([\\,;])", r"\1", value))  # the property is TEXT: "\," is a comma
    elif tzid:
        used.setdefault(tzid[1] if tzid[1] is not None else tzid[2], number)
    if name == "DTSTAMP" and not value.endswith("Z"):
        problems.append(f"line {number}: DTSTAMP must be in UTC (end in Z)")
    if name in _FLOATING_CHECKED and component not in ("STANDARD", "DAYLIGHT") and "VALUE=DATE" not in upper \
            .replace("VALUE=DATE-TIME", ""):
        for part in value.split(","):
            found = _DATE_TIME.match(part)
            if found is None:
                problems.append(f"line {number}: {name} value {part!r} is not a date-time")
            elif not found[1] and not tzid:
                problems.append(f"line {number}: {name} {part} is floating (no TZID, not UTC)")
    for match in _CN.finditer(";" + params):
        if not (match[1].startswith('"') and match[1].endswith('"') and len(match[1]) >= 2):
            problems.append(f"line {number}: CN {match[1]!r} of {name} is not quoted")
    return problems
