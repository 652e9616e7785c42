"""Reading a calendar file from anywhere into ``icalendar`` events, keeping whatever is sound.

The ``icalendar`` library parses well but gives up on a whole file for one
bad line in some places (a byte-order mark, an unreadable alarm trigger) and
silently drops an event that was cut off.  So this module first scans the
text itself: it decodes it, unfolds lines, finds every calendar and every
event with its line number, and reports what it cannot use; then it parses
each calendar with icalendar, falling back to one event at a time (and to
the event without its alarms) when a calendar will not parse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 12


class UnreadableCalendar(Exception):
    """The file is not a calendar at all (binary, empty, HTML …): nothing can be imported."""


@dataclass
class Block:
    """One component found in the file: its name, first line number and unfolded content lines."""

    name: str
    line: int
    lines: list[str] = field(default_factory=list)
    broken: str = ""  # why the component cannot be parsed at all, found while scanning


@dataclass
class CalendarBlock:
    """One VCALENDAR (or a bare VEVENT with no calendar around it)."""

    line: int
    props: list[str] = field(default_factory=list)
    timezones: list[Block] = field(default_factory=list)
    events: list[Block] = field(default_factory=list)


@dataclass
class ParsedEvent:
    """An icalendar VEVENT (``None`` when it could not be parsed) and where it is in the file."""

    line: int
    component: Any
    error: str = ""
    note: str = ""


@dataclass
class ParsedCalendar:
    """A calendar's own properties (METHOD, X-WR-TIMEZONE …) and its events."""

    line: int
    props: dict[str, str]
    events: list[ParsedEvent]


