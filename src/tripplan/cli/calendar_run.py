"""Calendar commands: ``export``, ``invites`` and ``import``.

Output files are written atomically and never replace a file the user did
not ask to replace: ``export -o`` refuses an existing file without
``--force``; ``invites`` replaces only invite files it wrote itself (it
recognises our PRODID) unless ``--force``; ``invites --send`` and ``--eml``
are :mod:`tripplan.cli.invites_run`.  ``invites`` and ``import`` save
the trip once, atomically, with the usual check that nobody changed it in
the meantime; ``--dry-run`` writes nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from tripplan.cli.calendar_common import (
    EXIT_BAD,
    EXIT_OK,
    EXIT_WARN,
    check_unchanged,
    chosen_people,
    invite_organizer,
    plain,
    print_withheld,
)
from tripplan.cli.saving import save_checked, writes_trip
from tripplan.errors import InputError
from tripplan.time.clock import current_time


class Progress:
    """Progress on stderr, only once a step has taken more than a second."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.start < 1.0 or (now - self.last < 0.5 and done < total):
            return
        self.last = now
        count = f" {done}/{total} events" if total > 1 else ""
        print(f"tripplan: {phase}{count} ({now - self.start:.1f} s)", file=sys.stderr, flush=True)

    def finish(self, message: str) -> None:
        """Say a long command is done (nothing when it was quick)."""
        elapsed = time.monotonic() - self.start
        if elapsed >= 1.0:
            print(f"tripplan: {message} ({elapsed:.1f} s)", file=sys.stderr, flush=True)


def cmd_export(args: argparse.Namespace) -> int:
    """``tripplan export FILE [-o OUT.ics] [--todos] [--force]``."""
    from tripplan.files.storage import atomic_write, read_trip
    from tripplan.ical.export import export_calendar
    from tripplan.ical.invites import sequences

    trip, _ = read_trip(args.file)
    todos = len(trip.followups) if args.todos else 0
    if not trip.events and not todos:
        raise InputError(f"{args.file} has no events{' or follow-ups' if args.todos else ''}: nothing to export")
    out = None if args.output in (None, "-") else Path(args.output)
    if out is not None:
        if out.is_dir():
            raise InputError(f"-o {out} is a folder; give a file name such as {out / 'trip.ics'}")
        if out.exists() and not args.force:
            raise InputError(f"{out} already exists; not overwriting it (add --force to replace it)")
        if not out.parent.is_dir():
            raise InputError(f"folder {out.parent} does not exist")
    me = trip.me
    if me is not None and not me.email.strip():
        print(f"note: {plain(me.name)} ({plain(me.id)}), the traveller, has no e-mail address: the calendar names "
              "no organizer and has no METHOD", file=sys.stderr)
    data = export_calendar(trip, current_time(), sequences(trip), todos=args.todos,
                           attendees=args.attendees).encode("utf-8")
    summary = f"{len(trip.events)} events" + (f" and {todos} to-dos" if todos else "")
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        print(f"tripplan: exported {summary}", file=sys.stderr)
    else:
        atomic_write(out, data)
        print(f"Exported {summary} to {out}")
    return EXIT_OK


