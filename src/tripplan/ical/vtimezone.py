"""VTIMEZONE components for the zones an exported calendar uses.

The transitions come straight from ``zoneinfo`` (the IANA rules the rest of
tripplan uses), found by stepping through UTC instants and bisecting each
change to the second, and are written one observance per transition.

We tried ``icalendar.Timezone.from_tzinfo`` first and measured why it is not
used: it writes the onset of every spring-forward an hour late (it walks in
wall-clock steps), it misses periods shorter than its 64-day first stride
(Africa/Casablanca's Ramadan hour is simply absent), it groups equal
transitions into RDATE lists (Outlook is known to shift events with those),
and it labels observances by ``dst()``, which is negative for
Europe/Dublin's winter, so dateutil-based readers get the hour after each
change wrong.  The icalendar library still checks every VTIMEZONE we write,
in the tests.

Nothing here is shared between calendars: each call builds a new VTIMEZONE
from the zone it is given.  Only the transitions of a real IANA zone (the
object ``ZoneInfo(key)`` returns, never a trip's custom zone of the same
name, nor a zone read from a calendar file) are remembered, keyed by its name
and the dates: they are the same in every calendar of the process.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from tripplan.ical.lines import Component, ContentLine
from tripplan.ical.text import escape_text
from tripplan.time.zones import UnknownZoneError
from tripplan.time.zones import zone as iana

# No zone changes its offset twice within six hours; the step only finds a
# change, the bisection then pins it to the second.
_STEP = timedelta(hours=6)


def _offset(zone: tzinfo, instant: datetime) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    return offset if offset is not None else timedelta(0)


def _bisect(zone: tzinfo, lo: datetime, hi: datetime) -> datetime:
    """The first UTC second in (lo, hi] whose offset differs from lo's."""
    before = _offset(zone, lo)
    while hi - lo > timedelta(seconds=1):
        mid = (lo + (hi - lo) / 2).replace(microsecond=0)
        if _offset(zone, mid) == before:
            lo = mid
        else:
            hi = mid
    return hi


Change = tuple[datetime, timedelta, timedelta]


def _iana(zone: tzinfo) -> str:
    """The name of *zone* when it is the IANA zone of that name itself (``ZoneInfo(key)``), else ""."""
    key = getattr(zone, "key", None)
    if not isinstance(zone, ZoneInfo) or not isinstance(key, str) or not key:
        return ""
    try:
        return key if iana(key) is zone else ""
    except UnknownZoneError:  # a custom zone's own name ("Office", "(UTC-03:00) Brasília")
        return ""


@lru_cache(maxsize=256)
def _iana_transitions(key: str, first: date, last: date) -> tuple[Change, ...]:
    return tuple(_find(iana(key), first, last))


def transitions(zone: tzinfo, first: date, last: date) -> list[Change]:
    """Every offset change of *zone* between *first* and *last*: (UTC instant, offset before, offset after).

    *zone* may be any tzinfo (the import compares a calendar's own VTIMEZONE with IANA zones this way);
    only an IANA zone's are remembered (see the module's note).
    """
    key = _iana(zone)
    return list(_iana_transitions(key, first, last)) if key else _find(zone, first, last)


def _find(zone: tzinfo, first: date, last: date) -> list[Change]:
    found: list[Change] = []
    moment = datetime.combine(first, time(0), zone).astimezone(UTC)
    end = datetime.combine(last, time(0), zone).astimezone(UTC)
    current = _offset(zone, moment)
    while moment < end:
        step = min(moment + _STEP, end)
        offset = _offset(zone, step)
        if offset != current:
            onset = _bisect(zone, moment, step)
            found.append((onset, current, _offset(zone, onset)))
            current = _offset(zone, onset)
            moment = onset
            continue
        moment = step
    return found


def _format_offset(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


def _observance(kind: str, onset_local: datetime, before: timedelta, after: timedelta, name: str) -> Component:
    part = Component(kind, ContentLine("DTSTART", value=f"{onset_local:%Y%m%dT%H%M%S}"),
                     ContentLine("TZOFFSETFROM", value=_format_offset(before)),
                     ContentLine("TZOFFSETTO", value=_format_offset(after)))
    if name:
        part.append(ContentLine("TZNAME", value=escape_text(name)))
    return part


def vtimezone(key: str | ZoneInfo, first: date, last: date) -> Component:
    """A new VTIMEZONE for the zone *key*, valid from *first* to *last*, one observance per transition.

    *key* is an IANA name or a zone (one of the trip's custom zones, ``[trip.zones]``, is written
    with its own rules, as its name).  Built anew on every call: nothing of one calendar's zones
    reaches another's.
    """
    zone = key if isinstance(key, ZoneInfo) else ZoneInfo(key)
    changes = transitions(zone, first, last)
    start = datetime.combine(first, time(0), zone)
    initial = _offset(zone, start)
    offsets = [initial, *(after for _, _, after in changes)]
    lowest = min(offsets)
    result = Component("VTIMEZONE", ContentLine("TZID", value=escape_text(zone.key)))
    # The first observance marks where the definition begins; it is daylight
    # time when its offset is above the zone's lowest one in the window.
    result.append(_observance("DAYLIGHT" if initial > lowest else "STANDARD", start.replace(tzinfo=None),
                              initial, initial, start.tzname() or ""))
    for onset, before, after in changes:
        # RFC 5545: DTSTART of an observance is the local time *before* the change.
        local = (onset + before).replace(tzinfo=None)
        kind = "DAYLIGHT" if after > before else "STANDARD"
        result.append(_observance(kind, local, before, after, onset.astimezone(zone).tzname() or ""))
    return result


def window(dates: list[date]) -> tuple[date, date]:
    """The span a calendar's VTIMEZONEs cover: a year either side of every date used.

    A year on each side always includes the transition before the first
    event and the one after the last, so every reader can place each time.
    """
    margin = timedelta(days=366)
    # Clamped to the dates Python can hold, with a day to spare for the UTC offset: a hand-written
    # event may lie in the year 1 or 9999.
    low, high = date.min + margin + timedelta(days=1), date.max - margin - timedelta(days=1)
    return max(min(dates), low) - margin, min(max(dates), high) + margin
