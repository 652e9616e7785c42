"""The whole loop, as the issue's "done when" reads: the Lisbon sample's invites go out through a real SMTP
server, each colleague answers from their own mail (a Maildir, an mbox, an .eml file and a real IMAP server),
``tripplan replies`` reads them all, and the answers show in ``agenda --format json``, ``rsvp`` and the app.

The answers are built from the invites as the server received them (UID, SEQUENCE, the attendee's own address),
the way Gmail and Outlook build theirs: only the replying ATTENDEE and their PARTSTAT.
"""

from __future__ import annotations

import base64
import email
import email.policy
import json
import mailbox
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import icalendar

from tests.mail.conftest import USER, Received, Server, cli
from tests.mail.dovecot import PASSWORD as IMAP_PASSWORD
from tests.mail.dovecot import dovecot
from tests.mail.reply_builder import OUTLOOK, gmail, outlook, reply

ANSWERED = datetime(2027, 3, 2, 8, 15, tzinfo=UTC)
NOW = "2027-03-02T09:00:00+00:00"
# Who answers what, and from which mailbox of the organizer's.
ANSWERS = {"ana.ruiz@acme-iberia.example": ("ACCEPTED", "maildir", "Com todo o gosto [/]"),
           "rui.costa@acme-iberia.example": ("DECLINED", "mbox", "Em Madrid nesse dia"),
           "marta.oliveira@acme-iberia.example": ("TENTATIVE", "eml", ""),
           "jordan.lee@halyard.example": ("ACCEPTED", "imap", "")}


