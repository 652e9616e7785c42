"""Naming an event on the command line: by its id, a short id, or a unique part of its title, with an optional day.

``resolve_event(trip, "Fado")`` is the event whose title contains "fado"
(case-insensitive; an exact title wins over partial ones); ``"Stand-up@wed"``
is the one occurrence of a series on that day (any day ``tripplan.time.entry``
reads: ``wed``, ``tomorrow``, ``day 3``, ``2027-03-09``; a day and time, such
as ``wed 09:30``, picks the occurrence starting then).  Days are the trip's:
a day runs from midnight to midnight in the zone of that day's stop.

Follow-ups are named the same way (``resolve_followup``): an id, or a unique
part of what they say or of their person's name.

A name that fits several events is refused with the candidates listed (short
id, day, time, title), one that fits none with the closest titles: both as
``InputError``, so the command exits 2 and changes nothing.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tripplan.errors import InputError
from tripplan.time.entry import TimeContext, TimeEntryError, parse_when
from tripplan.time.zones import clock, day_start
from tripplan.trip.model import Event, FollowUp, Trip
from tripplan.trip.recurrence import occurrences
from tripplan.visible import visible

__all__ = ["MIN_PREFIX", "SHORT_ID", "Named", "candidate_line", "day_arg", "day_text", "occurrence_walls",
           "resolve_event", "resolve_followup", "short_id", "short_ids", "time_text"]

SHORT_ID = 8  # characters of an id that ``list`` prints (more when two ids share them)
MIN_PREFIX = 6  # the shortest id prefix accepted as a name
_LISTED = 12  # candidates shown in a refusal
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Named:
    """What a name on the command line names: an event, and for a series maybe one occurrence of it.

    ``occurrence`` is the UTC start of the one occurrence named (``"Stand-up@wed"``);
    ``None`` when the name is the whole event (or the event does not repeat).
    """

    event: Event
    occurrence: datetime | None = None

    @property
    def start_utc(self) -> datetime:
        """The start of what is named: the occurrence's, else the event's."""
        return self.occurrence if self.occurrence is not None else self.event.start_utc


def occurrence_walls(named: Named) -> tuple[datetime, datetime]:
    """The start and end of what *named* names as wall times in the event's start and end zones."""
    event = named.event
    if named.occurrence is not None:
        for found in occurrences(event, named.occurrence, named.occurrence + timedelta(microseconds=1)):
            if found.start_utc == named.occurrence:
                return found.local_start, found.local_end
    return event.local_start, event.local_end


def short_ids(trip: Trip) -> dict[str, str]:
    """Each event id → its short form: the first 8 characters, more when another id of the trip shares them.

    A changed occurrence's id is its series' id, ``#`` and the occurrence's
    UTC start (``SERIES#20270310T090000Z``): it is shortened as the series'
    short id, ``#`` and as much of the start as tells it from the others
    (``1baceef8#20270310``), not to 37 characters.
    """
    ids = sorted({e.id for e in trip.events})
    bases = sorted({ident.partition("#")[0] for ident in ids})
    base_short = _shortest(bases)
    found: dict[str, str] = {}
    for base in bases:
        tails = sorted(ident.partition("#")[2] for ident in ids if ident.startswith(base + "#"))
        if not tails:
            continue
        tail_short = _shortest(tails, minimum=8)
        for tail in tails:
            found[f"{base}#{tail}"] = f"{base_short[base]}#{tail_short[tail]}"
    for ident in ids:
        if "#" not in ident:
            found[ident] = base_short[ident]
    return found


def _shortest(names: list[str], minimum: int = SHORT_ID) -> dict[str, str]:
    """Each of the sorted *names* → its first *minimum* characters, more when a neighbour shares them."""
    found: dict[str, str] = {}
    for i, name in enumerate(names):
        shared = 0
        for other in (names[i - 1] if i else None, names[i + 1] if i + 1 < len(names) else None):
            if other is not None:
                shared = max(shared, _common(name, other))
        found[name] = name[:max(minimum, shared + 1)]
    return found


def short_id(event: Event, trip: Trip | None = None) -> str:
    """What ``list`` prints for *event*: its short id within *trip* (the first 8 characters without one)."""
    if trip is None:
        return event.id[:SHORT_ID]
    return short_ids(trip).get(event.id, event.id[:SHORT_ID])


