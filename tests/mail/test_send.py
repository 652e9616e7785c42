"""``tripplan invites --send``: the Lisbon sample's invites through a real SMTP server, checked as received."""

from __future__ import annotations

import base64
import dataclasses
import email
import email.policy
import re
import tomllib
from collections import Counter
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import icalendar

from tests.mail.conftest import PASSWORD, USER, Received, Server, cli
from tripplan.cli.saving import save_checked
from tripplan.files.storage import read_trip


def _parse(item: Received) -> EmailMessage:
    message = email.message_from_bytes(item.data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _calendar_bytes(part: EmailMessage) -> bytes:
    """The part's body as sent: base64, decoded by hand (get_content would turn CRLF into LF)."""
    assert part["Content-Transfer-Encoding"] == "base64"
    raw = part.get_payload(decode=False)
    assert isinstance(raw, str)
    return base64.b64decode(raw)


def _uid_sequence(item: Received) -> tuple[str, str, int, str]:
    """(recipient, UID, SEQUENCE, METHOD) of a received invite."""
    message = _parse(item)
    alternative = next(iter(message.iter_parts()))
    part = next(p for p in alternative.iter_parts() if p.get_content_type() == "text/calendar")
    calendar = icalendar.Calendar.from_ical(_calendar_bytes(part))
    events = [c for c in calendar.walk("VEVENT")]
    uids = {str(e["UID"]) for e in events}
    assert len(uids) == 1, uids
    return item.rcpt_tos[0].lower(), uids.pop(), max(int(e["SEQUENCE"]) for e in events), str(calendar["METHOD"])


def _send(trip: Path, server: Server, *extra: str, user: bool = True) -> tuple[int, str, str]:
    run = cli("invites", str(trip), "--send", *server.options(user=user), *extra, env=server.env)
    assert "Traceback" not in run.stderr
    return run.returncode, run.stdout, run.stderr


def test_the_lisbon_invites_arrive_as_imip_over_starttls_with_auth(lisbon: Path, smtp_starttls: Server) -> None:
    server = smtp_starttls
    preview = cli("invites", str(lisbon), "--eml", str(lisbon.parent / "preview"), "--dry-run")
    expected = int(re.search(r"Would write (\d+) invite", preview.stdout).group(1))  # type: ignore[union-attr]
    code, out, err = _send(lisbon, server)
    assert code == 0, out + err
    assert server.recorder.logins == [USER]
    assert len(server.messages) == expected > 20
    seen: set[tuple[str, str]] = set()
    for item in server.messages:
        assert item.mail_from == USER
        assert len(item.rcpt_tos) == 1 and item.rcpt_tos[0] != USER  # one recipient, never the organizer
        message = _parse(item)
        # Headers: From the organizer, To the attendee, UTF-8 names intact, a Date and a Message-ID.
        assert message["From"].addresses[0].display_name == "João Ñúñez"
        assert message["From"].addresses[0].addr_spec == USER
        to = message["To"].addresses
        assert len(to) == 1 and to[0].addr_spec == item.rcpt_tos[0]
        assert message["Date"].datetime is not None
        assert re.fullmatch(r"<[^<>@\s]+@halyard\.example>", message["Message-ID"])
        head = item.data.split(b"\r\n\r\n", 1)[0]
        assert head.isascii()  # non-ASCII only as RFC 2047 words: no SMTPUTF8 needed
        assert all(len(line) <= 78 for line in head.split(b"\r\n"))
        subject = str(message["Subject"])
        assert subject.startswith("Invitation: ") and subject.endswith(" · Lisbon client visit — Acme Iberia")
        # MIME: multipart/mixed, first child multipart/alternative(text/plain, text/calendar), then application/ics.
        assert message.get_content_type() == "multipart/mixed"
        children = list(message.iter_parts())
        assert [c.get_content_type() for c in children] == ["multipart/alternative", "application/ics"]
        alternative, attachment = children
        plain, calendar_part = alternative.iter_parts()
        assert plain.get_content_type() == "text/plain" and plain.get_content_charset() == "utf-8"
        assert calendar_part.get_content_type() == "text/calendar"
        assert calendar_part.get_param("method") == "REQUEST"
        assert str(calendar_part.get_param("charset")).upper() == "UTF-8"
        assert attachment.get_filename() == "invite.ics"
        assert attachment.get_content_disposition() == "attachment"
        data = _calendar_bytes(calendar_part)
        assert _calendar_bytes(attachment) == data
        assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")  # CRLF only
        calendar = icalendar.Calendar.from_ical(data)
        assert str(calendar["METHOD"]) == "REQUEST"
        events = list(calendar.walk("VEVENT"))
        assert len({str(e["UID"]) for e in events}) == 1
        event = events[0]
        assert str(event["ORGANIZER"]).lower() == f"mailto:{USER}"
        attendees = [str(a).lower() for a in (event.get("ATTENDEE") if isinstance(event.get("ATTENDEE"), list)
                                              else [event.get("ATTENDEE")])]
        assert f"mailto:{item.rcpt_tos[0].lower()}" in attendees
        assert str(event["SUMMARY"]) in subject
        text = plain.get_content()
        assert str(event["SUMMARY"]) in text and "When:" in text and re.search(r"\([A-Z][a-z]+/[A-Za-z_]+\)", text)
        seen.add((item.rcpt_tos[0], str(event["UID"])))
        if item.rcpt_tos[0].startswith("ana.ruiz@"):
            assert to[0].display_name == "Ana Ruíz Ñúñez"
    assert len(seen) == len(server.messages)  # one message per recipient and UID
    # Recorded: a second run sends nothing; the settings are remembered, without the password.
    assert "Remembered the SMTP settings" in out
    again = cli("invites", str(lisbon), "--send", env=server.env)
    assert again.returncode == 0 and "Nothing to send" in again.stdout, again.stdout + again.stderr
    assert len(server.messages) == expected
    config = Path(server.env["TRIPPLAN_CONFIG_DIR"]) / "mail.toml"
    settings = tomllib.loads(config.read_text(encoding="utf-8"))["smtp"]
    assert settings == {"host": "127.0.0.1", "port": server.port, "security": "starttls", "user": USER}
    assert PASSWORD not in config.read_text(encoding="utf-8")
    assert PASSWORD not in lisbon.read_text(encoding="utf-8") and PASSWORD not in out + err


def test_implicit_tls_with_the_settings_remembered(lisbon: Path, smtp_ssl: Server) -> None:
    code, out, err = _send(lisbon, smtp_ssl, "--people", "priya-shah")
    assert code == 0, out + err
    assert [m.rcpt_tos for m in smtp_ssl.messages] == [["priya.shah@halyard.example"]]
    assert smtp_ssl.recorder.logins == [USER]


def _move(trip: Path, title: str, hours: int = 1) -> str:
    loaded, stamp = read_trip(trip)
    index, event = next((i, e) for i, e in enumerate(loaded.events) if e.title == title)
    loaded.events[index] = dataclasses.replace(event, start_utc=event.start_utc + timedelta(hours=hours),
                                               end_utc=event.end_utc + timedelta(hours=hours))
    save_checked(loaded, trip, stamp)
    return event.id


def _delete(trip: Path, title: str) -> None:
    loaded, stamp = read_trip(trip)
    gone = {e.id for e in loaded.events if e.title == title}
    loaded.events = [e for e in loaded.events if e.id not in gone]
    loaded.followups = [f for f in loaded.followups if f.event not in gone]
    save_checked(loaded, trip, stamp)


def test_an_update_then_a_cancellation(lisbon: Path, smtp_plain: Server) -> None:
    server = smtp_plain
    assert _send(lisbon, server)[0] == 0
    first = len(server.messages)
    title = "Coffee with Ana: next steps"
    _move(lisbon, title)
    code, out, err = _send(lisbon, server)
    assert code == 0, out + err
    updates = server.messages[first:]
    assert [m.rcpt_tos for m in updates] == [["ana.ruiz@acme-iberia.example"]]
    assert str(_parse(updates[0])["Subject"]) == f"Updated: {title} · Lisbon client visit — Acme Iberia"
    assert _uid_sequence(updates[0])[2:] == (1, "REQUEST")
    _delete(lisbon, title)
    code, out, err = _send(lisbon, server)
    assert code == 0, out + err
    cancels = server.messages[first + 1:]
    assert len(cancels) == 1
    message = _parse(cancels[0])
    assert str(message["Subject"]) == f"Cancelled: {title} · Lisbon client visit — Acme Iberia"
    part = next(p for p in next(iter(message.iter_parts())).iter_parts() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "CANCEL"
    calendar = icalendar.Calendar.from_ical(_calendar_bytes(part))
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(next(iter(calendar.walk("VEVENT")))["STATUS"]) == "CANCELLED"
    assert _uid_sequence(cancels[0])[2:] == (2, "CANCEL")
    assert _send(lisbon, server)[0] == 0 and len(server.messages) == first + 2  # nothing more


def test_a_refused_recipient_gets_only_the_rest_on_the_rerun(lisbon: Path, smtp_plain: Server) -> None:
    server = smtp_plain
    ana = "ana.ruiz@acme-iberia.example"
    server.recorder.refuse = {ana}
    before = lisbon.read_bytes()
    code, out, err = _send(lisbon, server)
    assert code == 1, out + err
    assert re.search(r"NOT sent: Ana Ruíz Ñúñez <ana\.ruiz@acme-iberia\.example>: Invitation: .* — 550 5\.1\.1", out)
    assert "sent: Rui Costa <rui.costa@acme-iberia.example>" in out
    assert "run the same command again" in err
    assert lisbon.read_bytes() != before  # the others are recorded
    delivered = len(server.messages)
    assert delivered > 0 and all(m.rcpt_tos != [ana] for m in server.messages)
    server.recorder.refuse = set()
    code, out, err = _send(lisbon, server)
    assert code == 0, out + err
    rerun = server.messages[delivered:]
    assert rerun and all(m.rcpt_tos == [ana] for m in rerun)
    # An update while Ana is refused again: she is left behind at SEQUENCE 0 and gets only SEQUENCE 1 later.
    title = "Kick-off with Acme Iberia"
    _move(lisbon, title)
    server.recorder.refuse = {ana}
    mark = len(server.messages)
    assert _send(lisbon, server)[0] == 1
    assert {m.rcpt_tos[0] for m in server.messages[mark:]} == {"marta.oliveira@acme-iberia.example",
                                                               "rui.costa@acme-iberia.example",
                                                               "jordan.lee@halyard.example"}
    server.recorder.refuse = set()
    mark = len(server.messages)
    assert _send(lisbon, server)[0] == 0
    assert [(_uid_sequence(m)[0], _uid_sequence(m)[2]) for m in server.messages[mark:]] == [(ana, 1)]
    # Nobody ever got the same UID at the same SEQUENCE twice.
    counts = Counter(_uid_sequence(m) for m in server.messages)
    assert counts and max(counts.values()) == 1


def test_eml_writes_the_same_messages_and_records_them(lisbon: Path, smtp_plain: Server, tmp_path: Path) -> None:
    out = tmp_path / "mail"
    run = cli("invites", str(lisbon), "--eml", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    files = sorted(out.glob("*.eml"))
    assert len(files) == len(set(f.name.lower() for f in files)) > 20
    for path in files:
        assert re.fullmatch(r"[a-z0-9-]+--[a-z0-9-]+-[a-z0-9]{1,8}-\d+(-cancel)?\.eml", path.name), path.name
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert [c.get_content_type() for c in message.iter_parts()] == ["multipart/alternative", "application/ics"]
        assert message["From"].addresses[0].addr_spec == USER
    # Recorded as sent: sending now sends nothing.
    again = cli("invites", str(lisbon), "--send", *smtp_plain.options(), env=smtp_plain.env)
    assert again.returncode == 0 and "Nothing to send" in again.stdout
    assert smtp_plain.messages == []
    # A file tripplan did not write is never replaced.
    _move(lisbon, "Coffee with Ana: next steps")
    preview = cli("invites", str(lisbon), "--eml", str(out), "--dry-run")
    name = re.search(r"^  (\S+\.eml)  ", preview.stdout, re.M).group(1)  # type: ignore[union-attr]
    (out / name).write_text("my own notes\n")
    before = lisbon.read_bytes()
    refused = cli("invites", str(lisbon), "--eml", str(out))
    assert refused.returncode == 2 and "not written by tripplan" in refused.stderr
    assert (out / name).read_text() == "my own notes\n" and lisbon.read_bytes() == before


def test_dry_run_sends_and_writes_nothing(lisbon: Path, smtp_plain: Server, tmp_path: Path) -> None:
    before = lisbon.read_bytes()
    run = cli("invites", str(lisbon), "--send", "--dry-run", *smtp_plain.options(), env=smtp_plain.env)
    assert run.returncode == 0, run.stderr
    assert re.search(r"Would send \d+ invite e-mail\(s\) from João Ñúñez <joao@halyard\.example> via 127\.0\.0\.1:",
                     run.stdout)
    assert "Priya Shah <priya.shah@halyard.example>: Invitation: Deal-desk call" in run.stdout
    eml = cli("invites", str(lisbon), "--eml", str(tmp_path / "eml"), "--dry-run")
    assert eml.returncode == 0 and "Would write" in eml.stdout
    assert smtp_plain.messages == [] and lisbon.read_bytes() == before and not (tmp_path / "eml").exists()
    assert not (Path(smtp_plain.env["TRIPPLAN_CONFIG_DIR"]) / "mail.toml").exists()


def test_a_change_by_another_program_while_sending_keeps_what_was_sent(lisbon: Path, smtp_plain: Server) -> None:
    """The trip is edited while the messages go out: the edit stays, and so does the record of what was sent."""
    server = smtp_plain
    edited: list[bool] = []

    def edit(_: Received) -> None:
        if not edited:  # as another program saves the trip, once, after the first message
            text = lisbon.read_text(encoding="utf-8")
            lisbon.write_text(text.replace('name = "Lisbon client visit — Acme Iberia"',
                                           'name = "Lisbon client week"', 1),
                              encoding="utf-8")
            edited.append(True)

    assert 'name = "Lisbon client visit — Acme Iberia"' in lisbon.read_text(encoding="utf-8")
    server.recorder.on_data = edit
    code, out, err = _send(lisbon, server)
    assert code == 0, out + err
    assert "changed by another program while sending" in err
    saved = tomllib.loads(lisbon.read_text(encoding="utf-8"))
    assert saved["trip"]["name"] == "Lisbon client week"  # their change is kept
    sent_to = {(r["event"], t["email"]) for r in saved["sent"] for t in r.get("to", [])}
    assert len(sent_to) == len(server.messages)  # every message delivered is recorded
    mark = len(server.messages)
    code, out, err = _send(lisbon, server)
    assert code == 0, out + err
    assert server.messages[mark:] == [], "a rerun sent again what had been delivered"
