"""Real faults for subprocess tests: a file-size limit (a full disk), folders this user cannot write or read.

Permission bits do not stop root: as root, the child process gives up the
capabilities that bypass them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, from
its bounding set before exec: Linux ``prctl(PR_CAPBSET_DROP)``), so a
``chmod 0o555`` folder is really read-only for it and ``chmod 000`` really
unreadable.  Where that is not possible the test is skipped through
``tests.conftest.missing``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import missing

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def _drop_dac() -> None:
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            os._exit(97)


def permissions_hold() -> Callable[[], None] | None:
    """A ``preexec_fn`` under which permission bits bind this user (``None``: they already do)."""
    if os.geteuid() != 0:
        return None
    probe = subprocess.run([sys.executable, "-c", "pass"], preexec_fn=_drop_dac, check=False)
    if probe.returncode != 0:
        missing("a way to make permission bits bind root (prctl PR_CAPBSET_DROP)", "run the tests as a normal user")
    return _drop_dac


def file_size_limit(limit: int) -> Callable[[], None]:
    """A ``preexec_fn``: the child may write files of at most *limit* bytes (EFBIG after, like a full disk)."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def memory_limit(limit: int = 1 << 30) -> Callable[[], None]:
    """A ``preexec_fn`` bounding the child's memory, so a program reading /dev/zero fails instead of the machine."""
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def tripplan(*args: str, cwd: Path | None = None, preexec: Callable[[], None] | None = None,
             timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """The real CLI in a child process."""
    return subprocess.run([sys.executable, "-m", "tripplan", *args], capture_output=True, text=True, cwd=cwd,
                          preexec_fn=preexec, timeout=timeout, check=False)


def leftovers(folder: Path) -> list[str]:
    """Temporary files left in *folder* (a failed write must leave none)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") or p.name.endswith(".old"))


def small_trip(folder: Path) -> Path:
    """A private copy of tests/data/good/small.toml in *folder* (Mon 8 – Wed 10 Mar 2027, Lisbon)."""
    from tests.conftest import DATA

    folder.mkdir(exist_ok=True)
    path = folder / "small.toml"
    path.write_bytes((DATA / "good" / "small.toml").read_bytes())
    return path
