"""The traveller ("me") and the travelling team in calendars (issue 15): organizer, METHOD:PUBLISH, attendees.

A two-stop trip (Singapore → Tokyo) written as a trip file: Sam is me, Bo a travelling teammate from New York,
Ana a client, Kai a colleague without an e-mail.  Which events each person attends is spelt out by hand in
``ATTENDS`` (not worked out with the model's own functions), and every file is read back with icalendar and
checked with libical's iTIP restrictions (``icalrestriction_check``).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest

from tests.conftest import SAMPLES
from tests.libical_check import libical, libical_errors
from tripplan.cli.main import main
from tripplan.files.storage import read_trip, save_trip
from tripplan.ical.export import event_resource, export_calendar
from tripplan.ical.importer import import_calendar
from tripplan.ical.invites import sequences
from tripplan.time.zones import zone

NOW = "2027-02-01T09:00:00+00:00"
UID = "roadshow-test"
ME_LINE = 'me = true\nemail = "Sam.Carter@Northwind.example"'

TRIP = """schema_version = 1

[trip]
uid = "roadshow-test"
name = "Two-city test"
home_timezone = "Europe/London"
start = 2027-06-07
end = 2027-06-12

[[people]]
id = "sam"
name = "Sam Carter"
{me}

[[people]]
id = "bo"
name = "Bo Chen"
email = "bo@northwind.example"
travels = true
home_timezone = "America/New_York"

[[people]]
id = "ana"
name = "Ana Ruiz"
email = "ana@client.example"
role = "client"

[[people]]
id = "kai"
name = "Kai Lee"

[[stops]]
city = "Singapore"
timezone = "Asia/Singapore"
from = 2027-06-07

[[stops]]
city = "Tokyo"
timezone = "Asia/Tokyo"
from = 2027-06-10

[[events]]
id = "kickoff"
title = "Kick-off with Ana"
kind = "meeting"
start = 2027-06-08T10:00:00
end = 2027-06-08T11:00:00
attendees = ["ana", "kai"]

[[events]]
id = "bo-dinner"
title = "Dinner for Ana (Bo hosts)"
kind = "meal"
start = 2027-06-08T19:00:00
end = 2027-06-08T21:00:00
attendees = ["ana"]
travellers = ["bo"]

[[events]]
id = "board-call"
title = "Call with the board"
kind = "meeting"
start = 2027-06-08T19:00:00
end = 2027-06-08T20:00:00
travellers = ["sam"]

[[events]]
id = "flight"
title = "Flight Singapore → Tokyo"
kind = "flight"
tz = "Asia/Singapore"
end_tz = "Asia/Tokyo"
start = 2027-06-10T08:00:00
end = 2027-06-10T15:55:00

[[events]]
id = "tokyo-lunch"
title = "Lunch in Tokyo"
kind = "meal"
start = 2027-06-11T12:00:00
end = 2027-06-11T13:00:00
attendees = ["ana"]

[[events]]
id = "their-meeting"
title = "Ana's review"
kind = "meeting"
start = 2027-06-11T15:00:00
end = 2027-06-11T16:00:00
attendees = ["ana"]

[events.ical]
uid = "ana-review@client.example"
organizer = {{ email = "ana@client.example", name = "Ana Ruiz" }}
attendance = [{{ person = "ana", role = "CHAIR", status = "ACCEPTED" }}]

[[events]]
id = "agenda-item"
title = "Imported agenda item"
kind = "conference"
start = 2027-06-11T17:00:00
end = 2027-06-11T18:00:00
attendees = ["ana"]

[events.ical]
uid = "agenda-item@conference.example"
attendance = [{{ person = "ana", role = "REQ-PARTICIPANT", status = "ACCEPTED" }}]

