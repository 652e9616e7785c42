"""Whether the server really stored an event tripplan sent it: a "200 OK" alone is not proof.

A web page, a proxy's login page or a misconfigured server answer a PUT with
"200" and some HTML, and nothing is stored.  An answer counts as stored when

- its status is one a WebDAV server gives for a stored PUT (201 Created,
  204 No Content, 200 OK) and it carries a strong ETag and is not a web
  page; or
- failing that, reading the event back (GET) gives a calendar holding our UID.

Anything else is "not published", with the reason, and is not recorded in
the trip file's ``[share]``.  A DELETE answered with a web page is checked
the same way: the event must be gone (404) when read back.
"""

from __future__ import annotations

from tripplan.caldav.server import Answer, Server
from tripplan.ical.contentlines import unfolded_bytes

STORED = (200, 201, 204)


def _page(answer: Answer) -> bool:
    """Whether the answer is a web page (HTML), which no CalDAV server sends for a stored event."""
    start = answer.body[:512].lstrip().lower()
    return "html" in answer.content_type.lower() or start.startswith((b"<!doctype html", b"<html"))


def trusted(answer: Answer) -> bool:
    """Whether the answer to a PUT proves the event was stored, without reading it back."""
    etag = answer.etag or ""
    return answer.status in STORED and bool(etag) and not etag.startswith("W/") and not _page(answer)


def not_stored(answer: Answer) -> str | None:
    """Why a 2xx answer to a PUT says the event was not stored (``None``: it may have been; read it back)."""
    if answer.status in STORED:
        return None
    return (f"the server answered HTTP {answer.status}{' ' + answer.reason if answer.reason else ''}, which does "
            "not say the event was stored")


def read_back(server: Server, href: str, uid: str) -> tuple[str | None, str]:
    """Read a written event back: (its strong ETag or ``None``, "" when it is there as ours, else why not).

    Raises :class:`ShareError` when the server cannot be asked (the run ends).
    """
    answer = server.get(href)
    if not answer.ok:
        return None, (f"the server said it stored it, but reading it back gave HTTP {answer.status}"
                      f"{' ' + answer.reason if answer.reason else ''}")
    unfolded = unfolded_bytes(answer.body)
    if b"BEGIN:VCALENDAR" not in unfolded or f"UID:{uid}".encode() not in unfolded:
        kind = "a web page" if _page(answer) else "something else than this event"
        return None, f"the server said it stored it, but reading it back gave {kind}; not published"
    etag = answer.etag if answer.etag and not answer.etag.startswith("W/") else None
    return etag, ""



def still_there(server: Server, answer: Answer, href: str) -> str:
    """Why a 2xx answer to a DELETE did not delete (a web page, and the event still there); "" when it did."""
    if not _page(answer):
        return ""
    after = server.get(href)
    if after.status in (404, 410):
        return ""
    return f"the server said it deleted it, but reading it back gave HTTP {after.status}; not deleted"
