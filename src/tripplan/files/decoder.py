"""The public decoder API: reading typed fields of a parsed trip file, collecting located problems.

``Decoder`` is what every section's module (``tripplan.files.decode`` for the
trip, people and events; ``planning_section``, ``share_section``,
``invite_records``, ``ical_props``, ``stops_section``) decodes its part of the
file with.  It never stops at the first problem: each mistake is one
``Problem`` (field path and message) so the user can fix the whole file in one
go.  It imports no section, so no section imports back into a cycle.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from tripplan.errors import Problem
from tripplan.time.limits import day_problem, instant_problem
from tripplan.time.zones import (
    UnknownZoneError,
    day_start,
    instant,
    nearest_existing,
    offset_text,
    rule_zone,
    wall_time_exists,
    zone,
)
from tripplan.trip.model import WorkingHours
from tripplan.trip.validate import all_day_problems, duplicate_problem, id_form_problem, rrule_problem, span_problem

T = TypeVar("T")

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_HHMM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


def type_name(value: object) -> str:
    """How a problem names the TOML type of *value* ("a string", "a table", ...)."""
    names = {str: "a string", int: "an integer", float: "a number", bool: "true/false",
             list: "a list", dict: "a table", datetime: "a date-time", date: "a date",
             time: "a time"}
    return names.get(type(value), type(value).__name__)


def field_path(path: str, key: str) -> str:
    """The path of field *key* in the table at *path* (``events[0]`` + ``end`` is ``events[0].end``)."""
    return f"{path}.{key}" if path else key


class Decoder:
    """Reads the fields of a raw document, building model values and collecting problems.

    ``fail`` records a problem; ``table`` checks a table's keys; ``typed``,
    ``text``, ``day``, ``string_list``, ``choice``, ``zone`` read one field
    (a default, and a problem, when it is wrong); ``array`` an array of
    tables; ``unique_id`` an id; ``culture`` and ``working_hours`` the
    sub-tables a trip and a stop share; ``event_times``, ``moment``,
    ``exdates`` and ``check_rrule`` an event's times and recurrence.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.custom_zones: dict[str, ZoneInfo] = {}  # [trip.zones], which 'tz' and 'end_tz' may name

    def fail(self, path: str, message: str) -> None:
        """Record a problem at *path*."""
        self.problems.append(Problem(path, message))

    # --- generic field readers -------------------------------------------------

    def table(self, raw: object, path: str, known: set[str], required: tuple[str, ...]) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.fail(path, f"expected a table, found {type_name(raw)}")
            return None
        for key in sorted(set(raw) - known):
            close = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known keys: {', '.join(sorted(known))})"
            self.fail(field_path(path, key), f"unknown key {key!r}{hint}")
        for key in required:
            if key not in raw:
                self.fail(field_path(path, key), "missing required field")
        return raw

    def typed(self, raw: dict[str, Any], key: str, path: str, kind: type[T], default: T,
              what: str) -> T:
        if key not in raw:
            return default
        value = raw[key]
        # bool is an int subclass and datetime a date subclass: compare exactly.
        if type(value) is not kind:
            self.fail(field_path(path, key), f"expected {what}, found {type_name(value)}")
            return default
        return value

    def text(self, raw: dict[str, Any], key: str, path: str, *, required: bool = False) -> str:
        value = self.typed(raw, key, path, str, "", "a string")
        if required and key in raw and isinstance(raw[key], str) and not value.strip():
            self.fail(field_path(path, key), "must not be empty")
        return value

    def day(self, raw: dict[str, Any], key: str, path: str, what: str) -> date | None:
        """A date field (``None`` if absent or wrong, the problem reported), in the years a trip can have."""
        value = self.typed(raw, key, path, date, None, what)
        if value is not None and (problem := day_problem(value)) is not None:
            self.fail(field_path(path, key), problem)
            return None
        return value

    def string_list(self, raw: dict[str, Any], key: str, path: str) -> list[str]:
        values = self.typed(raw, key, path, list, [], "a list of strings")
        good: list[str] = []
        for i, item in enumerate(values):
            if isinstance(item, str):
                good.append(item)
            else:
                self.fail(f"{field_path(path, key)}[{i}]", f"expected a string, found {type_name(item)}")
        return good

    def choice(self, raw: dict[str, Any], key: str, path: str, parse: Callable[[str], T], default: T) -> T:
        value = self.text(raw, key, path)
        if key not in raw or not isinstance(raw[key], str):
            return default
        try:
            return parse(value)
        except ValueError as exc:
            self.fail(field_path(path, key), str(exc))
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
            self.fail(field_path(path, key), str(exc) + hint)
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
                self.fail(path, f"expected a POSIX TZ rule like 'XST-1XDT,M3.5.0,M10.5.0/3', found {type_name(rule)}")
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
            self.fail(key, f"expected an array of tables ([[{key}]]), found {type_name(value)}")
            return []
        return value

    def unique_id(self, raw: dict[str, Any], path: str, seen: dict[str, str], simple: bool) -> str:
        ident = self.text(raw, "id", path, required=True)
        if not ident:
            return ident
        if (problem := id_form_problem(ident, simple=simple)) is not None:
            self.fail(field_path(path, "id"), problem)
        if ident in seen:
            self.fail(field_path(path, "id"), duplicate_problem(ident, seen[ident]))
        else:
            seen[ident] = path
        return ident

    # --- sections --------------------------------------------------------------

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
                    self.fail(f"{path}.culture.{key}", f"expected a string, found {type_name(value)}")
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

    def event_times(self, table: dict[str, Any], path: str, tz: ZoneInfo | None,
                    end_tz: ZoneInfo | None) -> tuple[datetime, datetime, bool] | None:
        """The start and end instants (UTC) and whether the event is all-day; problems reported."""
        raw_start, raw_end = table.get("start"), table.get("end")
        if raw_start is None or raw_end is None:
            return None
        if type(raw_start) is date and type(raw_end) is date:
            problems = all_day_problems(raw_start, raw_end)
            for key, problem in problems:
                self.fail(field_path(path, key), problem)
            if tz is None or problems:
                return None
            return day_start(raw_start, tz), day_start(raw_end, tz), True
        start = self.moment(raw_start, field_path(path, "start"), tz)
        end = self.moment(raw_end, field_path(path, "end"), end_tz)
        if start is None or end is None or tz is None or end_tz is None:
            return None
        if (wrong := span_problem(start, end, tz, end_tz)) is not None:
            self.fail(field_path(path, "end"), wrong)
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
            self.fail(path, f"expected {expected}, found {type_name(value)}{extra}")
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
        """Report at *path* why *rule* cannot be an event's ``repeat`` (``validate.rrule_problem``)."""
        if (problem := rrule_problem(rule, start)) is not None:
            self.fail(path, problem)

