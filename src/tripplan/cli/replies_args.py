"""The ``replies`` command's arguments: read attendees' answers (iTIP REPLY) from mail into the trip."""

from __future__ import annotations

from tripplan.cli.subcommands import HandlerFor, Subcommands


def add_commands(sub: Subcommands, handler: HandlerFor) -> None:
    """Register ``replies`` on the main parser's subparsers."""
    from argparse import RawDescriptionHelpFormatter as Raw  # the examples keep their lines
    from textwrap import fill

    p = sub.add_parser("replies", help="read attendees' answers from mail", formatter_class=Raw,
                       description=fill("Read the answers to your invites (iTIP REPLY) from .eml or .ics files, an "
                       "mbox file, a Maildir folder or an IMAP mailbox (imaps://user@host/INBOX, read-only: "
                       "nothing is marked seen). Answers are matched to the trip's events by UID and to the "
                       "invited people by address; the newest answer per event and person is kept (a higher "
                       "SEQUENCE, then a later DTSTAMP). Proposals of a new time (COUNTER) are listed, not "
                       "applied."),
                       epilog=fill("The IMAP password comes from TRIPPLAN_IMAP_PASSWORD or a prompt. Plain imap:// is "
                       "accepted only for a server on this computer. Exit code 0 when every answer was matched; "
                       "1 when some could not be matched or some mail was malformed (the report says which); 2 "
                       "when a SOURCE is not a mailbox, does not exist, or the IMAP login or TLS failed (nothing "
                       "is recorded then).") + "\n\nexamples:\n  tripplan replies trip.toml ~/Mail/INBOX   "
                       "# a Maildir\n  tripplan replies trip.toml answer.eml invite-reply.ics --dry-run\n"
                       "  tripplan replies trip.toml imaps://sam@mail.example.com/INBOX --json")
    p.add_argument("file", metavar="FILE", help="trip file (.toml)")
    p.add_argument("sources", nargs="+", metavar="SOURCE", help=".eml, .ics, mbox, Maildir or imaps://user@host/BOX")
    p.add_argument("--dry-run", action="store_true", help="report what would be recorded; write nothing")
    p.add_argument("--json", action="store_true", help="the report as JSON on standard output")
    p.set_defaults(run=handler("replies_run", "cmd_replies"))
