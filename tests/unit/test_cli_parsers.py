"""The parser of one command (built for the command named, as ``tripplan today`` does) agrees with the full one."""

from __future__ import annotations

import contextlib
import io

import pytest

from tripplan.cli.main import COMMANDS, build_parser


def _help(command: str | None, argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        build_parser(command).parse_args(argv)
    return out.getvalue()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_one_command_parser_matches_the_full_one(command: str) -> None:
    alone = _help(command, [command, "--help"])
    assert "usage: tripplan " + command in alone
    assert alone == _help(None, [command, "--help"])


@pytest.mark.parametrize("argv", [
    ["today", "f.toml"], ["today", "f.toml", "--json"], ["today", "--date", "2027-03-09", "f.toml"],
    ["today", "f.toml", "--date=day 2", "--json", "--person", "bo"], ["agenda", "f.toml"],
    ["agenda", "f.toml", "--days", "3"], ["agenda", "f.toml", "--from", "tomorrow", "--format", "md"],
    ["agenda", "f.toml", "--format=json", "--date", "tue"], ["person", "log", "f.toml", "ana", "hello"],
    ["stop", "list", "f.toml", "--json"], ["list", "f.toml", "--kind", "meal"],
])
def test_one_command_parser_reads_a_line_as_the_full_one(argv: list[str]) -> None:
    alone, full = vars(build_parser(argv[0]).parse_args(argv)), vars(build_parser().parse_args(argv))
    assert alone.pop("run").__qualname__ == full.pop("run").__qualname__
    assert alone == full
