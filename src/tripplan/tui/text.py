"""Small text formatters shared by the screens (dates, time ranges, zones); plain Python."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from tripplan.time.durations import format_human
from tripplan.trip.kinds import Category

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from tripplan.trip.model import Event, Trip

MINUTES_PER_DAY = 24 * 60

CATEGORY_ORDER = (Category.WORK, Category.NETWORKING, Category.BONDING, Category.CULTURE, Category.LOGISTICS,
                  Category.REST)


def day_short(day: date) -> str:
    """``Tue 9``."""
    return f"{day:%a} {day.day}"


def day_medium(day: date) -> str:
    """``Tue 9 Mar``."""
    return f"{day:%a} {day.day} {day:%b}"


def day_long(day: date) -> str:
    """``Tuesday 9 March 2027``."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def trip_dates(trip: Trip) -> str:
    """``Mon 8 – Fri 12 Mar 2027`` (months and years only where they change)."""
    start, end = trip.start, trip.end
    if start == end:
        return f"{day_medium(start)} {start.year}"
    if start.year != end.year:
        return f"{day_medium(start)} {start.year} – {day_medium(end)} {end.year}"
    if start.month != end.month:
        return f"{day_medium(start)} – {day_medium(end)} {end.year}"
    return f"{day_short(start)} – {day_medium(end)} {end.year}"


def place_name(zone: ZoneInfo) -> str:
    """``Europe/Lisbon`` → ``Lisbon``."""
    return zone.key.rsplit("/", 1)[-1].replace("_", " ")


def city_of(trip: Trip, day: date) -> str:
    """The city a day is in, named on a multi-city trip ("" on a one-stop trip: the zone names it)."""
    return trip.stop_on(day).city if trip.multi_city else ""


def person_name(trip: Trip, ident: str) -> str:
    """A person's name by id; "you" for the traveller of a trip that names no one (``model.YOU``)."""
    person = trip.person(ident) if ident else None
    if person is not None:
        return person.name
    return ident or "you"


def clock_at(trip: Trip, moment: datetime) -> str:
    """``19:30``: an instant's wall time in the zone of the stop the traveller is at then."""
    return clock(moment, trip.zone_at(moment))


def day_at(trip: Trip, moment: datetime) -> str:
    """``Tue 9 Mar``: the trip day an instant falls on (in its stop's zone)."""
    return day_medium(trip.day_of(moment))


def hhmm(moment: datetime) -> str:
    """``19:30``."""
    return f"{moment:%H:%M}"


@lru_cache(maxsize=4096)
def day_changes(day: date, zone: ZoneInfo) -> bool:
    """Whether *zone*'s UTC offset changes on *day* (then times of that day carry their abbreviation)."""
    from tripplan.time.zones import changes_on  # with the trip, not before the first frame (zoneinfo's import)

    return changes_on(day, zone)


def local(moment: datetime, zone: ZoneInfo) -> datetime:
    """The instant *moment* as wall time in *zone* (via UTC, so a wall time that does not exist never comes back)."""
    return moment.astimezone(UTC).astimezone(zone)


def offset_text(moment: datetime) -> str:
    """``+01:00`` (the UTC offset of an aware datetime; :func:`tripplan.time.zones.offset_text`)."""
    from tripplan.time.zones import offset_text as text  # with the trip, not before the first frame

    return text(moment)


def clock(moment: datetime, zone: ZoneInfo, *, tagged: bool | None = None) -> str:
    """``19:30`` in *zone*; ``01:30 WEST`` on a day whose offset changes (or when *tagged* says so)."""
    wall = local(moment, zone)
    if tagged is None:
        tagged = day_changes(wall.date(), zone)
    return f"{hhmm(wall)} {wall.tzname()}" if tagged else hhmm(wall)


