"""Tests for tripplan.time.entry: natural time entry relative to a trip."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tripplan.time.entry import (
    ACCEPTED_FORMS,
    TimeContext,
    TimeEntryError,
    parse_duration,
    parse_end,
    parse_when,
)

LISBON = ZoneInfo("Europe/Lisbon")
BERLIN = ZoneInfo("Europe/Berlin")
# Mon 2027-03-08 .. Fri 2027-03-12, looking at Tue 2027-03-09.
CTX = TimeContext(date(2027, 3, 8), date(2027, 3, 12), LISBON, focus=date(2027, 3, 9))
# Fri 2027-03-26 .. Tue 2027-03-30: clocks go forward on Sun 2027-03-28.
SPRING = TimeContext(date(2027, 3, 26), date(2027, 3, 30), LISBON, focus=date(2027, 3, 27))
# Fri 2027-10-29 .. Tue 2027-11-02: clocks go back on Sun 2027-10-31.
AUTUMN = TimeContext(date(2027, 10, 29), date(2027, 11, 2), LISBON)

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def at(day: int, hour: int, minute: int = 0, *, month: int = 3, tz: ZoneInfo = LISBON) -> datetime:
    return datetime(2027, month, day, hour, minute, tzinfo=tz)


def quoted(text: str) -> str:
    """How error messages quote the input: stripped, shortened, repr()."""
    shown = text.strip()
    return repr(shown if len(shown) <= 40 else shown[:40] + "...")


def same(got: datetime, want: datetime) -> None:
    """Same instant, same wall time and fold, and in the trip's zone."""
    assert got == want
    assert got.tzinfo is want.tzinfo
    assert (got.replace(tzinfo=None), got.fold) == (want.replace(tzinfo=None), want.fold)


# --- parse_when -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("tue 19:30", at(9, 19, 30)),
        ("tuesday 7:30pm", at(9, 19, 30)),
        ("Tue 9am", at(9, 9)),
        ("  TUE    19:30 ", at(9, 19, 30)),
        ("tues 19:30", at(9, 19, 30)),
        ("tue at 19:30", at(9, 19, 30)),
        ("wed 08:15", at(10, 8, 15)),
        ("Friday 6pm", at(12, 18)),
        ("tomorrow 9am", at(10, 9)),
        ("today 14:00", at(9, 14)),
        ("yesterday 8:00", at(8, 8)),
        ("day 1 00:00", at(8, 0)),
        ("day 2 14:00", at(9, 14)),
        ("day 5 23:59", at(12, 23, 59)),
        ("2027-03-10 09:00", at(10, 9)),
        ("2027-03-10T09:00", at(10, 9)),
        ("2027-3-10 9:00", at(10, 9)),
        ("10 mar 19:30", at(10, 19, 30)),
        ("mar 10 19:30", at(10, 19, 30)),
        ("March 10 7:30 pm", at(10, 19, 30)),
        ("10 March 2027 19:30", at(10, 19, 30)),
        ("mar 10, 2027 19:30", at(10, 19, 30)),
        ("10th mar 19:30", at(10, 19, 30)),
        ("2027-04-02 10:00", at(2, 10, month=4)),
        ("19:30", at(9, 19, 30)),
        ("9.30", at(9, 9, 30)),
        ("7pm", at(9, 19)),
        ("7 pm", at(9, 19)),
        ("7:30 pm", at(9, 19, 30)),
        ("7.30 P.M.", at(9, 19, 30)),
        ("12am", at(9, 0)),
        ("12pm", at(9, 12)),
        ("12:15am", at(9, 0, 15)),
        ("noon", at(9, 12)),
        ("midnight", at(9, 0)),
        ("tue noon", at(9, 12)),
        ("0:00", at(9, 0)),
        ("23:59", at(9, 23, 59)),
        ("at 7pm", at(9, 19)),
        ("tue\u00a019:30", at(9, 19, 30)),
    ],
)
def test_when_forms(text: str, want: datetime) -> None:
    same(parse_when(text, CTX), want)