[[followups]]
id = "fu-ana"
person = "ana"
what = "Send Ana the proposal"
due = 2027-06-15
event = "tokyo-lunch"
"""
OURS = ["kickoff", "bo-dinner", "board-call", "flight", "tokyo-lunch", "agenda-item"]  # organized by me
# Who attends each event, by hand: no travellers listed = both travellers; a listed traveller = only them.
ATTENDS = {"kickoff": {"sam", "bo", "ana", "kai"}, "bo-dinner": {"bo", "ana"}, "board-call": {"sam"},
           "flight": {"sam", "bo"}, "tokyo-lunch": {"sam", "bo", "ana"}, "their-meeting": {"sam", "bo", "ana"},
           "agenda-item": {"sam", "bo", "ana"}}
EMAIL = {"sam": "sam.carter@northwind.example", "bo": "bo@northwind.example", "ana": "ana@client.example"}


@pytest.fixture(autouse=True)
def _frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", NOW)


def _write(folder: Path, me: str = ME_LINE) -> Path:
    """The trip file; without a "me", the board call names no traveller (it cannot name an unnamed one)."""
    path = folder / "trip.toml"
    text = TRIP.format(me=me)
    path.write_text(text if "me = true" in me else text.replace('travellers = ["sam"]\n', ""), encoding="utf-8")
    return path


def _uid(ident: str) -> str:
    return {"their-meeting": "ana-review@client.example", "agenda-item": "agenda-item@conference.example"}.get(
        ident, f"{ident}@{UID}")


def _by_uid(cal: Any) -> dict[str, Any]:
    return {str(v["UID"]): v for v in cal.walk("VEVENT")}


def _people(vevent: Any, name: str = "ATTENDEE") -> dict[str, dict[str, str]]:
    """Address → parameters of each ATTENDEE (or ORGANIZER) line."""
    found = vevent.get(name)
    lines = found if isinstance(found, list) else [found] if found is not None else []
    return {str(a).removeprefix("mailto:").lower(): dict(a.params) for a in lines}


def _read(path: Path) -> Any:
    return icalendar.Calendar.from_ical(path.read_bytes())


# --- invites: me by default, teammates as attendees -------------------------------------------------------------

def test_invites_come_from_me_without_organizer_and_go_to_everyone_at_each_event_but_me(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path)
    out = tmp_path / "out"
    # Exit 1: Kai has no e-mail, and Ana's own review is hers to send.
    assert main(["invites", str(path), "--out", str(out)]) == 1
    printed = capsys.readouterr()
    assert "Wrote invites from Sam Carter <Sam.Carter@Northwind.example>" in printed.out
    assert "Ana's review" in printed.out and "Kai Lee (kai) has no e-mail address" in printed.err
    assert sorted(p.name for p in out.iterdir()) == ["ana.ics", "bo.ics"]  # none for me; Kai has no e-mail
    for person in ("ana", "bo"):
        cal = _read(out / f"{person}.ics")
        assert str(cal["METHOD"]) == "REQUEST"
        events = _by_uid(cal)
        expected = {_uid(e) for e in OURS if person in ATTENDS[e]}
        assert set(events) == expected, person
        for ident in OURS:
            vevent = events.get(_uid(ident))
            if vevent is None:
                continue
            assert _people(vevent, "ORGANIZER") == {EMAIL["sam"]: {"CN": "Sam Carter"}}
            people = _people(vevent)
            assert set(people) == {EMAIL[p] for p in ATTENDS[ident] if p in EMAIL}, ident
            for who, params in people.items():
                if who == EMAIL["sam"]:  # me attends: listed as having accepted, no reply asked
                    assert params == {"CN": "Sam Carter", "ROLE": "CHAIR", "PARTSTAT": "ACCEPTED"}
                else:
                    assert (params["ROLE"], params["PARTSTAT"], params["RSVP"]) == \
                        ("REQ-PARTICIPANT", "NEEDS-ACTION", "TRUE")
    assert libical_errors(libical(), (out / "bo.ics").read_bytes().decode("utf-8")) == []
    trip = read_trip(path)[0]
    assert {r.organizer.email for r in trip.sent} == {"Sam.Carter@Northwind.example"}


def test_an_event_not_attended_by_me_still_has_me_as_organizer_and_not_as_attendee(tmp_path: Path) -> None:
    path = _write(tmp_path)
    assert main(["invites", str(path), "--out", str(tmp_path / "out")]) == 1
    dinner = _by_uid(_read(tmp_path / "out" / "ana.ics"))[_uid("bo-dinner")]
    assert _people(dinner, "ORGANIZER") == {EMAIL["sam"]: {"CN": "Sam Carter"}}
    assert set(_people(dinner)) == {EMAIL["bo"], EMAIL["ana"]}


def test_each_invite_has_its_events_in_their_own_zones_at_the_right_instants(tmp_path: Path) -> None:
    path = _write(tmp_path)
    assert main(["invites", str(path), "--out", str(tmp_path / "out")]) == 1
    text = (tmp_path / "out" / "bo.ics").read_bytes().decode("utf-8")
    assert "DTSTART;TZID=Asia/Tokyo:20270611T120000" in text  # a Tokyo day: Tokyo time, not the first stop's
    events = _by_uid(_read(tmp_path / "out" / "bo.ics"))
    tzids = {str(c["TZID"]) for c in _read(tmp_path / "out" / "bo.ics").walk("VTIMEZONE")}
    assert tzids == {"Asia/Singapore", "Asia/Tokyo"}
    expected = {"kickoff": (datetime(2027, 6, 8, 2, 0), datetime(2027, 6, 8, 3, 0)),
                "flight": (datetime(2027, 6, 10, 0, 0), datetime(2027, 6, 10, 6, 55)),
                "tokyo-lunch": (datetime(2027, 6, 11, 3, 0), datetime(2027, 6, 11, 4, 0))}
    for ident, (start, end) in expected.items():
        vevent = events[_uid(ident)]
        assert vevent["DTSTART"].dt.astimezone(UTC) == start.replace(tzinfo=UTC), ident
        assert vevent["DTEND"].dt.astimezone(UTC) == end.replace(tzinfo=UTC), ident
    assert str(events[_uid("flight")]["DTEND"].params["TZID"]) == "Asia/Tokyo"


def test_organizer_option_still_overrides_and_me_is_listed_as_accepted(tmp_path: Path) -> None:
    path = _write(tmp_path)
    assert main(["invites", str(path), "--out", str(tmp_path / "out"), "--organizer", "ana"]) == 1
    kickoff = _by_uid(_read(tmp_path / "out" / "bo.ics"))[_uid("kickoff")]
    assert set(_people(kickoff, "ORGANIZER")) == {EMAIL["ana"]}
    people = _people(kickoff)
    assert people[EMAIL["sam"]] == {"CN": "Sam Carter", "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "ACCEPTED"}
    assert (people[EMAIL["ana"]]["ROLE"], people[EMAIL["ana"]]["PARTSTAT"]) == ("CHAIR", "ACCEPTED")


def test_a_teammate_dropped_from_an_event_gets_a_cancellation_and_the_others_a_new_sequence(tmp_path: Path) -> None:
    path = _write(tmp_path)
    assert main(["invites", str(path), "--out", str(tmp_path / "out")]) == 1
    assert main(["invites", str(path), "--out", str(tmp_path / "out")]) == 1  # nothing changed: nothing rises
    assert {r.sequence for r in read_trip(path)[0].sent} == {0}
    trip, stamp = read_trip(path)
    trip.events = [dataclasses.replace(e, travellers=("sam",)) if e.id == "kickoff" else e for e in trip.events]
    save_trip(trip, path, stamp)  # Bo no longer comes to the kick-off
    assert main(["invites", str(path), "--out", str(tmp_path / "out")]) == 1
    cancel = _read(tmp_path / "out" / "bo-cancel.ics")
    assert str(cancel["METHOD"]) == "CANCEL" and set(_by_uid(cancel)) == {_uid("kickoff")}
    kickoff = _by_uid(_read(tmp_path / "out" / "ana.ics"))[_uid("kickoff")]
    assert int(kickoff["SEQUENCE"]) == 1 and set(_people(kickoff)) == {EMAIL["ana"], EMAIL["sam"]}


def test_people_option_naming_me_sends_me_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path)
    assert main(["invites", str(path), "--out", str(tmp_path / "out"), "--people", "sam,bo"]) == 1  # Ana's review
    assert "is you, the traveller: no invite goes to you" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["bo.ics"]


@pytest.mark.parametrize(("me", "words"), [
    ("", ["tripplan person add", "--name … --email … --me", "--organizer PERSON_ID"]),
    ("me = true", ["Sam Carter (sam)", "no e-mail address", "--organizer PERSON_ID"]),
], ids=["no-me", "me-without-email"])
def test_invites_without_a_sender_are_refused_and_the_file_is_untouched(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], me: str, words: list[str]) -> None:
    path = _write(tmp_path, me=me)
    before = path.read_bytes()
    assert main(["invites", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert all(w in err for w in words), err
    assert "Traceback" not in err and path.read_bytes() == before and not (tmp_path / "out").exists()


# --- the plain export: METHOD:PUBLISH from me -------------------------------------------------------------------

def test_the_export_is_published_by_me_and_passes_libicals_itip_check(tmp_path: Path) -> None:
    path = _write(tmp_path)
    out = tmp_path / "trip.ics"
    assert main(["export", str(path), "-o", str(out), "--todos"]) == 0
    text = out.read_bytes().decode("utf-8")
    cal = icalendar.Calendar.from_ical(text)
    assert str(cal["METHOD"]) == "PUBLISH"
    events = _by_uid(cal)
    assert set(events) == {_uid(e) for e in ATTENDS}
    for ident in ATTENDS:
        organizer = _people(events[_uid(ident)], "ORGANIZER")
        if ident == "their-meeting":  # imported with another organizer: keeps theirs
            assert organizer == {EMAIL["ana"]: {"CN": "Ana Ruiz"}}
        else:
            assert organizer == {EMAIL["sam"]: {"CN": "Sam Carter"}}, ident
        assert "ATTENDEE" not in events[_uid(ident)]  # RFC 5546: no ATTENDEE in a PUBLISH
    (todo,) = cal.walk("VTODO")
    assert _people(todo, "ORGANIZER") == {EMAIL["sam"]: {"CN": "Sam Carter"}}
    assert str(todo["DTSTART"].dt) == "2027-06-11" and int(todo["PRIORITY"]) == 0
    lib = libical()
    assert libical_errors(lib, text) == []
    # The check is a real one: the same calendar without one event's ORGANIZER fails it.
    broken = text.replace('ORGANIZER;CN="Ana Ruiz":mailto:ana@client.example\r\n', "", 1)
    assert broken != text and any("ORGANIZER" in e for e in libical_errors(lib, broken))


def test_in_my_own_calendar_an_event_i_do_not_attend_leaves_me_free(tmp_path: Path) -> None:
    trip = read_trip(_write(tmp_path))[0]
    events = _by_uid(icalendar.Calendar.from_ical(export_calendar(trip, datetime(2027, 2, 1, tzinfo=UTC),
                                                                  sequences(trip))))
    assert {i: str(events[_uid(i)]["TRANSP"]) for i in ("bo-dinner", "board-call", "kickoff")} == \
        {"bo-dinner": "TRANSPARENT", "board-call": "OPAQUE", "kickoff": "OPAQUE"}


def test_export_with_attendees_has_no_method_and_keeps_the_imported_answers(tmp_path: Path) -> None:
    path = _write(tmp_path)
    assert main(["export", str(path), "-o", str(tmp_path / "trip.ics"), "--attendees"]) == 0
    cal = _read(tmp_path / "trip.ics")
    assert "METHOD" not in cal
    events = _by_uid(cal)
    assert _people(events[_uid("their-meeting")]) == {EMAIL["ana"]: {"CN": "Ana Ruiz", "ROLE": "CHAIR",
                                                                      "PARTSTAT": "ACCEPTED"}}
    assert set(_people(events[_uid("kickoff")], "ORGANIZER")) == {EMAIL["sam"]}


@pytest.mark.parametrize("me", ["", "me = true"], ids=["no-me", "me-without-email"])
def test_without_a_publisher_the_export_is_as_before(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     me: str) -> None:
    path = _write(tmp_path, me=me)
    assert main(["export", str(path), "-o", str(tmp_path / "trip.ics")]) == 0
    assert ("has no e-mail address: the calendar names no organizer" in capsys.readouterr().err) == bool(me)
    cal = _read(tmp_path / "trip.ics")
    assert "METHOD" not in cal
    events = _by_uid(cal)
    assert [i for i in ATTENDS if "ORGANIZER" in events[_uid(i)]] == ["their-meeting"]  # only what a file said
    assert set(_people(events[_uid("agenda-item")])) == {EMAIL["ana"]}  # attendees as the file said


# --- CalDAV: the same organizer, and no server schedules for us -------------------------------------------------

def test_caldav_resources_name_me_as_organizer_and_ask_servers_not_to_schedule(tmp_path: Path) -> None:
    trip = read_trip(_write(tmp_path))[0]
    now = datetime(2027, 2, 1, tzinfo=UTC)

    def vevent(ident: str) -> Any:
        event = trip.event(ident)
        assert event is not None
        text = event_resource(trip, event, now, 0)
        assert "METHOD" not in text
        return icalendar.Calendar.from_ical(text).walk("VEVENT")[0]

    made = vevent("kickoff")
    assert set(_people(made, "ORGANIZER")) == {EMAIL["sam"]} and "ATTENDEE" not in made
    agenda = vevent("agenda-item")  # no organizer in its file: mine now, with its attendees kept
    assert set(_people(agenda, "ORGANIZER")) == {EMAIL["sam"]}
    assert _people(agenda)[EMAIL["ana"]]["SCHEDULE-AGENT"] == "CLIENT"
    theirs = vevent("their-meeting")
    assert set(_people(theirs, "ORGANIZER")) == {EMAIL["ana"]}
    assert "SCHEDULE-AGENT" not in _people(theirs)[EMAIL["ana"]]


# --- import: the traveller is recognised --------------------------------------------------------------------------

CALENDAR = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Example//Test//EN\r
BEGIN:VEVENT\r
UID:mine@example.com\r
DTSTAMP:20270101T000000Z\r
DTSTART;TZID=Asia/Tokyo:20270611T090000\r
DTEND;TZID=Asia/Tokyo:20270611T093000\r
SUMMARY:My own meeting\r
ORGANIZER;CN=Sam:mailto:SAM.CARTER@northwind.EXAMPLE\r
ATTENDEE;CN=Client;PARTSTAT=NEEDS-ACTION:mailto:new.client@example.org\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:bos@example.com\r
DTSTAMP:20270101T000000Z\r
DTSTART;TZID=Asia/Tokyo:20270611T100000\r
DTEND;TZID=Asia/Tokyo:20270611T110000\r
SUMMARY:Bo's meeting\r
ORGANIZER:mailto:someone@partner.example\r
ATTENDEE;PARTSTAT=ACCEPTED:mailto:bo@northwind.example\r
ATTENDEE;PARTSTAT=DECLINED;CN=Sam C:mailto:sam.carter@NORTHWIND.example\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:talk@example.com\r
DTSTAMP:20270101T000000Z\r
DTSTART:20270611T050000Z\r
DTEND:20270611T060000Z\r
SUMMARY:Conference talk\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:floating@example.com\r
DTSTAMP:20270101T000000Z\r
DTSTART:20270611T120000\r
DTEND:20270611T130000\r
SUMMARY:Floating lunch\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:holiday@example.com\r
DTSTAMP:20270101T000000Z\r
DTSTART;VALUE=DATE:20270611\r
DTEND;VALUE=DATE:20270612\r
SUMMARY:A Tokyo holiday\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_import_maps_my_address_to_me_and_says_which_travellers_attend(tmp_path: Path) -> None:
    trip = read_trip(_write(tmp_path))[0]
    report = import_calendar(trip, CALENDAR.encode())
    assert report.people == ["Client <new.client@example.org> as 'client'"]  # no second Sam
    assert [p.id for p in trip.people] == ["sam", "bo", "ana", "kai", "client"]
    by_title = {e.title: e for e in trip.events}
    assert by_title["My own meeting"].travellers == ("sam",)  # my calendar's event: not Bo's
    assert by_title["Bo's meeting"].travellers == ("bo",)  # I declined it
    assert by_title["Bo's meeting"].attendees == ("bo", "sam")  # the attendee is me, not a new person
    assert by_title["Conference talk"].travellers is None  # names no traveller: everyone
    # Exported again, the meeting I organize names me as the trip does, and its invite is not withheld.
    text = export_calendar(trip, datetime(2027, 2, 1, tzinfo=UTC), sequences(trip))
    mine = _by_uid(icalendar.Calendar.from_ical(text))["mine@example.com"]
    assert _people(mine, "ORGANIZER") == {EMAIL["sam"]: {"CN": "Sam Carter"}}


def test_import_reads_times_without_a_zone_in_the_zone_of_each_days_stop(tmp_path: Path) -> None:
    trip = read_trip(_write(tmp_path))[0]
    import_calendar(trip, CALENDAR.encode())
    by_title = {e.title: e for e in trip.events}
    tokyo = zone("Asia/Tokyo")
    floating = by_title["Floating lunch"]  # 12:00 on a Tokyo day is 12:00 in Tokyo, not in Singapore
    assert floating.tz is tokyo and floating.start_utc == datetime(2027, 6, 11, 3, 0, tzinfo=UTC)
    talk = by_title["Conference talk"]  # given in UTC: kept as that instant, shown in Tokyo time
    assert talk.tz is tokyo and talk.start_utc == datetime(2027, 6, 11, 5, 0, tzinfo=UTC)
    holiday = by_title["A Tokyo holiday"]
    assert holiday.all_day and holiday.tz is tokyo and holiday.start_utc == datetime(2027, 6, 10, 15, tzinfo=UTC)


def test_a_one_city_trip_still_reads_them_in_its_zone(tmp_path: Path) -> None:
    one = TRIP.split("[[stops]]")[0].replace('home_timezone = "Europe/London"',
                                               'timezone = "Asia/Singapore"\nhome_timezone = "Europe/London"', 1)
    path = tmp_path / "one.toml"
    path.write_text(one.format(me=ME_LINE), encoding="utf-8")
    trip = read_trip(path)[0]
    import_calendar(trip, CALENDAR.encode())
    floating = next(e for e in trip.events if e.title == "Floating lunch")
    assert floating.tz.key == "Asia/Singapore" and floating.start_utc == datetime(2027, 6, 11, 4, 0, tzinfo=UTC)


def test_our_own_published_export_read_back_changes_nothing(tmp_path: Path) -> None:
    """The export names me as ORGANIZER and leaves me free at Bo's dinner: read back, that is what the trip says."""
    trip = read_trip(_write(tmp_path))[0]
    trip.events = [e for e in trip.events if not e.ical.uid]  # made here (the others' ids are not their UIDs)
    before = list(trip.events)
    text = export_calendar(trip, datetime(2027, 2, 1, tzinfo=UTC), sequences(trip))
    report = import_calendar(trip, text.encode())
    assert (report.added, report.updated, len(report.unchanged)) == ([], [], 5)
    assert trip.events == before


