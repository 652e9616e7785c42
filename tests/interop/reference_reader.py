"""The reference reading of one calendar file: icalendar + recurring-ical-events, run in a process of its own.

``python tests/interop/reference_reader.py FILE`` prints one JSON object:
``{"ok": true, "first": ..., "window": [lo, hi], "occurrences": [...], "notes": [...]}`` or
``{"ok": false, "error": "..."}`` when the reference cannot read the file.

The reading is that of a lenient client:

- ``Calendar.from_ical(data, multiple=True)``: every VCALENDAR of the file; a file holding a bare VEVENT (no
  VCALENDAR around it) is read as a calendar of that one event.
- recurring-ical-events expands the series (it applies X-WR-TIMEZONE itself); when a broken series makes it
  raise, the file is read again with ``skip_bad_series=True``, ``"skipped_bad_series"`` is true and a note says so.
- Events without DTSTART are left out (no client can place them; recurring-ical-events would raise on them).
- Occurrences with STATUS:CANCELLED are left out: clients do not show them (tripplan removes them).
- An all-day occurrence that ends on the day it starts (DTEND = DTSTART, as Calendar Labs and others write)
  lasts that one day, as clients show it.
- Floating times (no zone) and dates are taken in UTC, the zone of the trip the comparison imports into.
- The window starts a day before the earliest DTSTART of the file's events (:func:`tests.interop.corpus.window_for`).

Each occurrence: UID, start and end (UTC instants as ISO text, or dates for an all-day occurrence), the all-day
flag and SUMMARY, LOCATION, STATUS, TRANSP, CLASS, CATEGORIES, URL.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``tests.interop.corpus`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.interop.corpus import window_for


def instant(value: date | datetime) -> datetime:
    """A DTSTART/DTEND value as a UTC instant: floating times and dates are taken in UTC."""
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def calendars(data: bytes) -> list[Any]:
    """Every calendar of the file; a bare VEVENT (or other component) is wrapped in a calendar of its own."""
    import icalendar

    found = []
    for component in icalendar.Calendar.from_ical(data, multiple=True):
        if component.name == "VCALENDAR":
            found.append(component)
        else:
            wrapper = icalendar.Calendar()
            wrapper.add_component(component)
            found.append(wrapper)
    return found


def first_start(cals: list[Any]) -> datetime | None:
    """The earliest DTSTART of the events of *cals*, as an instant (None: no event has a readable DTSTART)."""
    starts = []
    for cal in cals:
        for event in cal.walk("VEVENT"):
            try:
                value = event.decoded("DTSTART")
            except Exception:  # an unreadable DTSTART is no start
                continue
            if isinstance(value, date):
                starts.append(instant(value))
    return min(starts, default=None)


def text(component: Any, name: str) -> str:
    """A text property as the file wrote it (unescaped), or ""."""
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    return str(value)


def categories(component: Any) -> list[str]:
    """The CATEGORIES of *component*, one string per category."""
    found: list[str] = []
    raw = component.get("CATEGORIES")
    for item in raw if isinstance(raw, list) else [raw] if raw is not None else []:
        cats = getattr(item, "cats", None)
        found += [str(c) for c in cats] if cats is not None else [str(item)]
    return found


def occurrence(component: Any) -> dict[str, Any]:
    """One occurrence as JSON: its instants (or dates), all-day flag and what it says."""
    start = component.decoded("DTSTART")
    all_day = not isinstance(start, datetime)
    try:
        end = component.end
    except Exception:  # no end the library can work out: the start (a moment), or the next day (all day)
        end = start + timedelta(days=1) if all_day else start
    if all_day:
        end_day = end.date() if isinstance(end, datetime) else end
        if end_day <= start:  # a day that ends as it begins: shown as that one day
            end_day = start + timedelta(days=1)
        when = {"start": start.isoformat(), "end": end_day.isoformat()}
    else:
        when = {"start": instant(start).isoformat(), "end": instant(end).isoformat()}
    return {"uid": text(component, "UID"), **when, "all_day": all_day, "summary": text(component, "SUMMARY"),
            "location": text(component, "LOCATION"), "status": text(component, "STATUS"),
            "transp": text(component, "TRANSP"), "class": text(component, "CLASS"),
            "categories": categories(component), "url": text(component, "URL")}


def without_start(cal: Any) -> int:
    """Remove the VEVENTs of *cal* that have no DTSTART; how many there were."""
    kept = [c for c in cal.subcomponents if c.name != "VEVENT" or "DTSTART" in c]
    dropped = len(cal.subcomponents) - len(kept)
    cal.subcomponents[:] = kept
    return dropped


def expand(cals: list[Any], lo: datetime, hi: datetime) -> tuple[list[dict[str, Any]], list[str], bool]:
    """The occurrences of *cals* in [lo, hi), notes on what the reference left out, and whether it had to skip
    a broken series."""
    import recurring_ical_events  # type: ignore[import-untyped]

    found: list[dict[str, Any]] = []
    notes: list[str] = []
    skipped = False
    for cal in cals:
        if dropped := without_start(cal):
            notes.append(f"{dropped} event(s) without DTSTART left out")
        try:
            components = recurring_ical_events.of(cal).between(lo, hi)
        except Exception as exc:
            notes.append(f"a broken series is skipped ({type(exc).__name__}: {' '.join(str(exc).split())[:200]})")
            skipped = True
            components = recurring_ical_events.of(cal, skip_bad_series=True).between(lo, hi)
        cancelled = [c for c in components if text(c, "STATUS").upper() == "CANCELLED"]
        if cancelled:
            notes.append(f"{len(cancelled)} cancelled occurrence(s) left out")
        found += [occurrence(c) for c in components if text(c, "STATUS").upper() != "CANCELLED"]
    found.sort(key=lambda o: (o["start"], o["end"], o["summary"]))
    return found, notes, skipped


def read(path: Path) -> dict[str, Any]:
    """The reference reading of *path* (see the module docstring)."""
    try:
        cals = calendars(path.read_bytes())
        first = first_start(cals)
        if first is None:
            return {"ok": True, "first": None, "window": None, "occurrences": [], "notes": ["no event has a DTSTART"],
                    "skipped_bad_series": False}
        lo, hi = window_for(first)
        found, notes, skipped = expand(cals, lo, hi)
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"}
    return {"ok": True, "first": first.isoformat(), "window": [lo.isoformat(), hi.isoformat()],
            "occurrences": found, "notes": notes, "skipped_bad_series": skipped}


def main() -> None:
    """Print the reference reading of the file named on the command line."""
    print(json.dumps(read(Path(sys.argv[1]))))


if __name__ == "__main__":
    main()
