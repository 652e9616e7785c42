"""Turn a ``Trip`` into the TOML document of a trip file, deterministically.

The same trip always gives the same bytes: keys are written in a fixed
order, empty and default values are left out, and events are sorted by
start instant (then end, then id) so a trip file diffs well in git.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import tomli_w

from tripplan.files.ical_props import encode_ical
from tripplan.files.invite_records import encode_received, encode_reply, encode_sent, reply_order
from tripplan.files.planning_section import encode_planning_sections, encode_stop_planning, encode_trip_planning
from tripplan.files.share_section import encode_share
from tripplan.files.times import encode_times, file_moment
from tripplan.time.durations import format_compact
from tripplan.trip.model import (
    SCHEMA_VERSION,
    Event,
    FollowUp,
    Objective,
    ObjectiveStatus,
    Person,
    Role,
    Stop,
    Trip,
    WorkingHours,
)


def event_sort_key(event: Event) -> tuple[datetime, datetime, str]:
    """The canonical order of events in a trip file: by start instant, then end instant, then id."""
    return (event.start_utc, event.end_utc, event.id)


def _put(table: dict[str, Any], key: str, value: Any) -> None:
    """Set *key* unless *value* is empty, so files carry no noise."""
    if value not in ("", [], {}, None):
        table[key] = value


def encode_person(person: Person) -> dict[str, Any]:
    """One ``[[people]]`` table."""
    table: dict[str, Any] = {"id": person.id, "name": person.name}
    if person.me:
        table["me"] = True
    if person.travels:
        table["travels"] = True
    if person.home_tz is not None:
        table["home_timezone"] = person.home_tz.key
    _put(table, "email", person.email)
    _put(table, "org", person.org)
    if person.role is not Role.COLLEAGUE:
        table["role"] = person.role.value
    _put(table, "interests", list(person.interests))
    _put(table, "notes", person.notes)
    _put(table, "met_at", person.met_at)
    _put(table, "log", [{"date": e.on, "text": e.text} for e in person.log])
    return table


def encode_objective(objective: Objective) -> dict[str, Any]:
    """One ``[[objectives]]`` table."""
    table: dict[str, Any] = {"id": objective.id, "title": objective.title}
    if objective.status is not ObjectiveStatus.OPEN:
        table["status"] = objective.status.value
    _put(table, "people", list(objective.people))
    _put(table, "notes", objective.notes)
    return table


def encode_event(event: Event, trip: Trip) -> dict[str, Any]:
    """One ``[[events]]`` table; zones are written only where they differ from the zone of the event's day."""
    table: dict[str, Any] = {"id": event.id, "title": event.title, "kind": event.kind.value}
    day_zone = trip.zone_on(event.local_start.date()).key if trip.stop_list else trip.timezone.key
    encode_times(table, event.start_utc, event.end_utc, event.tz, event.end_tz, event.all_day, day_zone)
    _put(table, "location", event.location)
    _put(table, "attendees", list(event.attendees))
    if event.travellers is not None:
        table["travellers"] = list(event.travellers)
    _put(table, "objective", event.objective)
    _put(table, "remind", [format_compact(r.before) for r in event.reminders])
    _put(table, "repeat", event.repeat)
    for key, moments in (("exdates", sorted(event.exdates)), ("rdates", sorted(event.rdates))):
        _put(table, key, [d.astimezone(event.tz).date() for d in moments] if event.all_day
             else [file_moment(d, event.tz) for d in moments])
    _put(table, "notes", event.notes)
    _put(table, "ical", encode_ical(event.ical, event.tz))
    return table


def encode_stop(stop: Stop) -> dict[str, Any]:
    """One ``[[stops]]`` table."""
    table: dict[str, Any] = {"city": stop.city, "timezone": stop.tz.key, "from": stop.first, "to": stop.last}
    _put(table, "culture", dict(stop.culture))
    if stop.working_hours is not None:
        table["working_hours"] = {"start": f"{stop.working_hours.start:%H:%M}",
                                  "end": f"{stop.working_hours.end:%H:%M}"}
    encode_stop_planning(stop.day_window, stop.meals, table)
    return table


def encode_followup(followup: FollowUp) -> dict[str, Any]:
    """One ``[[followups]]`` table."""
    table: dict[str, Any] = {"id": followup.id, "person": followup.person, "what": followup.what,
                             "due": followup.due}
    if followup.done:
        table["done"] = True
    _put(table, "event", followup.event)
    return table


def encode(trip: Trip) -> dict[str, Any]:
    """The whole trip as a TOML-ready document."""
    meta: dict[str, Any] = {"uid": trip.uid, "name": trip.name}
    _put(meta, "destination", trip.destination)
    meta["timezone"] = trip.timezone.key
    meta["home_timezone"] = trip.home_timezone.key
    meta["start"], meta["end"] = trip.start, trip.end
    if trip.working_hours != WorkingHours():
        meta["working_hours"] = {"start": f"{trip.working_hours.start:%H:%M}",
                                 "end": f"{trip.working_hours.end:%H:%M}"}
    _put(meta, "culture", dict(trip.culture))
    _put(meta, "zones", dict(sorted(trip.zones.items())))
    encode_trip_planning(trip, meta)
    doc: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "trip": meta}
    _put(doc, "people", [encode_person(p) for p in trip.people])
    _put(doc, "objectives", [encode_objective(o) for o in trip.objectives])
    events = sorted(trip.events, key=event_sort_key)
    _put(doc, "stops", [encode_stop(s) for s in trip.stop_list])
    _put(doc, "events", [encode_event(e, trip) for e in events])
    _put(doc, "followups", [encode_followup(f) for f in trip.followups])
    encode_planning_sections(trip, doc)
    _put(doc, "sent", [encode_sent(s, trip.timezone.key) for s in trip.sent])
    _put(doc, "received", [encode_received(r) for r in trip.received])
    _put(doc, "replies", [encode_reply(r) for r in sorted(trip.replies, key=reply_order)])
    _put(doc, "share", encode_share(trip.share))
    return doc


def _has_carriage_return(value: Any) -> bool:
    if isinstance(value, str):
        return "\r" in value
    if isinstance(value, dict):
        return any(_has_carriage_return(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_carriage_return(v) for v in value)
    return False


HEADER = "# tripplan trip file — format: docs/trip-format.md\n"
"""The first line of every trip file tripplan writes (a comment, so it is not one of the user's)."""


def dumps(trip: Trip) -> str:
    """The trip file's text.

    Notes with line breaks are written as readable multi-line strings, except
    when some text holds a carriage return: TOML turns CRLF inside multi-line
    strings into LF, so such a document is written with escaped strings to
    keep every character.
    """
    doc = encode(trip)
    return HEADER + tomli_w.dumps(doc, multiline_strings=not _has_carriage_return(doc))
