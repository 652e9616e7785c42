"""The user's mail settings: which SMTP server sends invites, kept in the user's config folder, not the trip.

``mail.toml`` in the platformdirs config folder of tripplan
(``TRIPPLAN_CONFIG_DIR`` overrides the folder) holds the server, port,
security and user name — never a password (:mod:`tripplan.mail.secrets`).
``tripplan invites --send`` saves the settings it was given once a send
through them worked, so the next run needs no options.  The server always
comes from the user (options, the app's fields, this file), never from a trip
file, so it needs no confirmation (:mod:`tripplan.caldav.trust`); without TLS it is
refused unless it is this machine, and there is no option to allow it.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from tripplan.caldav.trust import is_loopback  # the one rule for plain text (tripplan.caldav.trust)
from tripplan.errors import InputError, UnreadableFileError
from tripplan.files.raw import read_regular
from tripplan.files.userdirs import config_dir
from tripplan.mail.smtp import SECURITIES, SmtpSettings

FILE_NAME = "mail.toml"
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
_HOST = re.compile(r"[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]+")


def settings_path() -> Path:
    """Where the mail settings are kept."""
    return config_dir() / FILE_NAME


def parse_smtp(host: str, security: str | None, user: str | None) -> SmtpSettings:
    """Settings from ``--smtp HOST[:PORT]``, ``--smtp-security`` and ``--smtp-user``.

    Without a security, port 465 means ``ssl`` and anything else ``starttls``;
    without a port, the security's usual one (587, 465, 25).  ``none`` (no
    encryption: the password and the mail cross the network in clear) is
    refused unless the server is this machine.
    """
    text = host.strip()
    port: int | None = None
    name = text
    if text.startswith("["):  # [::1]:2525
        close = text.find("]")
        if close < 0:
            raise InputError(f"--smtp {host!r}: an IPv6 address goes in brackets, e.g. [::1]:2525")
        name, rest = text[:close + 1], text[close + 1:]
        if rest:
            if not rest.startswith(":"):
                raise InputError(f"--smtp {host!r}: expected HOST[:PORT]")
            port = _port(rest[1:], host)
    elif text.count(":") == 1:
        name, number = text.split(":")
        port = _port(number, host)
    if not name or not _HOST.fullmatch(name):
        raise InputError(f"--smtp {host!r}: not a host name (expected HOST[:PORT], e.g. smtp.example.com:587)")
    if security is None:
        security = "ssl" if port == 465 else "starttls"
    if security not in SECURITIES:
        raise InputError(f"--smtp-security {security!r}: choose one of {', '.join(SECURITIES)}")
    if security == "none" and not is_loopback(name):
        raise InputError(f"--smtp-security none: refused for {name} — without TLS the password and the invites "
                         "cross the network in clear; only a server on this machine (localhost) may go without")
    login = (user or "").strip()
    if any(ord(ch) < 0x20 or ch == "\x7f" for ch in login):
        raise InputError("--smtp-user: control characters are not allowed in a user name")
    return SmtpSettings(host=name.strip("[]"), port=port or DEFAULT_PORTS[security], security=security, user=login)


def _port(text: str, host: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise InputError(f"--smtp {host!r}: the port must be a number from 1 to 65535")
    return int(text)


def load_smtp() -> SmtpSettings | None:
    """The saved SMTP settings, or ``None`` when there are none; a broken file is an :class:`InputError`."""
    path = settings_path()
    try:
        data = tomllib.loads(read_regular(path, 1 << 20, "mail settings file").decode("utf-8"))  # never a FIFO
    except UnreadableFileError as exc:
        if exc.missing:
            return None
        raise InputError(f"{path}: cannot read the mail settings ({exc.reason}); fix or delete the file") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read the mail settings ({exc}); fix or delete the file") from None
    table = data.get("smtp")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise InputError(f"{path}: [smtp] must be a table")
    host, port, security, user = (table.get(k) for k in ("host", "port", "security", "user"))
    if not isinstance(host, str) or not isinstance(port, int) or not isinstance(security, str) \
            or not isinstance(user, str | None):
        raise InputError(f"{path}: [smtp] needs host (text), port (a number) and security (text)")
    try:
        return parse_smtp(f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}",
                          security, user)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None


def save_smtp(settings: SmtpSettings) -> None:
    """Remember *settings* (no password: there is no place for one) in the user's config folder, atomically."""
    from tripplan.files.storage import atomic_write

    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# tripplan mail settings (no password is ever kept here: TRIPPLAN_SMTP_PASSWORD or a prompt)",
             "[smtp]", f"host = {json.dumps(settings.host)}", f"port = {settings.port}",
             f"security = {json.dumps(settings.security)}", f"user = {json.dumps(settings.user)}", ""]
    atomic_write(path, "\n".join(lines).encode("utf-8"))
