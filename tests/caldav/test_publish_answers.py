"""Attendees' answers on the CalDAV server: a colleague's calendar writes PARTSTATs back, publish reads them.

A colleague answers by changing their ATTENDEE line in the published resource
(plain HTTP PUT with If-Match, as a calendar app saves it, or the caldav
library); the next ``tripplan publish`` records the answers of the trip's
people in ``[[replies]]`` (``via = "caldav"``) and does not take them for a
colleague's edit of the event.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import niquests
import pytest

from tests.caldav.helpers import calendar, load, writes
from tests.caldav.radicale_server import PASSWORD, Radicale
from tests.conftest import SAMPLES
from tripplan.caldav.publish import publish
from tripplan.cli.main import main
from tripplan.files.storage import read_trip, save_trip
from tripplan.ical.contentlines import unfolded_bytes
from tripplan.ical.export import event_uid
from tripplan.trip.answers import Answers
from tripplan.trip.model import Event, Person, Trip

LISBON = SAMPLES / "lisbon-client-visit.toml"
DINNER = "Dinner with Marta and Ana"
ANA, BO, MARTA = "ana.ruiz@acme-iberia.example", "bo.berg@acme-iberia.example", "marta.oliveira@acme-iberia.example"
ME = "jordan.lee@halyard.example"
FIRST, LATER = "2027-03-01T09:00:00+00:00", "2027-03-01T12:00:00+00:00"


def dinner(trip: Trip) -> Event:
    return next(e for e in trip.events if e.title == DINNER)


def with_dinner(trip: Trip, **changes: Any) -> None:
    trip.events = [dataclasses.replace(e, **changes) if e.title == DINNER else e for e in trip.events]


@pytest.fixture
def trip_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The Lisbon sample with a traveller (Jordan, organizer) and one more guest at the dinner (Bo)."""
    monkeypatch.setenv("TRIPPLAN_NOW", FIRST)
    monkeypatch.setenv("TRIPPLAN_CALDAV_PASSWORD", PASSWORD)
    path = tmp_path / "lisbon.toml"
    shutil.copyfile(LISBON, path)
    trip, stamp = read_trip(path)
    trip.people = [dataclasses.replace(p, me=True) if p.email == ME else p for p in trip.people]
    trip.people.append(Person(id="bo-berg", name="Bo Berg", email=BO, org="Acme Iberia"))
    with_dinner(trip, attendees=(*dinner(trip).attendees, "bo-berg"))
    save_trip(trip, path, stamp)
    return path


@pytest.fixture
def published(trip_file: Path, radicale: Radicale, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    url = radicale.calendar_url()
    assert main(["publish", str(trip_file), "--url", url, "--user", "alice"]) == 0
    capsys.readouterr()
    return trip_file, url


def _session() -> Any:
    session = niquests.Session()
    session.auth = ("alice", PASSWORD)
    return session


def resource(url: str, trip: Path | Trip) -> str:
    """The full URL of the server's copy of the dinner."""
    trip = load(trip) if isinstance(trip, Path) else trip
    assert trip.share is not None
    href = next(r.href for r in trip.share.events if r.event == dinner(trip).id)
    return url.split("/", 3)[0] + "//" + url.split("/", 3)[2] + href


def fetch(target: str) -> tuple[bytes, str]:
    with _session() as session:
        got = session.get(target)
        assert got.status_code == 200
        return bytes(got.content), str(got.headers["ETag"])


def unfolded(data: bytes) -> str:
    return unfolded_bytes(data).decode("utf-8")


def answer(target: str, *lines: str, extra: tuple[str, ...] = ()) -> None:
    """As a colleague's calendar app: put ATTENDEE *lines* into the event (replacing those of the same
    address) and save it with If-Match, so nothing else is touched."""
    data, etag = fetch(target)
    text = unfolded(data)
    addresses = {line.rsplit(":", 1)[1].lower() for line in lines}
    kept = [line for line in text.split("\r\n")
            if not (line.startswith("ATTENDEE") and line.rsplit(":", 1)[1].lower() in addresses)]
    body = "\r\n".join(kept).replace("END:VEVENT", "\r\n".join([*lines, *extra, "END:VEVENT"]), 1)
    with _session() as session:
        put = session.put(target, data=body.encode("utf-8"),
                          headers={"If-Match": etag, "Content-Type": "text/calendar; charset=utf-8"})
        assert put.status_code in (201, 204), put.text


def partstats(target: str) -> dict[str, str]:
    """Address → PARTSTAT of the ATTENDEE lines in the server's copy."""
    found: dict[str, str] = {}
    for line in unfolded(fetch(target)[0]).split("\r\n"):
        if line.startswith("ATTENDEE"):
            status = re.search(r";PARTSTAT=([A-Z-]+)", line)
            found[line.rsplit(":", 1)[1].lower()] = status[1] if status else ""
    return found


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["publish", *args])
    out, err = capsys.readouterr()
    return code, out, err


