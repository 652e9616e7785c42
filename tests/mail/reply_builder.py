"""Replies built the way calendar clients write them: icalendar for the iTIP text, the stdlib for the mail.

Google Calendar and Outlook (Exchange) answer an invite with ``METHOD:REPLY``
holding only the replying ATTENDEE and their PARTSTAT, the invite's UID and
SEQUENCE, a fresh DTSTAMP and, when the person wrote one, a COMMENT; an
answer to one occurrence of a series carries its RECURRENCE-ID.  Gmail sends
it as ``multipart/mixed`` → ``multipart/alternative`` (text/plain,
``text/calendar; method=REPLY``) plus an ``invite.ics`` attachment
(application/ics, base64); Outlook as ``multipart/alternative`` with a base64
``text/calendar`` part.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, make_msgid
from pathlib import Path

from icalendar import Calendar, Event, vCalAddress

GOOGLE = "-//Google Inc//Google Calendar 70.9054//EN"
OUTLOOK = "Microsoft Exchange Server 2010"
ORGANIZER = "sam@example.com"  # the traveller the tests make (tripplan person add … --me)


def uids_of(folder: Path) -> dict[str, str]:
    """SUMMARY → UID of every VEVENT in the invite files ``tripplan invites --out`` wrote in *folder*."""
    found: dict[str, str] = {}
    for path in sorted(folder.glob("*.ics")):
        for vevent in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            found[str(vevent["SUMMARY"])] = str(vevent["UID"])
    return found


def reply(uid: str, attendee: str, partstat: str, *, dtstamp: datetime, sequence: int = 0, comment: str = "",
          cn: str = "", recurrence_id: datetime | None = None, organizer: str | None = ORGANIZER,
          prodid: str = GOOGLE, method: str = "REPLY", delegated_to: str = "", start: datetime | None = None,
          end: datetime | None = None, stamp: bool = True, with_attendee: bool = True) -> str:
    """One iTIP answer's calendar text, as a client writes it (only the replying ATTENDEE)."""
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    if organizer:
        event.add("organizer", vCalAddress(f"mailto:{organizer}"))
    if with_attendee:
        who = vCalAddress(f"mailto:{attendee}")
        who.params["PARTSTAT"] = partstat
        if cn:
            who.params["CN"] = cn
        if delegated_to:
            who.params["DELEGATED-TO"] = f"mailto:{delegated_to}"
        event.add("attendee", who)
    event.add("uid", uid)
    event.add("sequence", sequence)
    if stamp:
        event.add("dtstamp", dtstamp)
    if recurrence_id is not None:
        event.add("recurrence-id", recurrence_id)
    if start is not None:
        event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    if comment:
        event.add("comment", comment)
    calendar.add_component(event)
    return str(calendar.to_ical().decode("utf-8"))


def _subject(calendar: str) -> str:
    found = re.search(r"PARTSTAT=([A-Z-]+)", calendar)
    return f"{(found.group(1) if found else 'Answer').title()}: invitation"


def gmail(calendar: str, sender: str, *, date: datetime, to: str = ORGANIZER) -> bytes:
    """The mail Gmail sends for an answer: mixed(alternative(text/plain, text/calendar), invite.ics)."""
    mixed = MIMEMultipart("mixed")
    mixed["From"], mixed["To"], mixed["Subject"] = sender, to, _subject(calendar)
    mixed["Date"], mixed["Message-ID"] = format_datetime(date), make_msgid(domain="mail.gmail.example")
    alternative = MIMEMultipart("alternative")
    alternative.attach(MIMEText(f"{sender} has answered.\n", "plain", "utf-8"))
    part = MIMEText(calendar, "calendar", "utf-8")  # base64, as Gmail does for UTF-8
    part.set_param("method", "REPLY" if "METHOD:REPLY" in calendar else "COUNTER")
    alternative.attach(part)
    mixed.attach(alternative)
    attachment = MIMEApplication(calendar.encode("utf-8"), "ics", name="invite.ics")
    attachment.add_header("Content-Disposition", "attachment", filename="invite.ics")
    mixed.attach(attachment)
    return mixed.as_bytes()


def outlook(calendar: str, sender: str, *, date: datetime, to: str = ORGANIZER) -> bytes:
    """The mail Outlook sends: alternative(text/plain, text/calendar; method=REPLY, base64)."""
    alternative = MIMEMultipart("alternative")
    alternative["From"], alternative["To"], alternative["Subject"] = sender, to, _subject(calendar)
    alternative["Date"], alternative["Message-ID"] = format_datetime(date), make_msgid(domain="outlook.example")
    alternative.attach(MIMEText("Answered.\n", "plain", "utf-8"))
    part = MIMEText(calendar, "calendar", "utf-8")
    part.set_param("method", "REPLY")
    alternative.attach(part)
    return alternative.as_bytes()


# A repeating stand-up with one changed occurrence, so answers with a RECURRENCE-ID have something to answer.
SERIES = """
[[events]]
id = "standup"
title = "Team stand-up"
kind = "meeting"
start = 2027-03-09 09:00:00
end = 2027-03-09 09:15:00
repeat = "FREQ=DAILY;COUNT=4"
exdates = [2027-03-11 09:00:00]
attendees = ["jordan-lee"]

[[events]]
id = "standup-late"
title = "Team stand-up (late)"
kind = "meeting"
start = 2027-03-11 09:30:00
end = 2027-03-11 09:45:00
attendees = ["jordan-lee"]

[events.ical]
series = "standup"
recurrence_id = 2027-03-11 09:00:00
"""


def invited_trip(folder: Path, env: dict[str, str]) -> tuple[Path, dict[str, str]]:
    """A copy of the Lisbon sample whose invites went out: Sam Lee is the traveller, ``tripplan invites`` ran.

    Returns the trip file and SUMMARY → UID as the written invite files hold them.
    """
    import shutil
    import subprocess
    import sys

    from tests.conftest import SAMPLES

    trip = folder / "trip.toml"
    shutil.copy(SAMPLES / "lisbon-client-visit.toml", trip)
    with trip.open("a", encoding="utf-8") as out:
        out.write(SERIES)
    run = [sys.executable, "-m", "tripplan"]
    subprocess.run([*run, "person", "add", str(trip), "sam-lee", "--name", "Sam Lee", "--email", ORGANIZER, "--me"],
                   check=True, capture_output=True, env=env, timeout=60)
    subprocess.run([*run, "invites", str(trip), "--out", str(folder / "invites")], check=True,
                   capture_output=True, env={**env, "TRIPPLAN_NOW": "2026-03-01T10:00:00+00:00"}, timeout=60)
    return trip, uids_of(folder / "invites")
