"""No byte that drives a terminal leaves the CLI, whatever a trip file or an argument holds (issue 18, point 7).

Every command's stdout and stderr, captured from real processes, is checked
for C0 controls (but tab and line feed), DEL, C1 controls and the bidi
overrides and isolates: a title holding ESC[2J, OSC 52 (sets the clipboard),
OSC 0 (the window title), OSC 8 (a link), DCS or a lone C1 CSI must come out
as visible text (``\\x1b[2J``), never as the control itself.  JSON output keeps
the exact text (as ``\\u`` escapes); an exported calendar written to stdout
keeps its bytes (CRLF line ends).  Point 16: an argument that is not UTF-8
is refused with a message naming it, exit 2, and the trip file is untouched.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT

NOW = "2027-03-09T11:30:00+00:00"  # during the trip, so 'today' marks now/next
BIDI = {*range(0x202A, 0x202F), *range(0x2066, 0x206A)}
FORBIDDEN = {*range(0x20), 0x7F, *range(0x80, 0xA0), *BIDI} - {0x09, 0x0A}

# What an attacker puts in a trip file: erase the screen, set the clipboard and the window title, a hidden
# link, a device control string, the 8-bit CSI and OSC, a lone ESC, backspaces and carriage returns that
# overwrite what was shown, NUL, DEL, NEL and a right-to-left override.
SEQUENCES = ("\x1b[2J\x1b[H", "\x1b]52;c;aGFja2Vk\x07", "\x1b]0;owned\x07", "\x1b]8;;https://evil.example/\x1b\\"
             "click\x1b]8;;\x1b\\", "\x1bP+q544e\x1b\\", "\x9b31m", "\x9d0;owned\x9c", "\x1b", "\x08\x08\x08",
             "\rok", "\x00", "\x7f", "\x85", "\u202eexe.txt", "\u2066x\u2069")
HOSTILE = "".join(SEQUENCES)
ARGUMENT = HOSTILE.replace("\x00", "")  # a real command line cannot hold NUL


def offending(data: bytes) -> list[str]:
    """The characters of *data* that could drive a terminal (empty when it is safe to show)."""
    text = data.decode("utf-8")  # output is UTF-8: a stray byte is a defect too
    return sorted({f"U+{ord(c):04X}" for c in text if ord(c) in FORBIDDEN})


def trip_doc(text: dict[str, str]) -> dict[str, Any]:
    """A valid two-stop trip whose every free-text field (and the ids that may hold such text) is hostile."""
    def t(key: str) -> str:
        return f"{key.capitalize()} {text[key]}"
    # Event ids may hold any character but C0 and DEL; person, objective and follow-up ids are plain.
    event_id = "e" + "".join(c for c in text["id"] if ord(c) >= 0x20 and c != "\x7f")
    return {
        "schema_version": 1,
        "trip": {"name": t("trip"), "destination": t("destination"), "home_timezone": "America/New_York",
                 "start": date(2027, 3, 8), "end": date(2027, 3, 12)},
        "stops": [{"city": t("city"), "timezone": "Europe/Lisbon", "from": date(2027, 3, 8), "to": date(2027, 3, 10)},
                  {"city": t("city") + " 2", "timezone": "Europe/Madrid", "from": date(2027, 3, 11),
                   "to": date(2027, 3, 12)}],
        "people": [
            {"id": "me", "name": t("name"), "me": True, "email": "me@example.com", "org": t("org")},
            {"id": "ana", "name": t("name") + " Ana", "email": "ana@example.com", "org": t("org"), "role": "client",
             "notes": t("notes"), "interests": [t("interest")], "log": [{"date": date(2027, 3, 1), "text": t("log")}]},
        ],
        "objectives": [{"id": "obj", "title": t("objective"), "people": ["ana"]}],
        "events": [
            {"id": event_id, "title": t("title"), "kind": "meal", "start": datetime(2027, 3, 9, 12, 0),
             "end": datetime(2027, 3, 9, 14, 0), "location": t("place"), "attendees": ["ana"], "objective": "obj",
             "notes": t("notes")},
            {"id": "e2", "title": t("title") + " 2", "kind": "meeting", "start": datetime(2027, 3, 9, 12, 30),
             "end": datetime(2027, 3, 9, 13, 0), "location": t("place"), "attendees": ["ana"]},
            {"id": "e3", "title": t("title") + " 3", "kind": "workshop", "start": datetime(2027, 3, 11, 9, 0),
             "end": datetime(2027, 3, 11, 17, 0), "location": t("place")},
        ],
        "followups": [{"id": "fu1", "person": "ana", "what": t("followup"), "due": date(2027, 3, 15),
                       "event": event_id}],
    }


FIELDS = ("trip", "destination", "city", "name", "org", "notes", "interest", "log", "objective", "title", "place",
          "followup", "id")


def write_trip(folder: Path, text: dict[str, str]) -> tuple[Path, dict[str, Any]]:
    doc = trip_doc(text)
    path = folder / "trip.toml"
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    return path, doc


def calendar(method: str) -> str:
    """A calendar from outside (an answer by mail, a conference agenda) with the hostile text in its words."""
    text = ARGUMENT.replace("\r", "")  # a CR would end the content line, a NUL makes it a binary file
    name = "\x1b[2J\x9b31m\u202e"  # a parameter cannot hold ; or : unquoted, nor a control in quotes
    return "\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//evil{text}//EN", f"METHOD:{method}", f"X-WR-CALNAME:Cal{text}",
        "BEGIN:VEVENT", f"UID:uid{text}", "DTSTAMP:20270301T000000Z", "SEQUENCE:0", "DTSTART:20270309T150000Z",
        "DTEND:20270309T160000Z", f"SUMMARY:Sum{text}", f"LOCATION:Loc{text}", f"COMMENT:Com{text}",
        f"ORGANIZER;CN=Org{name}:mailto:me@example.com",
        f"ATTENDEE;PARTSTAT=ACCEPTED;CN=Ana{name}:mailto:ana@example.com", "END:VEVENT", "END:VCALENDAR", ""])


def commands(trip: Path, copy: Path, doc: dict[str, Any], text: str, out: Path) -> list[list[str]]:
    """Every command that shows trip text, and ones that echo a hostile argument or refuse it."""
    f, c = str(trip), str(copy)
    reply, agenda = out.parent / "reply.ics", out.parent / "agenda.ics"
    reply.write_text(calendar("REPLY"), encoding="utf-8", newline="")
    agenda.write_text(calendar("PUBLISH"), encoding="utf-8", newline="")
    return [
        ["replies", c, str(reply), "--dry-run"], ["import", c, str(agenda), "--dry-run"],
        ["today", f], ["today", f, "--json"], ["today", f, "--date", "thu"], ["agenda", f],
        ["agenda", f, "--format", "md"], ["agenda", f, "--format", "json"], ["list", f], ["list", f, "--json"],
        ["brief", f, doc["events"][0]["id"]], ["brief", f, "--next"], ["check", f], ["check", f, "--json"],
        ["rsvp", f], ["objectives", f], ["followups", f], ["followups", f, "--suggest"], ["balance", f],
        ["suggest", f], ["stop", "list", f], ["invites", f, "--out", str(out), "--dry-run"],
        ["person", "add", c, "bo", "--name", "Bo " + text, "--org", text, "--notes", text],
        ["person", "log", c, "ana", "Log " + text],
        ["add", c, "Lunch " + text, "--kind", "meal", "--at", "2027-03-10 12:00", "--where", text, "--notes", text],
        ["edit", c, "e2", "--title", "Edit " + text, "--dry-run"],
        ["followups", c, "--done", "fu1"],
        ["today", f, "--person", text], ["today", f, "--date", text], ["brief", f, "No " + text],
        ["list", f, "--kind", text], ["today", f, "--" + text], ["nonsense" + text],
    ]


# Runs many commands in one real process, each through the console script's main(): the property test
# pays the interpreter's start-up once per example instead of once per command.
DRIVER = """
import json, os, sys
from tripplan.cli.main import main
for argv in json.loads(sys.argv[1]):
    for stream in (sys.stdout, sys.stderr):
        stream.write("\\n@@ " + json.dumps([os.path.basename(a) for a in argv[:3]]) + "\\n")
        stream.flush()
    try:
        main(argv)
    except SystemExit:
        pass
