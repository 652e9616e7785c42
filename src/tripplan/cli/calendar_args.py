"""The parsers of the calendar commands ``tripplan export``, ``invites`` and ``import`` (their code:
``tripplan.cli.calendar_run``; ``invites --send`` and ``--eml``: ``tripplan.cli.invites_run``)."""

from __future__ import annotations

from tripplan.cli.subcommands import HandlerFor, Subcommands


def add_commands(sub: Subcommands, handler: HandlerFor) -> None:
    """Register the calendar commands on the main parser's subparsers."""
    from argparse import RawDescriptionHelpFormatter as Raw  # the examples keep their lines
    from textwrap import fill

    p = sub.add_parser("export", help="the whole trip as an .ics calendar", formatter_class=Raw,
                       description=fill("Write every event of the trip as an iCalendar file. With a traveller "
                       "(person add … --me) who has an e-mail, they are the ORGANIZER of every event nobody "
                       "else organizes and the calendar is METHOD:PUBLISH (RFC 5546: no attendees in it; who "
                       "attends is in each description); otherwise it has no METHOD. No RSVP either way, so "
                       "importing it sends no invitations or replies. Times keep their zones; imported events "
                       "keep their UID, organizer and links."),
                       epilog="Without -o the calendar goes to standard output.\n\nexamples:\n"
                       "  tripplan export trip.toml -o trip.ics --todos\n  tripplan export trip.toml > trip.ics")
    p.add_argument("file", metavar="FILE", help="trip file (.toml)")
    p.add_argument("-o", "--output", metavar="OUT.ics", help="write the calendar here; an existing file is "
                   "replaced only with --force")
    p.add_argument("--todos", action="store_true", help="also export follow-ups as to-dos (VTODO with a due date)")
    p.add_argument("--attendees", action="store_true", help="also write the attendees imported calendars "
                   "listed, with their answers (ATTENDEE); the calendar then has no METHOD")
    p.add_argument("--force", action="store_true", help="replace OUT.ics if it exists")
    p.set_defaults(run=handler("calendar_run", "cmd_export"))

    p = sub.add_parser("invites", help="send invites by e-mail, or write them as files (.ics, .eml)",
                       formatter_class=Raw,
                       description=fill("Invite each person with an e-mail to their events (METHOD:REQUEST, "
                       "RSVP "
                       "asked): --send e-mails them (iMIP: one message per person and event, with Accept/Decline "
                       "in their calendar), --eml writes those messages as .eml files for any mail client, --out "
                       "writes one .ics file per person. Re-run after changes: changed events go out with a higher "
                       "SEQUENCE so calendars update them; deleted events and people dropped from an event get a "
                       "METHOD:CANCEL. Events someone else organizes are not sent. What was sent is recorded "
                       "in the trip file ([[sent]]); --send records only what the server accepted, and sends "
                       "nobody a version they already hold."),
                       epilog=fill("--send uses --smtp HOST[:PORT] (with --smtp-security and --smtp-user), or the "
                       "settings remembered from the last send that worked (in the user's config folder, mail.toml); "
                       "the password comes from TRIPPLAN_SMTP_PASSWORD or a prompt, never from a file. --out names "
                       "files after the person's id: DIR/ana-ruiz.ics and DIR/ana-ruiz-cancel.ics. Exit code 1 when "
                       "some messages were not delivered (rerun to send only those), 2 when nothing could be sent.")
                       + "\n\nexamples:\n  tripplan invites trip.toml --send --smtp smtp.example.com --smtp-user "
                       "sam@example.com --dry-run\n  tripplan invites trip.toml --send\n"
                       "  tripplan invites trip.toml --eml outbox/\n"
                       "  tripplan invites trip.toml --out invites/ --organizer sam-lee")
    p.add_argument("file", metavar="FILE", help="trip file (.toml)")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--out", metavar="DIR", help="write one .ics file per person in DIR (created if missing)")
    mode.add_argument("--send", action="store_true", help="e-mail the invites through SMTP")
    mode.add_argument("--eml", metavar="DIR", help="write the e-mails as .eml files in DIR instead of sending them "
                      "(recorded as sent: you send them from your mail client)")
    p.add_argument("--smtp", metavar="HOST[:PORT]", help="the SMTP server (default port: 587 for starttls, 465 for "
                   "ssl, 25 for none); remembered after a send that worked")
    p.add_argument("--smtp-security", choices=("starttls", "ssl", "none"), help="starttls (default), ssl, or none "
                   "(only for a server on this machine)")
    p.add_argument("--smtp-user", metavar="USER", help="log in as USER (password: TRIPPLAN_SMTP_PASSWORD or a "
                   "prompt); without it, no login")
    p.add_argument("--smtp-timeout", type=float, default=30.0, metavar="SECONDS", help="give up on the server after "
                   "this long (default: 30)")
    p.add_argument("--organizer", metavar="PERSON_ID", help="who sends the invites and gets the replies "
                   "(default: you, the traveller marked --me; without one, the organizer of the last run)")
    p.add_argument("--people", metavar="ID,ID", help="only these people (default: everyone with an e-mail)")
    p.add_argument("--notes", action="store_true", help="include the events' notes (objectives are never sent)")
    p.add_argument("--dry-run", action="store_true", help="show what would be sent; write nothing")
    p.add_argument("--force", action="store_true", help="replace files in DIR that tripplan did not write")
    p.set_defaults(run=handler("calendar_run", "cmd_invites"))

    p = sub.add_parser("import", help="merge an .ics calendar into the trip", formatter_class=Raw,
                       description=fill("Merge a calendar (a conference agenda, a colleague's export) into the trip. "
                       "Events are matched by UID: importing again updates them (an older SEQUENCE never wins). "
                       "Attendees become people, matched by e-mail. Events outside the trip's dates (± a day) "
                       "are skipped unless --all-dates."),
                       epilog=fill("Exit code 0 when everything was imported as the file says; 1 when some events "
                       "were skipped or something was left out or changed (occurrences, alarms, links, text: the "
                       "report says what and why); 2 when nothing in the file could be used (the trip is then "
                       "unchanged).") + "\n\nexamples:\n  tripplan import trip.toml agenda.ics --kind conference "
                       "--dry-run\n  tripplan import trip.toml colleague.ics")
    p.add_argument("file", metavar="FILE", help="trip file (.toml)")
    p.add_argument("calendar", metavar="CAL.ics", help="calendar file to import")
    p.add_argument("--kind", metavar="KIND", help="kind for every imported event, e.g. conference (default: from "
                   "the event's CATEGORIES, else meeting)")
    p.add_argument("--all-dates", action="store_true", help="also import events outside the trip's dates")
    p.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    p.set_defaults(run=handler("calendar_run", "cmd_import"))
