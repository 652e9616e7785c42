"""VTIMEZONEs: one observance per transition, exact onsets, the zoneinfo offsets everywhere."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tripplan.ical.text import render
from tripplan.ical.vtimezone import transitions, vtimezone, window

ZONES = ["Europe/Berlin", "America/New_York", "Europe/Dublin", "Australia/Lord_Howe", "Africa/Casablanca",
         "America/St_Johns", "Asia/Tokyo", "Asia/Kathmandu", "America/Sao_Paulo", "Pacific/Chatham"]
FIRST, LAST = date(2026, 3, 1), date(2028, 3, 1)


def _component(key: str) -> icalendar.Timezone:
    text = "BEGIN:VCALENDAR\r\n" + render(vtimezone(key, FIRST, LAST)) + "END:VCALENDAR\r\n"
    return icalendar.Calendar.from_ical(text).walk("VTIMEZONE")[0]


@pytest.mark.parametrize("key", ZONES)
def test_each_observance_starts_at_the_exact_transition(key: str) -> None:
    zone = ZoneInfo(key)
    tz = _component(key)
    observances = tz.subcomponents
    assert "RDATE" not in tz.to_ical().decode()
    changes = transitions(zone, FIRST, LAST)
    assert len(observances) == len(changes) + 1  # the first marks where the definition starts
    for observance, (onset, before, after) in zip(observances[1:], changes, strict=True):
        assert observance["TZOFFSETFROM"].td == before and observance["TZOFFSETTO"].td == after
        # RFC 5545: DTSTART is local time before the change.
        assert observance["DTSTART"].dt - before == onset.replace(tzinfo=None)
        assert (onset - timedelta(seconds=1)).astimezone(zone).utcoffset() == before
        assert onset.astimezone(zone).utcoffset() == after
        assert observance.name == ("DAYLIGHT" if after > before else "STANDARD")


@pytest.mark.parametrize("key", ZONES)
def test_icalendar_reading_the_vtimezone_agrees_with_zoneinfo(key: str) -> None:
    """Away from the first change in the window (where dateutil-based readers guess), every hour matches."""
    own = _component(key).to_tz(lookup_tzid=False)
    zone = ZoneInfo(key)
    moment = datetime(2026, 9, 1, tzinfo=UTC)
    while moment < datetime(2028, 2, 1, tzinfo=UTC):
        assert moment.astimezone(own).utcoffset() == moment.astimezone(zone).utcoffset(), moment
        moment += timedelta(hours=1)


def test_short_periods_are_not_missed() -> None:
    """Casablanca's Ramadan hour (about five weeks) is in; icalendar's from_tzinfo skips it."""
    changes = transitions(ZoneInfo("Africa/Casablanca"), date(2027, 1, 1), date(2027, 4, 1))
    assert [c[0].date() for c in changes] == [date(2027, 2, 7), date(2027, 3, 14)]


def test_zone_without_changes_has_one_observance() -> None:
    tz = _component("Asia/Tokyo")
    assert len(tz.subcomponents) == 1 and tz.subcomponents[0]["TZOFFSETTO"].td == timedelta(hours=9)


def test_window_covers_a_year_either_side() -> None:
    assert window([date(2027, 3, 8), date(2027, 3, 1)]) == (date(2026, 2, 28), date(2028, 3, 8))
