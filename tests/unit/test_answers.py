"""Answers to invites: the ``[[replies]]`` codec, the newest-reply rule and an attendee's answer."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from tripplan.files.encode import dumps
from tripplan.files.storage import parse_trip, read_trip
from tripplan.trip.answers import Answers, record
from tripplan.trip.model import REPLY_STATUSES, Attendance, IcalProps, Person, Recipient, Reply, SentInvite, Trip

LISBON = ZoneInfo("Europe/Lisbon")
T0 = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)


def _trip() -> Trip:
    trip, _ = read_trip(DATA / "good" / "small.toml")
    trip.people.append(Person(id="me", name="Me", email="Me@Home.example", me=True))
    return trip


def _sent(trip: Trip, event_id: str, sequence: int, to: list[Recipient]) -> SentInvite:
    event = trip.event(event_id)
    assert event is not None
    return SentInvite(event=event_id, uid=f"{event_id}@small-trip", sequence=sequence, fingerprint="f" * 20,
                      sent_at=T0, organizer=Recipient("me", "Me", "me@home.example"), title=event.title,
                      start_utc=event.start_utc, end_utc=event.end_utc, tz=event.tz, end_tz=event.end_tz, to=to)


def _reply(status: str = "accepted", sequence: int = 0, stamp: datetime = T0, **fields: object) -> Reply:
    values: dict[str, object] = {"event": "dinner", "email": "ana@acme.example", "status": status,
                                 "sequence": sequence, "dtstamp": stamp, "received": stamp + timedelta(hours=1)}
    values.update(fields)
    return Reply(**values)  # type: ignore[arg-type]


def test_replies_and_held_sequences_survive_a_save() -> None:
    trip = _trip()
    trip.sent = [_sent(trip, "dinner", 2, [Recipient("ana-ruiz", "Ana Ruiz", "ana@acme.example", sequence=1)])]
    occurrence = datetime(2027, 3, 9, 9, 30, tzinfo=UTC)
    trip.replies = [
        _reply(comment="Sí — com prazer [/] \"quoted\"\nsecond line", sequence=1),
        _reply("declined", event="standup", occurrence=occurrence, via="caldav"),
        _reply("delegated", event="kickoff", delegated_to="bo@acme.example"),
    ]
    again = parse_trip(dumps(trip).encode(), "trip.toml")
    assert again.replies == sorted(trip.replies, key=lambda r: (r.event, r.email, r.occurrence is not None))
    assert again.sent[0].held("ANA@acme.example") == 1
    assert again.sent[0].to[0].sequence == 1
    assert dumps(again) == dumps(trip)


def test_a_reply_is_normalised_to_utc_seconds_and_a_bare_address() -> None:
    reply = _reply(email="  Ana@ACME.example ", stamp=datetime(2027, 3, 1, 11, 0, 0, 999, tzinfo=LISBON))
    assert reply.email == "ana@acme.example"
    assert reply.dtstamp == datetime(2027, 3, 1, 11, 0, tzinfo=LISBON).astimezone(UTC)
    assert reply.dtstamp.tzinfo is UTC


def test_newest_reply_wins_by_sequence_then_dtstamp() -> None:
    trip = _trip()
    assert record(trip, _reply("tentative", 1, T0)) == "recorded"
    assert record(trip, _reply("declined", 0, T0 + timedelta(days=3))) == "older"  # lower SEQUENCE loses
    assert record(trip, _reply("accepted", 1, T0 - timedelta(minutes=1))) == "older"  # same SEQUENCE, earlier
    assert record(trip, _reply("accepted", 1, T0 + timedelta(minutes=1))) == "updated"
    assert record(trip, _reply("accepted", 1, T0 + timedelta(minutes=1))) == "unchanged"
    assert [r.status for r in trip.replies] == ["accepted"]
    # Another occurrence of the same series is another answer.
    assert record(trip, _reply("declined", 1, T0, occurrence=datetime(2027, 3, 9, 19, 30, tzinfo=UTC))) == "recorded"
    assert len(trip.replies) == 2


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(REPLY_STATUSES), st.integers(0, 3), st.integers(0, 5)), min_size=1,
                max_size=6), st.randoms())
def test_the_same_replies_in_any_order_leave_the_same_answer(items: list[tuple[str, int, int]], rnd: object) -> None:
    replies = [_reply(status, seq, T0 + timedelta(minutes=m)) for status, seq, m in items]
    shuffled = list(replies)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    first, second = _trip(), _trip()
    for reply in replies:
        record(first, reply)
    for reply in shuffled:
        record(second, reply)
    best = max(replies, key=lambda r: (r.sequence, r.dtstamp))
    assert len(first.replies) == len(second.replies) == 1
    assert (first.replies[0].sequence, first.replies[0].dtstamp) == (best.sequence, best.dtstamp)
    assert (second.replies[0].sequence, second.replies[0].dtstamp) == (best.sequence, best.dtstamp)


def test_answer_of_each_attendee() -> None:
    trip = _trip()
    ana, me = trip.person("ana-ruiz"), trip.person("me")
    dinner, kickoff = trip.event("dinner"), trip.event("kickoff")
    assert ana and me and dinner and kickoff
    answers = Answers(trip)
    assert answers.of(dinner, me).status == "accepted"  # the organizer
    assert answers.of(dinner, ana).status == "needs-action"
    assert answers.of(dinner, ana).since is None  # nothing sent yet
    trip.sent = [_sent(trip, "dinner", 1, [Recipient("ana-ruiz", "Ana Ruiz", "ana@acme.example")])]
    assert Answers(trip).of(dinner, ana).since == T0  # waiting since the invite went out
    trip.replies = [_reply("tentative", 1, T0 + timedelta(days=1), comment="maybe late",
                           email="MAILTO:ana@acme.example")]
    answer = Answers(trip).of(dinner, ana)
    assert (answer.status, answer.since, answer.comment, answer.via) == ("tentative", T0 + timedelta(days=1),
                                                                         "maybe late", "mail")


def test_a_change_since_the_answer_asks_again() -> None:
    trip = _trip()
    ana, dinner = trip.person("ana-ruiz"), trip.event("dinner")
    assert ana and dinner
    trip.sent = [_sent(trip, "dinner", 2, [Recipient("ana-ruiz", "Ana Ruiz", "ana@acme.example")])]
    trip.replies = [_reply("accepted", 1)]
    answer = Answers(trip).of(dinner, ana)
    assert (answer.status, answer.earlier) == ("needs-action", "accepted")
    # She still holds version 1 (the update did not reach her): her answer to it stands.
    trip.sent[0].to[0].sequence = 1
    assert Answers(trip).of(dinner, ana).status == "accepted"


def test_an_answer_to_one_occurrence_counts_for_that_occurrence_only() -> None:
    trip = _trip()
    ana, standup = trip.person("ana-ruiz"), trip.event("standup")
    assert ana and standup
    tuesday = datetime(2027, 3, 9, 9, 30, tzinfo=LISBON).astimezone(UTC)
    trip.replies = [_reply("accepted", event="standup"), _reply("declined", event="standup", occurrence=tuesday)]
    answers = Answers(trip)
    assert answers.of(standup, ana, tuesday).status == "declined"
    assert answers.of(standup, ana, tuesday + timedelta(days=1)).status == "accepted"
    assert answers.of(standup, ana).status == "accepted"


def test_an_imported_partstat_is_the_answer_until_a_reply_comes() -> None:
    trip = _trip()
    ana, kickoff = trip.person("ana-ruiz"), trip.event("kickoff")
    assert ana and kickoff
    props = IcalProps(attendance=(Attendance("ana-ruiz", "REQ-PARTICIPANT", "DECLINED"),))
    trip.events = [dataclasses.replace(kickoff, ical=props) if e.id == "kickoff" else e for e in trip.events]
    kickoff = trip.event("kickoff")
    assert kickoff
    assert (Answers(trip).of(kickoff, ana).status, Answers(trip).of(kickoff, ana).via) == ("declined", "calendar")
    trip.replies = [_reply("accepted", event="kickoff")]
    assert Answers(trip).of(kickoff, ana).status == "accepted"



def test_a_calendar_answer_is_to_the_version_last_published() -> None:
    from tripplan.trip.model import PublishedEvent, ShareTarget

    trip = _trip()
    ana, dinner = trip.person("ana-ruiz"), trip.event("dinner")
    assert ana and dinner
    trip.replies = [_reply("accepted", 0, via="caldav")]
    trip.share = ShareTarget(url="https://dav.example/cal/", user="me",
                             events=[PublishedEvent("dinner", "dinner@small-trip", "/cal/d.ics", '"1"', sequence=0)])
    assert Answers(trip).of(dinner, ana).status == "accepted"
    trip.share.events[0].sequence = 1  # the time changed and was published again: the server asks again
    answer = Answers(trip).of(dinner, ana)
    assert (answer.status, answer.earlier) == ("needs-action", "accepted")
    # An answer by mail is to what the mail carried, not to the server's copy.
    trip.replies = [_reply("accepted", 0)]
    assert Answers(trip).of(dinner, ana).status == "accepted"
