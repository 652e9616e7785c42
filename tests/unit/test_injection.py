r"""No injection: user text stays text in every calendar we write, file names stay in their folder,
and trip files and themes are data — nothing in them is executed.

Every calendar is read back with the ``icalendar`` library (an independent
reader) and checked for the exact set of components and properties, the
exact parameters of ORGANIZER and ATTENDEE, and the round-tripped values.
The normalisations we apply on purpose are spelled out in ``text`` and
``param`` below rather than hidden: any line break (CR, LF, CRLF, NEL,
U+2028, U+2029) becomes LF, other control characters (C0 but tab, DEL, C1)
are dropped; in a quoted parameter (CN) the same, then every run of line
breaks becomes one space and a double quote an apostrophe (and icalendar,
reading it, undoes ``\\ \; \, \:`` as if they were escapes); an address
loses its whitespace.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA, ROOT
from tests.ical_helpers import unfold
from tripplan.cli.main import main
from tripplan.errors import TripFileError
from tripplan.files.encode import dumps
from tripplan.files.storage import parse_trip, read_trip
from tripplan.ical.export import describe, event_resource, event_uid, export_calendar
from tripplan.ical.importer import import_calendar
from tripplan.ical.invites import file_stem, plan_invites, sequences
from tripplan.ical.lint import lint
from tripplan.time.zones import zone
from tripplan.trip.model import Event, FollowUp, Kind, Objective, Person, Reminder, Trip

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
BERLIN = zone("Europe/Berlin")

PAYLOADS = [
    "\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:injected\r\nEND:VEVENT",
    "x\nATTENDEE;RSVP=TRUE:mailto:evil@example.com",
    "x\rX-INJECTED:1",
    "x\r\n X-FOLDED-IN:1",
    '"; X-EVIL="1',
    'a";ROLE=CHAIR;X="',
    ":mailto:evil@example.com",
    "back\\slash \\n \\; \\, \\\\",
    "semi;colon,comma:colon",
    "tab\there",
    "nul\x00byte",
    "esc\x1b]0;title\x07\x1b[31mred",
    "line\u2028SUMMARY:sep\u2029END:VEVENT",
    "next\x85DESCRIPTION:line",
    "vt\x0bX-A:1\x0cX-B:2\x1cX-C:3",
    "c1\x9b31m\x90",
    "emoji 🎉👩‍👩‍👧 ✓",
    "BEGIN:VALARM",
    "END:VCALENDAR",
    "é" * 120 + "\n" + "ü" * 80,
]


def text(value: str) -> str:
    """What a TEXT value reads back as: line breaks as LF, no other control characters."""
    value = re.sub(r"\r\n|[\r\x85\u2028\u2029]", "\n", value)
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", value)


def _param_text(value: str) -> str:
    """The text a quoted parameter (CN) stands for: the TEXT rules, then each line break a space."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+", " ", text(value)).replace('"', "'")


def param(value: str) -> str:
    """What we write inside a quoted parameter: that text, a caret RFC 6868 would read as an escape doubled."""
    return re.sub(r"\^(?=[\^'n])", "^^", _param_text(value))


def read_param(value: str) -> str:
    """A quoted parameter as icalendar returns it (RFC 6868 undone; backslash escapes RFC 5545 does not have too)."""
    return re.sub(r"\\([\\;,:])", r"\1", _param_text(value))


def address(value: str) -> str:
    return "mailto:" + "".join(text(value).split())


def hostile_trip(payload: str, email: str = "ana@example.com") -> Trip:
    """A trip whose every user text holds *payload*: names, places, notes, e-mails, ids, organiser."""
    start = datetime(2027, 3, 29, 19, 30, tzinfo=BERLIN)
    people = [Person(id="ana", name=f"Ana {payload}", email=email, org=f"Org {payload}"),
              Person(id="sam", name=f"Sam {payload}", email="sam@example.com")]
    goal = Objective(id="goal", title=f"Win {payload}")
    events = [
        Event.timed(id=f"dinner {payload}"[:200], title=f"Dinner {payload}", kind=Kind.MEAL, start=start,
                    end=start + timedelta(hours=2), location=f"Place {payload}", attendees=["ana", "sam"],
                    objective="goal", notes=f"Notes {payload}",
                    reminders=[Reminder(timedelta(minutes=15)), Reminder(timedelta(days=1))]),
        Event.timed(id="standup", title=payload or "x", kind=Kind.MEETING, start=start.replace(hour=9),
                    end=start.replace(hour=9, minute=45), attendees=["ana"], repeat="FREQ=DAILY;COUNT=3"),
    ]
    followups = [FollowUp(id="f1", person="ana", what=f"Send {payload}", due=date(2027, 4, 5), event=events[0].id)]
    return Trip(name=f"Trip {payload}", timezone=BERLIN, home_timezone=zone("America/New_York"),
                start=date(2027, 3, 28), end=date(2027, 4, 1), uid=f"trip {payload}"[:100],
                destination=payload, people=people, objectives=[goal], events=events, followups=followups)


