"""Only regular files are read, with a bounded read (issue 18, point 10): a FIFO, /dev/zero or /dev/urandom as a
trip or as a calendar to import is refused at once with exit 2 — no hang, no memory exhaustion."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.fault_helpers import memory_limit, small_trip, tripplan
from tripplan.errors import UnreadableFileError
from tripplan.files.raw import read_regular


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return small_trip(tmp_path)


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "trip.toml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", [["today"], ["check"], ["add", "--kind", "meal", "--at", "2027-03-09 12:00"]])
def test_a_fifo_as_trip_is_refused_at_once(fifo: Path, command: list[str]) -> None:
    args = [command[0], str(fifo), *(["Lunch", *command[1:]] if command[0] == "add" else [])]
    run = tripplan(*args, timeout=20)  # the old code blocked in open() until the timeout
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "named pipe (FIFO)" in run.stderr and str(fifo) in run.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_as_trip_is_refused(device: str) -> None:
    run = tripplan("today", device, preexec=memory_limit(), timeout=20)  # old: read until MemoryError
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert f"{device}: is a device, not a regular file" in run.stderr


@pytest.mark.parametrize("source", ["fifo", "/dev/zero", "/dev/urandom"])
def test_a_special_file_as_calendar_to_import_is_refused(small: Path, tmp_path: Path, source: str) -> None:
    if source == "fifo":
        source = str(tmp_path / "cal.ics")
        os.mkfifo(source)
    before = small.read_bytes()
    run = tripplan("import", str(small), source, preexec=memory_limit(), timeout=20)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert f"cannot read {source}: is a" in run.stderr and small.read_bytes() == before


def test_a_symlink_to_a_trip_still_reads(small: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.toml"
    link.symlink_to(small)
    assert read_regular(link) == small.read_bytes()
    assert tripplan("today", str(link), "--date", "2027-03-09").returncode == 0


def test_the_read_is_bounded_whatever_the_size_says(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(UnreadableFileError, match="at most"):
        read_regular(path, 1000, "trip file")
    assert read_regular(path, 1001) == b"x" * 1001 and read_regular(path, 10, head=True) == b"x" * 10


def test_a_fifo_in_a_maildir_is_refused(small: Path, tmp_path: Path) -> None:
    box = tmp_path / "box"
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True)
    os.mkfifo(box / "new" / "1700000000.1.host")
    run = tripplan("replies", str(small), str(box), timeout=20)
    assert run.returncode == 2 and "Traceback" not in run.stderr and "named pipe" in run.stderr


def test_a_fifo_as_the_mail_settings_is_refused_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.ical_helpers import ICS

    config = tmp_path / "config"
    config.mkdir()
    os.mkfifo(config / "mail.toml")
    monkeypatch.setenv("TRIPPLAN_CONFIG_DIR", str(config))
    trip = tmp_path / "edge.toml"
    trip.write_bytes((ICS / "edge.toml").read_bytes())
    run = tripplan("invites", str(trip), "--send", "--dry-run", "--organizer", "zoe", timeout=20)  # old: blocked
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "mail.toml: cannot read the mail settings (is a named pipe (FIFO)" in run.stderr


def test_a_fifo_as_the_confirmed_servers_file_is_refused_at_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    config = tmp_path / "config"
    config.mkdir()
    os.mkfifo(config / "servers.toml")
    code = ("from tripplan.caldav.trust import confirmed\nfrom tripplan.errors import InputError\n"
            "try:\n    confirmed()\nexcept InputError as exc:\n    print(exc)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20,  # old: blocked
                         env={**os.environ, "TRIPPLAN_CONFIG_DIR": str(config)})
    assert "servers.toml: cannot read the confirmed servers (is a named pipe (FIFO)" in run.stdout, run.stderr
