"""Time-zone helpers: looking zones up safely and handling wall times."""

from __future__ import annotations

from datetime import datetime
from functools import cache
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


def wall_time_exists(naive: datetime, tz: ZoneInfo) -> bool:
    """Whether the wall time *naive* happens in *tz* (false inside a DST gap).

    PEP 495: inside a gap, fold=0 applies the offset from before the jump and
    fold=1 the one after, so the first is smaller; for a repeated hour it is
    the other way round, and elsewhere both agree.  Two offset look-ups are
    much cheaper than a round trip through UTC, and this runs for every event.
    """
    first = naive.replace(tzinfo=tz, fold=0).utcoffset()
    second = naive.replace(tzinfo=tz, fold=1).utcoffset()
    return first is None or second is None or first >= second


def localize(naive: datetime, tz: ZoneInfo) -> datetime:
    """Attach *tz* to a wall time; an ambiguous time takes its first occurrence."""
    return naive.replace(tzinfo=tz, fold=0)


def abbreviation(moment: datetime) -> str:
    """The zone abbreviation in force at *moment* ("WET", "EST"), or the offset."""
    name = moment.tzname() or ""
    return name
