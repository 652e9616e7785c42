"""Comments in a hand-edited trip file survive every save (issue 18, point 6).

Real CLI writers run as subprocesses on a hand-written, commented file; the
editing API saves in-process.  A comment that has no place left (its event
was deleted) is reported on stderr, and the original is kept in a dated copy.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tripplan.edit.session import EditSession
from tripplan.files.encode import dumps
from tripplan.files.storage import parse_trip, read_trip, save_trip

HAND = '''# tripplan trip file — format: docs/trip-format.md
# Lisbon trip: kept in git, edited by hand.
# Owner: Jordan
schema_version = 1

# --- the trip itself ---
[trip]   # the whole trip
uid = "9b2d0c4e-5f0a-4f57-b1c7-0d6c2f7e4a11"
name = "Lisbon client visit"  # the client's own name for it
timezone = "Europe/Lisbon"
home_timezone = "America/New_York"
# dates agreed with Ana on 3 Feb
start = 2027-03-08
end = 2027-03-12

[trip.culture]
# from the Lisbon office
greetings = "A handshake # data, not a comment"

[[people]]
# Ana is the client sponsor
id = "ana-ruiz"
name = "Ana Ruiz"
email = "ana.ruiz@acme.example"
role = "client"
interests = [
    "jazz",  # she plays piano
    # and she runs
    "marathon running",
]

[[people.log]]  # the first call
date = 2027-01-20
text = "Call about pricing; #1 worry: the timeline."

[[people]]
id = "jordan"
name = "Jordan Lee"
me = true

[[objectives]]
# why we go at all
id = "trust-ana"
title = "Win Ana's trust"
people = ["ana-ruiz"]  # only Ana

# the dinner is the point of the trip
[[events]]
id = "dinner-acme-1"   # invites use this id
title = "Dinner with the Acme team"
kind = "meal"
start = 2027-03-09T19:30:00
end = 2027-03-09T22:00:00
location = "Taberna da Rua, Alfama"  # booked by phone
attendees = ["ana-ruiz"]
notes = """
Book the window table. # kept in the notes
Ask about the marathon."""  # notes end here

[[events]]
id = "standup"
title = "Team stand-up"
kind = "meeting"
start = 2027-03-10T09:30:00
end = 2027-03-10T09:45:00

[[events]]
# ask Jordan before moving this
id = "museum-day"
title = "Gulbenkian Museum"
kind = "museum"
start = 2027-03-11
end = 2027-03-12

[[followups]]
# promised at the dinner
id = "fu-ana-proposal"
person = "ana-ruiz"
what = "Send the revised rollout plan"
due = 2027-03-15
event = "dinner-acme-1"

# end of file: nothing below
'''

# Each whole-line comment and the line that must follow it; each inline comment and the start of its line.
BEFORE = {
    "# Lisbon trip: kept in git, edited by hand.": "# Owner: Jordan",
    "# Owner: Jordan": "schema_version = 1",
    "# --- the trip itself ---": "[trip]",
    "# dates agreed with Ana on 3 Feb": "start = 2027-03-08",
    "# from the Lisbon office": "greetings = ",
    "# Ana is the client sponsor": 'id = "ana-ruiz"',
    "    # and she runs": '    "marathon running",',
    "# why we go at all": 'id = "trust-ana"',
    "# the dinner is the point of the trip": "[[events]]",
    "# ask Jordan before moving this": 'id = "museum-day"',
    "# promised at the dinner": 'id = "fu-ana-proposal"',
}
INLINE = {
    "# the whole trip": "[trip]",
    "# the client's own name for it": 'name = "Lisbon client visit"',
    "# she plays piano": '    "jazz",',
    "# the first call": "",  # on [[people.log]]; tripplan writes the entry as a list item of the person's log
    "# only Ana": "people = [",
    "# invites use this id": 'id = "dinner-acme-1"',
    "# booked by phone": "location = ",
    "# notes end here": 'Ask about the marathon."""',
}
HEADER = "# tripplan trip file — format: docs/trip-format.md\n"
IN_STRINGS = ("# data, not a comment", "#1 worry", "# kept in the notes")


def tripplan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tripplan", *args], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)


def assert_comments_in_place(text: str, *, without: tuple[str, ...] = ()) -> None:
    lines = text.split("\n")
    assert text.startswith(HEADER) and text.count(HEADER.strip()) == 1
    for comment, following in BEFORE.items():
        if comment in without:
            assert comment not in lines
            continue
        assert lines.count(comment) == 1, comment
        assert lines[lines.index(comment) + 1].startswith(following), (comment, text)
    for comment, start in INLINE.items():
        found = [line for line in lines if line.endswith(comment)]
        assert len(found) == 1, (comment, text)
        assert found[0].startswith(start), (found, start)
    assert lines[-2:] == ["# end of file: nothing below", ""]
    for inside in IN_STRINGS:  # a '#' inside a string is data: neither lost nor copied out as a comment
        assert text.count(inside) == 1, inside


