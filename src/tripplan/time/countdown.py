"""How long until something, in words for a glance: ``in 25 min``, ``in 5 h 20 min``, ``in 3 weeks 2 days``.

Only the standard library, so the road path can use it.  Every span is the
difference of two instants in UTC: Python subtracts two wall times of the
same zone without their offsets (across a clock change the answer is an
hour off), so both ends are turned into UTC first.  Spans are cut down,
never rounded up: 23 h 59 min is not "1 day", and 6 days 23 h is "6 days".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


def span_words(span: timedelta) -> str:
    """A length for people, coarser as it grows: ``less than a minute``, ``25 min``, ``5 h 20 min``,
    ``1 day 4 h``, ``5 days``, ``3 weeks 2 days`` (a negative span reads as none)."""
    minutes = max(0, int(span.total_seconds()) // 60)
    if minutes < 1:
        return "less than a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    days, hours = divmod(hours, 24)
    if days < 2:  # a day and some hours: the hours still matter
        return "1 day" + (f" {hours} h" if hours else "")
    if days < 7:
        return f"{days} days"
    weeks, days = divmod(days, 7)
    return _plural(weeks, "week") + (" " + _plural(days, "day") if days else "")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def between(first: datetime, second: datetime) -> timedelta:
    """*second* − *first* as instants (both aware), whatever zones they carry."""
    return second.astimezone(UTC) - first.astimezone(UTC)


def until(now: datetime, moment: datetime) -> str:
    """``in 25 min``, ``in 3 weeks 2 days``: the wait from *now* to *moment*."""
    return "in " + span_words(between(now, moment))


def trip_starts(first_day: date, begins: datetime, now: datetime) -> str:
    """``starts Mon 8 Mar 2027 — in 3 weeks 2 days``: *first_day* of a trip that *begins* at that instant."""
    return f"starts {first_day:%a} {first_day.day} {first_day:%b %Y} — {until(now, begins)}"
