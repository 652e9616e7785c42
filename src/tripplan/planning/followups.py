"""Follow-ups: listing them as due, overdue or done, and proposing the missing ones.

A proposal is made for each person met at a networking or bonding event
(the first such occurrence is "where you met") who has no follow-up at all;
it is due ``[trip.targets] followup_days_after`` days after the trip ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tripplan.planning.checks import met_people
from tripplan.planning.findings import day_label, quoted
from tripplan.planning.timeline import Timeline
from tripplan.trip.model import FollowUp, Trip

DONE, OVERDUE, DUE = "done", "overdue", "due"


def status(followup: FollowUp, today: date) -> str:
    """``done``, ``overdue`` (due before *today* and not done) or ``due``."""
    if followup.done:
        return DONE
    return OVERDUE if followup.due < today else DUE


@dataclass(frozen=True)
class FollowUpLine:
    """A follow-up with its status, person's name and the event it came from."""

    followup: FollowUp
    status: str
    person: str
    event: str

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form documented in docs/planning.md."""
        f = self.followup
        return {"id": f.id, "person": f.person, "person_name": self.person, "what": f.what,
                "due": f.due.isoformat(), "status": self.status, "event": f.event or None,
                "event_title": self.event or None}


def list_followups(trip: Trip, today: date) -> list[FollowUpLine]:
    """Every follow-up: overdue first, then due, then done; each by due date."""
    names = {p.id: p.name for p in trip.people}
    titles = {e.id: e.title for e in trip.events}
    order = {OVERDUE: 0, DUE: 1, DONE: 2}
    lines = [FollowUpLine(f, status(f, today), names.get(f.person, f.person), titles.get(f.event, ""))
             for f in trip.followups]
    return sorted(lines, key=lambda line: (order[line.status], line.followup.due, line.followup.id))


def _free_id(base: str, taken: set[str]) -> str:
    """*base*, or *base*-2, -3 …, kept within the 100-character id limit."""
    base = base[:100]
    ident, n = base, 2
    while ident in taken:
        suffix = f"-{n}"
        ident = base[: 100 - len(suffix)] + suffix
        n += 1
    taken.add(ident)
    return ident


def suggest_followups(trip: Trip) -> list[FollowUp]:
    """A follow-up for each person met at a networking or bonding event who has none yet."""
    timeline = Timeline(trip)
    covered = {f.person for f in trip.followups}
    taken = {f.id for f in trip.followups}
    due = trip.end + timedelta(days=trip.targets.followup_days_after)
    proposals = []
    met = sorted(met_people(timeline).items(), key=lambda item: (item[1].start, item[0]))
    for person_id, slot in met:
        person = trip.person(person_id)
        if person is None or person_id in covered:
            continue
        day = timeline.slot_day(slot)  # an all-day event's dates are in its own zone
        what = f"Follow up with {person.name} after {quoted(slot.event.title)} ({day_label(day)})"
        if person.interests:
            what += f"; mention {person.interests[0]}"
        proposals.append(FollowUp(id=_free_id(f"fu-{person_id}", taken), person=person_id, what=what, due=due,
                                  event=slot.event.id))
    return proposals
