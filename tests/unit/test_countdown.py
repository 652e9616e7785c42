"""The countdown wording of Today (tripplan.time.countdown) and home time naming its own day (tui.today_text)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tripplan.time.countdown import between, span_words, trip_starts, until
from tripplan.tui.today_text import home_range

LISBON, NEW_YORK = ZoneInfo("Europe/Lisbon"), ZoneInfo("America/New_York")
NOW = datetime(2027, 2, 14, 9, 8, tzinfo=UTC)


@pytest.mark.parametrize(("span", "words"), [
    (timedelta(0), "less than a minute"),
    (timedelta(seconds=59), "less than a minute"),
    (timedelta(seconds=-30), "less than a minute"),  # already passed: no negative wait
    (timedelta(minutes=1), "1 min"),
    (timedelta(minutes=59, seconds=59), "59 min"),  # cut down, never rounded up to an hour
    (timedelta(hours=1), "1 h"),
    (timedelta(hours=5, minutes=20), "5 h 20 min"),
    (timedelta(hours=23, minutes=59), "23 h 59 min"),
    (timedelta(days=1), "1 day"),
    (timedelta(days=1, hours=4, minutes=30), "1 day 4 h"),
    (timedelta(days=2, hours=23), "2 days"),
    (timedelta(days=6, hours=23, minutes=59), "6 days"),
    (timedelta(days=7), "1 week"),
    (timedelta(days=8), "1 week 1 day"),
    (timedelta(days=23, hours=14, minutes=52), "3 weeks 2 days"),
    (timedelta(hours=2303, minutes=52), "13 weeks 4 days"),  # the 'in 2303 h 52 min': 95 days 23 h
])
def test_span_words(span: timedelta, words: str) -> None:
    assert span_words(span) == words


@pytest.mark.parametrize(("now", "moment", "words"), [
    # Lisbon springs forward on Sun 28 Mar 2027 at 01:00 UTC: noon to noon by the wall clock is 23 h.
    (datetime(2027, 3, 27, 12, 0, tzinfo=LISBON), datetime(2027, 3, 28, 12, 0, tzinfo=LISBON), "in 23 h"),
    # ... and falls back on Sun 31 Oct 2027: noon to noon is 25 h.
    (datetime(2027, 10, 30, 12, 0, tzinfo=LISBON), datetime(2027, 10, 31, 12, 0, tzinfo=LISBON), "in 1 day 1 h"),
    # New York springs forward on Sun 14 Mar 2027: 01:30 EST to 03:30 EDT is one hour.
    (datetime(2027, 3, 14, 1, 30, tzinfo=NEW_YORK), datetime(2027, 3, 14, 3, 30, tzinfo=NEW_YORK), "in 1 h"),
    # Two zones: 09:00 in New York is 14:00 in Lisbon (both on standard time).
    (datetime(2027, 3, 1, 9, 0, tzinfo=NEW_YORK), datetime(2027, 3, 1, 14, 25, tzinfo=LISBON), "in 25 min"),
])
def test_until_counts_instants_across_clock_changes(now: datetime, moment: datetime, words: str) -> None:
    assert until(now, moment) == words
    naive_wall = moment - now  # what Python gives for one zone: wall-clock difference, offsets ignored
    assert between(now, moment) == moment.astimezone(UTC) - now.astimezone(UTC)
    if now.tzinfo is moment.tzinfo:
        assert naive_wall != between(now, moment)  # the cases are the ones where doing it on wall times is wrong


def test_trip_starts_gives_the_date_and_weeks_and_days() -> None:
    begins = datetime(2027, 3, 8, 0, 0, tzinfo=LISBON)
    assert trip_starts(date(2027, 3, 8), begins, datetime(2027, 2, 13, 0, 0, tzinfo=UTC)) == \
        "starts Mon 8 Mar 2027 — in 3 weeks 2 days"
    assert trip_starts(date(2027, 3, 8), begins, datetime(2027, 3, 7, 19, 30, tzinfo=UTC)) == \
        "starts Mon 8 Mar 2027 — in 4 h 30 min"
    assert trip_starts(date(2027, 3, 8), begins, datetime(2027, 3, 7, 23, 50, tzinfo=UTC)) == \
        "starts Mon 8 Mar 2027 — in 10 min"


def test_home_time_of_an_overnight_flight_names_its_own_days() -> None:
    # TP 210 New York → Lisbon: leaves Sun 7 Mar 20:00 EST (Mon 01:00 in Lisbon), lands Mon 07:45 WET.
    start, end = datetime(2027, 3, 8, 1, 0, tzinfo=UTC), datetime(2027, 3, 8, 7, 45, tzinfo=UTC)
    assert start.astimezone(NEW_YORK).date() == date(2027, 3, 7) != start.astimezone(LISBON).date()
    assert home_range(start, end, LISBON, NEW_YORK) == "Sun 20:00–Mon 02:45 EST"
    # Lisbon → New York, the evening one: Fri 22:05 WET, lands Sat 00:40 EST; at home Fri 17:05 – Fri 19:40.
    start, end = datetime(2027, 3, 12, 22, 5, tzinfo=UTC), datetime(2027, 3, 13, 5, 40, tzinfo=UTC)
    assert home_range(start, end, LISBON, NEW_YORK) == "17:05–Sat 00:40 EST"
    # Seen from New York with Lisbon as home: the date at home is already Saturday at the start.
    assert home_range(start, end, NEW_YORK, LISBON) == "22:05–Sat 05:40 WET"
    # A late call from New York with Lisbon as home: Fri 21:30 EST is already Saturday at home.
    late = datetime(2027, 3, 13, 2, 30, tzinfo=UTC)
    assert home_range(late, late + timedelta(hours=1), NEW_YORK, LISBON) == "Sat 02:30–03:30 WET"
    # The same date in both zones: no day names at all.
    assert home_range(datetime(2027, 3, 9, 13, tzinfo=UTC), datetime(2027, 3, 9, 14, 30, tzinfo=UTC),
                      LISBON, NEW_YORK) == "08:00–09:30 EST"


def test_home_time_on_the_day_the_home_clock_changes_tags_each_end() -> None:
    # New York springs forward on Sun 14 Mar 2027 at 07:00 UTC: each end names its own offset.
    start, end = datetime(2027, 3, 14, 6, 30, tzinfo=UTC), datetime(2027, 3, 14, 7, 30, tzinfo=UTC)
    assert home_range(start, end, LISBON, NEW_YORK) == "01:30 EST–03:30 EDT"
