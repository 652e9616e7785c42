"""The parser of ``tripplan person`` and its actions: add, set (code: ``cli.team_run``), edit, rm
(``cli.person_change_run``) and log (``cli.people_run``; its parser is ``cli.planning_args``'s)."""

from __future__ import annotations

import argparse
from textwrap import fill

from tripplan.cli.saving import add_change_options
from tripplan.cli.subcommands import HandlerFor, Subcommands

_ROLES = ["colleague", "client", "partner", "prospect"]


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
    from tripplan.cli.planning_args import add_person_log

    _add_person_team(psub, handler)
    _add_person_change(psub, handler)
    add_person_log(psub, handler)


def _add_role_options(parser: argparse.ArgumentParser) -> None:
    """``--me``/``--not-me``, ``--travels``/``--no-travels`` and ``--home-tz``/``--no-home-tz`` (``person set``
    and ``person edit``); the parser's defaults must set ``me`` and ``travels`` to ``None`` (not given)."""
    me = parser.add_mutually_exclusive_group()
    me.add_argument("--me", dest="me", action="store_const", const=True, help="make them the traveller (me)")
    me.add_argument("--not-me", dest="me", action="store_const", const=False, help="they are not the traveller")
    travels = parser.add_mutually_exclusive_group()
    travels.add_argument("--travels", dest="travels", action="store_const", const=True, help="a travelling teammate")
    travels.add_argument("--no-travels", dest="travels", action="store_const", const=False,
                         help="not on the trip (a client, a colleague at home)")
    home = parser.add_mutually_exclusive_group()
    home.add_argument("--home-tz", metavar="ZONE", help="their home IANA zone")
    home.add_argument("--no-home-tz", action="store_true", help="their home is the trip's home zone")


def _add_person_team(psub: Subcommands, handler: HandlerFor) -> None:
    """``person add`` and ``person set`` under ``tripplan person`` (*handler* imports the command when it runs)."""
    pa = psub.add_parser(
        "add", help="add a person", description=fill("Add a person to a trip."),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  tripplan person add trip.toml sam-lee --name 'Sam Lee' --email sam@example.com --me\n"
               "  tripplan person add trip.toml bo --name 'Bo Chen' --travels --home-tz Asia/Tokyo\n"
               "  tripplan person add trip.toml ana-ruiz --name 'Ana Ruiz' --org Acme --role client")
    pa.add_argument("file", metavar="FILE")
    pa.add_argument("id", metavar="ID", help="short id used elsewhere, e.g. ana-ruiz")
    pa.add_argument("--name", required=True)
    pa.add_argument("--email", default="", metavar="E")
    pa.add_argument("--org", default="", metavar="O")
    pa.add_argument("--role", default="colleague", choices=["colleague", "client", "partner", "prospect"])
    pa.add_argument("--interests", default="", help="comma-separated, e.g. 'jazz, running'")
    pa.add_argument("--notes", default="", metavar="TEXT", help="things to remember about them")
    roles = pa.add_mutually_exclusive_group()
    roles.add_argument("--me", action="store_true", help="this is you, the traveller who owns the file (one person)")
    roles.add_argument("--travels", action="store_true", help="a teammate who travels with you")
    pa.add_argument("--home-tz", metavar="ZONE", help="a travelling teammate's home IANA zone (default: the trip's)")
    add_change_options(pa)
    pa.set_defaults(run=handler("team_run", "cmd_person_add"))

    ps = psub.add_parser(
        "set", help="change who is me, who travels, a teammate's home zone",
        description=fill("Change whether a person is you (the traveller), a travelling teammate, and their home zone."),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  tripplan person set trip.toml sam-lee --me\n"
               "  tripplan person set trip.toml bo --travels --home-tz Asia/Tokyo\n"
               "  tripplan person set trip.toml bo --no-travels")
    ps.add_argument("file", metavar="FILE")
    ps.add_argument("id", metavar="ID")
    _add_role_options(ps)
    add_change_options(ps)
    ps.set_defaults(run=handler("team_run", "cmd_person_set"), me=None, travels=None)


def _add_person_change(psub: Subcommands, handler: HandlerFor) -> None:
    """``person edit`` and ``person rm`` under ``tripplan person``."""
    raw = argparse.RawDescriptionHelpFormatter
    p = psub.add_parser(
        "edit", help="change a person's name, e-mail, organisation, role, interests or notes", formatter_class=raw,
        description=fill("Change a person's details: only what is given changes, including who is you and who "
                         "travels (as 'tripplan person set')."),
        epilog="examples:\n  tripplan person edit trip.toml ana-ruiz --email ana@acme.example --org 'Acme Iberia'\n"
               "  tripplan person edit trip.toml bo --name 'Bo Chen' --travels --home-tz Asia/Tokyo --dry-run")
    p.add_argument("file", metavar="FILE")
    p.add_argument("id", metavar="ID")
    p.add_argument("--name", metavar="NAME")
    p.add_argument("--email", metavar="E", help="e-mail address ('' clears it)")
    p.add_argument("--org", metavar="O")
    p.add_argument("--role", choices=_ROLES)
    p.add_argument("--interests", metavar="LIST", help="comma-separated, replacing them, e.g. 'jazz, running'")
    p.add_argument("--notes", metavar="TEXT")
    _add_role_options(p)
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p.add_argument("--json", action="store_true", help="what changed, as JSON (for scripts)")
    p.set_defaults(run=handler("person_change_run", "cmd_person_edit"), me=None, travels=None)

    p = psub.add_parser(
        "rm", help="remove a person from the trip", formatter_class=raw,
        description=fill("Remove a person: they are taken off the events and objectives that name them, and "
                         "their follow-ups are deleted. Asks on a terminal; --yes confirms in scripts."),
        epilog="examples:\n  tripplan person rm trip.toml ana-ruiz --dry-run\n"
               "  tripplan person rm trip.toml ana-ruiz --yes")
    p.add_argument("file", metavar="FILE")
    p.add_argument("id", metavar="ID")
    p.add_argument("--yes", action="store_true", help="remove without asking")
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p.add_argument("--json", action="store_true", help="what changed, as JSON (for scripts)")
    p.set_defaults(run=handler("person_change_run", "cmd_person_rm"))
