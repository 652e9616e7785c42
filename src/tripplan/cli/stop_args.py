"""The parser of ``tripplan stop add``, ``list`` and ``rm`` (their code: ``tripplan.cli.stop_run``)."""

from __future__ import annotations

import argparse
from textwrap import fill

from tripplan.cli.saving import add_change_options
from tripplan.cli.subcommands import HandlerFor, Subcommands

EXAMPLES = """examples:
  tripplan stop add trip.toml Tokyo --tz Asia/Tokyo --from 2027-05-13
  tripplan stop add trip.toml Seoul --tz Asia/Seoul --from 2027-05-16 --to 2027-05-18 \\
      --culture 'greeting=a slight bow' --working-hours 09:00-18:00
  tripplan stop list trip.toml --json
  tripplan stop rm trip.toml Tokyo"""


def add_commands(sub: Subcommands, handler: HandlerFor) -> None:
    """``tripplan stop add | list | rm`` (*handler* imports the command when it runs)."""
    raw = argparse.RawDescriptionHelpFormatter
    p = sub.add_parser("stop", help="the cities of a multi-city trip", epilog=EXAMPLES, formatter_class=raw,
                       description=fill("The stops of a trip: each a city with its zone and days. A day belongs to "
                       "the stop where you sleep that night."))
    ssub = p.add_subparsers(dest="stop_command", metavar="ACTION", required=True)
    pa = ssub.add_parser("add", help="add a stop", epilog=EXAMPLES, formatter_class=raw,
                         description=fill("Add a stop: it takes its days from the stop(s) it overlaps (a stop inside "
                         "another cuts it in two). On a one-destination trip the first stop splits the destination."))
    pa.add_argument("file", metavar="FILE")
    pa.add_argument("city", metavar="CITY", help="e.g. Tokyo")
    pa.add_argument("--tz", required=True, metavar="ZONE", help="the city's IANA zone, e.g. Asia/Tokyo")
    pa.add_argument("--from", dest="start", required=True, metavar="DATE",
                    help="first day (the day you arrive: where you sleep that night)")
    pa.add_argument("--to", metavar="DATE", help="last day (default: to where the stop it cuts ran)")
    pa.add_argument("--culture", action="append", metavar="KEY=TEXT", help="a local-culture note (repeatable)")
    pa.add_argument("--working-hours", metavar="HH:MM-HH:MM", help="local working day, e.g. 09:00-18:00")
    add_change_options(pa)
    pa.set_defaults(run=handler("stop_run", "cmd_stop_add"))
    pl = ssub.add_parser("list", help="list the stops", epilog=EXAMPLES, formatter_class=raw,
                         description=fill("List the stops of a trip (a one-destination trip has one)."))
    pl.add_argument("file", metavar="FILE")
    pl.add_argument("--json", action="store_true", help="machine-readable output")
    pl.set_defaults(run=handler("stop_run", "cmd_stop_list"))
    pr = ssub.add_parser("rm", help="remove a stop", epilog=EXAMPLES, formatter_class=raw,
                         description=fill("Remove a stop: the stop before it takes its days (the first stop's go to "
                         "the next)."))
    pr.add_argument("file", metavar="FILE")
    pr.add_argument("city", metavar="CITY")
    pr.add_argument("--from", dest="start", metavar="DATE", help="its first day, when the trip visits CITY twice")
    add_change_options(pr)
    pr.set_defaults(run=handler("stop_run", "cmd_stop_rm"))
