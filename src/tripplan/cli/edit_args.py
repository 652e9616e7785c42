"""The parsers of ``tripplan new`` and ``add`` (their code: ``tripplan.cli.edit_run``)."""

from __future__ import annotations

import argparse
from textwrap import fill  # descriptions wrapped by hand: the examples below them keep their lines

from tripplan.cli.saving import add_change_options  # --dry-run and --json of the writing commands
from tripplan.cli.subcommands import HandlerFor, Subcommands


def add_new(sub: Subcommands, handler: HandlerFor) -> None:
    """``tripplan new FILE --name … --tz … --home-tz … --start … --end …``."""
    p = sub.add_parser("new", help="create a new trip file", description="Create a new trip file.",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="example:\n  tripplan new trip.toml --name 'Lisbon client visit' "
                       "--tz Europe/Lisbon --home-tz America/New_York --start 2027-03-08 --end 2027-03-12")
    p.add_argument("file", metavar="FILE", help="trip file to create (.toml); must not exist")
    p.add_argument("--name", required=True, help="trip name, e.g. 'Lisbon client visit'")
    p.add_argument("--tz", required=True, metavar="DEST_ZONE", help="destination IANA zone, e.g. Europe/Lisbon")
    p.add_argument("--home-tz", required=True, metavar="HOME_ZONE", help="your home IANA zone")
    p.add_argument("--start", required=True, metavar="DATE", help="first day, YYYY-MM-DD")
    p.add_argument("--end", required=True, metavar="DATE", help="last day, YYYY-MM-DD")
    p.add_argument("--destination", default="", help="place name (default: from the zone)")
    p.set_defaults(run=handler("edit_run", "cmd_new"))


def add_add(sub: Subcommands, handler: HandlerFor) -> None:
    """``tripplan add FILE TITLE --at WHEN …``."""
    p = sub.add_parser("add", help="add an event", description=fill("Add an event to a trip. Times are read in the "
                       "zone of the day's stop (--tz to give another)."),
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog="examples:\n"
                       "  tripplan add trip.toml 'Dinner with Ana' --kind meal --at 'tue 19:30' --until 22:00 "
                       "--with ana-ruiz\n"
                       "  tripplan add trip.toml 'Client lunch' --kind meal --at '2027-05-14 12:00' --travellers bo\n"
                       "  tripplan add trip.toml 'Team dinner I organize' --kind meal --at 'fri 19:00' --without-me\n"
                       "  tripplan add trip.toml 'Flight TP 202 to Porto' --at 'thu 08:10' --for 55m   "
                       "# kind: flight, from the title\n"
                       "  tripplan add trip.toml 'Fado night' --kind cultural-outing --at 'tue 21:30' "
                       "--until 'wed 00:30'")
    p.add_argument("file", metavar="FILE")
    p.add_argument("title", metavar="TITLE")
    p.add_argument("--kind", help="meeting, workshop, presentation, conference, seminar, "
                   "networking-event, meal, team-building, social-outing, cultural-outing, museum, tour, "
                   "local-custom, flight, train, transfer, check-in, free-time, rest (default: guessed from the "
                   "title when it is clear, 'Dinner …' is a meal; else asked, or refused in a script)")
    p.add_argument("--at", required=True, metavar="WHEN", help="start: 'tue 19:30', 'day 2 9am', '2027-03-09 19:30'")
    length = p.add_mutually_exclusive_group()
    length.add_argument("--for", dest="duration", metavar="DURATION", help="length: '90m', '1h30', '2h' "
                        "(default 1h)")
    length.add_argument("--until", metavar="WHEN", help="end: '21:00', 'wed 06:30'")
    p.add_argument("--where", default="", metavar="PLACE", help="location")
    p.add_argument("--with", dest="attendees", default="", metavar="ID,ID", help="people ids attending")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--travellers", metavar="ID,ID", help="the travellers who attend (default: all of them)")
    who.add_argument("--without-me", action="store_true", help="every traveller but you (an event you only organize)")
    p.add_argument("--remind", default="", metavar="LEADS", help="reminders before the start, e.g. '1h,15m'")
    p.add_argument("--repeat", default="", metavar="RRULE", help="recurrence, e.g. 'FREQ=DAILY;COUNT=4'")
    p.add_argument("--notes", default="", metavar="TEXT")
    p.add_argument("--objective", default="", metavar="ID", help="objective this event serves")
    p.add_argument("--tz", default="", metavar="ZONE", help="zone of the start (default: the zone of its day's stop)")
    p.add_argument("--end-tz", default="", metavar="ZONE", help="zone of the end, for a travel leg")
    add_change_options(p)
    p.set_defaults(run=handler("edit_run", "cmd_add"))
