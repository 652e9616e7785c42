"""Turn the parsed TOML of a trip file into a ``Trip``, reporting every problem.

The decoder never stops at the first problem: it records one located
``Problem`` per mistake (field path, and the line where it can be found) so
the user can fix the whole file in one go.
"""

from __future__ import annotations

import difflib
import re
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from tripplan.errors import Problem
from tripplan.files.ical_props import decode_ical, people_of
from tripplan.files.invite_records import decode_records, decode_replies
from tripplan.files.planning_section import TOP_PLANNING_KEYS, TRIP_PLANNING_KEYS, decode_planning
from tripplan.files.share_section import decode_share
from tripplan.time.durations import parse_compact
from tripplan.time.limits import (
    day_problem,
    days_problem,
    end_day_problem,
    instant_problem,
    length_problem,
    trip_problems,
)
from tripplan.time.zones import (
    UnknownZoneError,
    day_start,
    instant,
    nearest_existing,
    offset_text,
    rule_zone,
    wall,
    wall_time_exists,
    zone,
)
from tripplan.trip.addresses import email_problem
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
    Stop,
    Trip,
    WorkingHours,
    parse_kind,
)
from tripplan.trip.validate import SIMPLE_ID

T = TypeVar("T")

_SIMPLE_ID = SIMPLE_ID  # until cli/team imports tripplan.trip.validate.SIMPLE_ID (helper H5)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_HHMM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_UID_NAMESPACE = uuid.UUID("6f1c4a52-8e0b-4d6e-9a51-3c2b7f0d9e11")

TOP_KEYS = {"schema_version", "trip", "people", "objectives", "events", "followups", "sent", "received", "stops",
            "replies"}
TRIP_KEYS = {"uid", "name", "destination", "timezone", "home_timezone", "start", "end", "zones",
             "working_hours", "culture"} | TRIP_PLANNING_KEYS
TOP_KEYS |= TOP_PLANNING_KEYS  # [[travel_times]] and [[ideas]], see tripplan.files.planning_section
TOP_KEYS |= {"share"}  # [share]: where the trip is published, see tripplan.files.share_section
PERSON_KEYS = {"id", "name", "email", "org", "role", "interests", "notes", "met_at", "log", "me", "travels",
               "home_timezone"}
STOP_KEYS = {"city", "timezone", "from", "to", "culture", "working_hours", "meals", "day_window"}
LOG_KEYS = {"date", "text"}
OBJECTIVE_KEYS = {"id", "title", "status", "people", "notes"}
EVENT_KEYS = {"id", "title", "kind", "start", "end", "tz", "end_tz", "location", "attendees",
              "objective", "notes", "remind", "repeat", "exdates", "rdates", "ical", "travellers"}
FOLLOWUP_KEYS = {"id", "person", "what", "due", "done", "event"}


def _type_name(value: object) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "true/false",
             list: "a list", dict: "a table", datetime: "a date-time", date: "a date",
             time: "a time"}
    return names.get(type(value), type(value).__name__)


