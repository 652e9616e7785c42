"""Agenda output (text, JSON, Markdown) for one or more days, from a day index.

This is the path people run on the road, so it imports nothing heavy: only
the standard library and the plain rows of ``tripplan.road.dayindex``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tripplan.road.where import (
    Person,
    day_of,
    index_zone,
    stop_on,
    zone_at,
)
from tripplan.visible import visible, visible_json

CATEGORY_MARK = {"work": "■", "networking": "◆", "bonding": "●", "culture": "▲", "logistics": "→", "rest": "○"}


class Item:
    """One agenda line: an occurrence seen from one destination day.

    ``status`` is "now", "next", "done", or "" when the day is not today.
    ``start``/``end`` are wall times in each end's own zone (for display);
    ``start_utc``/``end_utc`` the instants, which every comparison uses.
    """

    __slots__ = ("all_day", "attendees", "category", "city", "end", "end_utc", "id", "join", "kind", "location",
                 "start", "start_utc", "status", "tentative", "title", "travellers", "zone")

    def __init__(self, ident: str, title: str, kind: str, category: str, start: datetime, end: datetime,
                 location: str, attendees: list[dict[str, str | None]], all_day: bool, status: str,
                 tentative: bool = False, join: str = "") -> None:
        self.id, self.title, self.kind, self.category = ident, title, kind, category
        self.start, self.end, self.location, self.attendees = start, end, location, attendees
        self.start_utc, self.end_utc = start.astimezone(UTC), end.astimezone(UTC)
        self.all_day, self.status = all_day, status
        self.tentative, self.join = tentative, join  # as the calendar it came from said
        self.zone: ZoneInfo | None = None  # the zone of the day it is shown on, and that day's city
        self.city = ""
        self.travellers: tuple[str, ...] = ()  # the travellers attending ("" for an unnamed traveller)


class DayView:
    """Everything shown for one trip day (``trip_day`` is 1-based, None outside the trip).

    ``zone`` is the zone of the day's stop, every time of the day is shown
    in; ``city`` that stop's city.
    """

    __slots__ = ("city", "day", "is_today", "items", "trip_day", "trip_length", "zone")

    def __init__(self, day: date, trip_day: int | None, trip_length: int, items: list[Item],
                 is_today: bool, zone: ZoneInfo, city: str = "") -> None:
        self.day, self.trip_day, self.trip_length = day, trip_day, trip_length
        self.items, self.is_today = items, is_today
        self.zone, self.city = zone, city


def _item(index: dict[str, Any], row: Any, people: dict[str, Any], status: str) -> Item:
    s_utc, s_zone, e_utc, e_zone, title, kind, category, location, attendees, ident, all_day, tentative, join = row[:13]
    s = datetime.fromisoformat(s_utc).astimezone(index_zone(index, s_zone))  # local, with the right fold
    e = datetime.fromisoformat(e_utc).astimezone(index_zone(index, e_zone))
    who: list[dict[str, str | None]] = [{"id": a, "name": people[a][0], "role": people[a][1], "org": people[a][2]}
                                         if a in people else {"id": a, "name": a, "role": "", "org": ""}
                                         for a in attendees]
    for person, (answer, answered, comment, delegated_to, earlier) in zip(who, row[14], strict=True):
        person["status"] = answer
        person["answered"] = answered or None
        if comment:
            person["comment"] = comment
        if delegated_to:
            person["delegated_to"] = delegated_to
        if earlier:
            person["earlier"] = earlier
    item = Item(ident, title, kind, category, s, e, location, who, all_day, status, tentative, join)
    item.travellers = row[13]
    return item


def _placed(index: dict[str, Any], item: Item, day: date) -> Item:
    """*item* as shown on *day*: in that day's zone, at its city."""
    stop = stop_on(index, day)
    item.zone, item.city = index_zone(index, stop[1]), stop[0]
    return item


