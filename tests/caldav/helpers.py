"""Reading and changing the server's calendar as a colleague's calendar app would, with the caldav client."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from caldav.collection import Calendar
from caldav.davclient import DAVClient

from tests.caldav.radicale_server import PASSWORD
from tripplan.files.storage import read_trip
from tripplan.ical.export import event_uid
from tripplan.trip.model import Event, Trip


@contextmanager
def calendar(url: str, user: str = "alice", password: str = PASSWORD) -> Iterator[Any]:
    """The calendar at *url*, through the caldav library (typed Any: the library types sync and async as one)."""
    with DAVClient(url=url, username=user, password=password, enable_rfc6764=False) as client:
        yield Calendar(client=client, url=url)


def server_events(url: str) -> dict[str, Any]:
    """UID → icalendar VEVENT of every event in the calendar."""
    with calendar(url) as cal:
        return {str(obj.icalendar_component["UID"]): obj.icalendar_component for obj in cal.events()}


def edit_on_server(url: str, uid: str, **changes: Any) -> None:
    """Change one event on the server (as a colleague moving the dinner in their app)."""
    with calendar(url) as cal:
        obj = cal.event_by_uid(uid)
        component = obj.icalendar_component
        for key, value in changes.items():
            name = key.upper()
            component.pop(name, None)
            component.add(name, value)
        obj.save()


def delete_on_server(url: str, uid: str) -> None:
    """Delete one event on the server."""
    with calendar(url) as cal:
        cal.event_by_uid(uid).delete()


def assert_same_events(trip: Trip, found: dict[str, Any]) -> None:
    """Every event of *trip* is on the server once, with the same title and the same instants."""
    expected = {event_uid(trip, e.id): e for e in trip.events}
    assert set(found) == set(expected)
    for uid, event in expected.items():
        vevent = found[uid]
        assert str(vevent["SUMMARY"]) == event.title
        _same_time(vevent["DTSTART"].dt, event.start_utc, event.first_day, event)
        _same_time(vevent["DTEND"].dt, event.end_utc, event.end_day, event)
        assert ("RRULE" in vevent) == bool(event.repeat)


def _same_time(value: date | datetime, moment: datetime, day: date, event: Event) -> None:
    """The server's DTSTART/DTEND is the event's date (all-day) or the same instant (compared in UTC)."""
    if event.all_day:
        assert not isinstance(value, datetime) and value == day
    else:
        assert isinstance(value, datetime) and value.tzinfo is not None and value.astimezone(UTC) == moment


def load(path: Path) -> Trip:
    """The trip in *path*."""
    return read_trip(path)[0]


def writes(log: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The requests of a publish that changed something on the server."""
    return [(method, status) for method, status in log if method in ("PUT", "DELETE", "MKCALENDAR", "PROPPATCH")]
