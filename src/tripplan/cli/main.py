"""The ``tripplan`` command line: argument parsing and dispatch.

Exit codes: 0 ok, 1 done but with warnings, 2 bad input (nothing changed).
Only the standard library is imported here; each command imports what it
needs, so ``tripplan today`` never pays for Textual, ics or the TOML parser.
"""

from __future__ import annotations

import os
import sys

from tripplan import __version__

TYPE_CHECKING = False  # typing and argparse load only when needed: 'today' must start fast
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

    Handler = Callable[[argparse.Namespace], int]

EXIT_OK, EXIT_WARN, EXIT_BAD = 0, 1, 2


def _handler(module: str, name: str) -> Handler:
    """Import a command's module only when that command runs."""

    def run(args: argparse.Namespace) -> int:
        from importlib import import_module

        func: Handler = getattr(import_module(f"tripplan.cli.{module}"), name)
        return func(args)

    return run


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser."""
    import argparse
    from textwrap import fill  # descriptions wrapped by hand: the examples below them keep their lines

    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="tripplan",
        description="Plan work trips that build relationships. Run 'tripplan FILE' to open a trip, "
        "or one of the commands below.",
        epilog="Exit codes: 0 ok, 1 warnings, 2 bad input. Times are entered in the zone of the day's stop "
        "(the destination, on a one-city trip): 'tue 19:30', 'tomorrow 9am', 'day 2 14:00', '2027-03-10 09:00', "
        "'19:30'.",
    )
    parser.add_argument("--version", action="version", version=f"tripplan {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    from tripplan.cli.saving import add_change_options  # --dry-run and --json of the writing commands

    p = sub.add_parser("new", help="create a new trip file", description="Create a new trip file.",
                       formatter_class=raw, epilog="example:\n  tripplan new trip.toml --name 'Lisbon client visit' "
                       "--tz Europe/Lisbon --home-tz America/New_York --start 2027-03-08 --end 2027-03-12")
    p.add_argument("file", metavar="FILE", help="trip file to create (.toml); must not exist")
    p.add_argument("--name", required=True, help="trip name, e.g. 'Lisbon client visit'")
    p.add_argument("--tz", required=True, metavar="DEST_ZONE", help="destination IANA zone, e.g. Europe/Lisbon")
    p.add_argument("--home-tz", required=True, metavar="HOME_ZONE", help="your home IANA zone")
    p.add_argument("--start", required=True, metavar="DATE", help="first day, YYYY-MM-DD")
    p.add_argument("--end", required=True, metavar="DATE", help="last day, YYYY-MM-DD")
    p.add_argument("--destination", default="", help="place name (default: from the zone)")
    p.set_defaults(run=_handler("edit", "cmd_new"))

    p = sub.add_parser("add", help="add an event", description=fill("Add an event to a trip. Times are read in the "
                       "zone of the day's stop (--tz to give another)."), formatter_class=raw, epilog="examples:\n"
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
    p.set_defaults(run=_handler("edit", "cmd_add"))

    p = sub.add_parser("person", help="manage people", description="Manage the people of a trip.",
                       formatter_class=raw, epilog="examples:\n"
                       "  tripplan person add trip.toml ana-ruiz --name 'Ana Ruiz' --email ana@acme.example "
                       "--role client\n"
                       "  tripplan person set trip.toml bo --travels --home-tz America/New_York\n"
                       "  tripplan person log trip.toml ana-ruiz 'Her son starts at university in May.'\n"
                       "  tripplan person rm trip.toml ana-ruiz --dry-run\n"
                       "(tripplan person ACTION --help: the options and examples of each action)")
    psub = p.add_subparsers(dest="person_command", metavar="ACTION", required=True)
    from tripplan.cli.team import add_person_commands  # person add, person set

    add_person_commands(psub, _handler)
    from tripplan.cli.person_change import add_commands as add_person_change_commands  # person edit, person rm

    add_person_change_commands(psub, _handler)

    p = sub.add_parser("today", help="the agenda of one day", description=fill("The agenda of one day in the "
                       "time of its city, home time beside it, now/next marked when the day is today."),
                       formatter_class=raw, epilog="examples:\n  tripplan today trip.toml\n"
                       "  tripplan today trip.toml --date tue\n"
                       "  tripplan today trip.toml --date tomorrow --person bo --json")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--person", metavar="ID", help="only what this person attends, home time in their home zone")
    p.add_argument("--date", metavar="DATE", help="'tue', 'tomorrow', 'yesterday', 'day 3', '2027-03-09' or "
                   "'10 mar', as in add --at (default: today)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=_handler("show", "cmd_today"))

    p = sub.add_parser("agenda", help="the agenda of several days", description=fill("The agenda of several days, "
                       "each in the time of its city."), formatter_class=raw,
                       epilog="examples:\n  tripplan agenda trip.toml --days 3\n"
                       "  tripplan agenda trip.toml --from wed --days 2\n"
                       "  tripplan agenda trip.toml --person bo --format md")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--person", metavar="ID", help="only what this person attends, home time in their home zone")
    p.add_argument("--from", "--date", dest="start", metavar="DATE", help="first day: 'tue', 'tomorrow', 'day 3', "
                   "'2027-03-09', as in add --at (default: today during the trip, else the trip's first day)")
    p.add_argument("--days", type=int, metavar="N", help="number of days (default: to the end of the trip)")
    p.add_argument("--format", choices=["text", "json", "md"], default="text")
    p.set_defaults(run=_handler("show", "cmd_agenda"))

    from tripplan.cli.interop import add_commands  # export, invites, import

    add_commands(sub, _handler)

    from tripplan.cli.planning import add_commands as add_planning_commands  # balance, check, … person log

    add_planning_commands(sub, psub, _handler)

    from tripplan.cli.share import add_commands as add_share_commands  # publish

    add_share_commands(sub, _handler)

    from tripplan.cli.stops import add_commands as add_stop_commands  # stop add, list, rm

    add_stop_commands(sub, _handler)

    from tripplan.cli.replies import add_commands as add_replies_commands  # replies
    from tripplan.cli.rsvp import add_commands as add_rsvp_commands  # rsvp

    add_replies_commands(sub, _handler)
    add_rsvp_commands(sub, _handler)

    from tripplan.cli.listing import add_commands as add_list_commands  # list

    add_list_commands(sub, _handler)

    from tripplan.cli.change import add_commands as add_change_commands  # edit, move, rm

    add_change_commands(sub, _handler)
    return parser


COMMANDS = {"new", "add", "person", "today", "agenda", "export", "invites", "import",
            "balance", "check", "suggest", "objectives", "brief", "followups", "publish", "stop",
            "replies", "rsvp", "list", "edit", "move", "rm"}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``tripplan`` console script."""
    from tripplan.cli import terminal

    # Everything written to the terminal from here on, argparse's errors included, passes road.visible.
    restore = terminal.install()
    try:
        args_list, refused = terminal.utf8_arguments(list(sys.argv[1:] if argv is None else argv))
        if refused is not None:
            print(f"tripplan: {refused}", file=sys.stderr)
            return EXIT_BAD
        return _run(args_list)
    finally:
        restore()


