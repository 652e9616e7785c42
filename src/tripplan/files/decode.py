"""Turn the parsed TOML of a trip file into a ``Trip``, reporting every problem.

The decoder never stops at the first problem: it records one located
``Problem`` per mistake (field path, and the line where it can be found) so
the user can fix the whole file in one go.  The field readers are the public
``tripplan.files.decoder.Decoder``; each section of the file other than the
trip, people, objectives, events and follow-ups is decoded by its own module
(``stops_section``, ``planning_section``, ``share_section``,
``invite_records``, ``ical_props``), which this one calls.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tripplan.errors import Problem
from tripplan.files.decoder import Decoder, field_path, type_name
from tripplan.files.ical_props import decode_ical, people_of
from tripplan.files.invite_records import decode_records, decode_replies
from tripplan.files.planning_section import TOP_PLANNING_KEYS, TRIP_PLANNING_KEYS, decode_planning
from tripplan.files.share_section import decode_share
from tripplan.files.stops_section import decode_stops
from tripplan.time.durations import parse_compact
from tripplan.time.zones import (
    wall,
)
from tripplan.trip.model import (
    NO_ICAL,
    SCHEMA_VERSION,
    Event,
    FollowUp,
    LogEntry,
    Objective,
    ObjectiveStatus,
    Person,
    Reminder,
    Role,
    Trip,
    WorkingHours,
    parse_kind,
)
from tripplan.trip.validate import (
    address_problem,
    people_problems,
    reference_problem,
    traveller_problem,
    trip_dates_problem,
)

_UID_NAMESPACE = uuid.UUID("6f1c4a52-8e0b-4d6e-9a51-3c2b7f0d9e11")

TOP_KEYS = {"schema_version", "trip", "people", "objectives", "events", "followups", "sent", "received", "stops",
            "replies"}
TRIP_KEYS = {"uid", "name", "destination", "timezone", "home_timezone", "start", "end", "zones",
             "working_hours", "culture"} | TRIP_PLANNING_KEYS
TOP_KEYS |= TOP_PLANNING_KEYS  # [[travel_times]] and [[ideas]], see tripplan.files.planning_section
TOP_KEYS |= {"share"}  # [share]: where the trip is published, see tripplan.files.share_section
PERSON_KEYS = {"id", "name", "email", "org", "role", "interests", "notes", "met_at", "log", "me", "travels",
               "home_timezone"}
LOG_KEYS = {"date", "text"}
OBJECTIVE_KEYS = {"id", "title", "status", "people", "notes"}
EVENT_KEYS = {"id", "title", "kind", "start", "end", "tz", "end_tz", "location", "attendees",
              "objective", "notes", "remind", "repeat", "exdates", "rdates", "ical", "travellers"}
FOLLOWUP_KEYS = {"id", "person", "what", "due", "done", "event"}


class _TripDecoder(Decoder):
    """The trip file's own sections: [trip], [[people]], [[objectives]], [[events]], [[followups]]."""

    def trip(self, doc: dict[str, Any]) -> Trip | None:
        has_stops = isinstance(doc.get("stops"), list) and bool(doc["stops"])
        raw = self.table(doc.get("trip"), "trip", TRIP_KEYS,
                         ("name", "home_timezone", "start", "end") + (() if has_stops else ("timezone",)))
        if raw is None:
            return None
        name = self.text(raw, "name", "trip", required=True)
        custom = self.zones(raw)
        tz = self.zone(raw, "timezone", "trip", None)
        home = self.zone(raw, "home_timezone", "trip", None)
        start = self.day(raw, "start", "trip", "a date like 2027-03-08")
        end = self.day(raw, "end", "trip", "a date like 2027-03-12")
        if start is not None and end is not None and (wrong := trip_dates_problem(start, end)) is not None:
            self.fail("trip.end", wrong)
            # Too long: no day of it is looked at (a 7,000-year trip would be walked day by day).
            end = None if end >= start else end
        hours = self.working_hours(raw) or WorkingHours()
        culture = self.culture(raw, "trip")
        stops = decode_stops(self, doc, start, end)
        if stops:
            if tz is not None and "timezone" in raw and tz is not stops[0].tz:
                self.fail("trip.timezone", f"{tz.key} is not the zone of the first stop ({stops[0].city}, "
                          f"{stops[0].tz.key}): leave it out, or make it the first stop's")
            tz = stops[0].tz
        if tz is None or home is None or start is None or end is None or not name:
            return None
        uid = self.text(raw, "uid", "trip") or str(uuid.uuid5(_UID_NAMESPACE, f"{name}|{start}"))
        return Trip(name=name, timezone=tz, home_timezone=home, start=start, end=end, uid=uid,
                    destination=self.text(raw, "destination", "trip"), working_hours=hours,
                    culture=culture, zones=custom, stop_list=stops)

    def person(self, raw: object, path: str, seen: dict[str, str]) -> Person | None:
        table = self.table(raw, path, PERSON_KEYS, ("id", "name"))
        if table is None:
            return None
        ident = self.unique_id(table, path, seen, simple=True)
        email = self.text(table, "email", path)
        if email and (problem := address_problem(email)) is not None:
            self.fail(field_path(path, "email"), problem)
        log: list[LogEntry] = []
        for i, entry in enumerate(self.typed(table, "log", path, list, [], "an array of tables ([[people.log]])")):
            epath = f"{path}.log[{i}]"
            etable = self.table(entry, epath, LOG_KEYS, ("date", "text"))
            if etable is None:
                continue
            on = self.day(etable, "date", epath, "a date like 2027-03-09")
            text = self.text(etable, "text", epath, required=True)
            if on is not None:
                log.append(LogEntry(on, text))
        return Person(
            id=ident, name=self.text(table, "name", path, required=True), email=email,
            org=self.text(table, "org", path), role=self.choice(table, "role", path, _role, Role.COLLEAGUE),
            interests=self.string_list(table, "interests", path), notes=self.text(table, "notes", path),
            met_at=self.text(table, "met_at", path), log=log,
            me=self.typed(table, "me", path, bool, False, "true or false"),
            travels=self.typed(table, "travels", path, bool, False, "true or false"),
            home_tz=self.zone(table, "home_timezone", path, None),
        )

    def objective(self, raw: object, path: str, seen: dict[str, str]) -> Objective | None:
        table = self.table(raw, path, OBJECTIVE_KEYS, ("id", "title"))
        if table is None:
            return None
        return Objective(
            id=self.unique_id(table, path, seen, simple=True),
            title=self.text(table, "title", path, required=True),
            status=self.choice(table, "status", path, _status, ObjectiveStatus.OPEN),
            people=self.string_list(table, "people", path), notes=self.text(table, "notes", path),
        )

    def event(self, raw: object, path: str, seen: dict[str, str], trip: Trip | None) -> Event | None:
        table = self.table(raw, path, EVENT_KEYS, ("id", "title", "kind", "start", "end"))
        if table is None:
            return None
        ident = self.unique_id(table, path, seen, simple=False)
        title = self.text(table, "title", path, required=True)
        kind = self.choice(table, "kind", path, parse_kind, None)
        tz = self.zone(table, "tz", path, _day_zone(trip, table.get("start")))
        end_tz = self.zone(table, "end_tz", path, tz)
        reminders: list[Reminder] = []
        for i, text in enumerate(self.string_list(table, "remind", path)):
            try:
                reminders.append(Reminder(parse_compact(text)))
            except ValueError as exc:
                self.fail(f"{path}.remind[{i}]", str(exc))
        repeat = self.text(table, "repeat", path)
        times = self.event_times(table, path, tz, end_tz)
        if repeat:
            self.check_rrule(repeat, f"{path}.repeat", wall(times[0], tz) if times and tz else None)
        exdates = self.exdates(table, path, tz, bool(times and times[2]))
        rdates = self.exdates(table, path, tz, bool(times and times[2]), "rdates")
        ical = decode_ical(self, table["ical"], f"{path}.ical", tz) if "ical" in table else NO_ICAL
        if times is None or kind is None or not ident or tz is None or end_tz is None:
            return None
        start, end, all_day = times
        return Event(
            id=ident, title=title, kind=kind, start_utc=start, end_utc=end, tz=tz, end_tz=end_tz, all_day=all_day,
            location=self.text(table, "location", path),
            attendees=tuple(self.string_list(table, "attendees", path)),
            objective=self.text(table, "objective", path), notes=self.text(table, "notes", path),
            reminders=tuple(reminders), repeat=repeat, exdates=tuple(exdates), rdates=tuple(rdates), ical=ical,
            travellers=tuple(self.string_list(table, "travellers", path)) if "travellers" in table else None,
        )

    def followup(self, raw: object, path: str, seen: dict[str, str]) -> FollowUp | None:
        table = self.table(raw, path, FOLLOWUP_KEYS, ("id", "person", "what", "due"))
        if table is None:
            return None
        due = self.day(table, "due", path, "a date like 2027-03-15")
        ident = self.unique_id(table, path, seen, simple=True)
        followup = FollowUp(
            id=ident, person=self.text(table, "person", path, required=True),
            what=self.text(table, "what", path, required=True), due=due or date.min,
            done=self.typed(table, "done", path, bool, False, "true or false"),
            event=self.text(table, "event", path),
        )
        return followup if due is not None else None