def upcoming_after(index: dict[str, Any], day: date, now: datetime, who: Person | None = None) -> Item | None:
    """The first event (of *who*, when given) starting after *now* on a day after *day*.

    On departure day the traveller is still at home: the overnight flight may
    start after midnight destination time, so "today" alone would look empty.
    """
    later = sorted(key for key in index["days"] if key > day.isoformat())
    for key in later:
        for row in index["days"][key]:
            if who is not None and not who.attends(row):
                continue
            item = _item(index, row, index["people"], "next")
            if item.start_utc > now:
                return _placed(index, item, date.fromisoformat(key))
    return None


def day_view(index: dict[str, Any], day: date, now: datetime, who: Person | None = None) -> DayView:
    """The agenda of the trip day *day* (of *who*, when given), with now/next marked when it is today."""
    stop = stop_on(index, day)
    tz = index_zone(index, stop[1])
    people = index["people"]
    start, end = date.fromisoformat(index["start"]), date.fromisoformat(index["end"])
    is_today = day_of(index, now) == day
    items: list[Item] = []
    next_found = False
    for row in index["days"].get(day.isoformat(), []):
        if who is not None and not who.attends(row):
            continue
        item = _item(index, row, people, "")
        item.zone, item.city = tz, stop[0]
        s, e = item.start_utc, item.end_utc
        status = ""
        if is_today:
            if s <= now < e:
                status = "now"
            elif now >= e:
                status = "done"
            elif not next_found:
                status, next_found = "next", True
        item.status = status
        items.append(item)
    trip_day = (day - start).days + 1 if start <= day <= end else None
    return DayView(day, trip_day, (end - start).days + 1, items, is_today, tz, stop[0])


def heading(view: DayView, city: bool = False) -> str:
    """``Tue 9 Mar 2027 · day 2 of 5``; with *city*, the day's city and zone: ``· Tokyo (Asia/Tokyo)``."""
    text = f"{view.day:%a} {view.day.day} {view.day:%b %Y}"
    if view.trip_day is not None:
        text += f" · day {view.trip_day} of {view.trip_length}"
    else:
        text += " · outside the trip"
    if city:
        text += f" · {view.city} ({view.zone.key})"
    return text + (" · today" if view.is_today else "")


def _cities(index: dict[str, Any], views: list[DayView]) -> list[bool]:
    """Which headings name their city: on a multi-city trip, the first day shown and each day the city changes."""
    if not index.get("multi_city"):
        return [False] * len(views)
    shown, before = [], None
    for view in views:
        here = (view.city, view.zone.key)
        shown.append(here != before)
        before = here
    return shown


def _title(index: dict[str, Any], who: Person | None) -> str:
    """``Trip name`` or ``Trip name — Bo Chen's plan``."""
    if who is None:
        return str(index["name"])
    mine = who.ident == index["me"] and who.traveller
    return f"{index['name']}, {'your' if mine else who.name + chr(39) + 's'} plan"


def _route(index: dict[str, Any]) -> str:
    """``Singapore → Tokyo → Seoul``: the cities of the trip in the order it visits them."""
    cities = [stop[0] for stop in index["stops"]]
    return " → ".join(c for n, c in enumerate(cities) if n == 0 or c != cities[n - 1])


def _span(item: Item, tz: ZoneInfo, day: date) -> str:
    if item.all_day:
        return "all day"
    from tripplan.time.zones import clock

    s, e = item.start_utc.astimezone(tz), item.end_utc.astimezone(tz)
    left, right = clock(s), clock(e)
    left = left if s.date() == day else f"{s:%a} {left}"
    if item.start_utc == item.end_utc:  # a moment (a deadline, a DTSTART alone): one time
        return left
    right = right if e.date() == day else f"{e:%a} {right}"
    return f"{left}–{right}"


def _home_span(item: Item, home: ZoneInfo) -> str:
    from tripplan.time.zones import clock

    s, e = item.start_utc.astimezone(home), item.end_utc.astimezone(home)
    if item.start_utc == item.end_utc:
        return f"{s:%a} {clock(s)}"
    right = clock(e) if e.date() == s.date() else f"{e:%a} {clock(e)}"
    return f"{s:%a} {clock(s)}–{right}"


