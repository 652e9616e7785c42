"""Build the iCalendar text of a trip: the whole-trip export, invites and cancellations.

Everything goes through :mod:`tripplan.ical.compliance` (ics-py plus the
fixes it needs) and :func:`tripplan.ical.text.render`.  Times are always
written with a TZID and one VTIMEZONE per zone used (UTC as ``Z``), each the
wall time of the event's instant in its zone — except the second pass of a
repeated hour, which iCalendar can only say in UTC —, all-day events as
their dates with an exclusive end, and recurrence as the trip's own RRULE,
not cut (a stand-up since 2010 stays one): only its UNTIL is put in the form
RFC 5545 asks for with that DTSTART.

An imported event is written back as its calendar file had it (its
:class:`tripplan.trip.model.IcalProps`): its UID unchanged, a changed occurrence
as a ``RECURRENCE-ID`` of its series' UID, RDATEs, STATUS, TRANSP, CLASS,
CATEGORIES, URL, CONFERENCE, ATTACH, PRIORITY, ORGANIZER and its attendees'
ROLE and PARTSTAT, plus ``X-TRIPPLAN-KIND`` for the kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from ics.grammar.parse import Container, ContentLine

from tripplan import __version__
from tripplan.ical import compliance as c
from tripplan.ical.party import Party
from tripplan.ical.rrule_out import export_rrule
from tripplan.ical.text import clean_text, escape_text, render
from tripplan.ical.vtimezone import vtimezone, window
from tripplan.time.zones import day_start, instant, is_ambiguous
from tripplan.trip.model import Category, Event, FollowUp, Kind, Recipient, Trip

PRODID = f"-//tripplan//tripplan {__version__}//EN"
UTC_ZONE = ZoneInfo("UTC")
_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def event_uid(trip: Trip, event_id: str) -> str:
    """The iCalendar UID of an event: its id, made globally unique with the trip's uid when it is not already.

    A UUID or an id with an ``@`` (an imported UID) is used as it is; a short
    hand-written id such as ``standup`` becomes ``standup@TRIP-UID`` so two
    trips' stand-ups never overwrite each other in a calendar.
    """
    if "@" in event_id or _UUID.fullmatch(event_id):
        return event_id
    return f"{event_id}@{trip.uid}"


def event_id_for_uid(trip: Trip, uid: str) -> str:
    """The event id an imported UID maps to (the inverse of :func:`event_uid` for this trip)."""
    suffix = f"@{trip.uid}"
    if uid.endswith(suffix) and len(uid) > len(suffix) and "@" not in uid[: -len(suffix)]:
        return uid[: -len(suffix)]
    return uid


def trip_end(trip: Trip) -> datetime:
    """The instant the trip's last day ends (in the zone of its last stop)."""
    return day_start(trip.end + timedelta(days=1), trip.zone_on(trip.end))


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
class Sent:
    """One event in an invite: the event, its SEQUENCE, the people it is addressed to, and the UID they hold.

    ``uid`` "" is :func:`export_uid` of the event.
    """

    event: Event
    sequence: int
    attendees: list[Recipient] = field(default_factory=list)
    uid: str = ""


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


def export_uid(trip: Trip, event: Event) -> str:
    """The UID *event* is written with on its own: the file's UID as it was read, else :func:`event_uid`.

    A changed occurrence (``ical.series``) written on its own — without its
    series, or in an invite — gets the UID of its own id, so it never stands
    for the whole series in a calendar that holds that UID.
    """
    if event.ical.series:
        return event_uid(trip, event.id)
    return event.ical.uid or event_uid(trip, event.id)


def replaced_by(series: Event, override: Event) -> bool:
    """Whether *override* is a changed occurrence of *series* that RFC 5545 can say as a RECURRENCE-ID of it.

    Only when the series itself leaves that occurrence out (it is among its
    ``exdates``, as the import keeps it): then a reader shows the override
    instead of it, exactly what the trip shows.  An override that repeats
    itself, or a series that is an override, is not one.
    """
    moment = override.ical.recurrence_id
    if (moment is None or override.ical.series != series.id or series.ical.series or override.recurring
            or not series.recurring):
        return False
    if series.all_day:
        day = moment.astimezone(series.tz).date()
        return any(d.astimezone(series.tz).date() == day for d in series.exdates)
    return moment in series.exdates


