"""On the road (issue 14): what an imported invite said reaches `today` and `agenda` — tentative,
the link to join — and moments of no length show their one time.  Failed before: the trip file
refused end = start and the `ical` table, and the rows had no such fields.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tripplan.cli.main import main

TRIP = """\
schema_version = 1

[trip]
name = "Imported"
timezone = "Europe/Lisbon"
home_timezone = "America/New_York"
start = 2027-03-08
end = 2027-03-12

[[events]]
id = "deadline"
title = "Report due"
kind = "meeting"
start = 2027-03-10T12:00:00
end = 2027-03-10T12:00:00

[[events]]
id = "call"
title = "Partner call"
kind = "meeting"
start = 2027-03-10T16:00:00
end = 2027-03-10T17:00:00

[events.ical]
status = "TENTATIVE"
conference = ["https://meet.example.com/abc-defg-hij", "tel:+351-555-0100"]
"""


@pytest.fixture
def trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-03-10T13:00:00Z")
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "trip.toml"
    path.write_text(TRIP, encoding="utf-8")
    return path


def test_today_says_tentative_and_where_to_join(trip: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["today", str(trip)]) == 0
    out = capsys.readouterr().out
    assert "  done 12:00            ■ Report due  (meeting, work)  [Wed 07:00 home]" in out
    assert "→ next 16:00–17:00      ■ Partner call  (meeting, work, tentative)" in out
    assert "join https://meet.example.com/abc-defg-hij" in out and "tel:" not in out


def test_agenda_json_carries_them(trip: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["agenda", str(trip), "--format", "json"]) == 0
    events = {e["id"]: e for day in json.loads(capsys.readouterr().out)["days"] for e in day["events"]}
    assert events["call"]["tentative"] is True and events["call"]["join"] == "https://meet.example.com/abc-defg-hij"
    assert events["deadline"]["minutes"] == 0 and events["deadline"]["join"] is None
    assert events["deadline"]["start"] == events["deadline"]["end"]