def _who(item: Item) -> str:
    parts = []
    for person in item.attendees:
        extra = ", ".join(x for x in (person["role"], person["org"]) if x)
        name = person["name"] or ""
        parts.append(f"{name} ({extra})" if extra else name)
    return ", ".join(parts)


def _zones_note(item: Item) -> str:
    """For a travel leg, each end in its own zone: ``leaves 18:45 EST · arrives 06:30 WET``."""
    s, e = item.start, item.end
    if str(s.tzinfo) == str(e.tzinfo):
        return ""
    return f"leaves {s:%a %H:%M} {s.tzname()} ({s.tzinfo}) · arrives {e:%a %H:%M} {e.tzname()} ({e.tzinfo})"


def _wrapper(width: int | None, indent: int) -> Any:
    """Wrap long detail lines to the terminal's width (only when printing to one)."""
    if width is None:
        return lambda text: [" " * indent + text]
    import textwrap  # imports re: only paid for when a terminal is there to read the output

    wrapper = textwrap.TextWrapper(width=max(width, indent + 30), initial_indent=" " * indent,
                                   subsequent_indent=" " * (indent + 2), break_long_words=False,
                                   break_on_hyphens=False)
    return wrapper.wrap


def _home_of(index: dict[str, Any], who: Person | None) -> str:
    return who.home if who is not None else str(index["home_timezone"])


def render_text(index: dict[str, Any], views: list[DayView], now: datetime, *, width: int | None = None,
                upcoming: Item | None = None, who: Person | None = None) -> str:
    """Plain-text agenda: each day in its stop's time, home time (*who*'s, when given) beside it.

    *width* wraps detail lines for a terminal; *upcoming* is shown when today
    has nothing left (see ``upcoming_after``).
    """
    home_key = _home_of(index, who)
    home = index_zone(index, home_key)
    place = index["destination"] or index["timezone"]
    where = (f"each day in its city's time ({_route(index)})" if index.get("multi_city")
             else f"times in {place} ({index['timezone']})")
    lines = [f"{_title(index, who)} — {where}, home time in brackets ({home_key})"]
    if any(v.is_today for v in views):
        here = now.astimezone(zone_at(index, now))
        lines.append(f"now: {here:%a %H:%M %Z} here · {now.astimezone(home):%a %H:%M %Z} home")
    marks = {"now": "▶ now  ", "next": "→ next ", "done": "  done ", "": "       "}
    for view, city in zip(views, _cities(index, views), strict=True):
        lines += ["", heading(view, city)]
        if not view.items:
            lines.append("      nothing planned")
        spans = [_span(item, view.zone, view.day) for item in view.items]
        column = max([15, *map(len, spans)])  # wider on a day whose clocks change: the zones are named
        for item, span in zip(view.items, spans, strict=True):
            tag = CATEGORY_MARK.get(item.category, "·")
            home_part = "" if item.all_day else f"  [{_home_span(item, home)} home]"
            mark = marks[item.status] if view.is_today else ""
            lines.append(f"{mark}{span:<{column}}  {tag} {item.title}  ({item.kind}, "
                         f"{item.category}{', tentative' if item.tentative else ''}){home_part}")
            wrap = _wrapper(width, len(mark) + column + 4)
            for extra in _details(item):
                lines += wrap(extra)
    if upcoming is not None:
        tz = upcoming.zone or index_zone(index, index["timezone"])
        first = upcoming.start_utc.astimezone(tz)
        place = f" {upcoming.city}" if index.get("multi_city") else ""
        lines += ["", f"next: {first:%a} {first.day} {first:%b}{place} {_span(upcoming, tz, first.date())}  "
                  f"{CATEGORY_MARK.get(upcoming.category, '·')} {upcoming.title}  ({upcoming.kind})  "
                  f"[{_home_span(upcoming, home)} home]"]
        wrap = _wrapper(width, 6)
        for extra in _details(upcoming):
            lines += wrap(extra)
    return visible("\n".join(lines)) + "\n"


