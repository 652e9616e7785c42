"""What a typed time is read against (:class:`TimeContext`) and how an entry is refused (:class:`TimeEntryError`).

The pieces of the time-entry grammar (:mod:`tripplan.time.entry`) share
these: a parser raises :class:`RejectedError` with a reason, and
:func:`run_entry` normalises the text, runs the parser and turns the reason
into a :class:`TimeEntryError` that quotes the input (and lists
:data:`ACCEPTED_FORMS` when the text is in no accepted form).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar
from zoneinfo import ZoneInfo

ACCEPTED_FORMS = """\
time alone (on the day in focus): 19:30, 9.30, 7pm, 7:30 pm, noon, midnight
day and time: tue 19:30, tuesday 7:30pm, today 14:00, tomorrow 9am,
  yesterday 8:00, day 2 14:00, 2027-03-10 09:00, 2027-03-10T09:00,
  10 mar 19:30, mar 10 19:30, 10 march 2027 19:30
the repeated hour (clocks go back): the first pass by default; the second with the
  zone's abbreviation or offset after it: 2027-10-31 01:30 WET, 01:30 +00:00
duration: 90m, 90 min, 1h30, 1h 30m, 2 hours, 1.5h, 45 minutes, 0:45, 2 days
end of an event: a duration (2h, for 90 min); until 21:00, till 9pm, to 21:00 or a time
  alone (on the start's day, after the start); until midnight; or a day and time
  (until wed 01:00, 2027-03-10 01:00) to end on a later day"""

_T = TypeVar("_T")

# No valid entry is this long; the cap also keeps int() off huge digit runs.
_MAX_INPUT = 100
_QUOTE_LIMIT = 40


class TimeEntryError(ValueError):
    """Raised for any text that is not an accepted time entry.

    The message quotes the input and gives the reason; when the text is in
    no accepted form it also lists ACCEPTED_FORMS. ``text`` and ``reason``
    are also kept separately, for compact display.
    """

    text: str = ""
    reason: str = ""


@dataclass(frozen=True)
class TimeContext:
    """What relative entries are resolved against.

    ``trip_end`` is inclusive; results are aware datetimes in ``tz``, or,
    when ``day_zones`` is given (a multi-city trip: ``Trip.zone_on``), in the
    zone of the day entered; ``focus`` is the day the user is looking at
    (default ``trip_start``).
    """

    trip_start: date
    trip_end: date
    tz: ZoneInfo
    focus: date | None = None
    day_zones: Callable[[date], ZoneInfo] | None = None

    def zone_on(self, day: date) -> ZoneInfo:
        """The zone a wall time on *day* is read in."""
        return self.tz if self.day_zones is None else self.day_zones(day)

    def __post_init__(self) -> None:
        """Reject a trip that ends before it starts."""
        if self.trip_end < self.trip_start:
            raise ValueError(f"trip_end {self.trip_end} is before trip_start {self.trip_start}")

    @property
    def focus_day(self) -> date:
        """The day in focus, defaulting to the first day of the trip."""
        return self.trip_start if self.focus is None else self.focus


class RejectedError(Exception):
    """A reason; the public functions turn it into TimeEntryError quoting the input."""

    def __init__(self, reason: str, *, show_forms: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.show_forms = reason, show_forms


# The reason given when date arithmetic leaves the calendar (near year 1 or 9999).
OUT_OF_RANGE = "that date is out of range"


def unrecognised(what: str) -> RejectedError:
    """The rejection of a text in no accepted form (the error lists them): "not a recognised *what*"."""
    return RejectedError(f"not a recognised {what}", show_forms=True)


def _error(text: str, rejection: RejectedError) -> TimeEntryError:
    shown = text.strip()
    if len(shown) > _QUOTE_LIMIT:
        shown = shown[:_QUOTE_LIMIT] + "..."
    # repr() keeps NULs and control characters away from the terminal.
    message = f"{shown!r}: {rejection.reason}"
    if rejection.show_forms:
        message += "\naccepted forms:\n" + ACCEPTED_FORMS
    error = TimeEntryError(message)
    error.text, error.reason = text, rejection.reason
    return error


def run_entry(text: str, what: str, parse: Callable[[str], _T]) -> _T:
    """Normalise ``text``, parse it, and turn every rejection into TimeEntryError."""
    # str.split() also swallows non-breaking spaces pasted from elsewhere.
    norm = " ".join(text.split()) if len(text) <= _MAX_INPUT * 4 else ""
    try:
        if not norm or len(norm) > _MAX_INPUT or not norm.isascii():
            raise unrecognised(what)
        return parse(norm.lower())
    except RejectedError as rejection:
        raise _error(text, rejection) from rejection.__cause__
    except (OverflowError, ValueError) as exc:  # datetime arithmetic near year 1 or 9999
        raise _error(text, RejectedError(OUT_OF_RANGE)) from exc
