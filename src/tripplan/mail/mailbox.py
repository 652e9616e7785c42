"""Where answers to invites come from: .eml and .ics files, mbox files, Maildir folders and IMAP mailboxes.

:func:`read_source` opens one SOURCE of ``tripplan replies`` and returns
every message (or calendar file) in it as bytes; it raises
:class:`tripplan.errors.InputError` (one line naming the source) when the
source is not a mailbox at all, does not exist, or an IMAP server refuses
the login or its TLS certificate, so the caller records nothing.

An IMAP mailbox (``imaps://USER@HOST[:PORT]/BOX``, ``BOX`` default
``INBOX``) is opened with EXAMINE (read-only) and read with ``BODY.PEEK``:
nothing is marked seen, nothing moves.  TLS is verified with the system's
trust store (``SSL_CERT_FILE`` adds one).  Plain ``imap://`` is accepted only
for a server on this computer (loopback), since it sends the password in
clear.  Each network operation times out after 30 seconds.

:func:`calendars_in` finds the calendars in one message: every
``text/calendar`` and ``application/ics`` part, and any attachment whose name
ends in ``.ics``, decoded (base64, quoted-printable) with its charset.
"""

from __future__ import annotations

import contextlib
import email
import email.errors
import email.policy
import imaplib
import mailbox
import os
import re
import ssl
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tripplan.errors import InputError, UnreadableFileError
from tripplan.files.raw import read_regular
from tripplan.visible import visible

TIMEOUT = 30.0
MAX_MAILBOX_BYTES = 256 * 1024 * 1024  # a file read whole (an mbox of years of mail); a FIFO or device: refused
MAX_MESSAGE_BYTES = 64 * 1024 * 1024  # one message of a Maildir (as the largest calendar imported)
_BATCH = 200  # messages per IMAP FETCH
_HEADER = re.compile(rb"[!-9;-~]+:")  # a header field name and its colon (RFC 5322 §2.2)
_BASE64_DEFECTS = (email.errors.InvalidBase64PaddingDefect, email.errors.InvalidBase64CharactersDefect,
                   email.errors.InvalidBase64LengthDefect)
_CALENDAR_TYPES = ("text/calendar", "application/ics")


@dataclass
class Item:
    """One message of a source (``kind`` "mail") or one calendar file (``kind`` "ics")."""

    where: str  # "message 3" in a mailbox; "" for a source that is one file
    data: bytes
    kind: str = "mail"


@dataclass
class Source:
    """What one SOURCE held: its name as given and its items in mailbox order."""

    name: str
    items: list[Item] = field(default_factory=list)
    mailbox: bool = False  # many messages (mbox, Maildir, IMAP): a message without a calendar is no problem


@dataclass
class MailCalendars:
    """The calendars found in one message, what was wrong with its calendar parts, and its ``Date``."""

    calendars: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    date: datetime | None = None


def read_source(text: str, *, timeout: float = TIMEOUT) -> Source:
    """Every message (or calendar) of the SOURCE *text*: a path or an ``imaps://`` address."""
    if text[:8].lower() == "imaps://" or text[:7].lower() == "imap://":
        return _imap(text, timeout)
    path = Path(text)
    if path.is_dir():
        return _maildir(text, path)
    if not path.exists():
        raise InputError(f"{visible(text)}: no such file or folder")
    try:
        data = read_regular(path, MAX_MAILBOX_BYTES, "mailbox file")  # a FIFO or a device: refused, never read
    except UnreadableFileError as error:
        raise InputError(f"{visible(text)}: cannot read it: {error.reason}") from None
    suffix = path.suffix.lower()
    if suffix == ".ics":
        return Source(text, [Item("", data, "ics")])
    if suffix == ".eml":
        return Source(text, [Item("", data, "mail")])
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:64]
    if suffix == ".mbox" or head.startswith(b"From "):
        if head and not head.startswith(b"From "):
            raise InputError(f"{visible(text)}: not an mbox file (it does not start with a 'From ' line)")
        return _mbox(text, path)
    if head.upper().startswith(b"BEGIN:VCALENDAR"):
        return Source(text, [Item("", data, "ics")])
    if _HEADER.match(head):
        return Source(text, [Item("", data, "mail")])
    raise InputError(f"{visible(text)}: not a mailbox: neither a message (.eml), a calendar (.ics), an mbox file "
                     "nor a Maildir folder")


