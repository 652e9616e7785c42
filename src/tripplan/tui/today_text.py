"""The parts of Today (tripplan.tui.screens.today) that are worked out rather than laid out.

Home time that names its own day, the "leave by" hint from the trip's
travel times, and the briefs (people to remember, the goal, notes) shown
below now and next.  Instants are compared in UTC; wall times are derived
from them for display only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from textual.content import Content

from tripplan.planning.briefs import build_brief
from tripplan.planning.timeline import TRAVEL_KINDS, TravelTable
from tripplan.time.countdown import between, span_words
from tripplan.tui.markup import m as _m
from tripplan.tui.text import clock, day_changes, local

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from tripplan.trip.model import Trip
    from tripplan.trip.recurrence import Occurrence
    from tripplan.tui.widgets.details import Lines


def short_place(location: str) -> str:
    """``Cervejaria Ramiro`` of ``Cervejaria Ramiro, Av. Almirante Reis 1``: the name before the address."""
    return location.split(",")[0].strip() or location.strip()


def home_range(start: datetime, end: datetime, here: ZoneInfo, home: ZoneInfo) -> str:
    """``Sun 20:00–Mon 02:45 EST``: an occurrence in home time, beside its times in *here*.

    The start names its day when the home date differs from the local one
    (the overnight flight from New York leaves on Sunday at home, Monday in
    Lisbon), the end when it falls on another day than the start.
    """
    s, e = local(start, home), local(end, home)
    tagged = day_changes(s.date(), home) or day_changes(e.date(), home)  # then each end names its zone
    left = clock(start, home, tagged=tagged)
    if s.date() != local(start, here).date():
        left = f"{s:%a} {left}"
    if start == end:
        return left if tagged else f"{left} {s.tzname()}"
    right = clock(end, home, tagged=tagged)
    if e.date() != s.date():
        right = f"{e:%a} {right}"
    return f"{left}–{right}" if tagged else f"{left}–{right} {e.tzname()}"


@dataclass(frozen=True)
class Hop:
    """Getting to an occurrence from the place of the one before it."""

    minutes: int
    estimate: bool  # the trip's default travel time, not a route it gives
    leave: datetime  # the instant to leave by (UTC)
    place: str  # where to, short


def hop_to(trip: Trip, day: list[Occurrence], occ: Occurrence) -> Hop | None:
    """The trip to *occ* from the place of the occurrence of *day* that ends last before it starts.

    None when there is nothing before it, either has no place, they are at
    the same place, or the one before is a travel leg (its place is where
    it left from) — the rules of the travel-time check (planning.overlaps).
    """
    before = [o for o in day if o.start_utc < occ.start_utc and not o.event.all_day and o.event is not occ.event]
    if not before or not occ.event.location:
        return None
    prev = max(before, key=lambda o: o.end_utc)
    if prev.event.kind in TRAVEL_KINDS or not prev.event.location:
        return None
    table = TravelTable(trip)
    minutes = table.minutes(prev.event.location, occ.event.location)
    if not minutes:
        return None
    known = (table.key(prev.event.location), table.key(occ.event.location)) in table.routes
    return Hop(minutes, not known, occ.start_utc - timedelta(minutes=minutes), short_place(occ.event.location))


def leave_line(hop: Hop, now: datetime, zone: ZoneInfo, *, short: bool = False) -> Content:
    """``leave by 12:35 (25 min to Cervejaria Ramiro)``; an estimate says so, and (unless *short*) where to set it."""
    way = (f"about {hop.minutes} min to $p, an estimate" if hop.estimate else f"{hop.minutes} min to $p")
    how = "" if short or not hop.estimate else ": set it in the trip's $t"
    late = between(hop.leave, now)
    if late > timedelta(0):
        return _m(f"[b $warning]leave now[/] [$text-muted]({way}{how}; you arrive $l late)[/]", p=hop.place,
                  t="[[travel_times]]", l=span_words(late))
    return _m(f"[b $accent]leave by $c[/] [$text-muted]({way}{how})[/]", c=clock(hop.leave, zone), p=hop.place,
              t="[[travel_times]]")


def brief_lines(trip: Trip, occ: Occurrence, label: str) -> Lines:
    """What to remember for one occurrence: its full place, goal, each attendee's brief, its notes."""
    event = occ.event
    brief = build_brief(trip, event, occ.start_utc, occ.end_utc)
    lines: Lines = [(0, _m(f"[b $text-secondary]$l[/] [$cat-{event.category.value}]■[/] [b]$t[/b]",
                           l=label, t=event.title))]
    if event.location:
        lines.append((4, _m("[$text-muted]at[/] $p", p=event.location)))
    if brief.objective is not None:
        lines.append((4, _m("[$text-muted]goal[/] $o [$text-muted]· $s[/]", o=brief.objective.title,
                            s=brief.objective.status.value)))
    for card in brief.cards:
        p = card.person
        about = " · ".join(x for x in (p.role.value, p.org) if x)
        lines.append((2, _m("[b]$n[/b] [$text-muted]$a[/]", n=p.name, a=about)))
        if p.interests:
            lines.append((4, _m("[$text-muted]likes[/] $i", i=", ".join(p.interests))))
        if p.notes:
            lines.append((4, _m("[$text-muted]remember[/] [i]$r[/i]", r=" ".join(p.notes.split()))))
        if card.last_talk is not None:
            lines.append((4, _m("[$text-muted]last talk $d:[/] $t", d=f"{card.last_talk.on:%d %b}",
                                t=" ".join(card.last_talk.text.split()))))
        for objective in card.objectives:
            lines.append((4, _m("[$text-muted]shared goal:[/] $o", o=objective.title)))
        for followup in card.followups:
            lines.append((4, _m("[$warning]to do:[/] $w [$text-muted](due $d)[/]", w=followup.what,
                                d=f"{followup.due:%a %d %b}")))
    lines += [(2, _m("[$text-muted]$n[/]", n=line)) for line in event.notes.splitlines() if line.strip()]
    return lines
