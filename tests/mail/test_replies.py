"""``tripplan replies``: answers to the Lisbon sample's invites read from .eml, .ics, mbox and Maildir.

The invites are the ones ``tripplan invites`` really wrote (their UIDs read
back from the .ics files); the answers are built with icalendar the way
Google Calendar and Outlook write them, wrapped in mail as Gmail and Outlook
send it.
"""

from __future__ import annotations

import base64
import json
import mailbox
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.mail.reply_builder import OUTLOOK, gmail, invited_trip, outlook, reply
from tripplan.cli.main import main
from tripplan.files.storage import read_trip
from tripplan.trip.model import Reply

NOW = "2026-03-03T10:00:00+00:00"
LISBON = ZoneInfo("Europe/Lisbon")
ANA, RUI, MARTA = "ana.ruiz@acme-iberia.example", "rui.costa@acme-iberia.example", "marta.oliveira@acme-iberia.example"
JORDAN = "jordan.lee@halyard.example"
DINNER, LUNCH = "Dinner with Marta and Ana", "Lunch with Ana and Rui: open points"
T1, T2, T3 = (datetime(2026, 3, 2, h, 0, tzinfo=UTC) for h in (9, 10, 11))


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The invited trip, made once for the module (two real CLI runs); each test works on a copy."""
    folder = tmp_path_factory.mktemp("invited")
    env = {**os.environ, "TRIPPLAN_CACHE_DIR": str(folder / "cache"), "TRIPPLAN_CONFIG_DIR": str(folder / "cfg")}
    return invited_trip(folder, env)


@pytest.fixture
def trip(base: tuple[Path, dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRIPPLAN_NOW", NOW)
    path = tmp_path / "trip.toml"
    shutil.copy(base[0], path)
    return path


@pytest.fixture
def uids(base: tuple[Path, dict[str, str]]) -> dict[str, str]:
    return base[1]


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["replies", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def replies_of(path: Path) -> dict[tuple[str, str, datetime | None], Reply]:
    found, _ = read_trip(path)
    return {(r.event, r.email, r.occurrence): r for r in found.replies}


def event_id(path: Path, title: str) -> str:
    found, _ = read_trip(path)
    return next(e.id for e in found.events if e.title == title)


def test_gmail_outlook_and_ics_answers_are_recorded_and_a_rerun_changes_nothing(
        trip: Path, uids: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ana = tmp_path / "ana.eml"
    ana.write_bytes(gmail(reply(uids[DINNER], ANA, "ACCEPTED", dtstamp=T1, cn="Ana Ruiz",
                                comment="Looking forward to it"), f"Ana Ruiz <{ANA}>", date=T1))
    rui = tmp_path / "rui.eml"
    rui.write_bytes(outlook(reply(uids[LUNCH], "Rui.Costa@ACME-iberia.example", "DECLINED", dtstamp=T2,
                                  prodid=OUTLOOK, organizer="SAM@example.com"), f"Rui Costa <{RUI}>", date=T2))
    marta = tmp_path / "marta.ics"
    marta.write_text(reply(uids[DINNER], MARTA, "TENTATIVE", dtstamp=T3, comment="If my flight lands"))

    code, out, err = run(capsys, trip, ana, rui, marta)

    assert (code, err) == (0, "")
    assert "Ana Ruiz accepted Dinner with Marta and Ana · Wed 10 Mar 20:30 — Looking forward to it" in out
    assert "Rui Costa declined Lunch with Ana and Rui: open points · Thu 11 Mar 13:00" in out
    assert "Marta Oliveira tentatively accepted Dinner with Marta and Ana · Wed 10 Mar 20:30 — If my flight" in out
    assert f"Recorded 3 answers in {trip}." in out
    saved = replies_of(trip)
    dinner, lunch = event_id(trip, DINNER), event_id(trip, LUNCH)
    assert saved[(dinner, ANA, None)].status == "accepted"
    assert saved[(dinner, ANA, None)].comment == "Looking forward to it"
    assert saved[(dinner, ANA, None)].dtstamp == T1
    assert saved[(dinner, ANA, None)].received == datetime.fromisoformat(NOW)
    assert saved[(lunch, RUI, None)].status == "declined"  # the address matched ignoring case
    assert saved[(dinner, MARTA, None)].status == "tentative"
    assert main(["agenda", str(trip), "--from", "2027-03-10", "--days", "1", "--format", "json"]) == 0
    agenda = json.loads(capsys.readouterr().out)
    [shown] = [e for day in agenda["days"] for e in day["events"] if e["title"] == DINNER]
    assert {a["id"]: a["status"] for a in shown["attendees"]} == {"ana-ruiz": "accepted",
                                                                   "marta-oliveira": "tentative"}

    before = trip.read_bytes()
    code, out, _ = run(capsys, trip, ana, rui, marta)
    assert code == 0
    assert out.count("(1 unchanged)") == 3 and f"Nothing new; {trip} unchanged." in out
    assert trip.read_bytes() == before


def test_mbox_and_maildir_are_read_and_mail_without_calendars_is_no_problem(
        trip: Path, uids: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    box = mailbox.mbox(tmp_path / "inbox")  # no extension: recognised by its "From " line
    box.add(b"From: newsletter@example.com\nSubject: hello\n\nNo calendar here.\n")
    box.add(gmail(reply(uids[DINNER], ANA, "DECLINED", dtstamp=T1), ANA, date=T1))
    box.flush()
    folder = mailbox.Maildir(tmp_path / "Maildir")
    folder.add(outlook(reply(uids[LUNCH], RUI, "ACCEPTED", dtstamp=T2, prodid=OUTLOOK), RUI, date=T2))
    folder.add(b"From: someone@example.com\nSubject: lunch?\n\nhi\n")
    folder.flush()

    code, out, err = run(capsys, trip, tmp_path / "inbox", tmp_path / "Maildir")

    assert (code, err) == (0, ""), out
    assert f"{tmp_path / 'inbox'}: 2 messages, 1 answer (1 recorded)" in out
    assert f"{tmp_path / 'Maildir'}: 2 messages, 1 answer (1 recorded)" in out
    saved = replies_of(trip)
    assert saved[(event_id(trip, DINNER), ANA, None)].status == "declined"
    assert saved[(event_id(trip, LUNCH), RUI, None)].status == "accepted"


def test_the_newest_answer_wins_by_sequence_then_dtstamp(
        trip: Path, uids: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dinner = event_id(trip, DINNER)

    def answer(name: str, partstat: str, stamp: datetime, sequence: int = 0) -> Path:
        path = tmp_path / f"{name}.eml"
        path.write_bytes(gmail(reply(uids[DINNER], ANA, partstat, dtstamp=stamp, sequence=sequence), ANA,
                               date=stamp))
        return path

    assert run(capsys, trip, answer("first", "ACCEPTED", T2))[0] == 0
    code, out, _ = run(capsys, trip, answer("stale", "DECLINED", T1))  # same SEQUENCE, earlier DTSTAMP
    assert code == 0 and "1 older" in out and "older than the answer already recorded: ignored" in out
    assert replies_of(trip)[(dinner, ANA, None)].status == "accepted"

    code, out, _ = run(capsys, trip, answer("later", "TENTATIVE", T3))  # same SEQUENCE, later DTSTAMP
    assert "1 updated" in out and "Ana Ruiz tentatively accepted" in out
    assert replies_of(trip)[(dinner, ANA, None)].status == "tentative"

    # A higher SEQUENCE wins even with an earlier DTSTAMP; the lower one then loses even with a later one.
    run(capsys, trip, answer("seq1", "DECLINED", T1, sequence=1))
    run(capsys, trip, answer("seq0-late", "ACCEPTED", datetime(2026, 3, 5, tzinfo=UTC)))
    kept = replies_of(trip)[(dinner, ANA, None)]
    assert (kept.status, kept.sequence, kept.dtstamp) == ("declined", 1, T1)


def test_unknown_address_unknown_uid_and_another_organizers_meeting_are_named_and_exit_1(
        trip: Path, uids: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stranger = tmp_path / "stranger.eml"
    stranger.write_bytes(gmail(reply(uids[DINNER], "stranger@elsewhere.example", "ACCEPTED", dtstamp=T1,
                                     cn="Stranger"), "stranger@elsewhere.example", date=T1))
    lost = tmp_path / "lost.ics"
    lost.write_text(reply("no-such-event@nowhere.example", ANA, "ACCEPTED", dtstamp=T1))
    other = tmp_path / "other.eml"
    other.write_bytes(outlook(reply(uids[DINNER], ANA, "DECLINED", dtstamp=T1, organizer="boss@acme.example",
                                    prodid=OUTLOOK), ANA, date=T1))
    good = tmp_path / "good.eml"
    good.write_bytes(gmail(reply(uids[LUNCH], RUI, "ACCEPTED", dtstamp=T1), RUI, date=T1))
    before = trip.read_bytes()

    code, out, err = run(capsys, trip, stranger, lost, other, good)

    assert (code, err) == (1, "")
    assert ("not matched: Stranger <stranger@elsewhere.example> (REPLY to UID "
            f"{uids[DINNER]}): stranger@elsewhere.example is not invited to 'Dinner with Marta and Ana'") in out
    assert ("not matched: Ana Ruiz <ana.ruiz@acme-iberia.example> (REPLY to UID no-such-event@nowhere.example): "
            "no event of this trip has this UID") in out
    assert "a reply to another organizer's meeting (ORGANIZER boss@acme.example)" in out
    saved = replies_of(trip)
    assert list(saved) == [(event_id(trip, LUNCH), RUI, None)]  # the matched one is still recorded
    assert trip.read_bytes() != before


def test_a_counter_is_reported_as_a_proposal_and_not_recorded(
        trip: Path, uids: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    counter = tmp_path / "counter.eml"
    counter.write_bytes(outlook(reply(uids[DINNER], MARTA, "TENTATIVE", dtstamp=T1, method="COUNTER",
                                      start=datetime(2027, 3, 10, 19, 0, tzinfo=LISBON),
                                      end=datetime(2027, 3, 10, 21, 0, tzinfo=LISBON), comment="Earlier, please"),
                                MARTA, date=T1))
    before = trip.read_bytes()

    code, out, err = run(capsys, trip, counter)

    assert (code, err) == (0, "")
    assert ("proposal: Marta Oliveira proposes Dinner with Marta and Ana at Wed 10 Mar 19:00–21:00 "
            "(Europe/Lisbon) instead of Wed 10 Mar 20:30 — Earlier, please (not applied)") in out
    assert trip.read_bytes() == before


def test_an_answer_to_one_occurrence_goes_to_that_occurrence_or_to_the_changed_one(
        trip: Path, uids: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    series = uids["Team stand-up"]
    wednesday = tmp_path / "wednesday.eml"  # an occurrence of the series as it repeats
    wednesday.write_bytes(gmail(reply(series, JORDAN, "DECLINED", dtstamp=T1, comment="Dentist",
                                      recurrence_id=datetime(2027, 3, 10, 9, 0, tzinfo=LISBON)), JORDAN, date=T1))
    thursday = tmp_path / "thursday.eml"  # the occurrence the trip changed (moved to 09:30)
    thursday.write_bytes(outlook(reply(series, JORDAN, "ACCEPTED", dtstamp=T1, prodid=OUTLOOK,
                                       recurrence_id=datetime(2027, 3, 11, 9, 0, tzinfo=LISBON)), JORDAN, date=T1))
    whole = tmp_path / "whole.ics"
    whole.write_text(reply(series, JORDAN, "ACCEPTED", dtstamp=T2))

    code, out, _ = run(capsys, trip, wednesday, thursday, whole)

    assert code == 0, out
    assert "Jordan Lee declined Team stand-up · Wed 10 Mar 09:00 — Dentist" in out
    assert "Jordan Lee accepted Team stand-up (late) · Thu 11 Mar 09:30" in out
    saved = replies_of(trip)
    occurrence = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)  # 09:00 in Lisbon in March is UTC
    assert saved[("standup", JORDAN, occurrence)].status == "declined"
    assert saved[("standup-late", JORDAN, None)].status == "accepted"
    assert saved[("standup", JORDAN, None)].status == "accepted"


def test_a_delegation_is_recorded_with_whom(
        trip: Path, uids: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "delegate.eml"
    path.write_bytes(gmail(reply(uids[LUNCH], RUI, "DELEGATED", dtstamp=T1, delegated_to="Tiago@Acme.example"),
                           RUI, date=T1))
    code, out, _ = run(capsys, trip, path)
    assert code == 0 and "Rui Costa delegated to tiago@acme.example Lunch with Ana and Rui" in out
    kept = replies_of(trip)[(event_id(trip, LUNCH), RUI, None)]
    assert (kept.status, kept.delegated_to) == ("delegated", "tiago@acme.example")


def _broken_base64(calendar: str) -> bytes:
    message = gmail(calendar, ANA, date=T1)
    good = base64.encodebytes(calendar.encode()).decode()
    first = good.splitlines()[0]
    return message.replace(first.encode(), b"!!" + first[2:-3].encode(), 2)


def test_malformed_mail_and_calendars_are_reported_and_skipped_without_a_traceback(
        trip: Path, uids: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    box = mailbox.mbox(tmp_path / "mixed.mbox")
    box.add(_broken_base64(reply(uids[DINNER], ANA, "ACCEPTED", dtstamp=T1)))  # message 1
    broken = gmail("BEGIN:VCALENDAR\nMETHOD:REPLY\nthis is no content line\nEND:VCALENDAR\n", ANA, date=T1)
    box.add(broken)  # message 2
    box.add(gmail(reply(uids[DINNER], ANA, "ACCEPTED", dtstamp=T1, with_attendee=False), ANA, date=T1))  # 3
    box.add(gmail(reply(uids[LUNCH], RUI, "ACCEPTED", dtstamp=T1, stamp=False), RUI, date=T2))  # 4: Date stands in
    box.add(gmail(reply(uids[DINNER], MARTA, "DECLINED", dtstamp=T1), MARTA, date=T1))  # 5: good
    box.flush()
    junk = tmp_path / "junk.eml"
    junk.write_bytes(bytes(range(256)) * 8)
    bare = tmp_path / "no-stamp.ics"  # no DTSTAMP and no mail to take a Date from
    bare.write_text(reply(uids[DINNER], ANA, "ACCEPTED", dtstamp=T1, stamp=False))
    request = tmp_path / "request.ics"
    request.write_text(reply(uids[DINNER], ANA, "ACCEPTED", dtstamp=T1, method="REQUEST"))

    code, out, err = run(capsys, trip, tmp_path / "mixed.mbox", junk, bare, request)

    assert code == 1
    assert err == ""  # no traceback
    mbox = tmp_path / "mixed.mbox"
    assert f"{mbox}: message 1: not a calendar: the text/calendar part's base64 is broken" in out
    assert f"{mbox}: message 2: not a calendar: " in out
    assert f"{mbox}: message 3: a REPLY to UID {uids[DINNER]}: no ATTENDEE (who answers?)" in out
    assert f"{junk}: not a calendar: no calendar in this message" in out
    assert f"{bare}: a REPLY to UID {uids[DINNER]}: no DTSTAMP, and no mail Date to go by" in out
    assert "not a reply (METHOD:REQUEST), skipped" in out
    saved = replies_of(trip)
    assert saved[(event_id(trip, LUNCH), RUI, None)].dtstamp == T2  # the mail's Date
    assert saved[(event_id(trip, DINNER), MARTA, None)].status == "declined"
    assert len(saved) == 2


def test_escape_sequences_from_mail_never_reach_the_terminal(
        trip: Path, uids: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evil = "\x1b]0;owned\x07\x1b[2J\x9b31m"
    path = tmp_path / "evil.eml"
    path.write_bytes(gmail(reply(uids[DINNER], ANA, "ACCEPTED", dtstamp=T1, comment=f"ok{evil}\nsecond line"),
                           ANA, date=T1))
    stranger = tmp_path / "stranger.eml"
    stranger.write_bytes(gmail(reply(f"uid{evil}", f"x{evil}@example.com", "ACCEPTED", dtstamp=T1,
                                     cn=f"Eve{evil}"), ANA, date=T1))

    code, out, err = run(capsys, trip, path, stranger)

    assert code == 1
    for text in (out, err):
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    assert "— ok\\x1b]0;owned\\x07\\x1b[2J\\x9b31m second line" in out
    assert "UID uid\\x1b]0;owned\\x07" in out  # the stranger's reply: its CN cannot be read, its UID is shown
    assert replies_of(trip)[(event_id(trip, DINNER), ANA, None)].comment == f"ok{evil}\nsecond line"


def test_dry_run_reports_and_writes_nothing(
        trip: Path, uids: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ana.eml"
    path.write_bytes(gmail(reply(uids[DINNER], ANA, "ACCEPTED", dtstamp=T1), ANA, date=T1))
    before = trip.read_bytes()
    code, out, _ = run(capsys, trip, path, "--dry-run")
    assert code == 0
    assert "Ana Ruiz accepted Dinner with Marta and Ana" in out
    assert "Dry run: 1 answer would be recorded; nothing written." in out
    assert trip.read_bytes() == before


@pytest.mark.parametrize("kind", ["missing", "text", "folder", "fake-mbox"])
def test_a_source_that_is_not_a_mailbox_is_exit_2_and_nothing_is_recorded(
        kind: str, trip: Path, uids: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "ana.eml"
    good.write_bytes(gmail(reply(uids[DINNER], ANA, "ACCEPTED", dtstamp=T1), ANA, date=T1))
    bad = tmp_path / "source"
    expected = {"missing": "no such file or folder", "text": "not a mailbox",
                "folder": "a folder but not a Maildir", "fake-mbox": "not an mbox file"}[kind]
    if kind == "text":
        bad.write_text("just some notes\nnot mail\n")
    elif kind == "folder":
        bad.mkdir()
    elif kind == "fake-mbox":
        bad = tmp_path / "box.mbox"
        bad.write_text("hello\n")
    before = trip.read_bytes()

    code, out, err = run(capsys, trip, good, bad)

    assert code == 2
    assert err.startswith(f"tripplan: {bad}: {expected}") and err.count("\n") == 1
    assert out == ""
    assert trip.read_bytes() == before


def test_json_report(trip: Path, uids: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:


    path = tmp_path / "ana.eml"
    path.write_bytes(gmail(reply(uids[DINNER], ANA, "ACCEPTED", dtstamp=T1, comment="yes\x1b[2J"), ANA, date=T1))
    code, out, _ = run(capsys, trip, path, "--json")
    assert code == 0 and "\x1b" not in out
    report = json.loads(out)
    assert report["written"] is True
    [answer] = report["sources"][0]["answers"]
    assert (answer["email"], answer["status"], answer["outcome"], answer["comment"]) == (
        ANA, "accepted", "recorded", "yes\x1b[2J")
