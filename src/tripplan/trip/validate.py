"""The rules a trip must keep, as functions of model values: no file format involved.

The TOML decoder (``tripplan.files.decode``) calls these same rules on the
values it decodes, so each rule is written once; command-line and editor
checks call them on a trip in memory.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tripplan.errors import Problem
from tripplan.time.limits import (
    day_problem,
    days_problem,
    end_day_problem,
    instant_problem,
    length_problem,
    trip_problems,
)
from tripplan.time.zones import wall
from tripplan.trip.addresses import email_problem
from tripplan.trip.event import Event
from tripplan.trip.model import Trip
from tripplan.trip.people import Person
from tripplan.trip.settings import Stop

SIMPLE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
"""A person/objective id is typed by users on the command line: it must match this (whole) to stay simple."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def id_problem(ident: str, *, simple: bool) -> str | None:
    """Why *ident* cannot be an id (*simple*: a person's, objective's or follow-up's; else an event's), or ``None``."""
    if not ident.strip():
        return "must not be empty"
    return id_form_problem(ident, simple=simple)


def id_form_problem(ident: str, *, simple: bool) -> str | None:
    """Why the non-empty *ident* is not of the form an id must have (see :func:`id_problem`), or ``None``."""
    if simple and not SIMPLE_ID.fullmatch(ident):
        return (f"id {ident!r} must be letters, digits, '.', '_' or '-' "
                "(at most 100, starting with a letter or digit)")
    if not simple and (len(ident) > 255 or _CONTROL.search(ident)):
        return "id must be at most 255 characters with no control characters"
    return None


