"""A multi-city roadshow's calendars read by other programs (issue 15): icalendar with recurring-ical-events,
khal and calcurse.

Two trips: one written here (Singapore → Tokyo → Seoul; Sam is me, Bo a travelling teammate from New York;
an event Bo does not attend, events I do not attend, flights between zones, a daily series and an all-day day
in Seoul), whose every instant (UTC) and party is spelt out by hand in ``OWN``; and the sample
``sample_trips/asia-roadshow.toml``, whose expected instants and parties come from the trip itself.  Each is
exported and sent as invites through the command line, and every reader must find each person's events — and
only theirs — at the right instants, with the right people.  Under CI=true a missing reader fails.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events

from tests.conftest import SAMPLES
from tests.interop.readers import calcurse_query, days_between, khal_list
from tests.libical_check import libical, libical_errors
from tripplan.cli.main import main
from tripplan.files.storage import read_trip
from tripplan.ical.export import export_uid
from tripplan.time.zones import day_start
from tripplan.trip.model import Trip
from tripplan.trip.recurrence import expand

NOW = "2027-02-01T09:00:00+00:00"
ROADSHOW = """schema_version = 1

[trip]
uid = "roadshow-interop"
name = "Roadshow: Singapore, Tokyo, Seoul"
home_timezone = "Europe/London"
start = 2027-09-06
end = 2027-09-15

[[people]]
id = "sam"
name = "Sam Carter"
email = "sam@northwind.example"
me = true

[[people]]
id = "bo"
name = "Bo Chen"
email = "bo@northwind.example"
travels = true
home_timezone = "America/New_York"

[[people]]
id = "ana"
name = "Ana Tan"
email = "ana@merlion.example"
org = "Merlion"

[[people]]
id = "ken"
name = "Ken Mori"
email = "ken@sakura.example"

[[people]]
id = "min"
name = "Min Park"
email = "min@hangang.example"

[[stops]]
city = "Singapore"
timezone = "Asia/Singapore"
from = 2027-09-06

[[stops]]
city = "Tokyo"
timezone = "Asia/Tokyo"
from = 2027-09-10

[[stops]]
city = "Seoul"
timezone = "Asia/Seoul"
from = 2027-09-13

[[events]]
id = "sg-review"
title = "Review with Ana"
kind = "meeting"
start = 2027-09-07T10:00:00
end = 2027-09-07T11:30:00
attendees = ["ana"]

[[events]]
id = "sg-dinner"
title = "Dinner for Ana (Bo hosts)"
kind = "meal"
start = 2027-09-08T19:00:00
end = 2027-09-08T21:00:00
attendees = ["ana"]
travellers = ["bo"]

[[events]]
id = "flight-sg-tyo"
title = "Flight Singapore to Tokyo"
kind = "flight"
tz = "Asia/Singapore"
end_tz = "Asia/Tokyo"
start = 2027-09-10T08:00:00
end = 2027-09-10T15:55:00

[[events]]
id = "tyo-workshop"
title = "Workshop with Ken"
kind = "workshop"
start = 2027-09-11T10:00:00
end = 2027-09-11T12:30:00
attendees = ["ken"]

[[events]]
id = "tyo-board"
title = "Board call"
kind = "meeting"
start = 2027-09-11T19:00:00
end = 2027-09-11T20:00:00
travellers = ["sam"]

[[events]]
id = "flight-tyo-sel"
title = "Flight Tokyo to Seoul"
kind = "flight"
tz = "Asia/Tokyo"
end_tz = "Asia/Seoul"
start = 2027-09-13T09:55:00
end = 2027-09-13T12:15:00

[[events]]
id = "sel-standup"
title = "Stand-up with London"
kind = "meeting"
start = 2027-09-13T17:00:00
end = 2027-09-13T17:15:00
repeat = "FREQ=DAILY;COUNT=3"
travellers = ["sam"]

[[events]]
id = "sel-terms"
title = "Terms with Min"
kind = "meeting"
start = 2027-09-14T10:00:00
end = 2027-09-14T12:00:00
attendees = ["min"]

