"""Multi-city trips on the command line: ``stop add | list | rm``, times entered in the day's zone, and the
road commands showing each day in its city's time (issue 15).

Every command runs in a fresh process; a refusal exits 2 with a message and leaves the file as it was.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.unit.roadshow import LISBON, ROADSHOW, refused, tripplan, write
from tripplan.files.storage import parse_trip, read_trip
from tripplan.road.dayindex import LazyDays, build_index, load_index
from tripplan.time.zones import zone
from tripplan.trip.model import Stop


def _stops(path: Path) -> list[tuple[str, str, str, str]]:
    trip, _ = read_trip(path)
    return [(s.city, s.tz.key, s.first.isoformat(), s.last.isoformat()) for s in trip.stop_list]


# --- stop add ------------------------------------------------------------------------------------


def test_first_stop_splits_the_destination(tmp_path: Path) -> None:
    path = write(tmp_path, LISBON)
    run = tripplan("stop", "add", str(path), "Porto", "--tz", "Europe/Lisbon", "--from", "2027-03-11",
                   "--culture", "greeting=two kisses", "--working-hours", "09:30-18:30")
    assert run.returncode == 0, run.stderr
    assert _stops(path) == [("Lisbon", "Europe/Lisbon", "2027-03-08", "2027-03-10"),
                            ("Porto", "Europe/Lisbon", "2027-03-11", "2027-03-12")]
    trip, _ = read_trip(path)
    porto = trip.stop_list[1]
    assert porto.culture == {"greeting": "two kisses"}
    assert porto.working_hours is not None and f"{porto.working_hours.start:%H:%M}" == "09:30"
    assert "1. Lisbon" in run.stdout and "2. Porto" in run.stdout


def test_a_stop_from_the_first_day_replaces_the_destination(tmp_path: Path) -> None:
    path = write(tmp_path, LISBON)
    run = tripplan("stop", "add", str(path), "Madrid", "--tz", "Europe/Madrid", "--from", "2027-03-08")
    assert run.returncode == 0, run.stderr
    assert _stops(path) == [("Madrid", "Europe/Madrid", "2027-03-08", "2027-03-12")]
    assert read_trip(path)[0].timezone.key == "Europe/Madrid"  # the trip's zone is its first stop's


def test_a_stop_inside_another_cuts_it(tmp_path: Path) -> None:
    path = write(tmp_path)
    # --to given: Tokyo resumes after Osaka.
    run = tripplan("stop", "add", str(path), "Osaka", "--tz", "Asia/Tokyo", "--from", "2027-05-15", "--to",
                   "2027-05-15")
    assert run.returncode == 0, run.stderr
    assert [s[0] for s in _stops(path)] == ["Singapore", "Tokyo", "Osaka", "Tokyo", "Seoul"]
    # --to left out: the new stop runs to where the stop it cut ran.
    run = tripplan("stop", "add", str(path), "Kuala Lumpur", "--tz", "Asia/Kuala_Lumpur", "--from", "2027-05-12")
    assert run.returncode == 0, run.stderr
    assert _stops(path)[:3] == [("Singapore", "Asia/Singapore", "2027-05-10", "2027-05-11"),
                                ("Kuala Lumpur", "Asia/Kuala_Lumpur", "2027-05-12", "2027-05-13"),
                                ("Tokyo", "Asia/Tokyo", "2027-05-14", "2027-05-14")]


def test_a_stop_across_two_takes_the_end_of_one_and_the_start_of_the_next(tmp_path: Path) -> None:
    path = write(tmp_path)
    run = tripplan("stop", "add", str(path), "Hong Kong", "--tz", "Asia/Hong_Kong", "--from", "2027-05-13",
                   "--to", "2027-05-14")
    assert run.returncode == 0, run.stderr
    assert _stops(path) == [("Singapore", "Asia/Singapore", "2027-05-10", "2027-05-12"),
                            ("Hong Kong", "Asia/Hong_Kong", "2027-05-13", "2027-05-14"),
                            ("Tokyo", "Asia/Tokyo", "2027-05-15", "2027-05-16"),
                            ("Seoul", "Asia/Seoul", "2027-05-17", "2027-05-18")]
    # The lunch keeps its instant (12:00 in Tokyo); its day is Hong Kong's now, and the note says so.
    assert "'Tokyo lunch': Fri 14 May 12:00 Asia/Tokyo = 11:00 Asia/Hong_Kong" in run.stderr
    lunch = read_trip(path)[0].event("lunch")
    assert lunch is not None and lunch.start_utc == datetime(2027, 5, 14, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize(("args", "words"), [
    (["Osaka", "--tz", "Asia/Tokyo", "--from", "2027-05-19"], ["outside the trip (2027-05-10 to 2027-05-18)"]),
    (["Osaka", "--tz", "Asia/Tokyo", "--from", "2027-05-09", "--to", "2027-05-11"], ["outside the trip"]),
    (["Osaka", "--tz", "Asia/Tokyo", "--from", "2027-05-17", "--to", "2027-05-20"], ["end on 2027-05-20",
                                                                                     "outside the trip"]),
    (["Osaka", "--tz", "Asia/Tokyo", "--from", "2027-05-15", "--to", "2027-05-14"],
     ["--to 2027-05-14 is before --from 2027-05-15"]),
    (["Osaka", "--tz", "Asia/Tokyo", "--from", "2027-05-13", "--to", "2027-05-17"],
     ["would take every day of Tokyo (2027-05-14 to 2027-05-16)", "remove that stop first"]),
    (["Osaka", "--tz", "Osaka", "--from", "2027-05-15"], ["--tz: unknown time zone 'Osaka'"]),
    (["Osaka", "--tz", "Asia/Tokio", "--from", "2027-05-15"], ["did you mean 'Asia/Tokyo'?"]),
    (["Osaka", "--tz", "Asia/Tokyo", "--from", "15 May"], ["--from '15 May' is not a date"]),
    (["Osaka", "--tz", "Asia/Tokyo", "--from", "2027-05-15", "--working-hours", "18:00-09:00"],
     ["--working-hours", "the end must come after the start"]),
    (["Osaka", "--tz", "Asia/Tokyo", "--from", "2027-05-15", "--culture", "no equals sign"], ["KEY=TEXT"]),
    (["  ", "--tz", "Asia/Tokyo", "--from", "2027-05-15"], ["a stop needs a city"]),
])
def test_stop_add_refusals_leave_the_file_alone(tmp_path: Path, args: list[str], words: list[str]) -> None:
    path = write(tmp_path)
    before = path.read_bytes()
    refused(tripplan("stop", "add", str(path), *args), path, before, *words)


def test_tokyo_as_a_zone_suggests_the_iana_name(tmp_path: Path) -> None:
    path = write(tmp_path, LISBON)
    before = path.read_bytes()
    refused(tripplan("stop", "add", str(path), "Tokyo", "--tz", "Tokyo", "--from", "2027-03-10"), path, before,
            "did you mean 'Asia/Tokyo'?")


# --- stop list, stop rm ---------------------------------------------------------------------------


def test_stop_list_text_and_json(tmp_path: Path) -> None:
    path = write(tmp_path)
    text = tripplan("stop", "list", str(path))
    assert text.returncode == 0, text.stderr
    assert "3 stops" in text.stdout and "2. Tokyo" in text.stdout and "Mon 17 May – Tue 18 May 2027" in text.stdout
    doc = json.loads(tripplan("stop", "list", str(path), "--json").stdout)
    assert [(s["city"], s["timezone"], s["from"], s["to"], s["days"]) for s in doc["stops"]] == [
        ("Singapore", "Asia/Singapore", "2027-05-10", "2027-05-13", 4), ("Tokyo", "Asia/Tokyo", "2027-05-14",
                                                                         "2027-05-16", 3),
        ("Seoul", "Asia/Seoul", "2027-05-17", "2027-05-18", 2)]
    one = json.loads(tripplan("stop", "list", str(write(tmp_path, LISBON, "l.toml")), "--json").stdout)
    assert [(s["city"], s["listed"]) for s in one["stops"]] == [("Lisbon", False)]  # the implicit stop


def test_stop_rm_gives_the_days_to_the_stop_before(tmp_path: Path) -> None:
    path = write(tmp_path)
    run = tripplan("stop", "rm", str(path), "tokyo")
    assert run.returncode == 0, run.stderr
    assert _stops(path) == [("Singapore", "Asia/Singapore", "2027-05-10", "2027-05-16"),
                            ("Seoul", "Asia/Seoul", "2027-05-17", "2027-05-18")]
    run = tripplan("stop", "rm", str(path), "Singapore")  # the first stop: the next one takes its days
    assert run.returncode == 0, run.stderr
    assert _stops(path) == [("Seoul", "Asia/Seoul", "2027-05-10", "2027-05-18")]
    assert read_trip(path)[0].timezone.key == "Asia/Seoul"
    before = path.read_bytes()
    refused(tripplan("stop", "rm", str(path), "Seoul"), path, before, "the trip's only stop")
    refused(tripplan("stop", "rm", str(path), "Busan"), path, before, "Busan is no stop", "Seoul (from 2027-05-10)")


def test_stop_rm_of_a_city_between_two_visits_merges_them(tmp_path: Path) -> None:
    path = write(tmp_path)
    assert tripplan("stop", "add", str(path), "Osaka", "--tz", "Asia/Tokyo", "--from", "2027-05-15", "--to",
                    "2027-05-15").returncode == 0
    before = path.read_bytes()
    refused(tripplan("stop", "rm", str(path), "Tokyo"), path, before, "Tokyo is 2 stops", "2027-05-14, 2027-05-16")
    run = tripplan("stop", "rm", str(path), "Osaka")
    assert run.returncode == 0, run.stderr
    assert [s[0] for s in _stops(path)] == ["Singapore", "Tokyo", "Seoul"]  # Tokyo again one stop


def test_stop_api_is_pure_and_raises_stop_error() -> None:
    from tripplan.trip.stops import StopError, add_stop, remove_stop  # new in issue 15

    trip = parse_trip(ROADSHOW.encode(), "trip.toml")
    before = [(s.city, s.first, s.last) for s in trip.stop_list]
    changed = add_stop(trip, Stop(city="Osaka", tz=zone("Asia/Tokyo"), first=date(2027, 5, 15),
                                  last=date(2027, 5, 16)))
    assert [(s.city, s.first.day, s.last.day) for s in changed.stop_list] == [
        ("Singapore", 10, 13), ("Tokyo", 14, 14), ("Osaka", 15, 16), ("Seoul", 17, 18)]
    assert [(s.city, s.first, s.last) for s in trip.stop_list] == before  # the trip given is not changed
    assert [(s.city, s.last.day) for s in remove_stop(changed, "Osaka").stop_list] == [
        ("Singapore", 13), ("Tokyo", 16), ("Seoul", 18)]
    with pytest.raises(StopError, match="outside the trip"):
        add_stop(trip, Stop(city="Busan", tz=zone("Asia/Seoul"), first=date(2027, 5, 18), last=date(2027, 5, 19)))


# --- times entered in the day's zone ------------------------------------------------------------


def test_add_reads_a_tokyo_day_in_tokyo_time(tmp_path: Path) -> None:
    path = write(tmp_path)
    run = tripplan("add", str(path), "Sushi", "--kind", "meal", "--at", "2027-05-15 12:00")
    assert run.returncode == 0, run.stderr
    assert "Sat 15 May 12:00–13:00 (1 h) Asia/Tokyo" in run.stdout  # shown in the event's zone
    run = tripplan("add", str(path), "Hawker lunch", "--kind", "meal", "--at", "2027-05-12 12:00")
    assert "Wed 12 May 12:00–13:00 (1 h) Asia/Singapore" in run.stdout
    run = tripplan("add", str(path), "Call home", "--kind", "meeting", "--at", "2027-05-15 12:00", "--tz",
                   "Europe/London")
    assert run.returncode == 0 and "Asia/Tokyo" not in run.stdout and "Europe/London" in run.stdout
    trip, _ = read_trip(path)
    found = {e.title: (e.start_utc, e.tz.key) for e in trip.events}
    assert found["Sushi"] == (datetime(2027, 5, 15, 3, 0, tzinfo=UTC), "Asia/Tokyo")
    assert found["Hawker lunch"] == (datetime(2027, 5, 12, 4, 0, tzinfo=UTC), "Asia/Singapore")
    assert found["Call home"] == (datetime(2027, 5, 15, 11, 0, tzinfo=UTC), "Europe/London")


def test_add_day_n_and_until_on_a_stop_day(tmp_path: Path) -> None:
    path = write(tmp_path)
    run = tripplan("add", str(path), "Seoul pitch", "--kind", "presentation", "--at", "day 8 9am", "--until",
                   "10:30")
    assert run.returncode == 0, run.stderr
    assert "Mon 17 May 09:00–10:30 (1 h 30 min) Asia/Seoul" in run.stdout


# --- the road commands ------------------------------------------------------------------------------


def test_agenda_shows_each_day_in_its_citys_time(tmp_path: Path) -> None:
    path = write(tmp_path)
    run = tripplan("agenda", str(path))
    assert run.returncode == 0, run.stderr
    text = run.stdout
    assert "each day in its city's time (Singapore → Tokyo → Seoul)" in text
    assert "Mon 10 May 2027 · day 1 of 9 · Singapore (Asia/Singapore)" in text
    assert "Tue 11 May 2027 · day 2 of 9\n" in text  # same city as the day before: not named again
    assert "Fri 14 May 2027 · day 5 of 9 · Tokyo (Asia/Tokyo)" in text
    assert "12:00–13:00      ● Tokyo lunch" in text and "[Fri 04:00–05:00 home]" in text  # home is London
    md = tripplan("agenda", str(path), "--format", "md").stdout
    assert "## Mon 17 May 2027 · day 8 of 9 · Seoul (Asia/Seoul)" in md and "**10:00–11:00** Sam solo" in md


def test_agenda_json_names_each_items_zone_and_city(tmp_path: Path) -> None:
    path = write(tmp_path)
    doc = json.loads(tripplan("agenda", str(path), "--format", "json").stdout)
    days = {d["date"]: d for d in doc["days"]}
    assert (days["2027-05-14"]["city"], days["2027-05-14"]["timezone"]) == ("Tokyo", "Asia/Tokyo")
    lunch = days["2027-05-14"]["events"][0]
    assert (lunch["zone"], lunch["city"], lunch["start_local"]) == ("Asia/Tokyo", "Tokyo",
                                                                    "2027-05-14T12:00:00+09:00")
    kickoff = days["2027-05-11"]["events"][0]
    assert (kickoff["zone"], kickoff["start_local"]) == ("Asia/Singapore", "2027-05-11T09:00:00+08:00")
    assert [s["city"] for s in doc["stops"]] == ["Singapore", "Tokyo", "Seoul"]


def test_today_is_the_day_where_the_traveller_is(tmp_path: Path) -> None:
    path = write(tmp_path)
    # 15:30 UTC on the 13th: 23:30 in Singapore, but already 00:30 on the 14th in Tokyo, where the trip now is.
    env = {"TRIPPLAN_NOW": "2027-05-13T15:30:00+00:00"}
    run = tripplan("today", str(path), env=env)
    assert run.returncode == 0, run.stderr
    assert "Fri 14 May 2027 · day 5 of 9 · Tokyo (Asia/Tokyo) · today" in run.stdout
    assert "now: Fri 00:30 JST here · Thu 16:30 BST home" in run.stdout
    assert "→ next 12:00–13:00" in run.stdout
    doc = json.loads(tripplan("today", str(path), "--json", env=env).stdout)
    assert doc["now"] == "2027-05-14T00:30:00+09:00" and doc["days"][0]["is_today"]
    # An hour earlier it is still Singapore's Thursday.
    run = tripplan("today", str(path), env={"TRIPPLAN_NOW": "2027-05-13T14:30:00+00:00"})
    assert "Thu 13 May 2027 · day 4 of 9 · Singapore (Asia/Singapore) · today" in run.stdout


def test_day_index_keeps_the_stops_and_the_cache_agrees(tmp_path: Path) -> None:
    path = write(tmp_path)
    fresh = load_index(str(path))
    cached = load_index(str(path))
    assert isinstance(cached["days"], LazyDays)
    assert cached["stops"] == fresh["stops"] == build_index(read_trip(path)[0])["stops"]
    (city, key, first, last, begins), *_ = fresh["stops"][1:]
    assert (city, key, first, last) == ("Tokyo", "Asia/Tokyo", "2027-05-14", "2027-05-16")
    assert begins == int(datetime(2027, 5, 13, 15, 0, tzinfo=UTC).timestamp())  # midnight in Tokyo
    assert sorted(cached["days"]) == sorted(fresh["days"])
    assert all(list(cached["days"][d]) == list(fresh["days"][d]) for d in fresh["days"])


def test_text_from_the_file_reaches_the_terminal_without_control_characters(tmp_path: Path) -> None:
    path = write(tmp_path, ROADSHOW.replace('title = "Tokyo lunch"', 'title = "Tokyo \\u001b[2Jlunch"')
                 .replace('city = "Tokyo"', 'city = "To\\u009bkyo"'))
    for command in (["agenda", str(path)], ["agenda", str(path), "--format", "md"], ["stop", "list", str(path)]):
        run = tripplan(*command)
        assert run.returncode == 0, run.stderr
        assert "\x1b" not in run.stdout and "\x9b" not in run.stdout
        assert "To\\x9bkyo" in run.stdout
    assert "Tokyo \\x1b[2Jlunch" in tripplan("agenda", str(path)).stdout


def test_a_change_of_stops_is_one_undoable_step(tmp_path: Path) -> None:
    from tripplan.edit.changes import change_stops
    from tripplan.edit.session import EditSession
    from tripplan.trip.stops import add_stop  # new in issue 15

    session = EditSession.open(write(tmp_path))
    trip = session.trip
    changed = add_stop(trip, Stop(city="Kuala Lumpur", tz=zone("Asia/Kuala_Lumpur"), first=date(2027, 5, 10),
                                  last=date(2027, 5, 11)))
    assert change_stops(session, "add Kuala Lumpur", changed) is not None
    assert [s.city for s in trip.stop_list] == ["Kuala Lumpur", "Singapore", "Tokyo", "Seoul"]
    assert trip.timezone.key == "Asia/Kuala_Lumpur" and session.dirty
    session.save()  # the stops as changed make a trip file that loads
    assert read_trip(session.path)[0].stop_list[0].city == "Kuala Lumpur"
    session.undo()
    assert [s.city for s in trip.stop_list] == ["Singapore", "Tokyo", "Seoul"]
    assert trip.timezone.key == "Asia/Singapore"
    assert change_stops(session, "nothing", trip) is None


def test_balance_gives_each_citys_awake_hours_and_shows_no_control_characters(tmp_path: Path) -> None:
    text = ROADSHOW.replace('city = "Seoul"', 'city = "Seo\\u001b]0;owned\\u0007ul"', 1).replace(
        'timezone = "Asia/Seoul"', 'timezone = "Asia/Seoul"\nday_window = { start = "08:00", end = "24:00" }', 1)
    path = write(tmp_path, text)
    run = tripplan("balance", str(path))
    assert run.returncode in (0, 1), run.stderr
    awake = run.stdout.splitlines()[1]
    assert awake.startswith("Awake hours: Singapore 07:00–23:00 (Asia/Singapore), Tokyo 07:00–23:00 (Asia/Tokyo), ")
    assert "Seo\\x1b]0;owned\\x07ul 08:00–24:00 (Asia/Seoul)" in awake
    assert "\x1b" not in run.stdout and "\x07" not in run.stdout
    data = json.loads(tripplan("balance", str(path), "--json").stdout)
    assert [(s["city"], s["day_window"]) for s in data["stops"]][-1] == (
        "Seo\x1b]0;owned\x07ul", {"start": "08:00", "end": "24:00"})
