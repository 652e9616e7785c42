"""The parser of ``tripplan publish`` (its code: ``tripplan.cli.publish_run``)."""

from __future__ import annotations

from tripplan.cli.subcommands import HandlerFor, Subcommands


def add_commands(sub: Subcommands, handler: HandlerFor) -> None:
    """Register ``publish`` on the main parser's subparsers."""
    from argparse import RawDescriptionHelpFormatter as Raw  # the examples keep their lines
    from textwrap import fill

    p = sub.add_parser("publish", help="publish the trip to a shared CalDAV calendar", formatter_class=Raw,
                       description=fill("Publish every event of the trip to a CalDAV calendar (Nextcloud, Fastmail, "
                       "iCloud, Radicale, SOGo, …) that colleagues subscribe to; the calendar is created if "
                       "needed. Run it again after changes: only changed events are sent, removed ones are "
                       "deleted, and an event someone changed on the server is left alone unless --theirs or "
                       "--ours. The password comes from TRIPPLAN_CALDAV_PASSWORD or a prompt, never an option, and "
                       "goes only to a server you confirmed: one you gave with --url, said yes to when asked, or "
                       "confirmed with --trust-server (a trip file alone never chooses where it goes)."),
                       epilog=fill("Exit code 1 when some events were not published (the output says which and why); "
                       "2 when nothing could be done. URL and user are remembered in the trip file ([share]).")
                       + "\n\nexamples:\n  tripplan publish trip.toml --url "
                       "https://cloud.example.com/remote.php/dav/calendars/sam/lisbon/ --user sam --dry-run\n"
                       "  tripplan publish trip.toml            # the calendar and user of the last run\n"
                       "  tripplan publish trip.toml --theirs   # keep what colleagues changed on the server\n"
                       "  tripplan publish colleague.toml --trust-server   # send your password to the server "
                       "it names")
    p.add_argument("file", metavar="FILE", help="trip file (.toml)")
    p.add_argument("--url", metavar="URL", help="the calendar's address, e.g. "
                   "https://cloud.example.com/remote.php/dav/calendars/sam/lisbon/ (default: the last one used)")
    p.add_argument("--user", metavar="USER", help="user name on the server (default: the last one used)")
    side = p.add_mutually_exclusive_group()
    side.add_argument("--theirs", action="store_true", help="take events changed on the server into the trip")
    side.add_argument("--ours", action="store_true", help="overwrite events changed on the server")
    p.add_argument("--dry-run", action="store_true", help="show what would be published; write nothing")
    p.add_argument("--insecure", action="store_true", help="do not verify the server's TLS certificate "
                   "(only for a server you trust, such as a test server with a self-signed certificate)")
    from tripplan.cli.server_trust import ALLOW_HTTP_HELP, TRUST_HELP

    p.add_argument("--trust-server", action="store_true", help=TRUST_HELP)
    p.add_argument("--allow-http", action="store_true", help=ALLOW_HTTP_HELP)
    p.set_defaults(run=handler("publish_run", "cmd_publish"))
