"""Two writers: every command that writes the trip refuses when another program changed it meanwhile.

The other program is real: the trip file is rewritten on disk (as an editor
or ``git pull`` would) right after the command has read it, or — for the
last window there is — while the command is writing its backup.  The
command must then exit 2 with a message, write nothing, and leave the
other program's version in place.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DATA
from tripplan.cli.main import main
from tripplan.errors import ConflictError
from tripplan.files import storage
from tripplan.files.storage import read_trip, save_trip

THEIRS = "\n# changed in another window\n"
CALENDAR = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:talk@conf\r\nDTSTAMP:20270301T000000Z\r\n"
            "SUMMARY:Keynote\r\nDTSTART;TZID=Europe/Lisbon:20270309T160000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n"
            "END:VCALENDAR\r\n")


def _edit_after_read(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Another program appends to *path* just after the command has read it (once)."""
    real = storage.read_bytes
    done: list[bool] = []

    def read_then_change(name: str | os.PathLike[str]) -> bytes:
        data = real(name)
        if Path(name) == path and not done:
            done.append(True)
            path.write_bytes(data + THEIRS.encode())
        return data

    monkeypatch.setattr(storage, "read_bytes", read_then_change)


def _small(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_bytes((DATA / "good" / "small.toml").read_bytes())
    return path


def _edge(tmp_path: Path) -> Path:
    path = tmp_path / "edge.toml"
    path.write_bytes((DATA / "ics" / "edge.toml").read_bytes())
    return path


def _calendar(tmp_path: Path) -> str:
    cal = tmp_path / "talk.ics"
    cal.write_text(CALENDAR, encoding="utf-8")
    return str(cal)


# (name, trip file to copy, arguments after the trip file) for every command that writes the trip
COMMANDS: list[tuple[str, Callable[[Path], Path], Callable[[Path], list[str]]]] = [
    ("add", _small, lambda d: ["add", "{trip}", "Lunch", "--kind", "meal", "--at", "tue 13:00"]),
    ("person add", _small, lambda d: ["person", "add", "{trip}", "bo-chen", "--name", "Bo Chen"]),
    ("person log", _small, lambda d: ["person", "log", "{trip}", "ana-ruiz", "Talked about jazz"]),
    ("import", _small, lambda d: ["import", "{trip}", _calendar(d)]),
    ("invites", _edge, lambda d: ["invites", "{trip}", "--out", str(d / "out"), "--organizer", "zoe"]),
    ("suggest --apply", _small, lambda d: ["suggest", "{trip}", "--day", "2027-03-10", "--apply"]),
    ("followups --apply", _small, lambda d: ["followups", "{trip}", "--apply"]),
    ("objectives --set", lambda d: _copy_sample(d), lambda d: ["objectives", "{trip}", "--set", "trust-marta",
                                                               "achieved"]),
]


def _copy_sample(folder: Path) -> Path:
    path = folder / "lisbon.toml"
    path.write_bytes((DATA.parent.parent / "sample_trips" / "lisbon-client-visit.toml").read_bytes())
    return path


def _args(template: list[str], trip: Path) -> list[str]:
    return [str(trip) if a == "{trip}" else a for a in template]


@pytest.mark.parametrize(("name", "make", "argv"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_command_writes_when_nobody_else_did(name: str, make: Callable[[Path], Path],
                                             argv: Callable[[Path], list[str]], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: without the other program, each of these commands does change the trip."""
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-03-09T14:05:00+00:00")
    trip = make(tmp_path)
    before = trip.read_bytes()
    assert main(_args(argv(tmp_path), trip)) in (0, 1)
    assert trip.read_bytes() != before


@pytest.mark.parametrize(("name", "make", "argv"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_command_refuses_when_the_file_changed_meanwhile(name: str, make: Callable[[Path], Path],
                                                        argv: Callable[[Path], list[str]], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-03-09T14:05:00+00:00")
    trip = make(tmp_path)
    theirs = trip.read_bytes() + THEIRS.encode()
    _edit_after_read(monkeypatch, trip)
    assert main(_args(argv(tmp_path), trip)) == 2
    err = capsys.readouterr().err
    assert "changed by another program" in err and "Traceback" not in err
    assert trip.read_bytes() == theirs
    assert not trip.with_name(trip.name + ".bak").exists()
    assert not (tmp_path / "out").exists()  # invites: no file goes out for a trip that is not saved


def test_new_refuses_when_the_file_appears_meanwhile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "trip.toml"
    from tripplan.files import encode as serialize

    real = serialize.dumps

    def appear_then_dump(trip: object) -> str:
        if not path.exists():
            path.write_text("# written by another program\n", encoding="utf-8")
        return real(trip)  # type: ignore[arg-type]

    monkeypatch.setattr(serialize, "dumps", appear_then_dump)
    code = main(["new", str(path), "--name", "T", "--tz", "Europe/Lisbon", "--home-tz", "Europe/Lisbon",
                 "--start", "2027-03-08", "--end", "2027-03-10"])
    assert code == 2 and "already exists" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "# written by another program\n"


def test_a_change_made_while_the_backup_is_written_is_not_lost(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The last window: save_trip checked the file, then waits for the backup's fsync."""
    path = _small(tmp_path)
    trip, stamp = read_trip(path)
    real = storage.atomic_write

    def backup_then_change(file: Path, data: bytes, **options: str | Path | None) -> None:
        real(file, data, **options)  # type: ignore[arg-type]
        if file.name.endswith(".bak"):
            path.write_bytes(path.read_bytes() + THEIRS.encode())

    monkeypatch.setattr(storage, "atomic_write", backup_then_change)
    trip.name = "Mine"
    with pytest.raises(ConflictError, match="changed by another program while saving"):
        save_trip(trip, path, stamp)
    assert path.read_text(encoding="utf-8").endswith(THEIRS)
