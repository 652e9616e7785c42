"""Time-zone helpers: looking zones up safely, and the one way wall times and instants meet.

The model keeps instants (aware datetimes in UTC) and derives wall times from
them; these helpers are the only place where a wall time becomes an instant
or back.  Two aware datetimes sharing a ``tzinfo`` compare and subtract by
wall time, ignoring ``fold`` and DST (PEP 495): everything here goes through
UTC instead.

- A wall time in a **gap** (clocks go forward) maps to the instant RFC 5545
  and PEP 495 (``fold=0``) give it: read with the offset from before the
  change, so 02:30 in Berlin on the spring-forward night is 03:30 CEST.
- A wall time in a **fold** (clocks go back) happens twice; ``fold=0`` is
  the first, ``fold=1`` the second.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache, lru_cache
from zoneinfo import ZoneInfo


class UnknownZoneError(ValueError):
    """The text does not name an IANA time zone known to this machine."""


@cache
def zone(name: str) -> ZoneInfo:
    """The IANA zone called *name*; raises ``UnknownZoneError`` otherwise.

    ``ZoneInfo`` raises several exception types for odd keys (paths, NULs,
    empty strings); callers only need to know it is not a zone.
    """
    if not name or name != name.strip() or "\x00" in name:
        raise UnknownZoneError(f"unknown time zone {name!r}")
    try:
        return ZoneInfo(name)
    except Exception as exc:
        raise UnknownZoneError(
            f"unknown time zone {name!r} (use an IANA name such as 'Europe/Lisbon')"
        ) from exc


@cache
def rule_zone(name: str, rule: str) -> ZoneInfo:
    """A zone called *name* that follows the POSIX TZ *rule* (``"XST-1XDT,M3.5.0,M10.5.0/3"``).

    For calendars whose VTIMEZONE no IANA zone matches (a custom Outlook
    zone, say): the zone keeps its own rules instead of borrowing another's.
    ``ValueError`` if *rule* is not a POSIX TZ rule or *name* is not usable.
    """
    import io  # not at the top: the road path ("tripplan today") imports this module and never needs these
    import re
    import struct

    if not name.strip() or len(name) > 200 or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise ValueError(f"{name!r} cannot name a zone (1–200 characters, no control characters)")
    if not re.fullmatch(r"[A-Za-z<>+\-0-9:.,/]{3,120}", rule):
        raise ValueError(f"{rule!r} is not a POSIX TZ rule like 'XST-1XDT,M3.5.0,M10.5.0/3'")
    # A TZif file (RFC 8536) with no transitions: the footer's rule is the whole zone.
    header = b"TZif2" + b"\0" * 15 + struct.pack(">6l", 0, 0, 0, 0, 1, 4)
    body = header + struct.pack(">lbB", 0, 0, 0) + b"UTC\0"
    try:
        return ZoneInfo.from_file(io.BytesIO(body + body + b"\n" + rule.encode("ascii") + b"\n"), key=name)
    except ValueError as exc:
        raise ValueError(f"{rule!r} is not a POSIX TZ rule like 'XST-1XDT,M3.5.0,M10.5.0/3' ({exc})") from None


def _offsets(naive: datetime, tz: tzinfo) -> tuple[timedelta, timedelta]:
    first = naive.replace(tzinfo=tz, fold=0).utcoffset() or timedelta(0)
    second = naive.replace(tzinfo=tz, fold=1).utcoffset() or timedelta(0)
    return first, second


def wall_time_exists(naive: datetime, tz: tzinfo) -> bool:
    """Whether the wall time *naive* happens in *tz* (false inside a DST gap).

    PEP 495: inside a gap, fold=0 applies the offset from before the jump and
    fold=1 the one after, so the first is smaller; for a repeated hour it is
    the other way round, and elsewhere both agree.
    """
    first, second = _offsets(naive, tz)
    return first >= second


def is_ambiguous(naive: datetime, tz: tzinfo) -> bool:
    """Whether the wall time *naive* happens twice in *tz* (the repeated hour when clocks go back)."""
    first, second = _offsets(naive, tz)
    return first > second


def instant(naive: datetime, tz: tzinfo, fold: int = 0) -> datetime:
    """The UTC instant of the wall time *naive* in *tz*.

    *fold* picks the occurrence of a repeated wall time (0: the first); a
    wall time in a gap maps to the real instant it names with the offset from
    before the change (02:30 on the spring-forward night is 03:30 summer time).
    """
    return naive.replace(tzinfo=tz, fold=fold).astimezone(UTC)


def localize(naive: datetime, tz: tzinfo, fold: int = 0) -> datetime:
    """The wall time *naive* in *tz* as an aware datetime that exists, with the right ``fold``.

    Unlike ``naive.replace(tzinfo=tz)``, a time in a gap becomes the wall time
    that really happens (02:30 → 03:30), so what is shown always exists.
    """
    return instant(naive, tz, fold).astimezone(tz)


def utc(moment: datetime) -> datetime:
    """*moment* (aware) as UTC; ``ValueError`` for a naive datetime."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no time zone")
    return moment.astimezone(UTC)


