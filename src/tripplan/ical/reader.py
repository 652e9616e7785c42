"""Reading a calendar file from anywhere into ``icalendar`` events, keeping whatever is sound.

The ``icalendar`` library parses well but gives up on a whole file for one
bad line in some places (a byte-order mark, an unreadable alarm trigger) and
silently drops an event that was cut off.  So this module first scans the
text itself: it decodes it, unfolds lines, finds every calendar and every
event with its line number, and reports what it cannot use; then it parses
each calendar with icalendar, falling back to one event at a time (and to
the event without its alarms) when a calendar will not parse.

Before icalendar sees an event, the scan also tames what would make
parsing slow or the trip huge (``_tame``): a text longer than ``MAX_LINE``
is cut, other such lines are left out, alarms and attendees beyond a
sensible number are left out, and EXDATE/RDATE values outside the trip's
dates (which change nothing) are dropped before they are parsed — a file
with 100,000 EXDATEs imports in well under a second.  Each is noted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 12
MAX_LINE = 64 * 1024  # characters: more than any text we keep (convert.MAX_TEXT), even escaped
MAX_ALARMS = 20  # per event
MAX_ATTENDEES = 1000  # per event
MAX_DATES = 20_000  # EXDATE or RDATE values per event, after those outside the trip are dropped
_TEXT = {"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT"}
# Values made of RFC 5545 literals ("T", "Z", "P", "FREQ=DAILY" …), which its grammar lets be in any case;
# icalendar reads only upper case.
_UPPER = {"DTSTART", "DTEND", "DUE", "DURATION", "EXDATE", "RDATE", "RECURRENCE-ID", "TRIGGER", "RRULE", "DTSTAMP",
          "LAST-MODIFIED", "CREATED", "SEQUENCE", "STATUS"}
_LINE_END = re.compile(r"\r\n|\r|\n")
_NAME = re.compile(r"[A-Za-z0-9-]+")
_SPLIT = {"EXDATE", "RDATE", *_UPPER}  # lines _tame must look into
_DATE_VALUE = re.compile(r"\d{8}(?:T\d{6}Z?)?(?:/\S+)?")


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
    rrules: list[str] = field(default_factory=list)  # the RRULE values as written (icalendar reorders parts)


@dataclass
class ParsedCalendar:
    """A calendar's own properties (METHOD, X-WR-TIMEZONE …), its events and its VTIMEZONEs by TZID."""

    line: int
    props: dict[str, str]
    events: list[ParsedEvent]
    timezones: dict[str, Any] = field(default_factory=dict)  # icalendar Timezone components
    unreadable: set[str] = field(default_factory=set)  # TZIDs of VTIMEZONEs icalendar cannot read


