"""Values of command-line options shared by the commands that change a trip: zones, dates, clock ranges.

Each parser raises ``InputError`` naming the option, with the nearest valid
value when there is one, so the command exits 2 with a message and no traceback.
"""

from __future__ import annotations

import difflib
from datetime import date, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tripplan.errors import InputError
from tripplan.time.zones import UnknownZoneError, zone

if TYPE_CHECKING:
    from tripplan.trip.model import Person, Trip


def unknown(what: str, ident: str, known: list[str]) -> InputError:
    """``ID 'bo-chen' is not in this trip; did you mean 'bo-chan'?`` (or the known ids when none is close)."""
    close = difflib.get_close_matches(ident, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else (f"; known: {', '.join(known)}" if known else "")
    return InputError(f"{what} {ident!r} is not in this trip{hint}")


def person_of(trip: Trip, ident: str) -> Person:
    """The person *ident* of *trip*; else the ``ID … is not in this trip`` error of :func:`unknown`."""
    person = trip.person(ident)
    if person is None:
        raise unknown("ID", ident, [p.id for p in trip.people])
    return person


def zone_hint(text: str) -> str:
    """``; did you mean 'Asia/Tokyo'?`` for a mistyped zone (or a city alone), else empty."""
    from zoneinfo import available_timezones  # reads the zone folder: only paid for on an error

    known = sorted(available_timezones())
    wanted = text.strip().replace(" ", "_").casefold()
    exact = [k for k in known if k.casefold() == wanted]
    city = [k for k in known if "/" in k and k.rsplit("/", 1)[1].casefold() == wanted]
    close = exact or city or difflib.get_close_matches(text.strip(), known, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def zone_arg(text: str, option: str) -> ZoneInfo:
    """The IANA zone an option names; ``InputError`` with the nearest zone otherwise."""
    try:
        return zone(text)
    except UnknownZoneError as exc:
        raise InputError(f"{option}: {exc}{zone_hint(text)}") from None


def date_arg(text: str, option: str) -> date:
    """A date given as YYYY-MM-DD."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{option} {text!r} is not a date like 2027-03-08") from None


def clock_range_arg(text: str, option: str) -> tuple[time, time]:
    """``09:00-18:00``: a start and an end the same day, the end after the start."""
    parts = text.replace("–", "-").split("-")
    try:
        if len(parts) != 2:
            raise ValueError
        start, end = (time.fromisoformat(p.strip()) for p in parts)
        if len(parts[0].strip()) != 5 or len(parts[1].strip()) != 5:
            raise ValueError
    except ValueError:
        raise InputError(f"{option} {text!r} is not a range like 09:00-18:00") from None
    if end <= start:
        raise InputError(f"{option} {text!r}: the end must come after the start")
    return start, end


def key_text_arg(text: str, option: str) -> tuple[str, str]:
    """``KEY=TEXT`` (a culture note, say)."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise InputError(f"{option} {text!r}: write KEY=TEXT, e.g. {option} 'greeting=a bow, not a handshake'")
    return key.strip(), value.strip()
