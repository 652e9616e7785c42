"""The structure of a calendar file: its calendars, time zones and events found line by line, with their
line numbers, mis-nesting repaired where the structure allows (see :func:`scan`); no icalendar yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tripplan.ical.contentlines import begin_end, unfold
from tripplan.ical.decoding import Loss

MAX_DEPTH = 12


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
    for number, line in unfold(text):
        marker = begin_end(line)
        if marker is None and stack:  # most lines: a property of the component being read
            stack[0].block.lines.append(line)
            continue
        scanner.line(number, line, marker)
    scanner.done()
    return scanner.calendars, scanner.notes
