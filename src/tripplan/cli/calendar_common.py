"""What the calendar commands (``cli.calendar_run``: export, invites, import; ``cli.invites_run``: invites --send
and --eml) share: who sends the invites and to whom, what is withheld, the check that the trip file did not
change, and report text that cannot drive the terminal.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tripplan.errors import ConflictError, InputError
from tripplan.trip.model import Person, Trip

if TYPE_CHECKING:
    from tripplan.files.storage import FileStamp

EXIT_OK, EXIT_WARN, EXIT_BAD = 0, 1, 2


def check_unchanged(path: Path, stamp: FileStamp) -> None:
    """Refuse (``ConflictError``) when the trip file changed since it was read: what is sent must be recordable."""
    from tripplan.files.storage import digest

    try:
        current = path.read_bytes()
    except OSError:
        raise ConflictError(f"{path} was deleted or moved since it was read; nothing written") from None
    if digest(current) != stamp.digest:
        raise ConflictError(f"{path} was changed by another program since it was read; nothing written — "
                            "run the command again")


def _person(trip: Trip, ident: str, option: str) -> Person:
    person = trip.person(ident)
    if person is None:
        known = [p.id for p in trip.people]
        close = difflib.get_close_matches(ident, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else (f"; people: {', '.join(known)}" if known else "")
        raise InputError(f"{option}: {ident!r} is no person in this trip{hint}")
    return person


def invite_organizer(trip: Trip, ident: str | None, path: Path) -> Person:
    """Who sends the invites: ``--organizer``, else the traveller (me), else the organizer of the last run."""
    if ident:
        person = _person(trip, ident, "--organizer")
        if not person.email.strip():
            raise InputError(f"--organizer: {person.name} ({person.id}) has no e-mail address; replies go there")
        return person
    from tripplan.ical.invites import default_organizer, last_organizer

    me, last = trip.me, last_organizer(trip)
    if me is not None and not me.email.strip():
        raise InputError(f"invites come from you, the traveller {me.name} ({me.id}), who has no e-mail address "
                         f"(replies go there): add email = \"…\" to person {me.id!r} in {path}, or name "
                         "another sender with --organizer PERSON_ID")
    found = default_organizer(trip)
    if found is not None:
        if me is not None and last is not None and last.email.strip().lower() != me.email.strip().lower():
            print(f"note: invites now come from you, {plain(me.name)} <{plain(me.email.strip())}>; the last ones "
                  f"came from {plain(last.email)} (add --organizer to send as someone else)", file=sys.stderr)
        return found
    emails = [p.id for p in trip.people if p.email.strip()]
    raise InputError("who sends the invites? Mark yourself as the traveller: tripplan person add "
                     f"{path} ID --name … --email … --me (the invites then come from you), or name the sender "
                     "with --organizer PERSON_ID" + (f"; people with an e-mail: {', '.join(emails)}" if emails
                                                     else ""))


def chosen_people(trip: Trip, text: str | None) -> list[Person] | None:
    """The people ``--people ID,ID`` names (``None``: everyone); a note when one of them is the traveller."""
    if text is None:
        return None
    ids = [part.strip() for part in text.split(",") if part.strip()]
    if not ids:
        raise InputError("--people: give person ids separated by commas, e.g. ana-ruiz,bo-chen")
    people = [_person(trip, ident, "--people") for ident in dict.fromkeys(ids)]
    for person in people:
        if person.me:
            print(f"note: --people: {plain(person.name)} ({plain(person.id)}) is you, the traveller: no "
                  "invite goes to you", file=sys.stderr)
    return people


def print_withheld(trip: Trip, plan: Any) -> None:
    """One line per event not sent because someone else organizes it (the exit code is then 1)."""
    from tripplan.time.zones import clock

    if plan.withheld:
        print("Not sent (someone else organizes these):")
    for item in plan.withheld:
        local = item.event.start_utc.astimezone(trip.zone_at(item.event.start_utc))
        when = f"{local:%a} {local.day} {local:%b}" + ("" if item.event.all_day else f" {clock(local)}")
        print(f"  {plain(item.event.title)} · {when}: {plain(item.reason)}")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def plain(text: str) -> str:
    """Report text on one line that cannot drive the terminal: a calendar's words may hold escape sequences."""
    return _CONTROL.sub(" ", text)
