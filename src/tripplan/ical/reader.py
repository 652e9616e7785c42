"""Reading a calendar file from anywhere into ``icalendar`` events, keeping whatever is sound.

The ``icalendar`` library parses well but gives up on a whole file for one
bad line in some places (a byte-order mark, an unreadable alarm trigger) and
silently drops an event that was cut off.  So this module first scans the
text itself: it decodes it (:mod:`tripplan.ical.decoding`), unfolds lines,
finds every calendar and every event with its line number
(:mod:`tripplan.ical.components`), and reports what it cannot use; then it parses
each calendar with icalendar, falling back to one event at a time (and to
the event without its alarms) when a calendar will not parse.

Before icalendar sees an event, the scan also tames what would make
parsing slow or the trip huge (:func:`tripplan.ical.event_limits.tame`): a
text longer than ``MAX_LINE`` is cut, other such lines are left out, alarms and attendees beyond a
sensible number are left out, and EXDATE/RDATE values outside the trip's
dates (which change nothing) are dropped before they are parsed — a file
with 100,000 EXDATEs imports in well under a second.  Each is noted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tripplan.ical.components import Block, CalendarBlock, scan
from tripplan.ical.contentlines import begin_end, property_of
from tripplan.ical.decoding import MAX_BYTES as MAX_BYTES  # re-exported (cli, tui)
from tripplan.ical.decoding import Loss as Loss  # re-exported (importer)
from tripplan.ical.decoding import UnreadableCalendar as UnreadableCalendar  # re-exported (cli, tui, caldav)
from tripplan.ical.decoding import decode
from tripplan.ical.event_limits import MAX_DATES as MAX_DATES  # re-exported (tests)
from tripplan.ical.event_limits import tame


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
        marker = begin_end(line)
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
        marker = begin_end(line)
        if marker is not None:
            depth += 1 if marker[0] == "BEGIN" else -1
        elif depth == 1 and line[:5].upper() == "RRULE":
            name, _, value = property_of(line)
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
                notes += tame(block, days)
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
