"""The edit session: undo/redo of every change, the unsaved flag, safe saving, conflicts, reload."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import DATA
from tripplan.edit.session import (
    EditSession,
    EventChange,
    InvalidTripError,
    TheirsUndoneError,
    check_event,
    shift_event,
)
from tripplan.errors import ConflictError, TripFileError
from tripplan.files.storage import read_trip
from tripplan.time.zones import zone
from tripplan.trip.model import Event, Kind, Trip

LISBON = zone("Europe/Lisbon")


@pytest.fixture
def trip_file(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_bytes((DATA / "good" / "small.toml").read_bytes())
    return path


def _event(ident: str = "new", title: str = "Coffee with Ana", hour: int = 15) -> Event:
    return Event.timed(id=ident, title=title, kind=Kind.MEAL, start=datetime(2027, 3, 9, hour, 0, tzinfo=LISBON),
                 end=datetime(2027, 3, 9, hour + 1, 0, tzinfo=LISBON), attendees=["ana-ruiz"])


def _titles(trip: Trip) -> list[str]:
    return sorted(e.title for e in trip.events)


def test_open_is_clean_and_has_no_history(trip_file: Path) -> None:
    session = EditSession.open(trip_file)
    assert not session.dirty and not session.can_undo and not session.can_redo
    assert session.undo() is None and session.redo() is None


def test_add_edit_delete_undo_redo_many_steps(trip_file: Path) -> None:
    session = EditSession.open(trip_file)
    original = _titles(session.trip)
    session.add_event(_event())
    session.replace_event(replace(_event(), title="Coffee, Ana"))
    session.delete_event("kickoff")
    assert "Coffee, Ana" in _titles(session.trip) and "Kick-off at Acme" not in _titles(session.trip)
    assert session.dirty and session.undo_label == "delete “Kick-off at Acme”"
    for _ in range(3):
        session.undo()
    assert _titles(session.trip) == original and not session.dirty
    for _ in range(3):
        session.redo()
    assert "Coffee, Ana" in _titles(session.trip) and session.dirty
    assert not session.can_redo


def test_edit_keeps_the_event_in_its_place(trip_file: Path) -> None:
    session = EditSession.open(trip_file)
    before = [e.id for e in session.trip.events]
    session.replace_event(replace(session.trip.events[1], title="Daily stand-up"))
    assert [e.id for e in session.trip.events] == before


def test_new_change_after_undo_drops_redo(trip_file: Path) -> None:
    session = EditSession.open(trip_file)
    session.add_event(_event("a"))
    session.undo()
    session.add_event(_event("b", "Tea"))
    assert not session.can_redo and session.trip.event("a") is None and session.trip.event("b") is not None


def test_move_by_quarter_hour_and_day_in_wall_time(trip_file: Path) -> None:
    session = EditSession.open(trip_file)
    moved = session.move_event("kickoff", timedelta(minutes=15))
    assert (moved.local_start.hour, moved.local_start.minute) == (10, 15)
    moved = session.move_event("kickoff", timedelta(days=-1))
    assert moved.local_start.date().day == 8 and session.undo_label == "move “Kick-off at Acme” −1 day"
    session.undo()
    session.undo()
    assert session.trip.event("kickoff").local_start.hour == 10  # type: ignore[union-attr]


def test_move_across_dst_keeps_wall_time() -> None:
    berlin = zone("Europe/Berlin")
    event = Event.timed(id="x", title="Stand-up", kind=Kind.MEETING, start=datetime(2027, 3, 27, 9, 30, tzinfo=berlin),
                  end=datetime(2027, 3, 27, 9, 45, tzinfo=berlin),
                  exdates=[datetime(2027, 3, 29, 9, 30, tzinfo=berlin)])
    moved = shift_event(event, timedelta(days=1))
    assert moved.local_start.hour == 9 and moved.local_start.utcoffset() == timedelta(hours=2)
    assert moved.exdates[0].astimezone(berlin).day == 30


def test_move_into_dst_gap_uses_elapsed_time() -> None:
    berlin = zone("Europe/Berlin")
    event = Event.timed(id="x", title="Late", kind=Kind.REST, start=datetime(2027, 3, 28, 1, 45, tzinfo=berlin),
                  end=datetime(2027, 3, 28, 3, 30, tzinfo=berlin))
    moved = shift_event(event, timedelta(minutes=30))
    assert moved.local_start.hour == 3 and moved.local_start.minute == 15  # 02:15 does not exist that night


def test_duplicate_gets_a_new_id_and_undoes(trip_file: Path) -> None:
    session = EditSession.open(trip_file)
    copy_ = session.duplicate_event("dinner", timedelta(days=1))
    assert copy_.id != "dinner" and copy_.local_start.day == 10 and copy_.attendees == ("ana-ruiz",)
    session.undo()
    assert session.trip.event(copy_.id) is None


def test_save_writes_atomically_and_marks_clean(trip_file: Path) -> None:
    session = EditSession.open(trip_file)
    session.add_event(_event())
    session.save()
    assert not session.dirty
    assert read_trip(trip_file)[0].event("new") is not None
    assert trip_file.with_name("small.toml.bak").exists()
    session.undo()
    assert session.dirty  # the file has the event; the session no longer does
    session.redo()
    assert not session.dirty


def test_save_conflict_when_someone_else_changed_the_file(trip_file: Path) -> None:
    session = EditSession.open(trip_file)
    session.add_event(_event())
    theirs = trip_file.read_text(encoding="utf-8").replace("Dinner with Ana", "Dinner with Ana and Rui")
    trip_file.write_text(theirs, encoding="utf-8")
    assert session.changed_on_disk()
    with pytest.raises(ConflictError):
        session.save()
    assert trip_file.read_text(encoding="utf-8") == theirs  # never clobbered
    assert session.dirty


def test_conflict_overwrite(trip_file: Path) -> None:
    session = EditSession.open(trip_file)
    session.add_event(_event())
    trip_file.write_text(trip_file.read_text(encoding="utf-8") + "\n# theirs\n", encoding="utf-8")
    session.overwrite()
    assert read_trip(trip_file)[0].event("new") is not None and not session.dirty


def test_conflict_reload_theirs_is_undoable(trip_file: Path) -> None:
    session = EditSession.open(trip_file)
    session.add_event(_event())
    theirs = trip_file.read_text(encoding="utf-8").replace("Dinner with Ana", "Dinner with Ana and Rui")
    trip_file.write_text(theirs, encoding="utf-8")
    session.reload()
    assert not session.dirty and session.trip.event("new") is None
    assert session.trip.event("dinner").title == "Dinner with Ana and Rui"  # type: ignore[union-attr]
    session.undo()  # my version comes back, unsaved
    assert session.dirty and session.trip.event("new") is not None and session.replaces_theirs
    with pytest.raises(TheirsUndoneError):
        session.save()  # it would put mine over theirs: the caller must ask first
    assert trip_file.read_text(encoding="utf-8") == theirs
    session.save(replace_theirs=True)  # the user chose to
    assert read_trip(trip_file)[0].event("new") is not None and not session.replaces_theirs


def test_edits_after_undoing_a_reload_still_ask_and_a_newer_file_is_never_replaced(trip_file: Path) -> None:
    session = EditSession.open(trip_file)
    session.add_event(_event())
    trip_file.write_text(trip_file.read_text(encoding="utf-8") + "\n# theirs\n", encoding="utf-8")
    session.reload()
    session.undo()
    session.apply(EventChange("rename", (session.trip.event("new"),),  # type: ignore[arg-type]
                              (replace(_event(), title="Renamed"),)))
    assert not session.can_redo and session.replaces_theirs  # the reload cannot come back; still mine over theirs
    with pytest.raises(TheirsUndoneError):
        session.save()
    newer = trip_file.read_text(encoding="utf-8") + "# newer\n"
    trip_file.write_text(newer, encoding="utf-8")
    with pytest.raises(ConflictError) as refused:
        session.save(replace_theirs=True)  # checked against the file as reloaded
    assert not isinstance(refused.value, TheirsUndoneError)
    assert trip_file.read_text(encoding="utf-8") == newer
    session.save_as(trip_file.with_name("mine.toml"))  # a new file replaces nobody's version
    assert not session.replaces_theirs


def test_reload_of_a_broken_file_keeps_mine(trip_file: Path) -> None:
    session = EditSession.open(trip_file)
    session.add_event(_event())
    trip_file.write_text("schema_version = 1\n[trip]\nname = 3\n", encoding="utf-8")
    with pytest.raises(TripFileError):
        session.reload()
    assert session.trip.event("new") is not None and session.dirty


def test_save_as_new_file_then_edit_that(trip_file: Path, tmp_path: Path) -> None:
    session = EditSession.open(trip_file)
    session.add_event(_event())
    other = tmp_path / "copy.toml"
    session.save_as(other)
    assert session.path == other and not session.dirty
    assert read_trip(trip_file)[0].event("new") is None
    with pytest.raises(ConflictError):
        session.save_as(trip_file)  # exists: never replaced by save-as


def test_invalid_trip_is_not_written(trip_file: Path) -> None:
    session = EditSession.open(trip_file)
    before = trip_file.read_bytes()
    session.add_event(replace(_event(), attendees=["nobody"]))
    with pytest.raises(InvalidTripError, match="nobody"):
        session.save()
    assert trip_file.read_bytes() == before


def test_create_new_file(tmp_path: Path) -> None:
    trip = Trip(name="Porto", timezone=LISBON, home_timezone=zone("UTC"),
                start=datetime(2027, 5, 3).date(), end=datetime(2027, 5, 4).date())
    path = tmp_path / "porto.toml"
    session = EditSession.create(trip, path)
    assert path.exists() and not session.dirty
    with pytest.raises(ConflictError):
        EditSession.create(trip, path)


def test_check_event_uses_the_file_rules(trip_file: Path) -> None:
    trip = EditSession.open(trip_file).trip
    assert check_event(trip, _event()) == []
    bad = replace(_event(), repeat="FREQ=SOMETIMES", attendees=["bob"])
    paths = {p.path for p in check_event(trip, bad)}
    assert {"repeat", "attendees[0]"} <= paths


def test_undo_history_is_bounded(trip_file: Path) -> None:
    from tripplan.edit import session as editing

    session = EditSession.open(trip_file)
    for i in range(editing.MAX_UNDO + 5):
        session.move_event("kickoff", timedelta(minutes=15 if i % 2 else -15))
    assert len(session._undo) == editing.MAX_UNDO
    while session.undo():
        pass
    assert session.dirty  # the saved state fell off the history