@pytest.fixture
def hand(tmp_path: Path) -> Path:
    path = tmp_path / "lisbon.toml"
    path.write_text(HAND, encoding="utf-8")
    return path


def test_the_hand_written_file_is_a_valid_trip() -> None:
    trip = parse_trip(HAND.encode(), "hand")
    assert trip.event("dinner-acme-1") is not None and "# kept in the notes" in trip.event("dinner-acme-1").notes
    assert_comments_in_place(HAND)


def test_add_keeps_every_comment_in_place(hand: Path) -> None:
    before, _ = read_trip(hand)
    run = tripplan("add", str(hand), "Coffee with Ana", "--kind", "meeting", "--at", "2027-03-10 11:00",
                   "--with", "ana-ruiz")
    assert run.returncode == 0, run.stderr
    assert "note:" not in run.stderr and not list(hand.parent.glob("*.orig"))
    text = hand.read_text(encoding="utf-8")
    assert_comments_in_place(text)
    after, _ = read_trip(hand)
    added = [e for e in after.events if e.title == "Coffee with Ana"]
    assert len(added) == 1 and list(added[0].attendees) == ["ana-ruiz"]
    assert replace(after, events=[e for e in after.events if e not in added]) == before
    # The file is the plain file of that trip plus the comments: the same document.
    assert tomli.loads(text) == tomli.loads(dumps(after))


def test_person_add_move_and_rm_keep_the_comments(hand: Path) -> None:
    steps = (("person", "add", str(hand), "rui", "--name", "Rui Costa", "--org", "Acme"),
             ("move", str(hand), "museum-day", "--by", "-3d"),
             ("rm", str(hand), "standup", "--yes"))
    for step in steps:
        run = tripplan(*step)
        assert run.returncode == 0, (step, run.stderr)
        assert "note:" not in run.stderr, step
        assert_comments_in_place(hand.read_text(encoding="utf-8"))
    trip, _ = read_trip(hand)
    assert trip.person("rui") is not None and trip.event("standup") is None
    assert str(trip.event("museum-day").local_start.date()) == "2027-03-08"
    text = hand.read_text(encoding="utf-8")  # moved before the dinner, with its comment
    assert text.index("# ask Jordan before moving this") < text.index("# the dinner is the point of the trip")
    assert not list(hand.parent.glob("*.orig"))


def test_deleting_the_event_of_a_comment_keeps_a_dated_copy_and_says_so(hand: Path) -> None:
    original = hand.read_bytes()
    run = tripplan("rm", str(hand), "museum-day", "--yes")
    assert run.returncode == 0, run.stderr
    copies = list(hand.parent.glob("lisbon.*.toml.orig"))
    assert len(copies) == 1 and copies[0].read_bytes() == original
    assert "note: 1 comment in lisbon.toml (line 68) could not be kept (the event they were in was removed)" \
        in run.stderr
    assert copies[0].name in run.stderr
    assert_comments_in_place(hand.read_text(encoding="utf-8"), without=("# ask Jordan before moving this",))
    # A second loss never overwrites the first copy.
    run = tripplan("rm", str(hand), "dinner-acme-1", "--yes")
    assert run.returncode == 0, run.stderr
    assert "could not be kept" in run.stderr
    assert len(list(hand.parent.glob("lisbon.*.toml.orig"))) == 2 and copies[0].read_bytes() == original


def test_the_editing_api_keeps_comments_and_reports_a_loss(hand: Path) -> None:
    session = EditSession.open(hand)
    session.move_event("museum-day", timedelta(days=-1))
    event = session.trip.event("dinner-acme-1")
    session.replace_event(replace(event, location="Cervejaria Ramiro"))
    stamp = session.save()
    assert stamp.note == ""
    text = hand.read_text(encoding="utf-8")
    assert any(line.startswith('location = "Cervejaria Ramiro" ') and line.endswith("  # booked by phone")
               for line in text.split("\n"))  # at the column it was typed at
    assert_comments_in_place(text)
    assert session.save().note == "" and hand.read_text(encoding="utf-8") == text  # a no-op save changes nothing
    session.delete_event("museum-day")
    stamp = session.save()
    assert "1 comment in lisbon.toml" in stamp.note and ".toml.orig" in stamp.note
    copy = next(hand.parent.glob("lisbon.*.toml.orig"))
    assert copy.read_text(encoding="utf-8") == text and copy.name in stamp.note
    assert stamp == read_trip(hand)[1]  # the note is no part of what the stamp compares


