"""``tripplan replies imaps://…`` against a real Dovecot on loopback (tests/mail/dovecot.py), read-only."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.mail.dovecot import PASSWORD, USER, Dovecot, dovecot
from tests.mail.reply_builder import OUTLOOK, gmail, invited_trip, outlook, reply
from tripplan.files.storage import read_trip

NOW = "2026-03-03T10:00:00+00:00"
ANA, RUI = "ana.ruiz@acme-iberia.example", "rui.costa@acme-iberia.example"
DINNER, LUNCH = "Dinner with Marta and Ana", "Lunch with Ana and Rui: open points"
T1 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("invited")
    env = {**os.environ, "TRIPPLAN_CACHE_DIR": str(folder / "cache"), "TRIPPLAN_CONFIG_DIR": str(folder / "cfg")}
    return invited_trip(folder, env)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, base: tuple[Path, dict[str, str]]) -> Iterator[Dovecot]:
    """One Dovecot for the module, its INBOX holding a Gmail and an Outlook answer and a plain mail."""
    uids = base[1]
    with dovecot(tmp_path_factory.mktemp("dovecot")) as found:
        found.deliver([
            gmail(reply(uids[DINNER], ANA, "ACCEPTED", dtstamp=T1, comment="Count me in"), ANA, date=T1),
            b"From: news@example.com\r\nSubject: news\r\n\r\nNo calendar.\r\n",
            outlook(reply(uids[LUNCH], RUI, "DECLINED", dtstamp=T1, prodid=OUTLOOK), RUI, date=T1),
        ])
        yield found


def tripplan(trip: Path, *sources: str, password: str | None, ca: Path | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TRIPPLAN_IMAP_PASSWORD", "SSL_CERT_FILE")}
    env["TRIPPLAN_NOW"] = NOW
    if password is not None:
        env["TRIPPLAN_IMAP_PASSWORD"] = password
    if ca is not None:
        env["SSL_CERT_FILE"] = str(ca)
    return subprocess.run([sys.executable, "-m", "tripplan", "replies", str(trip), *sources], capture_output=True,
                          text=True, env=env, stdin=subprocess.DEVNULL, timeout=60)


@pytest.fixture
def trip(base: tuple[Path, dict[str, str]], tmp_path: Path) -> Path:
    path = tmp_path / "trip.toml"
    shutil.copy(base[0], path)
    return path


def test_answers_are_read_over_imaps_and_nothing_is_marked_seen(server: Dovecot, trip: Path) -> None:
    done = tripplan(trip, server.url, password=PASSWORD, ca=server.ca)

    assert (done.returncode, done.stderr) == (0, ""), done.stdout
    assert f"{server.url}: 3 messages, 2 answers (2 recorded)" in done.stdout
    assert "Ana Ruiz accepted Dinner with Marta and Ana · Wed 10 Mar 20:30 — Count me in" in done.stdout
    assert "Rui Costa declined Lunch with Ana and Rui: open points" in done.stdout
    saved, _ = read_trip(trip)
    assert sorted((r.email, r.status) for r in saved.replies) == [(ANA, "accepted"), (RUI, "declined")]
    flags = server.flags()
    assert len(flags) == 3 and not any("\\Seen" in f for f in flags), flags

    before = trip.read_bytes()
    again = tripplan(trip, server.url, password=PASSWORD, ca=server.ca)
    assert again.returncode == 0 and "Nothing new" in again.stdout
    assert trip.read_bytes() == before


def test_plain_imap_is_read_on_loopback(server: Dovecot, trip: Path) -> None:
    done = tripplan(trip, server.plain_url, password=PASSWORD, ca=None)
    assert (done.returncode, done.stderr) == (0, ""), done.stdout
    assert f"{server.plain_url}: 3 messages, 2 answers (2 recorded)" in done.stdout
    assert not any("\\Seen" in f for f in server.flags())


def test_a_wrong_password_is_exit_2_and_nothing_is_recorded(server: Dovecot, trip: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.eml"
    good.write_bytes(gmail(reply("x", ANA, "ACCEPTED", dtstamp=T1), ANA, date=T1))
    before = trip.read_bytes()

    done = tripplan(trip, str(good), server.url, password="wrong", ca=server.ca)

    assert done.returncode == 2
    assert done.stderr == f"tripplan: {server.url}: login failed: [AUTHENTICATIONFAILED] Authentication failed.\n"
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert trip.read_bytes() == before


def test_an_untrusted_certificate_is_exit_2(server: Dovecot, trip: Path) -> None:
    before = trip.read_bytes()
    done = tripplan(trip, server.url, password=PASSWORD, ca=None)  # the test CA is not trusted
    assert done.returncode == 2
    assert done.stderr.startswith(f"tripplan: {server.url}: TLS failed: CERTIFICATE_VERIFY_FAILED")
    assert done.stderr.count("\n") == 1
    assert trip.read_bytes() == before


def test_without_a_password_a_script_is_told_which_variable_to_set(server: Dovecot, trip: Path) -> None:
    done = tripplan(trip, server.url, password=None, ca=server.ca)
    assert done.returncode == 2
    assert f"IMAP password for {USER} on 127.0.0.1: set TRIPPLAN_IMAP_PASSWORD" in done.stderr


@pytest.mark.parametrize(("url", "said"), [
    ("imap://sam@mail.example.com/INBOX", "imap:// would send the password unencrypted"),
    ("imaps://sam:secret@mail.example.com/INBOX", "put no password in the address"),
    ("imaps://mail.example.com/INBOX", "an IMAP address needs a user and a host"),
])
def test_unsafe_or_incomplete_imap_addresses_are_refused_before_connecting(url: str, said: str, trip: Path) -> None:
    done = tripplan(trip, url, password="x", ca=None)
    assert done.returncode == 2 and said in done.stderr
    assert "secret" not in done.stderr