def time_range(start: datetime, end: datetime, zone: ZoneInfo, *, with_zone: bool = True) -> str:
    """``19:30–22:00 WET`` in *zone*; a range over midnight names the end's day.

    On a day whose UTC offset changes each end carries its own abbreviation
    (``01:30 WEST–01:15 WET``), with or without *with_zone*: the same wall
    time may happen twice that day.
    """
    from tripplan.time.zones import day_start

    s, e = local(start, zone), local(end, zone)
    tagged = day_changes(s.date(), zone) or day_changes(e.date(), zone)
    if start == end:  # a moment of no length: its one time
        return f"{hhmm(s)} {s.tzname()}" if tagged or with_zone else hhmm(s)
    end_clock = f"{hhmm(e)} {e.tzname()}" if tagged else hhmm(e)
    end_text = end_clock if e.date() == s.date() else f"{day_medium(e.date())} {end_clock}"
    if e.date() == s.date() + timedelta(days=1) and end.astimezone(UTC) == day_start(e.date(), zone):
        end_text = "24:00"
    if tagged:
        return f"{hhmm(s)} {s.tzname()}–{end_text}"
    return f"{hhmm(s)}–{end_text}" + (f" {s.tzname()}" if with_zone else "")


def event_when(event: Event, start: datetime, end: datetime, trip: Trip, *, zone: ZoneInfo | None = None,
               home: ZoneInfo | None = None) -> list[str]:
    """Lines saying when an occurrence (two instants) happens: local time, own zones if different, home time.

    Local time is *zone* (the zone of the day it is shown on; by default that of the stop where it
    starts), home time *home* (by default the trip's).  The length is elapsed time (the instants'
    difference), whatever the clocks did in between.
    """
    if event.all_day:
        first, last = local(start, event.tz).date(), local(end, event.tz).date() - timedelta(days=1)
        span = day_medium(first) if last <= first else f"{day_medium(first)} – {day_medium(last)}"
        return [f"{span}, all day"]
    tz, home = zone or trip.zone_at(start), home or trip.home_timezone
    lines: list[str] = []
    s_local = local(start, tz)
    lines.append(f"{day_medium(s_local.date())}  {time_range(start, end, tz)}")
    if event.tz.key != tz.key or event.end_tz.key != tz.key:
        s, e = local(start, event.tz), local(end, event.end_tz)
        lines.append(f"{day_medium(s.date())} {hhmm(s)} {s.tzname()} → {day_medium(e.date())} {hhmm(e)} {e.tzname()}")
    length = format_human(end.astimezone(UTC) - start.astimezone(UTC))
    lines.append(f"{length}  ·  home {time_range(start, end, home)}" if home.key != tz.key else length)
    return lines


def reminder_text(event: Event) -> str:
    """``1 h, 15 min before``."""
    if not event.reminders:
        return ""
    return ", ".join(format_human(r.before) for r in sorted(event.reminders, key=lambda r: -r.before)) + " before"


def repeat_text(rule: str) -> str:
    """A readable summary of common RRULEs (the rule itself otherwise)."""
    parts = dict(p.split("=", 1) for p in rule.upper().removeprefix("RRULE:").split(";") if "=" in p)
    freq = {"DAILY": "daily", "WEEKLY": "weekly", "MONTHLY": "monthly", "YEARLY": "yearly",
            "HOURLY": "hourly"}.get(parts.get("FREQ", ""), "")
    if not freq:
        return rule
    interval = parts.get("INTERVAL")
    text = freq if not interval or interval == "1" else f"every {interval} {freq.removesuffix('ly')}s".replace(
        "dais", "days")
    if "BYDAY" in parts:
        text += " on " + ", ".join(d.title()[-2:] for d in parts["BYDAY"].split(","))
    if "COUNT" in parts:
        text += f", {parts['COUNT']} times"
    if "UNTIL" in parts:
        until = parts["UNTIL"][:8]
        if until.isdigit():
            text += f", until {date(int(until[:4]), int(until[4:6]), int(until[6:8])):%d %b %Y}"
    return text