[[events]]
id = "sel-holiday"
title = "Chuseok"
kind = "free-time"
start = 2027-09-15
end = 2027-09-16
"""


def _z(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[arg-type]


When = tuple[datetime, datetime] | tuple[date, date]  # instants (UTC), or an all-day event's first and last date
# By hand: each event's occurrences and who is at it (no travellers listed: both travellers).
OWN: dict[str, tuple[set[When], set[str]]] = {
    "sg-review": ({(_z(2027, 9, 7, 2, 0), _z(2027, 9, 7, 3, 30))}, {"sam", "bo", "ana"}),
    "sg-dinner": ({(_z(2027, 9, 8, 11, 0), _z(2027, 9, 8, 13, 0))}, {"bo", "ana"}),
    "flight-sg-tyo": ({(_z(2027, 9, 10, 0, 0), _z(2027, 9, 10, 6, 55))}, {"sam", "bo"}),
    "tyo-workshop": ({(_z(2027, 9, 11, 1, 0), _z(2027, 9, 11, 3, 30))}, {"sam", "bo", "ken"}),
    "tyo-board": ({(_z(2027, 9, 11, 10, 0), _z(2027, 9, 11, 11, 0))}, {"sam"}),
    "flight-tyo-sel": ({(_z(2027, 9, 13, 0, 55), _z(2027, 9, 13, 3, 15))}, {"sam", "bo"}),
    "sel-standup": ({(_z(2027, 9, d, 8, 0), _z(2027, 9, d, 8, 15)) for d in (13, 14, 15)}, {"sam"}),
    "sel-terms": ({(_z(2027, 9, 14, 1, 0), _z(2027, 9, 14, 3, 0))}, {"sam", "bo", "min"}),
    "sel-holiday": ({(date(2027, 9, 15), date(2027, 9, 15))}, {"sam", "bo"}),
}
OWN_ZONES = {"sg-review": ("Asia/Singapore", "Asia/Singapore"), "flight-sg-tyo": ("Asia/Singapore", "Asia/Tokyo"),
             "tyo-workshop": ("Asia/Tokyo", "Asia/Tokyo"), "flight-tyo-sel": ("Asia/Tokyo", "Asia/Seoul"),
             "sel-terms": ("Asia/Seoul", "Asia/Seoul")}


@dataclass
class Case:
    """One roadshow written out through the command line, and what every reader must find in it."""

    name: str
    trip: Trip
    export: Path
    invites: dict[str, Path]  # person id → their invite
    expected: dict[str, tuple[set[When], set[str]]]  # UID → (occurrences, who attends)
    first: date
    last: date

    def events_of(self, person: str | None) -> dict[str, set[When]]:
        """UID → occurrences of the events in *person*'s invite (``None``: the whole export)."""
        return {uid: times for uid, (times, people) in self.expected.items() if person is None or person in people}


def _from_trip(trip: Trip) -> dict[str, tuple[set[When], set[str]]]:
    """The sample's expectations, from the trip: each event's occurrences and its party."""
    lo, hi = day_start(trip.start - timedelta(days=2), trip.timezone), day_start(trip.end + timedelta(days=3),
                                                                                  trip.timezone)
    found: dict[str, tuple[set[When], set[str]]] = {}
    for event in trip.events:
        times: set[When] = set()
        for o in expand([event], lo, hi):
            times.add((o.start_utc.astimezone(event.tz).date(), (o.end_utc.astimezone(event.tz) - timedelta(
                days=1)).date()) if event.all_day else (o.start_utc, o.end_utc))
        found[export_uid(trip, event)] = (times, set(trip.party(event)))
    return found