ANSWERS = (f"ATTENDEE;CN=Ana Ruiz;PARTSTAT=ACCEPTED:MAILTO:{ANA.replace('ana.ruiz', 'Ana.Ruiz').upper()}",
           f'ATTENDEE;PARTSTAT=DECLINED;X-RESPONSE-COMMENT="Flying out that evening":mailto:{BO}',
           f"ATTENDEE;CN=Marta;PARTSTAT=NEEDS-ACTION:mailto:{MARTA}",
           "ATTENDEE;CN=Stranger;PARTSTAT=ACCEPTED:mailto:stranger@elsewhere.example",
           f"ATTENDEE;CN=Jordan;PARTSTAT=DECLINED:mailto:{ME}")


def test_answers_written_back_on_the_server_are_read_into_replies_and_left_on_the_server(
        published: tuple[Path, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path, url = published
    target = resource(url, path)
    answer(target, *ANSWERS, extra=("LAST-MODIFIED:20270301T101500Z",))
    _, answered_etag = fetch(target)
    monkeypatch.setenv("TRIPPLAN_NOW", LATER)
    code, out, err = run(capsys, str(path))
    assert code == 0, out + err
    assert "Changed on the server" not in out and "--theirs" not in out
    assert "2 answers read:" in out
    assert f"  Ana Ruiz accepted {DINNER} (Wed 10 Mar 20:30)" in out
    assert f'  Bo Berg declined {DINNER} (Wed 10 Mar 20:30) ("Flying out that evening")' in out
    trip = load(path)
    event = dinner(trip)
    replies = sorted(trip.replies, key=lambda r: r.email)
    assert [(r.event, r.email, r.status, r.sequence, r.via, r.comment) for r in replies] == [
        (event.id, ANA, "accepted", 0, "caldav", ""),
        (event.id, BO, "declined", 0, "caldav", "Flying out that evening")]
    # DTSTAMP was the first publish's; the colleague's app said LAST-MODIFIED: the later one.
    assert {r.dtstamp for r in replies} == {datetime(2027, 3, 1, 10, 15, tzinfo=UTC)}
    assert {r.received for r in replies} == {datetime(2027, 3, 1, 12, tzinfo=UTC)}
    said = Answers(trip)
    people = {p.email: p for p in trip.people}
    assert said.of(event, people[ANA]).status == "accepted"
    assert said.of(event, people[BO]).comment == "Flying out that evening"
    assert said.of(event, people[MARTA]).status == "needs-action"  # NEEDS-ACTION is no answer
    # Nothing was written: the answers stay on the server as the colleague's app saved them.
    assert fetch(target)[1] == answered_etag
    assert partstats(target)[ANA] == "ACCEPTED" and partstats(target)[BO] == "DECLINED"
    # Again: nothing to publish, nothing new to read, the file not even re-saved.
    before = path.read_bytes()
    code, out, err = run(capsys, str(path))
    assert code == 0 and out.startswith("Nothing to publish: all 25 events are on"), out + err
    assert "answer" not in out and path.read_bytes() == before


def test_a_change_of_notes_keeps_the_answers_and_a_change_of_time_asks_again(
        published: tuple[Path, str]) -> None:
    path, url = published
    target = resource(url, path)
    answer(target, *ANSWERS[:2])
    trip, stamp = read_trip(path)
    first = publish(trip, url, "alice", PASSWORD)
    assert len(first.answers) == 2 and not first.conflicts and writes(first.log) == []
    stamp = save_trip(trip, path, stamp)

    # New notes: the event is rewritten (SEQUENCE stays), the answers go up with it.
    with_dinner(trip, notes=dinner(trip).notes + "\nAsk for the window table.")
    noted = publish(trip, url, "alice", PASSWORD)
    assert len(noted.updated) == 1 and not noted.conflicts and not noted.answers
    text = unfolded(fetch(target)[0])
    assert "SEQUENCE:0" in text and "Ask for the window table." in text
    assert partstats(target) == {ANA: "ACCEPTED", BO: "DECLINED"}
    assert all("SCHEDULE-AGENT=CLIENT" in line for line in text.split("\r\n") if line.startswith("ATTENDEE"))

    # A new time: SEQUENCE rises and everyone is asked again (RFC 5546); the recorded answers keep their SEQUENCE.
    with_dinner(trip, start_utc=dinner(trip).start_utc + timedelta(hours=1),
                end_utc=dinner(trip).end_utc + timedelta(hours=1))
    moved = publish(trip, url, "alice", PASSWORD)
    assert len(moved.updated) == 1 and not moved.conflicts and not moved.answers
    assert "SEQUENCE:1" in unfolded(fetch(target)[0])
    assert partstats(target) == {ANA: "NEEDS-ACTION", BO: "NEEDS-ACTION"}
    assert sorted((r.email, r.status, r.sequence) for r in trip.replies) == [(ANA, "accepted", 0), (BO, "declined", 0)]
    assert publish(trip, url, "alice", PASSWORD).nothing_to_do  # the NEEDS-ACTION read back is no news

    # Ana answers the new version: recorded with its SEQUENCE; Bo's NEEDS-ACTION is still no answer.
    answer(target, f"ATTENDEE;CN=Ana Ruiz;PARTSTAT=TENTATIVE:mailto:{ANA}")
    again = publish(trip, url, "alice", PASSWORD)
    assert not again.conflicts and again.answers == [f"Ana Ruiz tentative {DINNER} (Wed 10 Mar 21:30)"]
    assert sorted((r.email, r.status, r.sequence) for r in trip.replies) == [(ANA, "tentative", 1),
                                                                          (BO, "declined", 0)]


def test_an_answer_saved_by_the_caldav_library_which_raises_sequence_is_still_only_an_answer(
        published: tuple[Path, str]) -> None:
    from icalendar import vCalAddress

    path, url = published
    trip = load(path)
    with calendar(url) as cal:
        obj = cal.event_by_uid(event_uid(trip, dinner(trip).id))
        who = vCalAddress(f"mailto:{ANA}")
        who.params["PARTSTAT"] = "DELEGATED"
        who.params["DELEGATED-TO"] = f"mailto:{MARTA}"
        obj.icalendar_component.add("ATTENDEE", who)
        obj.save()  # the library raises SEQUENCE on every save
    assert "SEQUENCE:1" in unfolded(fetch(resource(url, path))[0])
    report = publish(trip, url, "alice", PASSWORD)
    assert not report.conflicts and writes(report.log) == []
    assert report.answers == [f"Ana Ruiz delegated to {MARTA} {DINNER} (Wed 10 Mar 20:30)"]
    assert [(r.status, r.delegated_to, r.sequence) for r in trip.replies] == [("delegated", MARTA, 1)]
    # Adopted with the server's SEQUENCE: the next run finds everything as it is.
    assert publish(trip, url, "alice", PASSWORD).nothing_to_do


def test_a_dry_run_says_what_answers_are_there_and_records_nothing(
        published: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    path, url = published
    answer(resource(url, path), *ANSWERS)
    before = path.read_bytes()
    code, out, err = run(capsys, str(path), "--dry-run")
    assert code == 0, out + err
    assert "2 answers on the server, not recorded (dry run):" in out and "Ana Ruiz accepted" in out
    assert path.read_bytes() == before
    code, out, _ = run(capsys, str(path))
    assert code == 0 and "2 answers read:" in out
    assert len(load(path).replies) == 2


def test_a_hostile_comment_is_kept_as_data_and_never_reaches_the_terminal_raw(
        published: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    path, url = published
    # Radicale drops C0 controls such as ESC from a text value; the C1 CSI (U+009B) gets through.
    hostile = "Yes\u009b2J\u009b31m see you"
    answer(resource(url, path), f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{ANA}", extra=(f"COMMENT:{hostile}",))
    code, out, err = run(capsys, str(path))
    assert code == 0, out + err
    assert "\u009b" not in out + err
    assert 'Ana Ruiz accepted Dinner with Marta and Ana (Wed 10 Mar 20:30) ("Yes\\x9b2J\\x9b31m see you")' in out
    assert [r.comment for r in load(path).replies] == [hostile]  # the comment itself is kept as it was


def test_an_answer_to_one_occurrence_of_a_series_is_recorded_for_that_occurrence(
        trip_file: Path, radicale: Radicale) -> None:
    import icalendar

    trip, stamp = read_trip(trip_file)
    with_dinner(trip, repeat="FREQ=DAILY;COUNT=2")
    save_trip(trip, trip_file, stamp)
    url = radicale.calendar_url()
    publish(trip, url, "alice", PASSWORD)
    target = resource(url, trip)
    data, etag = fetch(target)
    calendar_data = icalendar.Calendar.from_ical(data)
    master = next(c for c in calendar_data.walk("VEVENT"))
    second = dinner(trip).local_start + timedelta(days=1)
    copy = icalendar.Event()
    for name, value in master.property_items(recursive=False)[1:-1]:
        if name not in ("RRULE", "DTSTART", "DTEND"):
            copy.add(name, value, encode=False)
    copy.add("RECURRENCE-ID", second)
    copy.add("DTSTART", second)
    copy.add("DTEND", second + timedelta(hours=2))
    who = icalendar.vCalAddress(f"mailto:{ANA}")
    who.params["PARTSTAT"] = "DECLINED"
    copy.add("ATTENDEE", who)
    calendar_data.add_component(copy)
    with _session() as session:
        put = session.put(target, data=calendar_data.to_ical(), headers={"If-Match": etag,
                                                                         "Content-Type": "text/calendar"})
        assert put.status_code in (201, 204), put.text
    report = publish(trip, url, "alice", PASSWORD)
    assert not report.conflicts and writes(report.log) == []
    assert [(r.status, r.occurrence) for r in trip.replies] == [("declined", second.astimezone(UTC))]
    said = Answers(trip)
    ana = next(p for p in trip.people if p.email == ANA)
    assert said.of(dinner(trip), ana, second.astimezone(UTC)).status == "declined"
    assert said.of(dinner(trip), ana, dinner(trip).start_utc).status == "needs-action"



def test_a_colleagues_edit_of_the_event_is_still_a_conflict_and_its_answers_are_read(
        published: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    from tests.caldav.helpers import edit_on_server

    path, url = published
    answer(resource(url, path), f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{ANA}")
    edit_on_server(url, event_uid(load(path), dinner(load(path)).id), summary="Dinner, moved to Thursday?")
    code, out, _ = run(capsys, str(path))
    assert code == 1
    assert "Changed on the server, left alone:" in out and "1 answer read:" in out
    assert [(r.email, r.status) for r in load(path).replies] == [(ANA, "accepted")]
