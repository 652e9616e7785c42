"""Schedule checks; each finding has its own code (``findings.CODES``, explained in docs/planning.md).

Every check is a sort and a sweep, never a loop over pairs: the timeline is
sorted once, each person's occurrences are a sorted sub-list of it, and an
overlap or a too-short hop is found by comparing an occurrence with the one
that ends last before it.
"""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from tripplan.model import Category, Kind, ObjectiveStatus, Trip
from tripplan.planning.balance import Balance, compute_balance
from tripplan.planning.findings import Facts, Finding, clock, day_label, hours, quoted, rank, sort_findings, span
from tripplan.planning.timeline import (
    BONDING,
    NETWORKING,
    TRAVEL_KINDS,
    WORK,
    Slot,
    Timeline,
    epoch,
    wall,
    wall_instant,
)
from tripplan.zones import day_start

ACTIVE = frozenset({ObjectiveStatus.OPEN, ObjectiveStatus.IN_PROGRESS})
MET_AT = frozenset({Category.NETWORKING, Category.BONDING})
# The home body clock's day: work outside it right after a long flight is work at night.
BODY_CLOCK = (time(7, 0), time(22, 0))


def names(timeline: Timeline, people: Iterable[str]) -> str:
    """"Ana Ruiz", "Ana Ruiz and Rui Costa", "A, B and C" (ids of unknown people as they are)."""
    known = timeline.person_names
    found = [known.get(i, i) for i in people]
    return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]


def by_person(timeline: Timeline) -> dict[str, list[int]]:
    """Positions of each person's occurrences in the timeline, in time order."""
    return timeline.attendance()


def _local_span(timeline: Timeline, i: int, start: datetime | None = None) -> str:
    """The *i*-th occurrence's times in destination time (a flight's ends are in two zones)."""
    return span(start or timeline.local(timeline.start[i]), timeline.local(timeline.end[i]))


def _overlap(timeline: Timeline, i: int, k: int, who: str | list[str]) -> Facts:
    # Sentences for a hundred thousand findings: only the wall times that are shown are worked out.
    a, b = timeline.event[i], timeline.event[k]
    people = [who] if isinstance(who, str) else who
    day = timeline.day_of(timeline.start[k])
    starts = timeline.local(timeline.start[k])
    verb = "is" if len(people) == 1 else "are"
    text = (f"{day_label(day)} {clock(starts)}: {names(timeline, people)} {verb} booked "
            f"into {quoted(a.title)} ({_local_span(timeline, i)}) and {quoted(b.title)} "
            f"({_local_span(timeline, k, starts)}) at once; move or shorten one of them.")
    return Facts(day, timeline.begins(k), (a.id, b.id), tuple(people), text)


def _hop(timeline: Timeline, i: int, k: int, need: int, people: list[str]) -> Facts:
    a, b = timeline.event[i], timeline.event[k]
    day = timeline.day_of(timeline.start[k])
    gap = timeline.start[k] - timeline.end[i]
    have = "no time" if gap <= 0 else f"only {hours(gap)}"
    who = f" (for {names(timeline, people)})" if people else ""
    text = (f"{day_label(day)} {clock(timeline.local(timeline.start[k]))}: {have} between {quoted(a.title)} "
            f"(ends {clock(timeline.local(timeline.end[i]))}, "
            f"{a.location}) and {quoted(b.title)} ({b.location}), but getting there takes "
            f"{hours(need)}{who}; start later, leave earlier, or give the real time in [[travel_times]].")
    return Facts(day, timeline.begins(k), (a.id, b.id), tuple(people), text)


Pairs = dict[int, "str | list[str]"]
Hops = dict[tuple[int, int], tuple[int, list[str]]]


