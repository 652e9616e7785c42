"""Misbehaving CalDAV servers on the loopback address, for the publish tests (http.server in a thread, port 0).

:func:`serving` runs a handler whose answers a test chooses method by
method: ``answers["PUT"] = html_page`` and so on.  An answer is a function of
the request handler that writes the whole response itself, so it can lie
(200 and a web page), drip (a byte every half second, waiting on the
server's stop event, never ``sleep``), or stream a listing larger than any
calendar.  Every request is recorded (method, path, headers).
"""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

Reply = Callable[["Handler"], None]

LISTING = ('<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:" '
           'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:response><D:href>{path}</D:href><D:propstat><D:prop>'
           '<D:resourcetype><D:collection/><C:calendar/></D:resourcetype><D:getetag>"c1"</D:getetag></D:prop>'
           '<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>')


@dataclass
class Hostile:
    """A running server: its calendar URL, what it answers, what it was asked."""

    url: str
    answers: dict[str, Reply]
    seen: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    store: dict[str, bytes] = field(default_factory=dict)  # path → body, for the answers that keep them
    stop: threading.Event = field(default_factory=threading.Event)


class Handler(http.server.BaseHTTPRequestHandler):
    """Answers with the test's function for the method (405 for one it did not give)."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms wait for a delayed ACK
    hostile: Hostile

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length) if length else b""
        self.hostile.seen.append((self.command, self.path, dict(self.headers.items())))
        reply = self.hostile.answers.get(self.command)
        try:
            if reply is None:
                send(self, 405, b"", "text/plain")
            else:
                reply(self)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up on us: that is the point
            self.close_connection = True

    do_PROPFIND = do_PUT = do_GET = do_DELETE = do_MKCALENDAR = _any  # http.server's names


def send(handler: Handler, status: int, body: bytes, kind: str, reason: str | None = None,
         headers: dict[str, str] | None = None) -> None:
    """A complete response."""
    handler.send_response(status, reason)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)
    handler.wfile.flush()


def listing(handler: Handler) -> None:
    """An empty calendar, as a real server lists it: a multistatus naming the calendar itself."""
    send(handler, 207, LISTING.format(path=handler.path).encode(), "application/xml; charset=utf-8")


def html_page(handler: Handler) -> None:
    """200 and a web page (a proxy's or a web server's), with an ETag as web servers send."""
    send(handler, 200, b"<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>",
         "text/html", headers={"ETag": '"5f3c-html"'})


def random_bytes(handler: Handler) -> None:
    """200 and noise."""
    send(handler, 200, os.urandom(512), "application/octet-stream")


def stored(handler: Handler) -> None:
    """What a real server says to a stored event: 201 with a strong ETag."""
    send(handler, 201, b"", "text/plain", headers={"ETag": f'"{len(handler.hostile.seen)}"'})


def kept(handler: Handler) -> None:
    """Stored for real: 201 with a strong ETag, listed from then on (:func:`listing_of_kept`)."""
    handler.hostile.store[handler.path] = handler.body
    send(handler, 201, b"", "text/plain", headers={"ETag": f'"{len(handler.body)}"'})


def listing_of_kept(handler: Handler) -> None:
    """The calendar and every resource :func:`kept` stored, with its ETag."""
    entries = "".join(f'<D:response><D:href>{path}</D:href><D:propstat><D:prop><D:resourcetype/><D:getetag>'
                      f'"{len(body)}"</D:getetag></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>'
                      "</D:response>" for path, body in handler.hostile.store.items())
    text = LISTING.format(path=handler.path).replace("</D:multistatus>", entries + "</D:multistatus>")
    send(handler, 207, text.encode(), "application/xml; charset=utf-8")


def kept_without_etag(handler: Handler) -> None:
    """Stored, but no ETag in the answer (as servers that rewrite what they store do)."""
    handler.hostile.store[handler.path] = handler.body
    send(handler, 204, b"", "text/plain")


def given_back(handler: Handler) -> None:
    """What was stored at the path (404 if nothing), without an ETag."""
    body = handler.hostile.store.get(handler.path)
    send(handler, 200 if body is not None else 404, body or b"", "text/calendar")


def drip(handler: Handler, head: bool = False, every: float = 0.5) -> None:
    """Headers (or, *head*, the status line itself) a byte at a time, every *every* seconds, for ever."""
    stop = handler.hostile.stop
    if not head:
        handler.send_response(207)
        handler.send_header("Content-Type", "application/xml")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        handler.wfile.flush()
    text = b"HTTP/1.1 207 Multi-Status\r\n" if head else LISTING.encode() * 100
    for byte in text:
        if stop.wait(every):
            return
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()


def huge_listing(handler: Handler, megabytes: int = 50) -> None:
    """A well-formed multistatus of *megabytes* MB, generated as it is sent (chunked, never held whole)."""
    handler.send_response(207)
    handler.send_header("Content-Type", "application/xml")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()

    def chunk(data: bytes) -> None:
        handler.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")

    chunk(b'<?xml version="1.0"?><D:multistatus xmlns:D="DAV:">')
    entry = ("<D:response><D:href>/cal/{0:08d}.ics</D:href><D:propstat><D:prop><D:getetag>\"{0}\"</D:getetag>"
             "</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>")
    block = "".join(entry.format(i) for i in range(400)).encode()
    for _ in range(megabytes * 1024 * 1024 // len(block)):
        if handler.hostile.stop.is_set():
            return
        chunk(block)
    chunk(b"</D:multistatus>")
    handler.wfile.write(b"0\r\n\r\n")


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: tripplan hangs up on a slow or huge answer, which is the point; socketserver would print a
        traceback to stderr, inside the output the tests read."""


@contextmanager
def serving(**answers: Reply) -> Iterator[Hostile]:
    """A hostile server on a free loopback port; *answers* by method (PROPFIND defaults to an empty calendar)."""
    hostile = Hostile("", {"PROPFIND": listing, **answers})
    handler: Any = type("Bound", (Handler,), {"hostile": hostile})
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    hostile.url = f"http://127.0.0.1:{server.server_address[1]}/alice/trip/"
    try:
        yield hostile
    finally:
        hostile.stop.set()
        server.shutdown()
        server.server_close()