def _show(moment: datetime, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def span_problem(start: datetime, end: datetime, tz: ZoneInfo, end_tz: ZoneInfo) -> str | None:
    """Why a timed event from instant *start* (in *tz*) to *end* (in *end_tz*) cannot be, or ``None`` (its 'end')."""
    if end < start:  # an event of no length is a moment (RFC 5545: a DTSTART alone)
        return f"the event ends ({_show(end, end_tz)}) before it starts ({_show(start, tz)})"
    return length_problem(start.astimezone(tz), end.astimezone(end_tz))


def all_day_problems(start: date, end: date) -> list[tuple[str, str]]:
    """What is wrong with an all-day event from *start* to the exclusive *end*, as (``"start"``/``"end"``, reason)."""
    if end <= start:
        return [("end", f"an all-day event's end ({end}) is exclusive and must be after its start ({start})")]
    return [(key, problem) for key, problem in (("start", day_problem(start)),
            ("end", end_day_problem(end) or days_problem(start, end))) if problem]


def rrule_problem(rule: str, start: datetime | None = None) -> str | None:
    """Why *rule* cannot be an event's ``repeat`` (an RRULE starting at the wall time *start*), or ``None``."""
    from tripplan.trip.recurrence import check_rule  # imports dateutil: costly, only for recurring events

    if "DTSTART" in rule.upper() or "\n" in rule:
        return "give only the RRULE part (e.g. 'FREQ=DAILY;COUNT=5'); the start comes from 'start'"
    try:
        check_rule(rule, start or datetime(2000, 1, 1))
    except Exception as exc:
        return f"not a valid RRULE ({exc}); e.g. 'FREQ=DAILY;COUNT=5' or 'FREQ=WEEKLY;BYDAY=MO,WE'"
    return None


def reference_problem(ref: str, known: Collection[str], what: str) -> str | None:
    """Why *ref* does not name a *what* ("person", "objective", "event") of the trip (ids *known*), or ``None``."""
    if not ref or ref in known:
        return None
    close = difflib.get_close_matches(ref, sorted(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"{ref!r} is no {what} in this trip{hint}"


def traveller_problem(ref: str, people: list[Person]) -> str | None:
    """Why *ref*, listed in an event's ``travellers``, is not a traveller of the trip (*people*), or ``None``."""
    travellers = {p.id for p in people if p.traveller}
    if ref in travellers:
        return None
    known = ", ".join(sorted(travellers)) or "none yet"
    what = "a person of this trip but not a traveller" if any(p.id == ref for p in people) \
        else "no person of this trip"
    return (f"{ref!r} is {what} (travellers: {known}); mark a "
            "teammate with travels = true, or list a local guest in attendees")


def event_problems(trip: Trip, event: Event) -> list[Problem]:
    """What the trip-file rules find wrong with *event* in *trip*, paths within the event (``end``, ``repeat``...).

    In the order the trip-file decoder reports them: id, title, times,
    repeat, exceptions, then what it refers to (attendees, objective,
    travellers).
    """
    found: list[Problem] = []
    if (problem := id_problem(event.id, simple=False)) is not None:
        found.append(Problem("id", problem))
    if not event.title.strip():
        found.append(Problem("title", "must not be empty"))
    found.extend(_time_problems(event))
    if event.repeat and (problem := rrule_problem(event.repeat, wall(event.start_utc, event.tz))) is not None:
        found.append(Problem("repeat", problem))
    for key, moments in (("exdates", event.exdates), ("rdates", event.rdates)):
        for i, moment in enumerate(moments):
            if (problem := _moment_problem(moment, event.tz, event.all_day)) is not None:
                found.append(Problem(f"{key}[{i}]", problem))
    people = {p.id for p in trip.people}
    for j, ref in enumerate(event.attendees):
        if (problem := reference_problem(ref, people, "person")) is not None:
            found.append(Problem(f"attendees[{j}]", problem))
    for j, attendance in enumerate(event.ical.attendance):
        if attendance.person and attendance.person not in people:
            found.append(Problem(f"ical.attendance[{j}].person", f"{attendance.person!r} is no person in this trip"))
    if (problem := reference_problem(event.objective, {o.id for o in trip.objectives}, "objective")) is not None:
        found.append(Problem("objective", problem))
    for j, ref in enumerate(event.travellers or ()):
        if (problem := traveller_problem(ref, trip.people)) is not None:
            found.append(Problem(f"travellers[{j}]", problem))
    return found


def _time_problems(event: Event) -> list[Problem]:
    if event.all_day:
        first, end = wall(event.start_utc, event.tz).date(), wall(event.end_utc, event.tz).date()
        return [Problem(key, problem) for key, problem in all_day_problems(first, end)]
    found = [Problem(key, problem) for key, moment, tz in (("start", event.start_utc, event.tz),
                                                           ("end", event.end_utc, event.end_tz))
             if (problem := instant_problem(moment.astimezone(tz))) is not None]
    if found:
        return found
    problem = span_problem(event.start_utc, event.end_utc, event.tz, event.end_tz)
    return [Problem("end", problem)] if problem is not None else []


def _moment_problem(moment: datetime, tz: ZoneInfo, all_day: bool) -> str | None:
    if all_day:
        return day_problem(wall(moment, tz).date())
    return instant_problem(moment.astimezone(tz))


def duplicate_problem(ident: str, first: str) -> str:
    """The problem of an id already used by the item at path *first*."""
    return f"duplicate id {ident!r} (also used by {first})"


def address_problem(email: str) -> str | None:
    """Why *email* (a person's, non-empty) is not an e-mail address, as a problem says it, or ``None``."""
    problem = email_problem(email)
    return f"{email!r} is not an e-mail address: {problem}" if problem is not None else None


def trip_dates_problem(start: date, end: date) -> str | None:
    """Why a trip cannot run from *start* to *end* (inclusive), or ``None`` (a problem of ``trip.end``)."""
    if end < start:
        return f"the trip ends ({end}) before it starts ({start})"
    too_long = trip_problems(start, end)
    return too_long[0][1] if too_long else None


def people_problems(people: list[Person], home: ZoneInfo | None) -> list[Problem]:
    """At most one "me", whose home is the trip's (*home*); only a traveller has a home zone (paths ``people[N]``)."""
    found: list[Problem] = []
    first_me = ""
    for i, person in enumerate(people):
        path = f"people[{i}]"
        if person.me and first_me:
            found.append(Problem(f"{path}.me", f"only one person can be the traveller (me = true); {first_me} is "
                                 "already"))
        elif person.me:
            first_me = f"{path} ({person.id!r})"
            if home is not None and person.home_tz is not None and person.home_tz is not home:
                found.append(Problem(f"{path}.home_timezone", f"the traveller's home zone is the trip's home_timezone "
                                     f"({home.key}): leave it out here, or change [trip].home_timezone"))
        if person.home_tz is not None and not person.traveller:
            found.append(Problem(f"{path}.home_timezone", "only a traveller has a home zone here: add travels = true, "
                                 "or leave it out"))
    return found


def problems(trip: Trip) -> list[Problem]:
    """Everything the trip-file rules find wrong with *trip* in memory, with the file's paths (``events[N].end``).

    The same rules the decoder applies to a file (each written once, here);
    what only a file can get wrong (types, unknown keys, zones by name) is
    the decoder's alone.
    """
    return [problem for _, problem in located_problems(trip)]


def located_problems(trip: Trip) -> list[tuple[Event | None, Problem]]:
    """:func:`problems`, each with the event it is about (``None`` for the trip, a person, objective or follow-up)."""
    found: list[Problem] = []
    owners: list[tuple[Event | None, Problem]] = []
    if not trip.name.strip():
        found.append(Problem("trip.name", "must not be empty"))
    if (problem := trip_dates_problem(trip.start, trip.end)) is not None:
        found.append(Problem("trip.end", problem))
    elif trip.stop_list:
        found.extend(stop_problems([(f"stops[{i}]", stop) for i, stop in enumerate(trip.stop_list)], trip.start,
                                   trip.end))
    seen: dict[str, str] = {}
    for i, person in enumerate(trip.people):
        path = f"people[{i}]"
        found.extend(_id_problems(person.id, path, seen, simple=True))
        if person.email and (problem := address_problem(person.email)) is not None:
            found.append(Problem(f"{path}.email", problem))
        for j, entry in enumerate(person.log):
            if (problem := day_problem(entry.on)) is not None:
                found.append(Problem(f"{path}.log[{j}].date", problem))
            if not entry.text.strip():
                found.append(Problem(f"{path}.log[{j}].text", "must not be empty"))
        if not person.name.strip():
            found.append(Problem(f"{path}.name", "must not be empty"))
    people = {p.id for p in trip.people}
    for i, objective in enumerate(trip.objectives):
        path = f"objectives[{i}]"
        found.extend(_id_problems(objective.id, path, {}, simple=True))
        if not objective.title.strip():
            found.append(Problem(f"{path}.title", "must not be empty"))
        found.extend(Problem(f"{path}.people[{j}]", problem) for j, ref in enumerate(objective.people)
                     if (problem := reference_problem(ref, people, "person")) is not None)
    event_ids: dict[str, str] = {}
    for i, event in enumerate(trip.events):
        path = f"events[{i}]"
        if event.id.strip() and event.id in event_ids:  # its form: event_problems
            owners.append((event, Problem(f"{path}.id", duplicate_problem(event.id, event_ids[event.id]))))
        event_ids.setdefault(event.id, path)
        owners.extend((event, Problem(f"{path}.{p.path}", p.message)) for p in event_problems(trip, event))
    for i, followup in enumerate(trip.followups):
        path = f"followups[{i}]"
        if (problem := day_problem(followup.due)) is not None:
            found.append(Problem(f"{path}.due", problem))
        found.extend(_id_problems(followup.id, path, {}, simple=True))
        if not followup.person.strip():
            found.append(Problem(f"{path}.person", "must not be empty"))
        if not followup.what.strip():
            found.append(Problem(f"{path}.what", "must not be empty"))
        for key, ref, known, what in (("person", followup.person, people, "person"),
                                      ("event", followup.event, set(event_ids), "event")):
            if (problem := reference_problem(ref, known, what)) is not None:
                found.append(Problem(f"{path}.{key}", problem))
    found.extend(people_problems(trip.people, trip.home_timezone))
    return [(None, problem) for problem in found] + owners


def _id_problems(ident: str, path: str, seen: dict[str, str], *, simple: bool) -> list[Problem]:
    """An item's id: empty, of the wrong form, or one *seen* already (which learns it)."""
    found: list[Problem] = []
    if not ident.strip():
        return [Problem(f"{path}.id", "must not be empty")]
    if (problem := id_form_problem(ident, simple=simple)) is not None:
        found.append(Problem(f"{path}.id", problem))
    if ident in seen:
        found.append(Problem(f"{path}.id", duplicate_problem(ident, seen[ident])))
    else:
        seen[ident] = path
    return found


def stop_problems(stops: Sequence[tuple[str, Stop]], start: date, end: date) -> list[Problem]:
    """What is wrong with how *stops* (each with its path, ``stops[N]``) cover the days *start* to *end*: each
    day belongs to one stop (where the traveller sleeps that night), in the order the trip visits them."""
    found: list[Problem] = []
    outside = [(path, stop) for path, stop in stops if not start <= stop.first <= end]
    for path, stop in outside:
        found.append(Problem(f"{path}.from", f"{stop.city} begins on {stop.first}, outside the trip ({start} to "
                             f"{end})"))
    for (path, stop), (_, before) in zip(stops[1:], stops, strict=False):
        if stop.first < before.first:
            found.append(Problem(f"{path}.from", f"{stop.city} (from {stop.first}) is listed after {before.city} "
                                 f"(from {before.first}): list the stops in the order the trip visits them"))
            return found
    if outside or not stops:
        return found
    first_path, first = stops[0]
    if first.first > start:
        found.append(Problem(f"{first_path}.from", f"the first stop, {first.city}, begins on {first.first} but the "
                             f"trip begins on {start}: every day needs a stop — make the first stop begin then"))
    for n, (path, stop) in enumerate(stops):
        nxt = stops[n + 1][1] if n + 1 < len(stops) else None
        after = nxt.first if nxt else end + timedelta(days=1)  # the first day that is not this stop's
        if stop.last < stop.first:
            found.append(Problem(f"{path}.to", f"{stop.city} ends ({stop.last}) before it begins ({stop.first})"))
        elif nxt is None and stop.last > end:
            found.append(Problem(f"{path}.to", f"{stop.city} ends on {stop.last}, after the trip ({end})"))
        elif nxt is not None and stop.last >= after:
            found.append(Problem(f"{path}.to", f"{stop.city} ({stop.first} to {stop.last}) overlaps {nxt.city}, "
                                 f"which begins on {nxt.first}: a day belongs to one stop — where you sleep "
                                 "that night"))
        elif stop.last + timedelta(days=1) < after:
            first_free, last_free = stop.last + timedelta(days=1), after - timedelta(days=1)
            days = f"{first_free} belongs" if first_free == last_free else f"{first_free} to {last_free} belong"
            then = f"{nxt.city} begins on {nxt.first}" if nxt else f"the trip ends on {end}"
            found.append(Problem(f"{path}.to", f"{days} to no stop: {stop.city} ends on {stop.last} and {then}"))
    return found