@pytest.mark.parametrize(
    ("focus", "text", "want_day"),
    [
        # On or after the focus day, within the trip.
        (date(2027, 3, 9), "tue 10:00", date(2027, 3, 9)),
        (date(2027, 3, 9), "thu 10:00", date(2027, 3, 11)),
        (date(2027, 3, 10), "fri 10:00", date(2027, 3, 12)),
        # None left in [focus, trip_end]: the first one in the trip.
        (date(2027, 3, 9), "mon 10:00", date(2027, 3, 8)),
        (date(2027, 3, 12), "wed 10:00", date(2027, 3, 10)),
        # The trip has no such weekday: the next one from the focus day.
        (date(2027, 3, 9), "sat 10:00", date(2027, 3, 13)),
        (date(2027, 3, 9), "sunday 10:00", date(2027, 3, 14)),
        # Focus before the trip: still the first one within the trip.
        (date(2027, 3, 1), "wed 10:00", date(2027, 3, 10)),
        (date(2027, 3, 1), "mon 10:00", date(2027, 3, 8)),
        # Focus after the trip: back into the trip.
        (date(2027, 3, 20), "tue 10:00", date(2027, 3, 9)),
    ],
)
def test_weekday_rules(focus: date, text: str, want_day: date) -> None:
    ctx = TimeContext(CTX.trip_start, CTX.trip_end, LISBON, focus=focus)
    got = parse_when(text, ctx)
    assert got.date() == want_day
    assert (got.hour, got.minute) == (10, 0)


def test_focus_defaults_to_trip_start() -> None:
    ctx = TimeContext(date(2027, 3, 8), date(2027, 3, 12), LISBON)
    assert ctx.focus_day == date(2027, 3, 8)
    same(parse_when("today 9:00", ctx), at(8, 9))
    same(parse_when("19:00", ctx), at(8, 19))
    same(parse_when("yesterday 9:00", ctx), at(7, 9))


def test_trip_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="before trip_start"):
        TimeContext(date(2027, 3, 8), date(2027, 3, 7), LISBON)


@pytest.mark.parametrize("text", ["day 0 10:00", "day 6 10:00", "day 999 10:00"])
def test_day_n_outside_trip_names_length(text: str) -> None:
    with pytest.raises(TimeEntryError, match="the trip has 5 day") as info:
        parse_when(text, CTX)
    assert repr(text) in str(info.value)


def test_month_day_without_year_is_nearest_the_trip() -> None:
    new_year = TimeContext(date(2026, 12, 28), date(2027, 1, 3), LISBON)
    assert parse_when("jan 2 10:00", new_year).date() == date(2027, 1, 2)
    assert parse_when("30 dec 10:00", new_year).date() == date(2026, 12, 30)
    assert parse_when("feb 1 10:00", new_year).date() == date(2027, 2, 1)
    assert parse_when("dec 1 10:00", new_year).date() == date(2026, 12, 1)
    # Feb 29 exists only in the leap year next to the trip.
    assert parse_when("feb 29 10:00", CTX).date() == date(2028, 2, 29)
    # An explicit year is taken as given.
    assert parse_when("2031-03-10 10:00", CTX).date() == date(2031, 3, 10)


@pytest.mark.parametrize("text", ["tue", "Tuesday", "day 3", "2027-03-10", "10 mar", "mar 10", "tomorrow"])
def test_date_alone_asks_for_a_time(text: str) -> None:
    with pytest.raises(TimeEntryError, match="give a time too") as info:
        parse_when(text, CTX)
    assert ACCEPTED_FORMS in str(info.value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("25:00", "hour must be 0 to 23"),
        ("tue 24:00", "hour must be 0 to 23"),
        ("13pm", "hour must be 1 to 12"),
        ("0am", "hour must be 1 to 12"),
        ("19:60", "minutes must be 00 to 59"),
        ("2027-02-30 10:00", "no such date"),
        ("feb 30 10:00", "no such date"),
        ("0000-01-01 10:00", "no such date"),
    ],
)
def test_bad_values(text: str, reason: str) -> None:
    with pytest.raises(TimeEntryError, match=reason) as info:
        parse_when(text, CTX)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "5",
        "0930",
        "9",
        "march",
        "soon",
        "tue tue 19:30",
        "19:30 tue",
        "next tue 19:30",
        "day 19:30",
        "day -1 10:00",
        "mar 10 2027",
        "10 foo 19:30",
        "tue 19:30:00",
        "tue 19h30",
        "2027-03-10 09:00+01:00",
        "99999999999999999999 19:30",
        "t\u00fce 19:30",
        "\u0663:\u0663\u0660",  # Arabic-Indic digits
        "\uff54\uff55\uff45 19:30",  # fullwidth "tue"
        "\u212a 19:30",  # Kelvin sign, which lower() turns into ASCII "k"
        "tue\x0019:30",
        "at",
        "x" * 10_000,
    ],
)
def test_garbage_is_rejected_with_forms(text: str) -> None:
    with pytest.raises(TimeEntryError) as info:
        parse_when(text, CTX)
    message = str(info.value)
    assert message.startswith(quoted(text) + ": ")
    assert message.endswith(ACCEPTED_FORMS)
    assert len(message) < len(ACCEPTED_FORMS) + 200


