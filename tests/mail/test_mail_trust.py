"""SMTP and IMAP passwords follow the plain-text rule of tripplan.caldav.trust (issue 18, point 8).

The mail server never comes from a trip file (options, the app's fields or
the user's own mail.toml), so no confirmation is asked; but a password never
crosses the network in clear: no TLS is allowed only for this machine, by the
same test as CalDAV's ``http://`` (``localhost``, 127.0.0.0/8, ``::1``, nothing else).
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.mail.test_send_errors import _refused
from tripplan.caldav import trust
from tripplan.errors import InputError
from tripplan.mail.mailbox import read_source
from tripplan.mail.settings import parse_smtp

HOSTS = ["localhost", "127.0.0.1", "127.8.0.1", "::1", "mail.localhost", "localhost.example", "192.0.2.1",
         "smtp.example.com"]


@pytest.mark.parametrize("host", HOSTS)
def test_smtp_without_tls_is_allowed_exactly_where_plain_http_is(host: str) -> None:
    where = f"[{host}]:2525" if ":" in host else f"{host}:2525"
    allowed = trust.cleartext_refused(f"http://{where}/") is None
    assert allowed == trust.is_loopback(host)
    if allowed:
        assert parse_smtp(where, "none", "sam").security == "none"
    else:
        with pytest.raises(InputError, match="only a server on this machine"):
            parse_smtp(where, "none", "sam")


def test_a_name_under_localhost_is_not_this_machine(lisbon: Path) -> None:
    """``mail.localhost`` goes to the resolver like any name (it was taken for loopback)."""
    _refused(["--send", "--smtp", "mail.localhost:2525", "--smtp-security", "none", "--smtp-user", "sam"],
             None, lisbon, "--smtp-security none", "mail.localhost", "only a server on this machine")


@pytest.mark.parametrize("host", ["mail.localhost", "192.0.2.1", "[::ffff:192.0.2.1]"])
def test_plain_imap_elsewhere_is_refused_before_connecting(host: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_IMAP_PASSWORD", "never-sent")
    with pytest.raises(InputError, match="would send the password unencrypted"):
        read_source(f"imap://sam@{host}:143/INBOX", timeout=0.5)


def test_plain_imap_to_this_machine_is_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    """On loopback the rule lets it through: the (closed) port is what fails."""
    monkeypatch.setenv("TRIPPLAN_IMAP_PASSWORD", "x")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(InputError) as error:
        read_source(f"imap://sam@127.0.0.1:{port}/INBOX", timeout=0.5)
    assert "unencrypted" not in str(error.value)
