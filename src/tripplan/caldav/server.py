"""Talking to a CalDAV server through the ``caldav`` library, one request at a time.

:class:`Server` offers exactly what publishing needs — list the calendar's
resources with their ETags (one PROPFIND), create the calendar (MKCALENDAR),
conditional PUT and DELETE, GET — and counts every request.  Failures that
end the run (no connection, TLS, timeout, a refused password, a URL that is
no calendar) raise :class:`ShareError` with one line for people; a refusal
of one resource comes back as an :class:`Answer` for the caller to report.

The password goes to the HTTP library and nowhere else: it is not in any
message (everything a server says is masked, :mod:`tripplan.caldav.masking`),
and the ``caldav`` library's own logging and traffic dumps are switched off.
Every request has a deadline for the whole exchange, a run has one as well,
and answers are read within size bounds (:mod:`tripplan.caldav.limits`).
"""

from __future__ import annotations

import logging
import re
import threading
import time
import warnings
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape

import niquests
from caldav.davclient import DAVClient
from caldav.lib import error as dav_error

from tripplan.caldav import limits
from tripplan.caldav.masking import Masker
from tripplan.errors import TripplanError
from tripplan.visible import visible

CALENDAR_TYPE = "{urn:ietf:params:xml:ns:caldav}calendar"
COLLECTION_TYPE = "{DAV:}collection"
ICS_HEADERS = {"Content-Type": "text/calendar; charset=utf-8"}
UID_CONFLICT = "{urn:ietf:params:xml:ns:caldav}no-uid-conflict"
MULTISTATUS = "{DAV:}multistatus"


class ShareError(TripplanError):
    """Publishing cannot go on: the message is one line for people (no traceback, never the password)."""


@dataclass
class Answer:
    """What the server said to one PUT, DELETE or GET."""

    status: int
    reason: str = ""
    etag: str | None = None
    body: bytes = b""
    preconditions: list[str] = field(default_factory=list)
    content_type: str = ""
    masker: Masker = field(default_factory=lambda: Masker("", ""), repr=False)

    @property
    def ok(self) -> bool:
        """A 2xx status."""
        return 200 <= self.status < 300

    def problem(self) -> str:
        """Why the server refused, in words."""
        if UID_CONFLICT in self.preconditions:
            return ("the calendar already holds an event with this UID under another name "
                    "(imported from an .ics file?); delete that copy on the server and publish again")
        # The whole (bounded) answer is masked before it is cut, so no credential is cut in half and shown.
        text = self.masker.show(re.sub(rb"<[^>]*>", b" ", self.body[:limits.ANSWER_BYTES]).decode("utf-8", "replace"))
        detail = f": {text}" if text and self.status >= 400 and text.lower() != self.reason.lower() else ""
        if self.status == 412:
            detail += "; some servers answer so to an event larger than they accept"
        return f"the server refused it (HTTP {self.status}{' ' + self.reason if self.reason else ''}){detail}"


def path_key(href: str) -> str:
    """How two spellings of one server path compare: the path alone, unquoted, no trailing slash."""
    return unquote(urlsplit(href).path).rstrip("/")


