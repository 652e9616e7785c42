"""The ``replies`` command's arguments: read attendees' answers (iTIP REPLY) from mail into the trip."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def add_commands(sub: Any, handler: Callable[[str, str], Any]) -> None:
    """Register ``replies`` on the main parser's subparsers."""
    p = sub.add_parser("replies", help="read attendees' answers from mail",
                       description="Read the answers to your invites (iTIP REPLY) from .eml or .ics files, an "
                       "mbox file, a Maildir folder or an IMAP mailbox (imaps://user@host/INBOX, read-only).")
    p.add_argument("file", metavar="FILE", help="trip file (.toml)")
    p.add_argument("sources", nargs="+", metavar="SOURCE", help=".eml, .ics, mbox, Maildir or imaps://user@host/BOX")
    p.set_defaults(run=handler("replies_run", "cmd_replies"))