def _names(component: Any) -> Counter[str]:
    return Counter(sub.name for sub in component.subcomponents)


def _check_calendar(data: str, trip: Trip, method: str, events: list[Event], *, attendees: bool,
                    notes: bool, objective: bool, todos: int = 0, calname: bool = False) -> None:
    """The exact components and properties of a calendar we wrote, and every user text in it."""
    assert lint(data.encode("utf-8")) == []
    cal = icalendar.Calendar.from_ical(data)
    props = {"VERSION", "PRODID", "CALSCALE"} | ({"METHOD"} if method else set()) | ({"X-WR-CALNAME"} if calname
                                                                                    else set())
    assert set(cal.keys()) == props
    if calname:
        # icalendar leaves an X- property's value escaped: undo RFC 5545 escaping here.
        raw = str(cal["X-WR-CALNAME"])
        assert re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw) == text(trip.name)
    assert _names(cal) == Counter({"VTIMEZONE": 1, "VEVENT": len(events), **({"VTODO": todos} if todos else {})})
    by_uid = {str(v["UID"]): v for v in cal.walk("VEVENT")}
    assert set(by_uid) == {text(event_uid(trip, e.id)) for e in events}
    for event in events:
        vevent = by_uid[text(event_uid(trip, event.id))]
        expected = {"UID", "DTSTAMP", "SEQUENCE", "CATEGORIES", "STATUS", "TRANSP", "DTSTART", "DTEND"}
        expected |= {"SUMMARY"} if text(event.title) else set()  # a title of control characters only: none
        expected |= {"LOCATION"} if text(event.location) else set()
        expected |= {"RRULE"} if event.repeat else set()
        description = describe(trip, event, notes=notes, objective=objective)
        expected |= {"DESCRIPTION"} if text(description) else set()
        people = [p for p in (trip.person(i) for i in event.attendees) if p is not None and p.email]
        if method in ("REQUEST", "CANCEL"):
            expected |= {"ORGANIZER", "ATTENDEE"}
        if method == "CANCEL":
            expected -= {"CATEGORIES", "LOCATION", "DESCRIPTION"}
        else:
            expected |= {"X-TRIPPLAN-KIND"}
        assert set(vevent.keys()) == expected, set(vevent.keys()) ^ expected
        assert str(vevent.get("SUMMARY", "")) == text(event.title)
        if "LOCATION" in expected:
            assert str(vevent["LOCATION"]) == text(event.location)
        if "DESCRIPTION" in expected:
            assert str(vevent["DESCRIPTION"]) == text(description)
        if method == "CANCEL":
            assert _names(vevent) == Counter()
        else:
            assert _names(vevent) == Counter({"VALARM": len(event.reminders)} if event.reminders else {})
            for alarm in vevent.walk("VALARM"):
                assert set(alarm.keys()) == {"ACTION", "DESCRIPTION", "TRIGGER"}
                assert str(alarm["DESCRIPTION"]) == (text(event.title) or "Reminder")
        if attendees:
            found = vevent["ATTENDEE"] if isinstance(vevent["ATTENDEE"], list) else [vevent["ATTENDEE"]]
            wanted = people if method == "REQUEST" else [p for p in people if p.id == "ana"]
            assert sorted((str(a), a.params["CN"]) for a in found) == sorted(
                (address(p.email), read_param(p.name)) for p in wanted)
            for found_one in found:
                assert set(found_one.params) <= {"CN", "ROLE", "PARTSTAT", "RSVP"}
            organizer = vevent["ORGANIZER"]
            assert set(organizer.params) == {"CN"} and str(organizer) == "mailto:sam@example.com"
    # On the wire: each ORGANIZER/ATTENDEE line is NAME;CN="…";(known parameters):mailto:…, nothing more.
    names = {param(p.name) for p in trip.people}
    for line in unfold(data):
        if line.startswith(("ATTENDEE", "ORGANIZER")):
            found_line = re.fullmatch(r'(ATTENDEE|ORGANIZER);CN="([^"]*)"((?:;[A-Z-]+=[A-Z-]+)*):(mailto:[^\r\n]*)',
                                      line)
            assert found_line is not None and found_line[2] in names, line
    for vtodo in cal.walk("VTODO"):
        assert set(vtodo.keys()) == {"UID", "DTSTAMP", "DUE", "SUMMARY", "DESCRIPTION", "STATUS"}
        assert str(vtodo["SUMMARY"]) == text(trip.followups[0].what)
        assert _names(vtodo) == Counter()


