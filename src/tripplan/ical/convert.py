"""Turn one ``icalendar`` VEVENT into a draft trip event, or say exactly why it cannot be used.

**Instants are kept exactly.**  A time in UTC (``…Z``) is that instant; a
time with a TZID is the instant its wall time names in that zone (one in the
repeated hour is the first, as RFC 5545 says; one in a gap is the instant
after it, 02:30 → 03:30 summer time); a floating time is read in the
calendar's X-WR-TIMEZONE, else in the trip's zone (on a multi-city trip:
the zone of the stop its day belongs to).

**The zone an event is stored in** is the IANA zone the file names
(directly, or through the CLDR Windows table that icalendar ships, or by a
vendor prefix such as ``/mozilla.org/…/Europe/Berlin``).  A zone the file
defines itself under another name (Outlook's ``(UTC+01:00) Amsterdam,
Berlin, …``) is an IANA zone only where its offsets agree with that zone over
the trip's dates; else it keeps its own rules as one of the trip's custom
zones (``[trip.zones]``), and where even that cannot be, the event is refused
naming the zone (see :mod:`tripplan.ical.zonematch`).  A TZID neither known
nor defined by a VTIMEZONE in the file is read as a floating time (what
icalendar and recurring-ical-events do), with a note.

A series whose start is in UTC repeats in UTC (its zone is UTC); a one-off
event given in UTC keeps its instant and is stored in the zone its DTEND
names, else the calendar's X-WR-TIMEZONE, else the trip's zone (on a
multi-city trip: the zone of the stop the traveller is at then), so it shows
in local time.  An all-day event is the days of the stop it falls in.

**What other readers accept is accepted** the way recurring-ical-events (the
reference reader the tests compare with) reads it: a DTSTART alone (a moment,
or one day for a date), an end before the start (swapped), a date start with
a date-time end (from midnight), an all-day DTEND equal to its DTSTART (one
day: what holiday feeds mean), RDATEs (dates, date-times, PERIODs), several
RRULEs (the first is the rule, the others' occurrences become extra dates),
a DTSTART the rule does not produce (an occurrence of its own), ``COUNT=-1``
(left out).  Each is said in a note; what cannot be kept is said as a loss
(``Draft.losses``), which makes the import exit 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from tripplan.ical.event_properties import (
    Person,
    attendees_of,
    categories_of,
    ical_props,
    int_of,
    kind_of,
    own_defaults,
    own_notes,
    reminders_of,
    stamp_of,
    text_of,
)
from tripplan.ical.event_recurrence import read_recurrence
from tripplan.ical.event_recurrence import recurrence_candidates as recurrence_candidates  # re-exported (importer)
from tripplan.ical.event_times import naive_day, read_span, read_when
from tripplan.ical.import_context import Context as Context  # re-exported (importer)
from tripplan.ical.import_context import Unusable as Unusable  # re-exported (importer)
from tripplan.ical.import_context import When, get_prop
from tripplan.ical.import_context import clean as clean  # re-exported (importer)
from tripplan.time.limits import FIRST_YEAR, LAST_YEAR
from tripplan.trip.model import Event, Kind

OWN_PRODID = "-//tripplan//"


@dataclass
class Draft:
    """An imported event before it is merged: the event plus what the file said about it.

    ``recurrence`` is the RECURRENCE-ID as the file gives it, matched against the series by
    :func:`recurrence_candidates`; ``recurrence_id`` is the instant (UTC) of the occurrence this copy
    replaces, set when it is matched.  ``periods`` are the RDATE PERIODs whose length differs from the
    event's: (start, end) instants of occurrences that become changed occurrences of their own.
    ``has_rules``: the VEVENT has RRULE, RDATE or EXDATE lines of its own (recurring-ical-events treats an
    out-of-date override with rules differently).  ``losses`` say what was left out or changed.
    """

    uid: str
    sequence: int
    dtstamp: datetime | None
    event: Event
    line: int
    attendees: list[Person] = field(default_factory=list)
    recurrence_id: datetime | None = None
    recurrence: When | None = None
    this_and_future: bool = False
    cancelled: bool = False
    kind_from_file: bool = False
    remarks: list[str] = field(default_factory=list)
    losses: list[str] = field(default_factory=list)
    periods: list[tuple[datetime, datetime]] = field(default_factory=list)
    has_rules: bool = False
    sequence_given: bool = False
    own_export: bool = False  # read from tripplan's own export (its PRODID)


def _extra(component: Any, ctx: Context, first: date | None) -> tuple[date, date] | None:
    """The event's own days, when it does not repeat and lies outside the trip: its zone must agree there too.

    *first* is the date DTSTART gives.
    """
    if (get_prop(component, "RRULE") is not None or get_prop(component, "RDATE") is not None) \
            and get_prop(component, "RECURRENCE-ID") is None:
        return None
    if first is None or ctx.days is None:
        return None
    last = naive_day(component, "DTEND") or first
    lo, hi = min(first, last) - timedelta(days=1), max(first, last) + timedelta(days=1)
    if ctx.days[0] <= lo and hi <= ctx.days[1]:
        return None
    return lo, min(hi, lo + timedelta(days=62))


def convert(component: Any, line: int, ctx: Context, forced_kind: Kind | None,
            rrules: list[str] | None = None) -> Draft:
    """A draft event from one VEVENT; raises ``Unusable`` with the reason when it cannot be imported.

    *rrules* are its RRULE values as the file writes them (see :class:`tripplan.ical.reader.ParsedEvent`).
    """
    uid = " ".join(text_of(component, "UID").split())
    written = naive_day(component, "DTSTART")
    if written is not None and not FIRST_YEAR <= written.year <= LAST_YEAR:
        # Placeholder dates (0001-01-01, 9999-12-31) are no plans, and their time zones would have to be
        # written out for every year in between on export.
        raise Unusable(f"it starts on {written:%Y-%m-%d}, outside the years {FIRST_YEAR}–{LAST_YEAR}")

    def extra() -> tuple[date, date] | None:
        return _extra(component, ctx, written)

    found = read_when(component, "DTSTART", ctx, extra)
    if found is None:
        raise Unusable("it has no DTSTART")
    recurrence = read_when(component, "RECURRENCE-ID", ctx, extra)
    repeating = (get_prop(component, "RRULE") is not None or get_prop(component, "RDATE") is not None) \
        and recurrence is None
    remarks: list[str] = []
    losses: list[str] = []
    span = read_span(component, found, ctx, extra, repeating, remarks)
    if not FIRST_YEAR <= span.first_day.year <= LAST_YEAR:
        raise Unusable(f"it starts on {span.first_day:%Y-%m-%d}, outside the years {FIRST_YEAR}–{LAST_YEAR}")
    last_year = span.end_utc.astimezone(span.end_tz).year
    if last_year > LAST_YEAR:
        raise Unusable(f"it ends in {last_year}, after the year {LAST_YEAR}")
    title = " ".join(text_of(component, "SUMMARY").split())
    if not title:
        title = "(untitled)"
        remarks.append("it has no title; called '(untitled)'")
    categories = categories_of(component)
    kind, from_file = kind_of(component, categories, forced_kind)
    notes = text_of(component, "DESCRIPTION")
    if ctx.ours:
        notes = own_notes(notes)
    ical = ical_props(component, uid, categories, remarks, losses)
    if ctx.ours:
        ical = own_defaults(ical, kind)
    event = Event(id=uid, title=title, kind=kind, start_utc=span.start_utc, end_utc=span.end_utc, tz=span.tz,
                  end_tz=span.end_tz, all_day=span.all_day, location=" ".join(text_of(component, "LOCATION").split()),
                  notes=notes, reminders=tuple(reminders_of(component, span.start_utc, span.end_utc, ctx, losses)),
                  ical=ical)
    periods: list[tuple[datetime, datetime]] = []
    if repeating:
        event, periods = read_recurrence(component, event, ctx, rrules or [], remarks, losses)
    range_ = ""
    prop = get_prop(component, "RECURRENCE-ID")
    if recurrence is not None and prop is not None:
        range_ = str((prop[0] if isinstance(prop, list) else prop).params.get("RANGE", "")).upper()
    return Draft(uid=uid, sequence=int_of(component, "SEQUENCE"), dtstamp=stamp_of(component), event=event, line=line,
                 attendees=attendees_of(component), recurrence=recurrence, this_and_future=range_ == "THISANDFUTURE",
                 cancelled=text_of(component, "STATUS").upper() == "CANCELLED", kind_from_file=from_file,
                 remarks=remarks, losses=losses, periods=periods,
                 has_rules=any(get_prop(component, n) is not None for n in ("RRULE", "RDATE", "EXDATE")),
                 sequence_given=get_prop(component, "SEQUENCE") is not None, own_export=ctx.ours)
