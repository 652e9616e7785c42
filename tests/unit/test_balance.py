"""Balance: hours per category within the awake window, DST days, midnight, flights, recurrence, score, warnings."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest

from tests.unit.plan_helpers import BERLIN, LISBON, NEW_YORK, all_day, at, ev, make_trip
from tripplan.planning.balance import Balance, compute_balance, day_score, score_parts
from tripplan.planning.timeline import Timeline
from tripplan.time.zones import zone
from tripplan.trip.model import Category, DayWindow, Event, Targets

H = 3600


def balance_of(trip_events: list[Event], **kw: Any) -> Balance:
    return compute_balance(Timeline(make_trip(trip_events, **kw)))


def hours_of(balance: Balance, day: int, category: Category) -> float:
    found = next(d for d in balance.days if d.day.day == day)
    return found.seconds[category] / H


def codes(balance: Balance) -> list[str]:
    return [f.code for f in balance.findings]


def test_hours_per_category_and_union_of_overlaps() -> None:
    b = balance_of([ev("a", "meeting", at(8, 9), at(8, 12)), ev("b", "workshop", at(8, 11), at(8, 13)),
                    ev("dinner", "meal", at(8, 19), at(8, 21)), ev("nap", "rest", at(8, 14), at(8, 15))])
    assert hours_of(b, 8, Category.WORK) == 4  # 09:00–13:00, the overlap counted once
    assert hours_of(b, 8, Category.BONDING) == 2
    day = b.days[0]
    assert day.scheduled == 7 * H
    assert day.awake == 16 * H
    assert day.bonding_share == pytest.approx(2 / 7)
    # The longest stretch with nothing but rest: 13:00–19:00 (the nap in it is part of the break).
    assert day.longest_break == (int(at(8, 13).timestamp()), int(at(8, 19).timestamp()))


def test_only_the_awake_window_counts() -> None:
    b = balance_of([ev("early", "meeting", at(8, 5), at(8, 8)), ev("late", "meeting", at(8, 22), at(8, 23, 30))])
    assert hours_of(b, 8, Category.WORK) == 2  # 07:00–08:00 and 22:00–23:00


def test_event_crossing_midnight_is_split_between_days() -> None:
    party = [ev("party", "social-outing", at(8, 21), at(9, 1))]
    b = balance_of(party)
    assert hours_of(b, 8, Category.BONDING) == 2 and hours_of(b, 9, Category.BONDING) == 0
    b = balance_of(party, day_window=DayWindow(time(0), time(0)))  # 00:00–24:00
    assert hours_of(b, 8, Category.BONDING) == 3 and hours_of(b, 9, Category.BONDING) == 1


@pytest.mark.parametrize(("day", "awake", "night_hours"), [(28, 23, 2), (31, 25, 4)])
def test_dst_days_have_their_true_length(day: int, awake: int, night_hours: int) -> None:
    # Berlin: clocks go forward on Sun 28 Mar 2027 and back on Sun 31 Oct 2027.
    month = 3 if day == 28 else 10
    start = date(2027, month, day)
    night = ev("night-shift", "meeting", at(day, 1, tz=BERLIN, month=month), at(day, 4, tz=BERLIN, month=month))
    b = balance_of([night], start=start, end=start, tz=BERLIN, day_window=DayWindow(time(0), time(0)))
    assert b.days[0].awake == awake * H
    assert hours_of(b, day, Category.WORK) == night_hours


def test_an_overnight_event_across_spring_forward_has_seven_hours() -> None:
    # Berlin, Sat 27 Mar 22:00 → Sun 28 Mar 06:00: eight hours on the wall, seven pass.
    night = ev("night-shift", "meeting", at(27, 22, tz=BERLIN), at(28, 6, tz=BERLIN))
    assert night.duration == timedelta(hours=7)
    b = balance_of([night], start=date(2027, 3, 27), end=date(2027, 3, 28), tz=BERLIN,
                   day_window=DayWindow(time(0), time(0)))
    assert (hours_of(b, 27, Category.WORK), hours_of(b, 28, Category.WORK)) == (2, 5)
    assert b.seconds[Category.WORK] == 7 * H and b.awake == (24 + 23) * H


def test_the_long_day_in_the_evening_counts_its_repeated_hour() -> None:
    # Santiago, Sat 3 Apr 2027: 24:00 becomes 23:00 again. Drinks from 22:00 to midnight last three hours.
    santiago = zone("America/Santiago")
    drinks = ev("drinks", "social-outing", at(3, 22, tz=santiago, month=4), at(4, 0, tz=santiago, month=4))
    b = balance_of([drinks], start=date(2027, 4, 3), end=date(2027, 4, 3), tz=santiago)
    # A window ending at 23:00 ends at the first 23:00 (the first pass, as every wall time means).
    assert b.days[0].awake == 16 * H and hours_of(b, 3, Category.BONDING) == 1
    b = balance_of([drinks], start=date(2027, 4, 3), end=date(2027, 4, 3), tz=santiago,
                   day_window=DayWindow(time(7), time(0)))
    assert b.days[0].awake == 18 * H and hours_of(b, 3, Category.BONDING) == 3


def test_recurring_events_are_expanded_within_the_trip_across_dst() -> None:
    standup = ev("standup", "meeting", at(26, 9, 30, tz=BERLIN), at(26, 9, 45, tz=BERLIN), repeat="FREQ=DAILY")
    b = balance_of([standup], start=date(2027, 3, 26), end=date(2027, 3, 30), tz=BERLIN)
    assert [d.seconds[Category.WORK] for d in b.days] == [15 * 60] * 5
    assert b.seconds[Category.WORK] == 5 * 15 * 60


def test_cross_zone_flight_counts_in_destination_time() -> None:
    # Leaves New York 18:45 on the 7th, lands in Lisbon 06:30 on the 8th (7 h 45 min).
    flight = ev("flight", "flight", at(7, 18, 45, tz=NEW_YORK), at(8, 6, 30))
    b = balance_of([flight], home=NEW_YORK, day_window=DayWindow(time(0), time(0)))
    assert hours_of(b, 8, Category.LOGISTICS) == 6.5  # 00:00–06:30 Lisbon; the rest was the day before the trip


def test_all_day_events_give_no_hours_but_count_as_culture() -> None:
    museum = all_day("museum-day", "museum", date(2027, 3, 9), date(2027, 3, 10))
    b = balance_of([museum])
    assert b.seconds[Category.CULTURE] == 0
    assert b.culture_outings == 1 and [d.culture for d in b.days] == [False, True, False]
    assert "balance-culture" not in codes(b)


def test_an_all_day_outing_marks_its_own_dates() -> None:
    # A museum day in Tokyo on Tue 9 Mar begins on Mon 8 Mar at 15:00 in Lisbon: it is still the 9th's outing.
    museum = all_day("museum-day", "museum", date(2027, 3, 9), date(2027, 3, 10), tz=zone("Asia/Tokyo"))
    b = balance_of([museum])
    assert b.culture_outings == 1 and [d.culture for d in b.days] == [False, True, False]
    outside = all_day("before", "museum", date(2027, 3, 1), date(2027, 3, 8))  # ends as the trip begins
    assert balance_of([outside]).culture_outings == 0


def test_work_warning_names_the_day_and_a_lighter_day() -> None:
    b = balance_of([ev("marathon", "workshop", at(9, 7), at(9, 18, 30)), ev("dinner", "meal", at(9, 19), at(9, 22)),
                    ev("small", "meeting", at(10, 9), at(10, 10))])
    work = [f for f in b.findings if f.code == "balance-work"]
    assert len(work) == 1
    assert work[0].message == ("Tue 9 Mar: 11 h 30 min of work, over the 10 h limit; move a meeting to Mon 8 Mar "
                               "(no work) or shorten one.")
    assert work[0].day == date(2027, 3, 9)


def test_work_at_the_limit_does_not_warn() -> None:
    b = balance_of([ev("ten-hours", "meeting", at(8, 8), at(8, 18)), ev("dinner", "meal", at(8, 19), at(8, 21))])
    assert "balance-work" not in codes(b)


def test_bonding_warning_points_at_the_free_evening() -> None:
    b = balance_of([ev("work", "meeting", at(10, 8), at(10, 19))])
    bonding = [f for f in b.findings if f.code == "balance-bonding"]
    # The hint is what `tripplan suggest` proposes for that evening (issue 17, point 8).
    assert [f.message for f in bonding] == ["Wed 10 Mar: 11 h of work and no bonding time; 'tripplan suggest' "
                                            "proposes 'Team dinner' on Wed 10 Mar 19:30–21:30."]


def test_bonding_below_share_and_above_share() -> None:
    low = balance_of([ev("work", "meeting", at(8, 9), at(8, 18)),
                      ev("coffee", "social-outing", at(8, 18), at(8, 18, 30))])
    assert [f.message for f in low.findings if f.code == "balance-bonding"] == [
        "Mon 8 Mar: 30 min of bonding is 5 % of the scheduled 9 h 30 min (target 15 %); 'tripplan suggest' "
        "proposes 'Team dinner' on Mon 8 Mar 19:00–21:00."]
    ok = balance_of([ev("work", "meeting", at(8, 9), at(8, 18)), ev("dinner", "meal", at(8, 19), at(8, 21))])
    assert "balance-bonding" not in codes(ok)


def test_bonding_target_does_not_apply_to_travel_or_free_days() -> None:
    b = balance_of([ev("train", "train", at(8, 9), at(8, 15)), ev("short", "meeting", at(9, 9), at(9, 9, 30))])
    assert "balance-bonding" not in codes(b)
    assert not b.days[0].bonding_applies and not b.days[1].bonding_applies


def test_rest_warning_and_its_absence() -> None:
    busy = [ev("am", "meeting", at(8, 7), at(8, 12, 25)), ev("pm", "workshop", at(8, 13), at(8, 19)),
            ev("dinner", "meal", at(8, 19), at(8, 23))]
    b = balance_of(busy)
    rest = [f for f in b.findings if f.code == "balance-rest"]
    assert [f.message for f in rest] == [
        "Mon 8 Mar: no free or rest block of 1 h between 07:00–23:00 (the longest is 35 min, 12:25–13:00); "
        "shorten or move an event to make room."]
    # A rest event is a break, not busy time.
    b = balance_of([*busy[:2], ev("walk", "rest", at(8, 19), at(8, 20)), ev("dinner", "meal", at(8, 20), at(8, 23))])
    assert "balance-rest" not in codes(b)
    assert "balance-rest" not in codes(balance_of(busy, targets=Targets(rest_minutes_min=0)))


def test_culture_target_on_long_trips_only() -> None:
    b = balance_of([ev("work", "meeting", at(8, 9), at(8, 17))])
    culture = [f for f in b.findings if f.code == "balance-culture"]
    assert len(culture) == 1 and culture[0].day is None
    assert culture[0].message.startswith("No cultural outing in 3 days (target: one on trips of 3 days or more); "
                                         "'tripplan suggest' proposes 'Walking tour of the old town' on Tue 9 Mar "
                                         "09:00–10:30")
    short = balance_of([], end=date(2027, 3, 9))
    assert "balance-culture" not in codes(short)
    assert "balance-culture" not in codes(balance_of([], targets=Targets(culture_min_days=0)))
    tour = balance_of([ev("tour", "tour", at(9, 18), at(9, 20))])
    assert "balance-culture" not in codes(tour) and tour.culture_outings == 1


def test_score_definition() -> None:
    # The worked example of docs/planning.md.
    parts = score_parts(work=11 * H, bonding=30 * 60, scheduled=12 * H, applies=True, rest=2 * H, targets=Targets())
    assert parts == pytest.approx({"bonding": (0.5 / 12) / 0.15, "work": 0.75, "rest": 1.0})
    assert day_score(parts) == 64
    assert day_score(score_parts(0, 0, 0, False, 16 * H, Targets())) == 100


def test_trip_score_combines_days_and_culture() -> None:
    clean = balance_of([ev("museum", "museum", at(9, 10), at(9, 12))])
    assert clean.score == 100
    no_culture = balance_of([])
    assert no_culture.score == 90
    assert [d.score for d in no_culture.days] == [100, 100, 100]


def test_findings_are_per_day_and_in_day_order() -> None:
    b = balance_of([ev(f"work-{d}", "meeting", at(d, 8), at(d, 19)) for d in (10, 8)])
    days = [f.day for f in b.findings if f.code == "balance-bonding"]
    assert days == [date(2027, 3, 8), date(2027, 3, 10)]


def test_lisbon_zone_constant_is_used() -> None:
    assert make_trip().timezone is LISBON
