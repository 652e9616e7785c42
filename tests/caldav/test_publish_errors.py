"""Errors: one line each, exit 2 (or 1 when some events went through), never a traceback or the password."""

from __future__ import annotations

import dataclasses
import http.server
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.caldav.helpers import assert_same_events, load, server_events
from tests.caldav.radicale_server import MAX_RESOURCE, PASSWORD, Radicale, free_port, self_signed, start_radicale
from tests.conftest import SAMPLES, missing
from tripplan.caldav.publish import publish
from tripplan.caldav.server import ShareError
from tripplan.cli.main import main

LISBON = SAMPLES / "lisbon-client-visit.toml"


@pytest.fixture
def trip_file(tmp_path: Path) -> Path:
    path = tmp_path / "lisbon.toml"
    shutil.copyfile(LISBON, path)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["publish", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def one_line_error(code: int, err: str, expected: str) -> None:
    assert code == 2
    lines = [line for line in err.splitlines() if not line.startswith("tripplan: warning")]
    assert len(lines) == 1 and lines[0].startswith("tripplan: "), err
    assert expected in lines[0], lines[0]
    assert PASSWORD not in err


def test_a_wrong_password_is_one_line_and_writes_nothing(
        radicale: Radicale, trip_file: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TRIPPLAN_CALDAV_PASSWORD", "not-" + PASSWORD)
    before = trip_file.read_bytes()
    code, out, err = run(capsys, str(trip_file), "--url", radicale.calendar_url(), "--user", "alice")
    one_line_error(code, err, "refused the user name or password for user 'alice' (HTTP 401)")
    assert out == "" and trip_file.read_bytes() == before
    assert "not-" + PASSWORD not in err


def test_a_server_that_is_down(trip_file: Path, password_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()
    code, _, err = run(capsys, str(trip_file), "--url", f"http://127.0.0.1:{port}/alice/trip/", "--user", "alice")
    one_line_error(code, err, f"cannot reach 127.0.0.1:{port}: Connection refused")


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield int(sock.getsockname()[1])


def test_a_server_that_does_not_answer_times_out(trip_file: Path, silent_server: int) -> None:
    with pytest.raises(ShareError, match=r"^127\.0\.0\.1:\d+ did not answer within 0.5 s$"):
        publish(load(trip_file), f"http://127.0.0.1:{silent_server}/alice/trip/", "alice", PASSWORD, timeout=0.5)


def test_the_command_waits_about_ten_seconds_per_request(monkeypatch: pytest.MonkeyPatch) -> None:
    import inspect

    from tripplan.caldav import publish as module

    assert inspect.signature(module.publish).parameters["timeout"].default == 10.0


@pytest.mark.parametrize(("path", "message"), [
    ("/alice/", "is a folder on the server, not a calendar; give the address of a calendar"),
    ("/bob/their-trip/", "user 'alice' may not read"),
    ("/alice/no-such-folder/trip/", "cannot create the calendar http://127.0.0.1:"),
    ("/bob/new-trip/", "user 'alice' may not"),
])
def test_a_wrong_url(path: str, message: str, radicale: Radicale, trip_file: Path, password_env: str,
                     capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(trip_file), "--url", radicale.base + path, "--user", "alice")
    one_line_error(code, err, message)


@pytest.fixture
def web_page() -> Iterator[str]:
    """A plain web server (no WebDAV) on loopback."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/calendars/trip/"
    server.shutdown()
    server.server_close()


def test_a_url_that_is_no_caldav_server(web_page: str, trip_file: Path, password_env: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(trip_file), "--url", web_page, "--user", "alice")
    one_line_error(code, err, "does not look like a CalDAV calendar: the server answered HTTP 501")


@pytest.mark.parametrize(("url", "message"), [
    ("ftp://127.0.0.1/cal/", "must start with https://"),
    ("http://alice:pw@127.0.0.1/cal/", "has a user name or password in it"),
    ("https:///cal/", "names no server"),
])
def test_a_url_that_cannot_be_a_calendar_is_refused_before_connecting(
        url: str, message: str, trip_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(trip_file), "--url", url, "--user", "alice")
    one_line_error(code, err, message)


def test_the_first_publish_needs_a_url(trip_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(trip_file))
    one_line_error(code, err, "--url URL is needed the first time")


def test_the_password_is_never_a_command_line_argument(trip_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["publish", str(trip_file), "--url", "http://127.0.0.1:9/x/", "--password", PASSWORD])
    assert exc.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_without_a_terminal_the_password_must_come_from_the_environment(
        trip_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("TRIPPLAN_CALDAV_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _, err = run(capsys, str(trip_file), "--url", "http://127.0.0.1:9/alice/x/", "--user", "alice")
    one_line_error(code, err, "a password is needed for alice at 127.0.0.1:9: set TRIPPLAN_CALDAV_PASSWORD")


def test_in_a_terminal_the_password_is_asked_for_without_echo(
        radicale: Radicale, trip_file: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("TRIPPLAN_CALDAV_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    asked: list[str] = []

    def getpass(prompt: str) -> str:
        asked.append(prompt)
        return PASSWORD

    monkeypatch.setattr("getpass.getpass", getpass)
    code, out, err = run(capsys, str(trip_file), "--url", radicale.calendar_url(), "--user", "alice")
    assert code == 0, err
    assert asked == [f"Password for alice at 127.0.0.1:{radicale.port}: "]
    assert PASSWORD not in out + err + trip_file.read_text(encoding="utf-8")


def test_a_password_in_the_trip_file_is_refused_with_a_located_message(
        trip_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with trip_file.open("a", encoding="utf-8") as handle:
        handle.write('\n[share]\nurl = "https://cal.example.com/sam/lisbon/"\npassword = "hunter2"\n')
    code, _, err = run(capsys, str(trip_file))
    assert code == 2
    assert "share.password: a password is never kept in the trip file; set TRIPPLAN_CALDAV_PASSWORD" in err
    assert f"{trip_file}:" in err


def test_a_server_that_rejects_one_event_exits_1_naming_it_and_a_rerun_finishes(
        radicale: Radicale, trip_file: Path, password_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    from tripplan.files.storage import read_trip, save_trip

    trip, stamp = read_trip(trip_file)
    big = sorted(trip.events, key=lambda e: e.start_utc)[3]
    trip.events = [dataclasses.replace(e, notes="x" * (MAX_RESOURCE + 1000)) if e is big else e
                   for e in trip.events]
    save_trip(trip, trip_file, stamp)
    url = radicale.calendar_url()
    code, out, err = run(capsys, str(trip_file), "--url", url, "--user", "alice")
    assert code == 1, out + err
    assert "24 added" in out
    assert f"Not published:\n  {big.title} (" in out and "the server refused it (HTTP 412" in out
    trip, stamp = read_trip(trip_file)
    assert trip.share is not None and len(trip.share.events) == 24  # what went through is recorded
    trip.events = [dataclasses.replace(e, notes="Short again.") if e.id == big.id else e for e in trip.events]
    save_trip(trip, trip_file, stamp)
    code, out, _ = run(capsys, str(trip_file))
    assert code == 0 and "1 added, 0 updated, 0 deleted, 24 unchanged" in out
    assert_same_events(load(trip_file), server_events(url))


def test_every_event_rejected_is_exit_2(radicale: Radicale, tmp_path: Path, password_env: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from tripplan.files.storage import read_trip, save_trip

    path = tmp_path / "lisbon.toml"
    shutil.copyfile(LISBON, path)
    trip, stamp = read_trip(path)
    trip.events = [dataclasses.replace(e, notes="x" * (MAX_RESOURCE + 1000)) for e in trip.events[:2]]
    trip.followups = []
    save_trip(trip, path, stamp)
    code, out, _ = run(capsys, str(path), "--url", radicale.calendar_url(), "--user", "alice")
    assert code == 2 and out.count("the server refused it (HTTP 412") == 2


def test_a_connection_lost_midway_keeps_what_went_through_and_a_rerun_finishes(
        tmp_path: Path, trip_file: Path, password_env: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    server = start_radicale(tmp_path / "radicale")
    try:
        url = server.calendar_url()
        import tripplan.caldav.server as transport

        real_put = transport.Server.put
        count = [0]

        def put_then_die(self: transport.Server, *args: object, **kwargs: object) -> transport.Answer:
            count[0] += 1
            if count[0] == 11:
                server.stop()
            return real_put(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(transport.Server, "put", put_then_die)
        code, out, err = run(capsys, str(trip_file), "--url", url, "--user", "alice")
        assert code == 1, out + err
        assert "10 added" in out and "not sent: the run stopped before it" in out
        assert f"cannot reach 127.0.0.1:{server.port}" in err and "run the same command again to finish" in err
        trip = load(trip_file)
        assert trip.share is not None and len(trip.share.events) == 10
        monkeypatch.setattr(transport.Server, "put", real_put)
        server = start_radicale(tmp_path / "radicale", server.port)
        code, out, _ = run(capsys, str(trip_file))
        assert code == 0 and "15 added, 0 updated, 0 deleted, 10 unchanged" in out
        assert_same_events(load(trip_file), server_events(url.replace(str(server.port), str(server.port))))
    finally:
        server.stop()


def test_tls_is_verified_unless_insecure(tmp_path: Path, trip_file: Path, password_env: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    pair = self_signed(tmp_path / "tls")
    if pair is None:
        missing("the openssl program (to make a self-signed certificate)", "apt-get install openssl")
    server = start_radicale(tmp_path / "radicale-tls", tls=pair)
    try:
        url = server.calendar_url()
        code, _, err = run(capsys, str(trip_file), "--url", url, "--user", "alice")
        one_line_error(code, err, f"the TLS certificate of 127.0.0.1:{server.port} could not be verified")
        assert "add --insecure" in err
        code, out, err = run(capsys, str(trip_file), "--url", url, "--user", "alice", "--insecure")
        assert code == 0, out + err
        assert "--insecure: the TLS certificate of" in err and "25 added" in out
    finally:
        server.stop()
