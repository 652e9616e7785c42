"""Publishing to servers that lie, drip, flood or echo the password (issue 18, points 5, 9, 11 and 18).

Each server is a real HTTP server on the loopback address (tests/caldav/hostile.py).  The command runs
in-process (``main``) where only its output is asserted, and as the real ``tripplan`` in a subprocess where
its exit code, the time it takes and the trip file are the point.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.caldav import hostile
from tests.caldav.hostile import Handler, send, serving
from tests.conftest import SAMPLES
from tripplan.caldav.publish import publish
from tripplan.caldav.server import ShareError
from tripplan.files.storage import read_trip

LISBON = SAMPLES / "lisbon-client-visit.toml"
PASSWORD = "s3cret-Pa55"
TOKEN = base64.b64encode(f"alice:{PASSWORD}".encode()).decode()


@pytest.fixture
def trip_file(tmp_path: Path) -> Path:
    path = tmp_path / "lisbon.toml"
    shutil.copyfile(LISBON, path)
    return path


def tripplan(*args: str, timeout: str = "") -> subprocess.CompletedProcess[str]:
    """The real command, with the password in the environment and, if given, TRIPPLAN_CALDAV_TIMEOUT."""
    env = {**os.environ, "TRIPPLAN_CALDAV_PASSWORD": PASSWORD}
    if timeout:
        env["TRIPPLAN_CALDAV_TIMEOUT"] = timeout
    done = subprocess.run([sys.executable, "-m", "tripplan", *args], capture_output=True, text=True, env=env,
                          timeout=60, check=False)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def publish_cli(trip_file: Path, url: str, timeout: str = "") -> subprocess.CompletedProcess[str]:
    return tripplan("publish", str(trip_file), "--url", url, "--user", "alice", timeout=timeout)


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


Cli = Callable[..., Done]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """``tripplan publish FILE --url URL --user alice`` in this process (the password in the environment)."""
    from tripplan.cli.main import main

    monkeypatch.setenv("TRIPPLAN_CALDAV_PASSWORD", PASSWORD)

    def run(trip_file: Path, url: str, timeout: str = "") -> Done:
        if timeout:
            monkeypatch.setenv("TRIPPLAN_CALDAV_TIMEOUT", timeout)
        code = main(["publish", str(trip_file), "--url", url, "--user", "alice"])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return Done(code, out, err)

    return run


# --- point 5: a 200 is not proof ------------------------------------------------------------------


@pytest.mark.parametrize("answer", [hostile.html_page, hostile.random_bytes], ids=["html", "random-bytes"])
def test_a_put_answered_200_with_junk_is_not_published(answer: hostile.Reply, trip_file: Path, cli: Cli) -> None:
    before = trip_file.read_bytes()
    with serving(PUT=answer, GET=answer) as server:
        done = cli(trip_file, server.url)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Nothing was published to" in done.stdout and "0 added" not in done.stdout
    assert done.stdout.count("the server said it stored it, but reading it back gave") == 25
    assert "nothing was published" in done.stderr
    assert trip_file.read_bytes() == before  # no [share] recording 25 events that are not there


def test_a_put_answered_202_is_not_published(trip_file: Path, cli: Cli) -> None:
    with serving(PUT=lambda h: send(h, 202, b"", "text/plain", headers={"ETag": '"x"'})) as server:
        done = cli(trip_file, server.url)
    assert done.returncode == 2
    assert "HTTP 202 Accepted, which does not say the event was stored" in done.stdout


def test_a_server_without_etags_is_published_when_reading_back_shows_our_event(trip_file: Path, cli: Cli) -> None:
    """The read-back is a real check, not a refusal of every server that sends no ETag."""
    with serving(PUT=hostile.kept_without_etag, GET=hostile.given_back) as server:
        done = cli(trip_file, server.url)
        gets = [m for m, _, _ in server.seen if m == "GET"]
    assert done.returncode == 0, done.stdout + done.stderr
    assert "25 added" in done.stdout and len(gets) == 25


def test_a_delete_answered_with_a_web_page_is_checked_and_the_record_kept(trip_file: Path, cli: Cli) -> None:
    from tripplan.files.storage import save_trip

    with serving(PROPFIND=hostile.listing_of_kept, PUT=hostile.kept, GET=hostile.given_back,
                 DELETE=hostile.html_page) as server:
        assert cli(trip_file, server.url).returncode == 0
        trip, stamp = read_trip(trip_file)
        gone = trip.events[0]
        trip.events = trip.events[1:]
        save_trip(trip, trip_file, stamp)
        done = cli(trip_file, server.url)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "the server said it deleted it, but reading it back gave HTTP 200; not deleted" in done.stdout
    share = read_trip(trip_file)[0].share
    assert share is not None and gone.id in {r.event for r in share.events}  # the next publish tries again


def test_a_listing_that_is_no_multistatus_is_an_error_not_an_empty_calendar(trip_file: Path, cli: Cli) -> None:
    before = trip_file.read_bytes()
    with serving(PROPFIND=hostile.html_page, PUT=hostile.stored) as server:
        done = cli(trip_file, server.url)
        puts = [m for m, _, _ in server.seen if m == "PUT"]
    assert done.returncode == 2
    assert "answered the calendar listing (PROPFIND) with HTTP 200, text/html: Welcome to nginx!" in done.stderr, \
        done.stderr
    assert "not a WebDAV multistatus" in done.stderr
    assert puts == [] and trip_file.read_bytes() == before


def test_a_listing_of_random_bytes_is_an_error(trip_file: Path, cli: Cli) -> None:
    with serving(PROPFIND=lambda h: send(h, 207, os.urandom(300), "application/octet-stream"),
                 PUT=hostile.stored) as server:
        done = cli(trip_file, server.url)
    assert done.returncode == 2 and "not a WebDAV multistatus" in done.stderr


# --- point 18: nothing published, nothing recorded ------------------------------------------------


def test_every_event_refused_leaves_the_trip_file_byte_identical(trip_file: Path) -> None:
    before = trip_file.read_bytes()
    with serving(PUT=lambda h: send(h, 507, b"quota exceeded", "text/plain", "Insufficient Storage")) as server:
        done = publish_cli(trip_file, server.url)
    assert done.returncode == 2
    assert done.stdout.count("the server refused it (HTTP 507 Insufficient Storage): quota exceeded") == 25
    assert "Nothing was published to" in done.stdout and "saved" not in done.stderr
    assert trip_file.read_bytes() == before


# --- point 9: no credential in what is shown ------------------------------------------------------


def echo(status: int) -> hostile.Reply:
    """An error page echoing the request's Authorization header, the password and their Base64 forms."""

    def answer(handler: Handler) -> None:
        auth = handler.headers.get("Authorization", "")
        if not auth:
            send(handler, 401, b"", "text/plain", headers={"WWW-Authenticate": 'Basic realm="x"'})
            return
        body = (f"Authorization: {auth}\npassword={PASSWORD} token {TOKEN} "
                f"{base64.b64encode(PASSWORD.encode()).decode()} end").encode()
        send(handler, status, body, "text/plain", reason=f"Oops {auth}")

    return answer


