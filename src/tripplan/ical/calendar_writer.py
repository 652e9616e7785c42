"""The VEVENTs of a calendar, as the export, invites, cancellations and CalDAV resources write them.

:class:`CalendarWriter` builds each event's component (:mod:`tripplan.ical.properties`) and
collects the zones it uses, for one VTIMEZONE each.  Times are always
written with a TZID (UTC as ``Z``), each the wall time of the event's
instant in its zone — except the second pass of a repeated hour, which
iCalendar can only say in UTC —, all-day events as their dates with an
exclusive end, and recurrence as the trip's own RRULE, not cut (a stand-up
since 2010 stays one): only its UNTIL is put in the form RFC 5545 asks for
with that DTSTART.

An imported event is written back as its calendar file had it (its
:class:`tripplan.trip.model.IcalProps`): its UID unchanged, a changed occurrence
as a ``RECURRENCE-ID`` of its series' UID, RDATEs, STATUS, TRANSP, CLASS,
CATEGORIES, URL, CONFERENCE, ATTACH, PRIORITY, ORGANIZER and its attendees'
ROLE and PARTSTAT, plus ``X-TRIPPLAN-KIND`` for the kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from tripplan import __version__
from tripplan.ical import properties as c
from tripplan.ical.lines import Component, ContentLine
from tripplan.ical.party import Party
from tripplan.ical.rrule_out import export_rrule
from tripplan.ical.text import clean_text, render
from tripplan.ical.uids import export_uid, recurrence_ids
from tripplan.ical.vtimezone import vtimezone, window
from tripplan.time.zones import instant, is_ambiguous
from tripplan.trip.model import Category, Event, Kind, Recipient, Trip

PRODID = f"-//tripplan//tripplan {__version__}//EN"
UTC_ZONE = ZoneInfo("UTC")


def describe(trip: Trip, event: Event, *, notes: bool, objective: bool, party: Party | None = None) -> str:
    """DESCRIPTION: the notes and the objective when asked for, then who attends besides the traveller.

    Who attends: the travelling teammates at the event, then its attendees
    (:meth:`tripplan.ical.party.Party.invited`; *party*: the trip's, when already made).
    """
    parts: list[str] = []
    if notes and event.notes.strip():
        parts.append(event.notes.strip())
    goal = trip.objective(event.objective) if objective and event.objective else None
    if goal is not None:
        parts.append(f"Objective: {goal.title}")
    people = (party or Party(trip)).invited(event)
    if people:
        parts.append("With: " + ", ".join(f"{p.name} ({p.org})" if p.org else p.name for p in people))
    return "\n\n".join(parts)

@dataclass
class Cancel:
    """One cancellation: what the recipients hold (from the sent record) and the SEQUENCE that supersedes it."""

    uid: str
    sequence: int
    title: str
    start_utc: datetime
    end_utc: datetime
    tz: ZoneInfo
    end_tz: ZoneInfo
    all_day: bool
    repeat: str
    organizer: Recipient
    attendees: list[Recipient]

def _exact(local: datetime) -> datetime:
    """*local* itself, or the same instant in UTC when it is the second pass of a repeated wall time."""
    tz = local.tzinfo
    if local.fold and isinstance(tz, ZoneInfo) and is_ambiguous(local.replace(tzinfo=None, fold=0), tz):
        return local.astimezone(UTC_ZONE)
    return local


def _nominal(event: Event, moment: datetime) -> datetime:
    """The EXDATE for the occurrence starting at the instant *moment*, as the rule names it: its wall time.

    An occurrence whose wall time falls in a gap (02:30 on the spring-forward night) happens at 03:30; its
    EXDATE is written as 02:30, which RFC 5545 reads as that same instant and readers that match wall
    times match too.
    """
    tz = event.tz
    local = moment.astimezone(tz)
    named = datetime.combine(local.date(), event.local_start.time())
    if named != local.replace(tzinfo=None, fold=0) and instant(named, tz) == moment:
        return named.replace(tzinfo=tz)
    return local

class CalendarWriter:
    """Collects the zones a calendar uses while its events are built.

    *events* are the trip events this calendar holds; with *overrides*, each
    changed occurrence among them whose series is there too is written as a
    ``RECURRENCE-ID`` of the series' UID, and left out of the series' EXDATE.
    *attendees* says whether the traveller's own calendar (an export, a CalDAV
    resource) lists the attendees a calendar file gave (METHOD:PUBLISH allows
    none); *caldav*, whether it is a CalDAV resource (see :meth:`_attendance`);
    *party*, the trip's :class:`tripplan.ical.party.Party` when already made.
    """

    def __init__(self, trip: Trip, now: datetime, events: Iterable[Event] = (), *, overrides: bool = False,
                 attendees: bool = True, caldav: bool = False, party: Party | None = None) -> None:
        self.trip, self.now = trip, now.astimezone(UTC).replace(microsecond=0)
        self.attendees, self.caldav = attendees, caldav
        self.party = party or Party(trip)
        self.zones: dict[str, ZoneInfo] = {}  # TZID → zone (a custom zone is written with its own rules)
        self.dates: list[date] = [trip.start, trip.end]  # what every VTIMEZONE covers, with …
        self.zone_dates: dict[str, list[date]] = {}  # … the dates of the events in that zone
        by_id = {e.id: e for e in events}
        self.series_of = recurrence_ids(by_id.values()) if overrides else {}  # override id → its series
        self.replaced: dict[str, set[datetime]] = {}  # series id → the exdates its overrides here replace
        for override_id, series in self.series_of.items():
            moment = by_id[override_id].ical.recurrence_id
            if moment is not None:
                self.replaced.setdefault(series.id, set()).add(moment)

    def uid(self, event: Event) -> str:
        """The UID *event* is written with in this calendar (its series' for a RECURRENCE-ID)."""
        series = self.series_of.get(event.id)
        return export_uid(self.trip, series if series is not None else event)

    def _use(self, moment: datetime | date, days: Iterable[date]) -> None:
        """Note the zone of *moment* (when it has one): a VTIMEZONE covering *days* is written for it."""
        zone = getattr(moment, "tzinfo", None)
        if isinstance(zone, ZoneInfo) and zone.key not in ("UTC", "Etc/UTC"):
            self.zones[zone.key] = zone
            self.zone_dates.setdefault(zone.key, []).extend(days)

    def _times(self, vevent: Component, event: Event) -> None:
        """DTSTART and DTEND: each instant as wall time in its own zone (dates for an all-day event).

        A moment of no length is its DTSTART alone (RFC 5545: DTEND must be later than DTSTART).
        """
        if event.all_day:
            start: datetime | date = event.first_day
            end: datetime | date = event.end_day
        else:
            # iCalendar reads a wall time that happens twice as its first pass: the second pass of the
            # repeated hour can only be written in UTC.  A series keeps its wall time (its rule repeats it).
            start = event.local_start if event.repeat else _exact(event.local_start)
            end = _exact(event.local_end)
        times = [("DTSTART", start), ("DTEND", end)] if event.end_utc > event.start_utc else [("DTSTART", start)]
        for name, moment in times:
            vevent.append(c.when(name, moment, event.all_day))
            self._use(moment, (event.first_day, event.end_day))

    def _recurrence_id(self, vevent: Component, event: Event) -> None:
        """RECURRENCE-ID of an override, in its series' form: a date, a TZID wall time, or UTC."""
        series = self.series_of.get(event.id)
        moment = event.ical.recurrence_id
        if series is None or moment is None:
            return
        # The wall time the series' rule names that occurrence (UTC for a second pass of a repeated hour).
        value: datetime | date = (moment.astimezone(series.tz).date() if series.all_day
                                  else _exact(_nominal(series, moment)))
        vevent.append(c.when("RECURRENCE-ID", value, series.all_day))
        day = moment.astimezone(series.tz).date()
        self._use(value, (day, day))

    def _recurrence(self, vevent: Component, event: Event) -> None:
        """RRULE, RDATE and EXDATE (the EXDATEs of occurrences an override here replaces left out)."""
        if event.id in self.series_of:
            return
        if event.repeat:
            rule = export_rrule(event)
            if rule is not None:
                vevent.append(ContentLine("RRULE", {}, rule))
        vevent.extend(self._rdates(event))
        if not event.recurring:
            return
        replaced = self.replaced.get(event.id, set())
        if event.all_day:
            gone = {d.astimezone(event.tz).date() for d in replaced}
            line = c.dates("EXDATE", [d for d in (d.astimezone(event.tz).date() for d in event.exdates)
                                      if d not in gone], True)
            vevent.extend([line] if line is not None else [])
        else:
            vevent.extend(self._instants("EXDATE", [_nominal(event, d) for d in event.exdates
                                                       if d not in replaced]))

    def _rdates(self, event: Event) -> list[ContentLine]:
        """RDATE: dates for an all-day event, else wall times in the event's zone (UTC for a UTC series)."""
        if not event.rdates:
            return []
        if event.all_day:
            line = c.dates("RDATE", [d.astimezone(event.tz).date() for d in event.rdates], True)
            return [line] if line is not None else []
        return self._instants("RDATE", [d.astimezone(event.tz) for d in event.rdates])

    def _instants(self, name: str, walls: list[datetime]) -> list[ContentLine]:
        """EXDATE/RDATE lines of the wall times *walls* (aware, one zone), its zone noted for a VTIMEZONE.

        A wall time in the second pass of a repeated hour cannot be said with a TZID (it reads as the first
        pass): those go on a line of their own, in UTC.
        """
        local = [w for w in walls if _exact(w) is w]
        second = [_exact(w) for w in walls if _exact(w) is not w]
        if local:
            self._use(local[0], (min(local).date(), max(local).date()))
        return [line for line in (c.dates(name, local, False), c.dates(name, second, False)) if line is not None]

    def _properties(self, vevent: Component, event: Event) -> None:
        """What a calendar file said that the trip kept: CLASS, PRIORITY, URL, CONFERENCE, ATTACH."""
        props = event.ical
        klass = c.token(props.klass)
        if klass:
            vevent.append(ContentLine("CLASS", {}, klass))
        if 1 <= props.priority <= 9:
            vevent.append(ContentLine("PRIORITY", {}, str(props.priority)))
        vevent.extend(c.links("URL", [props.url]))
        # RFC 7986's CONFERENCE; X-GOOGLE-CONFERENCE is not written (docs/calendar.md says why).
        vevent.extend(c.links("CONFERENCE", props.conference, {"VALUE": ["URI"]}))
        vevent.extend(c.links("ATTACH", props.attach))

    def _attendance(self, vevent: Component, event: Event) -> None:
        """The traveller's own calendar's ORGANIZER and ATTENDEEs, never asking for a reply.

        The ORGANIZER is :meth:`tripplan.ical.party.Party.calendar_organizer` (the
        traveller, unless a calendar file named someone else); the ATTENDEEs,
        when written, are those the calendar file listed, with its ROLE and
        PARTSTAT.  On a CalDAV server a resource whose ORGANIZER is its owner
        and that has ATTENDEEs is one the server schedules (RFC 6638): each
        ATTENDEE then says ``SCHEDULE-AGENT=CLIENT``, so no server sends
        invitations on the trip's behalf.
        """
        props = event.ical
        organizer = self.party.calendar_organizer(event)
        if organizer is not None:
            vevent.append(c.person("ORGANIZER", organizer.email, organizer.name))
        if not self.attendees:
            return
        ours = organizer is not None and self.party.is_me(organizer.email)
        attending = set(event.attendees)
        for entry in props.attendance:
            person = self.trip.person(entry.person)
            if person is None or not person.email.strip() or entry.person not in attending:
                continue
            params = {k: v for k, v in (("ROLE", entry.role), ("PARTSTAT", entry.status)) if c.token(v)}
            if self.caldav and ours:
                params["SCHEDULE-AGENT"] = "CLIENT"
            vevent.append(c.person("ATTENDEE", person.email, person.name, params))

    def event(self, event: Event, sequence: int, *, notes: bool, objective: bool,
              organizer: Recipient | None = None, attendees: Iterable[Recipient] = (), uid: str = "") -> Component:
        """One VEVENT: with *organizer*, an invite's (our ORGANIZER, every attendee asked for a reply).

        Without *organizer* (the plain export, a CalDAV resource): the ORGANIZER and the ATTENDEEs' ROLE and
        PARTSTAT the calendar file said, never RSVP.  *uid*, when given, is the UID the recipients hold.
        """
        kind = event.kind
        props = event.ical
        categories = ([text for text in props.categories if clean_text(text).strip()]
                      or list(dict.fromkeys([kind.value, kind.category.value])))
        # A made-in-tripplan event is CONFIRMED; an imported one says what its file said (or nothing).
        status = props.status or ("" if props.uid or props.series else "CONFIRMED")
        transparent = props.transparent
        if transparent is None:
            # In the traveller's own calendar an event they do not attend leaves them free.
            away = organizer is None and not self.party.i_attend(event)
            transparent = kind.category is Category.REST or away
        vevent = c.event(uid=uid or self.uid(event), title=event.title, location=event.location,
                         description=describe(self.trip, event, notes=notes, objective=objective,
                                              party=self.party),
                         categories=categories, status=status, transparent=transparent)
        vevent.append(ContentLine("X-TRIPPLAN-KIND", {}, kind.value))
        vevent.append(c.stamp("DTSTAMP", self.now))
        vevent.append(ContentLine("SEQUENCE", {}, str(sequence)))
        self._times(vevent, event)
        self._recurrence_id(vevent, event)
        self._recurrence(vevent, event)
        self._properties(vevent, event)
        if organizer is None:
            self._attendance(vevent, event)
        else:
            vevent.append(c.person("ORGANIZER", organizer.email, organizer.name))
        for who in attendees:
            if organizer is not None and who.email.lower() == organizer.email.lower():
                # The organizer attends their own event: no reply is asked of them.
                params = {"ROLE": "CHAIR", "PARTSTAT": "ACCEPTED"}
            elif self.party.is_me(who.email):
                # The traveller attends an event someone else (--organizer) sends: they have said yes.
                params = {"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "ACCEPTED"}
            else:
                params = {"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
            vevent.append(c.person("ATTENDEE", who.email, who.name, params))
        for reminder in event.reminders:
            vevent.append(c.alarm(reminder.before, event.title))
        return vevent

    def cancel(self, item: Cancel) -> Component:
        """One VEVENT of a METHOD:CANCEL."""
        vevent = c.event(uid=item.uid, title=item.title, location="", description="", categories=[],
                         status="CANCELLED", transparent=False)
        vevent.append(c.stamp("DTSTAMP", self.now))
        vevent.append(ContentLine("SEQUENCE", {}, str(item.sequence)))
        # The event as it was sent: times, zones and rule.
        shape = Event(id=item.uid, title=item.title, kind=Kind.MEETING, start_utc=item.start_utc,
                      end_utc=item.end_utc, tz=item.tz, end_tz=item.end_tz, all_day=item.all_day, repeat=item.repeat)
        self._times(vevent, shape)
        self._recurrence(vevent, shape)
        vevent.append(c.person("ORGANIZER", item.organizer.email, item.organizer.name))
        for who in item.attendees:
            vevent.append(c.person("ATTENDEE", who.email, who.name,
                                   {"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION"}))
        return vevent

    def finish(self, method: str, components: list[Component], extra: Iterable[ContentLine] = ()) -> str:
        """The whole calendar text, with a VTIMEZONE for each zone used."""
        zones = [vtimezone(self.zones[key], *window([*self.dates, *self.zone_dates[key]]))
                 for key in sorted(self.zones)]
        return render(c.calendar(prodid=PRODID, method=method, components=[*zones, *components], extra=extra))
