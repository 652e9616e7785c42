"""Radicale on a free loopback port with temporary storage, for the publish tests and the benchmark.

Only 127.0.0.1 is ever addressed.  Users ``alice`` and ``bob`` log in with
plain htpasswd passwords.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

PASSWORD = "s3cret-Passw0rd"
USERS = {"alice": PASSWORD, "bob": "bobs-password"}
MAX_RESOURCE = 60_000  # bytes: an event with a huge note is refused, for the "server rejects one event" test

# Only our config file (not /etc/radicale or ~/.config/radicale); fsync after each write only when asked
# (the benchmark): a test server's storage is thrown away.
# A watchdog ends the server when the test run that started it is gone (killed, timed out).
_LAUNCH = """
import os, sys, threading, time
from radicale import config, server
parent = os.getppid()
def watch():
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
threading.Thread(target=watch, daemon=True).start()
configuration = config.load([(sys.argv[1], False)])
configuration.update({"storage": {"_filesystem_fsync": sys.argv[2]}}, "tests", privileged=True)
server.serve(configuration)
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Radicale:
    """A running Radicale: its base URL and the process."""

    root: Path
    port: int
    process: subprocess.Popen[bytes]
    scheme: str = "http"

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def calendar_url(self, user: str = "alice") -> str:
        """The address of a new, not yet existing calendar of *user*."""
        return f"{self.base}/{user}/trip-{uuid.uuid4().hex[:10]}/"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def start_radicale(root: Path, port: int | None = None, *, tls: tuple[Path, Path] | None = None,
                   fsync: bool = False) -> Radicale:
    """Start Radicale with storage in *root* (kept across restarts on the same *root*) and wait until it answers."""
    root.mkdir(parents=True, exist_ok=True)
    users = root / "users"
    users.write_text("".join(f"{name}:{password}\n" for name, password in USERS.items()), encoding="utf-8")
    port = port or free_port()
    config = root / "config"
    ssl = f"ssl = True\ncertificate = {tls[0]}\nkey = {tls[1]}\n" if tls else ""
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\nmax_resource_size = {MAX_RESOURCE}\ndelay_on_error = 0\n{ssl}"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {users}\nhtpasswd_encryption = plain\ndelay = 0\n"
        f"[rights]\ntype = owner_only\n"
        f"[storage]\nfilesystem_folder = {root / 'collections'}\n"
        f"[logging]\nlevel = error\n[web]\ntype = none\n", encoding="utf-8")
    with (root / "radicale.log").open("ab") as log:  # the child keeps its own copy of the handle
        process = subprocess.Popen([sys.executable, "-c", _LAUNCH, str(config), str(fsync)], stdout=log,
                                   stderr=subprocess.STDOUT)
    server = Radicale(root, port, process, "https" if tls else "http")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Radicale exited: {(root / 'radicale.log').read_text(errors='replace')[-2000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return server
        time.sleep(0.05)
    server.stop()
    raise RuntimeError("Radicale did not start within 20 s")


def self_signed(folder: Path) -> tuple[Path, Path] | None:
    """A self-signed certificate for 127.0.0.1 made with the openssl program (``None`` without it)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    cert, key = folder / "cert.pem", folder / "key.pem"
    folder.mkdir(parents=True, exist_ok=True)
    run = subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                          "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
                          "-addext", "subjectAltName=IP:127.0.0.1"], capture_output=True, timeout=60)
    return (cert, key) if run.returncode == 0 else None
