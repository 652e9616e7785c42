"""The jet-lag check: work at night on a traveller's body clock right after each big zone jump.

Each traveller has their own jumps: from their home zone (``trip.home_of``)
to the first stop, on the arrival day (the day the first travel leg into
the first stop's zone lands, else the trip's first day); and from each stop
to the next whose zone differs by at least ``jet_lag_hours``, on the new
stop's first day (the day of a move belongs to the next stop), with the body
clock taken to have settled on the previous stop's time.  On the day of a
jump and the day after, a work event the traveller attends must fit within
07:00–22:00 on the body clock.  Travellers who share a body clock for a jump
share its findings, which name them when the trip has several travellers.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from tripplan.planning.findings import Facts, Finding, day_label, quoted, rank, span
from tripplan.planning.timeline import TRAVEL_KINDS, WORK, Timeline, epoch, wall, wall_instant
from tripplan.time.zones import day_start
from tripplan.trip.model import Trip

# The body clock's day: work outside it right after a long flight is work at night.
BODY_CLOCK = (time(7, 0), time(22, 0))


def arrival_day(timeline: Timeline) -> date:
    """The date on which the first travel leg from another zone lands in the first stop's zone, else the first day."""
    trip = timeline.trip
    here = trip.stops[0].tz
    before = timeline.zones.bounds[0] if timeline.zones.bounds else None
    # Comparing the zone objects first keeps this a quick scan of a 100,000-event trip.
    legs = [e for e in trip.events if e.tz is not e.end_tz and e.kind in TRAVEL_KINDS
            and e.end_tz.key == here.key != e.tz.key and (before is None or e.end_utc.timestamp() < before)]
    if not legs:
        return trip.start
    first = min(legs, key=lambda e: e.start_utc)
    return first.end_utc.astimezone(here).date()


def offset_hours(day: date, here: ZoneInfo, body: ZoneInfo) -> float:
    """Hours *here*'s clocks are ahead of *body*'s (negative: behind) at noon of *day* in *here*."""
    noon = wall(day, time(12), here)
    ahead, behind = noon.utcoffset(), noon.astimezone(body).utcoffset()
    assert ahead is not None and behind is not None
    return (ahead - behind).total_seconds() / 3600


def zone_jump(trip: Trip, day: date) -> float:
    """Hours the first stop's clocks are ahead of home (negative: behind) at noon of *day*."""
    return offset_hours(day, trip.stops[0].tz, trip.home_timezone)


def short_way(hours: float) -> float:
    """A clock difference the short way round: 16 h ahead is 8 h behind for a body clock."""
    return abs((hours + 12) % 24 - 12)


@dataclass(frozen=True)
class Jump:
    """Travellers arriving on *day* in *here* with their body clocks on *body*'s time."""

    day: date
    here: ZoneInfo
    body: ZoneInfo
    home: bool  # the body clock is the home one (the first stop), not the previous stop's
    place: str  # the new stop's city, for the sentence
    travellers: tuple[str, ...]


def jumps(timeline: Timeline) -> list[Jump]:
    """Every zone jump of the trip at least ``jet_lag_hours`` long, with the travellers it affects."""
    trip = timeline.trip
    limit = trip.targets.jet_lag_hours
    stops = trip.stops
    found: list[Jump] = []
    first = arrival_day(timeline)
    homes: dict[str, list[str]] = {}
    for traveller in timeline.travellers:
        homes.setdefault(trip.home_of(traveller).key, []).append(traveller)
    for travellers in homes.values():
        home = trip.home_of(travellers[0])
        jump = short_way(offset_hours(first, stops[0].tz, home))
        if jump and jump >= limit:
            found.append(Jump(first, stops[0].tz, home, True, stops[0].city, tuple(travellers)))
    for before, stop in pairwise(stops):
        jump = short_way(offset_hours(stop.first, stop.tz, before.tz))
        if jump and jump >= limit:
            found.append(Jump(stop.first, stop.tz, before.tz, False, stop.city, tuple(timeline.travellers)))
    return found


