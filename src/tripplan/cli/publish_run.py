"""The ``publish`` command: share the trip live on a CalDAV server (see docs/sharing.md).

The password comes from ``TRIPPLAN_CALDAV_PASSWORD`` or, in a terminal, from
a prompt that does not echo — never from the command line, the trip file or
a message.  The URL and user are remembered in the trip file (``[share]``)
together with what was published, and the trip is saved once, atomically,
with the usual check that nobody changed it meanwhile (if somebody did, only
the ``[share]`` records are written into their version).

Exit codes: 0 everything published (or nothing to publish); 1 some events
were not (left alone because they changed on the server, refused by the
server, or not reached when the connection broke) — the output says which;
2 nothing could be done (bad input, no connection, wrong password or URL).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tripplan.errors import ConflictError, InputError

if TYPE_CHECKING:
    from tripplan.caldav.report import PublishReport
    from tripplan.trip.model import Trip

EXIT_OK, EXIT_WARN, EXIT_BAD = 0, 1, 2
_SHOWN = 50


def password_for(user: str, url: str) -> str:
    """The password for *user*: from the environment, else asked for without echo in a terminal."""
    from tripplan.files.share_section import PASSWORD_ENV

    if not user:
        return ""
    given = os.environ.get(PASSWORD_ENV)
    if given is not None:
        return given
    host = urlsplit(url).netloc
    if not sys.stdin.isatty():
        raise InputError(f"a password is needed for {user} at {host}: set {PASSWORD_ENV}, or run the command "
                         "in a terminal to be asked for it")
    from tripplan.cli.terminal import secret

    try:
        return secret(f"Password for {user} at {host}: ")
    except EOFError:
        raise InputError("no password given; nothing was published") from None


def _target(trip: Trip, args: argparse.Namespace) -> tuple[str, str]:
    from tripplan.caldav.report import normalise_url
    from tripplan.files.share_section import url_problem

    url = args.url if args.url is not None else (trip.share.url if trip.share else None)
    if url is None:
        raise InputError("--url URL is needed the first time: the address of the calendar to publish to, e.g. "
                         "https://cloud.example.com/remote.php/dav/calendars/sam/lisbon/ (it is created if missing)")
    problem = url_problem(normalise_url(url))
    if problem is not None:
        raise InputError(f"--url {problem}")
    user = args.user if args.user is not None else (trip.share.user if trip.share else "")
    return normalise_url(url), user.strip()


def cmd_publish(args: argparse.Namespace) -> int:
    """``tripplan publish FILE [--url URL] [--user USER] [--theirs|--ours] [--dry-run] [--insecure]``."""
    from tripplan.caldav.publish import Resolve, publish
    from tripplan.cli.calendar_run import Progress
    from tripplan.files.storage import read_trip
    from tripplan.time.clock import current_time

    path = Path(args.file)
    trip, stamp = read_trip(path)
    url, user = _target(trip, args)
    from tripplan.cli.server_trust import check_publish

    check_publish(args.file, url, user, named=args.url is not None, trust_server=args.trust_server,
                  allow_http=args.allow_http)  # before anything is sent (tripplan.caldav.trust)
    parts = urlsplit(url)
    if args.insecure and parts.scheme == "https":
        print(f"tripplan: warning: --insecure: the TLS certificate of {parts.netloc} is not checked",
              file=sys.stderr)
    timeout, run_limit = _limits()
    password = password_for(user, url)
    resolve = Resolve.THEIRS if args.theirs else Resolve.OURS if args.ours else Resolve.REPORT
    progress = Progress()
    report = publish(trip, url, user, password, progress=progress, resolve=resolve, dry_run=args.dry_run,
                     verify=not args.insecure, now=current_time(), timeout=timeout, run_limit=run_limit)
    del password
    _print(report, user)
    if report.trip_changed and not args.dry_run:
        _save(trip, path, stamp, report)
        progress.finish(f"saved {path}")
    elif report.nothing_published:
        print(f"tripplan: nothing was published, so {path} is not changed", file=sys.stderr)
    return _exit_code(report)


def _limits() -> tuple[float, float]:
    """Seconds per request and per run (TRIPPLAN_CALDAV_TIMEOUT, else 10 and 60)."""
    from tripplan.caldav.limits import configured

    try:
        return configured()
    except ValueError as exc:
        raise InputError(str(exc)) from None


def _save(trip: Trip, path: Path, stamp: Any, report: PublishReport) -> None:
    """Save the trip; if another program changed the file meanwhile, write only ``[share]`` (and the answers
    read) into its version."""
    from tripplan.files.storage import locked

    with locked(path):  # the network is done: hold the lock only for the save (and the re-read, if needed)
        _save_locked(trip, path, stamp, report)


def _save_locked(trip: Trip, path: Path, stamp: Any, report: PublishReport) -> None:
    from tripplan.cli.saving import save_checked
    from tripplan.files.storage import read_trip
    from tripplan.trip.answers import record

    try:
        save_checked(trip, path, stamp)
        return
    except ConflictError:
        if report.pulled:
            raise ConflictError(f"{path} was changed by another program while publishing, so the events taken "
                                "from the server were not saved into it; run tripplan publish --theirs again") \
                from None
    fresh, fresh_stamp = read_trip(path)
    fresh.share = trip.share
    for reply in report.replies:
        record(fresh, reply)
    save_checked(fresh, path, fresh_stamp)
    print(f"note: {path} was changed by another program while publishing; only the record of what was "
          "published ([share]) and the answers read were written into it", file=sys.stderr)


def _print(report: PublishReport, user: str) -> None:
    """The report, every line through the control-character filter (titles, comments and server text are data)."""
    from tripplan.caldav.summary import headline, remarks, sections
    from tripplan.visible import visible

    print(visible(headline(report, user)))
    for title, lines in sections(report, _SHOWN):
        print(visible(f"{title}:"))
        for line in lines:
            print(visible(f"  {line}"))
    if report.conflicts and not report.dry_run:
        print("Publish again with --theirs to take the server's versions into the trip, or with --ours to "
              "overwrite them.")
    for note in remarks(report):
        print(visible(f"note: {note}"), file=sys.stderr)
    if report.aborted:
        print(visible(f"tripplan: {report.aborted}; what went through is recorded — run the same command again "
                      "to finish"), file=sys.stderr)


def _exit_code(report: PublishReport) -> int:
    if report.complete:
        return EXIT_OK
    if report.nothing_published:
        return EXIT_BAD
    return EXIT_WARN