def _details(item: Item) -> list[str]:
    """The lines under an event: place, people, and each end's zone for a travel leg."""
    found = [f"at {item.location}" if item.location else "", f"with {_who(item)}" if item.attendees else "",
             f"join {item.join}" if item.join else "", _zones_note(item)]
    return [line for line in found if line]


def render_markdown(index: dict[str, Any], views: list[DayView], who: Person | None = None) -> str:
    """A Markdown agenda for pasting into an e-mail or a wiki page."""
    home_key = _home_of(index, who)
    home = index_zone(index, home_key)
    if index.get("multi_city"):
        where = f"Each day is in its city's time ({_route(index)})"
    else:
        where = f"All times are {index['destination'] or index['timezone']} time ({index['timezone']})"
    out = [f"# {_md_escape(_title(index, who))}", "", f"{_md_escape(where)}; home time ({home_key}) in brackets.", ""]
    for view, city in zip(views, _cities(index, views), strict=True):
        out += [f"## {_md_escape(heading(view, city))}", ""]
        if not view.items:
            out += ["_Nothing planned._", ""]
            continue
        for item in view.items:
            home_part = "" if item.all_day else f" _({_home_span(item, home)} home)_"
            line = f"- **{_span(item, view.zone, view.day)}** {_md_escape(item.title)} — {item.kind}{home_part}"
            for extra in _details(item):
                line += f"  \n  {_md_escape(extra)}"
            out.append(line)
        out.append("")
    return visible("\n".join(out))


def _md_escape(text: str) -> str:
    """Keep user text from turning into Markdown markup."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def to_json(index: dict[str, Any], views: list[DayView], now: datetime, upcoming: Item | None = None,
            who: Person | None = None) -> str:
    """Machine-readable agenda (format documented in docs/cli.md)."""
    import json
    home_key = _home_of(index, who)
    home = index_zone(index, home_key)
    first_zone = index_zone(index, index["timezone"])

    def item_json(item: Item) -> dict[str, Any]:
        tz = item.zone or first_zone
        return {
            "id": item.id, "title": item.title, "kind": item.kind, "category": item.category,
            "all_day": item.all_day,
            "start": item.start.isoformat(), "end": item.end.isoformat(),
            "start_zone": str(item.start.tzinfo), "end_zone": str(item.end.tzinfo),
            "zone": tz.key, "city": item.city,
            "start_local": item.start_utc.astimezone(tz).isoformat(),
            "end_local": item.end_utc.astimezone(tz).isoformat(),
            # An all-day event is a date, not a span of hours: it has no home time.
            "start_home": None if item.all_day else item.start_utc.astimezone(home).isoformat(),
            "end_home": None if item.all_day else item.end_utc.astimezone(home).isoformat(),
            "minutes": None if item.all_day else int((item.end_utc - item.start_utc).total_seconds()) // 60,
            "location": item.location, "attendees": item.attendees, "travellers": list(item.travellers),
            "status": item.status or None, "tentative": item.tentative, "join": item.join or None,
        }

    doc = {
        "trip": index["name"], "timezone": index["timezone"], "home_timezone": home_key,
        "person": None if who is None else {"id": who.ident, "name": who.name, "traveller": who.traveller,
                                            "me": who.traveller and who.ident == index["me"]},
        "stops": [{"city": c, "timezone": z, "from": f, "to": t} for c, z, f, t, _ in index["stops"]],
        "now": now.astimezone(zone_at(index, now)).isoformat(),
        "days": [{"date": v.day.isoformat(), "weekday": f"{v.day:%a}", "trip_day": v.trip_day,
                  "city": v.city, "timezone": v.zone.key,
                  "is_today": v.is_today, "events": [item_json(i) for i in v.items]} for v in views],
        "upcoming": item_json(upcoming) if upcoming is not None else None,
    }
    return visible_json(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"


def days_from(first: date, count: int) -> list[date]:
    """*count* consecutive dates starting at *first*."""
    return [first + timedelta(days=i) for i in range(count)]
