"""``tripplan invites FILE --send`` and ``--eml DIR``: the invites as e-mails, sent through SMTP or written as files.

The messages come from :func:`tripplan.mail.outbox.outgoing` (only what a
recipient does not hold yet); ``--send`` records in ``[[sent]]`` only the
messages the server accepted, so after a failure part-way a rerun sends the
rest and nobody gets the same SEQUENCE twice.  ``--eml`` records every
message it wrote (they are handed to a mail client), and never replaces a
file it did not write unless ``--force``.  ``--dry-run`` says who would get
what and touches nothing.  SMTP settings come from the options, else from
the user's config (:mod:`tripplan.mail.settings`), and are remembered once a
send through them worked.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from tripplan.cli.calendar_common import (
    EXIT_OK,
    EXIT_WARN,
    check_unchanged,
    chosen_people,
    invite_organizer,
    plain,
    print_withheld,
)
from tripplan.cli.saving import save_checked
from tripplan.errors import ConflictError, InputError
from tripplan.mail.smtp import SmtpSettings
from tripplan.time.clock import current_time


def _settings(args: argparse.Namespace, *, needed: bool) -> tuple[SmtpSettings | None, SmtpSettings | None]:
    """(the settings to send with, the ones saved before) — from the options, else the user's config."""
    from tripplan.mail.settings import load_smtp, parse_smtp, settings_path

    saved = load_smtp()
    if args.smtp:
        return parse_smtp(args.smtp, args.smtp_security, args.smtp_user), saved
    if saved is not None:
        if args.smtp_security or args.smtp_user is not None:
            chosen = parse_smtp(saved.where, args.smtp_security or saved.security,
                                saved.user if args.smtp_user is None else args.smtp_user)
            if args.smtp_security and args.smtp_security != saved.security:
                from tripplan.mail.settings import DEFAULT_PORTS

                if saved.port == DEFAULT_PORTS[saved.security]:  # the old security's usual port: take the new one's
                    chosen = SmtpSettings(chosen.host, DEFAULT_PORTS[chosen.security], chosen.security, chosen.user)
            return chosen, saved
        return saved, saved
    if needed:
        raise InputError("no SMTP server to send through: give --smtp HOST[:PORT] (with --smtp-security "
                         "starttls|ssl|none and --smtp-user USER when it needs a login; the password comes from "
                         f"TRIPPLAN_SMTP_PASSWORD or a prompt); it is remembered in {settings_path()} once a send "
                         "worked. Or write the messages with --eml DIR for your mail client")
    return None, None


def _eml_names(folder: Path, messages: list[Any], plan: Any, force: bool) -> list[Path]:
    """A safe, unique file for each message; refuses to replace a file tripplan did not write."""
    from tripplan.cli.invites_out import refuse_foreign
    from tripplan.ical.imip import is_ours

    stems = {f.person.email.strip().lower(): f.stem for f in plan.files}
    taken: set[str] = set()
    names: list[Path] = []
    for item in messages:
        title = re.sub(r"[^A-Za-z0-9]+", "-", item.subject.split(": ", 1)[-1].rsplit(" · ", 1)[0]).strip("-")
        ident = re.sub(r"[^A-Za-z0-9]+", "", item.uid)[:8] or "event"
        base = f"{stems.get(item.email.strip().lower(), 'person')}--{title[:32].strip('-').lower() or 'event'}-" \
            f"{ident.lower()}-{item.sequence}" + (
            "-cancel" if item.kind == "cancellation" else "")
        name, n = base, 2
        while name.lower() in taken:
            name, n = f"{base}-{n}", n + 1
        taken.add(name.lower())
        names.append(folder / f"{name}.eml")
    refuse_foreign(names, is_ours, force, "--eml")
    return names


