"""An invite as an e-mail (iMIP, RFC 6047): the MIME shape calendar clients recognise.

``multipart/mixed`` whose first child is ``multipart/alternative`` holding a
``text/plain`` summary and the calendar as ``text/calendar; method=…;
charset=UTF-8``, then the same calendar again as an ``application/ics``
attachment named ``invite.ics``.  Outlook shows Accept/Decline only for a
``text/calendar`` part with a ``method`` in that first child; Gmail and
Apple Mail read either.  Both calendar parts are base64, so the calendar's
CRLF line ends and UTF-8 reach the recipient byte for byte whatever the
mail servers on the way do to line ends or 8-bit text.  Headers go through
:mod:`email.headerregistry` (RFC 2047 words for non-ASCII names).
"""

from __future__ import annotations

import re
from datetime import datetime
from email.header import Header
from email.headerregistry import Address, BaseHeader, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.policy import SMTP, Policy
from email.utils import format_datetime, make_msgid

from tripplan import __version__

MAILER = f"tripplan {__version__}"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_DOMAIN = re.compile(r"[A-Za-z0-9.-]+")


class _Subject(UnstructuredHeader, BaseHeader):
    """A Subject folded as RFC 2047 words of its own when it is not ASCII.

    Python 3.11's folder leaves the space before a fold in front of an
    encoded word, so "pricing · Lisbon" reads back with two spaces (CPython
    gh-92081 and its follow-ups, fixed later): the non-ASCII subject is
    encoded whole with :class:`email.header.Header`, whose words split only
    between characters and whose folding whitespace decoders drop.
    """

    def fold(self, *, policy: Policy) -> str:
        text = str(self)
        if text.isascii():
            return super().fold(policy=policy)
        encoded = Header(text, "utf-8", header_name=self.name).encode(linesep=policy.linesep)
        return f"{self.name}: {encoded}{policy.linesep}"


def _policy() -> Policy:
    registry = HeaderRegistry()
    registry.map_to_type("subject", _Subject)
    return SMTP.clone(header_factory=registry)


POLICY = _policy()


class Unaddressable(ValueError):
    """An e-mail address a message cannot be sent to (not an address, or one that needs SMTPUTF8)."""


def one_line(text: str) -> str:
    """*text* for a header: control characters (a line break would start a new header) become spaces."""
    return " ".join(_CONTROL.sub(" ", text).split())


def mailbox(name: str, email: str) -> Address:
    """*name* <*email*> as a header address; :class:`Unaddressable` when *email* cannot be one.

    A non-ASCII domain is written in IDNA; a non-ASCII local part would need
    SMTPUTF8, which not every server offers: refused, so the report says so.
    """
    text = email.strip()
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain or any(ch.isspace() or ord(ch) < 0x20 for ch in text):
        raise Unaddressable(f"{text!r} is not an e-mail address")
    if not local.isascii():
        raise Unaddressable(f"{text}: a non-ASCII name before the @ needs SMTPUTF8, which tripplan does not use")
    try:
        domain = domain.encode("idna").decode("ascii") if not domain.isascii() else domain
        return Address(display_name=one_line(name), username=local, domain=domain)
    except (UnicodeError, ValueError, IndexError) as exc:
        raise Unaddressable(f"{text!r} is not an e-mail address ({exc})") from None


def compose(sender: Address, to: Address, subject: str, text: str, calendar: str, method: str,
            now: datetime) -> EmailMessage:
    """One iMIP message from *sender* to *to*: *text* as the summary, *calendar* (METHOD *method*) twice."""
    message = EmailMessage(policy=POLICY)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = one_line(subject)
    message["Date"] = format_datetime(now.replace(microsecond=0))
    domain = sender.domain if _DOMAIN.fullmatch(sender.domain) else "tripplan.invalid"
    message["Message-ID"] = make_msgid("tripplan", domain=domain)  # a domain given: no slow DNS lookup
    message["X-Mailer"] = MAILER
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    data = calendar.encode("utf-8")
    message.add_alternative(data, maintype="text", subtype="calendar", cte="base64",
                            params={"method": method, "charset": "UTF-8"})
    message.add_attachment(data, maintype="application", subtype="ics", filename="invite.ics", cte="base64")
    return message


def is_ours(head: bytes) -> bool:
    """Whether the start of a file (*head*: its first few KB) is a message :func:`compose` wrote."""
    return f"\r\nX-Mailer: {MAILER.split()[0]} ".encode() in head
