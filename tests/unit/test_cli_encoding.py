"""Arguments that are not UTF-8, terminals that are not UTF-8 (issue 18, point 16): a message, never a traceback.

"Café" typed on a Latin-1 terminal reaches Python as the bytes ``Caf\\xe9``,
which it reads as a lone surrogate: printing it raised UnicodeEncodeError,
and saving it into the trip failed half-way.  Such an argument is refused
up front with its number and its bytes shown, exit 2, the file untouched.
An output encoding without some character (``PYTHONIOENCODING=ascii``, an
ASCII locale) prints it as a backslash escape instead of failing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import ROOT
from tests.unit.test_terminal_output import FIELDS, HOSTILE, offending, trip_doc
from tripplan.cli.main import main
from tripplan.files.storage import read_trip

ENV = {"TRIPPLAN_NOW": "2027-03-09T11:30:00+00:00", "PYTHONPATH": str(ROOT / "src")}


def tripplan(args: list[str | bytes], **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "tripplan", *args], capture_output=True, timeout=60,
                          env={**os.environ, **ENV, **env})


def _trip(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "trip.toml"
    path.write_text(tomli_w.dumps(trip_doc(dict.fromkeys(FIELDS, text))), encoding="utf-8")
    return path


def test_a_latin1_argument_is_refused_with_its_number_and_bytes(tmp_path: Path) -> None:
    trip = _trip(tmp_path, "x")
    before = trip.read_bytes()
    for args in (["add", str(trip), b"Caf\xe9", "--kind", "meal", "--at", "2027-03-10 12:00"],
                 ["person", "add", str(trip), "bo", "--name", b"Jos\xe9 \x1b[2J"]):
        run = tripplan(args)
        assert run.returncode == 2 and run.stdout == b"", run.stderr
        assert b"Traceback" not in run.stderr
        number = 3 if args[0] == "add" else 6
        assert run.stderr.startswith(f"tripplan: argument {number} '".encode()), run.stderr
        assert b"is not UTF-8 text" in run.stderr and b"\\xe9" in run.stderr
        assert offending(run.stderr) == []
        assert trip.read_bytes() == before


def test_utf8_typed_under_an_ascii_locale_is_read_as_utf8(tmp_path: Path) -> None:
    """Python under an ASCII locale (no UTF-8 mode) sees the UTF-8 bytes of "José" as surrogates too: they are
    UTF-8, so they are read as such, saved as "José", and shown with a backslash escape on that terminal."""
    trip = _trip(tmp_path, "x")
    run = tripplan(["person", "add", str(trip), "bo", "--name", "José".encode()],
                   LC_ALL="C", LANG="C", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0", PYTHONIOENCODING="")
    assert run.returncode == 0, run.stderr
    assert b"Added Jos\\xe9" in run.stdout
    assert read_trip(trip)[0].person("bo").name == "José"  # type: ignore[union-attr]


def test_an_ascii_terminal_gets_escapes_not_a_traceback(tmp_path: Path) -> None:
    trip = _trip(tmp_path, "Café 東京 " + HOSTILE)
    for args in (["today", str(trip)], ["brief", str(trip), "--next"], ["check", str(trip)],
                 ["list", str(trip), "--kind", "Café"]):
        run = tripplan(args, PYTHONIOENCODING="ascii")
        assert b"Traceback" not in run.stderr, run.stderr[-800:]
        assert run.returncode in (0, 1, 2) and (run.stdout + run.stderr).isascii(), args
        assert offending(run.stdout) == offending(run.stderr) == []
    assert b"Caf\\xe9 \\u6771\\u4eac" in tripplan(["today", str(trip)], PYTHONIOENCODING="ascii").stdout


@given(st.lists(st.text(st.characters(codec=None)) | st.sampled_from(["\udcc3\udca9", "Caf\udce9"]), max_size=4))
def test_every_argument_list_is_text_or_refused(argv: list[str]) -> None:
    from tripplan.cli.terminal import utf8_arguments

    found, refused = utf8_arguments(argv)
    if refused is None:
        assert len(found) == len(argv)
        for given_arg, read in zip(argv, found, strict=True):
            read.encode("utf-8")  # text that can be printed and saved
            assert read == given_arg or os.fsencode(given_arg) == read.encode("utf-8")  # the bytes typed
    else:
        assert found == [] and "is not UTF-8 text" in refused
        assert any(0xD800 <= ord(c) <= 0xDFFF for arg in argv for c in arg)


def test_main_refuses_a_lone_surrogate_in_process(capsys: object) -> None:
    assert main(["add", "trip.toml", "Caf\udce9"]) == 2
    assert main(["today", "\ud800.toml"]) == 2  # no byte decodes to this one: shown as an escape
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert "argument 3 'Caf\\xe9' is not UTF-8 text" in err and "argument 2 '\\ud800.toml'" in err