def cmd_send(args: argparse.Namespace) -> int:
    """``tripplan invites FILE --send|--eml DIR [--smtp HOST[:PORT] …] [--people ID,ID] [--notes] [--dry-run]``."""
    from tripplan.cli.invites_out import write_all
    from tripplan.files.storage import read_trip
    from tripplan.ical.imip import is_ours
    from tripplan.mail.outbox import outgoing, record

    path = Path(args.file)
    if args.eml is not None and (args.smtp or args.smtp_security or args.smtp_user):
        raise InputError("--smtp, --smtp-security and --smtp-user go with --send (--eml sends nothing)")
    trip, stamp = read_trip(path)
    organizer = invite_organizer(trip, args.organizer, path)
    people = chosen_people(trip, args.people)
    folder = Path(args.eml) if args.eml is not None else None
    if folder is not None:
        if folder.exists() and not folder.is_dir():
            raise InputError(f"--eml {folder} is a file, not a folder")
        if not folder.parent.is_dir():
            raise InputError(f"--eml: folder {folder.parent} does not exist")
    settings, saved = _settings(args, needed=not args.dry_run) if args.send else (None, None)
    now = current_time()
    plan, messages = outgoing(trip, organizer, people, now, notes=args.notes)
    for remark in plan.notes:
        print(f"note: {plain(remark)}", file=sys.stderr)
    print_withheld(trip, plan)
    if not messages:
        print("Nothing to send: everyone invited" + (" among the chosen people" if people is not None else "")
              + " already holds the current version of their invites.")
        return EXIT_WARN if plan.withheld else EXIT_OK
    sender = f"{plain(plan.organizer.name)} <{plain(plan.organizer.email)}>"
    if folder is not None:
        names = _eml_names(folder, messages, plan, args.force)
        verb = "Would write" if args.dry_run else "Wrote"
        print(f"{verb} {len(messages)} invite e-mail(s) from {sender} in {folder}:")
        for item, name in zip(messages, names, strict=True):
            print(f"  {name.name}  {plain(item.summary)}")
        if args.dry_run:
            return EXIT_WARN if plan.withheld else EXIT_OK
        check_unchanged(path, stamp)
        record(trip, plan, messages, now)
        write_all(folder, [(name, item.message.as_bytes()) for item, name in zip(messages, names, strict=True)],
                  is_ours, args.force, lambda: _save_sent(trip, path, stamp, messages))
        print(f"Recorded them as sent in {path} ([[sent]]): send them from your mail client.")
        return EXIT_WARN if plan.notes or plan.withheld else EXIT_OK
    via = f" via {settings.where}" if settings is not None else ""
    if args.dry_run:
        print(f"Would send {len(messages)} invite e-mail(s) from {sender}{via}:")
        for item in messages:
            print(f"  {plain(item.summary)}")
        return EXIT_WARN if plan.withheld else EXIT_OK
    assert settings is not None
    if not args.smtp_timeout > 0:
        raise InputError("--smtp-timeout: give a number of seconds above 0")
    return _deliver(args, trip, stamp, path, plan, messages, settings, saved, sender, now)


def _save_sent(trip: Any, path: Path, stamp: Any, handed: list[Any]) -> None:
    """Save what went out; if another program changed the trip meanwhile, write the ``[[sent]]`` records of the
    events sent into its version: what recipients now hold must never be forgotten (a rerun would send it again)."""
    from tripplan.files.storage import locked

    with locked(path):  # the messages are out: hold the lock only for the save (and the re-read, if needed)
        _save_sent_locked(trip, path, stamp, handed)


def _save_sent_locked(trip: Any, path: Path, stamp: Any, handed: list[Any]) -> None:
    from tripplan.files.storage import read_trip

    try:
        save_checked(trip, path, stamp)
        return
    except ConflictError:
        pass
    touched = {ident for item in handed for ident in item.events}
    fresh, fresh_stamp = read_trip(path)
    ours = {r.event: r for r in trip.sent if r.event in touched}
    fresh.sent = sorted([r for r in fresh.sent if r.event not in ours] + list(ours.values()), key=lambda r: r.event)
    save_checked(fresh, path, fresh_stamp)
    print(f"note: {path} was changed by another program while sending; only the record of what was sent "
          "([[sent]]) was written into it", file=sys.stderr)


def _deliver(args: argparse.Namespace, trip: Any, stamp: Any, path: Path, plan: Any, messages: list[Any],
             settings: SmtpSettings, saved: SmtpSettings | None, sender: str, now: Any) -> int:
    from tripplan.mail.outbox import record
    from tripplan.mail.secrets import password
    from tripplan.mail.settings import save_smtp, settings_path
    from tripplan.mail.smtp import send

    secret = password("smtp", settings.user, settings.host) if settings.user else None
    check_unchanged(path, stamp)  # before anything leaves: what is sent must be recordable
    delivery = send(messages, settings, secret, timeout=args.smtp_timeout)
    if delivery.error:
        raise InputError(plain(delivery.error))
    print(f"Invite e-mails from {sender} via {settings.where}:")
    for item in delivery.delivered:
        print(f"  sent: {plain(item.summary)}")
    for item, reason in delivery.failed:
        print(f"  NOT sent: {plain(item.summary)} — {plain(reason)}")
    if delivery.delivered:
        record(trip, plan, delivery.delivered, now)
        _save_sent(trip, path, stamp, delivery.delivered)
        print(f"Recorded what the server accepted in {path} ([[sent]]).")
        if settings != saved:
            save_smtp(settings)
            print(f"Remembered the SMTP settings ({settings.where}, {settings.security}"
                  + (f", user {plain(settings.user)}" if settings.user else "") + f") in {settings_path()}.")
    if delivery.failed:
        print(f"tripplan: {len(delivery.failed)} of {len(messages)} invite e-mail(s) were not delivered; run the "
              "same command again to send only those", file=sys.stderr)
        return EXIT_WARN
    return EXIT_WARN if plan.notes or plan.withheld else EXIT_OK