def assert_no_secret(text: str) -> None:
    assert PASSWORD not in text and TOKEN not in text
    assert base64.b64encode(PASSWORD.encode()).decode() not in text


def test_an_error_page_echoing_the_authorization_header_is_masked(trip_file: Path, cli: Cli) -> None:
    with serving(PUT=echo(500)) as server:
        done = cli(trip_file, server.url)
    assert done.returncode == 2
    assert_no_secret(done.stdout + done.stderr)
    assert done.stdout.count("(HTTP 500 Internal Server Error): Authorization: *** password=*** token *** *** end") \
        == 25, done.stdout


def test_a_listing_page_echoing_credentials_is_masked(trip_file: Path, cli: Cli) -> None:
    def page(handler: Handler) -> None:
        auth = handler.headers.get("Authorization", "")
        if not auth:
            send(handler, 401, b"", "text/plain", headers={"WWW-Authenticate": 'Basic realm="x"'})
            return
        send(handler, 200, f"<p>you sent {auth} ({PASSWORD})".encode(), "text/html")

    with serving(PROPFIND=page) as server:
        done = cli(trip_file, server.url)
    assert done.returncode == 2 and "with HTTP 200, text/html: you sent Basic *** (***)" in done.stderr, done.stderr
    assert_no_secret(done.stdout + done.stderr)


