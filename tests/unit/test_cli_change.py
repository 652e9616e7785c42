"""``tripplan edit``, ``move``, ``rm``, ``person edit`` and ``person rm``, run as a user runs them (a subprocess).

Each writing command: the file as read back (``read_trip``) after success, the
bytes unchanged after a refusal (exit 2) or a ``--dry-run``, no traceback.
The trip is in Lisbon across the spring-forward night (2027-03-28, 01:00 WET
→ 02:00 WEST), with a daily series, two dinners (an ambiguous "Dinner") and a
title with brackets, quotes and non-ASCII.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tripplan.files.storage import read_trip, save_trip
from tripplan.time.zones import zone
from tripplan.trip.model import Event, FollowUp, Kind, Objective, Person, Role, Trip
from tripplan.trip.recurrence import expand

LISBON = zone("Europe/Lisbon")
FADO = 'Fado "night" [Alfama] — café'


def tripplan(*args: str) -> subprocess.CompletedProcess[str]:
    run = subprocess.run([sys.executable, "-m", "tripplan", *args], capture_output=True, text=True, timeout=60,
                         stdin=subprocess.DEVNULL, env={**os.environ, "TRIPPLAN_LOCK_WAIT": "2"})
    assert "Traceback" not in run.stderr, run.stderr
    return run


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, day, hour, minute, tzinfo=LISBON)


def event(ident: str, title: str, kind: Kind, start: datetime, length: timedelta, **more: object) -> Event:
    # elapsed time: adding to a Lisbon wall time would be wall-clock arithmetic (wrong across the gap)
    return Event.timed(id=ident, title=title, kind=kind, start=start, end=start.astimezone(UTC) + length, tz=LISBON,
                       end_tz=LISBON, **more)


@pytest.fixture
def trip_file(tmp_path: Path) -> Path:
    trip = Trip(name="Lisbon", timezone=LISBON, home_timezone=zone("Europe/Berlin"), start=date(2027, 3, 25),
                end=date(2027, 3, 31), destination="Lisbon")
    trip.people = [Person(id="sam", name="Sam Lee", me=True), Person(id="ana", name="Ana Ruiz", role=Role.CLIENT),
                   Person(id="bo", name="Bo Chen", travels=True)]
    trip.objectives = [Objective(id="trust", title="Win Ana's trust", people=["ana"])]
    trip.events = [
        event("dinner-ana-0001", "Dinner with Ana", Kind.MEAL, at(27, 19, 30), timedelta(hours=2),
              attendees=("ana",), objective="trust"),
        event("dinner-bo-00002", "Dinner with Bo", Kind.MEAL, at(29, 20), timedelta(hours=2)),
        event("standup-000003", "Stand-up", Kind.MEETING, at(26, 9, 30), timedelta(minutes=15),
              repeat="FREQ=DAILY;COUNT=5"),
        event("fado-000000004", FADO, Kind.CULTURAL_OUTING, at(27, 10), timedelta(hours=2)),
        event("drinks-0000005", "Late drinks", Kind.SOCIAL_OUTING, at(28, 0, 30), timedelta(hours=2)),
    ]
    trip.followups = [FollowUp(id="f1", person="ana", what="Send the deck", due=date(2027, 4, 2),
                               event="dinner-ana-0001")]
    path = tmp_path / "lisbon.toml"
    save_trip(trip, path, None)
    return path


def load(path: Path) -> Trip:
    return read_trip(path)[0]


def one(trip: Trip, ident: str) -> Event:
    found = trip.event(ident)
    assert found is not None
    return found


def refused(path: Path, *args: str) -> str:
    """Run a command that must be refused: exit 2, the file's bytes unchanged; its message."""
    before = path.read_bytes()
    run = tripplan(*args)
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert path.read_bytes() == before
    return run.stderr


# --- edit ------------------------------------------------------------------------------------------


def test_edit_changes_only_what_is_given_and_keeps_the_bak(trip_file: Path) -> None:
    before = trip_file.read_bytes()
    run = tripplan("edit", str(trip_file), "fado", "--title", 'Fado «noite» [Alfama] "café" — ñ', "--at", "11:00",
                   "--where", "Clube de Fado")
    assert run.returncode == 0, run.stderr
    fado = one(load(trip_file), "fado-000000004")
    assert fado.title == 'Fado «noite» [Alfama] "café" — ñ'
    assert fado.start_utc == at(27, 11).astimezone(UTC) and fado.duration == timedelta(hours=2)
    assert fado.location == "Clube de Fado" and fado.kind is Kind.CULTURAL_OUTING
    assert trip_file.with_name("lisbon.toml.bak").read_bytes() == before
    assert "Changed:" in run.stdout
    assert f"title: {FADO} → Fado «noite» [Alfama] \"café\" — ñ" in run.stdout
    assert "start: Sat 27 Mar 10:00 → Sat 27 Mar 11:00" in run.stdout
    assert "kind" not in run.stdout  # unchanged fields are not listed