class Server:
    """One calendar collection on one CalDAV server."""

    def __init__(self, url: str, user: str, password: str, *, timeout: float = limits.REQUEST_SECONDS,
                 verify: bool = True, run_limit: float | None = None) -> None:
        self.url = url if url.endswith("/") else url + "/"
        parts = urlsplit(self.url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.host = parts.netloc
        self.path = parts.path
        self.user, self.timeout, self.run_limit = user, timeout, run_limit
        self.masker = Masker(user, password)
        self._ends = None if run_limit is None else time.monotonic() + run_limit  # the run's deadline
        self._request = threading.local()  # the deadline of the request a thread is working on
        self.requests: list[tuple[str, int]] = []
        _quiet_library()
        if not verify:
            warnings.filterwarnings("ignore", message=".*[Uu]nverified HTTPS.*")
        credentials: dict[str, Any] = {"username": user, "password": password} if user else {}
        # The library types the timeout as int; niquests takes fractions of a second too.
        wait: Any = timeout
        self.client = DAVClient(url=self.url, timeout=wait, ssl_verify_cert=verify, enable_rfc6764=False,
                                **credentials)
        hooks: Any = self.client.session.hooks
        hooks["response"].append(self._arrived)

    def _arrived(self, response: Any, *args: Any, **kwargs: Any) -> Any:
        """Count the request and read its answer within the bounds (before the library reads it unbounded)."""
        self.requests.append((str(response.request.method), int(response.status_code)))
        from niquests.cookies import extract_cookies_to_jar

        extract_cookies_to_jar(self.client.session.cookies, response.request, response.raw)  # before raw goes
        limits.read_body(response, getattr(self._request, "deadline", time.monotonic() + self.timeout))
        return response

    def close(self) -> None:
        """Close the connection."""
        self.client.close()

    def href(self, path: str) -> str:
        """The full URL of a server path."""
        return self.origin + path

    # --- requests -----------------------------------------------------------------------------

    def _send(self, method: str, url: str, body: str = "", headers: dict[str, str] | None = None) -> Any:
        now = time.monotonic()
        if self._ends is not None and now >= self._ends:
            raise self._too_slow()
        deadline = min(now + self.timeout, self._ends if self._ends is not None else now + self.timeout)

        def exchange() -> Any:
            self._request.deadline = deadline
            if method == "PROPFIND":
                return self.client.propfind(url, props=["getetag", "resourcetype"], depth=1)
            return self.client.request(url, method, body, headers or {})

        try:
            return limits.within(deadline, exchange)
        except dav_error.AuthorizationError as exc:
            if exc.status == 403:
                return _Refused(403, self.masker.show(str(exc.reason or ""), 80), exc.preconditions)
            who = f" for user {self.user!r}" if self.user else " (no --user given)"
            raise ShareError(self._mask(f"{self.host} refused the user name or password{who} (HTTP 401)")) from None
        except Exception as exc:  # a strange server must never end in a traceback
            raise self._failure(exc) from None

    def _too_slow(self) -> ShareError:
        return ShareError(f"stopped after {self.run_limit:g} s, the most one publish may take: {self.host} answers "
                          f"too slowly (see {limits.TIMEOUT_ENV} in docs/sharing.md)")

    def _failure(self, exc: Exception) -> ShareError:
        """The one-line error for a request that failed (never the password, never raw server text)."""
        if isinstance(exc, (TimeoutError, limits.Late, niquests.exceptions.Timeout)):
            if self._ends is not None and time.monotonic() >= self._ends:
                return self._too_slow()
            return ShareError(f"{self.host} did not answer within {self.timeout:g} s")
        if isinstance(exc, limits.Overrun):
            what = "the calendar's listing" if exc.what == "PROPFIND" else "one event"
            return ShareError(f"{self.host} sent more than {exc.limit // (1024 * 1024)} MB for {what}; stopped "
                              "reading (a calendar server does not send that much)")
        if isinstance(exc, dav_error.RateLimitError):
            return ShareError(f"{self.host} is busy and asks to try again later (HTTP 429/503)")
        if isinstance(exc, dav_error.DAVError):
            return ShareError(f"{self.host}: {self.masker.show(str(exc.reason))}")
        detail = self.masker.show(_short(exc))
        if isinstance(exc, limits.Broken):
            return ShareError(self._mask(f"the connection to {self.host} broke while it answered: {detail}"))
        if isinstance(exc, niquests.exceptions.SSLError):
            return ShareError(self._mask(f"the TLS certificate of {self.host} could not be verified ({detail}); "
                                         "if you trust this server, add --insecure"))
        if isinstance(exc, niquests.exceptions.ConnectionError):
            return ShareError(self._mask(f"cannot reach {self.host}: {detail}"))
        if isinstance(exc, niquests.exceptions.RequestException):
            return ShareError(self._mask(f"talking to {self.host} failed: {detail}"))
        return ShareError(self._mask(f"unexpected answer from {self.host} ({type(exc).__name__}: {detail})"))

    def _mask(self, text: str) -> str:
        """A message that quotes the server or its HTTP library: masked, on one line, controls visible."""
        return " ".join(visible(self.masker.mask(text)).split())

    def _answer(self, response: Any) -> Answer:
        if isinstance(response, _Refused):
            return Answer(response.status, response.reason, preconditions=response.preconditions)
        headers = response.headers or {}
        raw = getattr(response, "_raw_body", b"") or b""
        etag = headers.get("ETag")
        return Answer(int(response.status), self.masker.show(str(getattr(response, "reason", "") or ""), 80),
                      str(etag) if etag else None, bytes(raw), dav_error.parse_preconditions(raw),
                      str(headers.get("Content-Type") or ""), self.masker)

    def listing(self) -> dict[str, tuple[str, str]] | None:
        """Every resource in the calendar as path key → (server path, ETag); ``None`` when there is no calendar.

        One PROPFIND of depth 1.  Raises :class:`ShareError` when the URL is
        something else than a calendar (the user's home, a file, a web page).
        """
        response = self._send("PROPFIND", self.url)
        if isinstance(response, _Refused):
            raise ShareError(self._mask(f"user {self.user!r} may not read {self.url} (HTTP 403)"
                                        if self.user else f"{self.url} needs a user name (HTTP 403); add --user"))
        status = int(response.status)
        if status == 404:
            return None
        if status not in (200, 207):
            reason = self.masker.show(str(getattr(response, "reason", "") or ""), 80)
            raise ShareError(f"{self.url} does not look like a CalDAV calendar: "
                             f"the server answered HTTP {status} {reason}".rstrip())
        tree = getattr(response, "tree", None)
        if tree is None or tree.tag != MULTISTATUS:
            # An empty calendar still answers with a multistatus naming the calendar itself: anything else (a web
            # page, random bytes, nothing) is not "no events", and publishing on that reading would be blind.
            raise ShareError(f"{self.url} answered the calendar listing (PROPFIND) with {self._what(response)}, "
                             "not a WebDAV multistatus; is this the address of a CalDAV calendar?")
        results = getattr(response, "results", None) or []
        own = path_key(self.path)
        found: dict[str, tuple[str, str]] = {}
        for item in results:
            key = path_key(item.href)
            types = item.properties.get("{DAV:}resourcetype") or []
            if key == own:
                if CALENDAR_TYPE not in types:
                    kind = "a folder" if COLLECTION_TYPE in types else "a single file"
                    raise ShareError(f"{self.url} is {kind} on the server, not a calendar; give the address of "
                                     f"a calendar, such as {self.url.rstrip('/')}/trip-name/ (it is created if "
                                     "it does not exist)")
                continue
            if COLLECTION_TYPE in types:
                continue
            etag = item.properties.get("{DAV:}getetag")
            found[key] = (urlsplit(item.href).path, str(etag) if etag else "")
        return found

    def _what(self, response: Any) -> str:
        """What an answer that should have been XML was, in words (its type and a masked beginning)."""
        kind = str((response.headers or {}).get("Content-Type") or "no content type").split(";")[0].strip()
        raw = getattr(response, "_raw_body", b"") or b""
        tree = getattr(response, "tree", None)
        words = " ".join(tree.itertext()) if tree is not None else re.sub(rb"<[^>]*>", b" ", raw[:4096]).decode(
            "utf-8", "replace")  # XML (an XHTML page) is parsed and its bytes dropped by the library
        text = self.masker.show(words[:4096], 80)
        return f"HTTP {int(response.status)}, {self.masker.show(kind, 40)}" + (f": {text}" if text else ", empty")

    def create(self, display_name: str) -> None:
        """Create the calendar collection (MKCALENDAR), named *display_name* in calendar apps."""
        body = ('<?xml version="1.0" encoding="utf-8"?>\n'
                '<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>'
                f"<D:displayname>{escape(display_name)}</D:displayname>"
                "</D:prop></D:set></C:mkcalendar>")
        answer = self._answer(self._send("MKCALENDAR", self.url, body, {"Content-Type": "application/xml"}))
        if answer.ok:
            return
        reasons = {403: f"user {self.user!r} may not create a calendar there; check the URL",
                   405: "something that is not a calendar already exists at that address",
                   409: "the folder above it does not exist on the server; check the URL",
                   415: "the server does not accept calendars there"}
        why = reasons.get(answer.status, f"HTTP {answer.status} {answer.reason}".rstrip())  # reason: masked
        raise ShareError(f"cannot create the calendar {self.url}: {why} (HTTP {answer.status})"
                         if answer.status in reasons else f"cannot create the calendar {self.url}: {why}")

    def put(self, path: str, text: str, *, if_match: str | None) -> Answer:
        """PUT one resource: ``If-Match: ETAG`` to replace that version, else ``If-None-Match: *`` to create."""
        condition = {"If-Match": if_match} if if_match else {"If-None-Match": "*"}
        return self._answer(self._send("PUT", self.href(path), text, {**ICS_HEADERS, **condition}))

    def delete(self, path: str, etag: str) -> Answer:
        """DELETE one resource, only if it is still the version *etag*."""
        return self._answer(self._send("DELETE", self.href(path), "", {"If-Match": etag}))

    def get(self, path: str) -> Answer:
        """GET one resource (its bytes and ETag)."""
        return self._answer(self._send("GET", self.href(path)))


@dataclass
class _Refused:
    """A 403, which the caldav library raises rather than returns."""

    status: int
    reason: str
    preconditions: list[str]


def _short(exc: BaseException) -> str:
    """The useful part of an HTTP library's long exception text."""
    text = " ".join(str(exc).split())
    for pattern in (r"certificate verify failed: ([^()'\"\]]+)", r"\[Errno -?\d+\] ([^'\")\]]+)",
                    r"(Name or service not known|nodename nor servname provided[^'\")]*)"):
        found = re.search(pattern, text)
        if found:
            return found[1].strip().rstrip(".")
    return text or type(exc).__name__  # whole: masked before it is cut (Masker.show)


def _quiet_library() -> None:
    """Keep the caldav library from logging or dumping traffic (the dumps hold the Authorization header)."""
    dav_error.debug_dump_communication = False
    for name in ("caldav", "niquests", "urllib3", "urllib3_future"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
