"""The compact duration notation used in trip files: ``1d``, ``2h``, ``15m``, ``1h30m``."""

from __future__ import annotations

import re
from datetime import timedelta

_COMPACT = re.compile(r"(?:(\d{1,4})d)?(?:(\d{1,5})h)?(?:(\d{1,6})m)?")


def parse_compact(text: str) -> timedelta:
    """Parse ``1d2h30m``-style text; raises ``ValueError`` for anything else."""
    match = _COMPACT.fullmatch(text.strip())
    if not text.strip() or match is None:
        raise ValueError(f"{text!r} is not a duration like '15m', '1h', '1h30m' or '1d'")
    days, hours, minutes = (int(g) if g else 0 for g in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes)


def format_compact(span: timedelta) -> str:
    """The shortest compact text for a whole number of minutes (``90 min`` → ``1h30m``)."""
    minutes = int(span.total_seconds()) // 60
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    text = (f"{days}d" if days else "") + (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "")
    return text or "0m"


def format_human(span: timedelta) -> str:
    """A duration for people: ``45 min``, ``2 h``, ``1 h 30 min``."""
    minutes = int(span.total_seconds()) // 60
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    if hours:
        return f"{hours} h"
    return f"{minutes} min"
