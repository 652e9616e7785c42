"""Talking to a CalDAV server through the ``caldav`` library, one request at a time.

:class:`Server` offers exactly what publishing needs — list the calendar's
resources with their ETags (one PROPFIND), create the calendar (MKCALENDAR),
conditional PUT and DELETE, GET — and counts every request.  Failures that
end the run (no connection, TLS, timeout, a refused password, a URL that is
no calendar) raise :class:`ShareError` with one line for people; a refusal
of one resource comes back as an :class:`Answer` for the caller to report.

The password goes to the HTTP library and nowhere else: it is not in any
message (a message that would hold it is masked), and the ``caldav``
library's own logging and traffic dumps are switched off.
"""

from __future__ import annotations

import logging
import re
import warnings
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape

import niquests
from caldav.davclient import DAVClient
from caldav.lib import error as dav_error

from tripplan.errors import TripplanError

CALENDAR_TYPE = "{urn:ietf:params:xml:ns:caldav}calendar"
COLLECTION_TYPE = "{DAV:}collection"
ICS_HEADERS = {"Content-Type": "text/calendar; charset=utf-8"}
UID_CONFLICT = "{urn:ietf:params:xml:ns:caldav}no-uid-conflict"


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

    @property
    def ok(self) -> bool:
        """A 2xx status."""
        return 200 <= self.status < 300

    def problem(self) -> str:
        """Why the server refused, in words."""
        if UID_CONFLICT in self.preconditions:
            return ("the calendar already holds an event with this UID under another name "
                    "(imported from an .ics file?); delete that copy on the server and publish again")
        text = " ".join(re.sub(rb"<[^>]*>", b" ", self.body[:400]).decode("utf-8", "replace").split())
        detail = f": {text[:160]}" if text and self.status >= 400 and text.lower() != self.reason.lower() else ""
        if self.status == 412:
            detail += "; some servers answer so to an event larger than they accept"
        return f"the server refused it (HTTP {self.status}{' ' + self.reason if self.reason else ''}){detail}"


def path_key(href: str) -> str:
    """How two spellings of one server path compare: the path alone, unquoted, no trailing slash."""
    return unquote(urlsplit(href).path).rstrip("/")


class Server:
    """One calendar collection on one CalDAV server."""

    def __init__(self, url: str, user: str, password: str, *, timeout: float = 10.0, verify: bool = True) -> None:
        self.url = url if url.endswith("/") else url + "/"
        parts = urlsplit(self.url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.host = parts.netloc
        self.path = parts.path
        self.user, self._password, self.timeout = user, password, timeout
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
        hooks["response"].append(self._count)

    def _count(self, response: Any, *args: Any, **kwargs: Any) -> Any:
        self.requests.append((str(response.request.method), int(response.status_code)))
        return response

    def close(self) -> None:
        """Close the connection."""
        self.client.close()

    def href(self, path: str) -> str:
        """The full URL of a server path."""
        return self.origin + path

    # --- requests -----------------------------------------------------------------------------

    def _send(self, method: str, url: str, body: str = "", headers: dict[str, str] | None = None) -> Any:
        try:
            if method == "PROPFIND":
                return self.client.propfind(url, props=["getetag", "resourcetype"], depth=1)
            return self.client.request(url, method, body, headers or {})
        except dav_error.AuthorizationError as exc:
            if exc.status == 403:
                return _Refused(403, exc.reason, exc.preconditions)
            who = f" for user {self.user!r}" if self.user else " (no --user given)"
            raise ShareError(self._mask(f"{self.host} refused the user name or password{who} (HTTP 401)")) from None
        except dav_error.RateLimitError:
            raise ShareError(f"{self.host} is busy and asks to try again later (HTTP 429/503)") from None
        except niquests.exceptions.SSLError as exc:
            raise ShareError(self._mask(f"the TLS certificate of {self.host} could not be verified ({_short(exc)}); "
                                        "if you trust this server, add --insecure")) from None
        except niquests.exceptions.Timeout:
            raise ShareError(f"{self.host} did not answer within {self.timeout:g} s") from None
        except niquests.exceptions.ConnectionError as exc:
            raise ShareError(self._mask(f"cannot reach {self.host}: {_short(exc)}")) from None
        except niquests.exceptions.RequestException as exc:
            raise ShareError(self._mask(f"talking to {self.host} failed: {_short(exc)}")) from None
        except dav_error.DAVError as exc:
            raise ShareError(self._mask(f"{self.host}: {' '.join(str(exc.reason).split())[:200]}")) from None
        except Exception as exc:  # a strange server must never end in a traceback
            raise ShareError(self._mask(f"unexpected answer from {self.host} ({type(exc).__name__}: "
                                        f"{_short(exc)})")) from None

    def _mask(self, text: str) -> str:
        return text.replace(self._password, "***") if self._password else text

    def _answer(self, response: Any) -> Answer:
        if isinstance(response, _Refused):
            return Answer(response.status, response.reason, preconditions=response.preconditions)
        headers = response.headers or {}
        raw = getattr(response, "_raw_body", b"") or b""
        etag = headers.get("ETag")
        return Answer(int(response.status), str(getattr(response, "reason", "") or ""),
                      str(etag) if etag else None, bytes(raw), dav_error.parse_preconditions(raw))

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
            raise ShareError(f"{self.url} does not look like a CalDAV calendar: "
                             f"the server answered HTTP {status} {getattr(response, 'reason', '')}".rstrip())
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
        why = reasons.get(answer.status, f"HTTP {answer.status} {answer.reason}".rstrip())
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
    return text[:200] or type(exc).__name__


def _quiet_library() -> None:
    """Keep the caldav library from logging or dumping traffic (the dumps hold the Authorization header)."""
    dav_error.debug_dump_communication = False
    for name in ("caldav", "niquests", "urllib3", "urllib3_future"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
