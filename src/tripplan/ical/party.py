"""Who an event's calendar entry names: its ORGANIZER and the people an invite goes to.

The trip's traveller ("me", :attr:`tripplan.trip.model.Trip.me`) organizes every
event that no calendar file gave another organizer: they are the ORGANIZER
of a plain export, of a CalDAV resource and, unless ``--organizer`` names
someone else, of invites.  An invite goes to everyone at the event
(:meth:`tripplan.trip.model.Trip.party`: the travelling teammates who attend it —
all of them for an event that lists no travellers — and its attendees) who
has an e-mail address, never to me: me sends it.  When me attends, the
invite lists them as an ATTENDEE who has accepted (no reply asked), so its
recipients can tell an event the organizer attends from one they only
organize; docs/calendar.md gives the reasons.

A :class:`Party` works this out for one trip as it is, looking the
traveller and the people up once: a calendar of thousands of events asks
for every one of them.
"""

from __future__ import annotations

from tripplan.trip.model import YOU, Event, Organizer, Person, Recipient, Trip


def address(email: str) -> str:
    """An e-mail address for comparing: no ``mailto:``, no surrounding space, lower case."""
    text = email.strip()
    return (text[7:] if text[:7].lower() == "mailto:" else text).strip().lower()


def recipient(person: Person) -> Recipient:
    """The invite address of *person*."""
    return Recipient(person=person.id, name=person.name, email=person.email.strip())


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


class Party:
    """The traveller and the people of one trip, looked up once, and who each event's entry names.

    Made for one calendar and thrown away: it reads the trip as it is when made.
    """

    def __init__(self, trip: Trip) -> None:
        self.trip = trip
        self.me = trip.me
        self.key = self.me.id if self.me is not None else YOU  # the key the traveller attends events under
        self.my_address = address(self.me.email) if self.me is not None else ""
        # The traveller as an organizer: me with an e-mail address, else None (exports then name nobody).
        self.publisher = recipient(self.me) if self.me is not None and self.my_address else None
        self.people = {p.id: p for p in trip.people}
        self.attending = trip.attending()
        self.traveller_ids = self.attending.traveller_ids

    def is_me(self, email: str) -> bool:
        """Whether *email* is the traveller's address (ignoring case and ``mailto:``): :func:`is_me`."""
        return bool(self.my_address) and address(email) == self.my_address

    def travellers_at(self, event: Event) -> list[str]:
        """:meth:`tripplan.trip.model.Trip.travellers_at`, with the trip's travellers looked up once."""
        return self.attending.travellers_at(event)

    def attends(self, event: Event, person_id: str) -> bool:
        """:meth:`tripplan.trip.model.Trip.attends`: whether the person (or YOU) is at *event*."""
        return self.attending.attends(event, person_id)

    def i_attend(self, event: Event) -> bool:
        """Whether the traveller is at *event*."""
        return self.attends(event, self.key)

    def calendar_organizer(self, event: Event) -> Organizer | None:
        """The ORGANIZER a plain export or a CalDAV resource writes for *event*.

        With a traveller who has an e-mail: someone else's when a calendar
        file said so (an imported meeting, or a changed occurrence of one),
        else the traveller.  Without: what the calendar file said, as before
        travellers were known.
        """
        me = self.publisher
        if me is None:
            own = event.ical.organizer
            return own if own is not None and own.email.strip() else None
        return organized_by_other(self.trip, event, me.email) or Organizer(me.email, me.name)

    def invited(self, event: Event) -> list[Person]:
        """The people an invite for *event* goes to, with or without an e-mail: everyone at it but the traveller.

        Travelling teammates who attend come first (in the trip's order of
        travellers), then the event's other attendees in its order
        (:meth:`tripplan.trip.model.Trip.party`).
        """
        at = self.travellers_at(event)
        ids = at + [a for a in event.attendees if a not in at]
        found = [self.people.get(pid) for pid in ids if pid != self.key]
        return [p for p in found if p is not None]

    def recipients(self, event: Event) -> list[Recipient]:
        """:meth:`invited` people who have an e-mail address (not the traveller's own), as invite addresses."""
        return [recipient(p) for p in self.invited(event) if p.email.strip() and not self.is_me(p.email)]

    def listed(self, event: Event) -> list[Recipient]:
        """Everyone an invite for *event* names as ATTENDEE: its recipients, then the traveller when attending."""
        found = self.recipients(event)
        if self.publisher is not None and self.i_attend(event):
            found.append(self.publisher)
        return found


def is_me(trip: Trip, email: str) -> bool:
    """Whether *email* is the traveller's address (ignoring case and ``mailto:``)."""
    me = trip.me
    return me is not None and bool(address(me.email)) and address(me.email) == address(email)


def listed(trip: Trip, event: Event) -> list[Recipient]:
    """:meth:`Party.listed` for one event."""
    return Party(trip).listed(event)