def test_edit_people_reminders_and_objective(trip_file: Path) -> None:
    run = tripplan("edit", str(trip_file), "Dinner with Ana", "--add-person", "bo", "--drop-person", "ana",
                   "--remind", "1h,15m", "--objective", "none", "--json")
    assert run.returncode == 0, run.stderr
    dinner = one(load(trip_file), "dinner-ana-0001")
    assert dinner.attendees == ("bo",) and dinner.objective == ""
    assert [r.before for r in dinner.reminders] == [timedelta(hours=1), timedelta(minutes=15)]
    out = json.loads(run.stdout)
    fields = out["changed"][0]["fields"]
    assert out["dry_run"] is False and out["changed"][0]["event"] == "dinner-ana-0001"
    assert fields["with"] == {"before": ["ana"], "after": ["bo"]}
    assert fields["objective"] == {"before": "trust", "after": ""}


def test_edit_dry_run_writes_nothing(trip_file: Path) -> None:
    before = trip_file.read_bytes()
    run = tripplan("edit", str(trip_file), "Dinner with Ana", "--title", "Supper", "--dry-run")
    assert run.returncode == 0, run.stderr
    assert "Would change:" in run.stdout and "title: Dinner with Ana → Supper" in run.stdout
    assert trip_file.read_bytes() == before
    assert not trip_file.with_name("lisbon.toml.bak").exists()


def test_edit_refuses_an_ambiguous_name_listing_the_candidates(trip_file: Path) -> None:
    message = refused(trip_file, "edit", str(trip_file), "dinner", "--title", "X")
    assert "Dinner with Ana" in message and "Dinner with Bo" in message


def test_edit_refuses_an_end_before_the_start(trip_file: Path) -> None:
    message = refused(trip_file, "edit", str(trip_file), "Late drinks", "--at", "sun 11:00", "--until", "10:00")
    assert "--until" in message and "ends before it starts" in message


def test_edit_refuses_nothing_to_change_and_bad_values(trip_file: Path) -> None:
    assert "say what to change" in refused(trip_file, "edit", str(trip_file), "Late drinks")
    assert "--repeat" in refused(trip_file, "edit", str(trip_file), "Late drinks", "--repeat", "FREQ=SOMETIMES")
    assert "'zoe'" in refused(trip_file, "edit", str(trip_file), "Late drinks", "--add-person", "zoe")


def test_edit_one_occurrence_of_a_series_with_this(trip_file: Path) -> None:
    run = tripplan("edit", str(trip_file), "Stand-up@sun", "--this", "--title", "Stand-up (remote)", "--at", "11:00")
    assert run.returncode == 0, run.stderr
    trip = load(trip_file)
    series = one(trip, "standup-000003")
    sunday = at(28, 9, 30).astimezone(UTC)
    assert series.title == "Stand-up" and series.exdates == (sunday,)
    changed = [e for e in trip.events if e.ical.series == "standup-000003"]
    assert len(changed) == 1 and changed[0].ical.recurrence_id == sunday
    assert changed[0].title == "Stand-up (remote)" and not changed[0].recurring
    assert changed[0].start_utc == at(28, 11).astimezone(UTC) and changed[0].duration == timedelta(minutes=15)
    starts = [(o.event.title, o.start_utc) for o in expand(trip.events, at(26, 0), at(31, 0))
              if o.event.title.startswith("Stand-up")]
    assert len(starts) == 5 and ("Stand-up (remote)", at(28, 11).astimezone(UTC)) in starts
    assert "this occurrence only" in run.stdout


def test_edit_a_whole_series_with_all(trip_file: Path) -> None:
    run = tripplan("edit", str(trip_file), "Stand-up@sun", "--all", "--title", "Daily", "--at", "10:00")
    assert run.returncode == 0, run.stderr
    trip = load(trip_file)
    series = one(trip, "standup-000003")
    assert series.title == "Daily" and series.repeat == "FREQ=DAILY;COUNT=5" and not series.exdates
    assert series.start_utc == at(26, 10).astimezone(UTC)  # Friday's first occurrence, at the new time
    assert not [e for e in trip.events if e.ical.series]
    times = [o.local_start.strftime("%a %H:%M") for o in expand([series], at(26, 0), at(31, 0))]
    assert times == ["Fri 10:00", "Sat 10:00", "Sun 10:00", "Mon 10:00", "Tue 10:00"]  # wall time across DST


