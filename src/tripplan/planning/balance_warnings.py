"""The sentences of the ``balance-*`` warnings, and what they point at.

A warning that names a free slot names one ``tripplan suggest`` can use: the
bonding and culture hints are worked out by the suggestion planner itself
(:func:`tripplan.planning.proposals.proposals_for`), so the warning and the
suggestions never disagree (issue 17: "nothing to suggest" next to a warning
naming a free slot).  Those two sentences are built on first use, like every
finding's (a big trip has many and the TUI shows a screenful).  A share is
never rounded across its target (:func:`tripplan.planning.findings.percent`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Final
from zoneinfo import ZoneInfo

from tripplan.planning.day_balance import work_text
from tripplan.planning.findings import Facts, Finding, day_label, hours, percent, quoted, rank, span
from tripplan.planning.timeline import Timeline, epoch, wall_instant
from tripplan.trip.model import Category

if TYPE_CHECKING:
    from tripplan.planning.day_balance import Balance, DayBalance
    from tripplan.planning.proposals import Suggestion

# A free slot shorter than this is not worth pointing at.
MENTION_SECONDS: Final = 30 * 60


def evening_slot(day: DayBalance, timeline: Timeline) -> tuple[int, int] | None:
    """The free slot to point at for bonding: the longest after the day's working hours, else the longest."""
    trip = timeline.trip
    after_work = wall_instant(day.day, trip.working_hours_on(day.day).end, trip.zone_on(day.day))
    evening = [(max(a, after_work), b) for a, b in day.free if b - max(a, after_work) >= MENTION_SECONDS]
    candidates = evening or [(a, b) for a, b in day.free if b - a >= MENTION_SECONDS]
    return max(candidates, key=lambda g: g[1] - g[0]) if candidates else None


def _zone(day: DayBalance) -> ZoneInfo:
    tz = day.window[0].tzinfo
    assert isinstance(tz, ZoneInfo)
    return tz


def _stretch(timeline: Timeline, piece: tuple[int, int], tz: ZoneInfo) -> str:
    return span(timeline.local(piece[0], tz), timeline.local(piece[1], tz))


def _work(day: DayBalance) -> str:
    work = day.seconds[Category.WORK]
    return f"{hours(work)} of work" if work else "no work"


def _over_limit(days: list[DayBalance], j: int, limit: int) -> str | None:
    """What ``balance-work`` says of day *j* of one traveller's days (``None``: within the limit)."""
    day = days[j]
    work = day.seconds[Category.WORK]
    if work <= limit:
        return None
    lighter = [d for d in days if d is not day and d.seconds[Category.WORK] + 3600 <= limit]
    lightest = min(lighter, key=lambda d: (d.seconds[Category.WORK], d.day), default=None)
    where = (f"move a meeting to {day_label(lightest.day)} ({_work(lightest)}) or shorten one"
             if lightest else "shorten or drop a meeting")
    return f"{hours(work)} of work, over the {hours(limit)} limit; {where}."


def _no_rest(days: list[DayBalance], j: int, need: int, timeline: Timeline) -> str | None:
    """What ``balance-rest`` says of day *j* of one traveller's days (``None``: a long enough break)."""
    day = days[j]
    if not need or day.break_seconds >= need:
        return None
    at_stops = timeline.free_window(timeline.days[j])
    if at_stops[1] - at_stops[0] < need:  # still on the way (or gone): no break can be taken there, none is missed
        return None
    if day.longest_break:
        longest = f"the longest is {hours(day.break_seconds)}, {_stretch(timeline, day.longest_break, _zone(day))}"
    else:
        longest = "there is no break at all"
    return (f"no free or rest block of {hours(need)} between {span(*day.window)} ({longest}); "
            "shorten or move an event to make room.")


def _per_traveller(code: str, texts: dict[str, str | None], day: DayBalance, timeline: Timeline) -> list[Finding]:
    """One finding per distinct sentence, naming the travellers it is about when the trip has several."""
    groups: dict[str, list[str]] = {}
    for traveller, text in texts.items():
        if text is not None:
            groups.setdefault(text, []).append(traveller)
    found = []
    for text, who in groups.items():
        tag = "" if timeline.solo else f" ({timeline.names(who)})"
        people = () if timeline.solo else tuple(who)
        found.append(Finding.of(code, day.day, day.window[0], f"{day_label(day.day)}{tag}: {text}", (), people,
                                epoch(day.window[0])))
    return found


