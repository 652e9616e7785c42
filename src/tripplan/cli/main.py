"""The ``tripplan`` command line: argument parsing and dispatch.

Exit codes: 0 ok, 1 done but with warnings, 2 bad input (nothing changed).
Only the standard library is imported here; each command imports what it
needs, so ``tripplan today`` never pays for Textual, icalendar or the TOML parser,
and the parser is built with only the command named (``tripplan today``
builds the ``today`` parser of ``cli.road_args``, not the other twenty-one).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tripplan import __version__

if TYPE_CHECKING:  # argparse is imported when a parser is built: 'tripplan FILE' opens the app without it
    import argparse

    from tripplan.cli.subcommands import Handler, HandlerFor, Subcommands

EXIT_OK, EXIT_WARN, EXIT_BAD = 0, 1, 2

# Each command's parser: the module (under tripplan.cli) and the function that adds it, in the order
# 'tripplan --help' lists them. A function that adds several commands (export, invites, import) adds them all.
PARSERS: dict[str, tuple[str, str]] = {
    "new": ("edit_args", "add_new"), "add": ("edit_args", "add_add"), "person": ("person_args", "add_person"),
    "today": ("road_args", "add_today"), "agenda": ("road_args", "add_agenda"),
    **dict.fromkeys(("export", "invites", "import"), ("calendar_args", "add_commands")),
    **dict.fromkeys(("balance", "check", "suggest", "objectives", "brief", "followups"),
                    ("planning_args", "add_commands")),
    "publish": ("publish_args", "add_commands"), "stop": ("stop_args", "add_commands"),
    "replies": ("replies_args", "add_commands"), "rsvp": ("rsvp_args", "add_commands"),
    "list": ("list_args", "add_commands"), **dict.fromkeys(("edit", "move", "rm"), ("change_args", "add_commands")),
}
COMMANDS = set(PARSERS)


def _handler(module: str, name: str) -> Handler:
    """Import a command's module only when that command runs."""

    def run(args: argparse.Namespace) -> int:
        from importlib import import_module

        func: Handler = getattr(import_module(f"tripplan.cli.{module}"), name)
        return func(args)

    return run


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: with every command, or (*command* given) with that command's only.

    Both parse that command's line alike: the main parser's own usage and errors name no command.
    """
    import argparse

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
    adders = [PARSERS[command]] if command in PARSERS else list(dict.fromkeys(PARSERS.values()))
    for module, name in adders:
        _adder(module, name)(sub, _handler)
    return parser


def _adder(module: str, name: str) -> Callable[[Subcommands, HandlerFor], None]:
    from importlib import import_module

    adder: Callable[[Subcommands, HandlerFor], None] = getattr(import_module(f"tripplan.cli.{module}"), name)
    return adder


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
    if not args_list and sys.stdin.isatty() and sys.stdout.isatty():
        # 'tripplan' alone opens the start screen (recent trips, samples, new trip).
        from tripplan.tui import run as run_tui

        return _guard(lambda: run_tui(None))
    if args_list and args_list[0] == "move":
        from tripplan.cli.change_args import joined_steps  # 'move … --by -1d' (a value argparse takes for an option)

        args_list = joined_steps(args_list)
    parser = build_parser(args_list[0] if args_list else None)
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
