"""The bad-file corpus: each file in tests/data/bad must give its located messages and exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA

BAD = sorted((DATA / "bad").glob("*.toml"))


def test_corpus_is_large_enough() -> None:
    assert len(BAD) >= 50
    assert all(p.with_suffix(".expected").exists() for p in BAD)


def test_fifty_megabyte_file_is_refused_quickly(tmp_path: Path) -> None:
    # Generated here, never stored in the repository.
    huge = tmp_path / "huge.toml"
    line = b"# " + b"x" * 1021 + b"\n"
    with huge.open("wb") as handle:
        handle.write((DATA / "good" / "small.toml").read_bytes())
        for _ in range(50 * 1024):
            handle.write(line)
    before = huge.stat()
    run = subprocess.run([sys.executable, "-m", "tripplan", "today", str(huge)], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 2
    assert "huge.toml: file is 50 MB; a trip file is at most 32 MB" in run.stderr
    assert "Traceback" not in run.stderr
    after = huge.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
@pytest.mark.parametrize("command", [["today", "--date", "2027-03-09"], ["agenda"]])
def test_bad_file_gives_located_messages(path: Path, command: list[str], tmp_path: Path) -> None:
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    before = copy.read_bytes()
    run = subprocess.run([sys.executable, "-m", "tripplan", command[0], str(copy), *command[1:]],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    for line in filter(None, expected):
        assert line in run.stderr, f"{line!r} not in:\n{run.stderr}"
    # Every message names the file.
    for message in run.stderr.strip().splitlines():
        assert str(copy) in message
    assert copy.read_bytes() == before


def test_edit_commands_leave_bad_file_untouched(tmp_path: Path) -> None:
    copy = tmp_path / "trip.toml"
    copy.write_bytes((DATA / "bad" / "typo_attendes.toml").read_bytes())
    before = copy.read_bytes()
    for args in (["add", str(copy), "Lunch", "--kind", "meal", "--at", "day 2 13:00"],
                 ["person", "add", str(copy), "bob", "--name", "Bob"]):
        run = subprocess.run([sys.executable, "-m", "tripplan", *args], capture_output=True, text=True, timeout=60)
        assert run.returncode == 2
        assert "unknown key 'attendes'" in run.stderr
        assert "Traceback" not in run.stderr
    assert copy.read_bytes() == before
    assert not (tmp_path / "trip.toml.bak").exists()