def _mbox(text: str, path: Path) -> Source:
    try:
        box = mailbox.mbox(path, create=False)
        items = [Item(f"message {n}", box.get_bytes(key)) for n, key in enumerate(box.iterkeys(), 1)]
    except (OSError, mailbox.Error) as exc:
        raise InputError(f"{visible(text)}: cannot read this mbox file: {visible(str(exc))}") from None
    return Source(text, items, mailbox=True)


def _maildir(text: str, path: Path) -> Source:
    if not (path / "cur").is_dir() or not (path / "new").is_dir():
        raise InputError(f"{visible(text)}: a folder but not a Maildir (it has no cur/ and new/ folders)")
    try:
        # A message's key is its unique name (before ':'); sorted, the order is the same on every run (delivery
        # time comes first).  Each is read as a regular file only: a FIFO among them would block for ever.
        files = sorted((name.split(":", 1)[0], sub / name) for sub in (path / "new", path / "cur")
                       for name in os.listdir(sub) if not name.startswith("."))
        items = [Item(f"message {n}", read_regular(file, MAX_MESSAGE_BYTES, "message"))
                 for n, (_, file) in enumerate(files, 1)]
    except OSError as exc:
        raise InputError(f"{visible(text)}: cannot read this Maildir: {visible(str(exc))}") from None
    except UnreadableFileError as error:
        raise InputError(f"{visible(text)}: cannot read this Maildir: {visible(str(error))}") from None
    return Source(text, items, mailbox=True)


def _quoted(box: str) -> str:
    return '"' + box.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _server_text(exc: BaseException) -> str:
    """An imaplib error's text: the server's words, without the ``b'…'`` of a bytes repr, made visible."""
    text = str(exc.args[0] if exc.args else exc)
    if text[:2] in ("b'", 'b"') and text[-1:] == text[1]:
        text = text[2:-1]
    return visible(text)


def _imap(text: str, timeout: float) -> Source:
    from tripplan.caldav.trust import is_loopback
    from tripplan.mail.secrets import password

    shown = visible(text)
    try:
        url = urlsplit(text)
        port = url.port
    except ValueError as exc:
        raise InputError(f"{shown}: not an IMAP address ({exc}); write imaps://USER@HOST[:PORT]/MAILBOX") from None
    secure = url.scheme.lower() == "imaps"
    host, user = url.hostname or "", unquote(url.username or "")
    box = unquote(url.path.lstrip("/")) or "INBOX"
    if not host or not user:
        raise InputError(f"{shown}: an IMAP address needs a user and a host: imaps://USER@HOST[:PORT]/MAILBOX "
                         "(a user with an @ is written %40)")
    if url.password is not None:
        raise InputError(f"{visible(url.scheme)}://{visible(user)}@{visible(host)}: put no password in the address; "
                         "set TRIPPLAN_IMAP_PASSWORD or type it when asked")
    if not secure and not is_loopback(host):  # the one rule for plain text (tripplan.caldav.trust)
        raise InputError(f"{shown}: imap:// would send the password unencrypted; it is only for a server on this "
                         "computer (localhost): use imaps://")
    if not box.isascii() or any(not c.isprintable() for c in box):
        raise InputError(f"{shown}: mailbox {visible(box)!r}: only plain ASCII mailbox names are supported")
    secret = password("imap", user, host)
    try:
        if secure:
            conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(host, port or 993, ssl_context=ssl.create_default_context(),
                                                   timeout=timeout)
        else:
            conn = imaplib.IMAP4(host, port or 143, timeout=timeout)
    except ssl.SSLError as exc:
        raise InputError(f"{shown}: TLS failed: {visible(exc.reason or str(exc))}") from None
    except (OSError, imaplib.IMAP4.error) as exc:
        raise InputError(f"{shown}: cannot connect: {_server_text(exc)}") from None
    try:
        return Source(text, _fetch(conn, shown, user, secret, box), mailbox=True)
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            conn.logout()


