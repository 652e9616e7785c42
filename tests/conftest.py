"""Shared test setup: an isolated cache folder and a frozen clock for every test."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SAMPLES = ROOT / "sample_trips"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real cache; subprocesses inherit the variable."""
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    # Mail settings are remembered in the user's config folder: never the real one.
    monkeypatch.setenv("TRIPPLAN_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    for variable in ("TRIPPLAN_SMTP_PASSWORD", "TRIPPLAN_IMAP_PASSWORD"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.delenv("TRIPPLAN_NOW", raising=False)
    monkeypatch.delenv("TRIPPLAN_NO_CACHE", raising=False)
    # Text output wraps to the terminal: the same width wherever the suite runs (a terminal, a pipe, a worker).
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "24")


def missing(what: str, install: str) -> NoReturn:
    """A prerequisite is not installed: skip here, but fail under CI=true, which must run the real check."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is not installed, and CI must test with it: {install}")
    pytest.skip(f"needs {what}: {install}")
