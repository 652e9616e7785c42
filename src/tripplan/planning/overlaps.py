"""The overlap and travel-time checks: one sorted sweep per person, never a loop over pairs.

Each person's occurrences are a sorted sub-list of the timeline
(:meth:`Timeline.attendance`), the travellers' included: an event that lists
no travellers is attended by all of them, so the traveller's own double
bookings are found like anyone's.  An occurrence is compared with the one
that ends last before it: starting before a busy one ends is an overlap,
starting after it too soon for the trip between the two places is a short
hop.  Only busy occurrences overlap (a moment of no length, an event the
calendar marks free, free time and rest do not; all-day events are not in
the sweep at all).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from tripplan.planning.findings import Facts, Finding, clock, day_label, hours, quoted, rank, span
from tripplan.planning.timeline import Timeline
from tripplan.trip.model import Kind

Pairs = dict[int, "str | list[str]"]
Hops = dict[tuple[int, int], tuple[int, list[str]]]


def local_span(timeline: Timeline, i: int, tz: ZoneInfo) -> str:
    """The *i*-th occurrence's times, both ends in *tz* (the zone of the day a finding is about)."""
    return span(timeline.local(timeline.start[i], tz), timeline.local(timeline.end[i], tz))


def _overlap(timeline: Timeline, i: int, k: int, who: str | list[str]) -> Facts:
    # Sentences for a hundred thousand findings: only the wall times that are shown are worked out.
    a, b = timeline.event[i], timeline.event[k]
    people = [who] if isinstance(who, str) else who
    day = timeline.day_of(timeline.start[k])
    tz = timeline.zone_at(timeline.start[k])
    verb = "are" if timeline.plural(people) else "is"
    text = (f"{day_label(day)} {clock(timeline.local(timeline.start[k], tz))}: {timeline.names(people)} {verb} "
            f"booked into {quoted(a.title)} ({local_span(timeline, i, tz)}) and {quoted(b.title)} "
            f"({local_span(timeline, k, tz)}) at once; move or shorten one of them.")
    return Facts(day, timeline.begins(k), (a.id, b.id), tuple(people), text)


def _hop(timeline: Timeline, i: int, k: int, need: int, people: list[str]) -> Facts:
    a, b = timeline.event[i], timeline.event[k]
    day = timeline.day_of(timeline.start[k])
    tz = timeline.zone_at(timeline.start[k])
    gap = timeline.start[k] - timeline.end[i]
    have = "no time" if gap <= 0 else f"only {hours(gap)}"
    # The lone traveller goes without saying; teammates and attendees are named.
    alone = timeline.solo and people == timeline.travellers
    who = f" (for {timeline.names(people)})" if people and not alone else ""
    text = (f"{day_label(day)} {clock(timeline.local(timeline.start[k], tz))}: {have} between {quoted(a.title)} "
            f"(ends {clock(timeline.local(timeline.end[i], tz))}, "
            f"{a.location}) and {quoted(b.title)} ({b.location}), but getting there{who} takes "
            f"{travel_text(timeline, a.location, b.location, need)}; start later or leave earlier.")
    return Facts(day, timeline.begins(k), (a.id, b.id), tuple(people), text)


def travel_text(timeline: Timeline, origin: str, destination: str, seconds: int) -> str:
    """How long the way from *origin* to *destination* takes, saying when it is only the default estimate.

    "25 min (from [[travel_times]])", or "about 30 min (an estimate; set the
    real time in the trip file's [[travel_times]]: from, to, minutes)" when it
    is ``travel_minutes_default``.  No command sets travel times: the trip
    file is where they are given (docs/trip-format.md).
    """
    if timeline.travel.given(origin, destination):
        return f"{hours(seconds)} (from [[travel_times]])"
    return (f"about {hours(seconds)} (an estimate; set the real time in the trip file's [[travel_times]]: from, to, "
            "minutes)")


def sweep(timeline: Timeline, people: dict[str, list[int]], *, overlaps: bool = True,
          travel: bool = True) -> tuple[Pairs, Hops]:
    """Overlapping pairs per person, and hops with too little travel time along each person's own events.

    Each person's occurrences are compared in order with the one that ends
    last before them: starting before the busy one that ends last is an
    overlap, starting after every one has ended but too soon for the trip
    between the two places is a short hop.  One pass per person (the
    travellers included) serves both checks.  Overlapping pairs are keyed by
    one integer (first × size + second) and hold one person or a list of
    them: a dense trip has a hundred thousand pairs, and a tuple and a list
    for each would double the time.  A travel leg (flight, train, transfer)
    is the travel itself, so the hop after it is not checked; events without
    a location are not either.
    """
    starts, ends, events, busy, table = timeline.start, timeline.end, timeline.event, timeline.busy, timeline.travel
    size = len(timeline)
    pairs: Pairs = {}
    hops: Hops = {}
    # No hop needs more than this: longer gaps are passed over without looking places up.
    longest = max([table.default, *table.routes.values()]) * 60

    def hop(last: int, k: int, person: str) -> None:
        prev = events[last]
        # Identity tests: hashing an enum member calls Python code, and this runs for every short gap.
        kind = prev.kind
        if kind is not Kind.FLIGHT and kind is not Kind.TRAIN and kind is not Kind.TRANSFER \
                and prev.location and events[k].location:
            need = table.minutes(prev.location, events[k].location)
            if need and starts[k] - ends[last] < need * 60:
                hops.setdefault((last, k), (need * 60, []))[1].append(person)

    for person, indices in people.items():
        last, last_end = -1, -1  # the occurrence that ends last so far (for hops)
        held, held_end = -1, -1  # the busy one that ends last so far (for overlaps); never later than last_end
        for k in indices:
            start = starts[k]
            if start < last_end:
                if overlaps and start < held_end and busy[k] and events[held] is not events[k]:
                    key = held * size + k
                    got = pairs.get(key)
                    if got is None:
                        pairs[key] = person
                    elif isinstance(got, str):
                        pairs[key] = [got, person]
                    else:
                        got.append(person)
            elif travel and last_end >= 0 and start < last_end + longest:
                hop(last, k, person)
            end = ends[k]
            if end > last_end:
                last, last_end = k, end
            if end > held_end and busy[k]:
                held, held_end = k, end
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