def wall(moment: datetime, tz: tzinfo) -> datetime:
    """The naive wall time of the instant *moment* in *tz* (the fold is dropped; see :func:`fold_of`)."""
    return moment.astimezone(tz).replace(tzinfo=None, fold=0)


def day_start(day: date, tz: tzinfo) -> datetime:
    """The first instant (UTC) of the local date *day* in *tz*.

    Midnight, or the end of the gap where midnight does not exist (America/Havana
    on 14 Mar 2027 begins at 01:00 CDT).
    """
    return instant(datetime.combine(day, time(0)), tz)


@lru_cache(maxsize=4096)  # asked for every line of an agenda: a day's answer never changes
def changes_on(day: date, tz: tzinfo) -> bool:
    """Whether *tz*'s UTC offset changes during the local date *day*, or as it begins (a day without midnight)."""
    tick = timedelta(microseconds=1)
    start, end = day_start(day, tz), day_start(day + timedelta(days=1), tz)
    return (start - tick).astimezone(tz).utcoffset() != (end - tick).astimezone(tz).utcoffset()


def nearest_existing(naive: datetime, tz: tzinfo) -> tuple[datetime, datetime]:
    """For a wall time *naive* in a gap of *tz*: the last whole minute before the gap and the first after it."""
    lo = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)  # read with the later offset: before the change
    hi = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)  # read with the earlier offset: after it
    old = lo.astimezone(tz).utcoffset()
    while hi - lo > timedelta(minutes=1):  # the change lies in (lo, hi]: halve it to the minute
        mid = lo + (hi - lo) / 2
        mid = mid.replace(second=0, microsecond=0)
        if mid <= lo:
            break
        if mid.astimezone(tz).utcoffset() == old:
            lo = mid
        else:
            hi = mid
    return wall(lo, tz), wall(hi, tz)


def offset_text(moment: datetime) -> str:
    """``+01:00``: the UTC offset of an aware datetime."""
    minutes = int((moment.utcoffset() or timedelta(0)).total_seconds()) // 60
    return f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def clock(moment: datetime) -> str:
    """``19:30``: the wall time of an aware datetime; ``01:30 WEST`` on a day whose clocks change.

    The abbreviation tells the two passes of a repeated hour apart, and says
    which side of a change a time is. Runs for every line of the road path:
    no strftime, and :func:`changes_on` is cached.
    """
    text = f"{moment.hour:02d}:{moment.minute:02d}"
    tz = moment.tzinfo
    return f"{text} {moment.tzname()}" if tz is not None and changes_on(moment.date(), tz) else text


def abbreviation(moment: datetime) -> str:
    """The zone abbreviation in force at *moment* ("WET", "EST"), or the offset."""
    return moment.tzname() or ""