def _day_zone(trip: Trip | None, start: object) -> ZoneInfo | None:
    """The zone an event without ``tz`` is in: that of the stop its start day belongs to (else the trip's)."""
    if trip is None:
        return None
    if trip.stop_list and isinstance(start, date):  # a datetime is a date too: its wall date names the day
        return trip.zone_on(start.date() if isinstance(start, datetime) else start)
    return trip.timezone


def _check_travellers(dec: _TripDecoder, doc: dict[str, Any], trip: Trip | None, people: list[Person]) -> None:
    """At most one "me", whose home is the trip's; events name only travellers in ``travellers``."""
    for found in people_problems(people, trip.home_timezone if trip is not None else None):
        dec.fail(found.path, found.message)
    events = doc.get("events")
    for i, raw in enumerate(events if isinstance(events, list) else []):
        listed = raw.get("travellers") if isinstance(raw, dict) else None
        for j, ref in enumerate(listed if isinstance(listed, list) else []):
            if isinstance(ref, str) and (problem := traveller_problem(ref, people)) is not None:
                dec.fail(f"events[{i}].travellers[{j}]", problem)


def _role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise ValueError(f"unknown role {text!r}; accepted: {', '.join(r.value for r in Role)}") from None


def _status(text: str) -> ObjectiveStatus:
    try:
        return ObjectiveStatus(text.strip().lower().replace(" ", "-"))
    except ValueError:
        accepted = ", ".join(s.value for s in ObjectiveStatus)
        raise ValueError(f"unknown status {text!r}; accepted: {accepted}") from None


