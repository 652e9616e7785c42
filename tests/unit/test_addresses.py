"""E-mail addresses: anything a mail server or calendar would alter is refused where it is written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA
from tripplan.trip.addresses import email_problem

GOOD = ["ana@acme.example", "ana.ruiz+lisbon@acme-iberia.example", "o'brien@example.ie", "name.@docomo.ne.jp",
        "joão@exemplo.pt", "ana@bücher.example", "x@localhost", "a_b-c@sub.domain.example"]
BAD = ["mailto:ana@acme.example", "MAILTO:ana@acme.example", "ana\x1b[2J@acme.example", "ana@acme.example\x07",
       "ana\x9b@acme.example", "\"ana ruiz\"@acme.example", "ana ruiz@acme.example", "Ana <ana@acme.example>",
       "ana@acme.example, bo@acme.example", "ana;bo@acme.example", "ana@@acme.example", "ana@", "@acme.example",
       "ana", "ana@acme..example", "ana@-acme.example", "ana\u202e@acme.example", "ana@acme.example\n",
       "ana:bo@acme.example", "a" * 250 + "@x.example"]


@pytest.mark.parametrize("text", GOOD)
def test_plain_addresses_are_kept(text: str) -> None:
    assert email_problem(text) is None


@pytest.mark.parametrize("text", BAD, ids=[repr(t)[:40] for t in BAD])
def test_addresses_a_server_would_alter_are_refused(text: str) -> None:
    assert email_problem(text)


@pytest.mark.parametrize("email", ["mailto:ana@acme.example", "ana\x1b]52;c;aGk=\x07@acme.example",
                                   "\"ana\"@acme.example"])
def test_person_add_refuses_them_and_leaves_the_file(email: str, tmp_path: Path) -> None:
    trip = tmp_path / "trip.toml"
    trip.write_bytes((DATA / "good" / "small.toml").read_bytes())
    before = trip.read_bytes()
    run = subprocess.run([sys.executable, "-m", "tripplan", "person", "add", str(trip), "bo", "--name", "Bo",
                          "--email", email], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "is not an e-mail address" in run.stderr and "Traceback" not in run.stderr
    assert "\x1b" not in run.stderr and "\x07" not in run.stderr  # the message shows the address, not its escapes
    assert trip.read_bytes() == before