def sweep(timeline: Timeline, people: dict[str, list[int]], *, overlaps: bool = True,
          travel: bool = True) -> tuple[Pairs, Hops]:
    """Overlapping pairs per person, and hops with too little travel time.

    Each person's occurrences are compared in order with the one that ends
    last before them: starting before it ends is an overlap, starting after
    it too soon for the trip between the two places is a short hop.  One
    pass per person serves both checks; the traveller's whole timeline gets
    a pass for hops.  Overlapping pairs are keyed by one integer
    (first × size + second) and hold one person or a list of them: a dense
    trip has a hundred thousand pairs, and a tuple and a list for each would
    double the time.  A travel leg (flight, train, transfer) is the travel
    itself, so the hop after it is not checked; events without a location
    are not either.
    """
    starts, ends, events, table = timeline.start, timeline.end, timeline.event, timeline.travel
    size = len(timeline)
    pairs: Pairs = {}
    hops: Hops = {}
    # No hop needs more than this: longer gaps are passed over without looking places up.
    longest = max([table.default, *table.routes.values()]) * 60

    def hop(last: int, k: int, person: str | None) -> None:
        prev = events[last]
        # Identity tests: hashing an enum member calls Python code, and this runs for every short gap.
        kind = prev.kind
        if kind is not Kind.FLIGHT and kind is not Kind.TRAIN and kind is not Kind.TRANSFER \
                and prev.location and events[k].location:
            need = table.minutes(prev.location, events[k].location)
            if need and starts[k] - ends[last] < need * 60:
                entry = hops.setdefault((last, k), (need * 60, []))
                if person is not None:
                    entry[1].append(person)

    if travel:
        last, last_end = -1, -1
        for k in range(size):
            if 0 <= last_end <= starts[k] < last_end + longest:
                hop(last, k, None)
            if ends[k] > last_end:
                last, last_end = k, ends[k]
    for person, indices in people.items():
        last, last_end = -1, -1
        for k in indices:
            start = starts[k]
            if start < last_end:
                if overlaps and events[last] is not events[k]:
                    key = last * size + k
                    got = pairs.get(key)
                    if got is None:
                        pairs[key] = person
                    elif isinstance(got, str):
                        pairs[key] = [got, person]
                    else:
                        got.append(person)
            elif travel and last_end >= 0 and start < last_end + longest:
                hop(last, k, person)
            if ends[k] > last_end:
                last, last_end = k, ends[k]
    return pairs, hops


def overlap_findings(timeline: Timeline, pairs: Pairs) -> list[Finding]:
    """``overlap`` findings from the pairs found by ``sweep``."""
    base, size, starts = rank("overlap", 0), len(timeline), timeline.start
    found = []
    for key, who in pairs.items():
        i, k = divmod(key, size)
        found.append(Finding("overlap", base + starts[k] * 16, _overlap, (timeline, i, k, who)))
    return found


def hop_findings(timeline: Timeline, hops: Hops) -> list[Finding]:
    """``travel-time`` findings from the hops found by ``sweep``."""
    base, starts = rank("travel-time", 0), timeline.start
    return [Finding("travel-time", base + starts[k] * 16, _hop, (timeline, i, k, need, who))
            for (i, k), (need, who) in hops.items()]


def check_overlaps(timeline: Timeline, people: dict[str, list[int]]) -> list[Finding]:
    """The same person in two overlapping events (one finding per pair, naming everyone affected)."""
    return overlap_findings(timeline, sweep(timeline, people, travel=False)[0])


def check_travel(timeline: Timeline, people: dict[str, list[int]]) -> list[Finding]:
    """Too little time between two events at different places, along the whole timeline and each person's."""
    return hop_findings(timeline, sweep(timeline, people, overlaps=False)[1])


def _outside(timeline: Timeline, i: int, local_end: datetime) -> Facts:
    slot, hours_ = timeline.slot(i), timeline.trip.working_hours
    day = timeline.day_of(slot.start)
    text = (f"{day_label(day)}: {quoted(slot.event.title)} ({span(slot.begins, local_end)}) is outside working "
            f"hours ({hours_.start:%H:%M}–{hours_.end:%H:%M}); move it into the working day or change "
            "[trip.working_hours].")
    return Facts(day, slot.begins, (slot.event.id,), (), text)