def decode(doc: dict[str, Any]) -> tuple[Trip | None, list[Problem]]:
    """Build a ``Trip`` from a parsed trip document.

    Returns the trip (``None`` when it cannot be built) and every problem
    found; a trip is only usable when the problem list is empty.
    """
    dec = _TripDecoder()
    dec.table(doc, "", TOP_KEYS, ("schema_version", "trip"))
    version = doc.get("schema_version")
    if "schema_version" in doc:
        if type(version) is not int:
            dec.fail("schema_version", f"expected an integer, found {type_name(version)}")
        elif version > SCHEMA_VERSION:
            dec.fail("schema_version", f"this file was written by a newer tripplan (schema {version}); "
                     f"this version reads schema {SCHEMA_VERSION}: please upgrade tripplan")
            return None, dec.problems
        elif version < 1:
            dec.fail("schema_version", f"schema version {version} does not exist (the first is 1)")
    trip = dec.trip(doc)
    ids: dict[str, str] = {}
    people = [p for i, raw in enumerate(dec.array(doc, "people"))
              if (p := dec.person(raw, f"people[{i}]", ids)) is not None]
    objectives = [o for i, raw in enumerate(dec.array(doc, "objectives"))
                  if (o := dec.objective(raw, f"objectives[{i}]", {})) is not None]
    event_ids: dict[str, str] = {}
    events = [e for i, raw in enumerate(dec.array(doc, "events"))
              if (e := dec.event(raw, f"events[{i}]", event_ids, trip)) is not None]
    followups = [f for i, raw in enumerate(dec.array(doc, "followups"))
                 if (f := dec.followup(raw, f"followups[{i}]", {})) is not None]
    sent, received = decode_records(dec, doc, trip)
    replies = decode_replies(dec, doc)
    share = decode_share(dec, doc)
    planning = decode_planning(dec, doc)
    _check_references(dec, doc, {p.id for p in people}, {o.id for o in objectives}, set(event_ids))
    _check_travellers(dec, doc, trip, people)
    if trip is None or dec.problems:
        return None, dec.problems
    trip.people, trip.objectives, trip.events, trip.followups = people, objectives, events, followups
    trip.sent, trip.received, trip.replies = sent, received, replies
    trip.share = share
    planning.apply_to(trip)
    return trip, []


def _check_references(dec: _TripDecoder, doc: dict[str, Any], people: set[str], objectives: set[str],
                      events: set[str]) -> None:
    """Report attendees, objective links and follow-ups that point at nothing."""

    def check(section: str, key: str, known: set[str], what: str, many: bool) -> None:
        for i, raw in enumerate(doc.get(section, []) if isinstance(doc.get(section), list) else []):
            if not isinstance(raw, dict):
                continue
            values = raw.get(key, [] if many else "")
            refs = enumerate(values) if many and isinstance(values, list) else [(None, values)]
            for j, ref in refs:
                if isinstance(ref, str) and (problem := reference_problem(ref, known, what)) is not None:
                    dec.fail(f"{section}[{i}].{key}" + (f"[{j}]" if j is not None else ""), problem)

    check("events", "attendees", people, "person", True)
    for i, raw in enumerate(doc.get("events", []) if isinstance(doc.get("events"), list) else []):
        for j, ref in enumerate(people_of(raw.get("ical") if isinstance(raw, dict) else None)):
            if ref and ref not in people:
                dec.fail(f"events[{i}].ical.attendance[{j}].person", f"{ref!r} is no person in this trip")
    check("events", "objective", objectives, "objective", False)
    check("objectives", "people", people, "person", True)
    check("followups", "person", people, "person", False)
    check("followups", "event", events, "event", False)
