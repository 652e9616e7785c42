"""``tripplan FILE``: open the trip in the app (or, in a pipe, print its agenda).

Kept apart from ``cli.road_run`` so that opening the app imports nothing the
road commands need (the agenda, the day index, zoneinfo): the window comes
up sooner.
"""

from __future__ import annotations

import os
import sys

from tripplan.errors import InputError


def open_trip(argv: list[str]) -> int:
    """``tripplan FILE``: open the trip in the TUI; without a terminal, print its agenda instead."""
    if len(argv) != 1:
        raise InputError(f"unknown command {argv[0]!r}; run 'tripplan --help' for the commands")
    if not os.path.exists(argv[0]) and not argv[0].endswith(".toml"):
        raise InputError(f"unknown command or file {argv[0]!r}; run 'tripplan --help' for the commands")
    if not interactive():
        # A pipe or a script ('tripplan trip.toml | less'): the agenda as text, errors as FILE:LINE lines.
        from argparse import Namespace

        from tripplan.cli.road_run import cmd_agenda

        return cmd_agenda(Namespace(file=argv[0], start=None, days=None, format="text", person=None))
    from tripplan.tui import run  # Textual is imported only here

    return run(argv[0])


def interactive() -> bool:
    """Whether both ends are a terminal, so a full-screen app can run."""
    return sys.stdin.isatty() and sys.stdout.isatty()
