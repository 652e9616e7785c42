"""Property test: model → TOML → model is the identity (up to the canonical event order).

Times are drawn as instants in every zone this machine knows, many of them
in a repeated hour (both passes) or next to a gap, and the comparison is of
instants *and* of the UTC offsets of their wall times, so a lost ``fold``
cannot hide behind same-zone ``==`` (issue 13).
"""

from __future__ import annotations

import functools
import itertools
import string
import zoneinfo
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.planning_strategies import day_windows, meal_times, planning_sections
from tripplan.files.encode import dumps, event_sort_key
from tripplan.files.storage import parse_trip
from tripplan.time.zones import day_start, zone
from tripplan.trip.model import (
    Attendance,
    Event,
    FollowUp,
    IcalProps,
    Kind,
    LogEntry,
    Objective,
    ObjectiveStatus,
    Organizer,
    Person,
    PublishedEvent,
    ReceivedEvent,
    Recipient,
    Reminder,
    Role,
    SentInvite,
    ShareTarget,
    Stop,
    Trip,
    WorkingHours,
)

ZONES = sorted(name for name in zoneinfo.available_timezones() if name not in ("localtime", "Factory"))
RULES = ["", "FREQ=DAILY", "FREQ=DAILY;COUNT=3", "FREQ=WEEKLY;BYDAY=MO,WE", "FREQ=DAILY;UNTIL=20280101T000000",
         "FREQ=DAILY;UNTIL=20271101T090000Z", "FREQ=WEEKLY;UNTIL=20271101"]
FIRST, LAST = datetime(2026, 1, 1, tzinfo=UTC), datetime(2028, 12, 31, tzinfo=UTC)

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
nonblank = text.filter(lambda s: s.strip() != "")
ident = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,15}", fullmatch=True)
zones = st.sampled_from(ZONES).map(zone)


@functools.cache
def transitions(tz: ZoneInfo) -> tuple[datetime, ...]:
    """The instants in 2026–2028 at which *tz*'s UTC offset changes (to the minute)."""
    found: list[datetime] = []
    day = FIRST
    while day < LAST:
        lo, hi = day, day + timedelta(days=1)
        if lo.astimezone(tz).utcoffset() != hi.astimezone(tz).utcoffset():
            while hi - lo > timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                lo, hi = (mid, hi) if mid.astimezone(tz).utcoffset() == lo.astimezone(tz).utcoffset() else (lo, mid)
            found.append(hi.replace(second=0, microsecond=0))
        day += timedelta(days=1)
    return tuple(found)


@st.composite
def instants(draw: st.DrawFn, tz: ZoneInfo) -> datetime:
    """An instant (UTC): anywhere in 2026–2028, or within three hours of one of *tz*'s offset changes."""
    changes = transitions(tz)
    if changes and draw(st.integers(0, 3)):
        near = draw(st.sampled_from(changes))
        return near + timedelta(minutes=15 * draw(st.integers(-12, 12)) + draw(st.sampled_from([0, 0, 1, 59])))
    moment = draw(st.datetimes(min_value=FIRST.replace(tzinfo=None), max_value=LAST.replace(tzinfo=None)))
    return moment.replace(microsecond=0, tzinfo=UTC)


@st.composite
def days_of(draw: st.DrawFn, tz: ZoneInfo) -> date:
    """A date, often one on which *tz*'s offset changes (some of those have no midnight)."""
    changes = transitions(tz)
    if changes and draw(st.booleans()):
        return draw(st.sampled_from(changes)).astimezone(tz).date()
    return draw(st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 1)))


line = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=40)
any_day = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))  # the days a file holds (datelimits)
tokens = st.sampled_from(["", "PRIVATE", "PUBLIC", "CONFIDENTIAL", "X-CUSTOM"])


@st.composite
def ical_props(draw: st.DrawFn, people: list[str], moments: list[datetime]) -> IcalProps:
    """What an imported calendar may have said: every field drawn (one-line text where iCalendar needs one)."""
    if draw(st.integers(0, 2)) == 0:
        return IcalProps()
    series = draw(st.sampled_from(["", "series-1"])) if moments else ""
    return IcalProps(
        uid=draw(line), organizer=draw(st.none() | st.builds(Organizer, email=emails, name=text)),
        status=draw(st.sampled_from(["", "TENTATIVE", "CONFIRMED"])), transparent=draw(st.none() | st.booleans()),
        klass=draw(tokens), categories=tuple(draw(st.lists(text, max_size=3))),
        url=draw(line), conference=tuple(draw(st.lists(line.filter(str.strip), max_size=2))),
        attach=tuple(draw(st.lists(line.filter(str.strip), max_size=2))), priority=draw(st.integers(0, 9)),
        attendance=tuple(Attendance(p, draw(st.sampled_from(["", "CHAIR", "OPT-PARTICIPANT"])),
                                    draw(st.sampled_from(["", "ACCEPTED", "DECLINED", "NEEDS-ACTION"])))
                         for p in (draw(st.lists(st.sampled_from(people), unique=True)) if people else [])),
        series=series, recurrence_id=draw(st.sampled_from(moments)) if series else None)


