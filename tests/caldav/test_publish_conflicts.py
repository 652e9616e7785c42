"""No lost edits on the server: changes made there are detected, reported, and resolved either way."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from tests.caldav.helpers import delete_on_server, edit_on_server, load, server_events, writes
from tests.caldav.radicale_server import PASSWORD, Radicale
from tests.conftest import SAMPLES
from tripplan.caldav.publish import Resolve, publish
from tripplan.cli.main import main
from tripplan.files.storage import read_trip, save_trip
from tripplan.ical.export import event_uid
from tripplan.trip.model import Event, Trip

LISBON = SAMPLES / "lisbon-client-visit.toml"


@pytest.fixture
def published(radicale: Radicale, tmp_path: Path) -> tuple[Path, str]:
    """The Lisbon trip, published to a fresh calendar and saved with its [share] records."""
    path = tmp_path / "lisbon.toml"
    shutil.copyfile(LISBON, path)
    trip, stamp = read_trip(path)
    url = radicale.calendar_url()
    publish(trip, url, "alice", PASSWORD)
    save_trip(trip, path, stamp)
    return path, url


def dinner(trip: Trip) -> Event:
    return next(e for e in trip.events if e.title == "Dinner with Marta and Ana")


def test_an_event_changed_on_the_server_is_reported_and_left_alone(
        published: tuple[Path, str], password_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    path, url = published
    trip = load(path)
    uid = event_uid(trip, dinner(trip).id)
    later = dinner(trip).local_start + timedelta(minutes=30)
    edit_on_server(url, uid, dtstart=later, dtend=later + timedelta(hours=2), summary="Dinner, moved")
    # The trip changed too: both sides edited the same event.
    trip, stamp = read_trip(path)
    trip.events = [dataclasses.replace(e, location="Somewhere else") if e.id == dinner(trip).id else e
                   for e in trip.events]
    save_trip(trip, path, stamp)
    before = load(path).share
    code = main(["publish", str(path)])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert "Changed on the server, left alone:" in out
    assert "Dinner with Marta and Ana" in out and "changed on the server since the last publish" in out
    assert "--theirs" in out and "--ours" in out
    assert str(server_events(url)[uid]["SUMMARY"]) == "Dinner, moved"  # not overwritten
    assert load(path).share == before  # still the old ETag: the next run reports it again
    assert main(["publish", str(path)]) == 1


def test_theirs_takes_the_servers_version_into_the_trip_through_the_import(
        published: tuple[Path, str], password_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    path, url = published
    trip = load(path)
    original = dinner(trip)
    uid = event_uid(trip, original.id)
    later = original.local_start + timedelta(minutes=45)
    edit_on_server(url, uid, dtstart=later, dtend=later + timedelta(hours=2), location="Taberna da Rua")
    code = main(["publish", str(path), "--theirs"])
    out, _ = capsys.readouterr()
    assert code == 0, out
    assert "Taken from the server into the trip:" in out
    pulled = dinner(load(path))
    assert (pulled.start_utc, pulled.end_utc) == (later.astimezone(UTC), (later + timedelta(hours=2)).astimezone(UTC))
    assert pulled.location == "Taberna da Rua"
    # What the trip knows that the calendar does not is kept; the export's lines are not added to the notes.
    assert pulled.attendees == original.attendees and pulled.objective == original.objective
    assert pulled.notes == original.notes and pulled.kind == original.kind
    assert str(server_events(url)[uid]["LOCATION"]) == "Taberna da Rua"
    # Trip and server agree now.
    report = publish(load(path), url, "alice", PASSWORD)
    assert report.nothing_to_do, report


def test_ours_overwrites_the_servers_version_conditionally(
        published: tuple[Path, str], password_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    path, url = published
    trip = load(path)
    uid = event_uid(trip, dinner(trip).id)
    edit_on_server(url, uid, summary="Dinner (colleague's title)")
    code = main(["publish", str(path), "--ours"])
    out, _ = capsys.readouterr()
    assert code == 0, out
    assert "Overwritten on the server:" in out and "1 updated" in out
    assert str(server_events(url)[uid]["SUMMARY"]) == "Dinner with Marta and Ana"
    assert dinner(load(path)).title == "Dinner with Marta and Ana"
    assert publish(load(path), url, "alice", PASSWORD).nothing_to_do


def test_an_event_deleted_on_the_server_is_reported_then_recreated_or_deleted_from_the_trip(
        published: tuple[Path, str], password_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    path, url = published
    trip = load(path)
    uid = event_uid(trip, dinner(trip).id)
    delete_on_server(url, uid)
    assert main(["publish", str(path)]) == 1
    assert "deleted on the server since the last publish" in capsys.readouterr().out
    assert uid not in server_events(url)
    assert main(["publish", str(path), "--ours"]) == 0
    assert uid in server_events(url)
    capsys.readouterr()
    delete_on_server(url, uid)
    assert main(["publish", str(path), "--theirs"]) == 0
    assert "deleted from the trip, as on the server" in capsys.readouterr().out
    trip = load(path)
    assert all(e.title != "Dinner with Marta and Ana" for e in trip.events)
    assert publish(trip, url, "alice", PASSWORD).nothing_to_do


def test_an_event_deleted_in_the_trip_but_changed_on_the_server_is_not_deleted_unless_asked(
        published: tuple[Path, str]) -> None:
    path, url = published
    trip, stamp = read_trip(path)
    target = dinner(trip)
    uid = event_uid(trip, target.id)
    edit_on_server(url, uid, summary="Dinner, still on?")
    trip.events = [e for e in trip.events if e.id != target.id]
    trip.followups = [dataclasses.replace(f, event="") if f.event == target.id else f for f in trip.followups]
    save_trip(trip, path, stamp)
    report = publish(load(path), url, "alice", PASSWORD)
    assert report.conflicts and "changed on the server, deleted in the trip" in report.conflicts[0][1]
    assert uid in server_events(url)
    theirs = load(path)
    report = publish(theirs, url, "alice", PASSWORD, resolve=Resolve.THEIRS)
    assert report.pulled and any(e.title == "Dinner, still on?" for e in theirs.events)
    ours = load(path)
    edit_on_server(url, uid, summary="Dinner, really?")
    report = publish(ours, url, "alice", PASSWORD, resolve=Resolve.OURS)
    assert report.deleted and report.overwritten and uid not in server_events(url)


def test_a_race_between_listing_and_writing_cannot_clobber_the_servers_change(
        published: tuple[Path, str]) -> None:
    """If-Match: a colleague's save that lands after the listing makes our PUT fail (412), not overwrite it."""
    path, url = published
    trip = load(path)
    target = dinner(trip)
    uid = event_uid(trip, target.id)
    trip.events = [dataclasses.replace(e, title="Dinner, our title") if e.id == target.id else e for e in trip.events]
    raced: list[bool] = []

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "publishing" and not raced:
            raced.append(True)
            edit_on_server(url, uid, summary="Dinner, their title")

    report = publish(trip, url, "alice", PASSWORD, progress=progress)
    assert raced and not report.updated
    assert report.conflicts == [(report.conflicts[0][0], "changed on the server while publishing; left alone")]
    assert ("PUT", 412) in report.log
    assert str(server_events(url)[uid]["SUMMARY"]) == "Dinner, their title"


