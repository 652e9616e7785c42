"""The ``[[sent]]`` and ``[[received]]`` sections of a trip file: decoding and encoding.

``[[sent]]`` remembers what ``tripplan invites`` last sent for each event, so
a later run bumps SEQUENCE for exactly the changed events and can cancel
deleted ones; ``[[received]]`` remembers the SEQUENCE of imported events so
re-importing an older copy never rolls an event back.  Both are written by
tripplan; people rarely edit them, but they are validated like every other
section (unknown keys are errors).  This module is on the trip-loading path:
it must not import ics or icalendar.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tripplan.files.times import encode_times
from tripplan.time.limits import instant_problem
from tripplan.trip.addresses import email_problem
from tripplan.trip.model import REPLY_STATUSES, ReceivedEvent, Recipient, Reply, SentInvite, Trip

if TYPE_CHECKING:
    from tripplan.files.decoder import Decoder

SENT_KEYS = {"event", "uid", "sequence", "fingerprint", "sent_at", "organizer", "title", "start", "end", "tz",
             "end_tz", "repeat", "to"}
RECIPIENT_KEYS = {"person", "name", "email", "sequence"}
RECEIVED_KEYS = {"event", "sequence", "dtstamp"}
REPLY_KEYS = {"event", "email", "status", "sequence", "dtstamp", "received", "comment", "via", "occurrence",
              "delegated_to"}
VIAS = ("mail", "caldav")


MAX_SEQUENCE = 2**31 - 1  # RFC 5545's INTEGER is 32-bit: a calendar cannot hold a higher SEQUENCE


def decode_sequence(dec: Decoder, table: dict[str, Any], path: str) -> int:
    """A record's ``sequence``: a whole number from 0 to 2³¹−1 (RFC 5545's INTEGER), else a located problem."""
    value = dec.typed(table, "sequence", path, int, 0, "a whole number ≥ 0")
    if value < 0:
        dec.fail(f"{path}.sequence", "must be 0 or more")
        return 0
    if value > MAX_SEQUENCE:
        dec.fail(f"{path}.sequence", f"{value} is above {MAX_SEQUENCE}, the largest SEQUENCE a calendar can hold")
        return 0
    return value


def _utc(dec: Decoder, table: dict[str, Any], key: str, path: str) -> datetime | None:
    value = table.get(key)
    if value is None:
        return None
    if type(value) is not datetime or value.tzinfo is None:
        dec.fail(f"{path}.{key}", "expected a date-time with an offset, like 2027-03-01T10:00:00Z")
        return None
    if (problem := instant_problem(value)) is not None:  # before astimezone, which overflows near year 1 or 9999
        dec.fail(f"{path}.{key}", problem)
        return None
    return value.astimezone(UTC)


def _recipient(dec: Decoder, raw: object, path: str) -> Recipient | None:
    table = dec.table(raw, path, RECIPIENT_KEYS, ("email",))
    if table is None:
        return None
    email = dec.text(table, "email", path)
    problem = email_problem(email) if "email" in table and isinstance(table["email"], str) else None
    if problem is not None:
        dec.fail(f"{path}.email", f"{email!r} is not an e-mail address: {problem}")
        return None
    sequence = decode_sequence(dec, table, path) if "sequence" in table else None
    return Recipient(person=dec.text(table, "person", path), name=dec.text(table, "name", path), email=email,
                     sequence=sequence)


def _sent(dec: Decoder, raw: object, path: str, trip: Trip | None) -> SentInvite | None:
    table = dec.table(raw, path, SENT_KEYS, ("event", "uid", "sequence", "fingerprint", "sent_at", "organizer",
                                             "title", "start", "end"))
    if table is None:
        return None
    event = dec.text(table, "event", path, required=True)
    uid = dec.text(table, "uid", path, required=True)
    sequence = decode_sequence(dec, table, path)
    fingerprint = dec.text(table, "fingerprint", path, required=True)
    sent_at = _utc(dec, table, "sent_at", path)
    organizer = _recipient(dec, table["organizer"], f"{path}.organizer") if "organizer" in table else None
    to = [r for i, item in enumerate(dec.typed(table, "to", path, list, [], "an array of tables ([[sent.to]])"))
          if (r := _recipient(dec, item, f"{path}.to[{i}]")) is not None]
    tz = dec.zone(table, "tz", path, trip.timezone if trip else None)
    end_tz = dec.zone(table, "end_tz", path, tz)
    times = dec.event_times(table, path, tz, end_tz)
    repeat = dec.text(table, "repeat", path)
    title = dec.text(table, "title", path, required=True)
    for i, who in enumerate(to):
        if who.sequence is not None and who.sequence > sequence:
            dec.fail(f"{path}.to[{i}].sequence", f"{who.sequence} is above the event's sequence ({sequence})")
    if times is None or sent_at is None or organizer is None or not event or not uid or tz is None or end_tz is None:
        return None
    return SentInvite(event=event, uid=uid, sequence=sequence, fingerprint=fingerprint, sent_at=sent_at,
                      organizer=organizer, title=title, start_utc=times[0], end_utc=times[1], tz=tz, end_tz=end_tz,
                      all_day=times[2],
                      repeat=repeat, to=to)


def _received(dec: Decoder, raw: object, path: str) -> ReceivedEvent | None:
    table = dec.table(raw, path, RECEIVED_KEYS, ("event",))
    if table is None:
        return None
    event = dec.text(table, "event", path, required=True)
    record = ReceivedEvent(event=event, sequence=decode_sequence(dec, table, path),
                           dtstamp=_utc(dec, table, "dtstamp", path))
    return record if event else None


def _reply(dec: Decoder, raw: object, path: str) -> Reply | None:
    table = dec.table(raw, path, REPLY_KEYS, ("event", "email", "status", "dtstamp", "received"))
    if table is None:
        return None
    event = dec.text(table, "event", path, required=True)
    email = dec.text(table, "email", path, required=True)
    problem = email_problem(email) if email else None
    if problem is not None:
        dec.fail(f"{path}.email", f"{email!r} is not an e-mail address: {problem}")
    status = dec.text(table, "status", path, required=True)
    if status and status not in REPLY_STATUSES:
        dec.fail(f"{path}.status", f"{status!r} is not an answer; expected one of {', '.join(REPLY_STATUSES)}")
    via = dec.text(table, "via", path) or "mail"
    if via not in VIAS:
        dec.fail(f"{path}.via", f"{via!r}: expected one of {', '.join(VIAS)}")
    sequence = decode_sequence(dec, table, path)
    dtstamp, received = _utc(dec, table, "dtstamp", path), _utc(dec, table, "received", path)
    occurrence = _utc(dec, table, "occurrence", path)
    if (not event or not email or problem is not None or status not in REPLY_STATUSES or via not in VIAS
            or dtstamp is None or received is None):
        return None
    return Reply(event=event, email=email, status=status, sequence=sequence, dtstamp=dtstamp, received=received,
                 comment=dec.text(table, "comment", path), via=via, occurrence=occurrence,
                 delegated_to=dec.text(table, "delegated_to", path))


def decode_replies(dec: Decoder, doc: dict[str, Any]) -> list[Reply]:
    """The ``[[replies]]`` of a parsed trip document; one per event, address and occurrence."""
    replies: list[Reply] = []
    seen: dict[tuple[str, str, datetime | None], int] = {}
    for i, raw in enumerate(dec.array(doc, "replies")):
        reply = _reply(dec, raw, f"replies[{i}]")
        if reply is None:
            continue
        key = (reply.event, reply.email, reply.occurrence)
        if key in seen:
            dec.fail(f"replies[{i}]", f"a second answer from {reply.email} to event {reply.event!r} "
                     f"(also replies[{seen[key]}])")
        seen.setdefault(key, i)
        replies.append(reply)
    return replies


def reply_order(reply: Reply) -> tuple[str, str, datetime]:
    """Sort key of ``[[replies]]`` in the file: event, address, then the series before its occurrences."""
    return reply.event, reply.email, reply.occurrence or datetime.min.replace(tzinfo=UTC)


def encode_reply(reply: Reply) -> dict[str, Any]:
    """One ``[[replies]]`` table, keys in a fixed order."""
    table: dict[str, Any] = {"event": reply.event, "email": reply.email, "status": reply.status}
    if reply.occurrence is not None:
        table["occurrence"] = reply.occurrence
    table["sequence"] = reply.sequence
    table["dtstamp"] = reply.dtstamp
    table["received"] = reply.received
    if reply.comment:
        table["comment"] = reply.comment
    if reply.delegated_to:
        table["delegated_to"] = reply.delegated_to
    if reply.via != "mail":
        table["via"] = reply.via
    return table


def _unique(dec: Decoder, section: str, ids: list[tuple[int, str]]) -> None:
    seen: dict[str, int] = {}
    for i, ident in ids:
        if ident in seen:
            dec.fail(f"{section}[{i}].event", f"event {ident!r} is listed twice (also {section}[{seen[ident]}])")
        seen.setdefault(ident, i)


def decode_records(dec: Decoder, doc: dict[str, Any],
                   trip: Trip | None) -> tuple[list[SentInvite], list[ReceivedEvent]]:
    """The ``[[sent]]`` and ``[[received]]`` records of a parsed trip document, problems reported to *dec*.

    Records may name events that no longer exist: a deleted event still needs
    its cancellation sent, and that is what the record is for.
    """
    sent_raw, received_raw = dec.array(doc, "sent"), dec.array(doc, "received")
    sent = [(i, s) for i, raw in enumerate(sent_raw) if (s := _sent(dec, raw, f"sent[{i}]", trip)) is not None]
    received = [(i, r) for i, raw in enumerate(received_raw)
                if (r := _received(dec, raw, f"received[{i}]")) is not None]
    _unique(dec, "sent", [(i, s.event) for i, s in sent])
    _unique(dec, "received", [(i, r.event) for i, r in received])
    return [s for _, s in sent], [r for _, r in received]


def _encode_recipient(who: Recipient) -> dict[str, Any]:
    table: dict[str, Any] = {}
    if who.person:
        table["person"] = who.person
    if who.name:
        table["name"] = who.name
    table["email"] = who.email
    if who.sequence is not None:
        table["sequence"] = who.sequence
    return table


def encode_sent(record: SentInvite, trip_zone: str) -> dict[str, Any]:
    """One ``[[sent]]`` table, keys in a fixed order."""
    table: dict[str, Any] = {"event": record.event, "uid": record.uid, "sequence": record.sequence,
                             "fingerprint": record.fingerprint,
                             "sent_at": record.sent_at.astimezone(UTC), "title": record.title}
    encode_times(table, record.start_utc, record.end_utc, record.tz, record.end_tz, record.all_day, trip_zone)
    if record.repeat:
        table["repeat"] = record.repeat
    table["organizer"] = _encode_recipient(record.organizer)
    if record.to:
        table["to"] = [_encode_recipient(r) for r in record.to]
    return table


def encode_received(record: ReceivedEvent) -> dict[str, Any]:
    """One ``[[received]]`` table."""
    table: dict[str, Any] = {"event": record.event}
    if record.sequence:
        table["sequence"] = record.sequence
    if record.dtstamp is not None:
        table["dtstamp"] = record.dtstamp.astimezone(UTC)
    return table
