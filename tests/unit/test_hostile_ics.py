"""Hostile calendars: import what is sound, report the rest, quickly, in bounded memory, never a traceback.

The corpus is ``tests/data/ics/hostile/*.ics`` (small files, kept) plus the
generated giants of ``tests/hostile_ics.py`` (megabyte lines, a 10 MB
description, an EXDATE storm — never stored).  Every file is imported into
a copy of ``tests/data/ics/edge.toml`` (Berlin, 26 Mar – 1 Apr 2027) with
``tripplan import`` run *in-process* (``main([...])``), so the 2-second
bound is for the import itself, not Python's start-up: its wall time, and
its CPU time — on a machine so busy that the test got less than half a core
the wall time says nothing about tripplan, and then only the CPU time is
held to 2 s.  Memory is measured in a subprocess (peak RSS from
``/proc/self/status``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import datetime, timedelta
from datetime import time as day_time
from itertools import islice
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT
from tests.hostile_ics import GENERATED
from tripplan.cli.main import main
from tripplan.files.storage import parse_trip, read_trip
from tripplan.ical.importer import import_calendar
from tripplan.ical.reader import MAX_DATES, read_calendar
from tripplan.trip.model import Kind, Trip
from tripplan.trip.recurrence import occurrences

HOSTILE = DATA / "ics" / "hostile"
TRIP = DATA / "ics" / "edge.toml"
STORED = sorted(HOSTILE.glob("*.ics"))
SECONDS = 4.0  # CPU time of one in-process import (and of the expansion and export after it): a guard against
# hangs and quadratic blow-ups (minutes), not a speed test — speed is measured in benchmarks/ (the 100,000-EXDATE
# storm takes ~1.4 s alone here, and passed 2 s under a loaded suite)
PEAK_MB = 300

# name → (exit code, events added, what the report must say).  Exit 2 only when nothing is usable.
EXPECTED: dict[str, tuple[int, int, list[str]]] = {
    "attendee_crlf": (0, 1, ["Mallory ORGANIZER <mallory@example.com>"]),
    "bare_vevent": (0, 1, ["VEVENT outside any VCALENDAR; read anyway"]),
    "binary_junk": (2, 0, ["this is a binary file, not an iCalendar (.ics) file"]),
    "bom_utf16": (0, 1, ["the file is UTF-16; read as such"]),
    "bom_utf8": (0, 1, ["Sound event"]),
    # Issue 14: what recurring-ical-events reads, tripplan imports — a zero DURATION is a moment, an end before
    # the start is swapped, a DTSTART alone is a moment, an unreadable or unknown zone gives floating times.
    "broken_duration": (1, 2, ["'Duration PT1X' (line 11): it cannot be read", "'Duration words' (line 25)",
                               "Duration P (Mon 29 Mar 2027 09:00)",
                               "'Duration of 10^12 weeks' (line 32): it cannot be read"]),
    "broken_vtimezone": (1, 2, ["the file's VTIMEZONE 'Custom Zone' cannot be read: its times are read as floating "
                                "times, in Europe/Berlin"]),
    "calendar_not_closed_then_another": (0, 2, ["a new VCALENDAR starts before the previous one ended"]),
    "deep_nesting": (1, 1, ["event at line 11: its components are nested too deeply (more than 12 levels)"]),
    "dtend_before_dtstart": (0, 4, ["Ends before it starts (Mon 29 Mar 2027 08:00): it ends (2027-03-29 08:00) "
                                    "before it starts (2027-03-29 09:00): the two are swapped",
                                    "Ends when it starts (Mon 29 Mar 2027 09:00)",
                                    "All day backwards (Mon 29 Mar 2027, all day): it ends (2027-03-29) before it "
                                    "starts (2027-03-30): the two are swapped"]),
    "duplicate_uids": (1, 2, ["Copy A (sequence 1) (Mon 29 Mar 2027 09:00): the file has another copy of UID "
                              "'dup@hostile' with SEQUENCE 3; that one was used",
                              "Same sequence, older stamp (Mon 29 Mar 2027 09:00): the file has another copy"]),
    "empty": (2, 0, ["not an iCalendar (.ics) file (it is empty)"]),
    "exdate_and_rdate_oddities": (1, 1, ["EXDATE value 'GARBAGE' is not a date; left out"]),
    "far_dates": (1, 1, ["'End of time' (line 11): it starts on 9999-12-31, outside the years 1900–2199",
                         "'Last day' (line 18): it starts on 9999-12-31, outside the years 1900–2199",
                         "'Start of time' (line 24): it starts on 1-01-01, outside the years 1900–2199",
                         "'Daily since year 1' (line 31): it starts on 1-01-01"]),
    "fuzz_crash_exdate_without_rule": (1, 9, ["'Unreadable recurrence id' (line 107): RECURRENCE-ID cannot be read",
                                              "END:VTIMEZONE without a BEGIN; ignored"]),
    "fuzz_slow_secondly_export": (0, 2, ["END:VALARM without a BEGIN; ignored",
                                         "it has no title; called '(untitled)'"]),
    "html_page": (2, 0, ["not an iCalendar (.ics) file (it starts with '<!DOCTYPE html>"]),
    "huge_numbers": (0, 5, ["Huge sequence"]),
    "invalid_dates": (1, 3, ["'February 30th' (line 11): DTSTART cannot be read (Wrong datetime format",
                             "'Hour 25' (line 18): DTSTART cannot be read", "'ISO dashes' (line 25): DTSTART cannot",
                             "'Words' (line 32): DTSTART cannot be read", "'Year zero' (line 39): DTSTART cannot",
                             "Date and date-time (Mon 29 Mar 2027 02:00): its DTSTART is a date and its DTEND a "
                             "date-time: read as a timed event from midnight",
                             "'No start' (line 53): it has no DTSTART", "No end (Mon 29 Mar 2027 11:00)"]),
    "lone_cr": (0, 2, ["Second, CR only"]),
    "lowercase_keywords": (0, 1, ["Lower-case names"]),
    "mixed_line_ends_and_folds": (0, 1, ["Foldedacross three lines"]),
    "negative_duration": (0, 4, ["Minus one hour (Mon 29 Mar 2027 08:00): it ends (2027-03-29 08:00) before it "
                                 "starts (2027-03-29 09:00): the two are swapped", "Zero (Mon 29 Mar 2027 09:00)"]),
    # A VEVENT inside another is read as an event of its own (icalendar and recurring-ical-events find it).
    "nested_vcalendar_in_vevent": (0, 3, ["Host (Mon 29 Mar 2027 11:00)", "Smuggled (Mon 29 Mar 2027 09:00)",
                                          "line 13: a VEVENT inside the VEVENT of line 4; read as an event of its "
                                          "own"]),
    "nested_vevent_in_vevent": (0, 3, ["Outer (Mon 29 Mar 2027 09:00)", "Inner (Mon 29 Mar 2027 09:00)",
                                       "line 10: a VEVENT inside the VEVENT of line 4"]),
    "no_prodid_no_version": (0, 1, ["Sound event"]),
    "nul_after_start": (2, 0, ["this is a binary file"]),
    "only_todos_and_journals": (2, 0, ["1 VTODO component(s) not imported (only events are)",
                                       "1 VJOURNAL component(s) not imported", "nothing in"]),
    "param_injection": (0, 2, ["Parameters out of quotes (Mon 29 Mar 2027 09:00)"]),
    "recurrence_id_unknown_master": (1, 1, [
        "'Unreadable recurrence id' (line 21): RECURRENCE-ID cannot be read",
        "it cancels one occurrence of a series (UID 'orphan-cancel@hostile') that is neither in this file nor in "
        "the trip"]),
    "rrule_garbage": (1, 8, ["'FREQ=FORTNIGHTLY' is not understood", "INTERVAL=0: must be a whole number, 1 or more",
                             "its RRULE has COUNT=-5, which is no count (RFC 5545: 1 or more): read without it",
                             "it has a second RRULE 'FREQ=WEEKLY;COUNT=2' (a trip event keeps one rule): its 1 "
                             "occurrence(s) in the trip are kept as extra dates"]),
    "rrule_million": (0, 2, ["A million seconds (Fri 26 Mar 2027 08:00)"]),
    "rrule_never_occurs": (0, 7, ["'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' never produces a date; its DTSTART is its "
                                  "only occurrence",
                                  "BYSETPOS [2] never matches: each set holds 1 time(s)",
                                  "Sixth Monday (Mon 29 Mar 2027 09:00): its repeat rule",
                                  "Tuesdays every 7 days from a Monday (Mon 29 Mar 2027 09:00): its repeat rule"]),
    "rrule_without_end": (0, 2, ["Daily since 2020, forever", "Every minute, forever"]),
    "stray_end_lines": (0, 1, ["3 line(s) outside any calendar component ignored"]),
    "terminal_escapes": (0, 3, ["Red title (Mon 29 Mar 2027 08:00): it ends (2027-03-29 08:00) before it starts"]),
    "toml_and_id_tricks": (0, 5, ["'Blank UID' has no UID; given id imported-"]),
    "truncated_after_begin": (2, 0, ["VEV is cut off (the file ends inside it); left out", "nothing in"]),
    "truncated_mid_event": (1, 1, ["event at line 11: it is cut off (the file ends inside it)"]),
    "truncated_mid_line": (1, 1, ["event at line 11: it is cut off (the file ends inside it)"]),
    "two_calendars": (0, 2, ["2 calendars in one file; reading them all"]),
    "unknown_zones": (0, 4, ["zone 'Mars/Olympus_Mons' is neither defined in the file nor a known zone name: its "
                             "times are read as floating times, in Europe/Berlin",
                             "X-WR-TIMEZONE 'Atlantis/Capital' is no known zone; using Europe/Berlin"]),
    # What was left out or cut (alarms, attendees, long text) makes the import exit 1.
    "valarm_absurd": (1, 1, ["an alarm more than 9999 days ahead was left out",
                             "an alarm after the start was left out", "an alarm without a readable TRIGGER",
                             "imported without the unreadable ones"]),
    "whitespace_only": (2, 0, ["not an iCalendar (.ics) file (it is empty)"]),
    "windows_1252": (1, 1, ["Café naïve – réunion", "not UTF-8; read as Windows-1252"]),
    # Generated (tests/hostile_ics.py).
    "megabyte_lines": (1, 3, ["its SUMMARY is 1.0 MB long; only the start is read",
                              "its LOCATION is 1.0 MB long", "a 1.0 MB X-LONG line left out",
                              "a 1.0 MB ATTENDEE line left out"]),
    "ten_megabyte_description": (1, 1, ["its DESCRIPTION is 10.0 MB long; only the start is read"]),
    "ten_megabyte_description_one_line": (1, 1, ["its DESCRIPTION is 10.0 MB long"]),
    "folded_into_characters": (1, 1, ["its SUMMARY is 512 KB long"]),
    "exdate_storm": (1, 1, ["Daily, 100k EXDATE lines (Fri 26 Mar 2027 09:00): none of its occurrences falls in "
                            "the trip"]),
    "many_attendees": (1, 1, ["it has 50000 alarms; only the first 20 are read",
                              "it has 50000 attendees; only the first 1000 are read"]),
    "many_custom_zones": (1, 5, ["'In own zone 5' (line 2839): its zone 'Own zone 5' is one of more than 5 zones the "
                                 "file defines under names of its own; only the first 5 are compared with the IANA "
                                 "zones", "zone 'Own zone 0' (defined in the file) has the offsets of"]),
}
CASES = [(p.stem, p) for p in STORED] + [(name, None) for name in GENERATED]


def test_the_corpus_is_complete() -> None:
    assert len(CASES) >= 30
    assert {name for name, _ in CASES} == set(EXPECTED)
    # The giants are generated, never stored.
    assert all(p.stat().st_size < 100_000 for p in STORED)


def _calendar(name: str, path: Path | None, folder: Path) -> Path:
    if path is not None:
        return path
    target = folder / f"{name}.ics"
    target.write_bytes(GENERATED[name]())
    return target


class Clock:
    """Wall and CPU time of a block."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def within(self, seconds: float) -> bool:
        return self.cpu < seconds and (self.wall < seconds or self.cpu < self.wall / 2)

    def __str__(self) -> str:
        return f"{self.wall:.2f} s wall, {self.cpu:.2f} s CPU"