def _write(name: str, folder: Path) -> Case:
    path = folder / "trip.toml"
    if name == "own":
        path.write_text(ROADSHOW, encoding="utf-8")
    else:
        shutil.copyfile(SAMPLES / "asia-roadshow.toml", path)
    trip = read_trip(path)[0]
    export, out = folder / "export.ics", folder / "invites"
    assert main(["export", str(path), "-o", str(export), "--todos"]) == 0
    assert main(["invites", str(path), "--out", str(out)]) == 0  # from me: no --organizer
    expected = ({f"{ident}@{trip.uid}": value for ident, value in OWN.items()} if name == "own"
                else _from_trip(trip))
    # Everyone at some event gets an invite, me excepted (every person here has an e-mail).
    invited = set().union(*(people for _, people in expected.values())) - {p.id for p in trip.people if p.me}
    invites = {ident: out / f"{ident}.ics" for ident in sorted(invited)}
    return Case(name, trip, export, invites, expected, trip.start - timedelta(days=2), trip.end + timedelta(days=2))


CASES = ["own", "asia-roadshow"]


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRIPPLAN_NOW", NOW)
        return {name: _write(name, tmp_path_factory.mktemp(name)) for name in CASES}


@pytest.mark.parametrize("name", CASES)
def test_each_person_gets_an_invite_of_their_own_and_me_none(cases: dict[str, Case], name: str) -> None:
    case = cases[name]
    written = {path.stem for path in next(iter(case.invites.values())).parent.iterdir()}
    assert written == set(case.invites)
    if name == "own":
        assert written == {"bo", "ana", "ken", "min"}


# --- icalendar + recurring-ical-events ---------------------------------------------------------------------------

def _occurrences(cal: Any, case: Case) -> dict[str, set[When]]:
    lo, hi = datetime.combine(case.first, datetime.min.time(), UTC), datetime.combine(case.last, datetime.min.time(),
                                                                                        UTC)
    found: dict[str, set[When]] = {}
    for vevent in recurring_ical_events.of(cal).between(lo, hi):
        start, end = vevent["DTSTART"].dt, vevent["DTEND"].dt
        when: When = ((start, end - timedelta(days=1)) if not isinstance(start, datetime) else
                      (start.astimezone(UTC), end.astimezone(UTC)))
        found.setdefault(str(vevent["UID"]), set()).add(when)
    return found


def _addresses(vevent: Any, name: str) -> set[str]:
    found = vevent.get(name)
    lines = found if isinstance(found, list) else [found] if found is not None else []
    return {str(a).removeprefix("mailto:").lower() for a in lines}


@pytest.mark.parametrize("name", CASES)
def test_icalendar_reads_every_event_at_its_instants(cases: dict[str, Case], name: str) -> None:
    case = cases[name]
    assert _occurrences(icalendar.Calendar.from_ical(case.export.read_bytes()), case) == case.events_of(None)
    for person, path in case.invites.items():
        assert _occurrences(icalendar.Calendar.from_ical(path.read_bytes()), case) == case.events_of(person), person


@pytest.mark.parametrize("name", CASES)
def test_icalendar_reads_who_attends_and_who_organizes(cases: dict[str, Case], name: str) -> None:
    case = cases[name]
    me = case.trip.me
    assert me is not None
    email = {p.id: p.email.lower() for p in case.trip.people}
    lib = libical()
    export = case.export.read_bytes().decode("utf-8")
    assert libical_errors(lib, export) == []
    cal = icalendar.Calendar.from_ical(export)
    assert str(cal["METHOD"]) == "PUBLISH"
    for vevent in cal.walk("VEVENT"):
        assert _addresses(vevent, "ORGANIZER") == {email[me.id]} and "ATTENDEE" not in vevent
        people = case.expected[str(vevent["UID"])][1] - {me.id}
        described = str(vevent.get("DESCRIPTION", "")).rpartition("With: ")[2]
        assert all(p.name in described for p in case.trip.people if p.id in people), vevent["SUMMARY"]
        assert me.name not in described
    for person, path in case.invites.items():
        text = path.read_bytes().decode("utf-8")
        assert libical_errors(lib, text) == [], person
        for vevent in icalendar.Calendar.from_ical(text).walk("VEVENT"):
            assert _addresses(vevent, "ORGANIZER") == {email[me.id]}
            # Everyone at the event, me too when I attend (as having accepted).
            assert _addresses(vevent, "ATTENDEE") == {email[p] for p in case.expected[str(vevent["UID"])][1]}


