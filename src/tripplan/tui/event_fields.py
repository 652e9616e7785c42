"""The event editor's fields read as values: days, times, lengths, reminders, skipped dates, the hints.

Each reader takes the text typed in one field of the editor
(``tui/screens/editor.py``) and returns its value or raises ``FieldError``
(or ``TimeEntryError``) with the reason shown under the field.  Forms that
ask for a day (``tui/record_forms.py``) read it with ``all_day_start``.
No widgets here: the editor reads its widgets and hands over their text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from textual.content import Content

from tripplan.time.durations import format_human
from tripplan.time.entry import TimeContext, TimeEntryError, parse_duration, parse_end, parse_when
from tripplan.time.zones import day_start, instant, is_ambiguous, localize
from tripplan.trip.model import Event, Kind, Reminder, Trip
from tripplan.tui.markup import m as _m
from tripplan.tui.text import CATEGORY_ORDER, day_medium, offset_text, time_range

FIELDS = ("title", "kind", "start", "second", "end", "tz", "end_tz", "location", "travellers", "attendees", "objective",
          "remind", "repeat", "exdates", "notes")


class FieldError(ValueError):
    """A field's value is not acceptable; the message says why."""


@dataclass
class Parsed:
    """The form's values as far as they could be read, and what is wrong."""

    values: dict[str, Any]
    errors: dict[str, str]
    hints: dict[str, str]


def first_line(exc: Exception) -> str:
    """The first line of why *exc* refused a value (its ``reason`` when it has one)."""
    reason = getattr(exc, "reason", "") or str(exc)
    return reason.splitlines()[0]


def kind_options() -> list[tuple[Content, Kind]]:
    """Kinds grouped by category, each labelled with its category."""
    options = []
    for category in CATEGORY_ORDER:
        for kind in Kind:
            if kind.category is category:
                label = _m(f"[$cat-{category.value}]■[/] $k [$text-muted]· $c[/]",
                                            k=kind.value, c=category.value)
                options.append((label, kind))
    return options


def start_zone(start: date | datetime | None, ctx: TimeContext) -> ZoneInfo:
    """The zone of the event: that of its parsed start (the zone typed, or its day's), for all day its first day's."""
    if isinstance(start, datetime) and isinstance(start.tzinfo, ZoneInfo):
        return start.tzinfo
    if isinstance(start, date):
        return ctx.zone_on(start)
    return ctx.tz


def required(text: str, reason: str) -> str:
    """*text*, when it is not blank; else a ``FieldError`` saying *reason*."""
    if not text.strip():
        raise FieldError(reason)
    return text


def zone_key(moment: datetime) -> str:
    """The IANA name of *moment*'s zone ("" for a fixed offset)."""
    return getattr(moment.tzinfo, "key", "")


def typed_pass(text: str, naive: datetime, tz: ZoneInfo) -> int | None:
    """Which pass of the repeated wall time *naive* the typed *text* names by abbreviation or offset, if any."""
    words = text.strip().lower().split()
    last = words[-1] if words else ""
    for fold in (0, 1):
        moment = localize(naive, tz, fold)
        offset = offset_text(moment)
        if last in ((moment.tzname() or "").lower(), offset, offset.replace(":", "")):
            return fold
    return None


def repeated_end_note(start: datetime, end: datetime, tz: ZoneInfo) -> str:
    """For an end in the repeated hour that could be either pass: which of the two it is, and how to type the other."""
    local = end.astimezone(tz)
    naive = local.replace(tzinfo=None, fold=0)
    if not is_ambiguous(naive, tz):
        return ""
    other = localize(naive, tz, 1 - local.fold)
    if other.astimezone(UTC) <= start.astimezone(UTC):
        return ""  # the other one is before the start: nothing to choose
    which = "second" if local.fold else "first"
    return (f"{naive:%H:%M} happens twice on {day_medium(naive.date())}: this is the {which} ({local.tzname()}, "
            f"UTC{offset_text(local)}); for the other type '{naive:%Y-%m-%d %H:%M} {other.tzname()}'")


def day_of(text: str, ctx: TimeContext) -> date:
    """The day named by *text* ("thu", "day 4", "2027-03-11"; a day and time names its day).

    Found through a time that exists on every day (noon), so a day whose
    midnight the clocks skip is named like any other.
    """
    cleaned = text.strip()
    try:
        return parse_when(f"{cleaned} 12:00", ctx).date()
    except TimeEntryError:
        try:
            return parse_when(cleaned, ctx).date()
        except TimeEntryError as exc:
            raise FieldError(f"not a day: {first_line(exc)}") from None


def all_day_start(text: str, ctx: TimeContext) -> date:
    """The first day of an all-day event ("thu", "day 4", "2027-03-11")."""
    if not text.strip():
        raise FieldError("give the day, e.g. 'thu' or '2027-03-11'")
    return day_of(text, ctx)


def all_day_end(text: str, first: date, ctx: TimeContext) -> date:
    """The exclusive end date, from a number of days ("2 days") or the last day, inclusive ("fri")."""
    cleaned = text.strip() or "1 day"
    try:
        span = parse_duration(cleaned)
    except TimeEntryError:
        last = day_of(cleaned, ctx)
        if last < first:
            raise FieldError("the last day is before the first") from None
        return last + timedelta(days=1)
    if span % timedelta(days=1):
        raise FieldError("an all-day event lasts whole days, e.g. '1 day' or '2 days'")
    return first + timedelta(days=span.days)


def timed_end(text: str, start: datetime, ctx: TimeContext) -> datetime:
    """The end of a timed event: a length ("2h"), "until 21:00" or a time, in the context's zone."""
    if not text.strip():
        raise FieldError("give the end: '2h', 'until 21:00' or '21:00'")
    return parse_end(text, start, ctx).astimezone(UTC).astimezone(ctx.tz)