def test_edit_an_occurrence_without_this_or_all_is_refused_in_a_script(trip_file: Path) -> None:
    message = refused(trip_file, "edit", str(trip_file), "Stand-up@sun", "--title", "X")
    assert "--this" in message and "--all" in message


# --- move ------------------------------------------------------------------------------------------


def test_move_by_a_day_across_spring_forward_keeps_wall_time_and_length(trip_file: Path) -> None:
    run = tripplan("move", str(trip_file), FADO[:12], "--by", "1d")
    assert run.returncode == 0, run.stderr
    fado = one(load(trip_file), "fado-000000004")
    assert fado.local_start == at(28, 10) and fado.local_start.tzname() == "WEST"
    assert fado.start_utc == datetime(2027, 3, 28, 9, tzinfo=UTC) and fado.duration == timedelta(hours=2)
    assert "Sat 27 Mar 10:00 → Sun 28 Mar 10:00 WEST" in run.stdout


def test_move_by_hours_through_the_gap_is_elapsed_time(trip_file: Path) -> None:
    run = tripplan("move", str(trip_file), "Late drinks", "--by", "1h")
    assert run.returncode == 0, run.stderr
    drinks = one(load(trip_file), "drinks-0000005")
    # 00:30 WET is 00:30 UTC; an hour later is 01:30 UTC, which the clocks call 02:30 WEST
    assert drinks.start_utc == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert drinks.local_start.strftime("%H:%M %Z") == "02:30 WEST" and drinks.duration == timedelta(hours=2)
    back = tripplan("move", str(trip_file), "Late drinks", "--by", "-1h")
    assert back.returncode == 0, back.stderr
    assert one(load(trip_file), "drinks-0000005").start_utc == datetime(2027, 3, 28, 0, 30, tzinfo=UTC)


def test_move_to_a_natural_time_keeps_the_length(trip_file: Path) -> None:
    run = tripplan("move", str(trip_file), "Dinner with Bo", "--to", "tue 19:00", "--json")
    assert run.returncode == 0, run.stderr
    dinner = one(load(trip_file), "dinner-bo-00002")
    assert dinner.local_start == at(30, 19) and dinner.duration == timedelta(hours=2)
    assert json.loads(run.stdout)["changed"][0]["fields"]["start"]["after"] == "2027-03-30T19:00:00+01:00"


def test_move_one_occurrence_and_refusals(trip_file: Path) -> None:
    assert "--this" in refused(trip_file, "move", str(trip_file), "Stand-up@mon", "--by", "30m")
    before = trip_file.read_bytes()
    dry = tripplan("move", str(trip_file), "Stand-up@mon", "--this", "--by", "30m", "--dry-run")
    assert dry.returncode == 0 and "Would change:" in dry.stdout and trip_file.read_bytes() == before
    run = tripplan("move", str(trip_file), "Stand-up@mon", "--this", "--by", "30m")
    assert run.returncode == 0, run.stderr
    trip = load(trip_file)
    assert one(trip, "standup-000003").exdates == (at(29, 9, 30).astimezone(UTC),)
    moved = [e for e in trip.events if e.ical.series == "standup-000003"]
    assert [e.local_start for e in moved] == [at(29, 10)]
    assert "'1 week'" in refused(trip_file, "move", str(trip_file), "Late drinks", "--by", "1 week")


# --- rm --------------------------------------------------------------------------------------------


def test_rm_without_yes_is_refused_in_a_script(trip_file: Path) -> None:
    assert "--yes" in refused(trip_file, "rm", str(trip_file), "Dinner with Ana")


def test_rm_dry_run_then_yes_unlinks_the_follow_up(trip_file: Path) -> None:
    before = trip_file.read_bytes()
    dry = tripplan("rm", str(trip_file), "Dinner with Ana", "--dry-run")
    assert dry.returncode == 0 and "Would remove:" in dry.stdout and trip_file.read_bytes() == before
    run = tripplan("rm", str(trip_file), "Dinner with Ana", "--yes")
    assert run.returncode == 0, run.stderr
    trip = load(trip_file)
    assert trip.event("dinner-ana-0001") is None and len(trip.events) == 4
    assert [(f.id, f.event) for f in trip.followups] == [("f1", "")]  # the follow-up stays, without the link
    assert "Removed:" in run.stdout and "Send the deck" in run.stdout


