"""A small three-city trip file for the command-line tests of stops and travellers, and a way to run tripplan.

Singapore (10–13 May 2027), Tokyo (14–16), Seoul (17–18); Sam is me (home
London), Bo a travelling teammate from New York, Kim a client.  Events:
one for everyone (no ``travellers``), one for Sam alone, one for Bo alone
with Kim, one no traveller attends (Kim's call), and one on each city's day.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROADSHOW = """\
schema_version = 1

[trip]
uid = "roadshow-test"
name = "Roadshow"
destination = "Singapore, Tokyo, Seoul"
home_timezone = "Europe/London"
start = 2027-05-10
end = 2027-05-18

[[people]]
id = "sam"
name = "Sam Lee"
email = "sam@example.com"
me = true

[[people]]
id = "bo"
name = "Bo Chen"
travels = true
home_timezone = "America/New_York"

[[people]]
id = "kim"
name = "Kim Park"
org = "Acme"
role = "client"

[[stops]]
city = "Singapore"
timezone = "Asia/Singapore"
from = 2027-05-10

[[stops]]
city = "Tokyo"
timezone = "Asia/Tokyo"
from = 2027-05-14

[[stops]]
city = "Seoul"
timezone = "Asia/Seoul"
from = 2027-05-17

[[events]]
id = "kickoff"
title = "Kick-off"
kind = "meeting"
start = 2027-05-11T09:00:00
end = 2027-05-11T10:00:00
attendees = ["kim"]

[[events]]
id = "lunch"
title = "Tokyo lunch"
kind = "meal"
start = 2027-05-14T12:00:00
end = 2027-05-14T13:00:00

[[events]]
id = "kims-call"
title = "Kim's call"
kind = "meeting"
start = 2027-05-15T09:00:00
end = 2027-05-15T09:30:00
attendees = ["kim"]
travellers = []

[[events]]
id = "solo"
title = "Sam solo"
kind = "meeting"
start = 2027-05-17T10:00:00
end = 2027-05-17T11:00:00
travellers = ["sam"]

[[events]]
id = "bo-dinner"
title = "Bo's dinner"
kind = "meal"
start = 2027-05-17T19:00:00
end = 2027-05-17T21:00:00
attendees = ["kim"]
travellers = ["bo"]
"""

LISBON = """\
schema_version = 1

[trip]
uid = "lisbon-test"
name = "Lisbon"
destination = "Lisbon"
timezone = "Europe/Lisbon"
home_timezone = "America/New_York"
start = 2027-03-08
end = 2027-03-12
"""


def tripplan(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command line in a fresh process (the tests' cache folder and frozen clock are inherited)."""
    return subprocess.run([sys.executable, "-m", "tripplan", *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})


def write(folder: Path, text: str = ROADSHOW, name: str = "trip.toml") -> Path:
    """The trip file *text* written into *folder*."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(run: subprocess.CompletedProcess[str], path: Path, before: bytes, *words: str) -> None:
    """A refusal: exit 2, a message naming *words*, no traceback, the file unchanged."""
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr
    for word in words:
        assert word in run.stderr, run.stderr
    assert path.read_bytes() == before
