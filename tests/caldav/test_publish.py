"""``tripplan publish`` against a real Radicale: first publish, republish, edits, deletes, dry runs."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from tests.caldav.helpers import assert_same_events, calendar, load, server_events, writes
from tests.caldav.radicale_server import PASSWORD, Radicale
from tests.conftest import SAMPLES
from tripplan.caldav.publish import publish
from tripplan.caldav.report import PublishReport
from tripplan.cli.main import main
from tripplan.files.encode import dumps
from tripplan.files.storage import read_trip, save_trip
from tripplan.ical.export import event_uid
from tripplan.trip.model import Event, Kind

LISBON = SAMPLES / "lisbon-client-visit.toml"


def copy(sample: Path, tmp_path: Path) -> Path:
    target = tmp_path / sample.name
    shutil.copyfile(sample, target)
    return target


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["publish", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_first_publish_of_each_sample_reads_back_with_the_same_events_and_instants(
        sample: Path, radicale: Radicale, tmp_path: Path, password_env: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = copy(sample, tmp_path)
    url = radicale.calendar_url()
    code, out, err = run(capsys, str(path), "--url", url, "--user", "alice")
    trip = load(path)
    assert code == 0, out + err
    assert "(calendar created)" in out and f"{len(trip.events)} added" in out
    assert_same_events(trip, server_events(url))
    # The trip file remembers the target and every event's ETag — never the password.
    assert trip.share is not None and trip.share.url == url and trip.share.user == "alice"
    assert {r.event for r in trip.share.events} == {e.id for e in trip.events}
    assert all(r.etag for r in trip.share.events)
    text = path.read_text(encoding="utf-8")
    assert PASSWORD not in text and PASSWORD not in out + err


def test_the_calendar_is_named_after_the_trip_and_holds_one_resource_per_event_named_by_uid(
        radicale: Radicale, tmp_path: Path) -> None:
    trip = load(copy(LISBON, tmp_path))
    url = radicale.calendar_url()
    publish(trip, url, "alice", PASSWORD)
    with calendar(url) as cal:
        assert cal.get_display_name() == trip.name
        names = sorted(str(obj.url).rsplit("/", 1)[1] for obj in cal.events())
    assert names == sorted(f"{event_uid(trip, e.id)}.ics" for e in trip.events)
    # Each resource is a complete calendar with its zones and no METHOD (RFC 4791).
    assert trip.share is not None
    with calendar(url) as cal:
        data = cal.event_by_uid(trip.share.events[0].uid).data
    assert "BEGIN:VTIMEZONE" in data and "METHOD" not in data


def test_republishing_without_change_writes_nothing_and_says_so(
        radicale: Radicale, tmp_path: Path, password_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = copy(LISBON, tmp_path)
    url = radicale.calendar_url()
    assert run(capsys, str(path), "--url", url, "--user", "alice")[0] == 0
    before = path.read_bytes()
    code, out, err = run(capsys, str(path))  # URL and user come from the trip file
    assert code == 0, err
    assert out.startswith("Nothing to publish: all 25 events are on")
    assert "no writes" in out
    assert path.read_bytes() == before  # not even re-saved
    trip = load(path)
    report = publish(trip, url, "alice", PASSWORD)
    assert report.nothing_to_do and report.writes == 0 and not report.trip_changed
    assert writes(report.log) == []
    assert [method for method, status in report.log if status < 400] == ["PROPFIND"]


def test_edit_and_republish_sends_exactly_the_changes(radicale: Radicale, tmp_path: Path) -> None:
    path = copy(LISBON, tmp_path)
    trip, stamp = read_trip(path)
    url = radicale.calendar_url()
    publish(trip, url, "alice", PASSWORD)
    stamp = save_trip(trip, path, stamp)
    ordered = sorted(trip.events, key=lambda e: e.start_utc)
    moved, noted, removed = ordered[5], ordered[8], ordered[12]
    new = Event.timed(id="late-drinks", title="Late drinks", kind=Kind.SOCIAL_OUTING,
                      start=moved.local_start + timedelta(days=1), end=moved.local_start + timedelta(days=1, hours=2))
    trip.events = [dataclasses.replace(moved, start_utc=moved.start_utc + timedelta(hours=1),
                                       end_utc=moved.end_utc + timedelta(hours=1)) if e is moved
                   else dataclasses.replace(noted, notes=noted.notes + "\nBring the contract.") if e is noted
                   else e for e in trip.events if e is not removed] + [new]
    report = publish(trip, url, "alice", PASSWORD)
    assert len(report.added) == 1 and report.added[0].startswith("Late drinks")
    assert sorted(report.updated) == sorted(r for r in report.updated)
    assert {u.split(" (")[0] for u in report.updated} == {moved.title, noted.title}
    assert [d.split(" (")[0] for d in report.deleted] == [removed.title]
    assert len(report.unchanged) == 25 - 3
    assert sorted(m for m, _ in writes(report.log)) == ["DELETE", "PUT", "PUT", "PUT"]
    found = server_events(url)
    assert_same_events(trip, found)
    # SEQUENCE rises as in the export: for the new time, not for a change of notes.
    assert int(found[event_uid(trip, moved.id)]["SEQUENCE"]) == 1
    assert int(found[event_uid(trip, noted.id)]["SEQUENCE"]) == 0
    assert "Bring the contract." in str(found[event_uid(trip, noted.id)]["DESCRIPTION"])
    save_trip(trip, path, stamp)
    assert publish(load(path), url, "alice", PASSWORD).nothing_to_do


def test_deleting_events_from_the_trip_deletes_them_on_the_server(
        radicale: Radicale, tmp_path: Path, password_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = copy(LISBON, tmp_path)
    url = radicale.calendar_url()
    run(capsys, str(path), "--url", url, "--user", "alice")
    trip, stamp = read_trip(path)
    gone = [e for e in trip.events if e.kind in (Kind.MEAL,)]
    trip.events = [e for e in trip.events if e not in gone]
    trip.followups = [dataclasses.replace(f, event="") if any(f.event == g.id for g in gone) else f
                      for f in trip.followups]
    save_trip(trip, path, stamp)
    code, out, _ = run(capsys, str(path))
    assert code == 0
    assert f"{len(gone)} deleted" in out and "0 added, 0 updated" in out
    for event in gone:
        assert f"{event.title} (deleted from the trip)" in out
    assert_same_events(load(path), server_events(url))
    assert load(path).share.events.__len__() == 25 - len(gone)  # type: ignore[union-attr]


def test_dry_run_writes_nothing_anywhere(radicale: Radicale, tmp_path: Path, password_env: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = copy(LISBON, tmp_path)
    before = path.read_bytes()
    url = radicale.calendar_url()
    code, out, _ = run(capsys, str(path), "--url", url, "--user", "alice", "--dry-run")
    assert code == 0
    assert out.startswith(f"Would publish to {url} as alice (would create the calendar): 25 added")
    assert path.read_bytes() == before
    with calendar(url) as cal, pytest.raises(Exception, match=r"NotFound|404"):
        cal.events()


def test_a_run_cut_off_before_saving_is_finished_by_the_rerun(radicale: Radicale, tmp_path: Path) -> None:
    """The server has the events but the trip file never recorded them: the rerun recognises its own writes."""
    path = copy(LISBON, tmp_path)
    url = radicale.calendar_url()
    publish(load(path), url, "alice", PASSWORD)  # not saved: as if the process was killed before saving
    trip = load(path)
    assert trip.share is None
    report = publish(trip, url, "alice", PASSWORD)
    assert len(report.unchanged) == 25 and not report.conflicts and writes(report.log) == []
    assert trip.share is not None and len(trip.share.events) == 25 and report.trip_changed


def test_events_someone_else_added_to_the_calendar_are_left_alone(radicale: Radicale, tmp_path: Path) -> None:
    trip = load(copy(LISBON, tmp_path))
    url = radicale.calendar_url()
    publish(trip, url, "alice", PASSWORD)
    with calendar(url) as cal:
        cal.add_event(dtstart=trip.events[0].local_start, dtend=trip.events[0].local_end, summary="Colleague's own",
                      uid="x-1")
    report = publish(trip, url, "alice", PASSWORD)
    assert report.nothing_to_do and report.foreign == 1
    assert "x-1" in server_events(url)


def test_the_trip_file_changed_while_publishing_keeps_both(radicale: Radicale, tmp_path: Path,
                                                          password_env: str, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program saved the trip during the publish: its edit stays and the records are written into it."""
    path = copy(LISBON, tmp_path)
    url = radicale.calendar_url()
    import tripplan.caldav.publish as module

    real = module.publish

    def publish_and_meanwhile_edit(*args: object, **kwargs: object) -> PublishReport:
        report = real(*args, **kwargs)  # type: ignore[arg-type]
        edited = load(path)
        edited.name = "Lisbon client visit (edited meanwhile)"
        path.write_text(dumps(edited), encoding="utf-8")
        return report

    monkeypatch.setattr(module, "publish", publish_and_meanwhile_edit)
    code, _, err = run(capsys, str(path), "--url", url, "--user", "alice")
    assert code == 0
    assert "changed by another program while publishing" in err
    trip = load(path)
    assert trip.name == "Lisbon client visit (edited meanwhile)"
    assert trip.share is not None and len(trip.share.events) == 25