def advised_window(timeline: Timeline, local_day: date, here: ZoneInfo, body: ZoneInfo) -> tuple[int, int] | None:
    """The part of *local_day*'s working hours (in *here*) that is day on the body clock (*body*), as instants.

    The body clock's day (:data:`BODY_CLOCK`) mapped to local time may cross
    midnight (07:00–22:00 in New York is 12:00–03:00 in Lisbon): advice must
    be a stretch of the local working day, so the two are intersected; the
    longest overlap with any body-clock day wins.  ``None`` when no working
    hour is daytime on the body clock.
    """
    hours_ = timeline.trip.working_hours_on(local_day)
    lo, hi = wall_instant(local_day, hours_.start, here), wall_instant(local_day, hours_.end, here)
    best: tuple[int, int] | None = None
    for body_day in (local_day - timedelta(days=1), local_day, local_day + timedelta(days=1)):
        a = max(lo, wall_instant(body_day, BODY_CLOCK[0], body))
        b = min(hi, wall_instant(body_day, BODY_CLOCK[1], body))
        if b > a and (best is None or b - a > best[1] - best[0]):
            best = (a, b)
    return best


def _jet_lag(timeline: Timeline, i: int, jump: Jump, who: tuple[str, ...]) -> Facts:
    slot = timeline.slot(i)
    day = timeline.day_of(slot.start)
    here = timeline.zone_at(slot.start)
    body = jump.body
    body_start, body_end = slot.begins.astimezone(body), slot.ends.astimezone(body)
    me = timeline.travellers[0]
    kind = "home body clock" if jump.home else "body clock"
    if len(who) == 1:
        owner = "your" if who[0] == me else f"{timeline.names(who)}'s"
        clock_text = f"{owner} {kind}"
    else:
        clock_text = f"the {kind} of {timeline.names(who)}"
    clock_text += f" ({body.key})" if jump.home else f", still on {body.key} time"
    when = ("on the arrival day and the day after" if jump.home
            else f"on the first day in {jump.place or jump.here.key} and the day after")
    begins = slot.begins.astimezone(here)
    local = span(begins, slot.ends.astimezone(here))
    hours_ = timeline.trip.working_hours_on(begins.date())
    working = f"{hours_.start:%H:%M}–{hours_.end:%H:%M}"
    body_day = f"{BODY_CLOCK[0]:%H:%M}–{BODY_CLOCK[1]:%H:%M}"
    window = advised_window(timeline, begins.date(), here, body)
    if window is None:
        advice = (f"no part of the working day ({working}) falls in the body clock's day ({body_day}); keep "
                  "that day light and plan the work for later in the trip")
    else:
        advice = (f"keep work within {span(timeline.local(window[0], here), timeline.local(window[1], here))} "
                  f"{here.key} time: the working hours ({working}) when that body clock is awake ({body_day})")
    text = (f"{day_label(day)}: {quoted(slot.event.title)} ({local}) "
            f"is {span(body_start, body_end)} on {clock_text}, night there; {when}, {advice}.")
    return Facts(day, slot.begins, (slot.event.id,), who, text)


def _day_begins(timeline: Timeline, day: date, tz: ZoneInfo) -> int:
    """The first instant of *day*: its trip day's, else its midnight in *tz* (a landing before the trip)."""
    spans = timeline.days
    index = (day - spans[0].day).days
    if 0 <= index < len(spans):
        return spans[index].midnight
    return spans[-1].next_midnight if index == len(spans) else epoch(day_start(day, tz))


def check_jet_lag(timeline: Timeline) -> list[Finding]:
    """Work at night on each traveller's body clock on the day of each big zone jump and the day after."""
    found: list[Finding] = []
    base = rank("jet-lag", 0)
    people = timeline.attendance()
    starts, ends, category = timeline.start, timeline.end, timeline.category
    for jump in jumps(timeline):
        lo, hi = _day_begins(timeline, jump.day, jump.here), _day_begins(timeline, jump.day + timedelta(days=2),
                                                                          jump.here)
        first, last = bisect_left(starts, lo), bisect_left(starts, hi)
        attending: dict[int, list[str]] = {}
        for traveller in jump.travellers:
            positions = people[traveller]
            for i in positions[bisect_left(positions, first):bisect_left(positions, last)]:
                if category[i] == WORK:
                    attending.setdefault(i, []).append(traveller)
        awake: dict[date, tuple[int, int]] = {}  # the body clock's day, as instants, per body-clock date
        for i in sorted(attending):
            body_day = timeline.begins(i).astimezone(jump.body).date()
            if body_day not in awake:
                awake[body_day] = (wall_instant(body_day, BODY_CLOCK[0], jump.body),
                                   wall_instant(body_day, BODY_CLOCK[1], jump.body))
            if starts[i] < awake[body_day][0] or ends[i] > awake[body_day][1]:
                found.append(Finding("jet-lag", base + starts[i] * 16, _jet_lag,
                                     (timeline, i, jump, tuple(attending[i]))))
    return found