def test_a_401_page_echoing_credentials_is_not_shown(trip_file: Path, cli: Cli) -> None:
    def refuse(handler: Handler) -> None:
        auth = handler.headers.get("Authorization", "none")
        send(handler, 401, f"Authorization: {auth} {PASSWORD}".encode(), "text/plain", reason=f"No {auth}",
             headers={"WWW-Authenticate": 'Basic realm="x"'})

    with serving(PROPFIND=refuse) as server:
        done = cli(trip_file, server.url)
    assert done.returncode == 2 and "refused the user name or password for user 'alice' (HTTP 401)" in done.stderr
    assert_no_secret(done.stdout + done.stderr)


def test_a_url_with_a_password_in_it_is_never_printed_with_it(trip_file: Path, cli: Cli) -> None:
    done = cli(trip_file, f"http://alice:{PASSWORD}@127.0.0.1:9/cal/")
    assert done.returncode == 2 and "has a user name or password in it" in done.stderr
    assert "http://***@127.0.0.1:9/cal/" in done.stderr
    assert_no_secret(done.stdout + done.stderr)


def test_server_text_is_cut_and_made_visible(trip_file: Path, cli: Cli) -> None:
    noise = "\x1b]52;c;ZXZpbA==\x07\x1b[2J" + "blah " * 200

    with serving(PUT=lambda h: send(h, 500, noise.encode(), "text/plain")) as server:
        done = cli(trip_file, server.url)
    line = next(line for line in done.stdout.splitlines() if "HTTP 500" in line)
    assert "\x1b" not in done.stdout + done.stderr and "\\x1b]52" in line
    assert line.endswith("blah…") and len(line.split("Error): ", 1)[1]) <= 160


# --- point 11: time and size bounds ---------------------------------------------------------------


@pytest.mark.parametrize("head", [False, True], ids=["body", "status-line"])
def test_a_dripping_server_is_cut_off_at_the_request_deadline(head: bool, trip_file: Path) -> None:
    with serving(PROPFIND=lambda h: hostile.drip(h, head=head)) as server:
        start = time.monotonic()
        with pytest.raises(ShareError, match=r"^127\.0\.0\.1:\d+ did not answer within 1 s$"):
            publish(read_trip(trip_file)[0], server.url, "alice", PASSWORD, timeout=1.0)
        took = time.monotonic() - start
    assert took < 2.0, took  # not one timeout per byte


def test_the_command_stops_a_dripping_server_within_its_limit(trip_file: Path) -> None:
    before = trip_file.read_bytes()
    with serving(PROPFIND=hostile.drip) as server:
        start = time.monotonic()
        done = publish_cli(trip_file, server.url, timeout="1")
        took = time.monotonic() - start
    assert done.returncode == 2 and "did not answer within 1 s" in done.stderr
    assert took < 5.0 and trip_file.read_bytes() == before


def test_a_run_has_a_deadline_and_keeps_what_went_through(trip_file: Path, cli: Cli) -> None:
    def slow(handler: Handler) -> None:
        handler.hostile.stop.wait(0.1)  # each answer in time, the whole run not
        hostile.stored(handler)

    with serving(PUT=slow) as server:
        start = time.monotonic()
        done = cli(trip_file, server.url, timeout="1,1")
        took = time.monotonic() - start
    assert done.returncode == 1, done.stdout + done.stderr
    assert "stopped after 1 s, the most one publish may take" in done.stderr
    assert took < 3.0
    trip = read_trip(trip_file)[0]
    assert trip.share is not None and 3 <= len(trip.share.events) < 25


def test_a_huge_listing_is_refused_with_memory_bounded(trip_file: Path) -> None:
    with serving(PROPFIND=hostile.huge_listing) as server:
        trip = read_trip(trip_file)[0]
        tracemalloc.start()
        try:
            with pytest.raises(ShareError, match=r"sent more than 16 MB for the calendar's listing"):
                publish(trip, server.url, "alice", PASSWORD)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 48 * 1024 * 1024, peak  # the 50 MB listing is never held whole


def test_a_bad_timeout_variable_is_one_line(trip_file: Path, cli: Cli) -> None:
    done = cli(trip_file, "http://127.0.0.1:9/cal/", timeout="soon")
    assert done.returncode == 2
    assert "TRIPPLAN_CALDAV_TIMEOUT must be seconds per request" in done.stderr
