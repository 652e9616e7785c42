"""A failed write is a message, not a traceback (issue 18, point 14), and invites are all or nothing (point 4).

Real faults: a file-size limit (RLIMIT_FSIZE, as a full disk gives EFBIG/ENOSPC), a read-only folder (chmod
0o555, binding root too: tests.fault_helpers), FILE.bak being a folder, an unwritable --out / -o.  Each time:
exit 2, the file named with the cause, the trip byte for byte as before, no temporary file left.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.fault_helpers import file_size_limit, leftovers, permissions_hold, small_trip, tripplan
from tests.ical_helpers import ICS
from tripplan.files.storage import read_trip, save_trip

ADD = ["--kind", "meal", "--at", "2027-03-09 12:00"]


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return small_trip(tmp_path / "trip")


@pytest.fixture
def read_only(small: Path) -> Iterator[Path]:
    """The trip's folder made read-only (0o555) for the child process."""
    small.parent.chmod(0o555)
    yield small.parent
    small.parent.chmod(0o755)


def _refused(run: object, *words: str) -> str:
    err: str = run.stderr  # type: ignore[attr-defined]
    assert run.returncode == 2, err  # type: ignore[attr-defined]
    assert "Traceback" not in err and all(w in err for w in words), err
    assert len(err.strip().splitlines()) == 1, err
    return err


def test_a_full_disk_is_a_message_and_the_trip_is_intact(small: Path) -> None:
    before = small.read_bytes()
    run = tripplan("add", str(small), "Lunch", *ADD, preexec=file_size_limit(len(before) // 2))
    _refused(run, "not saved:", "file too large", str(small.name), "is unchanged")
    assert small.read_bytes() == before and leftovers(small.parent) == []


def test_a_full_disk_on_the_trip_itself_after_the_backup(small: Path) -> None:
    before = small.read_bytes()  # the backup (the old bytes) fits, the new, longer trip does not
    run = tripplan("add", str(small), "Lunch with a long title " * 4, *ADD, preexec=file_size_limit(len(before)))
    _refused(run, "not saved:", f"writing {small}", "is unchanged")
    assert small.read_bytes() == before and leftovers(small.parent) == []


def test_the_backup_being_a_folder_is_a_message(small: Path) -> None:
    before = small.read_bytes()
    (small.parent / "small.toml.bak").mkdir()
    run = tripplan("add", str(small), "Lunch", *ADD)
    _refused(run, "not saved:", "small.toml.bak is a folder", "is unchanged")
    assert small.read_bytes() == before and leftovers(small.parent) == []


def test_a_read_only_folder_is_a_message(small: Path, read_only: Path) -> None:
    before = small.read_bytes()
    run = tripplan("add", str(small), "Lunch", *ADD, preexec=permissions_hold())
    _refused(run, "not saved:", "permission denied", str(small.name))
    assert small.read_bytes() == before and leftovers(read_only) == []


def test_export_to_an_unwritable_place_is_a_message(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        run = tripplan("export", str(small), "-o", str(out / "trip.ics"), preexec=permissions_hold())
    finally:
        out.chmod(0o755)
    _refused(run, "not written:", "permission denied", "trip.ics")
    assert list(out.iterdir()) == []
    run = tripplan("export", str(small), "-o", str(small / "x.ics"))  # a file where the folder should be
    _refused(run, str(small))


@pytest.fixture
def edge(tmp_path: Path) -> Path:
    path = tmp_path / "edge.toml"
    path.write_bytes((ICS / "edge.toml").read_bytes())
    return path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() if p.is_file() else b"<folder>" for p in sorted(folder.iterdir())}


def _move_workshop(edge: Path) -> None:
    trip, stamp = read_trip(edge)
    workshop = trip.event("hostile")
    assert workshop is not None
    trip.events[trip.events.index(workshop)] = dataclasses.replace(workshop,
                                                                   start_utc=workshop.start_utc - timedelta(hours=1))
    save_trip(trip, edge, stamp)


def test_invites_that_cannot_be_recorded_change_no_file(edge: Path, tmp_path: Path) -> None:
    """The [[sent]] save fails after the files are ready: every invite file is as before (old: rewritten)."""
    out = tmp_path / "out"
    assert tripplan("invites", str(edge), "--out", str(out), "--organizer", "zoe").returncode == 1
    _move_workshop(edge)
    os.unlink(edge.with_name("edge.toml.bak"))
    edge.with_name("edge.toml.bak").mkdir()  # the save of the records is refused
    files, trip = _snapshot(out), edge.read_bytes()
    run = tripplan("invites", str(edge), "--out", str(out))
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert "edge.toml.bak is a folder" in run.stderr
    assert _snapshot(out) == files and edge.read_bytes() == trip and leftovers(out) == []


def test_invites_refusing_one_file_write_none(edge: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert tripplan("invites", str(edge), "--out", str(out), "--organizer", "zoe").returncode == 1
    _move_workshop(edge)
    (out / "zoe.ics").write_text("my own notes, not an invite\n")  # the last target in order: foreign
    files, trip = _snapshot(out), edge.read_bytes()
    run = tripplan("invites", str(edge), "--out", str(out))
    assert run.returncode == 2 and "zoe.ics: exists and was not written by tripplan" in run.stderr
    assert _snapshot(out) == files and edge.read_bytes() == trip and leftovers(out) == []


def test_invites_with_a_fifo_among_the_targets_are_refused_at_once(edge: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "mei.ics")
    run = tripplan("invites", str(edge), "--out", str(out), "--organizer", "zoe", timeout=20)  # old: blocked
    assert run.returncode == 2 and "mei.ics: exists and was not written by tripplan" in run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["mei.ics"]


def test_invites_on_a_full_disk_write_none(edge: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert tripplan("invites", str(edge), "--out", str(out), "--organizer", "zoe").returncode == 1
    _move_workshop(edge)
    files, trip = _snapshot(out), edge.read_bytes()
    smallest = min(len(b) for b in files.values())
    run = tripplan("invites", str(edge), "--out", str(out), preexec=file_size_limit(smallest + 1))
    assert run.returncode == 2 and "Traceback" not in run.stderr and "not written:" in run.stderr, run.stderr
    assert _snapshot(out) == files and edge.read_bytes() == trip and leftovers(out) == []


def test_invites_to_an_unwritable_out_folder(edge: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        run = tripplan("invites", str(edge), "--out", str(out), "--organizer", "zoe", preexec=permissions_hold())
    finally:
        out.chmod(0o755)
    assert run.returncode == 2 and "Traceback" not in run.stderr and "permission denied" in run.stderr, run.stderr
    assert list(out.iterdir()) == []


def test_invites_failing_during_the_renames_put_every_file_back(edge: Path, tmp_path: Path) -> None:
    """--force with a folder in the place of the last invite file: the rename fails after others were placed."""
    out = tmp_path / "out"
    assert tripplan("invites", str(edge), "--out", str(out), "--organizer", "zoe").returncode == 1
    _move_workshop(edge)
    (out / "zoe.ics").unlink()
    (out / "zoe.ics").mkdir()
    files, trip = _snapshot(out), edge.read_bytes()
    run = tripplan("invites", str(edge), "--out", str(out), "--force")
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert f"not written: {out / 'zoe.ics'} is a folder; no file was changed" in run.stderr
    assert _snapshot(out) == files and edge.read_bytes() == trip and leftovers(out) == []
