"""Who an event's calendar entry names: its ORGANIZER and the people an invite goes to.

The trip's traveller ("me", :attr:`tripplan.model.Trip.me`) organizes every
event that no calendar file gave another organizer: they are the ORGANIZER
of a plain export, of a CalDAV resource and, unless ``--organizer`` names
someone else, of invites.  An invite goes to everyone at the event
(:meth:`tripplan.model.Trip.party`: the travelling teammates who attend it —
all of them for an event that lists no travellers — and its attendees) who
has an e-mail address, never to me: me sends it.  When me attends, the
invite lists them as an ATTENDEE who has accepted (no reply asked), so its
recipients can tell an event the organizer attends from one they only
organize; docs/calendar.md gives the reasons.
"""

from __future__ import annotations

from tripplan.model import YOU, Event, Organizer, Person, Recipient, Trip


def address(email: str) -> str:
    """An e-mail address for comparing: no ``mailto:``, no surrounding space, lower case."""
    text = email.strip()
    return (text[7:] if text[:7].lower() == "mailto:" else text).strip().lower()


def recipient(person: Person) -> Recipient:
    """The invite address of *person*."""
    return Recipient(person=person.id, name=person.name, email=person.email.strip())


def me_key(trip: Trip) -> str:
    """The key the traveller attends events under: me's id, or :data:`tripplan.model.YOU` while nobody is me."""
    me = trip.me
    return me.id if me is not None else YOU


def publisher(trip: Trip) -> Recipient | None:
    """The traveller as an organizer: me with an e-mail address, else ``None`` (exports then name nobody)."""
    me = trip.me
    return recipient(me) if me is not None and me.email.strip() else None


def is_me(trip: Trip, email: str) -> bool:
    """Whether *email* is the traveller's address (ignoring case and ``mailto:``)."""
    me = trip.me
    return me is not None and bool(address(me.email)) and address(me.email) == address(email)


def organizer_of(trip: Trip, event: Event) -> Organizer | None:
    """Who organizes *event*, as its calendar file said (a changed occurrence: its own, else its series')."""
    if event.ical.organizer is not None:
        return event.ical.organizer
    series = trip.event(event.ical.series) if event.ical.series else None
    return series.ical.organizer if series is not None else None


def organized_by_other(trip: Trip, event: Event, organizer: str) -> Organizer | None:
    """The organizer of *event* when it is not *organizer* (an e-mail, compared ignoring case), else ``None``."""
    found = organizer_of(trip, event)
    if found is None or not address(found.email) or address(found.email) == address(organizer):
        return None
    return found


def calendar_organizer(trip: Trip, event: Event) -> Organizer | None:
    """The ORGANIZER a plain export or a CalDAV resource writes for *event*.

    With a traveller who has an e-mail: someone else's when a calendar file
    said so (an imported meeting, or a changed occurrence of one), else the
    traveller.  Without: what the calendar file said, as before travellers
    were known.
    """
    me = publisher(trip)
    if me is None:
        own = event.ical.organizer
        return own if own is not None and own.email.strip() else None
    return organized_by_other(trip, event, me.email) or Organizer(me.email, me.name)


def invited(trip: Trip, event: Event) -> list[Person]:
    """The people an invite for *event* goes to, with or without an e-mail: everyone at it but the traveller.

    Travelling teammates who attend come first (in the trip's order of
    travellers), then the event's other attendees in its order.
    """
    mine = me_key(trip)
    found = [trip.person(pid) for pid in trip.party(event) if pid != mine]
    return [p for p in found if p is not None]


def recipients_of(trip: Trip, event: Event) -> list[Recipient]:
    """:func:`invited` people who have an e-mail address (not the traveller's own), as invite addresses."""
    return [recipient(p) for p in invited(trip, event) if p.email.strip() and not is_me(trip, p.email)]


def listed(trip: Trip, event: Event) -> list[Recipient]:
    """Everyone an invite for *event* names as ATTENDEE: its recipients, then the traveller when they attend."""
    found = recipients_of(trip, event)
    me = publisher(trip)
    if me is not None and trip.attends(event, me.person):
        found.append(me)
    return found
