"""Sending the invites from the app: a preview of who gets what, the SMTP form, delivered and failed per person.

A real SMTP server (aiosmtpd) on a free loopback port, without TLS (allowed
on loopback only); it refuses one recipient, so the dialog shows a partial
send, the trip records only what was delivered, and the preview then holds
only what is left.
"""

from __future__ import annotations

import email
import email.policy
import os
import socket
import subprocess
import sys
from dataclasses import replace
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select, Static

from tests.conftest import missing
from tests.tui.conftest import opened, run, settle, shown
from tripplan.files.encode import dumps
from tripplan.files.storage import read_trip
from tripplan.tui.screens.send import SendDialog
from tripplan.tui.widgets.details import WrappedLines

JORDAN = "jordan.lee@halyard.example"


class Handler:
    """Keeps what it receives; refuses *refused*."""

    def __init__(self, refused: str) -> None:
        self.refused = refused
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address.lower() == self.refused:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content,
                                                                                policy=email.policy.default)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smtp_server() -> Any:
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        missing("aiosmtpd", "pip install -e '.[test]'")
    handler = Handler(JORDAN)
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


def _trip_with_me(path: Path) -> None:
    env = {**os.environ, "TRIPPLAN_NOW": "2027-03-01T09:00:00+00:00"}
    done = subprocess.run([sys.executable, "-m", "tripplan", "person", "add", str(path), "alex", "--name",
                           "Alex Morgan", "--email", "alex@example.com", "--me"], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    trip, _ = read_trip(path)
    trip.people = [replace(p, name="Ana [/]") if p.id == "ana-ruiz" else p for p in trip.people]
    path.write_text(dumps(trip), encoding="utf-8")


def test_send_dialog_previews_sends_and_records_what_was_delivered(lisbon: Path, smtp_server: Any) -> None:
    from tripplan.mail.settings import save_smtp
    from tripplan.mail.smtp import SmtpSettings

    controller, handler = smtp_server
    _trip_with_me(lisbon)
    save_smtp(SmtpSettings(host="127.0.0.1", port=controller.port, security="none"))

    async def body() -> None:
        async with opened(lisbon, size=(120, 40)) as (app, pilot):
            await pilot.press("M")
            await settle(app, pilot)
            dialog = app.screen
            assert isinstance(dialog, SendDialog)
            assert dialog.query_one("#host", Input).value == "127.0.0.1"
            assert dialog.query_one("#port", Input).value == str(controller.port)
            assert dialog.query_one("#security", Select).value == "none"
            assert dialog.query_one("#password", Input).password is True
            assert await shown(app, pilot, "46 e-mails to 6 people from Alex Morgan <alex@example.com>")
            preview = dialog.query_one("#preview", WrappedLines).text.splitlines()
            assert "Ana [/] <ana.ruiz@acme-iberia.example> 10 invitations" in preview
            assert "Jordan Lee <jordan.lee@halyard.example> 17 invitations" in preview
            assert any(line.startswith("Kick-off with Acme Iberia · Lunch with Ana and Rui") for line in preview)
            await pilot.press("ctrl+s")
            for _ in range(400):  # the worker sends; the event loop goes on (bounded wait, no sleep)
                await app.workers.wait_for_complete()
                await pilot.pause()
                if not dialog.busy:
                    break
            results = dialog.query_one("#results", WrappedLines).text.splitlines()
            assert "✓ delivered 10 e-mails to Ana [/] <ana.ruiz@acme-iberia.example>" in results
            assert "✓ delivered 1 e-mail to Priya Shah <priya.shah@halyard.example>" in results
            assert ("✗ failed    17 e-mails to Jordan Lee <jordan.lee@halyard.example> · 550 5.1.1 no such mailbox "
                    "here") in results
            assert await shown(app, pilot, "29 sent, 17 failed; Send again sends only the rest. Recorded in "
                               "lisbon.toml.")
            assert await shown(app, pilot, "✓ delivered 10 e-mails to Ana [/]")  # drawn, scrolled to the top
            # The preview now holds only what did not arrive: Jordan's.
            await settle(app, pilot)
            assert "17 e-mails to 1 person from Alex Morgan" in dialog.query_one("#preview", WrappedLines).text
            assert {m.email for m in dialog.messages} == {JORDAN}
            assert app.is_running
            await pilot.press("escape")
            assert not isinstance(app.screen, SendDialog)

    run(body)
    received = [to[0] for to, _ in handler.messages]
    assert len(received) == 29 and JORDAN not in received and received.count("ana.ruiz@acme-iberia.example") == 10
    _, message = next(item for item in handler.messages if item[0] == ["ana.ruiz@acme-iberia.example"])
    assert message.get_content_type() == "multipart/mixed"
    assert message["To"].addresses[0].display_name == "Ana [/]"
    # The trip on disk records every delivered message and nothing for Jordan.
    trip, _ = read_trip(lisbon)
    held = [r.email.lower() for s in trip.sent for r in s.to if s.held(r.email) is not None]
    assert held.count("ana.ruiz@acme-iberia.example") == 10 and JORDAN not in held


def test_send_dialog_refuses_an_unencrypted_server_elsewhere_and_a_missing_password(lisbon: Path,
                                                                                   monkeypatch: Any) -> None:
    _trip_with_me(lisbon)

    async def body() -> None:
        async with opened(lisbon, size=(120, 40)) as (app, pilot):
            app.screen.action_send_invites()
            await settle(app, pilot)
            dialog = app.screen
            assert isinstance(dialog, SendDialog)
            assert dialog.query_one("#host", Input).value == ""  # nothing saved yet
            assert await shown(app, pilot, "e-mails to 6 people")
            dialog.query_one("#host", Input).value = "smtp.example.com"
            dialog.query_one("#security", Select).value = "none"
            await pilot.press("ctrl+s")
            progress = dialog.query_one("#progress", Static)
            assert str(progress.content).startswith("✗ security none: refused for smtp.example.com")
            dialog.query_one("#security", Select).value = "starttls"
            dialog.query_one("#user", Input).value = "alex"
            await pilot.press("ctrl+s")
            assert str(progress.content) == "✗ give the password for alex (or set TRIPPLAN_SMTP_PASSWORD)"
            assert not dialog.busy

    run(body)
    trip, _ = read_trip(lisbon)
    assert trip.sent == []
