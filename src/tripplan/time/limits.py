"""The dates and lengths a trip can mean: one rule, checked when a file is read and when a time is typed.

A trip is planned for real days, so its dates lie in the years 1900 to 2199
(the same years the ``.ics`` importer takes), it lasts at most 366 days, and
an event in it lasts at most 366 days too.  Without these bounds a mistyped
year passed validation and then broke whatever came next: a trip ending on
9999-12-31 crashed ``today`` and ``export`` (a day added to ``date.max``), a
7,000-year trip made ``check`` take minutes and gigabytes.

Instants are compared in UTC: a time is inside when it is at or after
1900-01-01 00:00 UTC and before 2200-01-01 00:00 UTC.  Days (a trip's start
and end, a stop's, an all-day event's) are calendar dates from 1900-01-01 to
2199-12-31 (an all-day event's end is exclusive, so it may be 2200-01-01).

Every function returns the reason as plain English, or ``None`` when the
value is fine; the caller says where (a field path, an option).  Importing
this module costs next to nothing (no ``typing`` either): it is on the road
path (``today --date``, ``timeparse``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

FIRST_YEAR = 1900
LAST_YEAR = 2199
FIRST_DAY = date(FIRST_YEAR, 1, 1)
LAST_DAY = date(LAST_YEAR, 12, 31)
EARLIEST = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)  # the first instant a trip can hold
LATEST = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)  # the first instant after them
MAX_TRIP_DAYS = 366  # a year, a leap year's included
MAX_EVENT = timedelta(days=366)  # an event spanning the longest trip, with its evening before
# A wall time and the instant it names are less than a day apart in every zone (offsets are under 24 h):
# a wall time further out than this is outside before any arithmetic that could overflow near year 1 or 9999.
_SLACK = timedelta(days=2)

_DAYS_TEXT = f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"
_TIMES_TEXT = f"from {FIRST_DAY.isoformat()} 00:00 UTC up to {LATEST.date().isoformat()} 00:00 UTC"


def day_problem(day: date) -> str | None:
    """Why *day* cannot be a day of a trip (outside 1900-01-01 … 2199-12-31), or ``None``."""
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return f"{day.isoformat()} is out of range: a trip's dates are {_DAYS_TEXT}"


def instant_problem(moment: datetime) -> str | None:
    """Why the aware *moment* cannot be a time of a trip (compared in UTC), or ``None``.

    Safe on any aware datetime, even one a conversion to UTC would overflow
    (9999-12-31 23:30 in New York): such a one is judged by its wall date.
    """
    if moment.utcoffset() is None:
        raise ValueError("moment must be an aware datetime")
    wall_day = moment.date()
    if FIRST_DAY - _SLACK <= wall_day <= LAST_DAY + _SLACK and EARLIEST <= moment.astimezone(UTC) < LATEST:
        return None
    return f"{_shown(moment)} is out of range: a trip's times are {_TIMES_TEXT}"


def end_day_problem(end: date) -> str | None:
    """Why *end* cannot be the (exclusive) end date of an all-day event, or ``None``."""
    if FIRST_DAY < end <= LAST_DAY + timedelta(days=1):
        return None
    return f"{end.isoformat()} is out of range: a trip's dates are {_DAYS_TEXT} (an all-day end is the day after)"


def trip_problems(start: date, end: date) -> list[tuple[str, str]]:
    """What is wrong with a trip from *start* to *end* (inclusive) as (``"start"`` or ``"end"``, reason).

    Each date in range, and at most 366 days from the first to the last;
    an end before the start is the caller's to report (it words it for its field).
    """
    found = [(name, problem) for name, day in (("start", start), ("end", end))
             if (problem := day_problem(day)) is not None]
    if not found and (end - start).days + 1 > MAX_TRIP_DAYS:
        found.append(("end", f"the trip lasts {(end - start).days + 1:,} days ({start} to {end}); a trip lasts "
                             f"at most {MAX_TRIP_DAYS} days — is a year mistyped?"))
    return found


def length_problem(start: datetime, end: datetime) -> str | None:
    """Why an event from *start* to *end* (aware, compared in UTC) is too long, or ``None``."""
    length = end.astimezone(UTC) - start.astimezone(UTC)
    if length <= MAX_EVENT:
        return None
    return (f"the event lasts {length.days:,} days ({_shown(start)} to {_shown(end)}); an event lasts at most "
            f"{MAX_EVENT.days} days")


def days_problem(first: date, end: date) -> str | None:
    """Why an all-day event from *first* to the exclusive *end* is too long, or ``None``."""
    if (end - first) <= MAX_EVENT:
        return None
    return (f"the event lasts {(end - first).days:,} days ({first} to {end}, exclusive); an event lasts at most "
            f"{MAX_EVENT.days} days")


def _shown(moment: datetime) -> str:
    """``9999-12-31 23:30 EST``: the wall time as given (``%Y`` would drop the leading zeros of year 1)."""
    zone_name = moment.tzname() or ""
    return f"{moment.date().isoformat()} {moment:%H:%M}" + (f" {zone_name}" if zone_name else "")
