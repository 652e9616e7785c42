"""Publish a trip to a CalDAV calendar: plan from one listing, write what changed, remember the ETags.

:func:`publish` is what the command line and the app call.  It lists the
calendar once (one PROPFIND), compares every event with what the trip file
says was published last time (``[share]``) and with the server's ETags, and
then:

- adds new events (``If-None-Match: *``), updates changed ones and deletes
  removed ones (``If-Match`` with the ETag from the last publish), so a
  change made on the server meanwhile is never overwritten by accident;
- leaves an event changed (or deleted) on the server alone and reports it,
  unless asked to take the server's version into the trip (``theirs``,
  through the normal import) or to overwrite it (``ours``, still
  conditional on the ETag just seen);
- recognises its own earlier write that the trip file did not record (a run
  cut off before saving) by content, so a rerun finishes the job;
- reads the attendees' answers (PARTSTAT) in every server copy it fetches of
  an event it published into ``trip.replies`` (``via="caldav"``, not in a dry
  run), and takes a copy that differs only by answers for its own: no
  conflict, no write, the answers stay on the server and every later write
  of the event carries them (:mod:`tripplan.caldav.partstats`).

The trip is changed in memory (``trip.share`` and, for ``theirs``, the
events); the caller saves it.  An error that ends the run after some writes
is returned in the report (``aborted``) with the records of what went
through, so they are not lost.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tripplan.caldav.publish_steps import Progress, PublishItem, PublishRun
from tripplan.caldav.publish_steps import Resolve as Resolve
from tripplan.caldav.report import PublishReport, normalise_url
from tripplan.caldav.server import Server, ShareError
from tripplan.files.share_section import url_problem
from tripplan.trip.model import PublishedEvent, ShareTarget, Trip


def _quiet(phase: str, done: int, total: int) -> None:
    """No progress display."""


def publish(trip: Trip, url: str, user: str, password: str, *, progress: Progress | None = None,
            resolve: Resolve = Resolve.REPORT, dry_run: bool = False, timeout: float = 10.0,
            verify: bool = True, now: datetime | None = None, run_limit: float = 60.0) -> PublishReport:
    """Publish *trip* to the CalDAV calendar at *url* and return what happened.

    *progress* is called with (phase, done, total) — from the calling thread,
    so an app runs this in a worker.  On return ``trip.share`` holds the URL,
    the user and the new records, and ``report.trip_changed`` says whether
    the trip must be saved.  Raises :class:`~tripplan.caldav.server.ShareError`
    (one line, never the password) when nothing could be done: the server is
    unreachable, refuses the password or the URL is no calendar.  Each request
    may take *timeout* seconds in all, the run *run_limit* (:mod:`tripplan.caldav.limits`).
    """
    url = normalise_url(url)
    problem = url_problem(url)
    if problem is not None:
        raise ShareError(f"calendar URL {problem}")
    step = progress or _quiet
    report = PublishReport(url=url, dry_run=dry_run)
    from tripplan.time.clock import current_time

    now = (now or current_time()).astimezone(UTC).replace(microsecond=0)  # the one clock (TRIPPLAN_NOW)
    previous = trip.share
    old: dict[str, PublishedEvent] = {}
    if previous is not None and normalise_url(previous.url) == url:
        old = {r.event: r for r in previous.events}
    elif previous is not None:
        report.notes.append(f"the trip was published to {previous.url} before; from now on it follows {url}")
    step("connecting", 0, 1)
    server = Server(url, user, password, timeout=timeout, verify=verify, run_limit=run_limit)
    run = PublishRun(trip, server, report, resolve, now, step, dry_run)
    items: list[PublishItem] = []
    try:
        listing = server.listing()
        if listing is None:
            if not dry_run:
                server.create(trip.name)
            report.created = True
            listing = {}
        items = run.plan(old, listing)
        conflicts = [i for i in items if i.action == "conflict"]
        for item in conflicts:
            run.recognise(item)
        if dry_run:
            report.fill_dry([(i.what, i.action, i.conflict) for i in items])
            return report
        _execute(run, items)
    except ShareError as exc:
        if not report.writes and not report.created:
            raise
        report.aborted = str(exc)
    except KeyboardInterrupt:
        if not report.writes and not report.created:
            raise
        report.aborted = "interrupted"  # keep the records of what went through
    finally:
        report.requests, report.log = len(server.requests), list(server.requests)
        server.close()
    _store(trip, previous, url, user, run, items, report)
    return report


def _execute(run: PublishRun, items: list[PublishItem]) -> None:
    report = run.report
    for item in items:
        if item.action == "unchanged":
            report.unchanged.append(item.what)
            item.finished = True
        elif item.action == "gone":
            report.deleted.append(item.what)  # deleted on both sides: nothing to do
            item.finished = True
    todo = [i for i in items if not i.finished]
    for done, item in enumerate(todo, start=1):
        run.progress("publishing", done - 1, len(todo))
        if item.action == "conflict":
            run.settle(item)
        else:
            run.write(item)
        item.finished = True
    if todo:
        run.progress("publishing", len(todo), len(todo))
    run.finish_checks()


def _store(trip: Trip, previous: ShareTarget | None, url: str, user: str, run: PublishRun, items: list[PublishItem],
           report: PublishReport) -> None:
    """Put the new ``[share]`` into the trip: every record that still describes the server."""
    for item, _, _ in run.pending:  # written, but the run stopped before reading it back
        report.failed.append((item.what, "sent, but the run stopped before it could check it was stored"))
        run.keep(item)
    for item in items:
        if item.finished:
            continue
        if item.record is not None:  # not reached: what the trip file said still holds
            run.records.setdefault(item.record.event, item.record)
        if report.aborted:
            report.failed.append((item.what, "not sent: the run stopped before it"))
    records = sorted(run.records.values(), key=lambda r: r.event)
    if not records and (previous is None or normalise_url(previous.url) != url):
        return  # nothing is on that server from this trip: a [share] saying so would be a record of nothing
    share = ShareTarget(url=url, user=user, events=records)
    if share != previous:
        trip.share = share
        report.trip_changed = True