def _all_calendars(trip: Trip) -> None:
    """The export, an invite, a cancellation and a CalDAV resource of *trip*, each checked."""
    _check_calendar(export_calendar(trip, NOW, sequences(trip), todos=True), trip, "", trip.events,
                    attendees=False, notes=True, objective=True, todos=1, calname=True)
    organizer = trip.person("sam")
    assert organizer is not None
    plan = plan_invites(trip, organizer, None, NOW, notes=True)
    (ana,) = [f for f in plan.files if f.person.id == "ana"]
    _check_calendar(ana.request_text, trip, "REQUEST", trip.events, attendees=True, notes=True, objective=False)
    sent = replace(trip, sent=plan.records, events=trip.events[1:])
    (cancel,) = [f for f in plan_invites(sent, organizer, None, NOW).files if f.person.id == "ana"]
    _check_calendar(cancel.cancel_text, sent, "CANCEL", trip.events[:1], attendees=True, notes=False,
                    objective=False)
    _check_calendar(event_resource(trip, trip.events[0], NOW, 0), trip, "", trip.events[:1], attendees=False,
                    notes=True, objective=True)


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_no_user_text_adds_a_property_or_component(payload: str) -> None:
    _all_calendars(hostile_trip(payload))


@pytest.mark.parametrize("email", ['a"b;c:d,e@x.example', "x\x00y@x.example", 'q";ROLE=CHAIR;X="@x.example',
                                   "<script>@x.example", "evil@x.example:mailto:", "a\x1b[2J@x.example"])
def test_odd_addresses_stay_inside_their_line(email: str) -> None:
    trip = hostile_trip("plain", email=email)
    # A trip file refuses them now, by field (tripplan.trip.addresses: a server would alter each one) ...
    with pytest.raises(TripFileError, match=r"people\[\d+\]\.email: .* is not an e-mail address"):
        parse_trip(dumps(trip).encode("utf-8"), "hostile.toml")
    # ... and a calendar written from a trip in memory that holds one still keeps it inside its line.
    _all_calendars(trip)


HOSTILE_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=60)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payload=HOSTILE_TEXT | st.lists(st.sampled_from([*PAYLOADS, "\r", "\n", '"', ";", ",", ":", "\\"]),
                                       min_size=1, max_size=6).map("".join))
@example(payload="^'")  # RFC 6868 readers took a name's ^' for a quote: the caret is written ^^ now
@example(payload="^n^^")
def test_no_text_at_all_adds_a_property_or_component(payload: str) -> None:
    _all_calendars(hostile_trip(payload))


def test_our_own_import_reads_no_injected_line_back(tmp_path: Path) -> None:
    """Exported, then imported by tripplan: one event per event, titles as written (the reader splits
    lines at CR and LF only, never at U+2028 or NEL)."""
    for payload in PAYLOADS:
        trip = hostile_trip(payload)
        data = export_calendar(trip, NOW, sequences(trip)).encode("utf-8")
        other = Trip(name="Other", timezone=BERLIN, home_timezone=BERLIN, start=trip.start, end=trip.end)
        report = import_calendar(other, data)
        assert len(report.added) == 2 and not report.skipped, (payload, report)
        titles = sorted(e.title for e in other.events)
        assert titles == sorted(" ".join(text(e.title).split()) for e in trip.events)


# --- file names ----------------------------------------------------------------------------------------

NAMES = ["../../etc/passwd", "/abs/path", "C:\\Windows\\x", "CON", "con", "Nul", "aux.ics", "COM1", "lpt9.txt",
         "a\x00b", "x" * 10_000, "王美", "Zoë", ".bashrc", "..", ".", "", " ", "-rf", "~root", "$(touch x)",
         "a\nb", "trailing.", "ana", "ANA", "Ana"]


def test_invite_file_names_are_safe_and_unique() -> None:
    taken: set[str] = set()
    stems = [file_stem(Person(id=name, name="N"), taken) for name in NAMES]
    reserved = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
    for stem in stems:
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", stem), stem
        assert len(stem) <= 64 and not stem.endswith(".")
        assert stem.lower().split(".")[0] not in reserved
        assert Path(stem).name == stem and not Path(stem).is_absolute()
    assert len({s.lower() for s in stems}) == len(stems)


