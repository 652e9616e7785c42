"""Argument parsers of the planning commands: balance, check, suggest, objectives, brief, followups, person log.

Only parsers live here (this module is imported whenever the full parser is
built); each command's code is imported when it runs, from
``tripplan.cli.planning_run`` and ``tripplan.cli.people_run``.
"""

from __future__ import annotations

import argparse
from textwrap import fill  # descriptions wrapped by hand: the examples below them keep their lines

from tripplan.cli.saving import add_change_options
from tripplan.cli.subcommands import HandlerFor, Subcommands

COMMANDS = frozenset({"balance", "check", "suggest", "objectives", "brief", "followups"})
_JSON_HELP = "machine-readable output (format: docs/planning.md)"


def add_commands(sub: Subcommands, handler: HandlerFor) -> None:
    """Register the planning commands on *sub* (``person log``: :func:`add_person_log`)."""
    p = sub.add_parser("balance", help="hours per category, per day and for the trip, and the balance score",
                       description=fill("Hours of work, networking, bonding, culture, logistics and rest per day "
                       "and for the whole trip (awake hours only), a 0–100 balance score, and warnings against the "
                       "trip's targets. Exit 1 when there are warnings."), formatter_class=_raw(),
                       epilog="examples:\n  tripplan balance trip.toml\n  tripplan balance trip.toml --json")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help=_JSON_HELP)
    p.set_defaults(run=handler("planning_run", "cmd_balance"))

    p = sub.add_parser("check", help="check the schedule: overlaps, travel time, hours, jet lag, follow-ups, …",
                       description=fill("Every schedule check and balance warning, each with its code. Exit 1 "
                       "when there are warnings, 0 when the trip is clean."), formatter_class=_raw(),
                       epilog=fill("Codes: balance-work, balance-bonding, balance-rest, balance-culture, overlap, "
                       "travel-time, outside-hours, jet-lag, no-followup, objective-no-event, "
                       "objective-people-absent (docs/planning.md explains each).", break_on_hyphens=False)
                       + "\n\nexamples:\n"
                       "  tripplan check trip.toml\n  tripplan check trip.toml --only 'overlap,balance-*' --json")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--only", metavar="CODES", default="", help="comma-separated codes to report, e.g. "
                   "'overlap,travel-time' (a code ending in '*' matches a prefix: 'balance-*')")
    p.add_argument("--json", action="store_true", help=_JSON_HELP)
    p.set_defaults(run=handler("planning_run", "cmd_check"))

    p = sub.add_parser("suggest", help="propose bonding, culture and rest activities for free slots",
                       description=fill("Propose concrete activities for real free slots that bring each day closer "
                       "to its targets, from the trip's [[ideas]] and a bundled catalogue. Proposals never "
                       "overlap anything, keep travel time free, and say why they are proposed."),
                       formatter_class=_raw(), epilog="examples:\n  tripplan suggest trip.toml --day tomorrow\n"
                       "  tripplan suggest trip.toml --apply")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--day", metavar="DATE", help="only this day: 'tue', tomorrow, 'day 3', YYYY-MM-DD, as today --date")
    p.add_argument("--apply", action="store_true", help="add the proposals to the trip (one atomic save)")
    p.add_argument("--json", action="store_true", help=_JSON_HELP)
    p.set_defaults(run=handler("planning_run", "cmd_suggest"))

    p = sub.add_parser("objectives", help="objectives and what is planned for each",
                       description=fill("Each objective with its status, people, the events serving it, other events "
                       "with its people, follow-ups and warnings."), formatter_class=_raw(),
                       epilog="examples:\n  tripplan objectives trip.toml\n"
                       "  tripplan objectives trip.toml --set trust-marta achieved\n"
                       "  tripplan objectives trip.toml --set trust-marta --event Fado --event 'Dinner with Marta'")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--set", nargs="+", metavar=("ID", "STATUS"), help="an objective to change: its id, then its "
                   "new status (open, in-progress, achieved or dropped), optional with --event")
    p.add_argument("--event", action="append", metavar="EVENT", help="with --set: make this event serve the "
                   "objective (an id, or part of its title: 'Fado', 'Stand-up@wed'); repeat for several")
    p.add_argument("--json", action="store_true", help=_JSON_HELP)
    add_change_options(p, json=False)  # --json lists the objectives
    p.set_defaults(run=handler("people_run", "cmd_objectives"))

    p = sub.add_parser("brief", help="the people brief for an event: who they are, what to remember",
                       description=fill("For each attendee of the event: role, organisation, interests, things to "
                       "remember, the last conversation, shared objectives and open follow-ups."),
                       formatter_class=_raw(),
                       epilog="examples:\n  tripplan brief trip.toml Fado\n  tripplan brief trip.toml 'Lunch@wed'   "
                       "# the lunch on Wednesday\n  tripplan brief trip.toml e014ed6f   # a short id, as 'tripplan "
                       "list' prints it\n  tripplan brief trip.toml --next --json")
    p.add_argument("file", metavar="FILE")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("event", metavar="EVENT", nargs="?", help="an event: part of its title ('Fado', "
                       "'Stand-up@wed'), its id or its short id (as 'tripplan list' prints it)")
    which.add_argument("--next", action="store_true", help="the next event (from now) that has attendees")
    p.add_argument("--json", action="store_true", help=_JSON_HELP)
    p.set_defaults(run=handler("people_run", "cmd_brief"))

    p = sub.add_parser("followups", help="follow-ups: due, overdue, done; propose missing ones",
                       description=fill("List follow-ups as overdue, due or done. --suggest proposes one for each "
                       "person met at a networking or bonding event who has none; --apply adds them; --done marks "
                       "one done."), formatter_class=_raw(),
                       epilog="examples:\n  tripplan followups trip.toml\n  tripplan followups trip.toml --done "
                       "'send the plan'\n  tripplan followups trip.toml --done marta   # Marta's only open follow-up\n"
                       "  tripplan followups trip.toml --suggest --apply")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--suggest", action="store_true", help="propose the missing follow-ups")
    p.add_argument("--apply", action="store_true", help="add the proposed follow-ups (implies --suggest)")
    p.add_argument("--done", action="append", metavar="ID|NAME", help="mark a follow-up done: its id, or a unique "
                   "part of what it says or of the person's name; repeat for several")
    p.add_argument("--json", action="store_true", help=_JSON_HELP)
    add_change_options(p, json=False)  # --json lists the follow-ups
    p.set_defaults(run=handler("people_run", "cmd_followups"))