def reminders(text: str) -> list[Reminder]:
    """The reminders typed in the Remind field: lengths before the start, "15m, 1h" (comma or semicolon)."""
    found = []
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        try:
            found.append(Reminder(parse_duration(part.removesuffix(" before"))))
        except TimeEntryError as exc:
            raise FieldError(f"{part!r}: {first_line(exc)}") from None
    return found


def exdate_text(event: Event, moment: datetime) -> str:
    """How the Skip field shows one left-out occurrence: its wall time in the event's zone (its day, all day)."""
    local = moment.astimezone(event.tz)
    if event.all_day:
        return f"{local:%Y-%m-%d}"
    if is_ambiguous(local.replace(tzinfo=None, fold=0), event.tz):
        return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"
    return f"{local:%Y-%m-%d %H:%M}"


def exdates(text: str, ctx: TimeContext, start: date | datetime | None, all_day: bool = False) -> list[datetime]:
    """The start instants of the occurrences to leave out (for an all-day series, the first instant of each day).

    A day alone means that day's occurrence: at the series' wall time, made
    an instant the way the series' repetitions are (so 02:30 in the gap is
    the 03:30 the occurrence really has).
    """
    found = []
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        if all_day:
            try:
                found.append(day_start(day_of(part, ctx), ctx.tz))
            except FieldError as exc:
                raise FieldError(f"{part!r}: {exc}") from None
            continue
        try:
            found.append(parse_when(part, ctx).astimezone(UTC))
            continue
        except TimeEntryError as exc:
            if not isinstance(start, datetime):
                raise
            why = first_line(exc)
        try:
            day = day_of(part, ctx)
        except FieldError:
            raise FieldError(f"{part!r}: {why}") from None
        first = start.astimezone(ctx.tz)
        if day == first.date():
            found.append(first.astimezone(UTC))
        else:
            found.append(instant(datetime.combine(day, first.time()), ctx.tz))
    return found


def build_event(event: Event, values: dict[str, Any], all_day: bool, start_zone: ZoneInfo, end_zone: ZoneInfo) -> Event:
    """The event the form's *values* describe, keeping what the form does not show of *event*."""
    fields: dict[str, Any] = {
        "id": event.id, "title": values["title"], "kind": values["kind"],
        "location": values["location"], "attendees": tuple(values["attendees"]), "objective": values["objective"],
        "notes": values["notes"], "reminders": tuple(values["remind"]), "repeat": values["repeat"],
        "exdates": tuple(values["exdates"]), "travellers": values["travellers"],
        # What the form does not show is kept: the extra dates and what a calendar said about the event.
        "rdates": event.rdates, "ical": event.ical}
    if all_day:
        # Dates, not midnights: a day whose midnight does not exist starts when the clocks allow.
        return Event.days(first=values["start"], end=values["end"], tz=start_zone, **fields)
    return Event.timed(start=values["start"], end=values["end"], tz=start_zone, end_tz=end_zone, **fields)


def when_hint(trip: Trip, start: Any, end: Any, all_day: bool, start_zone: ZoneInfo) -> str:
    """The hint under the start: the day and times in the zone of the day, the length, home's times."""
    home = trip.home_timezone
    tz = trip.zone_on(start) if all_day else trip.zone_at(start)  # the zone of the day it is on
    if all_day:
        days = (end - start).days
        text = f"{day_medium(start)}, all day" + (f", {days} days" if days > 1 else "")
        begins = day_start(start, start_zone).astimezone(start_zone)
        if begins.hour or begins.minute:
            text += f" (the clocks skip midnight: the day begins at {begins:%H:%M} {begins.tzname()})"
        return text
    elapsed = end.astimezone(UTC) - start.astimezone(UTC)
    text = f"{day_medium(start.astimezone(tz).date())} {time_range(start, end, tz)} · {format_human(elapsed)}"
    if start_zone.key != tz.key or zone_key(end) != tz.key:
        text += f" · {start:%H:%M %Z} → {end:%a %H:%M %Z}"
    if home.key != tz.key:
        text += f" · home {time_range(start, end, home)}"
    naive = start.replace(tzinfo=None, fold=0)
    if is_ambiguous(naive, start_zone):
        which = "second" if start.fold else "first"
        text += f" · {naive:%H:%M} happens twice: this is the {which} (UTC{offset_text(start)})"
    return text


def with_pass(text: str, start: datetime, second_ticked: bool) -> tuple[datetime, bool]:
    """*start* with the pass of a repeated wall time applied (the typed abbreviation, else the checkbox
    *second_ticked*), and whether the wall time is one the clocks repeat."""
    tz = start.tzinfo
    assert isinstance(tz, ZoneInfo)
    naive = start.replace(tzinfo=None, fold=0)
    if not is_ambiguous(naive, tz):
        return start, False
    typed = typed_pass(text, naive, tz)
    fold = typed if typed is not None else int(second_ticked)
    return start.replace(fold=fold), True


def second_pass_label(naive: datetime, tz: ZoneInfo) -> str:
    """The checkbox's label for the second pass of the repeated wall time *naive*."""
    first, second = localize(naive, tz, 0), localize(naive, tz, 1)
    # Short enough for the field at 80 columns: "2nd 01:30 (WET, UTC+00:00), not 1st (WEST, UTC+01:00)".
    return (f"2nd {naive:%H:%M} ({second.tzname()}, UTC{offset_text(second)}), "
            f"not 1st ({first.tzname()}, UTC{offset_text(first)})")