def test_invites_write_only_into_the_chosen_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trip = hostile_trip("plain")
    trip.people = [Person(id=i, name=f"P {i}", email=f"{n}@example.com")
                   for n, i in enumerate(["CON", "aux.ics", "x" * 100, "ana", "ANA", "Ana", "a..b"])]
    trip.events[0] = dataclasses.replace(trip.events[0], attendees=tuple(p.id for p in trip.people))
    trip.followups = []
    path = tmp_path / "work" / "trip.toml"
    path.parent.mkdir()
    path.write_text(dumps(trip), encoding="utf-8")
    parse_trip(path.read_bytes(), str(path))
    out = tmp_path / "work" / "invites"
    before = {p for p in tmp_path.rglob("*")}
    assert main(["invites", str(path), "--out", str(out), "--organizer", "ana"]) == 0, capsys.readouterr()
    created = {p for p in tmp_path.rglob("*")} - before
    files = {p for p in created if p.is_file() and p.parent != path.parent}
    assert files and all(p.parent == out for p in files)
    assert {p.name for p in files} >= {"person-CON.ics", "person-aux.ics.ics", f"{'x' * 60}.ics", "ana.ics",
                                       "ANA-2.ics", "Ana-3.ics"}
    # Besides the invites, only the trip file and its backup changed beside it.
    assert {p.name for p in created if p.parent == path.parent} <= {"invites", "trip.toml.bak"}


# --- data is never executed ----------------------------------------------------------------------------

TRICKS = [
    "__import__('os').system('touch {canary}')",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "${{HOME}} $(touch {canary}) `touch {canary}` %(x)s {{0}}",
    "!!python/object/apply:os.system ['touch {canary}']",
    "[@click=app.quit]Click me[/] [b]bold[/b] $accent",
    "'''\\n[trip]\\nname = \"x\"",
]


def test_trip_file_text_is_never_executed_or_interpreted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    canary = tmp_path / "PWNED"
    tricks = [t.format(canary=canary) for t in TRICKS]
    trip = hostile_trip("plain")
    trip.name, trip.destination = tricks[0], tricks[1]
    trip.events = [dataclasses.replace(event, title=trick, location=trick, notes=trick)
                   for event, trick in zip(trip.events, tricks[2:], strict=False)]
    trip.people[0].name, trip.people[0].notes = tricks[4], tricks[5]
    path = tmp_path / "trip.toml"
    path.write_text(dumps(trip), encoding="utf-8")
    loaded = read_trip(path)[0]
    assert loaded.name == tricks[0] and loaded.destination == tricks[1]
    assert sorted(e.title for e in loaded.events) == sorted(tricks[2:4]) and loaded.people[0].name == tricks[4]
    env = {**os.environ, "HOME": str(tmp_path)}
    for command in (["agenda", str(path)], ["export", str(path)], ["check", str(path)], ["balance", str(path)]):
        run = subprocess.run([sys.executable, "-m", "tripplan", *command], capture_output=True, text=True,
                             timeout=60, env=env, cwd=tmp_path)
        assert "Traceback" not in run.stderr and not canary.exists(), (command, run.stderr)
    run = subprocess.run([sys.executable, "-m", "tripplan", "agenda", str(path)], capture_output=True, text=True,
                         timeout=60, env=env, cwd=tmp_path)
    assert tricks[2] in run.stdout  # shown as written: no template, shell or markup expansion
    assert not canary.exists()


def test_toml_tricks_in_a_trip_file_stay_data(tmp_path: Path) -> None:
    path = tmp_path / "trip.toml"
    path.write_text((DATA / "good" / "small.toml").read_text(encoding="utf-8").replace(
        'name = "Small Lisbon trip"',
        'name = """Small \\"\\"\\" trip\n[[events]]\nid = "smuggled"\n"""'), encoding="utf-8")
    trip = read_trip(path)[0]
    assert trip.name.startswith('Small """ trip\n[[events]]') and trip.event("smuggled") is None


THEMES = ROOT / "themes"


def test_theme_files_are_data(tmp_path: Path) -> None:
    import tripplan.files.themefile as themefile  # our own module: nothing to skip
    canary = tmp_path / "PWNED"
    folder = tmp_path / "themes"
    folder.mkdir()
    (folder / "evil.toml").write_text(
        f'name = "evil"\nprimary = "__import__(\'os\').system(\'touch {canary}\')"\n'
        f'[variables]\ncat-work = "$(touch {canary})"\n', encoding="utf-8")
    (folder / "sneaky.toml").write_text(
        'name = "sneaky"\ndark = true\nprimary = "#123456"\ndescription = "{{7*7}} [@click=app.quit]x[/]"\n',
        encoding="utf-8")
    specs, errors = themefile.load_folder(folder)
    assert not canary.exists()
    assert [e.filename for e in errors] == [str(folder / "evil.toml")]
    assert "primary" in errors[0].render()
    (sneaky,) = [s for s in specs if s.name == "sneaky"]
    assert sneaky.description == "{{7*7}} [@click=app.quit]x[/]" and sneaky.colours["primary"] == "#123456"
    for path in sorted(THEMES.glob("*.toml")):
        themefile.read_theme(path)  # the bundled themes are plain data too
