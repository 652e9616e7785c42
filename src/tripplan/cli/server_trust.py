"""The command line's side of :mod:`tripplan.caldav.trust`: check, ask in a terminal, or refuse, before connecting."""

from __future__ import annotations

import sys

from tripplan.errors import InputError

TRUST_HELP = ("send the password to the server the trip file names ([share] url) and remember it as confirmed "
              "(needed once for a server you have not confirmed, when there is no terminal to ask on)")
ALLOW_HTTP_HELP = ("allow a plain http:// server that is not this machine (the password and the trip cross the "
                   "network unencrypted)")


def check_publish(file: str, url: str, user: str, *, named: bool, trust_server: bool, allow_http: bool) -> None:
    """Refuse (``InputError``, exit 2) unless *user*'s password may go to *url*; nothing has been sent yet.

    *named*: the user gave the URL on the command line (``--url``), which is
    their own choice and counts as confirming it.  Without a user, no password
    is sent and only the plain-text rule applies.
    """
    from tripplan.caldav import trust  # here, not at the top: the parser imports this module on every command

    refusal = trust.cleartext_refused(url)
    if refusal is not None and not allow_http:
        raise InputError(refusal)
    if refusal is not None:
        print(f"tripplan: warning: --allow-http: {trust.origin(url)} is reached unencrypted", file=sys.stderr)
    if not user:
        return
    if named or trust_server:
        _remember(url)
        return
    if trust.is_confirmed(url):
        return
    if not sys.stdin.isatty():  # as for the password prompt (cli.publish_run.password_for): nobody to ask
        raise InputError(trust.unconfirmed(file, user, url))
    print(trust.question(user, url) + " [y/N] ", end="", file=sys.stderr, flush=True)
    try:
        answer = sys.stdin.readline()
    except KeyboardInterrupt:
        answer = ""
    if answer.strip().lower() not in ("y", "yes"):
        raise InputError(f"not confirmed: your password was not sent to {trust.origin(url)} and nothing was published")
    _remember(url)


def _remember(url: str) -> None:
    """Remember the confirmation; when that fails, this run goes on (the user confirmed it) and says so."""
    from tripplan.caldav import trust

    problem = trust.remember(url)
    if problem is not None:
        print(f"tripplan: warning: cannot remember {trust.origin(url)} as confirmed ({problem}); you will be asked "
              "again next time", file=sys.stderr)