def test_after_a_run_from_someone_else_the_invites_come_from_me_again_and_say_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path)
    assert main(["invites", str(path), "--out", str(tmp_path / "out"), "--organizer", "ana"]) == 1
    capsys.readouterr()
    assert main(["invites", str(path), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "invites now come from you, Sam Carter <Sam.Carter@Northwind.example>; the last ones came from " \
           "ana@client.example" in err
    kickoff = _by_uid(_read(tmp_path / "out" / "bo.ics"))[_uid("kickoff")]
    assert set(_people(kickoff, "ORGANIZER")) == {EMAIL["sam"]} and int(kickoff["SEQUENCE"]) == 1


def test_the_calendars_travellers_are_the_models(tmp_path: Path) -> None:
    """Party looks the travellers up once per calendar; who attends must stay exactly the model's answer."""
    from tripplan.ical.party import Party  # here: the other tests also run (and fail) on code without it

    trips = [read_trip(_write(tmp_path))[0], *(read_trip(p)[0] for p in sorted(SAMPLES.glob("*.toml")))]
    for trip in trips:
        party = Party(trip)
        for event in trip.events:
            assert party.travellers_at(event) == trip.travellers_at(event), (trip.name, event.id)
            for person in [*trip.traveller_ids, *(p.id for p in trip.people)]:
                assert party.attends(event, person) == trip.attends(event, person)
            assert [p.id for p in party.invited(event)] == [i for i in trip.party(event) if i != party.key]