def check_hours(timeline: Timeline) -> list[Finding]:
    """Work events outside the working hours of the local day they start on, in the event's own zone.

    The working day is two instants per local date and zone, so an event is
    judged on elapsed time: on the night the clocks change, and for an end
    on a later day, nothing is measured on the wall clock.
    """
    hours_ = timeline.trip.working_hours
    base = rank("outside-hours", 0)
    here, spans = timeline.trip.timezone, timeline.days
    midnights = [d.midnight for d in spans]
    # The working day of each trip day as instants; of other dates and zones (few), worked out as they come.
    daily = [(wall_instant(d.day, hours_.start, here), wall_instant(d.day, hours_.end, here)) for d in spans]
    other: dict[tuple[date, str], tuple[int, int]] = {}
    starts, ends, events = timeline.start, timeline.end, timeline.event
    found = []
    for i in [i for i, c in enumerate(timeline.category) if c == WORK]:
        start, tz = starts[i], events[i].tz
        j = bisect_right(midnights, start) - 1
        if tz is here and j >= 0 and start < spans[j].next_midnight:
            first_ok, last_ok = daily[j]
        else:
            key = (timeline.begins(i).date(), tz.key)
            if key not in other:
                other[key] = (wall_instant(key[0], hours_.start, tz), wall_instant(key[0], hours_.end, tz))
            first_ok, last_ok = other[key]
        if start < first_ok or ends[i] > last_ok:
            end = timeline.ends(i).astimezone(tz)
            found.append(Finding("outside-hours", base + start * 16, _outside, (timeline, i, end)))
    return found


def arrival_day(timeline: Timeline) -> date:
    """The destination date on which the first travel leg from another zone lands, else the first day."""
    trip = timeline.trip
    here = trip.timezone.key
    # Comparing the zone objects first keeps this a quick scan of a 100,000-event trip.
    legs = [e for e in trip.events if e.tz is not e.end_tz and e.kind in TRAVEL_KINDS
            and e.end_tz.key == here != e.tz.key]
    if not legs:
        return trip.start
    first = min(legs, key=lambda e: e.start_utc)
    return first.end_utc.astimezone(trip.timezone).date()


def zone_jump(trip: Trip, day: date) -> float:
    """Hours the destination's clocks are ahead of home (negative: behind) at noon of *day*."""
    noon = wall(day, time(12), trip.timezone)
    here, home = noon.utcoffset(), noon.astimezone(trip.home_timezone).utcoffset()
    assert here is not None and home is not None
    return (here - home).total_seconds() / 3600


def _jet_lag(timeline: Timeline, i: int) -> Facts:
    trip, slot = timeline.trip, timeline.slot(i)
    day = timeline.day_of(slot.start)
    home_start, home_end = slot.begins.astimezone(trip.home_timezone), slot.ends.astimezone(trip.home_timezone)
    awake = [wall(home_start.date(), t, trip.home_timezone).astimezone(trip.timezone) for t in BODY_CLOCK]
    local_end = slot.ends.astimezone(slot.begins.tzinfo)
    text = (f"{day_label(day)}: {quoted(slot.event.title)} ({span(slot.begins, local_end)}) "
            f"is {span(home_start, home_end)} on your home body clock ({trip.home_timezone.key}); on the arrival "
            f"day and the day after, keep work within {span(awake[0], awake[1])} local time.")
    return Facts(day, slot.begins, (slot.event.id,), (), text)


def check_jet_lag(timeline: Timeline) -> list[Finding]:
    """Work at night on the home body clock on the arrival day and the day after a big zone jump."""
    trip = timeline.trip
    first = arrival_day(timeline)
    # 16 h ahead is 8 h behind for a body clock: measure the jump the short way round.
    jump = abs((zone_jump(trip, first) + 12) % 24 - 12)
    if jump == 0 or jump < trip.targets.jet_lag_hours:
        return []
    lo = bisect_left(timeline.start, epoch(day_start(first, trip.timezone)))
    hi = bisect_left(timeline.start, epoch(day_start(first + timedelta(days=2), trip.timezone)))
    base = rank("jet-lag", 0)
    home = trip.home_timezone
    awake: dict[date, tuple[int, int]] = {}  # the body clock's day, as instants, per home date
    starts, ends, category = timeline.start, timeline.end, timeline.category
    found = []
    for i in range(lo, hi):
        if category[i] != WORK:
            continue
        home_day = timeline.begins(i).astimezone(home).date()
        if home_day not in awake:
            awake[home_day] = (wall_instant(home_day, BODY_CLOCK[0], home), wall_instant(home_day, BODY_CLOCK[1], home))
        if starts[i] < awake[home_day][0] or ends[i] > awake[home_day][1]:
            found.append(Finding("jet-lag", base + starts[i] * 16, _jet_lag, (timeline, i)))
    return found


