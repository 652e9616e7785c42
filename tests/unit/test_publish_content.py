"""Publishing without a server: the per-event resources, their hashes and SEQUENCE, [share] in the trip file."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tripplan.caldav.content import build, content_hash, href_for, resource_name, same_event
from tripplan.caldav.publish import publish
from tripplan.caldav.report import PublishReport
from tripplan.caldav.server import Answer, ShareError
from tripplan.caldav.summary import headline, remarks, sections
from tripplan.files.encode import dumps
from tripplan.files.share_section import url_problem
from tripplan.files.storage import parse_trip, read_trip
from tripplan.ical.contentlines import unfolded_bytes
from tripplan.ical.export import event_resource, event_uid, export_calendar
from tripplan.ical.invites import sequences
from tripplan.ical.lint import lint
from tripplan.trip.model import PublishedEvent, ShareTarget, Trip

NOW = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
def trip() -> Trip:
    return read_trip(SAMPLES / "barcelona-team-offsite.toml")[0]


def _vevents(text: str) -> list[list[str]]:
    """Each VEVENT's unfolded lines, DTSTAMP aside."""
    unfolded = unfolded_bytes(text.encode("utf-8")).decode("utf-8")
    return [sorted(line for line in block.split("\r\n") if line and not line.startswith("DTSTAMP"))
            for block in re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", unfolded, re.S)]


def test_each_resource_holds_exactly_the_export_vevent_with_its_zones_and_no_method(trip: Trip) -> None:
    whole = _vevents(export_calendar(trip, NOW, sequences(trip)))
    for event in trip.events:
        text = event_resource(trip, event, NOW, sequences(trip)[event.id])
        assert lint(text.encode("utf-8")) == []
        assert "METHOD" not in text and "X-WR-CALNAME" not in text
        assert _vevents(text)[0] in whole
        for tzid in set(re.findall(r"TZID=([^:;]+)", text)):
            assert f"BEGIN:VTIMEZONE\r\nTZID:{tzid}\r\n" in text


def test_resources_are_named_by_uid_and_odd_uids_get_a_stable_safe_name() -> None:
    assert resource_name("standup@4bc79964") == "standup@4bc79964.ics"
    odd = resource_name("a/b c@example.com")
    assert re.fullmatch(r"uid-[0-9a-f]{32}\.ics", odd) and odd == resource_name("a/b c@example.com")
    assert resource_name(".hidden").startswith("uid-")
    assert href_for("/alice/trip/", "x@y.ics") == "/alice/trip/x@y.ics"
    assert href_for("/alice/my%20trip/", "a+b.ics") == "/alice/my%20trip/a+b.ics"


def test_the_content_hash_ignores_dtstamp_and_prodid_only(trip: Trip) -> None:
    event = trip.events[0]
    first = event_resource(trip, event, NOW, 0)
    later = event_resource(trip, event, NOW + timedelta(days=3), 0)
    assert first != later and content_hash(first) == content_hash(later)
    assert content_hash(first.replace("PRODID:-//tripplan//tripplan", "PRODID:-//tripplan//tripplan 9")) \
        == content_hash(first)
    assert content_hash(event_resource(trip, event, NOW, 1)) != content_hash(first)


def test_sequence_rises_like_the_exports_for_time_place_title_and_attendees_not_for_notes(trip: Trip) -> None:
    event = sorted(trip.events, key=lambda e: e.start_utc)[4]
    res = build(trip, event, None, NOW)
    assert res.sequence == sequences(trip)[event.id]
    record = PublishedEvent(event.id, res.uid, "/x.ics", '"e"', res.sequence, res.fingerprint, res.content)
    noted = dataclasses.replace(event, notes="new notes")
    assert build(trip, noted, record, NOW).sequence == res.sequence
    assert build(trip, noted, record, NOW).content != res.content
    moved = dataclasses.replace(event, start_utc=event.start_utc + timedelta(hours=1),
                                end_utc=event.end_utc + timedelta(hours=1))
    assert build(trip, moved, record, NOW).sequence == res.sequence + 1
    renamed = dataclasses.replace(event, title="Renamed")
    assert build(trip, renamed, dataclasses.replace(record, sequence=7), NOW).sequence == 8


def test_same_event_ignores_order_folding_and_dtstamp(trip: Trip) -> None:
    text = event_resource(trip, trip.events[0], NOW, 0)
    lines = text.split("\r\n")
    body = [i for i, line in enumerate(lines) if line.startswith(("SUMMARY", "CATEGORIES"))]
    swapped = list(lines)
    swapped[body[0]], swapped[body[1]] = swapped[body[1]], swapped[body[0]]
    restamped = "\n".join(swapped).replace("DTSTAMP:20270301T100000Z", "DTSTAMP:20300101T000000Z").encode()
    assert same_event(text, restamped)
    assert not same_event(text, text.replace("SUMMARY:", "SUMMARY:Not ").encode())
    assert not same_event(text, b"<html>not a calendar</html>")


def test_share_section_round_trips_and_sorts_records(trip: Trip) -> None:
    records = [PublishedEvent("b", "b@t", "/c/b.ics", '"2"', 3, "f", "c", "Dinner"),
               PublishedEvent("a", "a@t", "/c/a.ics", '"1"')]
    trip.share = ShareTarget("https://cal.example.com/dav/sam/trip/", "sam", records)
    text = dumps(trip)
    assert text.index('event = "a"') < text.index('event = "b"')
    assert "password" not in text
    loaded = parse_trip(text.encode(), "t.toml")
    assert loaded.share == ShareTarget(trip.share.url, "sam", sorted(records, key=lambda r: r.event))
    assert dumps(loaded) == text


@pytest.mark.parametrize(("url", "problem"), [
    ("https://cal.example.com/dav/", None),
    ("http://127.0.0.1:5232/alice/trip/", None),
    ("cal.example.com/dav/", "must start with https://"),
    ("https://user:pw@cal.example.com/", "has a user name or password in it"),
    ("https://cal.example.com/dav/?x=1", "has a '?' or '#' part"),
    ("https://cal.example.com:port/", "is not a URL"),
    ("https://cal example.com/", "spaces"),
    ("", "is empty"),
])
def test_url_problems(url: str, problem: str | None) -> None:
    found = url_problem(url)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_a_bad_url_is_refused_before_any_connection(trip: Trip) -> None:
    with pytest.raises(ShareError, match="must start with https://"):
        publish(trip, "file:///etc/passwd", "", "")
    assert trip.share is None


def test_a_server_refusal_reads_as_one_line() -> None:
    refused = Answer(415, "Unsupported Media Type", body=b"<html><body>\n<h1>Nope</h1>\n</body></html>")
    assert refused.problem() == "the server refused it (HTTP 415 Unsupported Media Type): Nope"
    conflict = Answer(403, "Forbidden", preconditions=["{urn:ietf:params:xml:ns:caldav}no-uid-conflict"])
    assert "already holds an event with this UID under another name" in conflict.problem()


def test_summary_lines() -> None:
    report = PublishReport(url="https://c.example/x/", added=["A (Mon 08 Mar 10:00)"], unchanged=["B"] * 3,
                           conflicts=[("C", "changed on the server since the last publish")], requests=4, writes=1,
                           foreign=2)
    assert headline(report, "sam") == ("Published to https://c.example/x/ as sam: 1 added, 0 updated, 0 deleted, "
                                       "3 unchanged (4 requests, 1 write).")
    assert sections(report) == [("Added", ["A (Mon 08 Mar 10:00)"]),
                                ("Changed on the server, left alone",
                                 ["C: changed on the server since the last publish"])]
    assert remarks(report) == ["2 other events in the calendar did not come from this trip and were left alone"]
    quiet = PublishReport(url="https://c.example/x/", unchanged=["B"], requests=2)
    assert headline(quiet) == ("Nothing to publish: its one event is on https://c.example/x/ as in the trip "
                               "(2 requests, no writes).")
    many = PublishReport(url="u", added=[str(i) for i in range(60)])
    assert sections(many, 50)[0][1][-1] == "… and 10 more"


def test_uids_are_the_exports(trip: Trip) -> None:
    event = trip.events[0]
    assert build(trip, event, None, NOW).uid == event_uid(trip, event.id)


def test_a_shared_trip_loads_and_shows_its_day_without_the_caldav_library(tmp_path: Path) -> None:
    """[share] is on the loading path; the HTTP side is imported only by 'publish'."""
    trip = read_trip(SAMPLES / "lisbon-client-visit.toml")[0]
    trip.share = ShareTarget("https://cal.example.com/dav/sam/lisbon/", "sam",
                             [PublishedEvent(trip.events[0].id, "u@x", "/dav/sam/lisbon/u@x.ics", '"1"')])
    path = tmp_path / "shared.toml"
    path.write_text(dumps(trip), encoding="utf-8")
    code = ("import sys, contextlib, io\nfrom tripplan.cli.main import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert main(['today', {str(path)!r}, '--date', '2027-03-09']) == 0\n"
            "from tripplan.files.storage import read_trip\nassert read_trip(sys.argv[1])[0].share is not None\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('caldav', 'niquests', 'lxml')))")
    run = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