def decode(data: bytes) -> tuple[str, list[str]]:
    """The text of a calendar file: BOM removed, UTF-8 or else Windows-1252; notes on what was assumed."""
    notes: list[str] = []
    if len(data) > MAX_BYTES:
        raise UnreadableCalendar(f"the file is {len(data) // (1024 * 1024)} MiB; calendars over "
                                 f"{MAX_BYTES // (1024 * 1024)} MiB are not imported")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # a UTF-16 byte-order mark (some Windows programs)
        try:
            return data.decode("utf-16").removeprefix("\ufeff"), ["the file is UTF-16; read as such"]
        except UnicodeDecodeError:
            raise UnreadableCalendar("the file starts like UTF-16 text but is not") from None
    if b"\x00" in data[:4096]:
        raise UnreadableCalendar("this is a binary file, not an iCalendar (.ics) file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        notes.append(Loss(f"line {line}: not UTF-8; read as Windows-1252 (check accented letters)"))
        text = data.decode("cp1252", errors="replace")
    return text, notes


def _unfold(text: str) -> list[tuple[int, str]]:
    """Logical content lines with the number of their first physical line (1-based)."""
    logical: list[tuple[int, str]] = []
    # Continuations are collected and joined once per line: adding each to the
    # line would copy it again and again (a folded 10 MB text: hours).
    tails: dict[int, list[str]] = {}
    # Only CR and LF end a line: str.splitlines would also split at U+2028, NEL, FF … inside a text,
    # and let a title such as "Dinner\u2028BEGIN:VEVENT" add a component of its own.
    for number, raw in enumerate(_LINE_END.split(text), start=1):
        if raw[:1] in (" ", "\t") and logical:
            tails.setdefault(len(logical) - 1, []).append(raw[1:])
        elif raw.strip():
            logical.append((number, raw))
    for index, pieces in tails.items():
        number, first = logical[index]
        logical[index] = (number, first + "".join(pieces))
    return logical


def _begin_end(line: str) -> tuple[str, str] | None:
    if line[:1] not in ("B", "E", "b", "e"):  # most lines: quickly
        return None
    head, sep, value = line.partition(":")
    word = head.strip().upper()
    if sep and word in ("BEGIN", "END"):
        return word, value.strip().upper()
    return None


class Loss(str):
    """A note that says something was left out or changed (an import with one exits 1)."""

    __slots__ = ()


@dataclass
class _Open:
    """An open component while scanning: its block (the outermost one collects every line) and, for a VEVENT
    inside a VEVENT, where its lines start in the outermost block (it is read as an event of its own)."""

    block: Block
    start: int = -1


class _Scanner:
    """The state of :func:`scan`: the calendars found, the open components, the notes."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self.calendars: list[CalendarBlock] = []
        self.current: CalendarBlock | None = None
        self.stack: list[_Open] = []  # open components inside the current calendar
        self.bad_end: tuple[int, int, str] | None = None  # (line, lines kept, name) of an unmatched END at depth 1
        self.stray = 0
        self.ignored: dict[str, int] = {}
        self.lost = 0  # events the structure of the file cost

    def calendar(self, line: int) -> CalendarBlock:
        if self.current is None:
            self.current = CalendarBlock(line)
            self.calendars.append(self.current)
        return self.current

    def finish(self, top: Block) -> None:
        """The outermost open component is complete: file it."""
        self.stack.clear()
        self.bad_end = None
        if self.current is None and top.name == "VEVENT":  # no VCALENDAR around it
            self.calendars.append(CalendarBlock(top.line, events=[top]))
            self.notes.append(f"line {top.line}: VEVENT outside any VCALENDAR; read anyway")
        elif self.current is None:
            self.ignored[top.name] = self.ignored.get(top.name, 0) + 1
        elif top.name == "VEVENT":
            self.current.events.append(top)
        elif top.name == "VTIMEZONE":
            self.current.timezones.append(top)
        else:
            self.ignored[top.name] = self.ignored.get(top.name, 0) + 1

    def close(self, number: int, why: str) -> None:
        """Close every open component before line *number* (their END is missing or mistyped)."""
        top = self.stack[0].block
        if self.bad_end is not None and len(self.stack) == 1:
            line, kept, name = self.bad_end
            ignored = f"line {line}: END:{name} without a BEGIN; ignored"
            if ignored in self.notes:  # it was not ignored after all
                self.notes.remove(ignored)
            self.notes.append(f"line {line}: END:{name} read as the END of the {top.name} of line {top.line} "
                              f"({why} at line {number})")
            del top.lines[kept:]
        else:
            names = ", ".join(f"{o.block.name} of line {o.block.line}" for o in reversed(self.stack))
            self.notes.append(f"line {top.line}: no END for the {names}; closed where {why} (line {number})")
        while len(self.stack) > 1:
            self.end(self.stack[-1], number)
        top.lines.append(f"END:{top.name}")
        self.finish(top)

    def end(self, item: _Open, number: int) -> None:
        """The innermost open component *item* ends (a VEVENT inside a VEVENT is taken out as an event of its own)."""
        self.stack.pop()
        top = self.stack[0].block
        if item.start < 0:
            top.lines.append(f"END:{item.block.name}")
            return
        lines = [*top.lines[item.start:], "END:VEVENT"]
        del top.lines[item.start:]
        self.notes.append(f"line {item.block.line}: a VEVENT inside the {top.name} of line {top.line}; read as an "
                          "event of its own")
        self.calendar(item.block.line).events.append(Block("VEVENT", item.block.line, lines))

    def line(self, number: int, line: str, marker: tuple[str, str] | None) -> None:
        if self.stack and self.inside(number, line, marker):
            return
        if marker == ("BEGIN", "VCALENDAR"):
            if self.current is not None:
                self.notes.append(f"line {number}: a new VCALENDAR starts before the previous one ended")
            self.current = None
            self.calendar(number)
        elif marker == ("END", "VCALENDAR"):
            self.current = None
        elif marker and marker[0] == "BEGIN":
            self.stack.append(_Open(Block(marker[1], number, [f"BEGIN:{marker[1]}"])))
        elif self.current is not None and not marker:
            self.current.props.append(line)
        else:
            self.stray += 1

    def inside(self, number: int, line: str, marker: tuple[str, str] | None) -> bool:
        """Handle a line inside an open component; ``False`` when the line is to be read outside it."""
        top = self.stack[0].block
        if marker and marker[0] == "BEGIN":
            if marker[1] == "VEVENT" and (top.name != "VEVENT" or self.bad_end is not None):
                # No VEVENT can be inside a VTODO, VJOURNAL, VTIMEZONE …: what is open lacks its END (or a
                # mistyped END:VTOOD was meant to close it).
                self.close(number, "a VEVENT begins")
                return False
            if len(self.stack) >= MAX_DEPTH:
                if top.name == "VEVENT" and self.current is not None:
                    self.current.events.append(Block(top.name, top.line, broken="its components are nested too "
                                                     f"deeply (more than {MAX_DEPTH} levels)"))
                else:
                    self.notes.append(Loss(f"line {top.line}: {top.name} nested too deeply; left out"))
                self.stack.clear()
                self.bad_end = None
                return True
            nested = marker[1] == "VEVENT" and top.name == "VEVENT"
            self.stack.append(_Open(Block(marker[1], number), len(top.lines) if nested else -1))
            top.lines.append(f"BEGIN:{marker[1]}")
            return True
        if marker and marker[0] == "END":
            names = [o.block.name for o in self.stack]
            if marker[1] not in names:
                if marker[1] == "VCALENDAR":
                    self.close(number, "the VCALENDAR ends")
                    return False
                self.notes.append(f"line {number}: END:{marker[1]} without a BEGIN; ignored")
                if len(self.stack) == 1 and self.bad_end is None:
                    self.bad_end = (number, len(top.lines), marker[1])
                return True
            while self.stack[-1].block.name != marker[1]:
                left = self.stack[-1].block
                self.notes.append(f"line {left.line}: {left.name} has no END; closed at line {number}")
                self.end(self.stack[-1], number)
            if len(self.stack) == 1:
                top.lines.append(f"END:{marker[1]}")
                self.finish(top)
            else:
                self.end(self.stack[-1], number)
            return True
        top.lines.append(line)
        return True

    def done(self) -> None:
        if self.stack:
            top = self.stack[0].block
            inner = sum(1 for o in self.stack[1:] if o.block.name == "VEVENT")
            if top.name == "VEVENT":
                self.calendar(top.line).events.append(Block("VEVENT", top.line,
                                                            broken="it is cut off (the file ends inside it)"))
                self.lost += 1
            else:
                self.notes.append(Loss(f"line {top.line}: {top.name} is cut off (the file ends inside it); left out"))
            self.lost += inner
        if self.lost:
            self.notes.append(Loss(f"the file is cut off: {self.lost} event(s) in it lost"))
        if self.stray:
            self.notes.append(f"{self.stray} line(s) outside any calendar component ignored")
        for name, count in sorted(self.ignored.items()):
            self.notes.append(f"{count} {name} component(s) not imported (only events are)")


def scan(text: str) -> tuple[list[CalendarBlock], list[str]]:
    """Find the calendars, time zones and events in *text*; notes say what was left out and where.

    Mis-nesting is repaired where the structure allows: a VEVENT that begins inside a component that cannot
    hold one (a VTODO whose END is missing or mistyped, ``END:VTOOD``) closes that component first; an
    END:VCALENDAR closes what is still open; a VEVENT inside a VEVENT is read as an event of its own (as
    icalendar and recurring-ical-events find it).
    """
    scanner = _Scanner()
    stack = scanner.stack
    for number, line in _unfold(text):
        marker = _begin_end(line)
        if marker is None and stack:  # most lines: a property of the component being read
            stack[0].block.lines.append(line)
            continue
        scanner.line(number, line, marker)
    scanner.done()
    return scanner.calendars, scanner.notes


def _split(line: str) -> tuple[str, str, str]:
    """(NAME, ;parameters, value) of a content line; a colon inside a quoted parameter is no separator."""
    colon, quote = line.find(":"), line.find('"')
    if quote < 0 or 0 <= colon < quote:  # no quoted parameter before the value: the usual case
        head, _, value = line.partition(":")
        name, _, params = head.partition(";")
        return name.strip().upper(), f";{params}" if params else "", value
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head, value = line[:i], line[i + 1:]
            name, _, params = head.partition(";")
            return name.strip().upper(), f";{params}" if params else "", value
    return line.split(";")[0].strip().upper(), "", ""


def _size(chars: int) -> str:
    return f"{chars / (1024 * 1024):.1f} MB" if chars >= 1024 * 1024 else f"{chars // 1024} KB"


def _tame(block: Block, window: tuple[str, str] | None) -> list[str]:
    """Cut what would make one event slow to parse or bloat the trip; notes say what (see the docstring).

    *window* is the first and last date (``YYYYMMDD``) an EXDATE or RDATE can
    matter on; ``None`` keeps them all (up to ``MAX_DATES``).
    """
    where = f"event at line {block.line}"
    notes: list[str] = []
    kept: list[str] = []
    dates: dict[tuple[str, str], list[str]] = {}  # (name, parameters) → values, merged into one line each
    alarms = attendees = depth = 0
    skipping = False  # inside an alarm beyond MAX_ALARMS
    dropped: dict[str, int] = {}
    not_dates: dict[str, list[str]] = {}
    for line in block.lines:
        marker = _begin_end(line)
        if marker is not None:
            depth += 1 if marker[0] == "BEGIN" else -1
            if marker == ("BEGIN", "VALARM") and depth == 2:
                alarms += 1
                skipping = alarms > MAX_ALARMS
            if not skipping:
                kept.append(line)
            elif depth == 1:
                skipping = False
            continue
        if skipping:
            continue
        found = _NAME.match(line)
        name = found[0].upper() if found else ""
        if name not in _SPLIT and len(line) <= MAX_LINE:
            if name == "ATTENDEE" and depth == 1:
                attendees += 1
                if attendees > MAX_ATTENDEES:
                    continue
            kept.append(line)
            continue
        name, params, value = _split(line)
        if depth == 1 and name in ("EXDATE", "RDATE"):
            for item in value.split(","):
                item = item.strip().upper()
                if not _DATE_VALUE.fullmatch(item):
                    not_dates.setdefault(name, []).append(item)
                elif window is None or window[0] <= item[:8] <= window[1]:
                    dates.setdefault((name, params), []).append(item)
            continue
        if depth == 1 and name == "ATTENDEE":
            attendees += 1
            if attendees > MAX_ATTENDEES:
                continue
        if len(line) > MAX_LINE:
            if depth == 1 and name in _TEXT:
                cut = line[:MAX_LINE]
                cut = cut[: len(cut) - (len(cut) - len(cut.rstrip("\\"))) % 2]  # no half of an escape
                notes.append(Loss(f"{where}: its {name} is {_size(len(value))} long; only the start is read"))
                kept.append(cut)
            else:
                dropped[name or "?"] = len(line)
            continue
        if name in _UPPER and not value.isupper() and ":" in line:
            line = f"{line[: len(line) - len(value)]}{value.upper()}"
        kept.append(line)
    for name, length in dropped.items():
        text = f"{where}: a {_size(length)} {name[:40]} line left out"
        notes.append(text if name.startswith("X-") and "CONFERENCE" not in name and "MEETING" not in name
                     else Loss(text))
    for name, items in not_dates.items():
        many = f"{len(items)} {name} values are not dates (such as {items[0][:40]!r})" if len(items) > 1 else \
            f"{name} value {items[0][:40]!r} is not a date"
        notes.append(Loss(f"{where}: {many}; left out"))
    if alarms > MAX_ALARMS:
        notes.append(Loss(f"{where}: it has {alarms} alarms; only the first {MAX_ALARMS} are read"))
    if attendees > MAX_ATTENDEES:
        notes.append(Loss(f"{where}: it has {attendees} attendees; only the first {MAX_ATTENDEES} are read"))
    extra: list[str] = []
    for (name, params), values in dates.items():
        unique = sorted(set(values))
        if len(unique) > MAX_DATES:
            notes.append(Loss(f"{where}: {len(unique)} {name} values; only the first {MAX_DATES} are read"))
            unique = unique[:MAX_DATES]
        extra.append(f"{name}{params}:{','.join(unique)}")
    if extra and kept and kept[-1].upper().startswith("END:"):
        kept[-1:-1] = extra
    block.lines = kept
    return notes


def _calendar_text(cal: CalendarBlock, events: list[Block], timezones: bool = True) -> str:
    # The calendar's own properties are read by ``parse`` itself: one broken
    # line among them must not make icalendar refuse every event.
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0"]
    if timezones:
        for tz in cal.timezones:
            lines += tz.lines
    for event in events:
        lines += event.lines
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def _without_alarms(block: Block, keep: Callable[[list[str]], bool] = lambda alarm: False) -> Block:
    """The event without its alarms, or without those *keep* refuses."""
    kept: list[str] = []
    alarm: list[str] = []
    depth = 0
    for line in block.lines:
        marker = _begin_end(line)
        if marker == ("BEGIN", "VALARM"):
            depth += 1
        if depth:
            alarm.append(line)
        else:
            kept.append(line)
        if marker == ("END", "VALARM") and depth:
            depth -= 1
            if not depth:
                if keep(alarm):
                    kept += alarm
                alarm = []
    return Block(block.name, block.line, kept)


def _alarm_reads(alarm: list[str]) -> bool:
    try:
        _parse("\r\n".join(["BEGIN:VCALENDAR", "BEGIN:VEVENT", *alarm, "END:VEVENT", "END:VCALENDAR", ""]))
    except Exception:
        return False
    return True


def _parse(text: str) -> Any:
    from icalendar import Calendar

    return Calendar.from_ical(text)


CHUNK = 400  # events parsed per icalendar call: progress to report, and one bad event spoils no more


def parse(cal: CalendarBlock, progress: Callable[[int], None] | None = None) -> ParsedCalendar:
    """Parse one calendar with icalendar, a chunk of events at a time, one by one where a chunk fails.

    icalendar keeps the zones of the VTIMEZONEs it reads in a cache shared by the whole process, and the
    first definition of a TZID wins there: it is emptied first (``tzp.use_zoneinfo``, icalendar's public way
    to choose the zone provider, starts a new cache), so no other calendar's zone of the same name leaks
    into this one — the TUI imports in-process, one file after another.
    """
    from icalendar.timezone import tzp

    tzp.use_zoneinfo()
    props: dict[str, str] = {}
    for line in cal.props:
        head, _, value = line.partition(":")
        props.setdefault(head.split(";")[0].strip().upper(), value.strip())
    use_zones = True
    timezones: dict[str, Any] = {}
    unreadable: set[str] = set()
    try:
        found_zones = _parse(_calendar_text(cal, [])).walk("VTIMEZONE")
    except Exception:
        # One unreadable VTIMEZONE must not cost the others: they are read one by one.
        good: list[Block] = []
        found_zones = []
        for block in cal.timezones:
            try:
                found_zones += _parse(_calendar_text(CalendarBlock(cal.line, timezones=[block]), [])).walk("VTIMEZONE")
                good.append(block)
            except Exception:
                unreadable |= {_tzid_line(line) for line in block.lines if line[:4].upper() == "TZID"}
        cal.timezones = good
    for found in found_zones:
        timezones.setdefault(_tzid(found), found)
    events: list[ParsedEvent] = []
    sound = [b for b in cal.events if not b.broken]
    for first in range(0, len(sound), CHUNK):
        chunk = sound[first:first + CHUNK]
        try:
            found = _parse(_calendar_text(cal, chunk, use_zones)).walk("VEVENT")
        except Exception:
            found = []
        if len(found) == len(chunk):
            events += [ParsedEvent(b.line, c, rrules=_raw_rules(b)) for b, c in zip(chunk, found, strict=True)]
        else:
            events += [_parse_one(cal, block, use_zones) for block in chunk]
        if progress is not None:
            progress(len(chunk))
    events += [ParsedEvent(b.line, None, error=b.broken) for b in cal.events if b.broken]
    events.sort(key=lambda e: e.line)
    return ParsedCalendar(cal.line, props, events, timezones, unreadable - set(timezones))


def _tzid_line(line: str) -> str:
    from tripplan.ical.zonematch import tzid_name

    return tzid_name(line.partition(":")[2])


def _tzid(component: Any) -> str:
    from tripplan.ical.zonematch import tzid_name

    return tzid_name(str(component.get("TZID", "")))


def _raw_rules(block: Block) -> list[str]:
    """The event's own RRULE values as the file writes them (not those of its alarms)."""
    found: list[str] = []
    depth = 0
    for line in block.lines:
        marker = _begin_end(line)
        if marker is not None:
            depth += 1 if marker[0] == "BEGIN" else -1
        elif depth == 1 and line[:5].upper() == "RRULE":
            name, _, value = _split(line)
            if name == "RRULE":
                found.append(value.strip())
    return found


def _parse_one(cal: CalendarBlock, block: Block, use_zones: bool) -> ParsedEvent:
    try:
        return ParsedEvent(block.line, _parse(_calendar_text(cal, [block], use_zones)).walk("VEVENT")[0],
                           rrules=_raw_rules(block))
    except Exception as exc:
        first = _reason(exc)
    error = first
    for salvage, note in ((_without_alarms(block, _alarm_reads), "imported without the unreadable ones"),
                          (_without_alarms(block), "imported without")):
        try:
            found = _parse(_calendar_text(cal, [salvage], use_zones)).walk("VEVENT")[0]
        except Exception as exc:
            error = _reason(exc)
            continue
        return ParsedEvent(block.line, found, note=f"its alarms could not be read ({first}); {note}",
                           rrules=_raw_rules(block))
    return ParsedEvent(block.line, None, error=error)


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return (text[:200] + "…") if len(text) > 200 else (text or type(exc).__name__)


def read_calendar(data: bytes, progress: Callable[[int, int], None] | None = None,
                  window: tuple[date, date] | None = None) -> tuple[list[ParsedCalendar], list[str]]:
    """Every calendar in *data* with its parsed events, and notes on what was assumed or left out.

    *progress* is called with (events parsed, events in the file) as parsing
    goes.  *window* (first and last day, with any margin wanted) lets EXDATE
    and RDATE values outside it be dropped unread.  Raises
    ``UnreadableCalendar`` when the bytes are no calendar at all.
    """
    text, notes = decode(data)
    calendars, scan_notes = scan(text)
    notes += scan_notes
    days = None if window is None else (f"{window[0]:%Y%m%d}", f"{window[1]:%Y%m%d}")
    for cal in calendars:
        for block in cal.events:
            if not block.broken:
                notes += _tame(block, days)
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