def _fetch(conn: imaplib.IMAP4, shown: str, user: str, secret: str, box: str) -> list[Item]:
    try:
        conn.login(user, secret)
    except imaplib.IMAP4.abort as exc:
        raise InputError(f"{shown}: the server closed the connection: {_server_text(exc)}") from None
    except imaplib.IMAP4.error as exc:
        raise InputError(f"{shown}: login failed: {_server_text(exc)}") from None
    except OSError as exc:
        raise InputError(f"{shown}: login failed: {exc}") from None
    try:
        status, data = conn.select(_quoted(box), readonly=True)  # EXAMINE: read-only
        if status != "OK":
            raise InputError(f"{shown}: no mailbox {visible(box)!r}: {_server_text(imaplib.IMAP4.error(data[-1]))}")
        status, data = conn.uid("SEARCH", "ALL")
        if status != "OK":
            raise InputError(f"{shown}: the server refused to list the messages")
        uids = [u.decode("ascii") for u in (data[0] or b"").split()]
        items: list[Item] = []
        for i in range(0, len(uids), _BATCH):
            status, data = conn.uid("FETCH", ",".join(uids[i:i + _BATCH]), "(BODY.PEEK[])")
            if status != "OK":
                raise InputError(f"{shown}: the server refused to send the messages")
            for part in data:
                if isinstance(part, tuple):
                    items.append(Item(f"message {len(items) + 1}", part[1]))
        return items
    except (OSError, imaplib.IMAP4.error) as exc:
        raise InputError(f"{shown}: reading the mailbox failed: {_server_text(exc)}") from None


def _decode(payload: bytes, charset: str) -> str:
    try:
        return payload.decode(charset)
    except LookupError:
        return payload.decode("utf-8", "replace")
    except UnicodeDecodeError:
        return payload.decode(charset, "replace")


def _is_calendar(part: Message) -> bool:
    if part.get_content_type() in _CALENDAR_TYPES:
        return True
    try:
        name = part.get_filename() or ""
    except (ValueError, TypeError, LookupError):
        return False
    return name.lower().endswith(".ics")


def _date(message: Message) -> datetime | None:
    try:
        raw = message.get("Date")
        moment = parsedate_to_datetime(str(raw)) if raw else None
    except (ValueError, TypeError, IndexError):
        return None
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def calendars_in(data: bytes) -> MailCalendars:
    """The calendars in the message *data* (each once, though Gmail and Outlook send a part and an attachment)."""
    found = MailCalendars()
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
    except Exception as exc:  # the parser is lenient; anything it still cannot take is a malformed message
        found.problems.append(f"not a mail message: {visible(str(exc))}")
        return found
    found.date = _date(message)
    seen: set[str] = set()
    for part in message.walk():
        if part.is_multipart() or not _is_calendar(part):
            continue
        payload = part.get_payload(decode=True)
        if any(isinstance(d, _BASE64_DEFECTS) for d in part.defects):
            found.problems.append(f"not a calendar: the {part.get_content_type()} part's base64 is broken")
            continue
        if not isinstance(payload, bytes):
            continue
        text = _decode(payload, part.get_content_charset() or "utf-8")
        key = text.replace("\r\n", "\n").strip()
        if key and key not in seen:
            seen.add(key)
            found.calendars.append(text)
    return found
