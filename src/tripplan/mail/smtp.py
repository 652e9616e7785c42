"""Sending invites through the user's SMTP server (stdlib :mod:`smtplib`), one message per recipient.

TLS is always verified with :func:`ssl.create_default_context` (the
system's trusted certificates; OpenSSL also reads ``SSL_CERT_FILE``):
``starttls`` (port 587) upgrades the connection before anything else is
said, ``ssl`` (port 465) speaks TLS from the start, ``none`` only to this
machine (:func:`tripplan.mail.settings.parse_smtp`).  Without a user name
there is no AUTH.

:func:`send` reports each message as delivered or failed (with the
server's reason), so the caller records only what the server accepted; a
failure before the first message (connection, TLS, login) is the
:attr:`Delivery.error` and nothing was delivered.  Every wait for the
server is bounded by *timeout*, and no message is started once *timeout*
has passed since the connection began.
"""

from __future__ import annotations

import base64
import smtplib
import socket
import ssl
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tripplan.mail.outbox import Outgoing

SECURITIES = ("starttls", "ssl", "none")


@dataclass(frozen=True)
class SmtpSettings:
    """The SMTP server invites go through; ``user`` "" means no AUTH.  Never holds a password."""

    host: str
    port: int
    security: str  # "starttls" | "ssl" | "none"
    user: str = ""

    @property
    def where(self) -> str:
        """``host:port`` for messages (an IPv6 address in brackets)."""
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


@dataclass
class Delivery:
    """What one :func:`send` did: messages the server accepted, those it did not (and why), a whole failure."""

    delivered: list[Outgoing] = field(default_factory=list)
    failed: list[tuple[Outgoing, str]] = field(default_factory=list)
    error: str = ""  # set when nothing could be sent at all (connection, TLS, login)


class _Refused(Exception):
    """The whole session failed before any message: the one-line reason."""


def _reply(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(words.split())}".strip()


def _connect(settings: SmtpSettings, password: str | None, timeout: float) -> smtplib.SMTP:
    """A logged-in session, or :class:`_Refused` with the reason."""
    context = ssl.create_default_context()
    local = socket.gethostname() or "localhost"  # not getfqdn(): that may wait on DNS
    where = settings.where
    server: smtplib.SMTP | None = None
    try:
        if settings.security == "ssl":
            server = smtplib.SMTP_SSL(settings.host, settings.port, local_hostname=local, timeout=timeout,
                                      context=context)
        else:
            server = smtplib.SMTP(settings.host, settings.port, local_hostname=local, timeout=timeout)
        server.ehlo()
        if settings.security == "starttls":
            if not server.has_extn("starttls"):
                raise _Refused(f"SMTP server {where} does not offer STARTTLS; nothing sent (use --smtp-security "
                               "ssl with its TLS port, usually 465)")
            server.starttls(context=context)
            server.ehlo()
        if settings.user:
            if password is None:
                raise _Refused(f"SMTP server {where}: no password for {settings.user}; nothing sent")
            if not server.has_extn("auth"):
                raise _Refused(f"SMTP server {where} offers no login (AUTH) for {settings.user}; nothing sent")
            _login(server, settings.user, password)
        return server
    except _Refused:
        _close(server)
        raise
    except smtplib.SMTPAuthenticationError as exc:
        _close(server)
        raise _Refused(f"SMTP server {where} refused the login of {settings.user}: "
                       f"{_reply(exc.smtp_code, exc.smtp_error)}; nothing sent") from None
    except ssl.SSLCertVerificationError as exc:
        _close(server)
        raise _Refused(f"SMTP server {where}: its TLS certificate is not trusted "
                       f"({exc.verify_message or exc.reason}); nothing sent") from None
    except ssl.SSLError as exc:
        _close(server)
        raise _Refused(f"SMTP server {where}: TLS failed ({exc.reason or exc}); nothing sent") from None
    except smtplib.SMTPResponseException as exc:
        _close(server)
        raise _Refused(f"SMTP server {where} refused: {_reply(exc.smtp_code, exc.smtp_error)}; nothing sent") \
            from None
    except TimeoutError:
        _close(server)
        raise _Refused(f"SMTP server {where} did not answer within {timeout:g} s; nothing sent") from None
    except ConnectionRefusedError:
        raise _Refused(f"SMTP server {where} refused the connection (is it the right host and port?); "
                       "nothing sent") from None
    except socket.gaierror as exc:
        raise _Refused(f"SMTP server {where}: unknown host ({exc.strerror or exc}); nothing sent") from None
    except (smtplib.SMTPException, OSError) as exc:
        _close(server)
        if isinstance(exc.__context__, TimeoutError):  # smtplib reports a read that timed out as a disconnection
            raise _Refused(f"SMTP server {where} did not answer within {timeout:g} s; nothing sent") from None
        raise _Refused(f"SMTP server {where}: {getattr(exc, 'strerror', None) or exc or type(exc).__name__}; "
                       "nothing sent") from None


