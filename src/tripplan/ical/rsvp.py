"""Who is coming, event by event: the invited people of each event and their answers.

The answers follow the one rule of :mod:`tripplan.trip.answers`; this module
only gathers them per event for ``tripplan rsvp``, ``check``'s warning of
events that still wait for answers, and the TUI.  An event is listed when an
invite for it went out (``[[sent]]``) or someone answered it.  Its people are
the ones an invite goes to (:meth:`tripplan.ical.party.Party.invited`: the
travelling teammates at it and its attendees, never the traveller), each with
the answer to the whole event and any answer to one occurrence of a series.
Plain Python on the model: no calendar library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tripplan.ical.party import Party, address
from tripplan.trip.answers import NEEDS_ACTION, Answer, Answers
from tripplan.trip.model import Event, Person, Trip
from tripplan.trip.recurrence import expand

MARKS = {"accepted": "✓", "declined": "✗", "tentative": "?", "delegated": "→", NEEDS_ACTION: "…"}
LABELS = {"accepted": "accepted", "declined": "declined", "tentative": "tentative", "delegated": "delegated",
          NEEDS_ACTION: "no answer"}


def label(answer: Answer) -> str:
    """``✓ accepted``, ``✗ declined``, ``? tentative``, ``→ delegated``, ``… no answer``."""
    return f"{MARKS[answer.status]} {LABELS[answer.status]}"


@dataclass(frozen=True)
class Invitee:
    """One invited person of an event: their answer to it, whether an invite reached them, and occurrence answers."""

    person: Person
    answer: Answer
    sent: bool  # an invite for the event went to their address
    occurrences: tuple[tuple[datetime, Answer], ...] = ()  # (occurrence start, UTC; the answer to it alone)

    @property
    def has_email(self) -> bool:
        """Whether an invite can reach them."""
        return bool(address(self.person.email))

    @property
    def waiting(self) -> bool:
        """Whether their answer is still awaited: invitable and no answer (to this version)."""
        return self.has_email and self.answer.status == NEEDS_ACTION


@dataclass(frozen=True)
class Coming:
    """An event and its invited people, in the order an invite lists them."""

    event: Event
    invitees: list[Invitee] = field(default_factory=list)

    @property
    def waiting(self) -> list[Invitee]:
        """The invitees whose answer is awaited."""
        return [i for i in self.invitees if i.waiting]

    @property
    def invitable(self) -> list[Invitee]:
        """The invitees an invite can reach (with an e-mail)."""
        return [i for i in self.invitees if i.has_email]


def answered_events(trip: Trip) -> set[str]:
    """Ids of the events with an invite out or an answer recorded."""
    return {s.event for s in trip.sent if s.to} | {r.event for r in trip.replies}


def coming(trip: Trip, answers: Answers | None = None, party: Party | None = None) -> list[Coming]:
    """Every event with invites out or answers in, in time order, with its invitees and their answers."""
    answers = answers or Answers(trip)
    party = party or Party(trip)
    listed = answered_events(trip)
    events = sorted((e for e in trip.events if e.id in listed), key=lambda e: (e.start_utc, e.end_utc, e.id))
    return [of_event(trip, event, answers, party) for event in events]


def of_event(trip: Trip, event: Event, answers: Answers, party: Party,
             occurrence: datetime | None = None) -> Coming:
    """The invitees of *event* and their answers (to the occurrence starting at *occurrence*, UTC, when given)."""
    record = answers.sent.get(event.id)
    found = []
    for person in party.invited(event):
        email = address(person.email)
        sent = bool(email) and record is not None and record.held(email) is not None
        own = tuple(sorted((r.occurrence, answers.of(event, person, r.occurrence)) for r in trip.replies
                           if r.occurrence is not None and r.event == event.id and r.email == email)
                    ) if occurrence is None and event.recurring else ()
        found.append(Invitee(person, answers.of(event, person, occurrence), sent, own))
    return Coming(event, found)


def soon(trip: Trip, now: datetime, days: int = 3) -> list[tuple[datetime, Coming]]:
    """Occurrences starting within *days* of *now* of events with invites out: (start, UTC; who is coming)."""
    listed = {s.event for s in trip.sent if s.to}
    if not listed:
        return []
    lo = now.astimezone(UTC)
    hi = lo + timedelta(days=days)
    answers, party = Answers(trip), Party(trip)
    events = [e for e in trip.events if e.id in listed]
    found = []
    for occ in expand(events, lo, hi):
        if lo <= occ.start_utc < hi:
            at = occ.start_utc if occ.event.recurring else None
            found.append((occ.start_utc, of_event(trip, occ.event, answers, party, at)))
    return found
