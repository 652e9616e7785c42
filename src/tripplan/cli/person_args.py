"""The parser of ``tripplan person``: its actions add, set (``cli.team``), edit, rm (``cli.person_change``), log."""

from __future__ import annotations

import argparse

from tripplan.cli.subcommands import HandlerFor, Subcommands


def add_person(sub: Subcommands, handler: HandlerFor) -> None:
    """``tripplan person ACTION …`` and each of its actions."""
    p = sub.add_parser("person", help="manage people", description="Manage the people of a trip.",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog="examples:\n"
                       "  tripplan person add trip.toml ana-ruiz --name 'Ana Ruiz' --email ana@acme.example "
                       "--role client\n"
                       "  tripplan person set trip.toml bo --travels --home-tz America/New_York\n"
                       "  tripplan person log trip.toml ana-ruiz 'Her son starts at university in May.'\n"
                       "  tripplan person rm trip.toml ana-ruiz --dry-run\n"
                       "(tripplan person ACTION --help: the options and examples of each action)")
    psub = p.add_subparsers(dest="person_command", metavar="ACTION", required=True)
    from tripplan.cli.person_change import add_commands as add_person_change_commands  # person edit, person rm
    from tripplan.cli.planning_args import add_person_log
    from tripplan.cli.team import add_person_commands  # person add, person set

    add_person_commands(psub, handler)
    add_person_change_commands(psub, handler)
    add_person_log(psub, handler)
