"""Every command's --help ends with examples of it: run as a user would, the commands read from the help itself."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tripplan.cli.main import COMMANDS

# A subcommand line of a help's "positional arguments" block: four spaces, the name (its help may wrap below it).
_SUBCOMMAND = re.compile(r"^ {4}(?! )(?P<name>[a-z][a-z0-9-]*)(?: |$)")


def _help(*command: str) -> str:
    run = subprocess.run([sys.executable, "-m", "tripplan", *command, "--help"], capture_output=True, text=True,
                         timeout=60, env={**os.environ, "COLUMNS": "120"})
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    return run.stdout


def _subcommands(help_text: str) -> list[str]:
    """The subcommands a help lists (``COMMAND ...``/``ACTION ...`` in its usage), in its order; [] for a leaf."""
    usage = help_text.split("\n\n", 1)[0]
    if not re.search(r"\b[A-Z]+ \.\.\.$", usage.strip()):
        return []
    block = help_text.split("positional arguments:\n", 1)[1].split("\n\n", 1)[0]
    return [m["name"] for line in block.splitlines() if (m := _SUBCOMMAND.match(line))]


def _examples(help_text: str, command: list[str]) -> list[str]:
    """The example lines of *command* in its help: after an 'example(s):' heading, starting 'tripplan COMMAND'."""
    heading = re.search(r"^examples?:$", help_text, re.MULTILINE | re.IGNORECASE)
    if heading is None:
        return []
    prefix = " ".join(["tripplan", *command])
    return [line.strip() for line in help_text[heading.end():].splitlines()
            if line.strip() == prefix or line.strip().startswith(prefix + " ")]


TOP = _help()
TOP_COMMANDS = _subcommands(TOP)


@pytest.mark.parametrize("command", TOP_COMMANDS)
def test_every_command_help_shows_an_example_of_it(command: str) -> None:
    assert set(TOP_COMMANDS) == COMMANDS  # the walk found every command main() dispatches
    text = _help(command)
    missing = [] if _examples(text, [command]) else [command]
    for action in _subcommands(text):
        if not _examples(_help(command, action), [command, action]):
            missing.append(f"{command} {action}")
    assert not missing, f"no 'examples:' with a 'tripplan {command} …' line in the --help of: {', '.join(missing)}"
