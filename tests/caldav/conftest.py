"""A real CalDAV server for the publish tests: Radicale on a free loopback port, temporary storage.

One server serves the whole session (users ``alice`` and ``bob``); each test
publishes to a calendar of its own.  Tests that stop the server start their
own with :func:`~tests.caldav.radicale_server.start_radicale`.  Nothing here
addresses anything but 127.0.0.1.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator

import pytest

from tests.conftest import missing

if importlib.util.find_spec("radicale") is None or importlib.util.find_spec("caldav") is None:
    missing("radicale and caldav", ".venv/bin/pip install -e '.[test]'")


from tests.caldav.radicale_server import PASSWORD, Radicale, start_radicale


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    """The session's Radicale."""
    server = start_radicale(tmp_path_factory.mktemp("radicale"))
    yield server
    server.stop()


@pytest.fixture
def password_env(monkeypatch: pytest.MonkeyPatch, radicale: Radicale) -> str:
    """Alice's password in TRIPPLAN_CALDAV_PASSWORD, as a user would set it — for the session's server, which she
    confirmed (as ``--trust-server`` or a yes would: trip files naming it are then published without asking)."""
    from tripplan.caldav import trust

    monkeypatch.setenv("TRIPPLAN_CALDAV_PASSWORD", PASSWORD)
    trust.remember(radicale.base)
    return PASSWORD


