"""People briefs: the card you read in the taxi before an event.

For each attendee: role, organisation, interests, things to remember, where
you met, the last logged conversation, the objectives you share with them
and their open follow-ups; and for the event, its objective and the local
customs worth a glance (those of the stop the occurrence happens at).  The
time is shown in the zone of that stop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from tripplan.errors import InputError
from tripplan.planning.findings import day_label, span
from tripplan.planning.timeline import Timeline
from tripplan.trip.model import Event, FollowUp, LogEntry, Objective, Person, Trip


@dataclass(frozen=True)
class Card:
    """What to know about one attendee."""

    person: Person
    last_talk: LogEntry | None
    objectives: list[Objective]
    followups: list[FollowUp]

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form documented in docs/planning.md."""
        p = self.person
        return {"id": p.id, "name": p.name, "role": p.role.value, "org": p.org, "email": p.email,
                "interests": list(p.interests), "notes": p.notes, "met_at": p.met_at,
                "last_conversation": {"date": self.last_talk.on.isoformat(), "text": self.last_talk.text}
                if self.last_talk else None,
                "objectives": [{"id": o.id, "title": o.title, "status": o.status.value} for o in self.objectives],
                "followups": [{"id": f.id, "what": f.what, "due": f.due.isoformat()} for f in self.followups]}


@dataclass(frozen=True)
class Brief:
    """The brief of one occurrence of an event.

    ``start`` and ``end`` are the occurrence's instants (aware, any zone);
    :attr:`local_start` and :attr:`local_end` are their wall times in the
    zones of the event's start and end, for display.
    """

    event: Event
    start: datetime
    end: datetime
    objective: Objective | None
    cards: list[Card]
    customs: dict[str, str]

    @property
    def local_start(self) -> datetime:
        """The start as wall time in the zone of the event's start."""
        return self.start.astimezone(self.event.tz)

    @property
    def local_end(self) -> datetime:
        """The end as wall time in the zone of the event's end."""
        return self.end.astimezone(self.event.end_tz)

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form documented in docs/planning.md."""
        return {"format": 1, "event": {"id": self.event.id, "title": self.event.title, "kind": self.event.kind.value,
                                       "start": self.local_start.isoformat(), "end": self.local_end.isoformat(),
                                       "location": self.event.location, "notes": self.event.notes},
                "objective": {"id": self.objective.id, "title": self.objective.title,
                              "status": self.objective.status.value} if self.objective else None,
                "attendees": [c.to_json() for c in self.cards], "customs": dict(self.customs)}


def find_event(trip: Trip, ident: str) -> Event:
    """The event with id *ident*, or the only one whose id starts with it; ``InputError`` otherwise."""
    exact = trip.event(ident)
    if exact is not None:
        return exact
    matches = [e for e in trip.events if e.id.startswith(ident)] if ident else []
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = ", ".join(f"{e.id[:12]}… {e.title!r}" for e in matches[:5])
        raise InputError(f"EVENT_ID {ident!r} matches {len(matches)} events ({listed}); give more of the id")
    raise InputError(f"EVENT_ID {ident!r} is no event in this trip; 'tripplan agenda FILE --format json' lists "
                     "the ids")


def next_event(trip: Trip, now: datetime) -> tuple[Event, datetime, datetime] | None:
    """The first occurrence starting at or after *now* that has attendees (its wall times, as in ``Slot``)."""
    timeline = Timeline(trip)
    instant = int(now.timestamp())
    for slot in sorted((*timeline.slots(), *timeline.all_day), key=lambda s: (s.start, s.end)):
        if slot.start >= instant and slot.event.attendees:
            return slot.event, slot.begins, slot.ends
    return None


def occurrence(trip: Trip, event: Event, now: datetime) -> tuple[datetime, datetime]:
    """The occurrence of *event* to brief: the next one from *now* if it repeats, else the event.

    Wall times in the zones of the event's start and end, as in ``Slot``.
    """
    if not event.recurring:
        return event.local_start, event.local_end
    timeline = Timeline(trip)
    slots = [s for s in timeline.slots() if s.event is event] or [s for s in timeline.all_day if s.event is event]
    upcoming = [s for s in slots if s.end > now.timestamp()]
    chosen = (upcoming or slots)[0] if slots else None
    return (chosen.begins, chosen.ends) if chosen else (event.local_start, event.local_end)


def build_brief(trip: Trip, event: Event, start: datetime, end: datetime) -> Brief:
    """The brief for one occurrence of *event*."""
    cards = []
    for person_id in event.attendees:
        person = trip.person(person_id)
        if person is None:
            continue
        last = max(person.log, key=lambda entry: entry.on, default=None)
        shared = [o for o in trip.objectives if person_id in o.people]
        open_followups = sorted((f for f in trip.followups if f.person == person_id and not f.done),
                                key=lambda f: (f.due, f.id))
        cards.append(Card(person, last, shared, open_followups))
    objective = trip.objective(event.objective) if event.objective else None
    return Brief(event, start, end, objective, cards, dict(trip.culture_on(_day(trip, event, start))))


def _day(trip: Trip, event: Event, start: datetime) -> date:
    """The trip day an occurrence is on: an all-day one's first date (in its zone), else the day of its start."""
    return start.astimezone(event.tz).date() if event.all_day else trip.day_of(start)


def render_brief(trip: Trip, brief: Brief) -> str:
    """The brief as text for a terminal, its time in the zone of the stop it happens at."""
    tz = trip.zone_at(brief.start)
    start, end = brief.start.astimezone(tz), brief.end.astimezone(tz)
    if brief.event.all_day:  # a range of dates in the event's own zone (the end date is exclusive)
        first, after = brief.local_start.date(), brief.local_end.date()
        when = f"{day_label(first)}, all day"
        if after - first > timedelta(days=1):
            when = f"{day_label(first)} – {day_label(after - timedelta(days=1))}, all day"
    else:
        when = f"{day_label(start.date())} {span(start, end)} ({tz.key})"
    lines = [f"{brief.event.title} — {when}"]
    if brief.event.location:
        lines.append(f"at {brief.event.location}")
    if brief.objective:
        lines.append(f"Objective: {brief.objective.title} [{brief.objective.status.value}]")
    if brief.event.notes:
        lines.append(f"Notes: {' '.join(brief.event.notes.split())}")
    if not brief.cards:
        lines += ["", "No attendees: nobody to brief on."]
    for card in brief.cards:
        p = card.person
        about = ", ".join(x for x in (p.role.value, p.org) if x)
        lines += ["", f"● {p.name} ({about})" + (f" <{p.email}>" if p.email else "")]
        if p.interests:
            lines.append(f"  Interests: {', '.join(p.interests)}")
        if p.notes:
            lines.append(f"  Remember: {' '.join(p.notes.split())}")
        if p.met_at:
            lines.append(f"  Met at: {p.met_at}")
        if card.last_talk:
            lines.append(f"  Last talk ({day_label(card.last_talk.on)} {card.last_talk.on.year}): "
                         f"{' '.join(card.last_talk.text.split())}")
        for objective in card.objectives:
            lines.append(f"  Shared objective: {objective.title} [{objective.status.value}]")
        for followup in card.followups:
            lines.append(f"  Open follow-up (due {day_label(followup.due)}): {followup.what}")
    if brief.customs and brief.cards:
        lines += ["", "Local customs:"]
        lines += [f"  {key}: {' '.join(text.split())}" for key, text in brief.customs.items()]
    return "\n".join(lines) + "\n"
