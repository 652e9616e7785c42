"""``tripplan rsvp FILE [--json]``: who accepted, declined, is tentative, delegated or has not answered.

Per event with invites out (or answers in), in time order: each invited
person's answer and since when (the reply's time; for no answer, when the
invite was sent), the reply's comment, and the answer they gave to an
earlier version when a change asked again.  Times are shown in the zone of
the stop the event happens at; JSON gives UTC instants.  Text from the trip
file passes :func:`tripplan.visible.visible`.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from tripplan.files.storage import read_trip
from tripplan.ical.rsvp import Coming, Invitee, coming, label
from tripplan.planning.findings import clock, day_label
from tripplan.trip.answers import NEEDS_ACTION, Answer
from tripplan.trip.model import Trip
from tripplan.visible import visible, visible_json

FORMAT = 1


def _when(trip: Trip, moment: datetime) -> str:
    """``Tue 9 Mar 10:00``, in the zone of the stop *moment* happens at."""
    local = moment.astimezone(trip.zone_at(moment))
    return f"{day_label(local.date())} {clock(local)}"


def _event_when(trip: Trip, coming_: Coming) -> str:
    event = coming_.event
    if event.all_day:
        return f"{day_label(event.local_start.date())} (all day)"
    return _when(trip, event.start_utc)


def _since(trip: Trip, invitee: Invitee, answer: Answer) -> str:
    if answer.status == NEEDS_ACTION:
        if not invitee.has_email:
            return "not invited: no e-mail"
        if not invitee.sent:
            return "invite not sent yet"
        return f"invited {_when(trip, answer.since)}" if answer.since is not None else "invited"
    return f"since {_when(trip, answer.since)}" if answer.since is not None else f"({answer.via or 'calendar'})"


def _answer_line(trip: Trip, invitee: Invitee, answer: Answer, name: str, width: int) -> list[str]:
    lines = [f"{label(answer):<12} {name:<{width}}  {_since(trip, invitee, answer)}"]
    if answer.comment:
        lines.append(f"    “{' '.join(answer.comment.split())}”")
    if answer.earlier:
        lines.append(f"    answered '{answer.earlier}' to an earlier version")
    return lines


def _named(name: str, answer: Answer) -> str:
    return f"{name} to {answer.delegated_to}" if answer.status == "delegated" and answer.delegated_to else name


def render(trip: Trip, found: list[Coming]) -> str:
    """The text report."""
    if not found:
        return (f"{trip.name}: no invites sent yet, so no answers to show. Send them with "
                "'tripplan invites FILE --send' (or write them as files with --out).\n")
    lines = [f"{trip.name} · who is coming (times in each stop's zone)"]
    for entry in found:
        event = entry.event
        lines += ["", f"{_event_when(trip, entry)}  {event.title}"]
        counts = _counts(entry)
        lines.append("  " + ", ".join(f"{n} {LABEL_PLURAL[s]}" for s, n in counts.items() if n))
        rows = [row for invitee in entry.invitees for row in
                [(invitee, invitee.answer, _named(invitee.person.name, invitee.answer)),
                 *((invitee, answer, _named(f"{invitee.person.name} on {_when(trip, at)}", answer))
                   for at, answer in invitee.occurrences)]]
        width = min(max((len(name) for _, _, name in rows), default=0), 40)
        for invitee, answer, name in rows:
            lines += ["  " + line for line in _answer_line(trip, invitee, answer, name, width)]
    return visible("\n".join(lines)) + "\n"


LABEL_PLURAL = {"accepted": "accepted", "declined": "declined", "tentative": "tentative", "delegated": "delegated",
                NEEDS_ACTION: "not answered"}


def _counts(entry: Coming) -> dict[str, int]:
    counts = dict.fromkeys(LABEL_PLURAL, 0)
    for invitee in entry.invitees:
        counts[invitee.answer.status] += 1
    return counts


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _answer_json(invitee: Invitee, answer: Answer) -> dict[str, Any]:
    waiting = answer.status == NEEDS_ACTION
    return {"status": answer.status, "answered": None if waiting else _iso(answer.since),
            "invited": _iso(answer.since) if waiting and invitee.sent else None,
            "comment": answer.comment, "delegated_to": answer.delegated_to or None,
            "earlier": answer.earlier or None, "via": answer.via or None}


def to_json(trip: Trip, found: list[Coming]) -> dict[str, Any]:
    """The ``rsvp --json`` document (UTC instants; ``counts`` per status)."""
    events = []
    for entry in found:
        event = entry.event
        people = []
        for invitee in entry.invitees:
            person = invitee.person
            item = {"id": person.id, "name": person.name, "email": person.email, "sent": invitee.sent,
                    **_answer_json(invitee, invitee.answer),
                    "occurrences": [{"start": at.isoformat(), **_answer_json(invitee, answer)}
                                    for at, answer in invitee.occurrences]}
            people.append(item)
        events.append({"id": event.id, "title": event.title, "start": event.start_utc.isoformat(),
                       "zone": trip.zone_at(event.start_utc).key, "all_day": event.all_day,
                       "counts": _counts(entry), "people": people})
    return {"format": FORMAT, "trip": trip.name, "events": events}


def cmd_rsvp(args: argparse.Namespace) -> int:
    """``tripplan rsvp FILE [--json]``."""
    trip, _ = read_trip(args.file)
    found = coming(trip)
    if args.json:
        sys.stdout.write(visible_json(json.dumps(to_json(trip, found), indent=2, ensure_ascii=False)) + "\n")
    else:
        sys.stdout.write(render(trip, found))
    return 0