def _import(trip: Path, calendar: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str, Clock]:
    with Clock() as clock:
        code = main(["import", str(trip), str(calendar), *options])
    out, err = capsys.readouterr()
    return code, out + err, clock


def _assert_clean_output(text: str) -> None:
    assert "Traceback" not in text
    # A calendar's text must never reach the terminal as control sequences (ESC, CSI, BEL).
    assert not any(ch in text for ch in "\x1b\x9b\x07\x00"), repr(text[:500])


@pytest.mark.parametrize(("name", "path"), CASES, ids=[name for name, _ in CASES])
def test_hostile_calendar(name: str, path: Path | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code_wanted, added, phrases = EXPECTED[name]
    calendar = _calendar(name, path, tmp_path)
    trip = tmp_path / "trip.toml"
    trip.write_bytes(TRIP.read_bytes())
    before = trip.read_bytes()
    known = {e.id for e in read_trip(trip)[0].events}

    code, text, clock = _import(trip, calendar, capsys)

    _assert_clean_output(text)
    assert clock.within(SECONDS), f"import took {clock}"
    assert code == code_wanted, text[-3000:]
    for phrase in phrases:
        assert phrase in text, f"{phrase!r} not in:\n{text[-3000:]}"
    if code == 2:
        assert trip.read_bytes() == before
        return
    merged = parse_trip(trip.read_bytes(), str(trip))
    new = [e for e in merged.events if e.id not in known]
    assert len(new) == added
    texts = [t for e in new for t in (e.id, e.title, e.location, e.notes)]
    texts += [t for p in merged.people for t in (p.id, p.name, p.email)]
    assert not [t for t in texts if any((ch < " " and ch not in "\n\t") or "\x7f" <= ch <= "\x9f" for ch in t)]
    # Recurrence is expanded within the trip's dates only, and quickly: nothing is capped any more (a series
    # every second has 604,800 occurrences in the trip's week), so the first 20,000 of each are taken.
    lo = datetime.combine(merged.start, day_time(0), merged.timezone)
    hi = datetime.combine(merged.end + timedelta(days=1), day_time(0), merged.timezone)
    with Clock() as clock:
        for event in new:
            found = list(islice(occurrences(event, lo, hi), 20_000))
            assert all(o.start_utc < hi and o.end_utc > lo for o in found)
            assert len(event.exdates) <= MAX_DATES
        assert main(["export", str(trip), "-o", str(tmp_path / "out.ics")]) == 0
    assert clock.within(SECONDS), f"expansion and export took {clock}"
    _assert_clean_output("".join(capsys.readouterr()))


@pytest.mark.parametrize(("name", "path"), CASES, ids=[name for name, _ in CASES])
def test_hostile_calendar_with_all_dates(name: str, path: Path | None, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    calendar = _calendar(name, path, tmp_path)
    trip = tmp_path / "trip.toml"
    trip.write_bytes(TRIP.read_bytes())
    before = trip.read_bytes()
    code, text, clock = _import(trip, calendar, capsys, "--all-dates")
    _assert_clean_output(text)
    assert clock.within(SECONDS) and code in (0, 1, 2), f"import took {clock}"
    if code == 2:
        assert trip.read_bytes() == before
    else:
        parse_trip(trip.read_bytes(), str(trip))
        with Clock() as clock:
            assert main(["export", str(trip), "-o", str(tmp_path / "out.ics")]) == 0
        assert clock.within(SECONDS), f"export took {clock}"


_MEASURE = """
import io, json, sys, contextlib, shutil
from pathlib import Path
from tripplan.cli.main import main
trip, out = Path(sys.argv[1]), {}
for name in sys.argv[3:]:
    shutil.copy(sys.argv[2], trip)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        out[name] = main(["import", str(trip), name])
status = Path("/proc/self/status").read_text()
out["peak_kb"] = int(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1])
print(json.dumps(out))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak RSS is read from /proc (Linux)")
def test_memory_stays_bounded(tmp_path: Path) -> None:
    calendars = [str(_calendar(name, path, tmp_path)) for name, path in CASES]
    run = subprocess.run([sys.executable, "-c", _MEASURE, str(tmp_path / "trip.toml"), str(TRIP), *calendars],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout)
    assert result.pop("peak_kb") < PEAK_MB * 1024
    assert set(result.values()) <= {0, 1, 2}


# --- What the corpus found, checked where it was fixed ------------------------------------------------


def _merge(name: str, data: bytes | None = None, **options: bool) -> Trip:
    trip = parse_trip(TRIP.read_bytes(), str(TRIP))
    import_calendar(trip, data if data is not None else (HOSTILE / f"{name}.ics").read_bytes(), **options)
    return trip


def _cal(*lines: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + "\r\n".join(lines) + "\r\nEND:VCALENDAR\r\n").encode()


EVENT = ("BEGIN:VEVENT", "UID:e@x", "DTSTAMP:20270301T000000Z", "SUMMARY:Stand-up",
         "DTSTART;TZID=Europe/Berlin:20270326T093000", "DTEND;TZID=Europe/Berlin:20270326T094500")


def test_folded_text_is_unfolded_in_linear_time() -> None:
    data = GENERATED["ten_megabyte_description"]()
    with Clock() as clock:
        calendars, notes = read_calendar(data)
    assert clock.within(1), str(clock)
    (event,) = calendars[0].events
    assert str(event.component["DESCRIPTION"]).startswith("All work and no play")
    assert any("DESCRIPTION is 10.0 MB long" in n for n in notes)


def test_a_broken_calendar_property_spoils_no_event() -> None:
    (cal,), _ = read_calendar(_cal("X-JUNK-NO-COLON", "METHOD:PUBLISH", *EVENT, "END:VEVENT"))
    assert cal.props["METHOD"] == "PUBLISH" and cal.events[0].component is not None


def test_utf16_with_a_byte_order_mark_is_read() -> None:
    data = "\ufeff".encode("utf-16-le") + _cal(*EVENT, "END:VEVENT").decode().encode("utf-16-le")
    (cal,), notes = read_calendar(data)
    assert cal.events[0].component is not None and "the file is UTF-16; read as such" in notes


def test_only_exdates_that_remove_an_occurrence_in_the_trip_are_kept() -> None:
    trip = _merge("", _cal(*EVENT, "RRULE:FREQ=DAILY",
                           "EXDATE;TZID=Europe/Berlin:20270329T093000,20270329T100000,20200101T093000",
                           "EXDATE:20270330T073000Z", "END:VEVENT"))
    (event,) = [e for e in trip.events if e.id == "e@x"]
    berlin = trip.timezone
    assert [d.astimezone(berlin).isoformat() for d in event.exdates] == ["2027-03-29T09:30:00+02:00",
                                                                        "2027-03-30T09:30:00+02:00"]


def test_storms_keep_the_trip_file_small() -> None:
    trip = _merge("", GENERATED["exdate_storm"]())
    (event,) = [e for e in trip.events if e.id == "storm-list@hostile"]
    # 100,000 values, none at 10:00, when it happens; as recurring-ical-events matches them (a wall time equal to
    # an occurrence's UTC time names it), those of 26 and 27 March (09:00, while 10:00 CET is 09:00 UTC) remove
    # those two occurrences: only these two are kept.
    assert [d.isoformat() for d in event.exdates] == ["2027-03-26T09:00:00+00:00", "2027-03-27T09:00:00+00:00"]
    crowd = _merge("", GENERATED["many_attendees"]())
    (event,) = [e for e in crowd.events if e.id == "crowd@hostile"]
    assert len(event.attendees) == 1000 and len(event.reminders) == 20


def test_numbers_and_addresses_are_kept_sane() -> None:
    trip = _merge("huge_numbers")
    sequences = {r.event: r.sequence for r in trip.received}
    assert sequences["bigseq@hostile"] == 2**31 - 1 and sequences["negseq@hostile"] == 0
    trip = _merge("fuzz_slow_secondly_export")
    # "ATTENDEE;CN="A, B":mailto,:a@bBc" (a mutation the fuzzer made) is no address: no person for it.
    assert not [p for p in trip.people if ":" in p.email or "," in p.email] and trip.person("a-b") is None


def test_one_unreadable_alarm_costs_only_itself() -> None:
    (event,) = [e for e in _merge("valarm_absurd").events if e.id == "alarms@hostile"]
    assert [r.before for r in event.reminders] == [timedelta(minutes=15)]


def test_lower_case_values_are_read() -> None:
    (event,) = [e for e in _merge("lowercase_keywords").events if e.id == "lower@hostile"]
    assert event.repeat == "FREQ=DAILY;COUNT=2" and event.kind is Kind.MEAL
    assert [r.before for r in event.reminders] == [timedelta(minutes=15)]


def test_control_characters_never_reach_the_trip() -> None:
    trip = _merge("terminal_escapes")
    (event,) = [e for e in trip.events if e.id == "esc2@hostile"]
    assert event.title == "[1mBold[0m31m" and event.location == "]8;;http://evil.example/link"