def test_rm_one_occurrence_or_the_whole_series(trip_file: Path) -> None:
    assert "--all" in refused(trip_file, "rm", str(trip_file), "Stand-up@tue", "--yes")
    run = tripplan("rm", str(trip_file), "Stand-up@tue", "--this", "--yes")
    assert run.returncode == 0, run.stderr
    assert one(load(trip_file), "standup-000003").exdates == (at(30, 9, 30).astimezone(UTC),)
    assert tripplan("edit", str(trip_file), "Stand-up@sat", "--this", "--notes", "in the lobby").returncode == 0
    run = tripplan("rm", str(trip_file), "Stand-up@fri", "--all", "--yes", "--json")
    assert run.returncode == 0, run.stderr
    trip = load(trip_file)
    assert not [e for e in trip.events if e.id.startswith("standup") or e.ical.series]  # its changed one too
    assert len(json.loads(run.stdout)["removed"]) == 2


# --- person edit / rm ------------------------------------------------------------------------------


def test_person_edit_changes_the_given_fields(trip_file: Path) -> None:
    run = tripplan("person", "edit", str(trip_file), "ana", "--email", "ana@acme.example", "--org", "Acme Ibérica",
                   "--role", "partner")
    assert run.returncode == 0, run.stderr
    ana = load(trip_file).person("ana")
    assert ana is not None and (ana.email, ana.org, ana.role, ana.name) == (
        "ana@acme.example", "Acme Ibérica", Role.PARTNER, "Ana Ruiz")
    assert "role: client → partner" in run.stdout
    assert "e-mail" in refused(trip_file, "person", "edit", str(trip_file), "ana", "--email", "not-an-address")
    assert "'anna'" in refused(trip_file, "person", "edit", str(trip_file), "anna", "--org", "X")
    before = trip_file.read_bytes()
    assert tripplan("person", "edit", str(trip_file), "ana", "--name", "Ana R.", "--dry-run").returncode == 0
    assert trip_file.read_bytes() == before


def test_person_rm_takes_them_off_everything(trip_file: Path) -> None:
    assert "--yes" in refused(trip_file, "person", "rm", str(trip_file), "ana")
    run = tripplan("person", "rm", str(trip_file), "ana", "--yes")
    assert run.returncode == 0, run.stderr
    trip = load(trip_file)
    assert trip.person("ana") is None and not trip.followups
    assert one(trip, "dinner-ana-0001").attendees == ()
    assert trip.objectives[0].people == []
    assert "Removed: Ana Ruiz (ana)" in run.stdout and "Send the deck" in run.stdout


def on_terminal(answer: str, *args: str) -> tuple[int, str]:
    """Run a command with stdin and stdout on a terminal (a pty), typing *answer*; (exit code, what it printed)."""
    import pty

    main, side = pty.openpty()
    try:
        os.write(main, answer.encode())
        proc = subprocess.run([sys.executable, "-m", "tripplan", *args], stdin=side, stdout=side,
                              stderr=subprocess.PIPE, timeout=60, env={**os.environ, "TRIPPLAN_LOCK_WAIT": "2"})
        os.close(side)
        side = -1
        out = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the terminal's other side is closed: all was read
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(main)
        if side != -1:
            os.close(side)
    assert b"Traceback" not in proc.stderr
    return proc.returncode, out.decode("utf-8", "replace") + proc.stderr.decode()


def test_on_a_terminal_rm_and_edit_ask(trip_file: Path) -> None:
    before = trip_file.read_bytes()
    code, out = on_terminal("n\n", "rm", str(trip_file), "Dinner with Ana")
    assert code == 2 and "Remove “Dinner with Ana”" in out and trip_file.read_bytes() == before
    code, out = on_terminal("y\n", "rm", str(trip_file), "Dinner with Ana")
    assert code == 0 and "Removed:" in out and load(trip_file).event("dinner-ana-0001") is None
    code, out = on_terminal("t\n", "edit", str(trip_file), "Stand-up@sat", "--notes", "lobby")
    assert code == 0 and "[t]his occurrence" in out and "this occurrence only" in out
    trip = load(trip_file)
    assert [e.notes for e in trip.events if e.ical.series == "standup-000003"] == ["lobby"]
    assert one(trip, "standup-000003").notes == ""


def test_person_edit_also_changes_who_travels(trip_file: Path) -> None:
    run = tripplan("person", "edit", str(trip_file), "bo", "--home-tz", "Asia/Tokyo", "--notes", "vegetarian")
    assert run.returncode == 0, run.stderr
    bo = load(trip_file).person("bo")
    assert bo is not None and bo.travels and bo.home_tz is not None and bo.home_tz.key == "Asia/Tokyo"
    assert bo.notes == "vegetarian" and "home: the trip's → Asia/Tokyo" in run.stdout
    assert "--not-me" in refused(trip_file, "person", "edit", str(trip_file), "ana", "--me")
    set_run = tripplan("person", "set", str(trip_file), "bo", "--no-travels")  # 'person set' keeps working
    assert set_run.returncode == 0, set_run.stderr
    bo = load(trip_file).person("bo")
    assert bo is not None and not bo.travels and bo.home_tz is None
