"""``tripplan invites --send`` when it cannot: one line naming the server or option, exit 2, nothing recorded."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.mail.conftest import USER, Server, cli, free_port


def _refused(run_args: list[str], env: dict[str, str] | None, trip: Path, *needles: str) -> str:
    before = trip.read_bytes()
    run = cli("invites", str(trip), *run_args, env=env)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tripplan: "), run.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    assert trip.read_bytes() == before
    return lines[0]


def _no_config(server: Server) -> bool:
    return not (Path(server.env["TRIPPLAN_CONFIG_DIR"]) / "mail.toml").exists()


def test_a_wrong_password_sends_and_records_nothing(lisbon: Path, smtp_starttls: Server) -> None:
    env = {**smtp_starttls.env, "TRIPPLAN_SMTP_PASSWORD": "wrong"}
    _refused(["--send", *smtp_starttls.options()], env, lisbon, f"127.0.0.1:{smtp_starttls.port}",
             f"refused the login of {USER}", "535", "nothing sent")
    assert smtp_starttls.messages == [] and _no_config(smtp_starttls)


def test_no_password_in_a_script_says_which_variable(lisbon: Path, smtp_starttls: Server) -> None:
    env = {k: v for k, v in smtp_starttls.env.items() if k != "TRIPPLAN_SMTP_PASSWORD"}
    _refused(["--send", *smtp_starttls.options()], env, lisbon, "TRIPPLAN_SMTP_PASSWORD")
    assert smtp_starttls.messages == []


def test_a_certificate_the_system_does_not_trust_is_refused(lisbon: Path, smtp_starttls: Server) -> None:
    env = {k: v for k, v in smtp_starttls.env.items() if k != "SSL_CERT_FILE"}  # the test CA is not trusted
    _refused(["--send", *smtp_starttls.options()], env, lisbon, f"127.0.0.1:{smtp_starttls.port}",
             "certificate is not trusted", "nothing sent")
    assert smtp_starttls.messages == [] and _no_config(smtp_starttls)


def test_a_login_without_tls_to_a_server_that_requires_it(lisbon: Path, smtp_starttls: Server) -> None:
    # 'none' to the STARTTLS server: it refuses AUTH before TLS, so nothing goes out in clear.
    args = ["--send", "--smtp", f"127.0.0.1:{smtp_starttls.port}", "--smtp-security", "none", "--smtp-user", USER]
    _refused(args, smtp_starttls.env, lisbon, f"127.0.0.1:{smtp_starttls.port}", "nothing sent")
    assert smtp_starttls.messages == []


def test_no_encryption_is_refused_for_a_server_elsewhere(lisbon: Path) -> None:
    _refused(["--send", "--smtp", "smtp.example.com", "--smtp-security", "none"], None, lisbon,
             "--smtp-security none", "smtp.example.com", "only a server on this machine")


def test_no_smtp_settings_says_how_to_give_them(lisbon: Path) -> None:
    _refused(["--send"], None, lisbon, "no SMTP server", "--smtp HOST[:PORT]", "--eml DIR")


def test_a_closed_port_is_a_refused_connection(lisbon: Path) -> None:
    port = free_port()
    _refused(["--send", "--smtp", f"127.0.0.1:{port}", "--smtp-security", "none"], None, lisbon,
             f"127.0.0.1:{port}", "refused the connection")


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        yield listener.getsockname()[1]


def test_a_server_that_never_answers_times_out(lisbon: Path, silent_port: int) -> None:
    _refused(["--send", "--smtp", f"127.0.0.1:{silent_port}", "--smtp-security", "none", "--smtp-timeout", "0.5"],
             None, lisbon, f"127.0.0.1:{silent_port}", "did not answer within 0.5 s")


def test_unknown_people_and_an_organizer_without_email(lisbon: Path, smtp_plain: Server, tmp_path: Path) -> None:
    _refused(["--send", *smtp_plain.options(), "--people", "ana-ruiz,nobody"], smtp_plain.env, lisbon,
             "--people", "'nobody' is no person in this trip")
    plain = tmp_path / "no-email.toml"
    plain.write_text(lisbon.read_text(encoding="utf-8").replace(f'email = "{USER}"\n', ""), encoding="utf-8")
    _refused(["--send", *smtp_plain.options()], smtp_plain.env, plain, "no e-mail address")
    _refused(["--eml", str(tmp_path / "out")], None, plain, "no e-mail address")
    assert smtp_plain.messages == [] and not (tmp_path / "out").exists()


def test_smtp_options_go_with_send_only(lisbon: Path, tmp_path: Path) -> None:
    _refused(["--eml", str(tmp_path / "out"), "--smtp", "localhost"], None, lisbon, "go with --send")
    _refused(["--out", str(tmp_path / "out"), "--smtp", "localhost"], None, lisbon, "go with --send")


def test_the_saved_settings_are_used_and_a_broken_file_is_named(lisbon: Path, smtp_plain: Server) -> None:
    config = Path(smtp_plain.env["TRIPPLAN_CONFIG_DIR"]) / "mail.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'[smtp]\nhost = "127.0.0.1"\nport = {smtp_plain.port}\nsecurity = "none"\nuser = ""\n')
    run = cli("invites", str(lisbon), "--send", "--people", "priya-shah", env=smtp_plain.env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert [m.rcpt_tos for m in smtp_plain.messages] == [["priya.shah@halyard.example"]]
    config.write_text('[smtp]\nhost = "smtp.example.com"\nport = 25\nsecurity = "none"\n')
    _refused(["--send"], smtp_plain.env, lisbon, str(config), "--smtp-security none")
