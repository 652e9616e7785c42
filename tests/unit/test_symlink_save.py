"""Saving through a symbolic link writes the file it points to (issue 18, point 2).

Before, the atomic rename replaced the link itself with a regular file: the
real trip never got the change, silently.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import DATA
from tripplan.edit.session import EditSession
from tripplan.files.storage import read_trip


def _linked(tmp_path: Path) -> tuple[Path, Path]:
    """``trips/small.toml`` and ``work/link.toml`` pointing to it (relative, as ``ln -s`` makes it)."""
    (tmp_path / "trips").mkdir()
    (tmp_path / "work").mkdir()
    target = tmp_path / "trips" / "small.toml"
    target.write_bytes((DATA / "good" / "small.toml").read_bytes())
    link = tmp_path / "work" / "link.toml"
    link.symlink_to(Path("..") / "trips" / "small.toml")
    return target, link


def test_cli_add_through_a_link_changes_its_target(tmp_path: Path) -> None:
    target, link = _linked(tmp_path)
    before = target.read_bytes()
    done = subprocess.run([sys.executable, "-m", "tripplan", "add", str(link), "Lunch", "--kind", "meal",
                           "--at", "tue 13:00"], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "TRIPPLAN_NOW": "2027-03-09T14:05:00+00:00"})
    assert done.returncode == 0, done.stderr
    assert "Added 'Lunch'" in done.stdout and "Traceback" not in done.stderr
    assert link.is_symlink() and os.readlink(link) == os.path.join("..", "trips", "small.toml")
    assert "Lunch" in {e.title for e in read_trip(target)[0].events}
    assert (tmp_path / "trips" / "small.toml.bak").read_bytes() == before  # the backup beside the target
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == ["link.toml"]  # nothing beside the link


def test_tui_session_saves_through_a_link_twice(tmp_path: Path) -> None:
    """The app's save path (EditSession) too, and the stamp it keeps lets the next save through."""
    target, link = _linked(tmp_path)
    session = EditSession.open(link)
    session.trip.name = "First"
    session.save()
    session.trip.name = "Second"
    session.save()
    assert link.is_symlink() and read_trip(target)[0].name == "Second"


def test_a_chain_of_links_reaches_the_real_file(tmp_path: Path) -> None:
    target, link = _linked(tmp_path)
    outer = tmp_path / "outer.toml"
    outer.symlink_to(link)
    session = EditSession.open(outer)
    session.trip.name = "Through two links"
    session.save()
    assert outer.is_symlink() and link.is_symlink()
    assert read_trip(target)[0].name == "Through two links"
