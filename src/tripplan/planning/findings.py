"""Warnings found by balance and checks, and the plain formatting they share.

A ``Finding`` carries a short stable ``code`` (scripts and the TUI filter on
it), the trip day it is about (``None`` for the whole trip), the ids of
the events and people involved, and a plain sentence naming the day and
pointing at the fix.  Only the code and the sort rank are worked out when a
finding is created; its facts and sentence are built on first use, because a
generated trip of 100,000 events can produce a hundred thousand findings and
the TUI shows one screenful of them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, timedelta
from operator import attrgetter
from typing import Any, Final, NamedTuple

from tripplan.time.durations import format_human
from tripplan.time.zones import clock as zones_clock

# Every code, in the order findings of the same moment are listed (docs/planning.md explains each).
CODES: Final[dict[str, str]] = {
    "balance-work": "a day with more work than the trip's limit (for each traveller)",
    "balance-bonding": "a working day with less bonding time than the target share",
    "balance-rest": "a day with no free or rest block of the minimum length (for each traveller)",
    "balance-culture": "a trip (or a stop of a multi-city trip) long enough for a cultural outing that has none",
    "overlap": "the same person (you, a travelling teammate or an attendee) booked into two overlapping events",
    "travel-time": "too little time to get from one place to the next along someone's own events",
    "outside-hours": "a work event a traveller attends outside the day's working hours",
    "jet-lag": "work at night on a traveller's body clock on the day of a big zone jump or the day after",
    "no-followup": "a person met at a networking or bonding event with no follow-up",
    "objective-no-event": "an open objective with no event planned for it",
    "objective-people-absent": "an event serving an objective without the objective's people",
    "rsvp-waiting": "an event starting in the next 3 days that still waits for answers from more than half of "
                    "the people invited",
}
# Codes that depend on the clock and on invites sent ([[sent]]): found by `check`, not by a plan alone.
TIMELY_CODES: Final = frozenset({"rsvp-waiting"})
BALANCE_CODES: Final = frozenset(c for c in CODES if c.startswith("balance-"))
_ORDER: Final = {code: i for i, code in enumerate(CODES)}

_WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Facts(NamedTuple):
    """What a finding says: its day, moment, events, people and sentence."""

    day: date | None
    at: datetime | None
    events: tuple[str, ...]
    people: tuple[str, ...]
    message: str


def rank(code: str, instant: int | None) -> int:
    """The sort rank of a finding: trip-wide first, then by moment, then by code."""
    return ((-1 << 40) if instant is None else instant) * 16 + _ORDER[code]


class Finding:
    """One warning: a code and a rank now, its facts (day, events, people, sentence) on first use."""

    __slots__ = ("_args", "_explain", "_facts", "code", "rank")

    def __init__(self, code: str, rank_: int, explain: Callable[..., Facts], args: tuple[Any, ...]) -> None:
        # Positional arguments and no *args: checks may create a hundred thousand of these.
        self.code, self.rank = code, rank_
        self._explain, self._args = explain, args
        self._facts: Facts | None = None

    @classmethod
    def of(cls, code: str, day: date | None, at: datetime | None, message: str, events: tuple[str, ...] = (),
           people: tuple[str, ...] = (), instant: int | None = None) -> Finding:
        """A finding whose facts are known already."""
        return cls(code, rank(code, instant), _given, (Facts(day, at, events, people, message),))

    @property
    def facts(self) -> Facts:
        """Everything the finding says, worked out once."""
        if self._facts is None:
            self._facts = self._explain(*self._args)
        return self._facts

    @property
    def day(self) -> date | None:
        """The trip day it is about (in its stop's zone); ``None`` for the whole trip."""
        return self.facts.day

    @property
    def message(self) -> str:
        """The plain sentence: names the day and points at the fix."""
        return self.facts.message

    @property
    def events(self) -> tuple[str, ...]:
        """Ids of the events involved."""
        return self.facts.events

    @property
    def people(self) -> tuple[str, ...]:
        """Ids of the people involved."""
        return self.facts.people

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form documented in docs/planning.md."""
        facts = self.facts
        return {"code": self.code, "day": facts.day.isoformat() if facts.day else None,
                "at": facts.at.isoformat() if facts.at else None, "message": facts.message,
                "events": list(facts.events), "people": list(facts.people)}

    def __repr__(self) -> str:
        return f"Finding({self.code!r}, {self.day}, {self.message!r})"


def _given(facts: Facts) -> Facts:
    return facts


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Findings in the documented order; equal ranks keep the checks' own (deterministic) order."""
    return sorted(findings, key=attrgetter("rank"))


def day_label(day: date) -> str:
    """``Wed 10 Mar``: how a day is named in messages."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def clock(moment: datetime) -> str:
    """``19:30``: the wall time of an aware datetime in its own zone (:func:`tripplan.time.zones.clock`).

    On a day whose clocks change the zone's abbreviation follows
    (``02:15 CET``), so the two passes of a repeated hour are told apart.
    """
    return zones_clock(moment)


def span(start: datetime, end: datetime) -> str:
    """``19:00–22:30``; an end at the next midnight is ``24:00``, a later one names its day.

    Wall times of aware datetimes, each in its own zone (see :func:`clock`).
    """
    if end.date() == start.date():
        tail = clock(end)
    elif end.date() == start.date() + timedelta(days=1) and (end.hour, end.minute) == (0, 0):
        tail = "24:00"
    else:
        tail = f"{clock(end)} {day_label(end.date())}"
    return f"{clock(start)}–{tail}"


def hours(seconds: int) -> str:
    """``11 h``, ``10 h 30 min``, ``45 min``: a duration for a sentence."""
    return format_human(timedelta(seconds=seconds))


def percent(share: float, target: float | None = None) -> str:
    """``15 %``; with *target*, never rounded across it: 14.5 % of a 15 % target is ``14.5 %``, not ``15 %``.

    A share below its target shows a number below the target's, one at or
    above it a number at or above.  Within a point of the target one decimal
    is shown (whole numbers would hide how close it is, or cross it), two
    when one would still cross, else the number is cut towards its true side
    (14.996 % → ``14.99 %``).  Without a target (the target itself): whole,
    or one decimal when it has one (``15.5 %``).
    """
    value = share * 100
    if target is None:
        whole = abs(round(value) - value) < 1e-9 or abs(round(value, 1) - value) >= 1e-9
        return f"{round(value)} %" if whole else f"{round(value, 1):.1f} %"
    below, line = share < target, round(target * 100, 9)
    near = abs(value - line) < 1 and share != target
    for digits in range(1 if near else 0, 3):
        shown = round(value, digits)
        if (shown < line) == below:
            return f"{shown:.{digits}f} %"
    step = 100  # two decimals, cut towards the side the share is on
    shown = (math.floor(value * step) if below else math.ceil(value * step)) / step
    if (shown < line) != below:  # the float product landed on the line itself: one step further
        shown += -1 / step if below else 1 / step
    return f"{shown:.2f} %"


def quoted(title: str) -> str:
    """An event title inside a sentence."""
    return f"'{title}'"


def warnings_summary(codes: list[str]) -> str:
    """How many warnings there are and how many the balance score counts: "7 warnings, none about balance".

    The score (docs/planning.md) measures the balance targets only; the other
    warnings (overlaps, travel time, hours, …) stand beside it.  Shown next to
    the score so that "100/100" beside warnings says why it is no contradiction.
    "" when there are none.
    """
    if not codes:
        return ""
    about = sum(code in BALANCE_CODES for code in codes)
    head = f"{len(codes)} warning{'s' if len(codes) != 1 else ''}"
    if about == len(codes):
        return head + (", about balance" if about == 1 else ", all about balance")
    return f"{head}, {about or 'none'} about balance"