"""


def _env() -> dict[str, str]:
    return {**os.environ, "TRIPPLAN_NOW": NOW, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "100"}


def _leaks(stream: bytes) -> dict[str, list[str]]:
    """Which command (the driver's @@ markers) printed what."""
    found: dict[str, list[str]] = {}
    for chunk in stream.split(b"\n@@ ")[1:]:
        head, _, body = chunk.partition(b"\n")
        bad = offending(body)
        if bad:
            found[head.decode()[:120]] = bad
    return found


def run_batch(tmp: Path, text: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    trip, doc = write_trip(tmp, text)
    copy = tmp / "copy.toml"
    copy.write_bytes(trip.read_bytes())
    argvs = commands(trip, copy, doc, text["title"], tmp / "invites")
    run = subprocess.run([sys.executable, "-c", DRIVER, json.dumps(argvs)], capture_output=True, env=_env(),
                         timeout=120, cwd=tmp)
    assert b"Traceback" not in run.stderr, run.stderr.decode(errors="replace")[-3000:]
    assert run.returncode == 0
    return run


_piece = st.one_of(
    st.sampled_from(SEQUENCES),
    st.sampled_from([chr(c) for c in sorted(FORBIDDEN)]),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=4),  # lone surrogates cannot be in TOML
)
hostile_text = st.lists(_piece, min_size=1, max_size=6).map("".join)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(st.fixed_dictionaries({key: hostile_text for key in FIELDS}))
def test_no_command_sends_a_control_character_for_any_file_text(tmp_path_factory: Any, text: dict[str, str]) -> None:
    tmp = tmp_path_factory.mktemp("hostile")
    run = run_batch(tmp, text)
    assert _leaks(run.stdout) == {} and _leaks(run.stderr) == {}


def test_a_fixed_hostile_trip_through_every_command(tmp_path: Path) -> None:
    """The same with the worst text in every field, and checks that the commands really showed it."""
    run = run_batch(tmp_path, dict.fromkeys(FIELDS, HOSTILE))
    leaks = {"stdout": _leaks(run.stdout), "stderr": _leaks(run.stderr)}
    assert leaks == {"stdout": {}, "stderr": {}}
    out = run.stdout.decode()
    assert "Title \\x1b[2J\\x1b[H\\x1b]52;c;aGFja2Vk\\x07" in out  # shown, escaped, not dropped
    assert "\\u202eexe.txt" in out


def test_each_command_as_its_own_process(tmp_path: Path) -> None:
    """``python -m tripplan``, one process per command: the console script's own start-up path (the fast
    road path of today/agenda, argparse's errors) with the hostile trip, a bad file and hostile arguments."""
    trip, doc = write_trip(tmp_path, dict.fromkeys(FIELDS, HOSTILE))
    bad = tmp_path / "bad.toml"
    source = trip.read_text(encoding="utf-8")
    bad.write_text(source + f'\n[{json.dumps("evil" + HOSTILE)}]\nx = 1\n'
                   + f'[{json.dumps("more" + HOSTILE)}]\ny = 2\n', encoding="utf-8")
    unknown_key = tmp_path / "key.toml"
    unknown_key.write_text(source.replace("[trip]\n", f"[trip]\n{json.dumps('k' + HOSTILE)} = 1\n", 1),
                           encoding="utf-8")
    argvs = [["today", str(trip)], ["agenda", str(trip)], ["brief", str(trip), doc["events"][0]["id"]],
             ["check", str(trip)], ["check", str(bad)], ["today", str(unknown_key)], ["list", str(unknown_key)],
             ["today", str(trip), "--bogus" + ARGUMENT], [str(tmp_path / ("missing" + ARGUMENT + ".toml"))],
             ["invites", str(trip), "--out", str(tmp_path / "inv"), "--dry-run"]]
    for argv in argvs:
        run = subprocess.run([sys.executable, "-m", "tripplan", *argv], capture_output=True, env=_env(),
                             timeout=60, cwd=tmp_path)
        assert b"Traceback" not in run.stderr, (argv[0], run.stderr.decode(errors="replace")[-2000:])
        assert (offending(run.stdout), offending(run.stderr)) == ([], []), argv[:2]
    run = subprocess.run([sys.executable, "-m", "tripplan", "check", str(bad)], capture_output=True, env=_env())
    assert run.returncode == 2 and b"evil\\x1b[2J" in run.stderr  # the located message still names the key


def test_json_output_keeps_the_exact_text(tmp_path: Path) -> None:
    """JSON is for programs: the controls are escaped the JSON way, so the document parses to the file's text."""
    text = dict.fromkeys(FIELDS, HOSTILE)
    trip, doc = write_trip(tmp_path, text)
    title = doc["events"][0]["title"]
    for argv in (["today", str(trip), "--json"], ["agenda", str(trip), "--format", "json"],
                 ["list", str(trip), "--json"]):
        run = subprocess.run([sys.executable, "-m", "tripplan", *argv], capture_output=True, env=_env(),
                             timeout=60)
        assert run.returncode == 0 and offending(run.stdout) == [], argv
        assert title in strings(json.loads(run.stdout)), argv


def strings(value: Any) -> set[str]:
    """Every string in a parsed JSON document."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        value = list(value.values())
    return set().union(*map(strings, value)) if isinstance(value, list) else set()


def test_an_exported_calendar_on_stdout_keeps_its_bytes(tmp_path: Path) -> None:
    """A file format is not terminal text: ``export`` to stdout gives the bytes ``-o`` writes, CRLF and all."""
    trip, _ = write_trip(tmp_path, dict.fromkeys(FIELDS, HOSTILE))
    piped = subprocess.run([sys.executable, "-m", "tripplan", "export", str(trip)], capture_output=True,
                           env=_env(), timeout=60)
    assert piped.returncode == 0, piped.stderr
    out = tmp_path / "out.ics"
    written = subprocess.run([sys.executable, "-m", "tripplan", "export", str(trip), "-o", str(out)],
                             capture_output=True, env=_env(), timeout=60)
    assert written.returncode == 0, written.stderr
    assert piped.stdout == out.read_bytes() and b"\r\nEND:VCALENDAR\r\n" in piped.stdout


def run_in_terminal(argv: list[str], cwd: Path, answer: bytes = b"", after: bytes = b"") -> bytes:
    """Run the CLI on a real pseudo-terminal (a tty for stdin, stdout and stderr) and return what it showed;
    *answer* is typed once *after* has been shown."""
    import fcntl
    import select
    import struct
    import termios
    import time

    main_fd, tty_fd = os.openpty()
    fcntl.ioctl(tty_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "tripplan", *argv], stdin=tty_fd, stdout=tty_fd, stderr=tty_fd,
                            env={**_env(), "TERM": "dumb"}, cwd=cwd, start_new_session=True)
    os.close(tty_fd)
    shown, deadline = b"", time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main_fd], [], [], deadline - time.monotonic())
            if not ready:
                break
            try:
                chunk = os.read(main_fd, 65536)
            except OSError:  # EIO: every copy of the terminal's other end is closed, the process is done
                break
            if not chunk:
                break
            shown += chunk
            if answer and after in shown:
                os.write(main_fd, answer)
                answer = b""
    finally:
        os.close(main_fd)
        proc.wait(timeout=60)
    return shown


def test_a_real_terminal_shows_the_text_and_the_prompt_without_controls(tmp_path: Path) -> None:
    """On a tty (``today`` wraps to its width, ``edit`` asks which occurrence): the terminal gets no control
    character but the CR of its own line ends (the tty turns each LF into CR LF)."""
    text = dict.fromkeys(FIELDS, HOSTILE)
    doc = trip_doc(text)
    doc["events"][2]["repeat"] = "FREQ=DAILY;COUNT=2"
    trip = tmp_path / "trip.toml"
    trip.write_text(tomli_w.dumps(doc), encoding="utf-8")
    before = trip.read_bytes()
    for argv, answer in ((["today", str(trip)], b""), (["brief", str(trip), doc["events"][0]["id"]], b""),
                         (["edit", str(trip), "e3@2027-03-11", "--title", "New"], b"c\n")):
        shown = run_in_terminal(argv, tmp_path, answer, after=b"[c]ancel? ")
        assert b"Title \\x1b[2J" in shown, (argv[0], shown[-500:])
        assert offending(shown.replace(b"\r\n", b"\n")) == [], argv[0]
    assert b"cancelled; nothing changed" in shown and trip.read_bytes() == before


@given(hostile_text)
def test_the_filters_are_idempotent_and_json_stays_the_same_document(text: str) -> None:
    """Text made visible is plain characters: the filter of the streams leaves it as it is (nothing is
    escaped twice); a JSON document after visible_json parses to the same value and has nothing left to hide."""
    from tripplan.visible import visible, visible_json

    shown = visible(text)
    assert visible(shown) == shown and offending(shown.encode()) == []
    document = visible_json(json.dumps({"title": text, text: [text]}, ensure_ascii=False, indent=2))
    assert json.loads(document) == {"title": text, text: [text]}
    assert visible(document) == document


def test_a_traceback_quoting_file_text_is_filtered_too() -> None:
    """A bug's traceback is printed after main() put the streams back; its message may quote a title."""
    code = ("from tripplan.cli import terminal\nterminal.install()()\n"
            f"raise RuntimeError({HOSTILE!r})\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, env=_env(), timeout=60)
    assert run.returncode == 1 and b"RuntimeError: \\x1b[2J" in run.stderr
    assert offending(run.stderr) == []


def test_prompts_written_past_sys_stdout_are_filtered(monkeypatch: Any) -> None:
    """getpass writes its prompt to the terminal itself, input() too when it is one: both get visible text."""
    from tripplan.cli import terminal

    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or "pw")
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "t")
    assert terminal.secret(f"Password for al{HOSTILE} at cal.example: ") == "pw"
    assert terminal.ask(f"“Title{HOSTILE}” repeats: [t]his, [a]ll? ") == "t"
    assert [offending(a.encode()) for a in asked] == [[], []] and all("\\x1b]52;" in a for a in asked)