def balance_findings(balance: Balance, timeline: Timeline, own: dict[str, list[DayBalance]],
                     units: list[tuple[date, date, str]]) -> list[Finding]:
    """The ``balance-*`` findings of *balance* (*own*: each traveller's days; *units*: where culture is due)."""
    targets = timeline.trip.targets
    found: list[Finding] = []
    limit = int(targets.work_hours_max * 3600)
    need = targets.rest_minutes_min * 60
    for j, day in enumerate(balance.days):
        found += _per_traveller("balance-work", {t: _over_limit(d, j, limit) for t, d in own.items()}, day, timeline)
        share = day.bonding_share or 0.0
        if day.bonding_applies and targets.bonding_share > 0 and share < targets.bonding_share:
            who = () if timeline.solo else (balance.traveller,)
            found.append(Finding("balance-bonding", rank("balance-bonding", epoch(day.window[0])), _bonding,
                                 (timeline, balance, j, who)))
        found += _per_traveller("balance-rest", {t: _no_rest(d, j, need, timeline) for t, d in own.items()}, day,
                                timeline)
    for first, last, city in units:
        if (first, last) not in balance.culture_missing:
            continue
        found.append(Finding("balance-culture", rank("balance-culture", None), _culture,
                             (timeline, balance, first, last, city)))
    return found


def _proposal_text(found: list[Suggestion]) -> str:
    first = found[0]
    return (f"'tripplan suggest' proposes {quoted(first.title)} on {day_label(first.day)} "
            f"{span(first.local_start, first.local_end)}")


def _bonding(timeline: Timeline, balance: Balance, j: int, who: tuple[str, ...]) -> Facts:
    """The ``balance-bonding`` sentence of day *j*: the share against the target and what suggest proposes."""
    from tripplan.planning.proposals import proposals_for  # the planner: imported when first needed

    day, target = balance.days[j], timeline.trip.targets.bonding_share
    bonding = day.seconds[Category.BONDING]
    placed = proposals_for(timeline, balance, [day], bonding=True)
    if placed:
        hint = _proposal_text(placed)
    else:
        slot = evening_slot(day, timeline)
        free = _stretch(timeline, slot, _zone(day)) if slot else ""
        longest = f" ({free} is free, but too short or too late for one)" if slot else ""
        hint = (f"no free slot fits a meal or an outing at its usual time{longest}; move or shorten a meeting to "
                "make room")
    if bonding == 0:
        text = f"{work_text(day)} and no bonding time; {hint}."
    else:
        text = (f"{hours(bonding)} of bonding is {percent(bonding / day.scheduled, target)} of the scheduled "
                f"{hours(day.scheduled)} (target {percent(target)}); {hint}.")
    tag = f" ({timeline.names(who)})" if who else ""
    return Facts(day.day, day.window[0], (), who, f"{day_label(day.day)}{tag}: {text}")


def _culture(timeline: Timeline, balance: Balance, first: date, last: date, city: str) -> Facts:
    """The ``balance-culture`` sentence of the days *first*..*last*: what is missing and what suggest proposes."""
    from tripplan.planning.proposals import proposals_for

    targets = timeline.trip.targets
    stretch = [d for d in balance.days if first <= d.day <= last]
    placed = proposals_for(timeline, balance, stretch, culture=(first, last))
    hint = (_proposal_text(placed) if placed
            else "no free slot fits an outing; make room for one")
    if city:
        text = (f"No cultural outing in {city} ({day_label(first)}–{day_label(last)}, {len(stretch)} days; "
                f"target: one in each stop of {targets.culture_min_days} days or more); {hint}.")
    else:
        text = (f"No cultural outing in {len(balance.days)} days (target: one on trips of "
                f"{targets.culture_min_days} days or more); {hint}.")
    return Facts(None, None, (), (), text)