def decode(data: bytes) -> tuple[str, list[str]]:
    """The text of a calendar file: BOM removed, UTF-8 or else Windows-1252; notes on what was assumed."""
    notes: list[str] = []
    if len(data) > MAX_BYTES:
        raise UnreadableCalendar(f"the file is {len(data) // (1024 * 1024)} MiB; calendars over "
                                 f"{MAX_BYTES // (1024 * 1024)} MiB are not imported")
    if b"\x00" in data[:4096]:
        raise UnreadableCalendar("this is a binary file, not an iCalendar (.ics) file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        notes.append(f"line {line}: not UTF-8; read as Windows-1252 (check accented letters)")
        text = data.decode("cp1252", errors="replace")
    return text, notes


def _unfold(text: str) -> list[tuple[int, str]]:
    """Logical content lines with the number of their first physical line (1-based)."""
    logical: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and logical:
            start, previous = logical[-1]
            logical[-1] = (start, previous + raw[1:])
        elif raw.strip():
            logical.append((number, raw))
    return logical


def _begin_end(line: str) -> tuple[str, str] | None:
    head, sep, value = line.partition(":")
    word = head.strip().upper()
    if sep and word in ("BEGIN", "END"):
        return word, value.strip().upper()
    return None


def scan(text: str) -> tuple[list[CalendarBlock], list[str]]:
    """Find the calendars, time zones and events in *text*; notes say what was left out and where."""
    notes: list[str] = []
    calendars: list[CalendarBlock] = []
    current: CalendarBlock | None = None
    stack: list[Block] = []  # open components inside the current calendar
    stray = 0
    ignored: dict[str, int] = {}
    for number, line in _unfold(text):
        marker = _begin_end(line)
        if stack:
            top = stack[0]
            if marker and marker[0] == "BEGIN":
                if len(stack) >= MAX_DEPTH:
                    if top.name == "VEVENT" and current is not None:
                        current.events.append(Block(top.name, top.line, broken="its components are nested too "
                                                    f"deeply (more than {MAX_DEPTH} levels)"))
                    else:
                        notes.append(f"line {top.line}: {top.name} nested too deeply; left out")
                    stack.clear()
                    continue
                stack.append(Block(marker[1], number))
            elif marker and marker[0] == "END":
                names = [b.name for b in stack]
                if marker[1] not in names:
                    notes.append(f"line {number}: END:{marker[1]} without a BEGIN; ignored")
                    continue
                while stack[-1].name != marker[1]:
                    notes.append(f"line {stack[-1].line}: {stack[-1].name} has no END; closed at line {number}")
                    top.lines.append(f"END:{stack.pop().name}")
                stack.pop()
            top.lines.append(line if not marker else f"{marker[0]}:{marker[1]}")
            if not stack:
                if current is None and top.name == "VEVENT":  # no VCALENDAR around it
                    calendars.append(CalendarBlock(top.line, events=[top]))
                    notes.append(f"line {top.line}: VEVENT outside any VCALENDAR; read anyway")
                elif current is None:
                    ignored[top.name] = ignored.get(top.name, 0) + 1
                elif top.name == "VEVENT":
                    current.events.append(top)
                elif top.name == "VTIMEZONE":
                    current.timezones.append(top)
                else:
                    ignored[top.name] = ignored.get(top.name, 0) + 1
            continue
        if marker and marker == ("BEGIN", "VCALENDAR"):
            if current is not None:
                notes.append(f"line {number}: a new VCALENDAR starts before the previous one ended")
            current = CalendarBlock(number)
            calendars.append(current)
        elif marker and marker == ("END", "VCALENDAR"):
            current = None
        elif marker and marker[0] == "BEGIN":
            block = Block(marker[1], number, [f"BEGIN:{marker[1]}"])
            stack.append(block)
        elif current is not None and not marker:
            current.props.append(line)
        else:
            stray += 1
    if stack:
        if stack[0].name == "VEVENT":
            if current is None:
                current = CalendarBlock(stack[0].line)
                calendars.append(current)
            current.events.append(Block("VEVENT", stack[0].line, broken="it is cut off (the file ends inside it)"))
        else:
            notes.append(f"line {stack[0].line}: {stack[0].name} is cut off (the file ends inside it); left out")
    if stray:
        notes.append(f"{stray} line(s) outside any calendar component ignored")
    for name, count in sorted(ignored.items()):
        notes.append(f"{count} {name} component(s) not imported (only events are)")
    return calendars, notes


def _calendar_text(cal: CalendarBlock, events: list[Block], timezones: bool = True) -> str:
    lines = ["BEGIN:VCALENDAR", *cal.props]
    if timezones:
        for tz in cal.timezones:
            lines += tz.lines
    for event in events:
        lines += event.lines
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def _without_alarms(block: Block) -> Block:
    kept: list[str] = []
    depth = 0
    for line in block.lines:
        marker = _begin_end(line)
        if marker == ("BEGIN", "VALARM"):
            depth += 1
        elif marker == ("END", "VALARM") and depth:
            depth -= 1
            continue
        if not depth:
            kept.append(line)
    return Block(block.name, block.line, kept)


def _parse(text: str) -> Any:
    from icalendar import Calendar

    return Calendar.from_ical(text)


CHUNK = 400  # events parsed per icalendar call: progress to report, and one bad event spoils no more


def parse(cal: CalendarBlock, progress: Callable[[int], None] | None = None) -> ParsedCalendar:
    """Parse one calendar with icalendar, a chunk of events at a time, one by one where a chunk fails."""
    props: dict[str, str] = {}
    for line in cal.props:
        head, _, value = line.partition(":")
        props.setdefault(head.split(";")[0].strip().upper(), value.strip())
    use_zones = True
    try:
        _parse(_calendar_text(cal, []))
    except Exception:
        use_zones = False
    events: list[ParsedEvent] = []
    sound = [b for b in cal.events if not b.broken]
    for first in range(0, len(sound), CHUNK):
        chunk = sound[first:first + CHUNK]
        try:
            found = _parse(_calendar_text(cal, chunk, use_zones)).walk("VEVENT")
        except Exception:
            found = []
        if len(found) == len(chunk):
            events += [ParsedEvent(b.line, c) for b, c in zip(chunk, found, strict=True)]
        else:
            events += [_parse_one(cal, block, use_zones) for block in chunk]
        if progress is not None:
            progress(len(chunk))
    events += [ParsedEvent(b.line, None, error=b.broken) for b in cal.events if b.broken]
    events.sort(key=lambda e: e.line)
    return ParsedCalendar(cal.line, props, events)


def _parse_one(cal: CalendarBlock, block: Block, use_zones: bool) -> ParsedEvent:
    try:
        return ParsedEvent(block.line, _parse(_calendar_text(cal, [block], use_zones)).walk("VEVENT")[0])
    except Exception as exc:
        first = _reason(exc)
    try:
        found = _parse(_calendar_text(cal, [_without_alarms(block)], use_zones)).walk("VEVENT")[0]
        return ParsedEvent(block.line, found, note=f"its alarms could not be read ({first}); imported without")
    except Exception as exc:
        return ParsedEvent(block.line, None, error=_reason(exc))


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return (text[:200] + "…") if len(text) > 200 else (text or type(exc).__name__)


def read_calendar(data: bytes, progress: Callable[[int, int], None] | None = None,
                  ) -> tuple[list[ParsedCalendar], list[str]]:
    """Every calendar in *data* with its parsed events, and notes on what was assumed or left out.

    *progress* is called with (events parsed, events in the file) as parsing
    goes.  Raises ``UnreadableCalendar`` when the bytes are no calendar at all.
    """
    text, notes = decode(data)
    calendars, scan_notes = scan(text)
    notes += scan_notes
    if not calendars:
        start = text.lstrip()[:40].replace("\r", " ").replace("\n", " ")
        raise UnreadableCalendar("no BEGIN:VCALENDAR or BEGIN:VEVENT found; this is not an iCalendar (.ics) file"
                                 + (f" (it starts with {start!r})" if start else " (it is empty)"))
    if len(calendars) > 1:
        notes.append(f"{len(calendars)} calendars in one file; reading them all")
    total, done = sum(len(cal.events) for cal in calendars), 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)

    return [parse(cal, step) for cal in calendars], notes