def add_person_log(person_sub: Subcommands, handler: HandlerFor) -> None:
    """Register ``person log`` on the actions of ``tripplan person``."""
    p = person_sub.add_parser("log", help="add a conversation note to a person",
                              description=fill("Add a note about a conversation to a person's log."),
                              formatter_class=_raw(),
                              epilog="examples:\n  tripplan person log trip.toml ana-ruiz 'Her son starts at "
                              "university in May.'\n  tripplan person log trip.toml marta-oliveira 'Loves fado; "
                              "asked about our roadmap.' --event Fado")
    p.add_argument("file", metavar="FILE")
    p.add_argument("id", metavar="ID", help="the person's id, e.g. ana-ruiz")
    p.add_argument("text", metavar="TEXT", help="what was said, what to remember")
    p.add_argument("--date", metavar="DATE", help="YYYY-MM-DD, today, yesterday or 'day N' (default: today, or the "
                   "day of --event)")
    p.add_argument("--event", metavar="EVENT", help="where it was said: an event id or part of its title "
                   "('Fado', 'Stand-up@wed'); the note is dated that day and begins with the event's title")
    add_change_options(p)
    p.set_defaults(run=handler("people_run", "cmd_person_log"))


def _raw() -> type[argparse.HelpFormatter]:
    """The formatter that keeps the examples' lines."""
    return argparse.RawDescriptionHelpFormatter
