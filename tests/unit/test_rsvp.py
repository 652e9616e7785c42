"""Who is coming: answers in ``agenda --format json``, ``tripplan rsvp`` and ``check``'s rsvp-waiting warning.

The trip is the Lisbon sample with a traveller ("me") whose invites went out
through ``tripplan invites --out`` (so ``[[sent]]`` is real), then answers
recorded in ``[[replies]]`` with the model, as ``tripplan replies`` records them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tripplan.cli.main import main
from tripplan.files.encode import dumps
from tripplan.files.storage import read_trip
from tripplan.trip.model import Event, Kind, Reply

KICKOFF = "1baceef8-5f47-4af8-99eb-9c92d47a08d5"  # Tue 9 Mar 10:00 Lisbon: Ana, Marta, Rui, Jordan
SENT_AT = "2027-03-01T09:00:00+00:00"
ANA, RUI, MARTA = "ana.ruiz@acme-iberia.example", "rui.costa@acme-iberia.example", "marta.oliveira@acme-iberia.example"
ANSWERED = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)


def cli(*args: str, now: str = SENT_AT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRIPPLAN_NOW": now, "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-m", "tripplan", *args], capture_output=True, text=True, env=env,
                          timeout=60)


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str,
        now: str = SENT_AT) -> tuple[int, str]:
    monkeypatch.setenv("TRIPPLAN_NOW", now)
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    assert not out.err or code != 0, out.err
    return code, out.out + out.err


def invite(path: Path, *, now: str = SENT_AT) -> None:
    done = cli("invites", str(path), "--out", str(path.parent / "invites"), now=now)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def sent_trip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Lisbon sample with Alex as the traveller and every invite written (sent) on 1 March."""
    path = tmp_path_factory.mktemp("rsvp") / "lisbon.toml"
    shutil.copyfile(SAMPLES / "lisbon-client-visit.toml", path)
    done = cli("person", "add", str(path), "alex", "--name", "Alex Morgan", "--email", "alex@example.com", "--me")
    assert done.returncode == 0, done.stderr
    invite(path)
    return path


@pytest.fixture
def trip_path(sent_trip: Path, tmp_path: Path) -> Path:
    path = tmp_path / "lisbon.toml"
    shutil.copyfile(sent_trip, path)
    return path


def answer(path: Path, *replies: Reply) -> None:
    trip, _ = read_trip(path)
    trip.replies.extend(replies)
    path.write_text(dumps(trip), encoding="utf-8")


def reply(email: str, status: str, *, event: str = KICKOFF, sequence: int = 0, comment: str = "",
          occurrence: datetime | None = None, delegated_to: str = "") -> Reply:
    return Reply(event, email, status, sequence, ANSWERED, ANSWERED, comment=comment, occurrence=occurrence,
                 delegated_to=delegated_to)