def test_a_new_event_whose_uid_someone_else_created_meanwhile_is_not_overwritten(
        radicale: Radicale, tmp_path: Path) -> None:
    """If-None-Match: * — the resource appeared between the listing and our PUT."""
    path = tmp_path / "lisbon.toml"
    shutil.copyfile(LISBON, path)
    trip = load(path)
    url = radicale.calendar_url()
    first = sorted(trip.events, key=lambda e: e.start_utc)[0]
    uid = event_uid(trip, first.id)

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "publishing" and done == 0:
            from tests.caldav.helpers import calendar

            with calendar(url) as cal:
                cal.save_event(dtstart=first.local_start, dtend=first.local_end, summary="Someone else's", uid=uid)

    report = publish(trip, url, "alice", PASSWORD, progress=progress)
    assert len(report.added) == 24
    assert report.conflicts and "while publishing" in report.conflicts[0][1]
    assert str(server_events(url)[uid]["SUMMARY"]) == "Someone else's"
    assert trip.share is not None and first.id not in {r.event for r in trip.share.events}
    # The next run sees a copy it did not publish: reported until the user chooses.
    again = publish(trip, url, "alice", PASSWORD)
    assert again.conflicts and "not published from this trip file" in again.conflicts[0][1]
    assert writes(again.log) == []