def _invite(item: Received) -> tuple[str, str, int, str]:
    """(recipient, UID, SEQUENCE, SUMMARY) of an invite as the server received it."""
    message = email.message_from_bytes(item.data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    alternative = next(iter(message.iter_parts()))
    part = next(p for p in alternative.iter_parts() if p.get_content_type() == "text/calendar")
    payload = part.get_payload(decode=False)
    assert isinstance(payload, str)
    event = next(iter(icalendar.Calendar.from_ical(base64.b64decode(payload)).walk("VEVENT")))
    return item.rcpt_tos[0].lower(), str(event["UID"]), int(event["SEQUENCE"]), str(event["SUMMARY"])


def test_invites_out_by_smtp_answers_back_from_four_mailboxes(lisbon: Path, smtp_plain: Server,
                                                              tmp_path: Path) -> None:
    sent = cli("invites", str(lisbon), "--send", *smtp_plain.options(), env={**smtp_plain.env, "TRIPPLAN_NOW": NOW})
    assert sent.returncode == 0, sent.stdout + sent.stderr
    invites = [_invite(m) for m in smtp_plain.messages]
    # One answer per person: to the first invite each got (the kick-off for most of them).
    first: dict[str, tuple[str, int, str]] = {}
    for who, uid, sequence, title in invites:
        first.setdefault(who, (uid, sequence, title))
    assert set(ANSWERS) <= set(first), sorted(first)

    maildir = mailbox.Maildir(tmp_path / "Maildir", create=True)
    box = mailbox.mbox(tmp_path / "replies.mbox")
    eml = tmp_path / "marta.eml"
    to_imap: list[bytes] = []
    for who, (partstat, where, comment) in ANSWERS.items():
        uid, sequence, _ = first[who]
        text = reply(uid, who, partstat, dtstamp=ANSWERED, sequence=sequence, comment=comment, organizer=USER,
                     prodid=OUTLOOK if where == "mbox" else "-//Google Inc//Google Calendar 70.9054//EN")
        data = (outlook if where == "mbox" else gmail)(text, who, date=ANSWERED, to=USER)
        if where == "maildir":
            maildir.add(data)
        elif where == "mbox":
            box.add(data)
            box.flush()
        elif where == "eml":
            eml.write_bytes(data)
        else:
            to_imap.append(data)
    box.close()

    with dovecot(tmp_path / "dovecot") as server:
        server.deliver(to_imap)
        env = {**smtp_plain.env, "TRIPPLAN_NOW": NOW, "TRIPPLAN_IMAP_PASSWORD": IMAP_PASSWORD,
               "SSL_CERT_FILE": str(server.ca)}
        read = cli("replies", str(lisbon), str(tmp_path / "Maildir"), str(tmp_path / "replies.mbox"), str(eml),
                   server.url, env=env)
        assert read.returncode == 0, read.stdout + read.stderr
        again = lisbon.read_bytes()
        assert cli("replies", str(lisbon), str(tmp_path / "Maildir"), str(tmp_path / "replies.mbox"), str(eml),
                   server.url, env=env).returncode == 0
        assert lisbon.read_bytes() == again  # the same mailboxes again change nothing

    # agenda --format json: each attendee's status on the event they answered.
    agenda = json.loads(cli("agenda", str(lisbon), "--format", "json", env={**smtp_plain.env,
                                                                           "TRIPPLAN_NOW": NOW}).stdout)
    uid_title = {uid: title for _, uid, _, title in invites}
    statuses: dict[tuple[str, str], str] = {}
    emails = {p: a for a, p in (("ana.ruiz@acme-iberia.example", "ana-ruiz"), ("rui.costa@acme-iberia.example",
                                                                             "rui-costa"),
                                ("marta.oliveira@acme-iberia.example", "marta-oliveira"),
                                ("jordan.lee@halyard.example", "jordan-lee"))}
    for day in agenda["days"]:
        for event in day["events"]:
            for person in event["attendees"]:
                if person["id"] in emails:
                    statuses.setdefault((emails[person["id"]], event["title"]), person["status"])
    for who, (partstat, _, _) in ANSWERS.items():
        title = uid_title[first[who][0]]
        assert statuses[(who, title)] == partstat.lower(), (who, title)

    # rsvp --json: the same answers, with the comment.
    rsvp = json.loads(cli("rsvp", str(lisbon), "--json", env={**smtp_plain.env, "TRIPPLAN_NOW": NOW}).stdout)
    answers = {(p["email"].lower(), e["title"]): (p["status"], p["comment"]) for e in rsvp["events"]
               for p in e["people"]}
    for who, (partstat, _, comment) in ANSWERS.items():
        assert answers[(who, uid_title[first[who][0]])] == (partstat.lower(), comment)
    # Someone who did not answer their first invite is still waiting on it.
    assert any(status == "needs-action" for status, _ in answers.values())
    text = cli("rsvp", str(lisbon), env={**smtp_plain.env, "TRIPPLAN_NOW": NOW}).stdout
    assert "Com todo o gosto [/]" in text

    # The app: the event Ana answered shows her answer and comment in the details panel.
    from tests.tui.conftest import opened, run, settle
    from tripplan.files.storage import read_trip
    from tripplan.tui.screens.main import MainScreen
    from tripplan.tui.widgets.details import EventDetails
    from tripplan.tui.widgets.timetable import Timetable

    trip, _ = read_trip(lisbon)
    answered = next(e for e in trip.events if e.title == uid_title[first["ana.ruiz@acme-iberia.example"][0]])
    local = answered.start_utc.astimezone(trip.zone_at(answered.start_utc))

    async def body() -> None:
        async with opened(lisbon, size=(160, 50)) as (app, pilot):
            screen = app.screen
            assert isinstance(screen, MainScreen)
            screen.query_one(Timetable).goto(local.date(), local.hour * 60 + local.minute, answered.id)
            await settle(app, pilot)
            lines = screen.query_one(EventDetails).text.splitlines()
            ana = next(line for line in lines if line.startswith("Ana Ruíz Ñúñez"))
            assert "✓ accepted" in ana
            assert lines[lines.index(ana) + 1] == "“Com todo o gosto [/]”"
            rui = next(line for line in lines if line.startswith("Rui Costa"))
            assert "✗ declined" in rui

    run(body)