@st.composite
def events(draw: st.DrawFn, people: list[str], objectives: list[str], index: int,
           travellers: list[str] | None = None) -> Event:
    start_zone = draw(zones)
    end_zone = draw(zones) if draw(st.integers(0, 3)) == 0 else start_zone
    content = {"id": f"{draw(ident)}-{index}", "title": draw(nonblank), "kind": draw(st.sampled_from(list(Kind))),
               "location": draw(text), "objective": draw(st.sampled_from(["", *objectives])), "notes": draw(text),
               "attendees": draw(st.lists(st.sampled_from(people), unique=True)) if people else [],
               "reminders": [Reminder(timedelta(minutes=m))
                             for m in draw(st.lists(st.integers(1, 20_000), max_size=3))]}
    if travellers is not None and draw(st.booleans()):  # None (all travellers), none of them, or some
        content["travellers"] = draw(st.lists(st.sampled_from(travellers), unique=True)) if travellers else []
    if draw(st.integers(0, 5)) == 0:
        first = draw(days_of(start_zone))
        repeat = draw(st.sampled_from(["", "FREQ=WEEKLY;COUNT=3"]))
        exdates = [day_start(first + timedelta(weeks=1), start_zone)] if repeat and draw(st.booleans()) else []
        rdates = [day_start(first + timedelta(days=d), start_zone)
                  for d in draw(st.lists(st.integers(2, 40), unique=True, max_size=3))]
        return Event.days(first=first, end=first + timedelta(days=draw(st.integers(1, 5))), tz=start_zone,
                          repeat=repeat, exdates=exdates, rdates=rdates,
                          ical=draw(ical_props(people, [day_start(first, start_zone)])), **content)
    start = draw(instants(start_zone))
    end = start + timedelta(minutes=draw(st.sampled_from([0, 1, 15, 30, 60, 90, 420, 600, 1440, 4000])))
    repeat = draw(st.sampled_from(RULES))
    exdates = [start + timedelta(days=d) for d in draw(st.lists(st.integers(1, 3), unique=True, max_size=2))] \
        if repeat else []
    # Extra dates near the start zone's offset changes too (both passes of a repeated hour).
    rdates = [draw(instants(start_zone)) for _ in range(draw(st.integers(0, 2)))]
    return Event(start_utc=start, end_utc=end, tz=start_zone, end_tz=end_zone, repeat=repeat, exdates=exdates,
                 rdates=rdates, ical=draw(ical_props(people, [start, *rdates])), **content)


# A domain label neither begins nor ends with a hyphen (tripplan.trip.addresses refuses "-.example").
emails = st.from_regex(r"[a-z0-9._-]{1,12}@[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?\.example", fullmatch=True)
recipients = st.builds(Recipient, person=st.sampled_from(["", "ana-ruiz", "p.1"]), name=text, email=emails)


@st.composite
def sent_records(draw: st.DrawFn, index: int) -> SentInvite:
    """A [[sent]] record; its times follow the same rules as an event's."""
    shape = draw(events([], [], index))
    return SentInvite(
        event=shape.id, uid=f"{shape.id}@{draw(ident)}", sequence=draw(st.integers(0, 10_000)),
        fingerprint=draw(st.from_regex(r"[0-9a-f]{8,40}", fullmatch=True)),
        sent_at=draw(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1))).replace(
            tzinfo=UTC),
        organizer=draw(recipients), title=shape.title, start_utc=shape.start_utc, end_utc=shape.end_utc,
        tz=shape.tz, end_tz=shape.end_tz, all_day=shape.all_day,
        repeat=shape.repeat, to=draw(st.lists(recipients, max_size=3)))


received_records = st.builds(
    ReceivedEvent, event=nonblank, sequence=st.integers(0, 10_000),
    dtstamp=st.one_of(st.none(), st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2199, 12, 31))
                      .map(lambda d: d.replace(tzinfo=UTC))))


share_urls = st.sampled_from(["https://cal.example.com/dav/sam/lisbon/", "http://127.0.0.1:5232/alice/trip/",
                              "https://cloud.example.org/remote.php/dav/calendars/sam/offsite%202027/"])
etags = st.from_regex(r'"[0-9a-f]{1,64}"|W/"[A-Za-z0-9+-]{1,12}"|[0-9]{1,10}', fullmatch=True)
hashes = st.from_regex(r"[0-9a-f]{0,32}", fullmatch=True)


@st.composite
def shares(draw: st.DrawFn) -> ShareTarget | None:
    """A [share] section (or none): records unique by event and by server path, in file order."""
    if draw(st.booleans()):
        return None
    records = [PublishedEvent(event=f"{draw(ident)}-{i}", uid=f"{draw(ident)}@{draw(ident)}",
                              href=f"/dav/{i}/{draw(ident)}.ics", etag=draw(etags), sequence=draw(st.integers(0, 999)),
                              fingerprint=draw(hashes), content=draw(hashes), title=draw(text))
               for i in range(draw(st.integers(0, 3)))]
    user = draw(st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=20))
    return ShareTarget(url=draw(share_urls), user=user, events=sorted(records, key=lambda r: r.event))