def _run(args_list: list[str]) -> int:
    if args_list and args_list[0] not in COMMANDS and not args_list[0].startswith("-"):
        # 'tripplan FILE' opens the trip.
        from tripplan.cli.opening import open_trip

        return _guard(lambda: open_trip(args_list))
    from tripplan.cli.show import fast_road_args

    road = fast_road_args(args_list)
    if road is not None:
        from tripplan.cli import show

        run = show.cmd_today if args_list[0] == "today" else show.cmd_agenda
        return _guard(lambda: run(road))
    if not args_list and sys.stdin.isatty() and sys.stdout.isatty():
        # 'tripplan' alone opens the start screen (recent trips, samples, new trip).
        from tripplan.tui import run as run_tui

        return _guard(lambda: run_tui(None))
    if args_list and args_list[0] == "move":
        from tripplan.cli.change import joined_steps  # 'move … --by -1d' (a value argparse takes for an option)

        args_list = joined_steps(args_list)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_OK
    return _guard(lambda: int(args.run(args)))


def _guard(action: Callable[[], int]) -> int:
    """Run a command, turning user errors into a message and exit code 2."""
    from tripplan.errors import TripFileError, TripplanError

    try:
        return action()
    except TripFileError as exc:
        # Each line already starts with FILE:LINE:, like a compiler's messages.
        print(exc.render(), file=sys.stderr)
        return EXIT_BAD
    except TripplanError as exc:
        print(f"tripplan: {exc}", file=sys.stderr)
        return EXIT_BAD
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # 'tripplan agenda FILE | head' closed the pipe: not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
