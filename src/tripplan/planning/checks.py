"""Schedule checks; each finding has its own code (``findings.CODES``, explained in docs/planning.md).

Every check is a sort and a sweep, never a loop over pairs: the timeline is
sorted once, each person's occurrences (the travellers' included) are a
sorted sub-list of it, and an overlap or a too-short hop is found by
comparing an occurrence with the one that ends last before it
(``tripplan.planning.overlaps``).  Working hours are those of each day's
stop; jet lag is per traveller and per zone jump (``tripplan.planning.jetlag``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, datetime

from tripplan.ical.rsvp import Coming, soon
from tripplan.planning.balance import Balance, compute_balance
from tripplan.planning.findings import Facts, Finding, clock, day_label, quoted, rank, sort_findings, span
from tripplan.planning.jetlag import arrival_day as arrival_day
from tripplan.planning.jetlag import check_jet_lag
from tripplan.planning.overlaps import hop_findings, overlap_findings, sweep
from tripplan.planning.timeline import BONDING, NETWORKING, WORK, Slot, Timeline, epoch, wall_instant
from tripplan.trip.model import Category, ObjectiveStatus, Trip, WorkingHours

ACTIVE = frozenset({ObjectiveStatus.OPEN, ObjectiveStatus.IN_PROGRESS})
MET_AT = frozenset({Category.NETWORKING, Category.BONDING})


def names(timeline: Timeline, people: Iterable[str]) -> str:
    """"Ana Ruiz", "you and Ana Ruiz", "A, B and C" (:meth:`Timeline.names`)."""
    return timeline.names(people)


def by_person(timeline: Timeline) -> dict[str, list[int]]:
    """Positions of each person's occurrences in the timeline (the travellers' first), in time order."""
    return timeline.attendance()


def check_overlaps(timeline: Timeline, people: dict[str, list[int]]) -> list[Finding]:
    """The same person in two overlapping events (one finding per pair, naming everyone affected)."""
    return overlap_findings(timeline, sweep(timeline, people, travel=False)[0])


def check_travel(timeline: Timeline, people: dict[str, list[int]]) -> list[Finding]:
    """Too little time between two events at different places, along the whole timeline and each person's."""
    return hop_findings(timeline, sweep(timeline, people, overlaps=False)[1])


def _outside(timeline: Timeline, i: int, local_end: datetime, hours_: WorkingHours, source: str) -> Facts:
    slot = timeline.slot(i)
    day = timeline.day_of(slot.start)
    text = (f"{day_label(day)}: {quoted(slot.event.title)} ({span(slot.begins, local_end)}) is outside working "
            f"hours ({hours_.start:%H:%M}–{hours_.end:%H:%M}); move it into the working day or change "
            f"{source}.")
    return Facts(day, slot.begins, (slot.event.id,), (), text)


def _hours_source(timeline: Timeline, day: date, tz_key: str) -> tuple[WorkingHours, str]:
    """The working hours that judge a work event starting on the local *day* in zone *tz_key*, and where they are set.

    Those of the day's stop when the event is in that stop's zone, else the
    trip's (a call at home before the flight keeps the usual working day).
    """
    trip = timeline.trip
    stop = trip.stop_on(day)
    if trip.start <= day <= trip.end and stop.tz.key == tz_key and stop.working_hours is not None:
        return stop.working_hours, f"the working_hours of the {stop.city or stop.tz.key} stop"
    return trip.working_hours, "[trip.working_hours]"


def check_hours(timeline: Timeline) -> list[Finding]:
    """Work events a traveller attends outside the working hours of the day they start on, in their own zone.

    The working hours are those of the day's stop (``trip.working_hours_on``).
    The working day is two instants per local date and zone, so an event is
    judged on elapsed time: on the night the clocks change, and for an end
    on a later day, nothing is measured on the wall clock.
    """
    base = rank("outside-hours", 0)
    spans = timeline.days
    midnights = [d.midnight for d in spans]
    # The working day of each trip day as instants; of other dates and zones (few), worked out as they come.
    daily = []
    for d in spans:
        hours_, source = _hours_source(timeline, d.day, d.tz.key)
        daily.append((wall_instant(d.day, hours_.start, d.tz), wall_instant(d.day, hours_.end, d.tz), hours_, source))
    other: dict[tuple[date, str], tuple[int, int, WorkingHours, str]] = {}
    starts, ends, events, category = timeline.start, timeline.end, timeline.event, timeline.category
    found = []
    unattended = timeline.unattended
    for i in [i for i, c in enumerate(category) if c == WORK and i not in unattended]:
        start, tz = starts[i], events[i].tz
        j = bisect_right(midnights, start) - 1
        if j >= 0 and start < spans[j].next_midnight and (tz is spans[j].tz or tz.key == spans[j].tz.key):
            first_ok, last_ok, hours_, source = daily[j]
        else:
            key = (timeline.begins(i).date(), tz.key)
            if key not in other:
                hours_, source = _hours_source(timeline, *key)
                other[key] = (wall_instant(key[0], hours_.start, tz), wall_instant(key[0], hours_.end, tz), hours_,
                              source)
            first_ok, last_ok, hours_, source = other[key]
        if start < first_ok or ends[i] > last_ok:
            end = timeline.ends(i).astimezone(tz)
            found.append(Finding("outside-hours", base + start * 16, _outside, (timeline, i, end, hours_, source)))
    return found