@st.composite
def stop_lists(draw: st.DrawFn, start: date, end: date) -> list[Stop]:
    """No stops (a one-destination trip) about half the time, else the trip's days cut into stops in any zones."""
    if draw(st.booleans()):
        return []
    length = (end - start).days + 1
    cuts = sorted(draw(st.sets(st.integers(1, length - 1), max_size=3))) if length > 1 else []
    bounds = [0, *cuts, length]
    stops = []
    for first, after in itertools.pairwise(bounds):
        stops.append(Stop(
            city=draw(nonblank).strip() or "X", tz=draw(zones), first=start + timedelta(days=first),
            last=start + timedelta(days=after - 1),
            culture={k: draw(text) for k in draw(st.lists(st.sampled_from(["greeting", "dress", "tipping"]),
                                                          unique=True, max_size=2))},
            working_hours=draw(st.sampled_from([None, WorkingHours(datetime(2000, 1, 1, 10).time(),
                                                                   datetime(2000, 1, 1, 19).time())])),
            meals=draw(st.one_of(st.none(), meal_times())), day_window=draw(st.one_of(st.none(), day_windows()))))
    return stops


@st.composite
def trips(draw: st.DrawFn) -> Trip:
    people_ids = draw(st.lists(ident, unique=True, max_size=4))
    me = draw(st.sampled_from(["", *people_ids]))
    people = [Person(id=p, name=draw(nonblank), email=draw(st.sampled_from(["", f"{p}@example.com"])),
                     org=draw(text), role=draw(st.sampled_from(list(Role))),
                     interests=draw(st.lists(text, max_size=3)), notes=draw(text), met_at=draw(text),
                     log=[LogEntry(draw(any_day), draw(nonblank)) for _ in range(draw(st.integers(0, 2)))],
                     me=p == me, travels=(travels := p != me and draw(st.booleans())),
                     home_tz=draw(st.one_of(st.none(), zones)) if travels else None)
              for p in people_ids]
    traveller_ids = [p.id for p in people if p.traveller]
    objective_ids = draw(st.lists(ident, unique=True, max_size=3))
    objectives = [Objective(id=o, title=draw(nonblank), status=draw(st.sampled_from(list(ObjectiveStatus))),
                            people=draw(st.lists(st.sampled_from(people_ids), unique=True)) if people_ids else [],
                            notes=draw(text)) for o in objective_ids]
    count = draw(st.integers(0, 6))
    trip_events = [draw(events(people_ids, objective_ids, i, traveller_ids)) for i in range(count)]
    followups = [FollowUp(id=f"fu-{i}", person=draw(st.sampled_from(people_ids)), what=draw(nonblank),
                          due=draw(any_day), done=draw(st.booleans()),
                          event=draw(st.sampled_from(["", *(e.id for e in trip_events)])))
                 for i in range(draw(st.integers(0, 3)) if people_ids else 0)]
    start = draw(st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 1)))
    culture_keys = draw(st.lists(st.text(string.ascii_lowercase, min_size=1, max_size=8), unique=True, max_size=3))
    end = start + timedelta(days=draw(st.integers(0, 20)))
    stops = draw(stop_lists(start, end))
    return Trip(
        name=draw(nonblank), timezone=stops[0].tz if stops else draw(zones), home_timezone=draw(zones),
        start=start, end=end, uid=draw(ident), stop_list=stops,
        destination=draw(text), working_hours=draw(st.sampled_from([WorkingHours(), WorkingHours(
            datetime(2000, 1, 1, 8, 30).time(), datetime(2000, 1, 1, 19, 0).time())])),
        culture={k: draw(text) for k in culture_keys},
        people=people, objectives=objectives, events=trip_events, followups=followups,
        sent=[draw(sent_records(i)) for i in range(draw(st.integers(0, 2)))],
        received=draw(st.lists(received_records, max_size=2, unique_by=lambda r: r.event)),
        **draw(planning_sections()),
        share=draw(shares()),
    )


def _zones(trip: Trip) -> list[tuple[object, ...]]:
    """Per event: the zones, the instants, and the wall time and UTC offset of each end (so the fold shows)."""
    return [(e.tz.key, e.end_tz.key, e.start_utc, e.end_utc,
             e.local_start.replace(tzinfo=None), e.local_start.utcoffset(),
             e.local_end.replace(tzinfo=None), e.local_end.utcoffset(),
             tuple((d, d.astimezone(e.tz).utcoffset()) for d in sorted(e.exdates)),
            tuple((d, d.astimezone(e.tz).utcoffset()) for d in sorted(e.rdates)),
            e.ical.recurrence_id)
            for e in trip.events]


@settings(max_examples=200, deadline=None)
@given(trips())
def test_model_to_toml_to_model_is_identity(trip: Trip) -> None:
    data = dumps(trip).encode("utf-8")
    loaded = parse_trip(data, "generated.toml")
    trip.events.sort(key=event_sort_key)
    assert loaded == trip
    assert _zones(loaded) == _zones(trip)
    assert dumps(loaded).encode("utf-8") == data