def met_people(timeline: Timeline, people: dict[str, list[int]] | None = None) -> dict[str, Slot]:
    """Each person attending a networking or bonding event, with the first such occurrence."""
    category = timeline.category
    met: dict[str, Slot] = {}
    for person, indices in (people if people is not None else by_person(timeline)).items():
        # Each person's list is sorted: the first networking or bonding entry is where they were met.
        first = next((i for i in indices if category[i] in (NETWORKING, BONDING)), None)
        if first is not None:
            met[person] = timeline.slot(first)
    for slot in timeline.all_day:
        if slot.event.kind.category in MET_AT:
            for person in slot.event.attendees:
                if person not in met or (slot.start, slot.end) < (met[person].start, met[person].end):
                    met[person] = slot
    return met


def _no_followup(timeline: Timeline, person: str, slot: Slot) -> Facts:
    day = timeline.slot_day(slot)
    text = (f"{day_label(day)}: {names(timeline, [person])} (met at {quoted(slot.event.title)}) has no "
            "follow-up; add one, or run 'tripplan followups FILE --suggest'.")
    return Facts(day, slot.begins, (slot.event.id,), (person,), text)


def check_followups(timeline: Timeline, people: dict[str, list[int]] | None = None) -> list[Finding]:
    """People met at networking or bonding events who have no follow-up (done or not)."""
    covered = {f.person for f in timeline.trip.followups}
    known = {p.id for p in timeline.trip.people}
    base = rank("no-followup", 0)
    return [Finding("no-followup", base + slot.start * 16, _no_followup, (timeline, person, slot))
            for person, slot in sorted(met_people(timeline, people).items(), key=lambda item: item[1].start)
            if person not in covered and person in known]


def objective_findings(timeline: Timeline) -> list[tuple[str, Finding]]:
    """Active objectives with no linked event; linked events without the objective's people (by objective id)."""
    trip = timeline.trip
    if not trip.objectives:
        return []
    linked = {e.objective for e in trip.events if e.objective}
    found: list[tuple[str, Finding]] = []
    first: dict[str, Slot] = {}
    for slot in (*timeline.all_day, *(timeline.slot(i) for i, e in enumerate(timeline.event) if e.objective)):
        if slot.event.objective:
            first.setdefault(slot.event.id, slot)
    for objective in trip.objectives:
        if objective.status not in ACTIVE:
            continue
        if objective.id not in linked:
            who = f" with {names(timeline, objective.people)}" if objective.people else ""
            text = (f"Objective {quoted(objective.title)} has no event planned for it; plan a meeting or a meal"
                    f"{who} and set its objective to {objective.id!r}.")
            finding = Finding.of("objective-no-event", None, None, text, people=tuple(objective.people))
            found.append((objective.id, finding))
            continue
        for event in trip.events:
            missing = [p for p in objective.people if p not in event.attendees]
            if event.objective != objective.id or not missing:
                continue
            seen = first.get(event.id)
            instant = seen.start if seen else epoch(event.start_utc)
            day = timeline.slot_day(seen) if seen else timeline.day_of(instant)
            verb = "is" if len(missing) == 1 else "are"
            text = (f"{day_label(day)}: {quoted(event.title)} serves {quoted(objective.title)} but "
                    f"{names(timeline, missing)} {verb} not invited; invite them or link the event to another "
                    "objective.")
            finding = Finding.of("objective-people-absent", day, seen.begins if seen else event.local_start, text,
                                 (event.id,), tuple(missing), instant)
            found.append((objective.id, finding))
    return found


def check_objectives(timeline: Timeline) -> list[Finding]:
    """Active objectives with no linked event; linked events without the objective's people."""
    return [finding for _, finding in objective_findings(timeline)]


def run_checks(timeline: Timeline) -> list[Finding]:
    """Every schedule check (not the balance warnings), unsorted."""
    people = by_person(timeline)
    pairs, hops = sweep(timeline, people)
    return [*overlap_findings(timeline, pairs), *hop_findings(timeline, hops), *check_hours(timeline),
            *check_jet_lag(timeline), *check_followups(timeline, people), *check_objectives(timeline)]


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while allocating many small acyclic objects.

    At 100,000 events the collector would rescan the whole trip again and
    again while findings are created (measured: twice the time); nothing built
    here holds a reference cycle, so nothing waits for collection.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def analyse(trip: Trip) -> tuple[Timeline, Balance, list[Finding]]:
    """Balance and every check of *trip*: the timeline, the balance, and all findings in order."""
    with _no_cyclic_gc():
        timeline = Timeline(trip)
        balance = compute_balance(timeline)
        return timeline, balance, sort_findings([*balance.findings, *run_checks(timeline)])
