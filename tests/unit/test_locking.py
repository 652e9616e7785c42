"""Two writers, one trip: the write lock keeps every acknowledged change (issue 18, point 1).

The writers are real processes.  Each one runs ``tripplan add`` in a loop
through the command line's own entry point (``tripplan.cli.main.main``, as
``python -m tripplan`` does, without paying for a new interpreter per add)
and reports every add that exited 0 — the ones that printed "Added …".  All
of them must be in the file at the end.  Before the lock, two such writers
lost some (the window between save_trip's last check and its rename).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.unit.test_two_writers import COMMANDS, _args
from tripplan.cli.main import main
from tripplan.files import storage
from tripplan.files.storage import read_trip

NOW = "2027-03-09T14:05:00+00:00"
ADDS_PER_WRITER = 250

# One writer: ADDS adds with titles "NAME-i", printing "ok NAME-i" after each that exited 0 (and the output
# of refused ones on stderr, to check they said why).
WRITER = textwrap.dedent("""
    import contextlib, io, sys
    from tripplan.cli.main import main
    path, name, adds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    print("ready", flush=True)
    sys.stdin.readline()  # both writers start together
    for i in range(adds):
        title = f"{name}-{i}"
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["add", path, title, "--kind", "meeting", "--at", "tue 13:00"])
        if code == 0 and "Added" in out.getvalue():
            print("ok", title, flush=True)
        else:
            print(f"refused {title} exit {code}: {err.getvalue().strip()}", file=sys.stderr, flush=True)
""")

HOLDER = textwrap.dedent("""
    import sys, time
    from tripplan.files.storage import locked
    with locked(sys.argv[1]):
        print("held", flush=True)
        time.sleep(120)