def met_people(timeline: Timeline, people: dict[str, list[int]] | None = None) -> dict[str, Slot]:
    """Each person attending a networking or bonding event, with the first such occurrence."""
    category = timeline.category
    team = set(timeline.travellers) | {p.id for p in timeline.trip.people if p.traveller}
    met: dict[str, Slot] = {}
    for person, indices in (people if people is not None else by_person(timeline)).items():
        if person in team:  # the traveller and the teammates are not met: they travel together
            continue
        # Each person's list is sorted: the first networking or bonding entry is where they were met.
        first = next((i for i in indices if category[i] in (NETWORKING, BONDING)), None)
        if first is not None:
            met[person] = timeline.slot(first)
    for slot in timeline.all_day:
        if slot.event.kind.category in MET_AT:
            for person in slot.event.attendees:
                if person in team:
                    continue
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
        # Each of the objective's people in none of its events: one warning per person, at its first event.
        serving = sorted((e for e in trip.events if e.objective == objective.id), key=lambda e: e.start_utc)
        for person in objective.people:
            if any(trip.attends(event, person) for event in serving):
                continue
            event = serving[0]
            seen = first.get(event.id)
            instant = seen.start if seen else epoch(event.start_utc)
            day = timeline.slot_day(seen) if seen else timeline.day_of(instant)
            titles = ", ".join(quoted(e.title) for e in serving[:3]) + (", …" if len(serving) > 3 else "")
            count = "its event" if len(serving) == 1 else f"any of its {len(serving)} events"
            text = (f"Objective {quoted(objective.title)}: {names(timeline, [person])} "
                    f"{'are' if timeline.plural([person]) else 'is'} not invited to {count} ({titles}); invite "
                    "them to one, or plan one with them.")
            finding = Finding.of("objective-people-absent", day, seen.begins if seen else event.local_start, text,
                                 tuple(e.id for e in serving), (person,), instant)
            found.append((objective.id, finding))
    return found


def check_objectives(timeline: Timeline) -> list[Finding]:
    """Active objectives with no linked event; linked events without the objective's people."""
    return [finding for _, finding in objective_findings(timeline)]


RSVP_DAYS = 3  # how far ahead an event's missing answers are worth a warning


def _waiting(timeline: Timeline, start: datetime, coming: Coming) -> Facts:
    instant = epoch(start)
    day = timeline.day_of(instant)
    begins = timeline.local(instant)
    waiting = coming.waiting
    invited = len(coming.invitable)
    text = (f"{day_label(day)}: {quoted(coming.event.title)} ({clock(begins)}) still waits for answers from "
            f"{names(timeline, [i.person.id for i in waiting])} ({len(waiting)} of {invited} invited); ask them, "
            "or read their replies with 'tripplan replies FILE MAILBOX'.")
    return Facts(day, begins, (coming.event.id,), tuple(i.person.id for i in waiting), text)


def check_rsvp(timeline: Timeline, now: datetime, days: int = RSVP_DAYS) -> list[Finding]:
    """Events starting within *days* of *now* whose answers from more than half of the invited are missing.

    The invited are the people an invite for the event goes to who have an
    e-mail (the traveller never counts); an answer to an earlier version of a
    changed event does not count (:mod:`tripplan.trip.answers`).
    """
    found = []
    for start, coming in soon(timeline.trip, now, days):
        invited, waiting = len(coming.invitable), len(coming.waiting)
        if invited and waiting * 2 > invited:
            found.append(Finding("rsvp-waiting", rank("rsvp-waiting", epoch(start)), _waiting,
                                 (timeline, start, coming)))
    return found


def run_checks(timeline: Timeline, now: datetime | None = None) -> list[Finding]:
    """Every schedule check (not the balance warnings), unsorted; with *now*, also the answers still awaited."""
    people = by_person(timeline)
    pairs, hops = sweep(timeline, people)
    timely = check_rsvp(timeline, now) if now is not None else []
    return [*overlap_findings(timeline, pairs), *hop_findings(timeline, hops), *check_hours(timeline),
            *check_jet_lag(timeline), *check_followups(timeline, people), *check_objectives(timeline), *timely]


def analyse(trip: Trip, now: datetime | None = None) -> tuple[Timeline, Balance, list[Finding]]:
    """Balance and every check of *trip*: the timeline, the balance, and all findings in order.

    With *now* (an aware instant), also the checks that depend on the clock (:data:`TIMELY_CODES`).
    """
    # The cyclic collector stays on: pausing it (once twice as fast at 100,000 events) paused it for the
    # whole process, the TUI's thread included, whichever thread ran this.
    timeline = Timeline(trip)
    balance = compute_balance(timeline)
    return timeline, balance, sort_findings([*balance.findings, *run_checks(timeline, now)])
