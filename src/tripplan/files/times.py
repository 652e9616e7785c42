"""How instants are written into a trip file (reading them is ``tripplan.files.decoder.Decoder.moment``).

A time is written as a TOML **local date-time** in its zone, which is how
people read and edit a schedule, except where that wall time happens twice
(the repeated hour when the clocks go back): there the file holds a TOML
**offset date-time** (``2027-10-31T01:30:00+00:00``), whose offset says which
of the two is meant, so every instant survives a save exactly.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from tripplan.time.zones import is_ambiguous


def file_moment(moment: datetime, tz: ZoneInfo) -> datetime:
    """The TOML value for the instant *moment* in zone *tz*: a local date-time, or an offset one when ambiguous."""
    local = moment.astimezone(tz)
    naive = local.replace(tzinfo=None, fold=0)
    if is_ambiguous(naive, tz):
        offset = local.utcoffset()
        assert offset is not None
        return naive.replace(tzinfo=timezone(offset))
    return naive


def encode_times(table: dict[str, Any], start: datetime, end: datetime, tz: ZoneInfo, end_tz: ZoneInfo,
                 all_day: bool, trip_zone: str) -> None:
    """Put ``start``, ``end`` and, where they differ from the trip's, ``tz`` and ``end_tz`` into *table*."""
    if all_day:
        table["start"], table["end"] = start.astimezone(tz).date(), end.astimezone(end_tz).date()
    else:
        table["start"], table["end"] = file_moment(start, tz), file_moment(end, end_tz)
    if tz.key != trip_zone:
        table["tz"] = tz.key
    if end_tz.key != tz.key:
        table["end_tz"] = end_tz.key
