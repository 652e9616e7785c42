"""A real Dovecot IMAP server for one test: its config, certificate, user and Maildir all in tmp_path.

``dovecot -F -c CONF`` runs as a child process listening on 127.0.0.1 on a
free port with ``ssl = required`` and a certificate the ``openssl`` CLI makes
(the test trusts it through ``SSL_CERT_FILE``), and on a second port as
plain IMAP (Dovecot counts loopback as secured, so a login there works too);
one user in a passwd-file;
``base_dir``, ``state_dir`` and the log inside tmp_path.

Run as root (as here), Dovecot refuses two things: its login process as root
("This process must not be run as root") and mail access as root ("Mail
access not allowed for root", and a passwd-file UID of 0 is "invalid").  So
the login process runs as the packaged ``dovenull`` (else ``nobody``) user,
and the mail process as ``nobody`` in a ``mail_chroot`` inside tmp_path: the
chroot is entered while still root, so pytest's 0700 temp folders above it
need not be opened to ``nobody``.  Run as another user, everything runs as
that user, without a chroot.
"""

from __future__ import annotations

import contextlib
import imaplib
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import missing

USER, PASSWORD = "sam", "correct horse battery"
INSTALL = "apt-get install dovecot-imapd"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Dovecot:
    """A running server: where to reach it, its CA file, and the Maildir of its one user."""

    port: int
    plain_port: int  # plain IMAP: Dovecot counts a loopback connection as secured and lets it log in
    ca: Path
    maildir: Path
    log: Path
    owner: tuple[int, int] | None  # (uid, gid) the mail files must belong to, when run as root

    @property
    def url(self) -> str:
        """The address ``tripplan replies`` reads."""
        return f"imaps://{USER}@127.0.0.1:{self.port}/INBOX"

    @property
    def plain_url(self) -> str:
        """The same mailbox over plain IMAP (``imap://``, which tripplan allows on loopback only)."""
        return f"imap://{USER}@127.0.0.1:{self.plain_port}/INBOX"

    def deliver(self, messages: list[bytes]) -> None:
        """Write *messages* into the Maildir's new/ folder, as a delivery agent would."""
        for n, data in enumerate(messages):
            (self.maildir / "tmp" / f"{n}.msg").write_bytes(data)
            os.replace(self.maildir / "tmp" / f"{n}.msg", self.maildir / "new" / f"17000000{n:02d}.M{n}P1.test")
        if self.owner is not None:
            for path in [self.maildir, *self.maildir.rglob("*")]:
                os.chown(path, *self.owner)

    def connect(self) -> imaplib.IMAP4_SSL:
        """A logged-in IMAP connection that trusts the test CA."""
        context = ssl.create_default_context(cafile=str(self.ca))
        conn = imaplib.IMAP4_SSL("127.0.0.1", self.port, ssl_context=context, timeout=10)
        conn.login(USER, PASSWORD)
        return conn

    def flags(self) -> list[str]:
        """The FLAGS of every message in INBOX (read-only, so asking changes nothing)."""
        conn = self.connect()
        try:
            conn.select("INBOX", readonly=True)
            status, data = conn.fetch("1:*", "(FLAGS)")
            assert status == "OK"
            return [d.decode() if isinstance(d, bytes) else str(d) for d in data]
        finally:
            conn.logout()


def _user(name: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def _config(tmp: Path, port: int, plain_port: int) -> tuple[str, tuple[int, int] | None, Path]:
    root = tmp / "mailroot"
    if os.geteuid() == 0:
        login = _user("dovenull") or _user("nobody")
        mail = _user("nobody")
        if login is None or mail is None:
            raise RuntimeError("Dovecot run as root needs the users dovenull or nobody")
        owner: tuple[int, int] | None = (mail.pw_uid, mail.pw_gid)
        users = (f"default_internal_user = root\ndefault_internal_group = root\n"
                 f"default_login_user = {login.pw_name}\n"
                 f"mail_uid = {mail.pw_uid}\nmail_gid = {mail.pw_gid}\n"
                 f"mail_chroot = {root}\nmail_home = /home\n")
    else:
        me = pwd.getpwuid(os.geteuid())
        owner = None
        users = (f"default_internal_user = {me.pw_name}\ndefault_login_user = {me.pw_name}\n"
                 f"mail_uid = {me.pw_uid}\nmail_gid = {me.pw_gid}\nfirst_valid_uid = 1\n"
                 f"mail_home = {root}/home\n")
    conf = f"""protocols = imap
listen = 127.0.0.1
base_dir = {tmp}/run
state_dir = {tmp}/state
log_path = {tmp}/dovecot.log
info_log_path = {tmp}/dovecot.log
ssl = required
ssl_cert = <{tmp}/cert.pem
ssl_key = <{tmp}/key.pem
auth_mechanisms = plain
auth_failure_delay = 0
{users}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {tmp}/passwd
}}
userdb {{
  driver = passwd-file
  args = {tmp}/passwd
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    port = {plain_port}
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
"""
    return conf, owner, root / "home" / "Maildir"


@contextmanager
def dovecot(tmp: Path) -> Iterator[Dovecot]:
    """Start Dovecot with everything in *tmp*; stop it (by its pid) when done."""
    binary = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)
    if binary is None:
        missing("Dovecot (IMAP server)", INSTALL)
    if shutil.which("openssl") is None:
        missing("the openssl command", "apt-get install openssl")
    for name in ("run", "state"):
        (tmp / name).mkdir(parents=True)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(tmp / "key.pem"),
                    "-out", str(tmp / "cert.pem"), "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True, timeout=30)
    (tmp / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    port, plain_port = _free_port(), _free_port()
    while plain_port == port:
        plain_port = _free_port()
    conf, owner, maildir = _config(tmp, port, plain_port)
    # Dovecot's sockets live in base_dir, and a socket path is at most 107 bytes: a pytest tmp_path under an
    # xdist worker can be longer, so the sockets get a short folder of their own.
    sockets = Path(tempfile.mkdtemp(prefix="tpdv-"))
    conf = conf.replace(f"base_dir = {tmp}/run", f"base_dir = {sockets}")
    (tmp / "dovecot.conf").write_text(conf)
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    if owner is not None:
        for path in [maildir.parent, *maildir.parent.rglob("*")]:
            os.chown(path, *owner)
    process = subprocess.Popen([binary, "-F", "-c", str(tmp / "dovecot.conf")], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    server = Dovecot(port, plain_port, tmp / "cert.pem", maildir, tmp / "dovecot.log", owner)
    try:
        deadline = time.monotonic() + 15
        while True:
            if process.poll() is not None:
                log = server.log.read_text() if server.log.exists() else ""
                raise RuntimeError(f"dovecot exited with {process.returncode}: {log[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("dovecot did not listen within 15 s") from None
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.05)  # the bounded wait between tries: ends early if dovecot exits
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(sockets, ignore_errors=True)
