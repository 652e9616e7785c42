"""The ``rsvp`` command's arguments: who is coming to each event."""

from __future__ import annotations

from tripplan.cli.subcommands import HandlerFor, Subcommands


def add_commands(sub: Subcommands, handler: HandlerFor) -> None:
    """Register ``rsvp`` on the main parser's subparsers."""
    from argparse import RawDescriptionHelpFormatter as Raw  # the examples keep their lines

    p = sub.add_parser("rsvp", help="who accepted, declined or has not answered", formatter_class=Raw,
                       description="Per event: who accepted, declined, is tentative, delegated or has not "
                       "answered yet, and since when.",
                       epilog="examples:\n  tripplan rsvp trip.toml\n  tripplan rsvp trip.toml --json")
    p.add_argument("file", metavar="FILE", help="trip file (.toml)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=handler("rsvp_run", "cmd_rsvp"))
