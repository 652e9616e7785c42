"""The steps of one publish run (:func:`tripplan.caldav.publish.publish`): plan, write, settle conflicts, check.

A :class:`PublishRun` holds what one run knows — the trip, the server, the
report being filled and the ``[share.events]`` records to keep — and each
:class:`PublishItem` is one event (or one deleted event's record) with what
to do with it.  :mod:`tripplan.caldav.publish` drives the steps in order and
stores the records in the trip.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tripplan.caldav import content as c
from tripplan.caldav import partstats as a
from tripplan.caldav import verify as v
from tripplan.caldav.report import PublishReport, label
from tripplan.caldav.server import Answer, Server, ShareError, path_key
from tripplan.caldav.summary import said
from tripplan.ical.party import Party
from tripplan.trip.model import PublishedEvent, Reply, Trip

Progress = Callable[[str, int, int], None]


class Resolve(StrEnum):
    """What to do with an event changed on the server since the last publish."""

    REPORT = "report"  # leave it alone and say so
    THEIRS = "theirs"  # take the server's version into the trip
    OURS = "ours"  # overwrite it with the trip's


def _record(res: c.Resource, href: str, etag: str) -> PublishedEvent:
    return PublishedEvent(event=res.event.id, uid=res.uid, href=href, etag=etag, sequence=res.sequence,
                          fingerprint=res.fingerprint, content=res.content, title=res.event.title)


@dataclass
class PublishItem:
    """One event (or one deleted event's record) and what to do with it."""

    what: str  # label for people
    res: c.Resource | None  # None: deleted from the trip
    record: PublishedEvent | None
    href: str
    server_etag: str | None  # None: not on the server
    action: str = ""  # add | update | delete | unchanged | gone | conflict
    conflict: str = ""  # what happened on the server
    data: bytes = b""  # the server's copy, when fetched
    finished: bool = False  # done with, whatever the outcome


class PublishRun:
    """One publish run: plans every event from one listing, writes what changed, settles conflicts."""

    def __init__(self, trip: Trip, server: Server, report: PublishReport, resolve: Resolve, now: datetime,
                 progress: Progress, dry_run: bool = False) -> None:
        self.trip, self.server, self.report, self.resolve, self.now = trip, server, report, resolve, now
        self.progress, self.dry_run = progress, dry_run
        self.records: dict[str, PublishedEvent] = {}  # event id → record to keep
        self.pending: list[tuple[PublishItem, str, bool]] = []  # written, to read back: the answer proved nothing
        self.party = Party(trip)  # who organizes and attends, looked up once for every event
        self.replies: dict[str, list[Reply]] = {}  # event id → its recorded answers, looked up once
        for reply in trip.replies:
            self.replies.setdefault(reply.event, []).append(reply)

    # --- planning ----------------------------------------------------------------------------

    def plan(self, old: dict[str, PublishedEvent], listing: dict[str, tuple[str, str]]) -> list[PublishItem]:
        """One item per event of the trip, then per record of an event deleted from it, each classified."""
        items: list[PublishItem] = []
        ours: set[str] = set()
        events = sorted(self.trip.events, key=lambda e: (e.start_utc, e.end_utc, e.id))
        for done, event in enumerate(events, start=1):
            record = old.pop(event.id, None)
            res = c.build(self.trip, event, record, self.now, self.party, self.replies.get(event.id, []))
            href = record.href if record is not None else c.href_for(self.server.path, res.name)
            ours.add(path_key(href))
            on_server = listing.get(path_key(href))
            items.append(self._classify(PublishItem(label(event, self.trip), res, record, href,
                                              on_server[1] if on_server else None)))
            if done % 100 == 0:
                self.progress("comparing", done, len(events))
        for record in sorted(old.values(), key=lambda r: r.event):
            ours.add(path_key(record.href))
            on_server = listing.get(path_key(record.href))
            what = f"{record.title or record.event} (deleted from the trip)"
            etag = on_server[1] if on_server else None
            items.append(self._classify(PublishItem(what, None, record, record.href, etag)))
        self.report.foreign = len(set(listing) - ours)
        return items

    def _classify(self, item: PublishItem) -> PublishItem:
        res, record, etag = item.res, item.record, item.server_etag
        if res is None:
            assert record is not None
            if etag is None:
                item.action = "gone"
            elif etag == record.etag:
                item.action = "delete"
            else:
                item.action, item.conflict = "conflict", "changed on the server, deleted in the trip"
        elif record is None:
            if etag is None:
                item.action = "add"
            else:
                item.action, item.conflict = "conflict", "already on the server, not published from this trip file"
        elif etag is None:
            item.action, item.conflict = "conflict", "deleted on the server since the last publish"
        elif etag != record.etag:
            item.action, item.conflict = "conflict", "changed on the server since the last publish"
        elif res.content != record.content:
            item.action = "update"
        else:
            item.action = "unchanged"
            self.records[res.event.id] = record
        return item

    def recognise(self, item: PublishItem) -> None:
        """A server copy that differs from the trip's event only by attendees' answers, or that is our own
        earlier write (not recorded), is adopted instead of reported; the answers in it are read.
        """
        if item.res is None or item.server_etag is None:
            return
        answer = self.server.get(item.href)
        if not answer.ok:
            return
        item.data = answer.body
        res = item.res
        sequence = res.sequence if c.same_event(res.text, answer.body) else a.answered_copy(res.text, answer.body)
        recorded = False
        if sequence is not None or item.record is not None:  # a copy of an event this trip published
            recorded = self.read_answers(item)
        if sequence is None:
            return
        # Ours, but for the answers in it: adopted as it is (no write, the answers stay on the server), and what
        # is written for this event from now on keeps them, with the SEQUENCE the server's copy carries.
        shape = item.record
        if sequence > res.sequence:
            shape = PublishedEvent(event=res.event.id, uid=res.uid, href=item.href, etag=item.server_etag,
                                   sequence=sequence, fingerprint=res.fingerprint)
        if recorded or shape is not item.record:
            res = item.res = c.build(self.trip, res.event, shape, self.now, self.party, self.replies.get(res.event.id))
        item.action, item.conflict = "unchanged", ""
        self.records[res.event.id] = _record(res, item.href, answer.etag or item.server_etag)

    def read_answers(self, item: PublishItem) -> bool:
        """Record the answers of the trip's people in the server's copy (not in a dry run); whether any were."""
        assert item.res is not None
        event = item.res.event
        found = [r for r in a.read(self.trip, event, item.data, self.now) if a.news(self.trip, r)]
        if not found:
            return False
        from tripplan.trip.answers import record

        recorded = False
        for reply in found:
            if self.dry_run:  # said, not recorded
                self.report.answers.append(said(self.trip, reply))
            elif record(self.trip, reply) in ("recorded", "updated"):
                self.report.answers.append(said(self.trip, reply))
                self.report.replies.append(reply)
                recorded = True
        if not recorded:
            return False
        self.report.trip_changed = True
        self.replies[event.id] = [r for r in self.trip.replies if r.event == event.id]
        # What is written for this event from now on keeps the answers just read (--ours too).
        item.res = c.build(self.trip, event, item.record, self.now, self.party, self.replies[event.id])
        return True

    # --- writing -----------------------------------------------------------------------------

    def write(self, item: PublishItem) -> None:
        """Add, update or delete the item's event on the server (conditional on the ETags), as planned."""
        res, record = item.res, item.record
        if item.action in ("add", "update"):
            assert res is not None
            sent = record.etag if item.action == "update" and record is not None else None
            answer = self.server.put(item.href, res.text, if_match=sent)
            self._after_put(item, answer, "added" if item.action == "add" else "updated", sent)
        elif item.action == "delete":
            assert record is not None
            self._after_delete(item, self.server.delete(item.href, record.etag))

    def _after_put(self, item: PublishItem, answer: Answer, status: str, sent: str | None, *,
                   forced: bool = False) -> None:
        assert item.res is not None
        self.report.writes += 1
        if answer.ok:
            problem = v.not_stored(answer)
            if problem is not None:
                self.report.failed.append((item.what, problem))
                self.keep(item)
            elif v.trusted(answer):
                self._published(item, status, forced, answer.etag)
            else:  # a 200 with a web page, no ETag: only reading it back tells (finish_checks)
                self.pending.append((item, status, forced))
        elif answer.status == 412 and self._raced(item, sent):
            self.report.conflicts.append((item.what, "changed on the server while publishing; left alone"))
            self.keep(item)
        else:
            self.report.failed.append((item.what, answer.problem()))
            self.keep(item)

    def _published(self, item: PublishItem, status: str, forced: bool, etag: str | None) -> None:
        assert item.res is not None
        (self.report.added if status == "added" else self.report.updated).append(item.what)
        if forced:
            self.report.overwritten.append(item.what)
        if etag:  # else not recorded; the next publish recognises the copy by its content
            self.records[item.res.event.id] = _record(item.res, item.href, etag)

    def _raced(self, item: PublishItem, sent: str | None) -> bool:
        """Whether a 412 came from a change on the server (not from a server refusing the event for its own reasons).

        Some servers (Radicale) answer 412 to an event larger than they accept;
        that is a refusal to report, not a colleague's edit to protect.
        """
        try:
            now = self.server.get(item.href)
        except ShareError:
            return True  # cannot tell: the safe reading is that someone changed it
        current = now.etag if now.ok else None if now.status == 404 else sent
        return current != sent

    def _after_delete(self, item: PublishItem, answer: Answer, *, forced: bool = False) -> None:
        self.report.writes += 1
        if answer.ok and (still := v.still_there(self.server, answer, item.href)):
            self.report.failed.append((item.what, still))
            self.keep(item)
        elif answer.ok or answer.status == 404:
            self.report.deleted.append(item.what)
            if forced:
                self.report.overwritten.append(item.what)
        elif answer.status == 412:
            self.report.conflicts.append((item.what, "changed on the server while publishing; left alone"))
            self.keep(item)
        else:
            self.report.failed.append((item.what, answer.problem()))
            self.keep(item)

    def keep(self, item: PublishItem) -> None:
        """Nothing changed for this event on the server: keep what the trip file said about it."""
        if item.record is not None:
            self.records[item.record.event] = item.record

    # --- conflicts ---------------------------------------------------------------------------

    def settle(self, item: PublishItem) -> None:
        """An event changed on the server: report it, overwrite it, or take the server's version."""
        if self.resolve is Resolve.REPORT:
            self.report.conflicts.append((item.what, item.conflict))
            self.keep(item)
        elif self.resolve is Resolve.OURS:
            self._overwrite(item)
        else:
            self._take_theirs(item)

    def _overwrite(self, item: PublishItem) -> None:
        if item.res is None:
            assert item.server_etag is not None
            self._after_delete(item, self.server.delete(item.href, item.server_etag), forced=True)
        else:
            # Still conditional: on the version just seen, or on there being none.
            answer = self.server.put(item.href, item.res.text, if_match=item.server_etag)
            self._after_put(item, answer, "updated" if item.server_etag else "added", item.server_etag, forced=True)

    def _take_theirs(self, item: PublishItem) -> None:
        from tripplan.caldav.pull import PullFailed, drop_event, pull

        if item.server_etag is None:  # deleted on the server: delete it from the trip too
            assert item.res is not None
            drop_event(self.trip, item.res.event.id)
            self.report.pulled.append(f"{item.what}: deleted from the trip, as on the server")
            self.report.trip_changed = True
            return
        data, etag = item.data, item.server_etag
        if not data:
            answer = self.server.get(item.href)
            if not answer.ok:
                self.report.failed.append((item.what, f"could not fetch the server's version: {answer.problem()}"))
                self.keep(item)
                return
            data, etag = answer.body, answer.etag or etag
        ident = item.res.event.id if item.res is not None else (item.record.event if item.record else "")
        try:
            event, their_sequence = pull(self.trip, data, ident)
        except PullFailed as exc:
            self.report.failed.append((item.what, f"the server's version cannot be taken into the trip: {exc}"))
            self.keep(item)
            return
        self.report.trip_changed = True
        # The server keeps its copy; the record says the trip now matches it.
        shape = PublishedEvent(event=ident, uid=item.res.uid if item.res else item.record.uid if item.record else "",
                               href=item.href, etag=etag,
                               sequence=max(their_sequence, item.record.sequence if item.record else 0),
                               fingerprint=c.build(self.trip, event, None, self.now).fingerprint)
        res = c.build(self.trip, event, shape, self.now)
        self.records[ident] = _record(res, item.href, etag)
        self.report.pulled.append(label(event, self.trip))

    def finish_checks(self) -> None:
        """Read back what the server's answers did not prove stored: published only if it holds our event."""
        while self.pending:
            item, status, forced = self.pending[0]
            assert item.res is not None
            etag, why = v.read_back(self.server, item.href, item.res.uid)
            self.pending.pop(0)
            if why:
                self.report.failed.append((item.what, why))
                self.keep(item)
            else:
                self._published(item, status, forced, etag)
