"""SIGKILL during saves never corrupts or loses the trip file (200 runs; 1,000 in the benchmark)."""

from __future__ import annotations

from pathlib import Path

from tests.crash_harness import run


def test_kill_during_save_never_corrupts_or_loses(tmp_path: Path) -> None:
    outcome = run(200, tmp_path)
    assert outcome.runs == 200
    assert outcome.corrupt == 0
    assert outcome.lost == 0
    assert outcome.backup_corrupt == 0
    # The kills must really land inside saves, or the test proves nothing. How many land in the write phase
    # (temp file to rename) depends on timing: 13–31 of 200 seen here, on this code and the code before issue 13
    # (which asserted > 20 and so failed now and then); 8 still proves that kills land inside saves.
    assert outcome.killed_mid_save >= 8
