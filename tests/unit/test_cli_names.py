"""Naming events on the command line (tripplan.cli.naming) and the commands that take a name.

Unit tests of the resolver first, then the commands run as a subprocess: ``brief``,
``objectives --set … --event``, ``person log --event`` and ``followups --done``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tripplan.cli.naming import Named, resolve_event, short_id, short_ids
from tripplan.errors import InputError
from tripplan.files.storage import parse_trip, read_trip
from tripplan.trip.model import Event, Kind, Trip

DATA = Path(__file__).resolve().parents[1] / "data" / "good" / "small.toml"
LISBON = Path(__file__).resolve().parents[2] / "sample_trips" / "lisbon-client-visit.toml"
NOW = datetime(2027, 3, 8, 8, 0, tzinfo=UTC)  # Monday, the trip's first day
ODD = 'Jantar [VIP] "Fado" · São Bento'


def _trip() -> Trip:
    trip = parse_trip(DATA.read_bytes(), str(DATA))
    dinner = trip.event("dinner")
    assert dinner is not None
    trip.events.append(replace(dinner, id="lunch-2", title="Lunch with Ana",
                               start_utc=datetime(2027, 3, 9, 12, 30, tzinfo=UTC),
                               end_utc=datetime(2027, 3, 9, 13, 30, tzinfo=UTC)))
    trip.events.append(replace(dinner, id="lunch-3", title="Team lunch",
                               start_utc=datetime(2027, 3, 10, 12, 30, tzinfo=UTC),
                               end_utc=datetime(2027, 3, 10, 13, 30, tzinfo=UTC)))
    trip.events.append(replace(dinner, id="odd-1", title=ODD, kind=Kind.MEAL,
                               start_utc=datetime(2027, 3, 10, 20, 0, tzinfo=UTC),
                               end_utc=datetime(2027, 3, 10, 22, 0, tzinfo=UTC)))
    return trip


def _name(trip: Trip, text: str) -> Named:
    return resolve_event(trip, text, now=NOW)


def _refusal(trip: Trip, text: str) -> str:
    with pytest.raises(InputError) as caught:
        _name(trip, text)
    return str(caught.value)


def test_an_id_a_short_id_and_a_title_name_the_same_event() -> None:
    trip = _trip()
    assert _name(trip, "kickoff") == Named(trip.event("kickoff"))  # type: ignore[arg-type]
    assert _name(trip, "KICK-OFF AT acme").event.id == "kickoff"
    assert _name(trip, "kick").event.id == "kickoff"
    assert _name(trip, "flight-").event.id == "flight-1"  # an id prefix of 6 characters or more


def test_an_exact_title_beats_partial_matches() -> None:
    trip = _trip()
    dinner = trip.event("dinner")
    assert dinner is not None
    trip.events.append(replace(dinner, id="dinner-2", title="Dinner with Ana and Rui"))
    assert _name(trip, "dinner with ana").event.id == "dinner"
    assert "names 2 events" in _refusal(trip, "dinner with")


def test_a_name_of_several_events_lists_them() -> None:
    message = _refusal(_trip(), "lunch")
    assert "names 2 events" in message
    lines = message.splitlines()[1:]
    assert lines == ["  lunch-2  Tue 09 Mar  12:30  Lunch with Ana", "  lunch-3  Wed 10 Mar  12:30  Team lunch"]
    assert "lunch@2027-03-09" in message


def test_a_day_picks_one_of_several() -> None:
    trip = _trip()
    assert _name(trip, "lunch@2027-03-09").event.id == "lunch-2"
    assert _name(trip, "lunch@wed").event.id == "lunch-3"
    assert _name(trip, "Lunch @ day 2").event.id == "lunch-2"
    assert _name(trip, "lunch@2027-03-09").occurrence is None  # not a series: the event itself


def test_a_day_names_one_occurrence_of_a_series() -> None:
    trip = _trip()
    named = _name(trip, "Stand-up@wed")
    assert named.event.id == "standup"
    assert named.occurrence == datetime(2027, 3, 10, 9, 30, tzinfo=UTC)
    assert _name(trip, "stand-up@tomorrow").occurrence == datetime(2027, 3, 9, 9, 30, tzinfo=UTC)
    assert _name(trip, "stand-up").occurrence is None  # the whole series
    assert _name(trip, "stand-up@").occurrence is None  # nothing after the @: the whole series too
    assert _name(trip, "Stand-up@wed 09:30").occurrence == datetime(2027, 3, 10, 9, 30, tzinfo=UTC)
    message = _refusal(trip, "Stand-up@wed 10:00")
    assert "'Stand-up' has no occurrence at 10:00 on Wed 10 Mar 2027; that day it starts:" in message
    assert message.endswith("standup  Wed 10 Mar  09:30  Stand-up")


def test_a_day_without_the_event_is_refused_with_where_it_is() -> None:
    message = _refusal(_trip(), "Kick-off@wed")
    assert "is not on Wed 10 Mar 2027" in message
    assert "Tue 09 Mar" in message


def test_a_bad_day_is_refused_and_an_at_sign_of_the_title_is_kept() -> None:
    trip = _trip()
    assert "'someday' is not a day" in _refusal(trip, "Stand-up@someday")
    kickoff = trip.event("kickoff")
    assert kickoff is not None
    trip.events.append(replace(kickoff, id="drinks", title="Drinks @ Rooftop"))
    assert _name(trip, "Drinks @ Rooftop").event.id == "drinks"


def test_brackets_quotes_and_non_ascii_in_a_title() -> None:
    trip = _trip()
    assert _name(trip, ODD).event.id == "odd-1"
    assert _name(trip, '"fado"').event.id == "odd-1"
    assert _name(trip, "SÃO BENTO").event.id == "odd-1"
    assert _name(trip, "[vip]@wed").event.id == "odd-1"


def test_an_unknown_name_suggests_the_closest_title() -> None:
    message = _refusal(_trip(), "Kikoff")
    assert "is no event in this trip" in message
    assert "did you mean 'Kick-off at Acme'?" in message
    assert "'tripplan list FILE'" in _refusal(_trip(), "zzzzzz")


def test_short_ids_grow_until_unique() -> None:
    trip = _trip()
    event = trip.event("kickoff")
    assert event is not None
    trip.events.append(replace(event, id="0123456789-a"))
    trip.events.append(replace(event, id="0123456789-b"))
    ids = short_ids(trip)
    assert ids["0123456789-a"] == "0123456789-a" and ids["0123456789-b"] == "0123456789-b"
    assert ids["kickoff"] == "kickoff" and short_id(event) == "kickoff"
    assert short_id(Event.timed(id="abcdefghijk", title="x", kind=Kind.MEETING, start=NOW, end=NOW,
                                tz=trip.timezone)) == "abcdefgh"
    assert _name(trip, "0123456789-b").event.id == "0123456789-b"
    assert "names 2 events" in _refusal(trip, "0123456789")  # a prefix of both


# --- the commands, run as a user runs them -------------------------------------------------------------------


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRIPPLAN_NOW": "2027-03-08T08:00:00+00:00", "TRIPPLAN_CACHE_DIR": "", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "tripplan", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=60, check=False)


def _lisbon(tmp_path: Path) -> Path:
    path = tmp_path / "trip.toml"
    shutil.copy(LISBON, path)
    return path


def _refused(path: Path, *args: str) -> str:
    before = path.read_bytes()
    result = _run(*args)
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before
    return result.stderr


def test_brief_by_a_part_of_the_title(tmp_path: Path) -> None:
    path = _lisbon(tmp_path)
    result = _run("brief", path, "Fado", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["event"]["title"] == "Fado evening in Alfama"
    by_id = _run("brief", path, "e014ed6f-c17c-4a92-bfcf-ee5281b874a0")
    assert by_id.returncode == 0 and "Fado evening in Alfama" in by_id.stdout
    assert _run("brief", path, "e014ed6f").stdout == by_id.stdout


def test_brief_of_an_ambiguous_name_lists_the_candidates(tmp_path: Path) -> None:
    path = _lisbon(tmp_path)
    message = _refused(path, "brief", str(path), "dinner")
    assert "names 3 events" in message
    assert "Dinner with Sofia and Jordan" in message and "Thank-you dinner with the Acme team" in message


def _small(tmp_path: Path) -> Path:
    """small.toml, with a title full of brackets, quotes and non-ASCII, and two lunches."""
    path = tmp_path / "trip.toml"
    text = DATA.read_text(encoding="utf-8") + '''
[[events]]
id = "odd-1"
title = "Jantar [VIP] \\"Fado\\" · São Bento"
kind = "meal"
start = 2027-03-10T20:00:00
end = 2027-03-10T22:00:00
attendees = ["ana-ruiz"]

[[events]]
id = "lunch-2"
title = "Lunch with Ana"
kind = "meal"
start = 2027-03-09T12:30:00
end = 2027-03-09T13:30:00
attendees = ["ana-ruiz"]

[[events]]
id = "lunch-3"
title = "Team lunch"
kind = "meal"
start = 2027-03-10T12:30:00
end = 2027-03-10T13:30:00
'''
    path.write_text(text, encoding="utf-8")
    return path


def _brief(path: Path, name: str) -> dict[str, Any]:
    result = _run("brief", path, name, "--json")
    assert result.returncode == 0, result.stderr
    event: dict[str, Any] = json.loads(result.stdout)["event"]
    return event


def test_brief_of_one_occurrence_and_of_an_odd_title(tmp_path: Path) -> None:
    path = _small(tmp_path)
    assert _brief(path, "Stand-up@wed")["start"] == "2027-03-10T09:30:00+00:00"
    assert _brief(path, "stand-up@2027-03-09")["start"] == "2027-03-09T09:30:00+00:00"
    assert _brief(path, "lunch@2027-03-09")["id"] == "lunch-2"
    assert _brief(path, ODD)["id"] == "odd-1"
    assert _brief(path, "são bento")["id"] == "odd-1"
    text = _run("brief", path, '[VIP] "fado"')
    assert text.returncode == 0 and text.stdout.startswith(f"{ODD} — Wed 10 Mar 20:00–22:00")
    message = _refused(path, "brief", str(path), "lunch")
    assert "names 2 events" in message and "lunch-2  Tue 09 Mar  12:30  Lunch with Ana" in message
    assert "did you mean 'Kick-off at Acme'?" in _refused(path, "brief", str(path), "kickof at acme")


def test_objectives_set_event_by_name(tmp_path: Path) -> None:
    path = _lisbon(tmp_path)
    message = _refused(path, "objectives", str(path), "--set", "meet-cto", "--event", "dinner")
    assert "--event 'dinner' names 3 events" in message
    _refused(path, "objectives", str(path), "--set", "meet-cto", "--event", "Fado", "--event", "nothing like it")
    _refused(path, "objectives", str(path), "--set", "meet-cto")  # neither a status nor an event
    result = _run("objectives", path, "--set", "meet-cto", "achieved", "--event", "fado", "--json")
    assert result.returncode == 0, result.stderr
    assert "Fado evening in Alfama: serves \"Win Marta's trust in us as a long-term supplier\" → " in result.stderr
    assert "open → achieved" in result.stderr
    trip, _ = read_trip(path)
    fado = next(e for e in trip.events if e.title == "Fado evening in Alfama")
    assert fado.objective == "meet-cto"
    objective = trip.objective("meet-cto")
    assert objective is not None and objective.status.value == "achieved"
    assert (tmp_path / "trip.toml.bak").exists()


def test_person_log_at_an_event(tmp_path: Path) -> None:
    path = _small(tmp_path)
    _refused(path, "person", "log", str(path), "ana-ruiz", "Hello", "--event", "lunch")
    result = _run("person", "log", path, "ana-ruiz", "Talked about São Paulo", "--event", "Stand-up@wed")
    assert result.returncode == 0, result.stderr
    assert "on Wed 10 Mar 2027" in result.stdout
    result = _run("person", "log", path, "ana-ruiz", "Likes fado", "--event", "são bento", "--date", "2027-03-11")
    assert result.returncode == 0, result.stderr
    trip, _ = read_trip(path)
    person = trip.person("ana-ruiz")
    assert person is not None
    assert [(e.on.isoformat(), e.text) for e in person.log] == [
        ("2027-03-10", "At Stand-up: Talked about São Paulo"), ("2027-03-11", f"At {ODD}: Likes fado")]


def test_followups_done_by_id_text_or_person(tmp_path: Path) -> None:
    path = _lisbon(tmp_path)
    message = _refused(path, "followups", str(path), "--done", "send")
    assert "--done 'send' names 2 follow-ups" in message and "fu-ana-rollout" in message
    assert "did you mean 'fu-ana-rollout'?" in _refused(path, "followups", str(path), "--done", "fu-ana-rolout")
    assert "did you mean 'Send the final price sheet" in _refused(path, "followups", str(path), "--done",
                                                                 "send the final prise sheet")
    # one bad name among good ones changes nothing
    _refused(path, "followups", str(path), "--done", "fu-ana-rollout", "--done", "zzz")
    result = _run("followups", path, "--done", "MARTA", "--done", "fu-ana-rollout", "--done", "runbook")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("open → done") == 3
    trip, _ = read_trip(path)
    done = {f.id for f in trip.followups if f.done}
    assert done == {"fu-ana-marathon", "fu-marta-prices", "fu-ana-rollout", "fu-rui-runbook"}
    before = path.read_bytes()
    again = _run("followups", path, "--done", "marathon")  # already done: said so, nothing written
    assert again.returncode == 0 and "already done" in again.stderr and path.read_bytes() == before


def test_a_changed_occurrence_has_a_short_id_that_names_it(tmp_path: Path) -> None:
    """`edit … --this` makes SERIES#START: list shows it short (not 30-odd characters) and the short form names it."""
    trip = tmp_path / "trip.toml"
    shutil.copy(LISBON, trip)
    env = {**os.environ, "TRIPPLAN_NOW": NOW.isoformat()}
    run = [sys.executable, "-m", "tripplan"]
    added = subprocess.run([*run, "add", str(trip), "Stand-up", "--kind", "meeting", "--at", "2027-03-09 09:00",
                            "--for", "15m", "--repeat", "FREQ=DAILY;COUNT=3"], capture_output=True, text=True,
                           env=env, timeout=60)
    assert added.returncode == 0, added.stderr
    changed = subprocess.run([*run, "edit", str(trip), "Stand-up@2027-03-10", "--this", "--at", "09:30"],
                             capture_output=True, text=True, env=env, timeout=60)
    assert changed.returncode == 0, changed.stdout + changed.stderr
    listed = json.loads(subprocess.run([*run, "list", str(trip), "--json"], capture_output=True, text=True,
                                       env=env, timeout=60).stdout)
    rows = listed if isinstance(listed, list) else listed["events"]
    override = next(r for r in rows if "#" in r["id"])
    short = override["short_id"]
    assert "#" in short and len(short) <= 20, short
    series = next(r for r in rows if r["id"] == override["id"].partition("#")[0])
    assert short.startswith(series["short_id"] + "#")
    brief = subprocess.run([*run, "brief", str(trip), short], capture_output=True, text=True, env=env, timeout=60)
    assert brief.returncode == 0, brief.stderr
    assert "Stand-up" in brief.stdout and "09:30" in brief.stdout
