"""The ``[share]`` section of a trip file: decoding with located problems, and encoding.

``[share]`` remembers the CalDAV calendar the trip was last published to
(``url``, ``user``) and, in ``[[share.events]]``, what was written for each
event: its UID, where it lives on the server (``href``), the server's
``etag`` for it, the SEQUENCE it carried and two hashes.  The password is
never stored: a ``password`` key is refused with a message saying where the
password comes from instead.  This module is on the trip-loading path: it
imports only the standard library and the model.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tripplan.files.invite_records import decode_sequence
from tripplan.trip.model import PublishedEvent, ShareTarget

if TYPE_CHECKING:
    from tripplan.files.decoder import Decoder

SHARE_KEYS = {"url", "user", "events"}
EVENT_KEYS = {"event", "uid", "href", "etag", "sequence", "fingerprint", "content", "title"}
PASSWORD_ENV = "TRIPPLAN_CALDAV_PASSWORD"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s@]*@")


def without_password(text: str) -> str:
    """*text* with the user name and password of every URL in it replaced by ``***`` (``https://***@host/``)."""
    return _USERINFO.sub(r"\1***@", text)


def url_problem(url: str) -> str | None:
    """Why *url* cannot be a calendar's address, or ``None`` when it can.

    Only ``http``/``https`` with a host; never a user name or password inside
    the URL (the password would end up in the trip file and in messages).
    """
    if not url.strip():
        return "is empty"
    shown = without_password(url)  # the URL is only ever shown without the password in it
    if url != url.strip() or _CONTROL.search(url) or " " in url:
        return f"{shown!r} contains spaces or control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number
    except ValueError:
        # Not the library's words: they quote the "port", which may be a password typed after a colon.
        return f"{shown!r} is not a URL (check the server name, and that what follows its ':' is a port number)"
    if parts.scheme not in ("http", "https"):
        return f"{shown!r} must start with https:// (or http://)"
    if not parts.hostname:
        return f"{shown!r} names no server"
    if "@" in parts.netloc:
        return (f"{shown!r} has a user name or password in it; give the user with --user and the password in "
                f"{PASSWORD_ENV} (or when asked)")
    if parts.query or parts.fragment:
        return f"{shown!r} has a '?' or '#' part; give the calendar's address only"
    return None


def _event(dec: Decoder, raw: object, path: str) -> PublishedEvent | None:
    table = dec.table(raw, path, EVENT_KEYS, ("event", "uid", "href", "etag"))
    if table is None:
        return None
    event = dec.text(table, "event", path, required=True)
    uid = dec.text(table, "uid", path, required=True)
    href = dec.text(table, "href", path, required=True)
    etag = dec.text(table, "etag", path, required=True)
    if href and not href.startswith("/"):
        dec.fail(f"{path}.href", f"{href!r} must be a path on the server, starting with '/'")
    sequence = decode_sequence(dec, table, path)
    record = PublishedEvent(event=event, uid=uid, href=href, etag=etag, sequence=sequence,
                            fingerprint=dec.text(table, "fingerprint", path),
                            content=dec.text(table, "content", path), title=dec.text(table, "title", path))
    return record if event and uid and href.startswith("/") and etag.strip() else None


def decode_share(dec: Decoder, doc: dict[str, Any]) -> ShareTarget | None:
    """The ``[share]`` table of a parsed trip document (``None`` when absent), problems reported to *dec*.

    Records may name events that are no longer in the trip: the next publish
    deletes them from the server, and needs the record to do it safely.
    """
    if "share" not in doc:
        return None
    raw = doc["share"]
    if isinstance(raw, dict) and "password" in raw:
        dec.fail("share.password", f"a password is never kept in the trip file; set {PASSWORD_ENV} or type it "
                 "when tripplan asks — remove this line")
    table = dec.table(raw, "share", SHARE_KEYS | {"password"}, ("url",))
    if table is None:
        return None
    url = dec.text(table, "url", "share", required=True)
    if isinstance(table.get("url"), str) and url.strip() and (problem := url_problem(url)) is not None:
        dec.fail("share.url", problem)
    user = dec.text(table, "user", "share")
    if _CONTROL.search(user):
        dec.fail("share.user", "must not contain control characters")
    items = dec.typed(table, "events", "share", list, [], "an array of tables ([[share.events]])")
    events = [e for i, item in enumerate(items) if (e := _event(dec, item, f"share.events[{i}]")) is not None]
    for key, what in (("event", "event"), ("href", "server path")):
        seen: dict[str, int] = {}
        for i, record in enumerate(events):
            value = getattr(record, key)
            if value in seen:
                dec.fail(f"share.events[{i}].{key}", f"{what} {value!r} is listed twice "
                         f"(also share.events[{seen[value]}])")
            seen.setdefault(value, i)
    return ShareTarget(url=url, user=user, events=events)


def encode_share(share: ShareTarget | None) -> dict[str, Any]:
    """The ``[share]`` table, keys in a fixed order and records sorted by event id (empty when not shared)."""
    if share is None:
        return {}
    table: dict[str, Any] = {"url": share.url}
    if share.user:
        table["user"] = share.user
    records = []
    for record in sorted(share.events, key=lambda r: r.event):
        item: dict[str, Any] = {"event": record.event, "uid": record.uid, "href": record.href,
                                "etag": record.etag}
        if record.sequence:
            item["sequence"] = record.sequence
        if record.fingerprint:
            item["fingerprint"] = record.fingerprint
        if record.content:
            item["content"] = record.content
        if record.title:
            item["title"] = record.title
        records.append(item)
    if records:
        table["events"] = records
    return table
