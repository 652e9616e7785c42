"""The parsers of the road commands, ``tripplan today`` and ``agenda`` (their code: ``tripplan.cli.road_run``).

One function per command, so ``tripplan today`` builds only its own parser:
the road path pays for argparse but not for the other commands' grammar.
The descriptions are wrapped at 70 columns by hand (as the other parsers'
``textwrap.fill`` does), so the road path does not import textwrap.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (the Protocol costs a little to define: not on the road path)
    from tripplan.cli.subcommands import HandlerFor, Subcommands

_PERSON_HELP = "only what this person attends, home time in their home zone"


def add_today(sub: Subcommands, handler: HandlerFor) -> None:
    """``tripplan today FILE [--date DATE] [--person ID] [--json]``."""
    p = sub.add_parser("today", help="the agenda of one day", description="The agenda of one day in the "
                       "time of its city, home time beside it,\nnow/next marked when the day is today.",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="examples:\n  tripplan today trip.toml\n"
                       "  tripplan today trip.toml --date tue\n"
                       "  tripplan today trip.toml --date tomorrow --person bo --json")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--person", metavar="ID", help=_PERSON_HELP)
    p.add_argument("--date", metavar="DATE", help="'tue', 'tomorrow', 'yesterday', 'day 3', '2027-03-09' or "
                   "'10 mar', as in add --at (default: today)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=handler("road_run", "cmd_today"))


def add_agenda(sub: Subcommands, handler: HandlerFor) -> None:
    """``tripplan agenda FILE [--from DATE] [--days N] [--person ID] [--format text|json|md]``."""
    p = sub.add_parser("agenda", help="the agenda of several days", description="The agenda of several days, "
                       "each in the time of its city.", formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="examples:\n  tripplan agenda trip.toml --days 3\n"
                       "  tripplan agenda trip.toml --from wed --days 2\n"
                       "  tripplan agenda trip.toml --person bo --format md")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--person", metavar="ID", help=_PERSON_HELP)
    p.add_argument("--from", "--date", dest="start", metavar="DATE", help="first day: 'tue', 'tomorrow', 'day 3', "
                   "'2027-03-09', as in add --at (default: today during the trip, else the trip's first day)")
    p.add_argument("--days", type=int, metavar="N", help="number of days (default: to the end of the trip)")
    p.add_argument("--format", choices=["text", "json", "md"], default="text")
    p.set_defaults(run=handler("road_run", "cmd_agenda"))
