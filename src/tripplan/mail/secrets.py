"""Passwords for mail servers: from the environment or a prompt, never an argument, a file or a log.

``TRIPPLAN_SMTP_PASSWORD`` serves SMTP and ``TRIPPLAN_IMAP_PASSWORD`` IMAP;
without it, an interactive terminal is asked (the text typed is not shown);
a script without it is refused with a message saying which variable to set.
"""

from __future__ import annotations

import getpass
import os
import sys

from tripplan.errors import InputError
from tripplan.visible import visible

VARIABLES = {"smtp": "TRIPPLAN_SMTP_PASSWORD", "imap": "TRIPPLAN_IMAP_PASSWORD"}


def password(service: str, user: str, host: str, *, interactive: bool | None = None) -> str:
    """The password of *user* on *host* for *service* (``"smtp"`` or ``"imap"``)."""
    variable = VARIABLES[service]
    found = os.environ.get(variable)
    if found is not None:
        return found
    if interactive is None:
        interactive = sys.stdin.isatty() and sys.stderr.isatty()
    if not interactive:
        raise InputError(f"{service.upper()} password for {user} on {host}: set {variable} (not interactive, "
                         "so tripplan cannot ask)")
    try:
        # getpass writes the prompt to the terminal itself, past main()'s filter of sys.stderr.
        return getpass.getpass(visible(f"{service.upper()} password for {user} on {host}: "), stream=sys.stderr)
    except (EOFError, KeyboardInterrupt):
        raise InputError(f"no {service.upper()} password given for {user} on {host}") from None
