"""Exports and invites of every trip, written once per session for the independent readers to check."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.ical_helpers import FROZEN, load, trip_files
from tripplan.ical.export import export_calendar
from tripplan.ical.invites import plan_invites, sequences
from tripplan.trip.model import Person, Trip


@dataclass
class Exported:
    """One trip's whole export and invite files, as written to disk."""

    name: str
    trip: Trip
    export: Path
    invites: dict[str, tuple[Person, Path]]  # person id → (person, file)


def organizer_of(trip: Trip) -> Person:
    """Who sends the invites: the traveller ("me"), else the first person with an e-mail (as ``--organizer``)."""
    me = trip.me
    return me if me is not None and me.email else next(p for p in trip.people if p.email)


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> list[Exported]:
    """Every trip exported whole (with to-dos) and as invites, with "now" frozen."""
    result: list[Exported] = []
    for path in trip_files():
        trip = load(path)
        folder = tmp_path_factory.mktemp(path.stem)
        export = folder / "export.ics"
        export.write_bytes(export_calendar(trip, FROZEN, sequences(trip), todos=True).encode("utf-8"))
        invites: dict[str, tuple[Person, Path]] = {}
        if any(p.email for p in trip.people):
            plan = plan_invites(trip, organizer_of(trip), None, FROZEN)
            for files in plan.files:
                target = folder / f"{files.stem}.ics"
                target.write_bytes(files.request_text.encode("utf-8"))
                invites[files.person.id] = (files.person, target)
        result.append(Exported(path.stem, trip, export, invites))
    return result