""")


def _env() -> dict[str, str]:
    return {**os.environ, "TRIPPLAN_NOW": NOW}


def _trip(folder: Path) -> Path:
    path = folder / "small.toml"
    path.write_bytes((DATA / "good" / "small.toml").read_bytes())
    return path


def _titles(path: Path) -> set[str]:
    trip, _ = read_trip(path)
    return {e.title for e in trip.events}


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tripplan", *args], capture_output=True, text=True,
                          env={**_env(), **env}, timeout=60)


@contextmanager
def _holding(path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the trip's lock (until the block ends, or the test kills it)."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True,
                              env=_env())
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def test_two_writers_lose_no_acknowledged_add(tmp_path: Path) -> None:
    path = _trip(tmp_path)
    before = _titles(path)
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(ADDS_PER_WRITER)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=_env()) for name in ("a", "b")]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    results = [writer.communicate(timeout=120) for writer in writers]
    assert [w.returncode for w in writers] == [0, 0], [err for _, err in results]
    acknowledged = {line.split()[1] for out, _ in results for line in out.splitlines() if line.startswith("ok ")}
    refused = [line for _, err in results for line in err.splitlines() if line.startswith("refused")]
    assert len(acknowledged) + len(refused) == 2 * ADDS_PER_WRITER >= 500
    final = _titles(path)
    lost = sorted(acknowledged - final)
    assert not lost, f"{len(lost)} of {len(acknowledged)} acknowledged adds are not in the file: {lost[:10]}"
    assert final == before | acknowledged  # and nothing that was refused got in
    # With the lock, a writer waits its turn instead of being refused: every add went through.
    assert not refused, refused[:5]
    assert not storage.lock_path(path).exists()  # released and removed: nothing left beside the trip


def test_a_writer_that_was_killed_leaves_no_stale_lock(tmp_path: Path) -> None:
    path = _trip(tmp_path)
    with _holding(path) as holder:
        assert storage.lock_path(path).exists()
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert storage.lock_path(path).exists()  # a SIGKILL cleans nothing up: the lock file stays, its lock does not
    done = _cli("add", str(path), "After the crash", "--kind", "meeting", "--at", "tue 13:00", TRIPPLAN_LOCK_WAIT="0")
    assert done.returncode == 0, done.stderr
    assert "After the crash" in _titles(path)
    assert not storage.lock_path(path).exists()


def test_a_writer_refuses_after_a_bounded_wait_and_says_so(tmp_path: Path) -> None:
    path = _trip(tmp_path)
    before = path.read_bytes()
    with _holding(path):
        refused = _cli("add", str(path), "Lunch", "--kind", "meal", "--at", "tue 13:00", TRIPPLAN_LOCK_WAIT="0.2")
        assert path.read_bytes() == before
    assert refused.returncode == 2
    assert refused.stderr.startswith(f"tripplan: not saved: another tripplan is writing {path} (lock ")
    assert "Traceback" not in refused.stderr and refused.stdout == ""
    assert not path.with_name("small.toml.bak").exists()


def test_the_lock_of_a_link_is_the_lock_of_its_target(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = _trip(tmp_path / "real")
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    assert storage.lock_path(link) == storage.lock_path(target) == target.with_name(".small.toml.lock")
    before = target.read_bytes()
    with _holding(target):
        refused = _cli("add", str(link), "Lunch", "--kind", "meal", "--at", "tue 13:00", TRIPPLAN_LOCK_WAIT="0")
    assert refused.returncode == 2 and "another tripplan is writing" in refused.stderr
    assert target.read_bytes() == before


def test_the_lock_is_reentrant_and_its_file_private(tmp_path: Path) -> None:
    from tripplan.cli.saving import save_checked

    path = _trip(tmp_path)
    old = os.umask(0)
    try:
        with storage.locked(path):
            assert storage.lock_path(path).stat().st_mode & 0o777 == 0o600
            trip, stamp = read_trip(path)
            trip.name = "Renamed"
            with storage.locked(path):  # save_trip takes it again inside: no deadlock
                save_checked(trip, path, stamp)
            assert storage.lock_path(path).exists()  # the inner block does not release the outer one
    finally:
        os.umask(old)
    assert read_trip(path)[0].name == "Renamed" and not storage.lock_path(path).exists()


def test_reading_commands_take_no_lock(tmp_path: Path) -> None:
    path = _trip(tmp_path)
    with _holding(path):
        shown = _cli("objectives", str(path), TRIPPLAN_LOCK_WAIT="0")
        dry = _cli("followups", str(path), TRIPPLAN_LOCK_WAIT="0")
    assert shown.returncode == 0, shown.stderr
    assert dry.returncode == 0, dry.stderr


@pytest.mark.parametrize(("name", "make", "argv"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_writing_command_holds_the_lock_from_its_read(name: str, make: Callable[[Path], Path],
                                                           argv: Callable[[Path], list[str]], tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Each command has the lock when it reads the trip (the lock file exists only while it is held)."""
    monkeypatch.setenv("TRIPPLAN_NOW", NOW)
    trip = make(tmp_path)
    real = storage.read_bytes
    held_at_read: list[bool] = []

    def read(file: str | os.PathLike[str]) -> bytes:
        if Path(file) == trip:
            held_at_read.append(trip.with_name(f".{trip.name}.lock").exists())
        return real(file)

    monkeypatch.setattr(storage, "read_bytes", read)
    assert main(_args(argv(tmp_path), trip)) in (0, 1)
    assert held_at_read and all(held_at_read), held_at_read
    assert not storage.lock_path(trip).exists()


def test_a_writing_command_waits_for_the_holder_and_then_refuses(tmp_path: Path) -> None:
    """Through a real second process: `stop add` (not in the list above) is refused while another holds it."""
    path = _trip(tmp_path)
    before = path.read_bytes()
    with _holding(path):
        refused = _cli("stop", "add", str(path), "Porto", "--tz", "Europe/Lisbon", "--from", "2027-03-10",
                       TRIPPLAN_LOCK_WAIT="0")
    assert refused.returncode == 2 and "another tripplan is writing" in refused.stderr
    assert path.read_bytes() == before
