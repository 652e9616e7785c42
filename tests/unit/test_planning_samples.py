"""The sample trips make every planning warning visible somewhere, and the docs explain every code."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES
from tripplan.cli.main import main
from tripplan.files.storage import read_trip
from tripplan.planning.checks import analyse
from tripplan.planning.findings import CODES, TIMELY_CODES

FILES = sorted(SAMPLES.glob("*.toml"))


@cache
def sample_codes() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in FILES:
        _, _, findings = analyse(read_trip(path)[0])
        for finding in findings:
            found.setdefault(finding.code, set()).add(path.name)
    return found


# The timely codes need invites sent and a clock near the trip: tests/unit/test_rsvp.py shows them.
@pytest.mark.parametrize("code", [c for c in CODES if c not in TIMELY_CODES])
def test_some_sample_shows_each_warning(code: str) -> None:
    assert code in sample_codes(), f"no sample trip shows {code!r}"


def test_the_docs_explain_every_code() -> None:
    text = (ROOT / "docs" / "planning.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"| `{code}` |" in text


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
@pytest.mark.parametrize("command", [["balance"], ["check"], ["suggest"], ["objectives"], ["brief", "--next"],
                                     ["followups", "--suggest"], ["check", "--json"]])
def test_every_command_runs_on_every_sample(path: Path, command: list[str], capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-01-01T00:00:00+00:00")  # before every sample trip
    before = path.read_bytes()
    code = main([command[0], str(path), *command[1:]])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert out and not err
    assert path.read_bytes() == before