class _Decoder:
    """Walks the raw document, building model objects and collecting problems."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.custom_zones: dict[str, ZoneInfo] = {}  # [trip.zones], which 'tz' and 'end_tz' may name

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    # --- generic field readers -------------------------------------------------

    def table(self, raw: object, path: str, known: set[str], required: tuple[str, ...]) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.fail(path, f"expected a table, found {_type_name(raw)}")
            return None
        for key in sorted(set(raw) - known):
            close = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known keys: {', '.join(sorted(known))})"
            self.fail(_join(path, key), f"unknown key {key!r}{hint}")
        for key in required:
            if key not in raw:
                self.fail(_join(path, key), "missing required field")
        return raw

    def typed(self, raw: dict[str, Any], key: str, path: str, kind: type[T], default: T,
              what: str) -> T:
        if key not in raw:
            return default
        value = raw[key]
        # bool is an int subclass and datetime a date subclass: compare exactly.
        if type(value) is not kind:
            self.fail(_join(path, key), f"expected {what}, found {_type_name(value)}")
            return default
        return value

    def text(self, raw: dict[str, Any], key: str, path: str, *, required: bool = False) -> str:
        value = self.typed(raw, key, path, str, "", "a string")
        if required and key in raw and isinstance(raw[key], str) and not value.strip():
            self.fail(_join(path, key), "must not be empty")
        return value

    def day(self, raw: dict[str, Any], key: str, path: str, what: str) -> date | None:
        """A date field (``None`` if absent or wrong, the problem reported), in the years a trip can have."""
        value = self.typed(raw, key, path, date, None, what)
        if value is not None and (problem := day_problem(value)) is not None:
            self.fail(_join(path, key), problem)
            return None
        return value

    def string_list(self, raw: dict[str, Any], key: str, path: str) -> list[str]:
        values = self.typed(raw, key, path, list, [], "a list of strings")
        good: list[str] = []
        for i, item in enumerate(values):
            if isinstance(item, str):
                good.append(item)
            else:
                self.fail(f"{_join(path, key)}[{i}]", f"expected a string, found {_type_name(item)}")
        return good

    def choice(self, raw: dict[str, Any], key: str, path: str, parse: Callable[[str], T], default: T) -> T:
        value = self.text(raw, key, path)
        if key not in raw or not isinstance(raw[key], str):
            return default
        try:
            return parse(value)
        except ValueError as exc:
            self.fail(_join(path, key), str(exc))
            return default

    def zone(self, raw: dict[str, Any], key: str, path: str, default: ZoneInfo | None) -> ZoneInfo | None:
        name = self.text(raw, key, path)
        if key not in raw or not isinstance(raw[key], str):
            return default
        if name in self.custom_zones:
            return self.custom_zones[name]
        try:
            return zone(name)
        except UnknownZoneError as exc:
            hint = " or one defined in [trip.zones]" if self.custom_zones else ""
            self.fail(_join(path, key), str(exc) + hint)
            return None

    def zones(self, raw: dict[str, Any]) -> dict[str, str]:
        """``[trip.zones]``: custom zones (name → POSIX TZ rule), registered for the events to name."""
        if "zones" not in raw:
            return {}
        section = raw["zones"]
        table = self.table(section, "trip.zones", set(section) if isinstance(section, dict) else set(), ())
        rules: dict[str, str] = {}
        for name, rule in (table or {}).items():
            path = f"trip.zones.{name}"
            if not isinstance(rule, str):
                self.fail(path, f"expected a POSIX TZ rule like 'XST-1XDT,M3.5.0,M10.5.0/3', found {_type_name(rule)}")
                continue
            try:
                zone(name)
            except UnknownZoneError:
                pass
            else:
                self.fail(path, f"{name!r} is an IANA zone: a custom zone needs a name of its own")
                continue
            try:
                self.custom_zones[name] = rule_zone(name, rule)
            except ValueError as exc:
                self.fail(path, str(exc))
                continue
            rules[name] = rule
        return rules

    def array(self, raw: dict[str, Any], key: str) -> list[Any]:
        value = raw.get(key, [])
        if not isinstance(value, list):
            self.fail(key, f"expected an array of tables ([[{key}]]), found {_type_name(value)}")
            return []
        return value

    def unique_id(self, raw: dict[str, Any], path: str, seen: dict[str, str], simple: bool) -> str:
        ident = self.text(raw, "id", path, required=True)
        if not ident:
            return ident
        if simple and not SIMPLE_ID.fullmatch(ident):
            self.fail(_join(path, "id"), f"id {ident!r} must be letters, digits, '.', '_' or '-' "
                      "(at most 100, starting with a letter or digit)")
        elif not simple and (len(ident) > 255 or _CONTROL.search(ident)):
            self.fail(_join(path, "id"), "id must be at most 255 characters with no control characters")
        if ident in seen:
            self.fail(_join(path, "id"), f"duplicate id {ident!r} (also used by {seen[ident]})")
        else:
            seen[ident] = path
        return ident

    # --- sections --------------------------------------------------------------

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
        if start is not None and end is not None and end < start:
            self.fail("trip.end", f"the trip ends ({end}) before it starts ({start})")
        elif start is not None and end is not None and (too_long := trip_problems(start, end)):
            self.fail("trip.end", too_long[0][1])
            end = None  # no day of it is looked at: a 7,000-year trip would be walked day by day
        hours = self.working_hours(raw) or WorkingHours()
        culture = self.culture(raw, "trip")
        stops = self.stops(doc, start, end)
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

    def culture(self, raw: dict[str, Any], path: str) -> dict[str, str]:
        """Free-form notes (``culture``): any key is fine, every value must be text."""
        culture: dict[str, str] = {}
        if "culture" in raw:
            section = raw["culture"]
            table = self.table(section, f"{path}.culture", set(section) if isinstance(section, dict) else set(), ())
            for key, value in (table or {}).items():
                if isinstance(value, str):
                    culture[key] = value
                else:
                    self.fail(f"{path}.culture.{key}", f"expected a string, found {_type_name(value)}")
        return culture

    def working_hours(self, raw: dict[str, Any], path: str = "trip") -> WorkingHours | None:
        if "working_hours" not in raw:
            return None
        where = f"{path}.working_hours"
        table = self.table(raw["working_hours"], where, {"start", "end"}, ("start", "end"))
        if table is None:
            return None
        bounds: list[time] = []
        for key in ("start", "end"):
            value = self.text(table, key, where)
            match = _HHMM.fullmatch(value)
            if key in table and isinstance(table[key], str) and match is None:
                self.fail(f"{where}.{key}", f"{value!r} is not a time like '09:00'")
            bounds.append(time(int(match[1]), int(match[2])) if match else time(0))
        if len(table) == 2 and all(_HHMM.fullmatch(str(table.get(k, ""))) for k in ("start", "end")):
            if bounds[1] <= bounds[0]:
                self.fail(f"{where}.end", "working hours end before they start")
                return None
            return WorkingHours(bounds[0], bounds[1])
        return None

    def stops(self, doc: dict[str, Any], start: date | None, end: date | None) -> list[Stop]:
        """``[[stops]]``: the cities of the trip, which must cover its days in order, without gaps or overlaps."""
        from tripplan.files.planning_section import decode_stop_planning

        found: list[tuple[str, Stop, bool]] = []  # (path, stop, whether 'to' was given)
        for i, raw in enumerate(self.array(doc, "stops")):
            path = f"stops[{i}]"
            table = self.table(raw, path, STOP_KEYS, ("city", "timezone", "from"))
            if table is None:
                continue
            city = self.text(table, "city", path, required=True)
            tz = self.zone(table, "timezone", path, None)
            first = self.day(table, "from", path, "a date like 2027-05-10")
            last = self.day(table, "to", path, "a date like 2027-05-12")
            culture = self.culture(table, path)
            hours = self.working_hours(table, path)
            window, meals = decode_stop_planning(self, table, path)
            if not city.strip() or tz is None or first is None:
                continue
            found.append((path, Stop(city=city, tz=tz, first=first, last=last or first, culture=culture,
                                     working_hours=hours, meals=meals, day_window=window), last is not None))
        stops = [stop for _, stop, _ in found]
        if not found or start is None or end is None:
            return stops
        outside = [(path, stop) for path, stop, _ in found if not start <= stop.first <= end]
        for path, stop in outside:
            self.fail(f"{path}.from", f"{stop.city} begins on {stop.first}, outside the trip ({start} to {end})")
        for (path, stop, _), (_, before, _) in zip(found[1:], found, strict=False):
            if stop.first < before.first:
                self.fail(f"{path}.from", f"{stop.city} (from {stop.first}) is listed after {before.city} (from "
                          f"{before.first}): list the stops in the order the trip visits them")
                return stops
        if outside:
            return stops
        if found[0][1].first > start:
            self.fail(f"{found[0][0]}.from", f"the first stop, {found[0][1].city}, begins on {found[0][1].first} but "
                      f"the trip begins on {start}: every day needs a stop — make the first stop begin then")
        for n, (path, stop, given) in enumerate(found):
            nxt = found[n + 1][1] if n + 1 < len(found) else None
            after = nxt.first if nxt else end + timedelta(days=1)  # the first day that is not this stop's
            if not given:
                stop.last = max(stop.first, after - timedelta(days=1))
            if stop.last < stop.first:
                self.fail(f"{path}.to", f"{stop.city} ends ({stop.last}) before it begins ({stop.first})")
            elif nxt is None and stop.last > end:
                self.fail(f"{path}.to", f"{stop.city} ends on {stop.last}, after the trip ({end})")
            elif nxt is not None and stop.last >= after:
                self.fail(f"{path}.to", f"{stop.city} ({stop.first} to {stop.last}) overlaps {nxt.city}, which "
                          f"begins on {nxt.first}: a day belongs to one stop — where you sleep that night")
            elif stop.last + timedelta(days=1) < after:
                first_free, last_free = stop.last + timedelta(days=1), after - timedelta(days=1)
                days = f"{first_free} belongs" if first_free == last_free else f"{first_free} to {last_free} belong"
                then = f"{nxt.city} begins on {nxt.first}" if nxt else f"the trip ends on {end}"
                self.fail(f"{path}.to", f"{days} to no stop: {stop.city} ends on {stop.last} and {then}")
        return stops

    def person(self, raw: object, path: str, seen: dict[str, str]) -> Person | None:
        table = self.table(raw, path, PERSON_KEYS, ("id", "name"))
        if table is None:
            return None
        ident = self.unique_id(table, path, seen, simple=True)
        email = self.text(table, "email", path)
        problem = email_problem(email) if email else None
        if problem is not None:
            self.fail(_join(path, "email"), f"{email!r} is not an e-mail address: {problem}")
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

    def event_times(self, table: dict[str, Any], path: str, tz: ZoneInfo | None,
                    end_tz: ZoneInfo | None) -> tuple[datetime, datetime, bool] | None:
        """The start and end instants (UTC) and whether the event is all-day; problems reported."""
        raw_start, raw_end = table.get("start"), table.get("end")
        if raw_start is None or raw_end is None:
            return None
        if type(raw_start) is date and type(raw_end) is date:
            if raw_end <= raw_start:
                self.fail(_join(path, "end"), f"an all-day event's end ({raw_end}) is exclusive and must be "
                          f"after its start ({raw_start})")
                return None
            problems = [(key, problem) for key, problem in (("start", day_problem(raw_start)),
                        ("end", end_day_problem(raw_end) or days_problem(raw_start, raw_end))) if problem]
            for key, problem in problems:
                self.fail(_join(path, key), problem)
            if tz is None or problems:
                return None
            return day_start(raw_start, tz), day_start(raw_end, tz), True
        start = self.moment(raw_start, _join(path, "start"), tz)
        end = self.moment(raw_end, _join(path, "end"), end_tz)
        if start is None or end is None or tz is None or end_tz is None:
            return None
        if end < start:  # an event of no length is a moment (RFC 5545: a DTSTART alone)
            self.fail(_join(path, "end"), f"the event ends ({_show(end, end_tz)}) before it starts "
                      f"({_show(start, tz)})")
            return None
        if (too_long := length_problem(start.astimezone(tz), end.astimezone(end_tz))) is not None:
            self.fail(_join(path, "end"), too_long)
            return None
        return start, end, False

    def moment(self, value: object, path: str, tz: ZoneInfo | None,
               expected: str = "a local date-time like 2027-03-09T19:30:00 (the zone comes from 'tz')"
               ) -> datetime | None:
        """The UTC instant of a trip-file date-time in zone *tz*; ``None`` (problem reported) if it is not one.

        A local date-time is a wall time in *tz* (the first of a repeated wall
        time; one in a gap is an error); an offset date-time is an exact instant:
        in UTC (``Z``), or with the offset *tz* has then (how tripplan writes the
        second of a repeated wall time) — any other offset is more likely a
        mistake than meant, and is an error.
        """
        if type(value) is not datetime:
            extra = " — for an all-day event give both start and end as dates" if type(value) is date else ""
            self.fail(path, f"expected {expected}, found {_type_name(value)}{extra}")
            return None
        if tz is None:
            return None
        # Before any arithmetic: near year 1 or 9999 a conversion overflows.
        if (problem := instant_problem(value if value.tzinfo is not None else value.replace(tzinfo=tz))) is not None:
            self.fail(path, problem)
            return None
        if value.tzinfo is not None:
            exact = value.astimezone(UTC)
            local = exact.astimezone(tz)
            if local.utcoffset() != value.utcoffset() and value.utcoffset() != timedelta(0):
                self.fail(path, f"{value.isoformat()} is {local:%Y-%m-%d %H:%M} {local.tzname()} in {tz.key}, "
                          f"whose offset then is {offset_text(local)}: give the local time with no offset, or that "
                          "offset")
                return None
            return exact
        if not wall_time_exists(value, tz):
            before, after = nearest_existing(value, tz)
            self.fail(path, f"{value:%Y-%m-%d %H:%M} does not exist in {tz.key} (the clocks go forward then, "
                      f"from {before:%H:%M} to {after:%H:%M})")
            return None
        return instant(value, tz)

    def exdates(self, table: dict[str, Any], path: str, tz: ZoneInfo | None, all_day: bool,
                key: str = "exdates") -> list[datetime]:
        """The ``exdates`` (or ``rdates``) of an event as start instants (an all-day series' as dates)."""
        result: list[datetime] = []
        for i, value in enumerate(self.typed(table, key, path, list, [], "a list of local date-times")):
            if all_day and type(value) is date:
                if (problem := day_problem(value)) is not None:
                    self.fail(f"{path}.{key}[{i}]", problem)
                elif tz is not None:
                    result.append(day_start(value, tz))
                continue
            moment = self.moment(value, f"{path}.{key}[{i}]", tz, "a local date-time (a date for an all-day series)")
            if moment is not None:
                result.append(moment)
        return result

    def check_rrule(self, rule: str, path: str, start: datetime | None = None) -> None:
        from tripplan.trip.recurrence import check_rule  # imports dateutil: costly, only for recurring events

        if "DTSTART" in rule.upper() or "\n" in rule:
            self.fail(path, "give only the RRULE part (e.g. 'FREQ=DAILY;COUNT=5'); the start comes from 'start'")
            return
        try:
            check_rule(rule, start or datetime(2000, 1, 1))
        except Exception as exc:
            self.fail(path, f"not a valid RRULE ({exc}); e.g. 'FREQ=DAILY;COUNT=5' or 'FREQ=WEEKLY;BYDAY=MO,WE'")

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


def _check_travellers(dec: _Decoder, doc: dict[str, Any], trip: Trip | None, people: list[Person]) -> None:
    """At most one "me", whose home is the trip's; events name only travellers in ``travellers``."""
    first_me = ""
    for i, person in enumerate(people):
        path = f"people[{i}]"
        if person.me and first_me:
            dec.fail(f"{path}.me", f"only one person can be the traveller (me = true); {first_me} is already")
        elif person.me:
            first_me = f"{path} ({person.id!r})"
            if trip is not None and person.home_tz is not None and person.home_tz is not trip.home_timezone:
                dec.fail(f"{path}.home_timezone", f"the traveller's home zone is the trip's home_timezone "
                         f"({trip.home_timezone.key}): leave it out here, or change [trip].home_timezone")
        if person.home_tz is not None and not person.traveller:
            dec.fail(f"{path}.home_timezone", "only a traveller has a home zone here: add travels = true, "
                     "or leave it out")
    travellers = {p.id for p in people if p.traveller}
    events = doc.get("events")
    for i, raw in enumerate(events if isinstance(events, list) else []):
        listed = raw.get("travellers") if isinstance(raw, dict) else None
        for j, ref in enumerate(listed if isinstance(listed, list) else []):
            if isinstance(ref, str) and ref not in travellers:
                known = ", ".join(sorted(travellers)) or "none yet"
                what = "a person of this trip but not a traveller" if any(p.id == ref for p in people) \
                    else "no person of this trip"
                dec.fail(f"events[{i}].travellers[{j}]", f"{ref!r} is {what} (travellers: {known}); mark a "
                         "teammate with travels = true, or list a local guest in attendees")


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


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _show(moment: datetime, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def decode(doc: dict[str, Any]) -> tuple[Trip | None, list[Problem]]:
    """Build a ``Trip`` from a parsed trip document.

    Returns the trip (``None`` when it cannot be built) and every problem
    found; a trip is only usable when the problem list is empty.
    """
    dec = _Decoder()
    dec.table(doc, "", TOP_KEYS, ("schema_version", "trip"))
    version = doc.get("schema_version")
    if "schema_version" in doc:
        if type(version) is not int:
            dec.fail("schema_version", f"expected an integer, found {_type_name(version)}")
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


def _check_references(dec: _Decoder, doc: dict[str, Any], people: set[str], objectives: set[str],
                      events: set[str]) -> None:
    """Report attendees, objective links and follow-ups that point at nothing."""

    def check(section: str, key: str, known: set[str], what: str, many: bool) -> None:
        for i, raw in enumerate(doc.get(section, []) if isinstance(doc.get(section), list) else []):
            if not isinstance(raw, dict):
                continue
            values = raw.get(key, [] if many else "")
            refs = enumerate(values) if many and isinstance(values, list) else [(None, values)]
            for j, ref in refs:
                if isinstance(ref, str) and ref and ref not in known:
                    where = f"{section}[{i}].{key}" + (f"[{j}]" if j is not None else "")
                    close = difflib.get_close_matches(ref, sorted(known), n=1)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    dec.fail(where, f"{ref!r} is no {what} in this trip{hint}")

    check("events", "attendees", people, "person", True)
    for i, raw in enumerate(doc.get("events", []) if isinstance(doc.get("events"), list) else []):
        for j, ref in enumerate(people_of(raw.get("ical") if isinstance(raw, dict) else None)):
            if ref and ref not in people:
                dec.fail(f"events[{i}].ical.attendance[{j}].person", f"{ref!r} is no person in this trip")
    check("events", "objective", objectives, "objective", False)
    check("objectives", "people", people, "person", True)
    check("followups", "person", people, "person", False)
    check("followups", "event", events, "event", False)
