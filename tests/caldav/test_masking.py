"""What a server says is shown without a credential in it, whatever shape the echo takes (issue 18, point 9)."""

from __future__ import annotations

import base64
from urllib.parse import quote

import pytest

from tripplan.caldav.masking import SHOWN, Masker

USER, PASSWORD = "alice", "pä55:word/+"
BASIC = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
LATIN = base64.b64encode(f"{USER}:{PASSWORD}".encode("latin-1")).decode()


@pytest.mark.parametrize("echo", [
    f"Authorization: Basic {BASIC}",
    f"authorization={BASIC}",
    f"Proxy-Authorization: Basic {LATIN}",
    f"you sent Basic {BASIC}.",
    f"Bearer {base64.b64encode(PASSWORD.encode()).decode()}",
    f"password {PASSWORD} again",
    f"{quote(PASSWORD, safe='')} in a query",
    f"https://{USER}:{PASSWORD}@cal.example.com/dav/",
    "http://bob:other-secret@10.0.0.1/",
])
def test_every_echo_of_a_credential_is_masked(echo: str) -> None:
    shown = Masker(USER, PASSWORD).show(f"error: {echo} (request 42)")
    for secret in (PASSWORD, BASIC, LATIN, "other-secret", quote(PASSWORD, safe="")):
        assert secret not in shown
    assert "***" in shown and shown.startswith("error: ")
    # A header's value runs to the end of its line: all of it is masked, so nothing after it is kept.
    assert shown.endswith("(request 42)") or "uthorization" in echo


def test_a_credential_at_the_cut_is_masked_before_the_cut() -> None:
    text = "x" * (SHOWN - 10) + f" Authorization: Basic {BASIC}"
    shown = Masker(USER, PASSWORD).show(text)
    assert len(shown) <= SHOWN and BASIC[:8] not in shown


def test_control_characters_become_visible_and_lines_one() -> None:
    shown = Masker("", "").show("a\x1b]52;c;eA==\x07\nb\x9bc")
    assert shown == "a\\x1b]52;c;eA==\\x07 b\\x9bc"
