"""The parsers of ``tripplan edit``, ``move`` and ``rm`` (the commands run in ``tripplan.cli.change_run``)."""

from __future__ import annotations

import argparse
from textwrap import fill

from tripplan.cli.subcommands import HandlerFor, Subcommands

_EVENT_HELP = ("the event: part of its title ('Fado'), its id or short id (as 'tripplan list' prints it), "
               "with '@DAY' for one occurrence of a series ('Stand-up@wed', 'Lunch@2027-03-09')")
_SERIES = ("On one occurrence of a series it asks on a terminal whether to change this occurrence or the whole "
           "series; --this or --all say it in scripts (without either it is refused).")


def _common(p: argparse.ArgumentParser, *, series: bool = True) -> None:
    p.add_argument("file", metavar="FILE")
    p.add_argument("event", metavar="EVENT", help=_EVENT_HELP)
    if series:
        scope = p.add_mutually_exclusive_group()
        scope.add_argument("--this", action="store_true", help="only the occurrence named (EVENT@DAY)")
        scope.add_argument("--all", action="store_true", help="the whole series")
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p.add_argument("--json", action="store_true", help="what changed, as JSON (for scripts)")


def add_commands(sub: Subcommands, handler: HandlerFor) -> None:
    """``edit``, ``move`` and ``rm`` (*handler* imports the command's module only when it runs)."""
    raw = argparse.RawDescriptionHelpFormatter

    p = sub.add_parser(
        "edit", help="change an event", formatter_class=raw,
        description=fill("Change an event: only what is given changes. Times are read as 'add --at' reads "
                         "them, a time alone on the event's own day. " + _SERIES),
        epilog="examples:\n"
               "  tripplan edit trip.toml 'Dinner with Ana' --at 'tue 20:00' --where 'Taberna da Rua'\n"
               "  tripplan edit trip.toml Fado --until 23:30 --add-person bo --dry-run\n"
               "  tripplan edit trip.toml 'Stand-up@wed' --this --title 'Stand-up (remote)'\n"
               "  tripplan edit trip.toml Stand-up --all --repeat 'FREQ=DAILY;COUNT=3'")
    _common(p)
    p.add_argument("--title", metavar="TITLE")
    p.add_argument("--kind", metavar="KIND", help="meeting, meal, flight, … (as 'add --kind')")
    p.add_argument("--at", metavar="WHEN", help="new start: 'tue 19:30', '10:00' (the event's day); the length "
                   "stays")
    length = p.add_mutually_exclusive_group()
    length.add_argument("--for", dest="duration", metavar="DURATION", help="new length: '90m', '1h30'")
    length.add_argument("--until", metavar="WHEN", help="new end: '21:00', 'wed 06:30'")
    p.add_argument("--where", metavar="PLACE", help="location ('' clears it)")
    p.add_argument("--with", dest="attendees", metavar="ID,ID", help="the attendees, replacing them ('none' clears)")
    p.add_argument("--add-person", action="append", metavar="ID", help="add an attendee (repeatable, or ID,ID)")
    p.add_argument("--drop-person", action="append", metavar="ID",
                   help="take someone off the event: an attendee, or a traveller who then does not go")
    p.add_argument("--remind", metavar="LEADS", help="reminders before the start, e.g. '1h,15m' ('none' clears)")
    repeat = p.add_mutually_exclusive_group()
    repeat.add_argument("--repeat", metavar="RRULE", help="recurrence, e.g. 'FREQ=DAILY;COUNT=4'")
    repeat.add_argument("--no-repeat", action="store_true", help="no longer repeats")
    p.add_argument("--notes", metavar="TEXT")
    p.add_argument("--objective", metavar="ID", help="the objective it serves ('none' clears)")
    p.set_defaults(run=handler("change_run", "cmd_edit"))

    p = sub.add_parser(
        "move", help="move an event, keeping its length", formatter_class=raw,
        description=fill("Move an event, keeping its length (elapsed time). --by whole days keeps the wall "
                         "time across a change of the clocks (09:30 stays 09:30), as the app does; other "
                         "steps are elapsed time, so the wall time after a DST change follows the zone's rules. "
                         "--to takes the times 'add --at' takes. " + _SERIES),
        epilog="examples:\n"
               "  tripplan move trip.toml 'Dinner with Ana' --by 30m\n"
               "  tripplan move trip.toml Fado --by -1d\n"
               "  tripplan move trip.toml 'Client lunch' --to 'thu 13:00'\n"
               "  tripplan move trip.toml 'Stand-up@wed' --this --by 1h30")
    _common(p)
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--by", metavar="STEP", help="how far: '30m', '-1d', '1h30', '-2h' (earlier with a minus)")
    how.add_argument("--to", metavar="WHEN", help="new start: 'tue 19:30', '10:00' (the event's day)")
    p.set_defaults(run=handler("change_run", "cmd_move"))

    p = sub.add_parser(
        "rm", help="remove an event", formatter_class=raw,
        description=fill("Remove an event; follow-ups that came from it keep everything but the link. Asks on a "
                         "terminal; --yes confirms in scripts (without it, it is refused). A series takes its "
                         "changed occurrences with it; --this removes one occurrence only."),
        epilog="examples:\n"
               "  tripplan rm trip.toml 'Fado night' --yes\n"
               "  tripplan rm trip.toml 'Stand-up@thu' --this --yes\n"
               "  tripplan rm trip.toml 1a2b3c4d --dry-run")
    _common(p)
    p.add_argument("--yes", action="store_true", help="remove without asking")
    p.set_defaults(run=handler("change_run", "cmd_rm"))


def joined_steps(argv: list[str]) -> list[str]:
    """``move … --by -1d`` as ``--by=-1d``: argparse reads a value that starts with ``-`` as an option unless
    it is a plain number, and a step earlier ('-1d', '-30m') is none; joined, it is the option's value."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        if argv[i] == "--by" and i + 1 < len(argv) and argv[i + 1][:1] == "-" and argv[i + 1][1:2].isdigit():
            out.append(f"--by={argv[i + 1]}")
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out
