"""What would make one event slow to parse or bloat the trip, cut before icalendar sees it (:func:`tame`):
lines over ``MAX_LINE``, alarms and attendees beyond a sensible number, EXDATE/RDATE values outside the trip.
"""

from __future__ import annotations

import re

from tripplan.ical.components import Block
from tripplan.ical.contentlines import begin_end, property_of
from tripplan.ical.decoding import Loss

MAX_LINE = 64 * 1024  # characters: more than any text we keep (import_context.MAX_TEXT), even escaped
MAX_ALARMS = 20  # per event
MAX_ATTENDEES = 1000  # per event
MAX_DATES = 20_000  # EXDATE or RDATE values per event, after those outside the trip are dropped
_TEXT = {"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT"}
# Values made of RFC 5545 literals ("T", "Z", "P", "FREQ=DAILY" …), which its grammar lets be in any case;
# icalendar reads only upper case.
_UPPER = {"DTSTART", "DTEND", "DUE", "DURATION", "EXDATE", "RDATE", "RECURRENCE-ID", "TRIGGER", "RRULE", "DTSTAMP",
          "LAST-MODIFIED", "CREATED", "SEQUENCE", "STATUS"}
_NAME = re.compile(r"[A-Za-z0-9-]+")
_SPLIT = {"EXDATE", "RDATE", *_UPPER}  # lines tame must look into
_DATE_VALUE = re.compile(r"\d{8}(?:T\d{6}Z?)?(?:/\S+)?")


def _size(chars: int) -> str:
    return f"{chars / (1024 * 1024):.1f} MB" if chars >= 1024 * 1024 else f"{chars // 1024} KB"


def tame(block: Block, window: tuple[str, str] | None) -> list[str]:
    """Cut what would make one event slow to parse or bloat the trip; notes say what (see the module docstring).

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
        marker = begin_end(line)
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
        name, params, value = property_of(line)
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
