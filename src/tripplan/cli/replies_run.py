"""``tripplan replies FILE SOURCE...``: read attendees' answers from mail and record them in the trip.

Every SOURCE is read first (:func:`tripplan.mail.mailbox.read_source`): one
that is not a mailbox, does not exist, or whose IMAP login or TLS fails
stops the command with exit 2 before anything is recorded.  Then each
message's calendars are parsed (:mod:`tripplan.ical.replies`), matched to
the trip and recorded with :func:`tripplan.trip.answers.record`, which keeps
the newest answer; the trip is saved once, only when something changed, so
reading the same mailbox again leaves the file as it was.

Everything shown that came from mail goes through one filter that makes
control characters visible and keeps each entry on one line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from tripplan.cli.saving import writes_trip
from tripplan.visible import visible, visible_json

EXIT_OK, EXIT_PARTLY = 0, 1
_VERBS = {"accepted": "accepted", "declined": "declined", "tentative": "tentatively accepted",
          "delegated": "delegated"}


def _line(text: str) -> str:
    """Mail or file text on one line, control characters shown as escapes (never sent to the terminal)."""
    return visible(" ".join(text.split()))


def _when(moment: datetime | date, zone: Any) -> str:
    if isinstance(moment, datetime):
        local = moment.astimezone(zone) if moment.tzinfo is not None else moment
        return f"{local:%a} {local.day} {local:%b %H:%M}"
    return f"{moment:%a} {moment.day} {moment:%b}"


def _iso(moment: datetime | date | None) -> str | None:
    return None if moment is None else moment.isoformat()


@dataclass
class SourceReport:
    """What one SOURCE gave: entries for the text report and the JSON one."""

    name: str
    messages: int
    mailbox: bool
    kind: str
    answers: list[dict[str, Any]] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    proposals: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    not_answers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def partly(self) -> bool:
        """Whether some answer was not matched or some mail was malformed."""
        return bool(self.unmatched or self.problems)


class _Run:
    def __init__(self, trip: Any, now: datetime) -> None:
        from tripplan.ical.replies import Matcher

        self.trip, self.now = trip, now
        self.matcher = Matcher(trip)

    def source(self, source: Any) -> SourceReport:
        from tripplan.mail.mailbox import calendars_in

        report = SourceReport(source.name, len(source.items), source.mailbox,
                              source.items[0].kind if source.items else "mail")
        for item in source.items:
            if item.kind == "ics":
                texts, problems, mail_date = [item.data.decode("utf-8-sig", "replace")], [], None
            else:
                found = calendars_in(item.data)
                texts, problems, mail_date = found.calendars, list(found.problems), found.date
                if not texts and not problems and not source.mailbox:
                    problems.append("not a calendar: no calendar in this message")
            for problem in problems:
                report.problems.append({"where": item.where, "problem": problem})
            for text in texts:
                self.calendar(report, item.where, text, mail_date)
        return report

    def calendar(self, report: SourceReport, where: str, text: str, mail_date: datetime | None) -> None:
        from tripplan.ical.replies import Unmatched, parse

        parsed = parse(text, mail_date)
        report.problems.extend({"where": where, "problem": p} for p in parsed.problems)
        report.skipped.extend({"where": where, "why": s} for s in parsed.skipped)
        for answer in parsed.answers:
            found = self.matcher.match(answer)
            if isinstance(found, Unmatched):
                report.unmatched.append({"where": where, "email": answer.email, "name": self.matcher.name_of(answer),
                                         "uid": answer.uid, "method": answer.method, "reason": found.reason})
            elif answer.method == "COUNTER":
                self.proposal(report, answer, found)
            else:
                self.reply(report, where, answer, found)

    def proposal(self, report: SourceReport, answer: Any, found: Any) -> None:
        from tripplan.ical.replies import as_instant

        event = found.event
        start = as_instant(answer.start, event) if answer.start is not None else None
        end = as_instant(answer.end, event) if answer.end is not None else None
        report.proposals.append({"event": event.id, "title": event.title, "email": answer.email,
                                 "name": found.name, "start": _iso(start), "end": _iso(end),
                                 "zone": event.tz.key, "comment": answer.comment,
                                 "_start": start, "_end": end, "_was": found.occurrence or event.start_utc})

    def reply(self, report: SourceReport, where: str, answer: Any, found: Any) -> None:
        from tripplan.ical.replies import status_of
        from tripplan.trip.answers import record
        from tripplan.trip.model import Reply

        event = found.event
        status = status_of(answer)
        if status is None:
            report.not_answers.append({"where": where, "email": answer.email, "name": found.name,
                                       "event": event.id, "title": event.title, "partstat": answer.partstat})
            return
        reply = Reply(event=event.id, email=answer.email, status=status, sequence=answer.sequence,
                      dtstamp=answer.dtstamp, received=self.now, comment=answer.comment, via="mail",
                      occurrence=found.occurrence, delegated_to=answer.delegated_to)
        outcome = record(self.trip, reply)
        report.outcomes[outcome] += 1
        report.answers.append({"event": event.id, "title": event.title, "email": reply.email, "name": found.name,
                               "status": status, "occurrence": _iso(reply.occurrence), "sequence": reply.sequence,
                               "dtstamp": _iso(reply.dtstamp), "comment": reply.comment,
                               "delegated_to": reply.delegated_to, "outcome": outcome,
                               "_when": found.occurrence or (event.first_day if event.all_day else event.start_utc),
                               "_zone": event.tz})


def _label(where: str) -> str:
    return f"{where}: " if where else ""


def _print_source(report: SourceReport) -> None:
    counts = report.outcomes
    total = sum(counts.values())
    if report.mailbox:
        what = f"{report.messages} message{'s' if report.messages != 1 else ''}"
    else:
        what = "a calendar file" if report.kind == "ics" else "a message"
    parts = [f"{counts[k]} {k}" for k in ("recorded", "updated", "unchanged", "older") if counts[k]]
    summary = f"{total} answer{'s' if total != 1 else ''}" + (f" ({', '.join(parts)})" if parts else "")
    extra = [f"{len(report.proposals)} proposal{'s' if len(report.proposals) != 1 else ''}"] if report.proposals \
        else []
    if report.unmatched:
        extra.append(f"{len(report.unmatched)} not matched")
    if report.problems:
        extra.append(f"{len(report.problems)} malformed")
    print(f"{_line(report.name)}: {what}, {', '.join([summary, *extra])}")
    for entry in report.answers:
        if entry["outcome"] not in ("recorded", "updated"):
            continue
        verb = _VERBS[entry["status"]]
        if entry["status"] == "delegated" and entry["delegated_to"]:
            verb = f"delegated to {entry['delegated_to']}"
        comment = f" — {_line(entry['comment'])}" if entry["comment"] else ""
        print(f"  {_line(entry['name'])} {_line(verb)} {_line(entry['title'])} · "
              f"{_when(entry['_when'], entry['_zone'])}{comment}")
    if counts["older"]:
        print(f"  {counts['older']} older than the answer already recorded: ignored")
    for entry in report.not_answers:
        print(f"  {_label(entry['where'])}{_line(entry['name'])} answered {_line(entry['partstat'])} to "
              f"{_line(entry['title'])}: not an answer, not recorded")
    for entry in report.proposals:
        comment = f" — {_line(entry['comment'])}" if entry["comment"] else ""
        zone = entry["zone"]
        new = _when(entry["_start"], _zone(zone)) if entry["_start"] is not None else "?"
        if entry["_end"] is not None:
            new += f"–{entry['_end'].astimezone(_zone(zone)):%H:%M}"
        print(f"  proposal: {_line(entry['name'])} proposes {_line(entry['title'])} at {new} ({zone}) instead "
              f"of {_when(entry['_was'], _zone(zone))}{comment} (not applied)")
    for entry in report.unmatched:
        print(f"  not matched: {_label(entry['where'])}{_line(entry['name'])} <{_line(entry['email'])}> "
              f"({entry['method']} to UID {_line(entry['uid'])}): {_line(entry['reason'])}")
    for entry in report.problems:
        print(f"  {_line(report.name)}: {_label(entry['where'])}{_line(entry['problem'])}")
    for entry in report.skipped:
        print(f"  {_label(entry['where'])}{_line(entry['why'])}, skipped")


def _zone(key: str) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(key)


def _public(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if not k.startswith("_")}


def _json(path: Path, reports: list[SourceReport], written: bool, dry_run: bool) -> str:
    sources = [{"source": r.name, "messages": r.messages, "answers": [_public(a) for a in r.answers],
                "proposals": [_public(p) for p in r.proposals], "unmatched": r.unmatched, "problems": r.problems,
                "skipped": r.skipped, "not_answers": r.not_answers} for r in reports]
    return visible_json(json.dumps({"file": str(path), "dry_run": dry_run, "written": written, "sources": sources},
                                   ensure_ascii=False, indent=2))


@writes_trip(lambda args: not args.dry_run)
def cmd_replies(args: argparse.Namespace) -> int:
    """``tripplan replies FILE SOURCE... [--dry-run] [--json]``."""
    from tripplan.cli.saving import save_checked
    from tripplan.files.storage import read_trip
    from tripplan.mail.mailbox import read_source
    from tripplan.time.clock import current_time

    path = Path(args.file)
    trip, stamp = read_trip(path)
    sources = [read_source(text) for text in args.sources]  # any bad source: exit 2 before anything is recorded
    now = current_time().astimezone(UTC).replace(microsecond=0)
    run = _Run(trip, now)
    reports = [run.source(source) for source in sources]
    new = sum(r.outcomes["recorded"] + r.outcomes["updated"] for r in reports)
    written = bool(new) and not args.dry_run
    if written:
        save_checked(trip, path, stamp)
    if args.json:
        print(_json(path, reports, written, args.dry_run))
    else:
        for report in reports:
            _print_source(report)
        shown = _line(str(path))
        if args.dry_run:
            print(f"Dry run: {new} answer{'s' if new != 1 else ''} would be recorded; nothing written.")
        elif written:
            print(f"Recorded {new} answer{'s' if new != 1 else ''} in {shown}.")
        else:
            print(f"Nothing new; {shown} unchanged.")
    sys.stdout.flush()
    return EXIT_PARTLY if any(r.partly for r in reports) else EXIT_OK