def test_error_keeps_text_and_reason() -> None:
    with pytest.raises(TimeEntryError) as info:
        parse_when("day 9 10:00", CTX)
    assert info.value.text == "day 9 10:00"
    assert info.value.reason.startswith("there is no day 9")
    assert isinstance(info.value, ValueError)


# --- DST --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["sun 01:30", "2027-03-28 01:00", "day 3 1:59am"])
def test_wall_time_in_spring_gap_is_rejected(text: str) -> None:
    with pytest.raises(TimeEntryError, match="clocks go forward") as info:
        parse_when(text, SPRING)
    assert "does not exist on 2027-03-28 in Europe/Lisbon" in str(info.value)
    assert "use 00:59 or 02:00" in str(info.value)  # the nearest times that exist


def test_spring_gap_depends_on_zone() -> None:
    berlin = TimeContext(SPRING.trip_start, SPRING.trip_end, BERLIN)
    same(parse_when("sun 01:30", berlin), at(28, 1, 30, tz=BERLIN))
    with pytest.raises(TimeEntryError, match="02:30 does not exist"):
        parse_when("sun 02:30", berlin)


def test_times_around_spring_gap() -> None:
    before, after = parse_when("sun 00:59", SPRING), parse_when("sun 02:00", SPRING)
    assert before.utcoffset() == timedelta(0)
    assert after.utcoffset() == timedelta(hours=1)
    # Same-zone subtraction is wall-clock; the real gap is one minute.
    assert after.astimezone(UTC) - before.astimezone(UTC) == timedelta(minutes=1)


def test_ambiguous_time_is_first_occurrence() -> None:
    got = parse_when("sun 01:30", AUTUMN)
    same(got, at(31, 1, 30, month=10))
    assert got.fold == 0
    assert got.utcoffset() == timedelta(hours=1)  # still summer time
    assert got.astimezone(UTC) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


# --- parse_duration -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90m", 90),
        ("90 min", 90),
        ("90 mins", 90),
        ("1h30", 90),
        ("1h 30", 90),
        ("1h30m", 90),
        ("1h 30m", 90),
        ("1 h 30 min", 90),
        ("1 hour 30 minutes", 90),
        ("2h", 120),
        ("2 hours", 120),
        ("2 hrs", 120),
        ("1.5h", 90),
        ("0.25 h", 15),
        ("2.5 hours", 150),
        ("45 minutes", 45),
        ("1 minute", 1),
        ("0:45", 45),
        ("1:30", 90),
        ("26:00", 26 * 60),
        ("1d", 24 * 60),
        ("2 days", 2 * 24 * 60),
        ("1d2h30m", 24 * 60 + 150),
        ("14d", 14 * 24 * 60),
        ("336h", 14 * 24 * 60),
        (" 45   MIN ", 45),
    ],
)
def test_durations(text: str, minutes: int) -> None:
    assert parse_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0m", "more than 0"),
        ("0:00", "more than 0"),
        ("0h", "more than 0"),
        ("0.001h", "more than 0"),
        ("14d 1m", "at most 14 days"),
        ("15 days", "at most 14 days"),
        ("99999m", "at most 14 days"),
        ("1:75", "minutes must be 00 to 59"),
        ("90", "not a recognised duration"),
        ("h", "not a recognised duration"),
        ("m30", "not a recognised duration"),
        ("30m 1h", "not a recognised duration"),
        ("1.5m", "not a recognised duration"),
        ("-5m", "not a recognised duration"),
        ("1e3m", "not a recognised duration"),
        ("", "not a recognised duration"),
        ("tue 19:30", "not a recognised duration"),
    ],
)
def test_bad_durations(text: str, reason: str) -> None:
    with pytest.raises(TimeEntryError, match=reason) as info:
        parse_duration(text)
    assert repr(text.strip()) in str(info.value)


