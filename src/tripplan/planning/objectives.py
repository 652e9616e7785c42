"""Objectives: what each one is, who it is about, and what is planned for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tripplan.planning.checks import objective_findings
from tripplan.planning.findings import Finding, day_label, span
from tripplan.planning.timeline import Slot, Timeline
from tripplan.trip.model import FollowUp, Objective, ObjectiveStatus, Person, Trip


@dataclass(frozen=True)
class ObjectivePlan:
    """One objective with its people, the events serving it, other events with its people, and follow-ups."""

    objective: Objective
    people: list[Person]
    linked: list[Slot]
    with_people: list[Slot]
    followups: list[FollowUp]
    warnings: list[Finding]

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form documented in docs/planning.md."""
        o = self.objective
        return {"id": o.id, "title": o.title, "status": o.status.value, "notes": o.notes,
                "people": [{"id": p.id, "name": p.name} for p in self.people],
                "events": [_slot_json(s) for s in self.linked],
                "also_with_its_people": [_slot_json(s) for s in self.with_people],
                "followups": [{"id": f.id, "person": f.person, "what": f.what, "due": f.due.isoformat(),
                               "done": f.done} for f in self.followups],
                "warnings": [w.to_json() for w in self.warnings]}


def _slot_json(slot: Slot) -> dict[str, Any]:
    return {"id": slot.event.id, "title": slot.event.title, "start": slot.begins.isoformat(),
            "end": slot.ends.isoformat(), "all_day": slot.event.all_day}


def _first_occurrences(timeline: Timeline) -> list[Slot]:
    """One occurrence per event (the first), in time order: a daily stand-up is listed once."""
    seen: set[str] = set()
    found = []
    for slot in sorted((*timeline.slots(), *timeline.all_day), key=lambda s: (s.start, s.end)):
        if slot.event.id not in seen:
            seen.add(slot.event.id)
            found.append(slot)
    return found


def plan_objectives(trip: Trip) -> list[ObjectivePlan]:
    """Every objective of *trip*, in file order, with what is planned for it."""
    timeline = Timeline(trip)
    slots = _first_occurrences(timeline)
    warnings = objective_findings(timeline)
    plans = []
    for objective in trip.objectives:
        people = [p for i in objective.people if (p := trip.person(i)) is not None]
        linked = [s for s in slots if s.event.objective == objective.id]
        active = objective.status in (ObjectiveStatus.OPEN, ObjectiveStatus.IN_PROGRESS)
        others = [s for s in slots if active and s.event.objective != objective.id
                  and any(trip.attends(s.event, p) for p in objective.people)]
        followups = sorted((f for f in trip.followups if f.person in objective.people), key=lambda f: (f.due, f.id))
        mine = [finding for ident, finding in warnings if ident == objective.id]
        plans.append(ObjectivePlan(objective, people, linked, others, followups, mine))
    return plans


def _when(slot: Slot, trip: Trip) -> str:
    if slot.event.all_day:
        return f"{day_label(slot.begins.date())}, all day"
    tz = trip.zone_at(slot.begins)  # the zone of the stop it happens at
    start, end = slot.begins.astimezone(tz), slot.ends.astimezone(tz)
    return f"{day_label(start.date())} {span(start, end)}"


def render_objectives(trip: Trip, plans: list[ObjectivePlan], today: date) -> str:
    """The objectives as text for a terminal."""
    if not plans:
        return "No objectives yet. Add [[objectives]] to the trip file (docs/trip-format.md).\n"
    marks = {ObjectiveStatus.OPEN: "○", ObjectiveStatus.IN_PROGRESS: "◐", ObjectiveStatus.ACHIEVED: "●",
             ObjectiveStatus.DROPPED: "×"}
    lines: list[str] = []
    for plan in plans:
        o = plan.objective
        lines += [f"{marks[o.status]} {o.title}  [{o.status.value}]  ({o.id})"]
        if plan.people:
            lines.append("  people: " + ", ".join(f"{p.name} ({p.role.value}{', ' + p.org if p.org else ''})"
                                                  for p in plan.people))
        if o.notes:
            lines.append(f"  notes: {' '.join(o.notes.split())}")
        if plan.linked:
            lines += [f"  planned: {_when(s, trip)}  {s.event.title}" for s in plan.linked]
        else:
            lines.append("  planned: nothing yet")
        lines += [f"  also with its people: {_when(s, trip)}  {s.event.title}" for s in plan.with_people]
        for f in plan.followups:
            state = "done" if f.done else ("overdue" if f.due < today else "due")
            lines.append(f"  follow-up ({state} {day_label(f.due)}): {f.what}")
        lines += [f"  ! {w.message}" for w in plan.warnings]
        lines.append("")
    return "\n".join(lines)
