"""Agenda output (text, JSON, Markdown) for one or more days, from a day index.

This is the path people run on the road, so it imports nothing heavy: only
the standard library and the plain rows of ``tripplan.dayindex``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

TYPE_CHECKING = False  # typing itself is not imported at run time: start-up matters here
if TYPE_CHECKING:
    from typing import Any

CATEGORY_MARK = {"work": "■", "networking": "◆", "bonding": "●", "culture": "▲", "logistics": "→", "rest": "○"}


class Item:
    """One agenda line: an occurrence seen from one destination day.

    ``status`` is "now", "next", "done", or "" when the day is not today.
    ``start``/``end`` are wall times in each end's own zone (for display);
    ``start_utc``/``end_utc`` the instants, which every comparison uses.
    """

    __slots__ = ("all_day", "attendees", "category", "end", "end_utc", "id", "join", "kind", "location", "start",
                 "start_utc", "status", "tentative", "title")

    def __init__(self, ident: str, title: str, kind: str, category: str, start: datetime, end: datetime,
                 location: str, attendees: list[dict[str, str]], all_day: bool, status: str,
                 tentative: bool = False, join: str = "") -> None:
        self.id, self.title, self.kind, self.category = ident, title, kind, category
        self.start, self.end, self.location, self.attendees = start, end, location, attendees
        self.start_utc, self.end_utc = start.astimezone(UTC), end.astimezone(UTC)
        self.all_day, self.status = all_day, status
        self.tentative, self.join = tentative, join  # as the calendar it came from said


class DayView:
    """Everything shown for one destination date (``trip_day`` is 1-based, None outside the trip)."""

    __slots__ = ("day", "is_today", "items", "trip_day", "trip_length")

    def __init__(self, day: date, trip_day: int | None, trip_length: int, items: list[Item],
                 is_today: bool) -> None:
        self.day, self.trip_day, self.trip_length = day, trip_day, trip_length
        self.items, self.is_today = items, is_today


def index_zone(index: dict[str, Any], name: str) -> ZoneInfo:
    """The zone *name* of a day index: an IANA zone, or one of the trip's custom zones ([trip.zones])."""
    custom = index.get("zones", {})
    if name in custom:
        from tripplan.zones import rule_zone

        return rule_zone(name, custom[name])
    return ZoneInfo(name)


def _item(index: dict[str, Any], row: Any, people: dict[str, Any], status: str) -> Item:
    s_utc, s_zone, e_utc, e_zone, title, kind, category, location, attendees, ident, all_day, tentative, join = row
    s = datetime.fromisoformat(s_utc).astimezone(index_zone(index, s_zone))  # local, with the right fold
    e = datetime.fromisoformat(e_utc).astimezone(index_zone(index, e_zone))
    who = [{"id": a, "name": people[a][0], "role": people[a][1], "org": people[a][2]}
           if a in people else {"id": a, "name": a, "role": "", "org": ""} for a in attendees]
    return Item(ident, title, kind, category, s, e, location, who, all_day, status, tentative, join)


def upcoming_after(index: dict[str, Any], day: date, now: datetime) -> Item | None:
    """The first event starting after *now* on a day after *day*.

    On departure day the traveller is still at home: the overnight flight may
    start after midnight destination time, so "today" alone would look empty.
    """
    later = sorted(key for key in index["days"] if key > day.isoformat())
    for key in later:
        for row in index["days"][key]:
            item = _item(index, row, index["people"], "next")
            if item.start_utc > now:
                return item
    return None


def day_view(index: dict[str, Any], day: date, now: datetime) -> DayView:
    """The agenda of *day* (a destination date), with now/next marked when it is today."""
    tz = index_zone(index, index["timezone"])
    people = index["people"]
    start, end = date.fromisoformat(index["start"]), date.fromisoformat(index["end"])
    is_today = now.astimezone(tz).date() == day
    items: list[Item] = []
    next_found = False
    for row in index["days"].get(day.isoformat(), []):
        item = _item(index, row, people, "")
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
    return DayView(day, trip_day, (end - start).days + 1, items, is_today)


def heading(view: DayView) -> str:
    """``Tue 9 Mar 2027 · day 2 of 5``."""
    text = f"{view.day:%a} {view.day.day} {view.day:%b %Y}"
    if view.trip_day is not None:
        text += f" · day {view.trip_day} of {view.trip_length}"
    else:
        text += " · outside the trip"
    return text + (" · today" if view.is_today else "")


def _span(item: Item, tz: ZoneInfo, day: date) -> str:
    if item.all_day:
        return "all day"
    from tripplan.zones import clock

    s, e = item.start_utc.astimezone(tz), item.end_utc.astimezone(tz)
    left, right = clock(s), clock(e)
    left = left if s.date() == day else f"{s:%a} {left}"
    if item.start_utc == item.end_utc:  # a moment (a deadline, a DTSTART alone): one time
        return left
    right = right if e.date() == day else f"{e:%a} {right}"
    return f"{left}–{right}"


def _home_span(item: Item, home: ZoneInfo) -> str:
    from tripplan.zones import clock

    s, e = item.start_utc.astimezone(home), item.end_utc.astimezone(home)
    if item.start_utc == item.end_utc:
        return f"{s:%a} {clock(s)}"
    right = clock(e) if e.date() == s.date() else f"{e:%a} {clock(e)}"
    return f"{s:%a} {clock(s)}–{right}"