@pytest.mark.parametrize("name", CASES)
def test_each_event_is_written_in_the_zone_of_its_day(cases: dict[str, Case], name: str) -> None:
    case = cases[name]
    checked = 0
    for path in [case.export, *case.invites.values()]:
        for vevent in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            start, end = vevent["DTSTART"], vevent["DTEND"]
            if not isinstance(start.dt, datetime):
                continue
            zones = (str(start.params["TZID"]), str(end.params["TZID"]))
            if name == "own":
                ident = str(vevent["UID"]).partition("@")[0]
                assert zones == OWN_ZONES.get(ident, zones), ident
                checked += ident in OWN_ZONES
            elif zones[0] == zones[1]:  # not a travel leg: the zone of the stop its day belongs to
                assert zones[0] == case.trip.zone_on(start.dt.date()).key, vevent["SUMMARY"]
                checked += 1
    assert checked >= 5


# --- khal ----------------------------------------------------------------------------------------------------------

def _khal_expected(case: Case, person: str | None) -> set[tuple[str, ...]]:
    """What khal lists with its local zone set to UTC: (uid, start, end, all-day)."""
    found: set[tuple[str, ...]] = set()
    for uid, times in case.events_of(person).items():
        for start, end in times:
            if isinstance(start, datetime) and isinstance(end, datetime):
                found.add((uid, f"{start:%Y-%m-%d %H:%M}", f"{end:%Y-%m-%d %H:%M}", "False"))
            else:
                found.add((uid, f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}", "True"))
    return found


@pytest.mark.parametrize("name", CASES)
def test_khal_lists_every_event_at_its_instants_with_its_people(cases: dict[str, Case], tmp_path: Path,
                                                                 name: str) -> None:
    case = cases[name]
    files = {"export": case.export} | {f"p-{person}": path for person, path in case.invites.items()}
    listed = khal_list(tmp_path / "khal", files, "UTC", case.first, case.last, ("organizer", "attendees"))
    me = case.trip.me
    assert me is not None
    email = {p.id: p.email.lower() for p in case.trip.people}
    assert {item[:4] for item in listed["export"]} == _khal_expected(case, None)
    assert {item[4] for item in listed["export"]} == {f"{me.name} ({email[me.id]})"}
    for person in case.invites:
        shown = listed[f"p-{person}"]
        assert {item[:4] for item in shown} == _khal_expected(case, person), person
        for uid, *_, attendees in shown:
            assert set(attendees.lower().split(", ")) == {email[p] for p in case.expected[uid][1]}, uid


# --- calcurse -------------------------------------------------------------------------------------------------------

def _calcurse_expected(case: Case, person: str | None) -> set[tuple[object, ...]]:
    """What calcurse shows: (title, start, end) in seconds since the epoch, or (title, day) for an all-day day."""
    titles = {export_uid(case.trip, e): e.title for e in case.trip.events}
    found: set[tuple[object, ...]] = set()
    for uid, times in case.events_of(person).items():
        for start, end in times:
            if isinstance(start, datetime) and isinstance(end, datetime):
                found.add((titles[uid], int(start.timestamp()), int(end.timestamp())))
            else:
                assert isinstance(start, date) and isinstance(end, date)
                found |= {(titles[uid], start + timedelta(days=n)) for n in range((end - start).days + 1)}
    return found


@pytest.mark.parametrize("name", CASES)
def test_calcurse_shows_every_event_at_its_instants(cases: dict[str, Case], tmp_path: Path, name: str) -> None:
    case = cases[name]
    days = days_between(case.first, case.last)
    files: list[tuple[str | None, Path]] = [(None, case.export), *case.invites.items()]
    for person, path in files:
        for tz in ("UTC", "America/New_York"):  # the instants do not depend on the reader's zone
            report, shown = calcurse_query(tmp_path / f"{person or 'export'}-{tz.replace('/', '-')}", path, tz,
                                           case.first, days)
            assert " 0 skipped" in report, report
            assert shown == _calcurse_expected(case, person), (person, tz)