# --- parse_end ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "text", "want"),
    [
        (at(9, 19), "2h", at(9, 21)),
        (at(9, 19), "90 min", at(9, 20, 30)),
        (at(9, 19), "for 1h30", at(9, 20, 30)),
        (at(9, 19), "for 0:45", at(9, 19, 45)),
        (at(9, 19), "until 21:00", at(9, 21)),
        (at(9, 19), "till 9pm", at(9, 21)),
        (at(9, 19), "to 21:00", at(9, 21)),
        (at(9, 19), "til 21:30", at(9, 21, 30)),
        (at(9, 22), "until 2027-03-10 01:00", at(10, 1)),
        (at(9, 22), "until wed 01:00", at(10, 1)),
        (at(9, 22), "until midnight", at(10, 0)),
        (at(9, 22), "midnight", at(10, 0)),
        (at(9, 22), "00:00", at(10, 0)),
        (at(9, 22), "12am", at(10, 0)),
        (at(9, 19), "until tomorrow 19:00", at(10, 19)),
        (at(12, 23), "until sat 2am", at(13, 2)),
        (at(9, 19), "21:00", at(9, 21)),
        (at(11, 9), "17:00", at(11, 17)),
        (at(9, 19), "tomorrow 10:00", at(10, 10)),
        (at(9, 19), "until tomorrow 10:00", at(10, 10)),
        (at(9, 19), "fri 12:00", at(12, 12)),
        (at(9, 19), "day 4 8am", at(11, 8)),
    ],
)
def test_end_forms(start: datetime, text: str, want: datetime) -> None:
    same(parse_end(text, start, CTX), want)


@pytest.mark.parametrize("text", ["18:00", "19:00", "yesterday 20:00", "tue 9am", "0:45"])
def test_end_before_start(text: str) -> None:
    with pytest.raises(TimeEntryError, match="ends before it starts") as info:
        parse_end(text, at(9, 19), CTX)
    assert repr(text) in str(info.value)


def test_end_time_alone_before_start_hints_until_and_duration() -> None:
    with pytest.raises(TimeEntryError) as info:
        parse_end("0:45", at(9, 19), CTX)
    assert "for the next day write '2027-03-10 0:45', for a duration e.g. '45m'" in str(info.value)


@pytest.mark.parametrize(("start", "text"), [(at(9, 10), "until 09:00"), (at(9, 22), "until 01:00"),
                                             (at(9, 19), "until 19:00"), (at(9, 10), "to 9am")])
def test_until_earlier_than_the_start_is_refused_unless_a_later_day_is_named(start: datetime, text: str) -> None:
    # Before issue 13 "until 09:00" after a 10:00 start silently made a 23-hour meeting.
    with pytest.raises(TimeEntryError, match="ends before it starts") as info:
        parse_end(text, start, CTX)
    assert f"write 'until {start.date() + timedelta(days=1)} " in str(info.value)


def test_end_start_in_other_zone() -> None:
    start = datetime(2027, 3, 9, 18, 0, tzinfo=ZoneInfo("America/New_York"))  # 23:00 in Lisbon
    same(parse_end("until 2027-03-10 01:00", start, CTX), at(10, 1))
    same(parse_end("1h", start, CTX), at(10, 0))


def test_end_duration_is_elapsed_time_across_dst() -> None:
    start = at(27, 23, 30)  # Saturday, winter time
    end = parse_end("3h", start, SPRING)
    same(end, at(28, 3, 30))  # 02:30 UTC is 03:30 summer time
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=3)


def test_end_until_across_dst() -> None:
    same(parse_end("until 2027-03-28 03:00", at(27, 23), SPRING), at(28, 3))
    with pytest.raises(TimeEntryError, match="clocks go forward"):
        parse_end("until 2027-03-28 01:30", at(27, 23), SPRING)


def test_end_until_in_repeated_hour_takes_later_occurrence() -> None:
    start = at(31, 1, 10, month=10).replace(fold=1)  # second 01:10, winter time
    end = parse_end("until 01:30", start, AUTUMN)
    assert end.fold == 1
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(minutes=20)
    assert parse_end("01:40", start, AUTUMN).astimezone(UTC) == datetime(2027, 10, 31, 1, 40, tzinfo=UTC)


@pytest.mark.parametrize("text", ["", "until", "until soon", "for tue", "for 90", "2h and then some"])
def test_end_garbage(text: str) -> None:
    with pytest.raises(TimeEntryError) as info:
        parse_end(text, at(9, 19), CTX)
    assert ACCEPTED_FORMS in str(info.value)


def test_end_needs_aware_start() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_end("2h", datetime(2027, 3, 9, 19), CTX)


def test_end_out_of_range_is_entry_error() -> None:
    start = datetime(9999, 12, 31, 12, tzinfo=UTC)
    for text in ("14d", "until 11:00", "dec 31 13:00"):
        with pytest.raises(TimeEntryError, match=r"out of range|ends before"):
            parse_end(text, start, CTX)


def test_import_is_light() -> None:
    """Importing the module must not pull in dateutil, textual or ics."""
    import tripplan.time.entry as module

    # Only what timeparse itself adds counts: the package's __init__ is not this module's business.
    code = (
        "import sys, tripplan; before = set(sys.modules); import tripplan.time.entry; "
        "print(sorted(m for m in set(sys.modules) - before "
        "if m.split('.')[0] in {'dateutil', 'textual', 'ics'}))"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(module.__file__).parents[1])}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip() == "[]"


