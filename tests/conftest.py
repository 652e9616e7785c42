"""Shared test setup: an isolated cache folder and a frozen clock for every test."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SAMPLES = ROOT / "sample_trips"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real cache; subprocesses inherit the variable."""
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("TRIPPLAN_NOW", raising=False)
    monkeypatch.delenv("TRIPPLAN_NO_CACHE", raising=False)