def recurrence_ids(events: Iterable[Event]) -> dict[str, Event]:
    """Override id → its series, for every override in *events* written as a RECURRENCE-ID of its series."""
    by_id = {e.id: e for e in events}
    found: dict[str, Event] = {}
    taken: set[tuple[str, datetime]] = set()
    for event in sorted(by_id.values(), key=lambda e: e.id):
        series = by_id.get(event.ical.series) if event.ical.series else None
        if series is None or not replaced_by(series, event):
            continue
        moment = event.ical.recurrence_id
        # Two overrides of one occurrence: the second stands on its own.
        if moment is not None and (series.id, moment) not in taken:
            taken.add((series.id, moment))
            found[event.id] = series
    return found


def calendar_uids(trip: Trip, events: Iterable[Event]) -> dict[str, str]:
    """Event id → the UID the whole-trip export writes it with (an override in :func:`recurrence_ids`: its series')."""
    chosen = list(events)
    series = recurrence_ids(chosen)
    return {e.id: export_uid(trip, series.get(e.id, e)) for e in chosen}


class _Writer:
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

    def _times(self, container: Container, event: Event) -> None:
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
            container.append(c.when(name, moment, event.all_day))
            self._use(moment, (event.first_day, event.end_day))

    def _recurrence_id(self, container: Container, event: Event) -> None:
        """RECURRENCE-ID of an override, in its series' form: a date, a TZID wall time, or UTC."""
        series = self.series_of.get(event.id)
        moment = event.ical.recurrence_id
        if series is None or moment is None:
            return
        # The wall time the series' rule names that occurrence (UTC for a second pass of a repeated hour).
        value: datetime | date = (moment.astimezone(series.tz).date() if series.all_day
                                  else _exact(_nominal(series, moment)))
        container.append(c.when("RECURRENCE-ID", value, series.all_day))
        day = moment.astimezone(series.tz).date()
        self._use(value, (day, day))

    def _recurrence(self, container: Container, event: Event) -> None:
        """RRULE, RDATE and EXDATE (the EXDATEs of occurrences an override here replaces left out)."""
        if event.id in self.series_of:
            return
        if event.repeat:
            rule = export_rrule(event)
            if rule is not None:
                container.append(ContentLine("RRULE", {}, rule))
        for line in self._rdates(event):
            container.append(line)
        if not event.recurring:
            return
        replaced = self.replaced.get(event.id, set())
        if event.all_day:
            gone = {d.astimezone(event.tz).date() for d in replaced}
            line = c.dates("EXDATE", [d for d in (d.astimezone(event.tz).date() for d in event.exdates)
                                      if d not in gone], True)
            container.extend([line] if line is not None else [])
        else:
            container.extend(self._instants("EXDATE", [_nominal(event, d) for d in event.exdates
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

    def _properties(self, vevent: Container, event: Event) -> None:
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

    def _attendance(self, vevent: Container, event: Event) -> None:
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
              organizer: Recipient | None = None, attendees: Iterable[Recipient] = (), uid: str = "") -> Container:
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

    def cancel(self, item: Cancel) -> Container:
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

    def finish(self, method: str, components: list[Container], extra: Iterable[ContentLine] = ()) -> str:
        """The whole calendar text, with a VTIMEZONE for each zone used."""
        zones = [vtimezone(self.zones[key], *window([*self.dates, *self.zone_dates[key]]))
                 for key in sorted(self.zones)]
        return render(c.calendar(prodid=PRODID, method=method, components=[*zones, *components], extra=extra))


def export_calendar(trip: Trip, now: datetime, sequences: dict[str, int], *, todos: bool = False,
                    attendees: bool = False) -> str:
    """The whole trip, for the traveller's own calendar: METHOD:PUBLISH from the traveller, or no METHOD.

    With a traveller ("me") who has an e-mail address, every event has an
    ORGANIZER — the traveller, or whoever a calendar file said organizes it —
    and the calendar says METHOD:PUBLISH, as RFC 5546 asks: no ATTENDEE
    (PUBLISH allows none; who attends is in the DESCRIPTION) and, for each
    VTODO, a DTSTART and a PRIORITY.  With *attendees*, or without such a
    traveller, there is no METHOD: plain RFC 5545 data, where an imported
    event keeps its attendees' ROLE and PARTSTAT (never RSVP).  Importing
    either makes no client send invitations or replies.  An imported event
    keeps its UID, and each changed occurrence is a ``RECURRENCE-ID`` of its
    series.

    *sequences* maps event ids to the SEQUENCE they carry (see
    :func:`tripplan.ical.invites.pending_sequence`); with *todos*, every
    follow-up becomes a VTODO with a DUE date.
    """
    me = Party(trip).publisher
    method = "PUBLISH" if me is not None and not attendees else ""
    events = sorted(trip.events, key=lambda e: (e.start_utc, e.end_utc, e.id))
    writer = _Writer(trip, now, events, overrides=True, attendees=not method)
    components = [writer.event(e, sequences.get(e.id, 0), notes=True, objective=True) for e in events]
    if todos:
        components += [_todo(trip, followup, writer.now, me if method else None) for followup in trip.followups]
    name = ContentLine("X-WR-CALNAME", {}, escape_text(trip.name))
    return writer.finish(method, components, [name])


def _todo(trip: Trip, followup: FollowUp, now: datetime, organizer: Recipient | None) -> Container:
    """One follow-up as a VTODO due on its date; with *organizer*, what METHOD:PUBLISH asks of a VTODO too.

    RFC 5546 wants an ORGANIZER, a DTSTART and a PRIORITY in a published
    to-do: the start is the day of the event it came from (else the trip's
    first day), never after it is due, and PRIORITY 0 means "not said".
    """
    person = trip.person(followup.person)
    related = trip.event(followup.event) if followup.event else None
    lines = [f"For: {person.name}" + (f" <{person.email}>" if person.email else "")] if person else []
    if related is not None:
        lines.append(f"From: {related.title}")
    vtodo = c.todo(uid=event_uid(trip, f"followup-{followup.id}"), title=followup.what,
                   description="\n".join(lines), done=followup.done)
    vtodo.append(c.stamp("DTSTAMP", now))
    if organizer is not None:
        opened = trip.day_of(related.start_utc) if related is not None else trip.start
        vtodo.append(c.when("DTSTART", min(opened, followup.due), True))
        vtodo.append(ContentLine("PRIORITY", {}, "0"))
        vtodo.append(c.person("ORGANIZER", organizer.email, organizer.name))
    vtodo.append(c.due(followup.due))
    return vtodo


def request_calendar(trip: Trip, now: datetime, organizer: Recipient, items: list[Sent], *,
                     notes: bool = False) -> str:
    """One person's invite: METHOD:REQUEST with ORGANIZER and every participant as ATTENDEE.

    Notes and objectives are the organiser's own and stay out unless *notes*
    asks for the notes; who else attends is always listed.
    """
    writer = _Writer(trip, now)  # a changed occurrence goes as an event of its own (see docs/calendar.md)
    components = [writer.event(item.event, item.sequence, notes=notes, objective=False, organizer=organizer,
                               attendees=item.attendees, uid=item.uid) for item in items]
    return writer.finish("REQUEST", components)


def cancel_calendar(trip: Trip, now: datetime, items: list[Cancel]) -> str:
    """A METHOD:CANCEL calendar for events the recipient holds and should drop."""
    writer = _Writer(trip, now)
    return writer.finish("CANCEL", [writer.cancel(item) for item in items])


def event_resource(trip: Trip, event: Event, now: datetime, sequence: int, party: Party | None = None) -> str:
    """One event as a calendar of its own, for a CalDAV server: the export's VEVENT with its VTIMEZONEs.

    No METHOD: RFC 4791 forbids it in a calendar object resource.  Its
    ORGANIZER and ATTENDEEs are the plain export's without METHOD
    (:meth:`_Writer._attendance`).  The
    VTIMEZONEs cover the event's own dates (and the trip's end for a repeating
    event), so changing the trip's dates does not rewrite every event on the
    server.  One event per resource: a changed occurrence is an event of its
    own (:func:`export_uid`), its series keeps the EXDATE.  *party*: the
    trip's :class:`tripplan.ical.party.Party`, when already made.
    """
    writer = _Writer(trip, now, [event], caldav=True, party=party)
    writer.dates = [trip.end] if event.repeat else []
    vevent = writer.event(event, sequence, notes=True, objective=True)
    return writer.finish("", [vevent])