def agenda_events(path: Path, day: str, days: int = 1) -> dict[str, list[dict[str, object]]]:
    done = cli("agenda", str(path), "--from", day, "--days", str(days), "--format", "json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    return {f"{d['date']} {e['id']}": e["attendees"] for d in doc["days"] for e in d["events"]}


def test_agenda_json_gives_each_attendee_their_answer(trip_path: Path) -> None:
    answer(trip_path, reply(ANA, "accepted", comment="See you there"), reply(RUI, "declined"),
           reply(MARTA, "delegated", delegated_to="pedro@acme-iberia.example"))
    for _ in range(2):  # a fresh index, then the cached one: the same answers
        people = {a["id"]: a for a in agenda_events(trip_path, "2027-03-09")[f"2027-03-09 {KICKOFF}"]}
        assert people["ana-ruiz"]["status"] == "accepted"
        assert people["ana-ruiz"]["answered"] == "2027-03-02T09:00:00+00:00"
        assert people["ana-ruiz"]["comment"] == "See you there"
        assert people["rui-costa"]["status"] == "declined" and "comment" not in people["rui-costa"]
        assert people["marta-oliveira"]["status"] == "delegated"
        assert people["marta-oliveira"]["delegated_to"] == "pedro@acme-iberia.example"
        # The existing fields are still there.
        assert people["ana-ruiz"]["name"] == "Ana Ruiz" and people["ana-ruiz"]["org"] == "Acme Iberia"


def test_agenda_json_says_needs_action_and_keeps_an_earlier_answer_after_a_change(trip_path: Path) -> None:
    answer(trip_path, reply(ANA, "accepted"))
    trip, _ = read_trip(trip_path)
    trip.events = [replace(e, start_utc=e.start_utc + timedelta(hours=1), end_utc=e.end_utc + timedelta(hours=1))
                   if e.id == KICKOFF else e for e in trip.events]
    trip_path.write_text(dumps(trip), encoding="utf-8")
    invite(trip_path, now="2027-03-03T09:00:00+00:00")  # the change goes out with SEQUENCE 1: it asks again
    people = {a["id"]: a for a in agenda_events(trip_path, "2027-03-09")[f"2027-03-09 {KICKOFF}"]}
    assert people["ana-ruiz"]["status"] == "needs-action"
    assert people["ana-ruiz"]["earlier"] == "accepted" and people["ana-ruiz"]["answered"] is None
    assert people["jordan-lee"]["status"] == "needs-action" and "earlier" not in people["jordan-lee"]
    done = cli("rsvp", str(trip_path))
    assert done.returncode == 0
    kickoff = done.stdout.split("Kick-off with Acme Iberia")[1].split("\n\n")[0]
    assert "… no answer  Ana Ruiz" in kickoff and "answered 'accepted' to an earlier version" in kickoff
    assert "invited Wed 3 Mar 09:00" in kickoff  # since the update was sent


def _with_daily_breakfast(path: Path) -> tuple[str, datetime]:
    trip, _ = read_trip(path)
    tz = trip.timezone
    start = datetime(2027, 3, 9, 8, 0, tzinfo=tz)
    event = Event.timed(id="breakfast", title="Breakfast briefing", kind=Kind.MEETING, start=start,
                        end=start + timedelta(minutes=45), attendees=("ana-ruiz",), repeat="FREQ=DAILY;COUNT=3")
    trip.events.append(event)
    path.write_text(dumps(trip), encoding="utf-8")
    invite(path)
    return event.id, (start + timedelta(days=1)).astimezone(UTC)


def test_a_reply_to_one_occurrence_counts_for_that_occurrence_only(trip_path: Path) -> None:
    ident, second = _with_daily_breakfast(trip_path)
    answer(trip_path, reply(ANA, "accepted", event=ident), reply(ANA, "declined", event=ident, occurrence=second))
    events = agenda_events(trip_path, "2027-03-09", days=3)
    statuses = {day: events[f"{day} {ident}"][0]["status"] for day in ("2027-03-09", "2027-03-10", "2027-03-11")}
    assert statuses == {"2027-03-09": "accepted", "2027-03-10": "declined", "2027-03-11": "accepted"}
    done = cli("rsvp", str(trip_path))
    block = done.stdout.split("Breakfast briefing")[1].split("\n\n")[0]
    assert "✓ accepted" in block and "✗ declined   Ana Ruiz on Wed 10 Mar 08:00" in block
    doc = json.loads(cli("rsvp", str(trip_path), "--json").stdout)
    ana = next(e for e in doc["events"] if e["id"] == ident)["people"][0]
    assert ana["status"] == "accepted"
    assert ana["occurrences"] == [{"start": second.isoformat(), "status": "declined",
                                   "answered": "2027-03-02T09:00:00+00:00", "invited": None, "comment": "",
                                   "delegated_to": None, "earlier": None, "via": "mail"}]


def test_rsvp_lists_each_event_with_who_answered_what(trip_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    answer(trip_path, reply(ANA, "accepted", comment="Bring the \x1b]8;;http://x\x07roadmap"), reply(RUI, "tentative"),
           reply(MARTA, "delegated", delegated_to="pedro@acme-iberia.example"))
    code, out = run(capsys, monkeypatch, "rsvp", str(trip_path))
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    titles = [line for line in out.splitlines() if line[:3] in ("Mon", "Tue", "Wed", "Thu", "Fri")]
    assert titles[0] == "Mon 8 Mar 01:00  Flight TP 210 New York JFK → Lisbon"  # in time order
    block = out.split("Tue 9 Mar 10:00  Kick-off with Acme Iberia\n")[1].split("\n\n")[0].splitlines()
    assert block[0] == "  1 accepted, 1 tentative, 1 delegated, 1 not answered"
    assert block[1].startswith("  ✓ accepted   Ana Ruiz    ") and block[1].endswith("  since Tue 2 Mar 09:00")
    assert block[2] == "      “Bring the \\x1b]8;;http://x\\x07roadmap”"
    assert block[3].startswith("  → delegated  Marta Oliveira to pedro@acme-iberia.example  since Tue 2 Mar")
    assert block[4].startswith("  ? tentative  Rui Costa")
    assert block[5].startswith("  … no answer  Jordan Lee") and block[5].endswith("invited Mon 1 Mar 09:00")
    code, out = run(capsys, monkeypatch, "rsvp", str(trip_path), "--json")
    kickoff = next(e for e in json.loads(out)["events"] if e["id"] == KICKOFF)
    assert kickoff["counts"] == {"accepted": 1, "declined": 0, "tentative": 1, "delegated": 1, "needs-action": 1}
    jordan = next(p for p in kickoff["people"] if p["id"] == "jordan-lee")
    assert jordan["status"] == "needs-action" and jordan["invited"] == SENT_AT and jordan["sent"] is True


def test_rsvp_without_invites_says_how_to_send_them(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "lisbon.toml"
    shutil.copyfile(SAMPLES / "lisbon-client-visit.toml", path)
    code, out = run(capsys, monkeypatch, "rsvp", str(path))
    assert code == 0 and "no invites sent yet" in out and "tripplan invites FILE --send" in out
    code, out = run(capsys, monkeypatch, "rsvp", str(path), "--json")
    assert code == 0 and json.loads(out)["events"] == []


def test_check_warns_of_events_soon_that_wait_for_most_answers(trip_path: Path, capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # Kick-off: 2 of 4 answered (not more than half waiting). Lunch with Ana and Rui: Ana answered, 2 of 3 wait.
    trip, _ = read_trip(trip_path)
    lunch = next(e.id for e in trip.events if e.title == "Lunch with Ana and Rui")
    answer(trip_path, reply(ANA, "accepted"), reply(RUI, "declined"), reply(ANA, "tentative", event=lunch))
    now = "2027-03-08T12:00:00+00:00"
    code, out = run(capsys, monkeypatch, "check", str(trip_path), "--only", "rsvp-waiting", "--json", now=now)
    assert code == 1
    warnings = json.loads(out)["warnings"]
    by_event = {w["events"][0]: w for w in warnings}
    assert KICKOFF not in by_event
    assert by_event[lunch]["people"] == ["rui-costa", "jordan-lee"]
    assert by_event[lunch]["message"] == (
        "Tue 9 Mar: 'Lunch with Ana and Rui' (13:00) still waits for answers from Rui Costa and Jordan Lee (2 of 3 "
        "invited); ask them, or read their replies with 'tripplan replies FILE MAILBOX'.")
    starts = [w["at"] for w in warnings]
    assert starts == sorted(starts) and all("2027-03-08T12" <= s < "2027-03-11T12" for s in starts)
    assert not any(w["day"] == "2027-03-12" for w in warnings)  # later than 3 days: not yet worth a warning
    code, out = run(capsys, monkeypatch, "check", str(trip_path), "--only", "rsvp-waiting", now=now)
    assert "rsvp-waiting" in out and "Rui Costa and Jordan Lee (2 of 3 invited)" in " ".join(out.split())
    # After the trip nothing is soon; before anything was sent there is nothing to wait for.
    code, out = run(capsys, monkeypatch, "check", str(trip_path), "--only", "rsvp-waiting", now="2027-04-01T00:00Z")
    assert code == 0 and "no warnings" in out
