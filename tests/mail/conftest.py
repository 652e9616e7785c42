"""A real SMTP server for the send tests: aiosmtpd on 127.0.0.1, plain or with STARTTLS / TLS and AUTH.

The certificates are made by the ``openssl`` command (a CA and a server
certificate for 127.0.0.1 and localhost); the CLI under test trusts the CA
through ``SSL_CERT_FILE``, which OpenSSL reads for Python's default context.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLES, missing

try:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword
except ImportError:  # pragma: no cover - the test extra installs it
    Controller = None

USER, PASSWORD = "joao@halyard.example", "s3cret-pässword"


@dataclass
class Received:
    """One message as the server got it."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes


@dataclass
class Recorder:
    """aiosmtpd handler: keeps every message, refuses the addresses in ``refuse`` at RCPT."""

    messages: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    logins: list[str] = field(default_factory=list)
    on_data: Any = None  # called with each message as it arrives (a test's hook: change the trip meanwhile)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address.lower() in self.refuse:
            return "550 5.1.1 <" + address + ">: no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content)))
        if self.on_data is not None:
            self.on_data(self.messages[-1])
        return "250 Message accepted"


@dataclass
class Server:
    """A running test server: where it is, what it got, and the options and environment to reach it."""

    host: str
    port: int
    recorder: Recorder
    security: str
    env: dict[str, str]
    user: str = ""

    @property
    def messages(self) -> list[Received]:
        return self.recorder.messages

    def options(self, *, user: bool = True) -> list[str]:
        found = ["--smtp", f"{self.host}:{self.port}", "--smtp-security", self.security]
        return found + (["--smtp-user", self.user] if self.user and user else [])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Certs:
    ca: Path
    cert: Path
    key: Path


@pytest.fixture(scope="session")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certs:
    """A CA and a server certificate for 127.0.0.1 / localhost, made with the openssl command."""
    if shutil.which("openssl") is None:
        missing("the openssl command", "apt-get install openssl")
    folder = tmp_path_factory.mktemp("certs")

    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True, timeout=60)

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=tripplan test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost")
    (folder / "ext.cnf").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                                    "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf")
    return Certs(folder / "ca.pem", folder / "server.pem", folder / "server.key")


def _authenticator(recorder: Recorder) -> Any:
    def check(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USER \
            and auth_data.password.decode() == PASSWORD
        if ok:
            recorder.logins.append(auth_data.login.decode())
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd itself answers 535

    return check


def _start(recorder: Recorder, **kwargs: Any) -> tuple[Any, int]:
    if Controller is None:
        missing("aiosmtpd", "pip install -e '.[test]'")
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port, ready_timeout=10, **kwargs)
    controller.start()
    return controller, port


def _env(**extra: str) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("SSL_CERT_FILE", "SSL_CERT_DIR")}
    env.update(extra)
    return env


@pytest.fixture
def smtp_plain() -> Iterator[Server]:
    """A server without TLS or AUTH on 127.0.0.1 (security ``none``: allowed on loopback)."""
    recorder = Recorder()
    controller, port = _start(recorder)
    try:
        yield Server("127.0.0.1", port, recorder, "none", _env())
    finally:
        controller.stop()


@pytest.fixture
def smtp_starttls(certs: Certs) -> Iterator[Server]:
    """A server that offers STARTTLS with the test CA's certificate and AUTH only over TLS."""
    recorder = Recorder()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certs.cert, certs.key)
    controller, port = _start(recorder, tls_context=context, require_starttls=True, auth_require_tls=True,
                              authenticator=_authenticator(recorder))
    try:
        yield Server("127.0.0.1", port, recorder, "starttls",
                     _env(SSL_CERT_FILE=str(certs.ca), TRIPPLAN_SMTP_PASSWORD=PASSWORD), user=USER)
    finally:
        controller.stop()


@pytest.fixture
def smtp_ssl(certs: Certs) -> Iterator[Server]:
    """A server that speaks TLS from the first byte (port-465 style), with AUTH."""
    recorder = Recorder()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certs.cert, certs.key)
    # aiosmtpd counts only STARTTLS as TLS for auth_require_tls; this connection is TLS from its first byte.
    controller, port = _start(recorder, ssl_context=context, server_hostname="localhost", auth_require_tls=False,
                              authenticator=_authenticator(recorder))
    try:
        yield Server("localhost", port, recorder, "ssl",
                     _env(SSL_CERT_FILE=str(certs.ca), TRIPPLAN_SMTP_PASSWORD=PASSWORD), user=USER)
    finally:
        controller.stop()


@pytest.fixture
def lisbon(tmp_path: Path) -> Path:
    """The Lisbon sample, with the traveller João Ñúñez (me, with an e-mail) and a client with a non-ASCII name."""
    trip = tmp_path / "lisbon.toml"
    text = (SAMPLES / "lisbon-client-visit.toml").read_text(encoding="utf-8")
    assert 'name = "Ana Ruiz"' in text
    trip.write_text(text.replace('name = "Ana Ruiz"', 'name = "Ana Ruíz Ñúñez"', 1), encoding="utf-8")
    added = cli("person", "add", str(trip), "joao", "--name", "João Ñúñez", "--email", USER, "--me")
    assert added.returncode == 0, added.stderr
    return trip


def cli(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m tripplan ARGS`` as the user would."""
    return subprocess.run([sys.executable, "-m", "tripplan", *args], capture_output=True, text=True, timeout=120,
                          env=env, input=stdin if stdin is not None else "")