def _common(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def day_text(day: date) -> str:
    """``Tue 09 Mar``: a day as candidate lists and ``list`` show it."""
    return f"{day:%a %d %b}"


def time_text(trip: Trip, event: Event, start_utc: datetime) -> tuple[date, str]:
    """The trip day an occurrence starts on and its start time there (``all day`` for an all-day event)."""
    if event.all_day:
        return start_utc.astimezone(event.tz).date(), "all day"
    local = start_utc.astimezone(trip.zone_at(start_utc))
    return local.date(), clock(local)


def candidate_line(trip: Trip, event: Event, start_utc: datetime, ident: str | None = None) -> str:
    """One candidate of a refusal: short id, day, time, title (``visible``), and "(repeats)" for a whole series."""
    day, at = time_text(trip, event, start_utc)
    series = " (repeats)" if event.recurring and start_utc == event.start_utc else ""
    return f"  {ident or short_id(event, trip)}  {day_text(day)}  {at:<5}  {visible(event.title)}{series}"


def _fold(text: str) -> str:
    """Text as names are compared: NFC, case-folded, runs of white space as one space."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _by_title(trip: Trip, name: str) -> list[Event]:
    wanted = _fold(name)
    if not wanted:
        return []
    exact = [e for e in trip.events if _fold(e.title) == wanted]
    return exact or [e for e in trip.events if wanted in _fold(e.title)]


def _by_id(trip: Trip, name: str) -> list[Event]:
    wanted = name.strip().casefold()
    exact = [e for e in trip.events if e.id.casefold() == wanted]
    if exact or len(wanted) < MIN_PREFIX:
        return exact
    if "#" in wanted:  # a changed occurrence as list prints it: SERIES-PREFIX#START-PREFIX
        base, _, tail = wanted.partition("#")
        return [e for e in trip.events if "#" in e.id and e.id.casefold().partition("#")[0].startswith(base)
                and e.id.casefold().partition("#")[2].startswith(tail)]
    return [e for e in trip.events if e.id.casefold().startswith(wanted)]


def _matches(trip: Trip, name: str) -> list[Event]:
    """Events *name* fits: an id (or id prefix) first, else titles."""
    return _by_id(trip, name) or _by_title(trip, name)


def _tiers(trip: Trip, name: str) -> list[list[Event]]:
    """The groups of events *name* fits, best first: ids, exact titles, partial titles (empty groups left out)."""
    by_id = _by_id(trip, name)
    if by_id:
        return [by_id]
    wanted = _fold(name)
    if not wanted:
        return []
    exact = [e for e in trip.events if _fold(e.title) == wanted]
    partial = [e for e in trip.events if wanted in _fold(e.title) and _fold(e.title) != wanted]
    return [tier for tier in (exact, exact + partial) if tier]


def _one_series(events: list[Event]) -> Event | None:
    """The series when *events* are a series and changed occurrences of it (imported overrides), else ``None``."""
    series = [e for e in events if not e.ical.series]
    if len(series) == 1 and all(e is series[0] or e.ical.series == series[0].id for e in events):
        return series[0]
    return None


def _context(trip: Trip, now: datetime) -> TimeContext:
    today = trip.day_of(now)
    focus = today if trip.start <= today <= trip.end else trip.start
    return TimeContext(trip_start=trip.start, trip_end=trip.end, tz=trip.timezone, focus=focus,
                       day_zones=trip.zone_on if trip.stop_list else None)


def _when(trip: Trip, text: str, now: datetime) -> tuple[date, datetime | None]:
    """The day (and, when a time is given, the instant) after the ``@``; ``TimeEntryError`` when it is neither."""
    ctx = _context(trip, now)
    try:
        moment = parse_when(text, ctx)
    except TimeEntryError:
        # A day alone: read it at noon (a time every zone has) and keep the date.
        return parse_when(f"{text} 12:00", ctx).date(), None
    return moment.date(), moment


def day_arg(trip: Trip, text: str, option: str, now: datetime | None = None) -> date:
    """A day given on the command line as ``@DAY`` reads it ('wed', 'tomorrow', 'day 3', '2027-03-09', '10 mar')."""
    from tripplan.time.clock import current_time

    try:
        return parse_when(f"{text.strip()} 12:00", _context(trip, now or current_time())).date()
    except TimeEntryError as exc:
        raise InputError(f"{option} {visible(text)!r} is not a day ({exc.reason}); write e.g. 'tue', 'tomorrow', "
                         "'day 2' or '2027-03-09'") from None


def _on_day(trip: Trip, events: list[Event], day: date, moment: datetime | None) -> list[tuple[Event, datetime]]:
    """The occurrences of *events* that start on *day* (or at *moment*); failing that, those running then."""
    zone = trip.zone_on(day)
    lo, hi = day_start(day, zone), day_start(day + timedelta(days=1), zone)
    running = [(o.event, o.start_utc) for e in events for o in occurrences(e, lo, hi)]
    if moment is not None:
        return [(e, s) for e, s in running if s == moment]
    starting = [(e, s) for e, s in running if s >= lo]
    found = starting or running
    return sorted(found, key=lambda pair: (pair[1], pair[0].id))


def _ambiguous(trip: Trip, option: str, text: str, found: list[tuple[Event, datetime]], hint: str) -> InputError:
    ids = short_ids(trip)
    width = max(len(ids.get(e.id, e.id)) for e, _ in found[:_LISTED])
    lines = [candidate_line(trip, e, s, ids.get(e.id, e.id).ljust(width)) for e, s in found[:_LISTED]]
    if len(found) > _LISTED:
        lines.append(f"  … and {len(found) - _LISTED} more ('tripplan list FILE' lists them all)")
    return InputError(f"{option} {visible(text)!r} names {len(found)} events; {hint}:\n" + "\n".join(lines))


def _closest(texts: list[str], name: str) -> list[str]:
    """The texts nearest *name*: as a whole, or a run of as many of a text's words as the name has."""
    wanted = _fold(name)
    count = max(1, len(_WORDS.findall(wanted)))
    scored: list[tuple[float, str]] = []
    for title in dict.fromkeys(texts):
        folded = _fold(title)
        words = _WORDS.findall(folded)
        pieces = [folded] + [" ".join(words[i:i + count]) for i in range(max(1, len(words) - count + 1))]
        best = max(difflib.SequenceMatcher(None, wanted, p).ratio() for p in pieces)
        if best >= 0.6:
            scored.append((best, title))
    scored.sort(key=lambda pair: -pair[0])
    return [title for _, title in scored[:3]]


def _unknown(trip: Trip, option: str, text: str, name: str) -> InputError:
    close = _closest([e.title for e in trip.events], name)
    if close:
        hint = "; did you mean " + " or ".join(repr(visible(t)) for t in close) + "?"
    elif trip.events:
        hint = "; 'tripplan list FILE' lists the events"
    else:
        hint = "; the trip has no events yet"
    return InputError(f"{option} {visible(text)!r} is no event in this trip{hint}")


def resolve_event(trip: Trip, text: str, *, option: str = "EVENT", now: datetime | None = None) -> Named:
    """The event (or one occurrence of a series) *text* names; ``InputError`` when it names none or several.

    *text* is an event id, an id prefix of at least 6 characters (``list``
    prints 8), or a unique part of a title (case-insensitive; an exact title
    wins over partial matches), optionally followed by ``@DAY``.  *option*
    names the argument in messages; *now* (default: ``tripplan.time.clock``) is
    what "today", "tomorrow" and weekdays are relative to.
    """
    from tripplan.time.clock import current_time

    given = text.strip()
    if not given:
        raise InputError(f"{option} must not be empty: give an event's title (or part of it) or its id")
    exact = _by_id(trip, given)
    if len(exact) == 1:
        return Named(exact[0])
    name, at, day_part = given.rpartition("@")
    if at and name.strip() and not day_part.strip():  # "Stand-up@": no day after all
        return _whole(trip, option, given, name.strip())
    if not at or not name.strip():
        return _whole(trip, option, given, given)
    try:
        day, moment = _when(trip, day_part.strip(), now or current_time())
    except TimeEntryError as exc:
        if _matches(trip, given):  # an "@" that belongs to the title ("Drinks @ Rooftop")
            return _whole(trip, option, given, given)
        raise InputError(f"{option} {visible(given)!r}: {day_part.strip()!r} is not a day ({exc.reason}); "
                         "write e.g. 'Stand-up@wed', 'Lunch@tomorrow', 'Dinner@2027-03-09'") from None
    tiers = _tiers(trip, name)
    if not tiers:
        if _matches(trip, given):
            return _whole(trip, option, given, given)
        raise _unknown(trip, option, given, name)
    events, found = tiers[-1], []
    for tier in tiers:  # an exact title that is not on that day gives way to partial matches that are
        found = _on_day(trip, tier, day, moment)
        if found:
            events = tier
            break
    if not found:
        what = f"at {moment:%H:%M} on" if moment is not None else "on"
        listed = sorted(((e, e.start_utc) for e in events), key=lambda pair: (pair[1], pair[0].id))
        if len(events) == 1:
            event = events[0]
            that_day = _on_day(trip, events, day, None) if event.recurring and moment is not None else []
            where = "that day it starts" if that_day else "it is" if not event.recurring else "it repeats from"
            shown = [candidate_line(trip, e, s) for e, s in that_day or listed]
            verb = "has no occurrence" if event.recurring else "is not"
            raise InputError(f"{option} {visible(given)!r}: {visible(event.title)!r} {verb} {what} "
                             f"{day_text(day)} {day.year}; {where}:\n" + "\n".join(shown))
        raise _ambiguous(trip, option, given, listed, f"none of them is {what} {day_text(day)} {day.year}")
    if len(found) > 1:
        raise _ambiguous(trip, option, given, found, "give the time too ('NAME@DAY HH:MM') or the id")
    event, start = found[0]
    return Named(event, start if event.recurring else None)


def _whole(trip: Trip, option: str, given: str, name: str) -> Named:
    """*name* without a day: one event (or a series with its changed occurrences)."""
    events = _matches(trip, name)
    if not events:
        raise _unknown(trip, option, given, name)
    if len(events) == 1:
        return Named(events[0])
    series = _one_series(events)
    if series is not None:
        return Named(series)
    found = sorted(((e, e.start_utc) for e in events), key=lambda pair: (pair[1], pair[0].id))
    example = f"{name}@{trip.day_of(found[0][1]).isoformat()}"
    raise _ambiguous(trip, option, given, found,
                     f"name one by more of its title, its id, or its day ({visible(example)!r})")


# --- follow-ups ------------------------------------------------------------------------------------------------


def resolve_followup(trip: Trip, text: str, *, option: str = "--done") -> FollowUp:
    """The follow-up *text* names: its id, or a unique part of what it says or of its person's name.

    Open follow-ups are preferred: a name that fits one open follow-up and
    some done ones names the open one.  ``InputError`` listing the
    candidates (id, due date, person, what) when it fits several, with the
    closest texts when it fits none.
    """
    given = text.strip()
    if not given:
        raise InputError(f"{option} must not be empty: give a follow-up's id, or part of what it says")
    exact = [f for f in trip.followups if f.id == given]
    if exact:
        return exact[0]
    names = {p.id: p.name for p in trip.people}
    wanted = _fold(given)
    found = [f for f in trip.followups if wanted in _fold(f.what) or wanted in _fold(names.get(f.person, f.person))]
    open_ones = [f for f in found if not f.done]
    if len(open_ones) == 1 or (len(found) == 1):
        return (open_ones or found)[0]
    if found:
        shown = open_ones or found
        width = max(len(visible(f.id)) for f in shown[:_LISTED])
        lines = [f"  {visible(f.id).ljust(width)}  due {f.due:%a %d %b}  {visible(names.get(f.person, f.person))}: "
                 f"{visible(f.what)}{'  (done)' if f.done else ''}" for f in shown[:_LISTED]]
        raise InputError(f"{option} {visible(given)!r} names {len(shown)} follow-ups; give more of the text, or "
                         "the id:\n" + "\n".join(lines))
    close = _closest([f.what for f in trip.followups], given) or difflib.get_close_matches(
        given, [f.id for f in trip.followups], n=1)
    if close:
        hint = "; did you mean " + " or ".join(repr(visible(c)) for c in close) + "?"
    else:
        hint = "; 'tripplan followups FILE' lists them" if trip.followups else "; the trip has no follow-ups yet"
    raise InputError(f"{option} {visible(given)!r} is no follow-up in this trip{hint}")