def _login(server: smtplib.SMTP, user: str, password: str) -> None:
    """AUTH PLAIN (RFC 4616: UTF-8) when the server offers it — it runs inside TLS, or on this machine —, else
    smtplib's login (CRAM-MD5 or LOGIN, ASCII only).

    smtplib's login encodes the user and password as ASCII and fails on "pässword"; one PLAIN attempt also
    gives one clear answer to report.
    """
    offered = (server.esmtp_features.get("auth") or "").upper().split()
    if "PLAIN" not in offered and user.isascii() and password.isascii():
        server.login(user, password)  # CRAM-MD5 or LOGIN
        return
    if "PLAIN" not in offered:
        raise _Refused("the SMTP server offers no AUTH PLAIN, the only way to send a non-ASCII user name or "
                       "password; nothing sent")
    token = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
    code, text = server.docmd("AUTH", f"PLAIN {token}")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, text)


def _close(server: smtplib.SMTP | None) -> None:
    if server is None:
        return
    try:
        server.quit()
    except (smtplib.SMTPException, OSError):
        pass
    finally:
        server.close()


def send(messages: list[Outgoing], settings: SmtpSettings, password: str | None, *,
         timeout: float = 30.0) -> Delivery:
    """Send *messages* through one session with the server of *settings*; never raises for the server's sake."""
    result = Delivery()
    if not messages:
        return result
    deadline = time.monotonic() + timeout
    try:
        server = _connect(settings, password, timeout)
    except _Refused as exc:
        result.error = str(exc)
        return result
    try:
        for index, item in enumerate(messages):
            if time.monotonic() > deadline:
                result.failed += [(rest, f"not sent: {timeout:g} s passed") for rest in messages[index:]]
                break
            sender = item.message["From"].addresses[0].addr_spec
            try:
                refused = server.sendmail(sender, [item.email], item.message.as_bytes())
            except smtplib.SMTPRecipientsRefused as exc:
                code, text = next(iter(exc.recipients.values()), (0, b"refused"))
                result.failed.append((item, _reply(code, text)))
                continue
            except smtplib.SMTPSenderRefused as exc:
                reason = f"sender {exc.sender} refused: {_reply(exc.smtp_code, exc.smtp_error)}"
                result.failed += [(rest, reason) for rest in messages[index:]]
                break
            except smtplib.SMTPResponseException as exc:  # e.g. the message itself refused after DATA
                result.failed.append((item, _reply(exc.smtp_code, exc.smtp_error)))
                continue
            except (smtplib.SMTPException, OSError) as exc:  # the connection was lost: the rest cannot go
                reason = f"connection lost ({exc or type(exc).__name__})"
                result.failed += [(rest, reason) for rest in messages[index:]]
                break
            if refused:
                code, text = next(iter(refused.values()))
                result.failed.append((item, _reply(code, text)))
            else:
                result.delivered.append(item)
    finally:
        _close(server)
    return result