@writes_trip(lambda args: args.out is not None and not args.dry_run)
def cmd_invites(args: argparse.Namespace) -> int:
    """``tripplan invites FILE --out DIR|--send|--eml DIR [--organizer ID] [--people ID,ID] [--notes] [--dry-run]``."""
    from tripplan.cli.invites_out import refuse_foreign, write_all
    from tripplan.files.storage import read_trip
    from tripplan.ical.invite_targets import invite_targets, is_invite_file
    from tripplan.ical.invites import plan_invites

    if args.out is None:
        from tripplan.cli.invites_run import cmd_send

        return cmd_send(args)
    if args.smtp or args.smtp_security or args.smtp_user:
        raise InputError("--smtp, --smtp-security and --smtp-user go with --send")
    path = Path(args.file)
    trip, stamp = read_trip(path)
    organizer = invite_organizer(trip, args.organizer, path)
    people = chosen_people(trip, args.people)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file, not a folder")
    if not out.parent.is_dir():
        raise InputError(f"--out: folder {out.parent} does not exist")
    plan = plan_invites(trip, organizer, people, current_time(), notes=args.notes)
    for remark in plan.notes:
        print(f"note: {remark}", file=sys.stderr)
    print_withheld(trip, plan)
    if not plan.files:
        print("No invites to write: no event has attendees with an e-mail address"
              + (" among the chosen people" if people is not None else "") + ".")
        return EXIT_WARN
    targets = invite_targets(out, plan)
    refuse_foreign([target for target, _, _ in targets], is_invite_file, args.force, "--out")
    verb = "Would write" if args.dry_run else "Wrote"
    print(f"{verb} invites from {plan.organizer.name} <{plan.organizer.email}> in {out}:")
    for target, _, description in targets:
        print(f"  {target.name}  {description}")
    if args.dry_run:
        return EXIT_WARN if plan.withheld else EXIT_OK
    check_unchanged(path, stamp)
    trip.sent = plan.records
    write_all(out, [(target, text.encode("utf-8")) for target, text, _ in targets], is_invite_file, args.force,
              lambda: save_checked(trip, path, stamp))  # all or nothing: files and the [[sent]] records
    print(f"Recorded what was sent in {path} ([[sent]]).")
    return EXIT_WARN if plan.notes or plan.withheld else EXIT_OK


def _print_report(report: Any, calendar: str, dry_run: bool) -> None:
    sections = [("Added", report.added), ("Updated", report.updated), ("Removed", report.removed),
                ("Unchanged", report.unchanged), ("New people", report.people)]
    prefix = "Would import" if dry_run else "Imported"
    print(f"{prefix} from {calendar}: {len(report.added)} added, {len(report.updated)} updated, "
          f"{len(report.unchanged)} unchanged, {len(report.removed)} removed, {len(report.skipped)} skipped"
          + (f", {len(report.lost)} left out or changed" if report.lost else ""))
    for title, items in sections:
        if items:
            print(f"{title}:")
            for item in items[:50]:
                print(f"  {plain(item)}")
            if len(items) > 50:
                print(f"  … and {len(items) - 50} more")
    if report.skipped:
        print("Skipped:")
        for what, why in report.skipped:
            print(f"  {plain(what)}: {plain(why)}")
    lost = set(report.lost)
    if report.lost:
        print("Left out or changed:")
        for item in report.lost:
            print(f"  {plain(item)}")
    for note in report.notes:
        if note not in lost:
            print(f"note: {plain(note)}", file=sys.stderr)


@writes_trip(lambda args: not args.dry_run)
def cmd_import(args: argparse.Namespace) -> int:
    """``tripplan import FILE CAL.ics [--kind KIND] [--all-dates] [--dry-run]``."""
    from tripplan.errors import UnreadableFileError
    from tripplan.files.raw import read_regular
    from tripplan.files.storage import read_trip
    from tripplan.ical.importer import import_calendar
    from tripplan.ical.reader import MAX_BYTES, UnreadableCalendar
    from tripplan.trip.model import parse_kind

    kind = None
    if args.kind:
        try:
            kind = parse_kind(args.kind)
        except ValueError as exc:
            raise InputError(f"--kind: {exc}") from None
    source = Path(args.calendar)
    try:
        data = read_regular(source, MAX_BYTES, "calendar file")
    except UnreadableFileError as error:
        raise InputError(f"cannot read {source}: {error.reason}") from None
    path = Path(args.file)
    trip, stamp = read_trip(path)
    progress = Progress()
    try:
        report = import_calendar(trip, data, kind=kind, all_dates=args.all_dates, progress=progress)
    except UnreadableCalendar as exc:
        raise InputError(f"{source}: {exc}") from None
    _print_report(report, str(source), args.dry_run)
    if not report.usable:
        print(f"tripplan: nothing in {source} could be imported; {path} is unchanged", file=sys.stderr)
        return EXIT_BAD
    if report.changed and not args.dry_run:
        progress("checking and saving the trip", 1, 1)
        save_checked(trip, path, stamp)
        progress.finish(f"saved {path}")
    elif not report.changed:
        print(f"{path} is unchanged.")
    return EXIT_OK if report.complete else EXIT_WARN
