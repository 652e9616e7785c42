"""``tripplan person add`` and ``person set``: the people of a trip, and who of them travels.

``--me`` marks the traveller who owns the file, ``--travels`` a travelling
teammate (with ``--home-tz`` for their own home zone).  The rules are the
trip file's (``tripplan.trip.team``); a refusal says what to type instead.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from zoneinfo import ZoneInfo

from tripplan.cli.option_values import person_of, zone_arg
from tripplan.cli.saving import save_checked, writes_trip
from tripplan.errors import InputError
from tripplan.files.storage import read_trip
from tripplan.trip.model import Person, Role, Trip
from tripplan.trip.team import KEEP, TeamError, with_roles
from tripplan.trip.validate import SIMPLE_ID


def team_error(exc: TeamError, file: str, person: Person, *, adding: bool) -> InputError:
    """The rule's message, with what to type instead."""
    if exc.code == "two-me":
        hint = (f"; to make {person.id!r} the traveller instead, first run: "
                f"tripplan person set {file} {exc.other} --not-me")
    elif exc.code == "me-home":
        hint = "; leave --home-tz out" if adding else "; add --no-home-tz"
    elif exc.code == "home-not-traveller":
        hint = "; add --travels, or leave --home-tz out"
    else:
        them = "those events" if len(exc.events) > 1 else "it"
        hint = f"; keep them travelling (--travels), or take them off {them} first"
    return InputError(f"{exc}{hint}")


def _home(text: str | None) -> ZoneInfo | None:
    return zone_arg(text, "--home-tz") if text else None


def _roles_text(person: Person, trip: Trip) -> str:
    if person.me:
        return f", the traveller (me), home {trip.home_timezone.key}"
    if person.travels:
        return f", travelling, home {trip.home_of(person.id).key}"
    return ""


@writes_trip(preview=True)
def cmd_person_add(args: argparse.Namespace) -> int:
    """``tripplan person add FILE ID --name ... [--me | --travels [--home-tz ZONE]]``."""
    path = Path(args.file)
    trip, stamp = read_trip(path)
    if not SIMPLE_ID.fullmatch(args.id):
        raise InputError(f"ID {args.id!r}: use letters, digits, '.', '_' or '-', e.g. 'ana-ruiz'")
    if trip.person(args.id) is not None:
        raise InputError(f"there is already a person with id {args.id!r} in this trip; change who travels "
                         f"with 'tripplan person set {args.file} {args.id} --travels' (or --me)")
    if not args.name.strip():
        raise InputError("--name must not be empty")
    home = _home(args.home_tz)
    if home is not None and not (args.travels or args.me):
        raise InputError("--home-tz is a travelling teammate's home zone: add --travels (your own home is the "
                         f"trip's, {trip.home_timezone.key})")
    person = Person(id=args.id, name=" ".join(args.name.split()), email=args.email.strip(),
                    org=args.org.strip(), role=Role(args.role),
                    interests=[i.strip() for i in args.interests.split(",") if i.strip()], notes=args.notes)
    try:
        person = with_roles(trip, person, me=args.me, travels=args.travels, home_tz=home)
    except TeamError as exc:
        raise team_error(exc, args.file, person, adding=True) from None
    trip.people.append(person)
    save_checked(trip, path, stamp)
    org = f", {person.org}" if person.org else ""
    print(f"Added {person.name} ({person.role.value}{org}{_roles_text(person, trip)}) as {person.id!r}")
    return 0


@writes_trip(preview=True)
def cmd_person_set(args: argparse.Namespace) -> int:
    """``tripplan person set FILE ID [--me | --not-me] [--travels | --no-travels] [--home-tz ZONE | --no-home-tz]``."""
    import sys

    path = Path(args.file)
    trip, stamp = read_trip(path)
    person = person_of(trip, args.id)
    if args.me is None and args.travels is None and args.home_tz is None and not args.no_home_tz:
        raise InputError("say what to change: --me, --not-me, --travels, --no-travels, --home-tz ZONE "
                         "or --no-home-tz")
    home = None if args.no_home_tz else (_home(args.home_tz) if args.home_tz else KEEP)
    try:
        changed = with_roles(trip, person, me=args.me, travels=args.travels, home_tz=home)
    except TeamError as exc:
        raise team_error(exc, args.file, person, adding=False) from None
    if person.home_tz is not None and changed.home_tz is None and home is KEEP:
        print(f"note: {person.name}'s home zone ({person.home_tz.key}) is dropped: "
              + ("the traveller's home is the trip's" if changed.me else "only a traveller has one"),
              file=sys.stderr)
    if changed != person:
        trip.people[trip.people.index(person)] = changed
        save_checked(trip, path, stamp)
    roles = _roles_text(changed, trip).removeprefix(", ") or "not travelling"
    print(f"{changed.name} ({changed.id!r}): {roles}")
    return 0