def test_a_key_that_is_removed_takes_its_comment_and_says_so(hand: Path) -> None:
    session = EditSession.open(hand)
    session.replace_event(replace(session.trip.event("dinner-acme-1"), location=""))
    note = session.save().note
    assert "could not be kept (the field they were on was removed)" in note
    assert "# booked by phone" not in hand.read_text(encoding="utf-8")


def test_stops_and_their_tables_keep_comments(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parents[2] / "sample_trips" / "asia-roadshow.toml"
    text = sample.read_text(encoding="utf-8")
    text = text.replace('[[stops]]\ncity = "Tokyo"', '# Tokyo: second stop\n[[stops]]  # JP\ncity = "Tokyo"', 1)
    text = text.replace("[stops.meals]\n", "[stops.meals]\n# Singapore eats early\n", 1)
    path = tmp_path / "asia.toml"
    path.write_text(text, encoding="utf-8")
    run = tripplan("add", str(path), "Team breakfast", "--kind", "meal", "--at", "2027-06-11 08:00")
    assert run.returncode == 0, run.stderr
    out = path.read_text(encoding="utf-8")
    assert '# Tokyo: second stop\n[[stops]]  # JP\ncity = "Tokyo"' in out
    assert "[stops.meals]\n# Singapore eats early\nlunch" in out


def test_a_merge_that_would_change_the_trip_is_never_written(hand: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If putting the comments back ever changed the document (a bug), the plain text is saved, and said."""
    import tripplan.files.comment_merge as commentsave

    monkeypatch.setattr(commentsave, "merge", lambda old, new: (new.replace('"Ana Ruiz"', '"Ana"'), []))
    trip, stamp = read_trip(hand)
    saved = save_trip(trip, hand, stamp)
    assert hand.read_text(encoding="utf-8") == dumps(trip)
    assert "could not be kept" in saved.note
    assert next(hand.parent.glob("lisbon.*.toml.orig")).read_text(encoding="utf-8") == HAND


def test_a_file_without_comments_is_written_as_before(tmp_path: Path) -> None:
    trip = parse_trip(HAND.encode(), "hand")
    path = tmp_path / "plain.toml"
    path.write_text(dumps(trip).replace("Ana Ruiz", "Ana R."), encoding="utf-8")
    trip, stamp = read_trip(path)
    assert save_trip(trip, path, stamp).note == "" and path.read_text(encoding="utf-8") == dumps(trip)


# --- property: comments typed anywhere a comment may go survive a no-op save and a one-event edit ------------

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "sample_trips").glob("*.toml"))
_COMMENT_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=20)


def _open_string_lines(lines: list[str]) -> set[int]:
    """Lines that start inside a multi-line string (tripplan writes them with \"\"\"): no comment can go there."""
    inside, result = False, set()
    for index, line in enumerate(lines):
        if inside:
            result.add(index)
        if line.count('"""') % 2:
            inside = not inside
    return result


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sample=st.sampled_from(SAMPLES), data=st.data())
def test_random_comments_survive_saves(tmp_path: Path, sample: Path, data: st.DataObject) -> None:
    text = sample.read_text(encoding="utf-8")
    lines = text.split("\n")[:-1]
    blocked = _open_string_lines(lines)
    spots = [i for i in range(1, len(lines) + 1) if i not in blocked]  # a whole-line comment goes before line i
    ends = [i for i in range(1, len(lines)) if i not in blocked and i + 1 not in blocked and '"""' not in lines[i]
            and lines[i].strip()]  # an inline comment goes after the value on line i
    chosen = data.draw(st.lists(st.sampled_from(spots), min_size=1, max_size=6, unique=True), label="lines")
    inline = data.draw(st.lists(st.sampled_from(ends), max_size=4, unique=True), label="inline")
    comments: dict[int, str] = {}
    for i in sorted(inline):
        lines[i] += "  # " + data.draw(_COMMENT_TEXT, label="inline text")
    for i in sorted(chosen, reverse=True):
        comments[i] = f"{data.draw(st.sampled_from(['', '    ']))}# c{i} " + data.draw(_COMMENT_TEXT)
        lines.insert(i, comments[i])
    commented = "\n".join(lines) + "\n"
    assert tomli.loads(commented) == tomli.loads(text)  # the comments went where comments may go
    path = tmp_path / f"{sample.stem}-{len(list(tmp_path.iterdir()))}.toml"
    path.write_text(commented, encoding="utf-8")
    trip, stamp = read_trip(path)
    stamp = save_trip(trip, path, stamp)
    assert stamp.note == "" and path.read_text(encoding="utf-8") == commented  # a no-op save changes no byte
    # One event's title changes (same length, so every inline comment keeps its column): nothing else does.
    event = data.draw(st.sampled_from([e for e in trip.events if '"' not in e.title and "\\" not in e.title]))
    title = "T" * len(event.title)
    old_line, new_line = f'title = "{event.title}"', f'title = "{title}"'
    trip.events[trip.events.index(event)] = replace(event, title=title)
    stamp = save_trip(trip, path, stamp)
    saved = path.read_text(encoding="utf-8")
    assert stamp.note == ""
    assert saved.split("\n") == [new_line + line[len(old_line):] if line.startswith(old_line) and
                                 _in_event(commented, line, event.id) else line for line in commented.split("\n")]
    assert tomli.loads(saved) == tomli.loads(dumps(trip))


def _in_event(text: str, line: str, event_id: str) -> bool:
    """Whether *line* (a title line) is the one of the event *event_id* in *text*."""
    start = text.index(f'id = "{event_id}"')
    return text.find(line, start) == text.find("\ntitle = ", start) + 1


def test_a_log_entry_keeps_its_comment_when_it_is_written_the_other_way(hand: Path) -> None:
    """tomli-w writes a short log entry as a list item and a long one as a [[people.log]] table: both ways."""
    trip, stamp = read_trip(hand)
    ana = trip.person("ana-ruiz")
    stamp = save_trip(trip, hand, stamp)  # hand-written [[people.log]] -> a list item, the comment on its line
    text = hand.read_text(encoding="utf-8")
    item = next(line for line in text.split("\n") if "#1 worry" in line)
    assert item.startswith("    { date = 2027-01-20") and item.endswith("# the first call")
    longer = "Call about pricing; #1 worry: the timeline, then the budget, then who runs the rollout in Porto."
    ana.log[0] = replace(ana.log[0], text=longer)
    stamp = save_trip(trip, hand, stamp)  # now too long for a list item: a table again, the comment with it
    assert stamp.note == ""
    text = hand.read_text(encoding="utf-8")
    assert "[[people.log]]  # the first call\n" in text
    assert read_trip(hand)[0] == trip
    assert_comments_in_place(text.replace("the budget", "").replace("the timeline, then ", "the timeline."))


def test_crlf_bom_and_literal_strings(hand: Path) -> None:
    """A file saved on Windows (CRLF, a BOM), notes as a literal multi-line string holding '#' and quotes."""
    text = HAND.replace('location = "Taberna da Rua, Alfama"  # booked by phone',
                        "location = '''Taberna da Rua, Alfama'''  # booked by phone")
    text = text.replace('title = "Gulbenkian Museum"', "title = 'Gulbenkian Museum'\nnotes = '''\n# room 3\n"
                        '"""\n# not a comment\'\'\'  # after the notes')
    hand.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    trip, stamp = read_trip(hand)
    assert trip.event("museum-day").notes == '# room 3\n"""\n# not a comment'
    assert save_trip(trip, hand, stamp).note == ""
    out = hand.read_text(encoding="utf-8")
    assert "\r" not in out and read_trip(hand)[0] == trip
    assert_comments_in_place(out)
    assert out.count("# room 3") == 1 and out.count("# not a comment") == 1
    assert out.split("\n").count("# ask Jordan before moving this") == 1
    assert next(line for line in out.split("\n") if "# after the notes" in line).startswith("# not a comment")


def test_travel_times_written_as_tables_keep_their_comment(tmp_path: Path) -> None:
    """The docs' own example style: [[travel_times]] tables, which tripplan writes as one list at the top."""
    path = tmp_path / "lisbon.toml"
    top = "# Lisbon trip: kept in git, edited by hand.\n# Owner: Jordan\n"  # none at the top level this time
    table = ('\n# measured on foot\n[[travel_times]]  # via Baixa\n'
             'from = "Acme HQ"\nto = "Taberna da Rua, Alfama"\nminutes = 25\n\n[[followups]]')
    path.write_text(HAND.replace(top, "").replace("\n[[followups]]", table), encoding="utf-8")
    trip, stamp = read_trip(path)
    assert save_trip(trip, path, stamp).note == ""
    text = path.read_text(encoding="utf-8")
    assert '# measured on foot\n    { from = "Acme HQ", to = "Taberna da Rua, Alfama", minutes = 25 },  # via Baixa' \
        in text
    assert read_trip(path)[0] == trip
