"""The calendar commands: export, invites, import — files, exit codes, messages, and the trip file's safety."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.ical_helpers import ICS
from tripplan.cli.main import main
from tripplan.files.storage import read_trip, save_trip
from tripplan.ical.lint import lint

NOW = "2027-02-01T09:00:00+00:00"


def tripplan(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tripplan", *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "TRIPPLAN_NOW": NOW, **(env or {})})


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_bytes((DATA / "good" / "small.toml").read_bytes())
    return path


@pytest.fixture
def edge(tmp_path: Path) -> Path:
    path = tmp_path / "edge.toml"
    path.write_bytes((ICS / "edge.toml").read_bytes())
    return path


@pytest.fixture(autouse=True)
def _frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", NOW)


@pytest.mark.parametrize(("command", "words"), [
    ("export", ["--todos", "-o OUT.ics", "--force"]), ("invites", ["--out DIR", "--organizer", "--people"]),
    ("import", ["--kind", "--dry-run", "--all-dates"]),
])
def test_help(command: str, words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert all(w in out for w in words), out


def test_export_to_stdout_is_the_calendar(small: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "tripplan", "export", str(small)], capture_output=True, timeout=60,
                         env={**os.environ, "TRIPPLAN_NOW": NOW})
    assert run.returncode == 0 and lint(run.stdout) == []
    assert b"DTSTAMP:20270201T090000Z\r\n" in run.stdout and b"exported 4 events" in run.stderr


def test_export_never_silently_overwrites(small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "trip.ics"
    out.write_text("precious")
    assert main(["export", str(small), "-o", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err and out.read_text() == "precious"
    assert main(["export", str(small), "-o", str(out), "--force", "--todos"]) == 0
    assert lint(out.read_bytes()) == []
    assert main(["export", str(small), "-o", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
    assert main(["export", str(small), "-o", str(tmp_path / "no" / "such.ics")]) == 2


def test_export_of_an_empty_trip_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.toml"
    assert main(["new", str(path), "--name", "T", "--tz", "Europe/Lisbon", "--home-tz", "UTC", "--start",
                 "2027-03-08", "--end", "2027-03-09"]) == 0
    assert main(["export", str(path)]) == 2
    assert "has no events" in capsys.readouterr().err


def test_invites_first_run_needs_an_organizer(edge: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = edge.read_bytes()
    assert main(["invites", str(edge), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"tripplan person add {edge} ID --name … --email … --me" in err and "--organizer PERSON_ID" in err
    assert main(["invites", str(edge), "--out", str(tmp_path / "out"), "--organizer", "zoee"]) == 2
    assert "did you mean 'zoe'" in capsys.readouterr().err
    assert edge.read_bytes() == before and not (tmp_path / "out").exists()


def test_invites_write_files_and_record_what_was_sent(edge: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["invites", str(edge), "--out", str(out), "--organizer", "zoe"]) == 1  # a person has no e-mail
    printed = capsys.readouterr()
    assert "Nobody Without Mail" in printed.err and "zoe.ics" in printed.out
    assert sorted(p.name for p in out.iterdir()) == ["mei.ics", "smith.ics", "zoe.ics"]
    assert all(lint(p.read_bytes()) == [] for p in out.iterdir())
    trip, _ = read_trip(edge)
    assert len(trip.sent) == 7 and "[[sent]]" in edge.read_text()
    # Move the workshop: only it goes out again, with SEQUENCE 1; the organizer is remembered.
    trip, stamp = read_trip(edge)
    workshop = trip.event("hostile")
    assert workshop is not None
    trip.events[trip.events.index(workshop)] = dataclasses.replace(workshop,
                                                                   start_utc=workshop.start_utc - timedelta(hours=1))
    save_trip(trip, edge, stamp)
    assert main(["invites", str(edge), "--out", str(out)]) == 1
    zoe = (out / "zoe.ics").read_text()
    assert zoe.count("SEQUENCE:1") == 1 and zoe.count("SEQUENCE:0") == 2
    assert "1 updated" in capsys.readouterr().out


def test_invites_cancel_deleted_events(edge: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["invites", str(edge), "--out", str(out), "--organizer", "zoe", "--people", "mei"]) == 0
    text = edge.read_text()
    start = text.index("[[events]]\nid = \"night-walk\"")
    edge.write_text(text[:start] + text[text.index("[[events]]", start + 5):])
    assert main(["invites", str(edge), "--out", str(out), "--people", "mei"]) == 0
    cancel = (out / "mei-cancel.ics").read_text()
    assert "METHOD:CANCEL" in cancel and "UID:night-walk@edge-trip" in cancel and "STATUS:CANCELLED" in cancel


def test_invites_refuse_to_replace_foreign_files(edge: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "zoe.ics").write_text("my own notes")
    before = edge.read_bytes()
    assert main(["invites", str(edge), "--out", str(out), "--organizer", "zoe"]) == 2
    assert "not written by tripplan" in capsys.readouterr().err
    assert (out / "zoe.ics").read_text() == "my own notes" and edge.read_bytes() == before
    assert main(["invites", str(edge), "--out", str(out), "--organizer", "zoe", "--force"]) == 1
    assert "BEGIN:VCALENDAR" in (out / "zoe.ics").read_text()


def test_invites_dry_run_writes_nothing(edge: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = edge.read_bytes()
    assert main(["invites", str(edge), "--out", str(tmp_path / "out"), "--organizer", "zoe", "--dry-run"]) == 0
    assert "Would write" in capsys.readouterr().out
    assert edge.read_bytes() == before and not (tmp_path / "out").exists()


def test_invites_do_not_clobber_a_trip_changed_meanwhile(edge: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    import tripplan.ical.invites as invites

    original = invites.plan_invites

    def meanwhile(*args: object, **kwargs: object) -> invites.InvitePlan:
        edge.write_text(edge.read_text() + "\n# edited in another window\n")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(invites, "plan_invites", meanwhile)
    assert main(["invites", str(edge), "--out", str(tmp_path / "out"), "--organizer", "zoe"]) == 2
    assert "changed by another program" in capsys.readouterr().err
    assert edge.read_text().endswith("# edited in another window\n") and not (tmp_path / "out").exists()


def test_import_real_files_then_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "london.toml"
    assert main(["new", str(path), "--name", "London", "--tz", "Europe/London", "--home-tz", "Europe/Berlin",
                 "--start", "2024-07-01", "--end", "2024-10-05"]) == 0
    capsys.readouterr()
    calendar = str(ICS / "real" / "outlook_exchange_windows_tz.ics")
    assert main(["import", str(path), calendar, "--dry-run"]) == 0
    assert "Would import" in capsys.readouterr().out and "[[events]]" not in path.read_text()
    assert main(["import", str(path), calendar, "--kind", "meeting"]) == 0
    out, err = capsys.readouterr()
    assert "3 added" in out and "GMT Standard Time" in err
    trip, _ = read_trip(path)
    assert len(trip.events) == 3 and len(trip.received) == 3
    before = path.read_bytes()
    assert main(["import", str(path), calendar]) == 0
    assert "3 unchanged" in capsys.readouterr().out and path.read_bytes() == before


def test_import_of_a_partly_broken_file_saves_what_is_sound(small: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    calendar = tmp_path / "agenda.ics"
    calendar.write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Good\r\n"
                         b"DTSTART:20270309T150000Z\r\nDTEND:20270309T160000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\n"
                         b"UID:b\r\nSUMMARY:Bad\r\nDTSTART:20271399T150000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    assert main(["import", str(small), str(calendar), "--kind", "conference"]) == 1
    out = capsys.readouterr().out
    assert "'Bad' (line 8): DTSTART cannot be read (Wrong datetime format: 20271399T150000Z)" in out
    trip, _ = read_trip(small)
    assert trip.event("a") is not None and trip.event("b") is None


@pytest.mark.parametrize("content", [b"", b"\x00\x00junk", b"<html>login</html>", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR",
                                     b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:nonsense\r\nEND:VEVENT\r\n"])
def test_import_with_nothing_usable_exits_2_and_changes_nothing(small: Path, tmp_path: Path, content: bytes) -> None:
    calendar = tmp_path / "bad.ics"
    calendar.write_bytes(content)
    before = small.read_bytes()
    run = tripplan("import", str(small), str(calendar))
    assert run.returncode == 2 and "Traceback" not in run.stderr + run.stdout
    assert "bad.ics" in run.stderr + run.stdout and small.read_bytes() == before


def test_import_argument_errors(small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(small), str(tmp_path / "missing.ics")]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main(["import", str(small), str(tmp_path)]) == 2
    assert main(["import", str(small), str(ICS / "real" / "google_export_alarms.ics"), "--kind", "party"]) == 2
    assert "unknown kind 'party'" in capsys.readouterr().err


def test_bad_trip_file_is_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('schema_version = 1\n[trip]\nname = "x"\n')
    run = tripplan("export", str(path))
    assert run.returncode == 2 and "bad.toml" in run.stderr and "Traceback" not in run.stderr
