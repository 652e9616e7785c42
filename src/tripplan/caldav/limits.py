"""What a CalDAV server may cost one publish: time per request and per run, bytes per answer.

The HTTP library's timeout applies to each socket read, so a server that
sends one byte every few seconds would hold a request open for ever, and it
reads a whole answer into memory however large.  Here every request has a
deadline for the whole exchange (connecting, the headers, the body) and the
run as a whole has one too; the body is read in chunks with the deadline and
a size bound checked between them:

- a calendar listing (PROPFIND) at most :data:`LISTING_BYTES`, else an error;
- one event (GET) at most :data:`RESOURCE_BYTES`, the trip file's own limit;
- the answer to a PUT, DELETE or MKCALENDAR: only the first
  :data:`ANSWER_BYTES` are read (enough for any error text), the rest is
  dropped with the connection.

``TRIPPLAN_CALDAV_TIMEOUT`` ("SECONDS" or "SECONDS,RUN_SECONDS") changes the
time limits, for a slow server or for the tests.
"""

from __future__ import annotations

import io
import os
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from tripplan.files.raw import MAX_FILE_BYTES

REQUEST_SECONDS = 10.0
RUN_SECONDS = 60.0
LISTING_BYTES = 16 * 1024 * 1024  # about 50,000 events
RESOURCE_BYTES = MAX_FILE_BYTES
ANSWER_BYTES = 64 * 1024
TIMEOUT_ENV = "TRIPPLAN_CALDAV_TIMEOUT"
_CHUNK = 64 * 1024

T = TypeVar("T")


class Overrun(Exception):
    """An answer went over a bound (raised inside the HTTP library's response hook)."""

    def __init__(self, what: str, limit: int) -> None:
        super().__init__(what)
        self.what, self.limit = what, limit


class Late(Exception):
    """The deadline passed while the answer was still being read."""


class Broken(Exception):
    """Reading the answer failed (the connection broke, the body was not what its headers said)."""


def configured() -> tuple[float, float]:
    """(seconds per request, seconds per run): from ``TRIPPLAN_CALDAV_TIMEOUT`` if set, else 10 and 60.

    Raises :class:`ValueError` with a message for people when the variable is not numbers.
    """
    given = os.environ.get(TIMEOUT_ENV, "").strip()
    if not given:
        return REQUEST_SECONDS, RUN_SECONDS
    parts = given.split(",")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) not in (1, 2) or not all(0 < n < 86400 for n in numbers):
        raise ValueError(f"{TIMEOUT_ENV} must be seconds per request, optionally followed by ',' and seconds per "
                         f"run (e.g. 10,60); it is {given[:40]!r}")
    request = numbers[0]
    return request, numbers[1] if len(numbers) == 2 else max(RUN_SECONDS, request)


def bound_for(method: str) -> tuple[int, bool]:
    """How many bytes of the answer to *method* are read, and whether more is an error (else it is dropped)."""
    if method == "PROPFIND":
        return LISTING_BYTES, True
    if method == "GET":
        return RESOURCE_BYTES, True
    return ANSWER_BYTES, False


def read_body(response: Any, deadline: float) -> None:
    """Read *response*'s body within the bounds, then let the library take it from memory.

    Called from the HTTP library's ``response`` hook, before the library reads
    the body itself: the body is read chunk by chunk (``read1``: what has
    arrived, so a dripping server is seen at once), the deadline and the size
    checked between chunks, and the bytes put back as the response's ``raw``
    stream, from which the library's ``content`` reads them.
    """
    raw = response.raw
    if raw is None or not hasattr(raw, "read1"):
        return
    limit, strict = bound_for(str(response.request.method))
    body = bytearray()
    cut = False
    try:
        while True:
            if time.monotonic() > deadline:
                raise Late()
            chunk = raw.read1(_CHUNK, decode_content=True)
            if not chunk:
                break
            if len(body) + len(chunk) > limit:
                if strict:
                    raise Overrun(str(response.request.method), limit)
                body += chunk[: limit - len(body)]
                cut = True
                break
            body += chunk
    except (Late, Overrun):
        raw.close()  # never back into the pool half read
        raise
    except Exception as exc:  # the HTTP library's own errors, not wrapped as it wraps them for .content
        raw.close()
        raise (Late() if "Timeout" in type(exc).__name__ else Broken(str(exc) or type(exc).__name__)) from None
    if cut:
        raw.close()
    else:
        raw.release_conn()
    response.raw = io.BytesIO(bytes(body))


def within(deadline: float, work: Callable[[], T]) -> T:
    """*work()*'s result, or :class:`TimeoutError` when it has not finished by *deadline* (``time.monotonic``).

    The work runs in a thread of its own, so the deadline holds whatever it
    waits for (name lookup, a server sending its headers a byte at a time); a
    thread that overruns is left to end by itself (it stops at its next
    chunk: :func:`read_body` checks the same deadline).
    """
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append((True, work()))
        except BaseException as exc:  # handed to the caller
            outcome.append((False, exc))

    worker = threading.Thread(target=run, name="tripplan-caldav-request", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if not outcome:
        raise TimeoutError()
    done, value = outcome[0]
    if not done:
        raise value
    result: T = value
    return result
