"""Which servers may receive the user's passwords: the one rule the command line and the app follow.

A trip file is shared (mailed, kept in git), and its ``[share]`` section
names a CalDAV server; the password comes from the user's environment
(``TRIPPLAN_CALDAV_PASSWORD``) or a prompt.  So a file must never decide on
its own where that password goes:

- a password is sent only to a server the user confirmed: one they named
  themselves (``--url`` on the command line, a URL typed into the app), one
  they said yes to when asked ("Send your CalDAV password for USER to
  HOST?"), or one confirmed with ``tripplan publish FILE --trust-server``.
  Confirmed servers are kept in ``servers.toml`` in the user's config
  folder, one origin (``scheme://host:port``) a line, never in a trip;
- without a terminal to ask on, an unconfirmed server is refused before any
  connection is made;
- plain text (``http://``, SMTP without TLS, ``imap://``) is refused for a
  server that is not this machine unless the user explicitly allows it
  (``--allow-http`` for CalDAV; mail has no such escape).

Loopback is *not* trusted automatically for a password: another user of the
machine can listen on a loopback port as well as anyone on the Internet can
run a server, and a trip file can name either.  It only lifts the plain-text
rule, since nothing leaves the machine.

Mail servers need no confirmation here: they come from the command line or
the user's own ``mail.toml``, never from a trip file.  This module imports
only the standard library (the app and the CLI both use it; no textual).
"""

from __future__ import annotations

import ipaddress
import json
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

from tripplan.errors import InputError, UnreadableFileError
from tripplan.files.raw import read_regular
from tripplan.files.userdirs import config_dir
from tripplan.visible import visible

FILE_NAME = "servers.toml"
DEFAULT_PORTS = {"http": 80, "https": 443}
_HEADER = ("# Servers you confirmed to receive your CalDAV password (tripplan publish --trust-server, --url, or\n"
           "# a yes when asked). One origin a line; delete a line to be asked again. No password is kept here.\n")


def servers_path() -> Path:
    """Where the confirmed servers are kept."""
    return config_dir() / FILE_NAME


def is_loopback(host: str) -> bool:
    """Whether *host* is this machine: the name ``localhost``, 127.0.0.0/8 or ``::1`` (also IPv4-mapped).

    Only the exact name: ``x.localhost`` goes to the resolver like any name, which may answer anything.
    """
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost":
        return True
    try:
        address = ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return bool(address.is_loopback or (mapped is not None and mapped.is_loopback))


def _ascii_host(host: str) -> str:
    """*host* lower-case, without a trailing dot, IDNA-encoded (``bücher.example`` → ``xn--bcher-kva.example``)."""
    name = host.lower().rstrip(".")
    try:
        return str(ipaddress.ip_address(name)) if ":" in name else name.encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
        raise InputError(f"{visible(host)!r} is not a valid server name") from None


def origin(url: str) -> str:
    """The server of *url* as one comparable text: ``scheme://host:port``, host IDNA and lower-case, port explicit.

    ``https://Cloud.Example.com/dav/`` and ``https://cloud.example.com:443/x`` give the same origin.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise InputError(f"{visible(url)!r} is not a URL") from None
    scheme = parts.scheme.lower()
    if not parts.hostname:
        raise InputError(f"{visible(url)!r} names no server")
    host = _ascii_host(parts.hostname)
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown}:{port or DEFAULT_PORTS.get(scheme, 0)}"


def cleartext_refused(url: str, how: str = "add --allow-http") -> str | None:
    """Why *url* must not be used without ``--allow-http`` (``http://`` to a server elsewhere), else ``None``.

    *how* says how to allow it anyway (the app names the command line's option).
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "http" or is_loopback(parts.hostname or ""):
        return None
    return (f"{visible(parts.netloc)} is reached over http://, so the password and the trip would cross the network "
            f"unencrypted; use https://, or {how} if you accept that (only a server on this machine may go "
            "without)")


def confirmed() -> set[str]:
    """The origins the user confirmed; a broken file is an :class:`InputError` naming it."""
    path = servers_path()
    try:
        data = tomllib.loads(read_regular(path, 1 << 20, "servers file").decode("utf-8"))  # never a FIFO
    except UnreadableFileError as exc:
        if exc.missing:
            return set()
        raise InputError(f"{path}: cannot read the confirmed servers ({exc.reason}); fix or delete the "
                         "file") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read the confirmed servers ({visible(str(exc))}); fix or delete the "
                         "file") from None
    servers = data.get("caldav", [])
    if not isinstance(servers, list) or not all(isinstance(s, str) for s in servers):
        raise InputError(f"{path}: caldav must be a list of server addresses, e.g. "
                         'caldav = ["https://cloud.example.com:443"]')
    found: set[str] = set()
    for text in servers:
        try:
            found.add(origin(text))
        except InputError as exc:
            raise InputError(f"{path}: {exc}") from None
    return found


def is_confirmed(url: str) -> bool:
    """Whether the user confirmed the server of *url* to receive their password."""
    return origin(url) in confirmed()


def remember(url: str) -> str | None:
    """Add the server of *url* to the confirmed ones (under the file's lock, atomically: none is lost).

    Returns why it could not be remembered (an unwritable config folder, a broken file): the user confirmed it
    for this run all the same, and will be asked again next time.
    """
    from tripplan.errors import TripplanError
    from tripplan.files.storage import atomic_write, locked

    path = servers_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with locked(path):
            servers = confirmed()
            new = origin(url)
            if new in servers:
                return None
            lines = [_HEADER + "caldav = ["] + [f"  {json.dumps(s)}," for s in sorted(servers | {new})] + ["]", ""]
            atomic_write(path, "\n".join(lines).encode("utf-8"))
    except OSError as exc:
        return f"{path}: {visible(exc.strerror or str(exc))}"
    except TripplanError as exc:
        return str(exc)
    return None


def question(user: str, url: str) -> str:
    """What to ask before sending the password of *user* to a server a trip file named (the answer is no unless
    the user says yes)."""
    return f"Send your CalDAV password for {visible(user)} to {origin(url)}? This trip file names it."


def unconfirmed(file: str, user: str, url: str) -> str:
    """The refusal when nobody can be asked (no terminal): what was not done and how to confirm."""
    return (f"{visible(file)} names the CalDAV server {origin(url)}, which you have not confirmed, so your password "
            f"for {visible(user)} was not sent and nothing was published; if it is your server, run "
            f"tripplan publish {visible(file)} --trust-server (remembered in {servers_path()})")
