"""The whole chain from the command line (issue 14): an Outlook series with a moved meeting and an
extra date goes in with ``tripplan import``, out with ``tripplan export``, and every reader sees the same.

- the export has the file's UID, the move as a RECURRENCE-ID of it, and every kept property;
- recurring-ical-events reads the same occurrences from the export as from the original;
- importing the same file again changes nothing (the trip file's bytes stay);
- our export imported into another trip, then the original after it: no duplicates;
- re-importing our own export does not grow the notes.
Every point failed before issue 14 (foreign UIDs rewritten, the move a separate event, RDATE dropped,
TRANSP/CLASS/STATUS/categories/links lost, "With: …" appended on each cycle).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from tests.conftest import DATA
from tripplan.cli.main import main
from tripplan.files.storage import read_trip

SOURCE = DATA / "ics" / "roundtrip" / "outlook_series_moved.ics"
UID = "040000008200E00074C5B7101A82E00800000000B0A5D1C4F0A1DB01000000000000000010000000"
WINDOW = (datetime(2027, 3, 20, tzinfo=UTC), datetime(2027, 4, 1, tzinfo=UTC))


def _new(path: Path) -> None:
    assert main(["new", "--name", "Partners", "--tz", "Europe/London", "--home-tz", "America/New_York",
                 "--start", "2027-03-20", "--end", "2027-03-31", str(path)]) == 0


def _occurrences(data: bytes) -> list[tuple[str, datetime, datetime]]:
    calendar = icalendar.Calendar.from_ical(data)
    return sorted((str(o["SUMMARY"]), o["DTSTART"].dt.astimezone(UTC), o["DTEND"].dt.astimezone(UTC))
                  for o in recurring_ical_events.of(calendar).between(*WINDOW))


@pytest.fixture
def imported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRIPPLAN_NOW", "2027-03-01T12:00:00Z")
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(tmp_path / "cache"))
    trip = tmp_path / "a.toml"
    _new(trip)
    assert main(["import", str(trip), str(SOURCE)]) in (0, 1)
    return trip


def test_the_export_is_what_was_read(imported: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.ics"
    assert main(["export", str(imported), "-o", str(out)]) == 0
    data = out.read_bytes()
    assert _occurrences(data) == _occurrences(SOURCE.read_bytes())
    assert len(_occurrences(data)) == 6  # five daily, one moved, plus the extra Saturday
    calendar = icalendar.Calendar.from_ical(data)
    assert "METHOD" not in calendar
    vevents = calendar.walk("VEVENT")
    assert {str(v["UID"]) for v in vevents} == {UID}
    (master,) = [v for v in vevents if "RECURRENCE-ID" not in v]
    (moved,) = [v for v in vevents if "RECURRENCE-ID" in v]
    assert moved["RECURRENCE-ID"].dt.astimezone(UTC) == datetime(2027, 3, 24, 9, 30, tzinfo=UTC)
    assert str(moved["SUMMARY"]) == "Partner sync (moved)"
    assert str(master["STATUS"]) == "TENTATIVE" and str(master["TRANSP"]) == "TRANSPARENT"
    assert str(master["CLASS"]) == "PRIVATE" and int(master["PRIORITY"]) == 5
    assert list(master["CATEGORIES"].cats) == ["Partners", "Blue category"]
    assert str(master["URL"]) == "https://intranet.acme.example/sync"
    assert "teams.microsoft.com" in str(master["CONFERENCE"])
    assert str(master["ORGANIZER"]).lower() == "mailto:ana@acme.example"
    answers = {str(a).lower(): (a.params.get("ROLE"), a.params.get("PARTSTAT")) for a in master.get("ATTENDEE", [])}
    assert answers["mailto:bo@acme.example"] == ("OPT-PARTICIPANT", "TENTATIVE")
    assert all("RSVP" not in a.params for a in master.get("ATTENDEE", []))


def test_the_same_file_again_changes_nothing(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = imported.read_bytes()
    capsys.readouterr()
    assert main(["import", str(imported), str(SOURCE)]) in (0, 1)
    assert imported.read_bytes() == before
    assert "unchanged" in capsys.readouterr().out


def test_our_export_elsewhere_then_the_original_never_duplicates(imported: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.ics"
    assert main(["export", str(imported), "-o", str(out)]) == 0
    other = tmp_path / "b.toml"
    _new(other)
    assert main(["import", str(other), str(out)]) in (0, 1)
    assert main(["import", str(other), str(SOURCE)]) in (0, 1)
    trip, _ = read_trip(str(other))
    original, _ = read_trip(str(imported))
    assert sorted(e.id for e in trip.events) == sorted(e.id for e in original.events)
    from tripplan.trip.recurrence import expand

    assert len(expand(trip.events, *WINDOW)) == len(expand(original.events, *WINDOW)) == 6


def test_our_own_export_reimported_keeps_the_notes(imported: Path, tmp_path: Path) -> None:
    for cycle in range(3):
        out = tmp_path / f"cycle{cycle}.ics"
        assert main(["export", str(imported), "-o", str(out)]) == 0
        assert main(["import", str(imported), str(out)]) in (0, 1)
    trip, _ = read_trip(str(imported))
    master = next(e for e in trip.events if not e.ical.series)
    assert master.notes == "Agenda in the deck."