def _who(item: Item) -> str:
    parts = []
    for person in item.attendees:
        extra = ", ".join(x for x in (person["role"], person["org"]) if x)
        parts.append(f"{person['name']} ({extra})" if extra else person["name"])
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


def render_text(index: dict[str, Any], views: list[DayView], now: datetime, *, width: int | None = None,
                upcoming: Item | None = None) -> str:
    """Plain-text agenda: destination time first, home time beside it.

    *width* wraps detail lines for a terminal; *upcoming* is shown when today
    has nothing left (see ``upcoming_after``).
    """
    tz, home = index_zone(index, index["timezone"]), index_zone(index, index["home_timezone"])
    place = index["destination"] or index["timezone"]
    lines = [f"{index['name']} — times in {place} ({index['timezone']}), home time in brackets "
             f"({index['home_timezone']})"]
    if any(v.is_today for v in views):
        lines.append(f"now: {now.astimezone(tz):%a %H:%M %Z} here · {now.astimezone(home):%a %H:%M %Z} home")
    marks = {"now": "▶ now  ", "next": "→ next ", "done": "  done ", "": "       "}
    for view in views:
        lines += ["", heading(view)]
        if not view.items:
            lines.append("      nothing planned")
        spans = [_span(item, tz, view.day) for item in view.items]
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
        first = upcoming.start_utc.astimezone(tz)
        lines += ["", f"next: {first:%a} {first.day} {first:%b} {_span(upcoming, tz, first.date())}  "
                  f"{CATEGORY_MARK.get(upcoming.category, '·')} {upcoming.title}  ({upcoming.kind})  "
                  f"[{_home_span(upcoming, home)} home]"]
        wrap = _wrapper(width, 6)
        for extra in _details(upcoming):
            lines += wrap(extra)
    return "\n".join(lines) + "\n"


def _details(item: Item) -> list[str]:
    """The lines under an event: place, people, and each end's zone for a travel leg."""
    found = [f"at {item.location}" if item.location else "", f"with {_who(item)}" if item.attendees else "",
             f"join {item.join}" if item.join else "", _zones_note(item)]
    return [line for line in found if line]


def render_markdown(index: dict[str, Any], views: list[DayView]) -> str:
    """A Markdown agenda for pasting into an e-mail or a wiki page."""
    tz, home = index_zone(index, index["timezone"]), index_zone(index, index["home_timezone"])
    place = index["destination"] or index["timezone"]
    out = [f"# {index['name']}", "", f"All times are {place} time ({index['timezone']}); "
           f"home time ({index['home_timezone']}) in brackets.", ""]
    for view in views:
        out += [f"## {heading(view)}", ""]
        if not view.items:
            out += ["_Nothing planned._", ""]
            continue
        for item in view.items:
            home_part = "" if item.all_day else f" _({_home_span(item, home)} home)_"
            line = f"- **{_span(item, tz, view.day)}** {_md_escape(item.title)} — {item.kind}{home_part}"
            for extra in _details(item):
                line += f"  \n  {_md_escape(extra)}"
            out.append(line)
        out.append("")
    return "\n".join(out)


def _md_escape(text: str) -> str:
    """Keep user text from turning into Markdown markup."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def to_json(index: dict[str, Any], views: list[DayView], now: datetime, upcoming: Item | None = None) -> str:
    """Machine-readable agenda (format documented in docs/cli.md)."""
    import json
    tz, home = index_zone(index, index["timezone"]), index_zone(index, index["home_timezone"])

    def item_json(item: Item) -> dict[str, Any]:
        return {
            "id": item.id, "title": item.title, "kind": item.kind, "category": item.category,
            "all_day": item.all_day,
            "start": item.start.isoformat(), "end": item.end.isoformat(),
            "start_zone": str(item.start.tzinfo), "end_zone": str(item.end.tzinfo),
            "start_local": item.start_utc.astimezone(tz).isoformat(),
            "end_local": item.end_utc.astimezone(tz).isoformat(),
            # An all-day event is a date, not a span of hours: it has no home time.
            "start_home": None if item.all_day else item.start_utc.astimezone(home).isoformat(),
            "end_home": None if item.all_day else item.end_utc.astimezone(home).isoformat(),
            "minutes": None if item.all_day else int((item.end_utc - item.start_utc).total_seconds()) // 60,
            "location": item.location, "attendees": item.attendees, "status": item.status or None,
            "tentative": item.tentative, "join": item.join or None,
        }

    doc = {
        "trip": index["name"], "timezone": index["timezone"], "home_timezone": index["home_timezone"],
        "now": now.astimezone(tz).isoformat(),
        "days": [{"date": v.day.isoformat(), "weekday": f"{v.day:%a}", "trip_day": v.trip_day,
                  "is_today": v.is_today, "events": [item_json(i) for i in v.items]} for v in views],
        "upcoming": item_json(upcoming) if upcoming is not None else None,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def days_from(first: date, count: int) -> list[date]:
    """*count* consecutive dates starting at *first*."""
    return [first + timedelta(days=i) for i in range(count)]
