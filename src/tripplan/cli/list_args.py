"""Argument parser of ``tripplan list``: every event of a trip, one line each, with the short id to name it by.

Only the parser lives here (imported whenever the full parser is built); the
command's code is ``tripplan.cli.list_run``, imported when it runs.
"""

from __future__ import annotations

import argparse

from tripplan.cli.subcommands import HandlerFor, Subcommands

COMMANDS = frozenset({"list"})

_EPILOG = """\
Each line: short id, day, time (in the zone of that day's stop), title, kind.
Each occurrence of a repeating event is a line of its own. Name an event in
other commands by its short id, its id, or a unique part of its title, with
@DAY for one day's occurrence: 'Fado', 'Stand-up@wed', 'lunch@2027-03-09'.

examples:
  tripplan list trip.toml
  tripplan list trip.toml --from tue --days 2
  tripplan list trip.toml --kind meal,meeting --person ana-ruiz
  tripplan list trip.toml --json"""


def add_commands(sub: Subcommands, handler: HandlerFor) -> None:
    """Register ``list`` on *sub*."""
    p = sub.add_parser("list", help="every event, one line each, with the short id to name it by",
                       description="List the events of a trip in time order, one line per event (and per "
                       "occurrence of a repeating one).", epilog=_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--from", dest="start", metavar="DATE", help="first day: 'tue', 'tomorrow', 'day 2', "
                   "'2027-03-09' (default: the trip's first day, or the first event's if earlier)")
    p.add_argument("--days", type=int, metavar="N", help="number of days (default: to the end of the trip, "
                   "or the last event's day if later)")
    p.add_argument("--kind", metavar="KIND,KIND", help="only events of these kinds, e.g. 'meal' or 'meal,meeting'")
    p.add_argument("--person", metavar="ID", help="only what this person attends ('me': you, the traveller)")
    p.add_argument("--json", action="store_true", help="machine-readable output (format: docs/cli.md)")
    p.set_defaults(run=handler("list_run", "cmd_list"))
