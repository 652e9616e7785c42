"""Where the CalDAV password may go (issue 18, point 8): only to a server the user confirmed, never in clear.

A real HTTP server on the loopback address records every request and
whether it carried an ``Authorization`` header; it answers 401 with a Basic
challenge, so a client holding a password sends it.  The real ``tripplan``
CLI runs as a subprocess: with no terminal (stdin from /dev/null) or on a
pty for the yes/no question.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tripplan.caldav import trust

PASSWORD = "s3cret-for-the-test"


class Recorder(ThreadingHTTPServer):
    """A server that remembers (method, path, had Authorization) for each request."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[tuple[str, str, bool]] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/cal/"

    def credentials_arrived(self) -> bool:
        with self.lock:
            return any(auth for _, _, auth in self.seen)


class _Handler(BaseHTTPRequestHandler):
    server: Recorder

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        with self.server.lock:
            self.server.seen.append((self.command, self.path, "Authorization" in self.headers))
        body = b"no"
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="test"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PUT = do_PROPFIND = do_OPTIONS = do_DELETE = do_MKCALENDAR = do_REPORT = _any

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[Recorder]:
    rec = Recorder()
    thread = threading.Thread(target=rec.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield rec
    rec.shutdown()
    rec.server_close()


def trip_naming(tmp_path: Path, url: str, user: str = "sam") -> Path:
    """A colleague's trip file whose [share] names *url* (as a shared file would)."""
    path = tmp_path / "colleague.toml"
    text = (SAMPLES / "lisbon-client-visit.toml").read_text(encoding="utf-8")
    path.write_text(text + f'\n[share]\nurl = "{url}"\nuser = "{user}"\n', encoding="utf-8")
    return path


def env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    return {**base, "TRIPPLAN_CALDAV_PASSWORD": PASSWORD, **extra}


def tripplan(*args: str, environ: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real CLI with no terminal: stdin is /dev/null."""
    return subprocess.run([sys.executable, "-m", "tripplan", *args], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=60, env=environ or env())


def publish(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str,
            **environ: str) -> tuple[int, str]:
    """``tripplan publish ARGS`` in this process (no terminal: pytest holds stdin): (exit code, stderr)."""
    from tripplan.cli.main import main

    monkeypatch.setenv("TRIPPLAN_CALDAV_PASSWORD", PASSWORD)
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    code = main(["publish", *args])
    return code, capsys.readouterr().err


def test_an_unconfirmed_server_named_by_the_trip_gets_nothing_without_a_terminal(server: Recorder,
                                                                                 tmp_path: Path) -> None:
    path = trip_naming(tmp_path, server.url)
    before = path.read_bytes()
    run = tripplan("publish", str(path))
    assert run.returncode == 2, run.stderr
    assert "which you have not confirmed" in run.stderr and "--trust-server" in run.stderr
    assert "Traceback" not in run.stderr and PASSWORD not in run.stderr + run.stdout
    assert server.seen == []  # refused before any connection: no request at all, so no credentials
    assert path.read_bytes() == before
    assert not trust.servers_path().exists()


Capture = pytest.CaptureFixture[str]
Patch = pytest.MonkeyPatch


def test_a_confirmed_server_gets_the_password(server: Recorder, tmp_path: Path, capsys: Capture,
                                              monkeypatch: Patch) -> None:
    path = trip_naming(tmp_path, server.url)
    code, err = publish(capsys, monkeypatch, str(path), "--trust-server")
    assert code == 2 and "refused the user name or password" in err, err
    assert server.credentials_arrived()
    assert trust.origin(server.url) in trust.servers_path().read_text(encoding="utf-8")
    server.seen.clear()
    code, err = publish(capsys, monkeypatch, str(path))  # remembered: no flag needed the next time
    assert "refused the user name or password" in err, err
    assert server.credentials_arrived()


def test_a_url_given_on_the_command_line_is_the_users_choice(server: Recorder, tmp_path: Path, capsys: Capture,
                                                             monkeypatch: Patch) -> None:
    path = trip_naming(tmp_path, "https://elsewhere.invalid/cal/")
    code, err = publish(capsys, monkeypatch, str(path), "--url", server.url, "--user", "sam")
    assert code == 2 and "refused the user name or password" in err, err
    assert server.credentials_arrived() and trust.is_confirmed(server.url)


def test_on_a_terminal_it_asks_and_remembers_a_yes(server: Recorder, tmp_path: Path, monkeypatch: Patch) -> None:
    from tests.unit.test_cli_change import on_terminal

    monkeypatch.setenv("TRIPPLAN_CALDAV_PASSWORD", PASSWORD)
    path = trip_naming(tmp_path, server.url)
    code, shown = on_terminal("n\n", "publish", str(path))
    question = f"Send your CalDAV password for sam to {trust.origin(server.url)}? This trip file names it. [y/N]"
    assert code == 2 and question in shown and "not confirmed" in shown, shown
    assert server.seen == [] and not trust.servers_path().exists()
    code, shown = on_terminal("y\n", "publish", str(path))
    assert question in shown and "refused the user name or password" in shown, shown
    assert server.credentials_arrived() and trust.is_confirmed(server.url)  # the yes is remembered


def test_plain_http_to_another_machine_is_refused_before_any_connection(server: Recorder, tmp_path: Path) -> None:
    """Through a proxy on loopback, any connection attempt would reach the recorder: none does.

    Separate processes: the HTTP library reads the proxy settings once per process.
    """
    proxy = f"http://127.0.0.1:{server.server_address[1]}"
    started = time.monotonic()
    cases = [("http://example.invalid/cal/", []), ("http://example.invalid/cal/", ["--trust-server"]),
             ("http://192.0.2.1:8008/cal/", ["--url", "http://192.0.2.1:8008/cal/"])]
    for url, extra in cases:
        path = trip_naming(tmp_path, url)
        run = tripplan("publish", str(path), *extra, environ=env(HTTP_PROXY=proxy, http_proxy=proxy))
        assert run.returncode == 2 and "reached over http://" in run.stderr and "--allow-http" in run.stderr, \
            run.stderr
    assert time.monotonic() - started < 30  # no connection timeout was waited for
    assert server.seen == [] and not trust.servers_path().exists()


def test_allow_http_lets_it_through(server: Recorder, tmp_path: Path) -> None:
    """With --allow-http, the request goes out (here to the loopback proxy, which stands in for the server)."""
    path = trip_naming(tmp_path, "http://example.invalid/cal/")
    proxy = f"http://127.0.0.1:{server.server_address[1]}"
    run = tripplan("publish", str(path), "--allow-http", "--trust-server",
                   environ=env(HTTP_PROXY=proxy, http_proxy=proxy))
    assert run.returncode == 2 and "warning: --allow-http" in run.stderr, run.stderr
    assert server.seen and server.seen[0][1].startswith("http://example.invalid/cal"), run.stderr
    assert server.credentials_arrived()


class _Redirecting(BaseHTTPRequestHandler):
    """Challenges for a password, then sends the authenticated request on to ``server.target``."""

    server: Recorder

    def _any(self) -> None:
        if "Authorization" not in self.headers:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="test"')
        else:
            self.send_response(307)
            self.send_header("Location", self.server.target)  # type: ignore[attr-defined]
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PROPFIND = do_GET = _any

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_confirmed_server_cannot_pass_the_password_on_by_redirecting(server: Recorder, tmp_path: Path,
                                                                       capsys: Capture, monkeypatch: Patch) -> None:
    """Bound to the origin: a redirect to another server (another port) arrives there without credentials."""
    first = ThreadingHTTPServer(("127.0.0.1", 0), _Redirecting)
    first.target = server.url  # type: ignore[attr-defined]
    threading.Thread(target=first.serve_forever, args=(0.05,), daemon=True).start()
    try:
        path = trip_naming(tmp_path, f"http://127.0.0.1:{first.server_address[1]}/cal/")
        code, err = publish(capsys, monkeypatch, str(path), "--trust-server")
    finally:
        first.shutdown()
        first.server_close()
    assert code == 2 and "Traceback" not in err, err
    assert server.seen and not server.credentials_arrived()
    assert not trust.is_confirmed(server.url)


def test_no_user_means_no_password_and_no_question(server: Recorder, tmp_path: Path, capsys: Capture,
                                                   monkeypatch: Patch) -> None:
    path = trip_naming(tmp_path, server.url, user="")
    code, err = publish(capsys, monkeypatch, str(path))
    assert code == 2 and "not confirmed" not in err and server.seen and not server.credentials_arrived()


def test_origins_compare_as_servers() -> None:
    same = ["https://Cloud.Example.com/dav/", "https://cloud.example.com:443/x", "HTTPS://cloud.example.com./"]
    assert {trust.origin(u) for u in same} == {"https://cloud.example.com:443"}
    assert trust.origin("https://bücher.example/") == "https://xn--bcher-kva.example:443"
    assert trust.origin("http://[::1]:8080/") == "http://[::1]:8080"
    assert trust.origin("http://h.example/") != trust.origin("https://h.example/")
    assert trust.origin("https://h.example:8443/") != trust.origin("https://h.example/")


def test_loopback_is_exactly_this_machine() -> None:
    for host in ("localhost", "LOCALHOST", "127.0.0.1", "127.9.9.9", "::1", "[::1]", "::ffff:127.0.0.1"):
        assert trust.is_loopback(host), host
    for host in ("evil.localhost", "localhost.example", "192.0.2.1", "example.invalid", "10.0.0.1", ""):
        assert not trust.is_loopback(host), host


def test_a_broken_servers_file_is_a_located_message(tmp_path: Path, capsys: Capture, monkeypatch: Patch) -> None:
    trust.servers_path().parent.mkdir(parents=True, exist_ok=True)
    trust.servers_path().write_text("caldav = 3\n", encoding="utf-8")
    path = trip_naming(tmp_path, "https://cloud.example.invalid/cal/")
    code, err = publish(capsys, monkeypatch, str(path))
    assert code == 2 and str(trust.servers_path()) in err and "Traceback" not in err


def test_an_unwritable_config_folder_confirms_for_this_run_only(server: Recorder, tmp_path: Path, capsys: Capture,
                                                               monkeypatch: Patch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("TRIPPLAN_CONFIG_DIR", str(blocker))
    path = trip_naming(tmp_path, server.url)
    code, err = publish(capsys, monkeypatch, str(path), "--trust-server")
    assert code == 2 and "cannot remember" in err and "asked again" in err and "Traceback" not in err, err
    assert server.credentials_arrived()
    server.seen.clear()
    code, err = publish(capsys, monkeypatch, str(path))  # not remembered: refused again, located
    assert code == 2 and str(blocker) in err and server.seen == [], err