def test_accepted_forms_text() -> None:
    for example in ("tue 19:30", "day 2 14:00", "2027-03-10 09:00", "1h30", "until 21:00", "noon"):
        assert example in ACCEPTED_FORMS


# --- properties ---------------------------------------------------------------

# Pieces of valid entries, so that random joins often parse and exercise more than rejection.
TOKENS = (
    "tue sun sat day 1 5 31 0 2027-03-10 2027-03-28 mar feb 29 at until to for noon midnight "
    "7pm 12am 1:30 23:59 0:45 1h 30 m d 14 today tomorrow yesterday t , . 1.5h :"
)
tokens = st.sampled_from(TOKENS.split())
any_text = st.one_of(
    st.lists(tokens, max_size=5).map(" ".join),
    st.text(),
    st.text(st.characters(codec=None), max_size=50),
    st.text(alphabet="0123456789:. apmhdt-ueoirnysaw", max_size=20),
    st.text(min_size=90, max_size=12_000),
    st.sampled_from(["tue", "day", "until ", "for ", "2027-03-", "mar ", "noon", "1h", ":"]).flatmap(
        lambda prefix: st.text(max_size=12).map(lambda rest: prefix + rest)
    ),
)


@PROPERTY
@given(any_text)
def test_when_returns_aware_datetime_or_entry_error(text: str) -> None:
    try:
        got = parse_when(text, CTX)
    except TimeEntryError as exc:
        assert str(exc).startswith(f"{quoted(text)}: {exc.reason}")
        assert exc.reason
    else:
        assert got.tzinfo is LISBON


@PROPERTY
@given(any_text)
def test_duration_returns_positive_timedelta_or_entry_error(text: str) -> None:
    try:
        got = parse_duration(text)
    except TimeEntryError:
        pass
    else:
        assert timedelta(0) < got <= timedelta(days=14)


@PROPERTY
@given(any_text, st.datetimes(min_value=datetime(2027, 3, 1), max_value=datetime(2027, 3, 31)))
def test_end_returns_aware_datetime_after_start_or_entry_error(text: str, naive_start: datetime) -> None:
    start = naive_start.replace(tzinfo=LISBON)
    try:
        got = parse_end(text, start, CTX)
    except TimeEntryError:
        pass
    else:
        assert got.tzinfo is LISBON
        assert got.astimezone(UTC) > start.astimezone(UTC)


def in_gap(wall: datetime, tz: ZoneInfo) -> bool:
    # Inside a DST gap fold=0 takes the offset before the jump, fold=1 the one after.
    fold0, fold1 = wall.replace(tzinfo=tz), wall.replace(tzinfo=tz, fold=1)
    offset0, offset1 = fold0.utcoffset(), fold1.utcoffset()
    assert offset0 is not None and offset1 is not None
    return offset0 < offset1


@PROPERTY
@given(
    st.sampled_from([CTX, SPRING, AUTUMN, TimeContext(SPRING.trip_start, SPRING.trip_end, BERLIN)]),
    st.data(),
)
def test_iso_round_trip(ctx: TimeContext, data: st.DataObject) -> None:
    day = data.draw(st.dates(min_value=ctx.trip_start, max_value=ctx.trip_end))
    wall = datetime.combine(day, time(data.draw(st.integers(0, 23)), data.draw(st.integers(0, 59))))
    text = wall.strftime("%Y-%m-%d %H:%M")
    if in_gap(wall, ctx.tz):
        with pytest.raises(TimeEntryError, match="clocks go forward"):
            parse_when(text, ctx)
        return
    got = parse_when(text, ctx)
    assert got.replace(tzinfo=None) == wall
    assert got.tzinfo is ctx.tz
    assert got.fold == 0


@PROPERTY
@given(st.integers(1, 5), st.integers(0, 23), st.integers(0, 59))
def test_day_n_round_trip(n: int, hour: int, minute: int) -> None:
    got = parse_when(f"day {n} {hour}:{minute:02d}", CTX)
    assert got.replace(tzinfo=None) == datetime(2027, 3, 7 + n, hour, minute)


@PROPERTY
@given(st.integers(0, 14 * 24), st.integers(0, 59))
def test_duration_round_trip(hours: int, minutes: int) -> None:
    want = timedelta(hours=hours, minutes=minutes)
    if not timedelta(0) < want <= timedelta(days=14):
        with pytest.raises(TimeEntryError):
            parse_duration(f"{hours}h{minutes}m")
        return
    assert parse_duration(f"{hours}h{minutes}m") == want
    assert parse_duration(f"{hours}:{minutes:02d}") == want
