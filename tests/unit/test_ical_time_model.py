"""Issue 13 for calendars: each import/export case, through ``tripplan import``/``export``/``agenda``.

Like ``test_time_model.py`` these go through the command line (a calendar and a
trip file in, agenda JSON and an exported calendar out), not the model's API,
so they run unchanged against the code before the issue (see the commit
message for which failed there).  Instants are compared in UTC, never as two
datetimes sharing a zone; the exported files are read back with icalendar and
recurring-ical-events (khal and calcurse read them in ``tests/interop``).
"""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events  # type: ignore[import-untyped]

from tests.conftest import DATA
from tests.ical_helpers import FROZEN, ISSUE13, imported_trip, normalise, occurrences, unfold, window
from tripplan.cli.main import main
from tripplan.ical.export import export_calendar
from tripplan.ical.importer import import_calendar
from tripplan.ical.invites import sequences
from tripplan.trip.recurrence import expand

REAL = DATA / "ics" / "real"

TRIP = """schema_version = 1

[trip]
name = "Calendar trip"
timezone = "{tz}"
home_timezone = "America/New_York"
start = {start}
end = {end}
"""

AMSTERDAM = "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"
# The VTIMEZONE Exchange 2007 writes for it (as in tests/data/ics/issue13.ics).
OUTLOOK_ZONE = f"""BEGIN:VTIMEZONE
TZID:{AMSTERDAM}
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
"""


def trip_file(tmp_path: Path, tz: str, start: str, end: str) -> Path:
    path = tmp_path / "trip.toml"
    path.write_text(TRIP.format(tz=tz, start=start, end=end), encoding="utf-8")
    return path


def calendar(tmp_path: Path, *events: str, zones: str = "") -> Path:
    body = "".join(f"BEGIN:VEVENT\nDTSTAMP:20270101T000000Z\n{e.strip()}\nEND:VEVENT\n" for e in events)
    path = tmp_path / "in.ics"
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//tripplan tests//EN\n{zones}{body}END:VCALENDAR\n"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(args)
    out, err = capsys.readouterr()
    return code, out + err


def import_ok(trip: Path, cal: Path, capsys: pytest.CaptureFixture[str], *options: str) -> str:
    code, text = run(["import", str(trip), str(cal), *options], capsys)
    assert code == 0, text
    return text


def agenda(path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    """Every event of the agenda JSON, once each."""
    code, text = run(["agenda", str(path), "--format", "json"], capsys)
    assert code in (0, 1), text
    seen: dict[tuple[object, object], dict[str, object]] = {}
    for day in json.loads(text)["days"]:
        for item in day["events"]:
            seen.setdefault((item["id"], item["start"]), item)
    return list(seen.values())


def starts(items: list[dict[str, object]], ident: str) -> list[datetime]:
    """The start instants (UTC) of one event's occurrences in the agenda."""
    return sorted(instant(i["start"]) for i in items if i["id"] == ident)


def instant(text: object) -> datetime:
    moment = datetime.fromisoformat(str(text))
    assert moment.utcoffset() is not None
    return moment.astimezone(UTC)


def export(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    out = tmp_path / "out.ics"
    code, text = run(["export", str(path), "-o", str(out), "--force"], capsys)
    assert code == 0, text
    return out.read_bytes().decode("utf-8")


def read_back(text: str, uid: str, lo: datetime, hi: datetime) -> list[tuple[datetime, datetime]]:
    """(start, end) instants of one event's occurrences as recurring-ical-events reads *text*."""
    found = []
    for event in recurring_ical_events.of(icalendar.Calendar.from_ical(text)).between(lo, hi):
        if str(event["UID"]) == uid:
            found.append((event["DTSTART"].dt.astimezone(UTC), event["DTEND"].dt.astimezone(UTC)))
    return sorted(found)


def trip_doc(path: Path) -> dict[str, Any]:
    with path.open("rb") as f:
        return tomllib.load(f)


def z(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A UTC instant."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- 1. the repeated hour keeps its instant -----------------------------------------------------------------


def test_the_second_pass_of_the_repeated_hour_is_imported_and_exported_exactly(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trip = trip_file(tmp_path, "Europe/Lisbon", "2027-10-29", "2027-11-02")
    # 01:30Z on 31 Oct 2027 is the second 01:30 in Lisbon (01:30 WET, after 01:30 WEST).
    import_ok(trip, calendar(tmp_path, "UID:late@x\nSUMMARY:Late call\nDTSTART:20271031T013000Z\n"
                                       "DTEND:20271031T020000Z"), capsys)
    [item] = agenda(trip, capsys)
    assert (instant(item["start"]), instant(item["end"])) == (z(2027, 10, 31, 1, 30), z(2027, 10, 31, 2))
    assert datetime.fromisoformat(str(item["start"])).utcoffset() == timedelta(0)  # WET: the second pass
    text = export(trip, tmp_path, capsys)
    # iCalendar reads a local 01:30 as the first pass: the second can only be written in UTC.
    assert "DTSTART:20271031T013000Z" in unfold(text)
    assert read_back(text, "late@x", z(2027, 10, 30), z(2027, 11, 1)) == [(z(2027, 10, 31, 1, 30),
                                                                          z(2027, 10, 31, 2))]


# --- 2. a series anchored in UTC repeats in UTC --------------------------------------------------------------


def test_a_series_given_in_utc_repeats_in_utc_across_the_dst_change(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trip = trip_file(tmp_path, "Europe/Lisbon", "2027-03-20", "2027-04-05")
    import_ok(trip, calendar(tmp_path, "UID:sync@x\nSUMMARY:Global sync\nDTSTART:20270320T120000Z\nDURATION:PT30M\n"
                                       "RRULE:FREQ=DAILY;UNTIL=20270405T120000Z",
                             "UID:once@x\nSUMMARY:Once\nDTSTART:20270330T150000Z\nDTEND:20270330T160000Z"), capsys)
    items = agenda(trip, capsys)
    wanted = [z(2027, 3, 20, 12) + timedelta(days=n) for n in range(17)]  # 12:00 UTC, before and after 28 Mar
    assert starts(items, "sync@x") == wanted
    # A one-off event given in UTC keeps its instant and shows in the trip's zone (docs/calendar.md).
    [once] = [i for i in items if i["id"] == "once@x"]
    assert instant(once["start"]) == z(2027, 3, 30, 15) and str(once["start"]).endswith("+01:00")
    text = export(trip, tmp_path, capsys)
    assert "DTSTART:20270320T120000Z" in unfold(text) and "RRULE:FREQ=DAILY;UNTIL=20270405T120000Z" in unfold(text)
    assert [s for s, _ in read_back(text, "sync@x", z(2027, 3, 1), z(2027, 5, 1))] == wanted


# --- 3. a zone the calendar defines itself ------------------------------------------------------------------


def test_an_outlook_zone_is_the_iana_zone_that_agrees_with_it(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """In a New York trip: between 14 and 28 March the US is on summer time and Amsterdam is not."""
    trip = trip_file(tmp_path, "America/New_York", "2027-03-01", "2027-04-10")
    report = import_ok(trip, calendar(
        tmp_path, f'UID:weekly@x\nSUMMARY:Weekly call\nDTSTART;TZID="{AMSTERDAM}":20270301T150000\n'
                  f'DTEND;TZID="{AMSTERDAM}":20270301T153000\nRRULE:FREQ=WEEKLY;COUNT=6', zones=OUTLOOK_ZONE), capsys)
    # 15:00 at UTC+1 (14:00Z) until the EU change on 28 March, then 15:00 at UTC+2 (13:00Z).
    assert [s.hour for s in starts(agenda(trip, capsys), "weekly@x")] == [14, 14, 14, 14, 13, 13]
    assert "has the offsets of Europe/Amsterdam" in report
    text = export(trip, tmp_path, capsys)
    assert "DTSTART;TZID=Europe/Amsterdam:20270301T150000" in unfold(text)
    assert [s.hour for s, _ in read_back(text, "weekly@x", z(2027, 2, 1), z(2027, 5, 1))] == [14] * 4 + [13] * 2


def test_a_windows_name_whose_rules_are_not_that_zones_is_not_taken_at_its_word(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A VTIMEZONE called "W. Europe Standard Time" (Berlin) that holds US rules: its rules decide."""
    zones = OUTLOOK_ZONE.replace(AMSTERDAM, "W. Europe Standard Time").replace(
        "+0200", "-0400").replace("+0100", "-0500").replace("BYDAY=-1SU;BYMONTH=10", "BYDAY=1SU;BYMONTH=11").replace(
        "BYDAY=-1SU;BYMONTH=3", "BYDAY=2SU;BYMONTH=3")
    trip = trip_file(tmp_path, "America/New_York", "2027-03-01", "2027-04-10")
    report = import_ok(trip, calendar(
        tmp_path, "UID:weekly@x\nSUMMARY:Weekly call\nDTSTART;TZID=W. Europe Standard Time:20270301T150000\n"
                  "DTEND;TZID=W. Europe Standard Time:20270301T153000\nRRULE:FREQ=WEEKLY;COUNT=6", zones=zones), capsys)
    # 15:00 EST (20:00Z), then 15:00 EDT (19:00Z) from 14 March.
    assert [s.hour for s in starts(agenda(trip, capsys), "weekly@x")] == [20, 20, 19, 19, 19, 19]
    assert "has the offsets of America/New_York" in report


BRASILIA = (REAL / "outlook_brasilia_old_dst.ics").read_text(encoding="utf-8").replace("\r\n", "\n")
BRASILIA_ZONE = BRASILIA[BRASILIA.index("BEGIN:VTIMEZONE"):BRASILIA.index("BEGIN:VEVENT")]


def test_a_zone_no_iana_zone_agrees_with_keeps_its_own_rules(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Outlook's "(UTC-03:00) Brasília" still has the summer time Brazil dropped in 2019 (from the second
    Saturday of October): no IANA zone does in 2027, so the zone keeps its own rules in [trip.zones]."""
    trip = trip_file(tmp_path, "America/Sao_Paulo", "2027-10-01", "2027-10-31")
    report = import_ok(trip, calendar(
        tmp_path, 'UID:weekly@x\nSUMMARY:Weekly\nDTSTART;TZID="(UTC-03:00) Brasília":20271001T133000\n'
                  'DTEND;TZID="(UTC-03:00) Brasília":20271001T140000\nRRULE:FREQ=WEEKLY;COUNT=4', zones=BRASILIA_ZONE),
        capsys)
    # 13:30 at UTC-3 (16:30Z) on 1 and 8 October; its summer time starts at the end of Saturday 9 October.
    wanted = [z(2027, 10, 1, 16, 30), z(2027, 10, 8, 16, 30), z(2027, 10, 15, 15, 30), z(2027, 10, 22, 15, 30)]
    assert starts(agenda(trip, capsys), "weekly@x") == wanted
    assert "matches no IANA zone" in report and "kept with its own rules" in report
    doc = trip_doc(trip)
    assert doc["trip"]["zones"] == {"(UTC-03:00) Brasília": "<-0300>3<-0200>2,M10.2.6/23:59:59,M2.3.6/23:59:59"}
    assert doc["events"][0]["tz"] == "(UTC-03:00) Brasília"
    text = export(trip, tmp_path, capsys)
    assert 'DTSTART;TZID="(UTC-03:00) Brasília":20271001T133000' in unfold(text)
    assert "TZID:(UTC-03:00) Brasília" in unfold(text)
    assert [s for s, _ in read_back(text, "weekly@x", z(2027, 9, 1), z(2027, 12, 1))] == wanted


def test_the_real_brasilia_file_in_its_own_year_is_sao_paulo(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """The same zone in May 2017 (no summer time then on either side): the trip's zone agrees, and is used."""
    trip = trip_file(tmp_path, "America/Sao_Paulo", "2017-05-08", "2017-05-12")
    report = import_ok(trip, REAL / "outlook_brasilia_old_dst.ics", capsys)
    [item] = agenda(trip, capsys)
    assert (instant(item["start"]), instant(item["end"])) == (z(2017, 5, 11, 16, 30), z(2017, 5, 11, 17))
    assert "has the offsets of America/Sao_Paulo" in report  # a regression guard: this worked before


def test_a_zone_that_cannot_be_kept_refuses_its_events_naming_it(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Summer time twice in April, given as one-off dates: no IANA zone, and no POSIX rule (one summer a
    year), says that."""
    zones = """BEGIN:VTIMEZONE
TZID:Harbour Time
BEGIN:STANDARD
DTSTART:19700101T000000
TZOFFSETFROM:+0100
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:20270401T020000
RDATE:20270401T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:20270415T030000
RDATE:20270415T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:20270422T020000
RDATE:20270422T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
"""
    trip = trip_file(tmp_path, "Europe/Lisbon", "2027-03-29", "2027-04-30")
    cal = calendar(tmp_path, "UID:h@x\nSUMMARY:Harbour call\nDTSTART;TZID=Harbour Time:20270405T100000\n"
                             "DTEND;TZID=Harbour Time:20270405T110000",
                   "UID:ok@x\nSUMMARY:Sound\nDTSTART:20270405T100000Z\nDTEND:20270405T110000Z", zones=zones)
    code, text = run(["import", str(trip), str(cal)], capsys)
    assert code == 1, text  # imported with a warning: one event skipped
    assert "'Harbour Call' (line" in text.title() or "'Harbour call' (line" in text
    assert "its zone 'Harbour Time' (defined in the file) matches no IANA zone" in text
    assert [i["id"] for i in agenda(trip, capsys)] == ["ok@x"]  # not silently put in the trip's zone


# --- 4. EXDATE and RECURRENCE-ID match by instant (by date for all-day series) -------------------------------


GAP_SERIES = ("UID:early@x\nSUMMARY:Early call\nDTSTART;TZID=Europe/Berlin:20270326T023000\n"
              "DTEND;TZID=Europe/Berlin:20270326T030000\nRRULE:FREQ=DAILY;COUNT=5")


@pytest.mark.parametrize("exdate", ["EXDATE:20270328T013000Z", "EXDATE;TZID=Europe/Berlin:20270328T023000",
                                    "EXDATE;TZID=Europe/Berlin:20270328T033000"])
def test_an_exdate_removes_the_occurrence_in_the_gap(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     exdate: str) -> None:
    """02:30 does not exist on 28 March in Berlin: that occurrence is at 03:30 CEST (01:30Z), however named."""
    trip = trip_file(tmp_path, "Europe/Berlin", "2027-03-26", "2027-03-31")
    import_ok(trip, calendar(tmp_path, f"{GAP_SERIES}\n{exdate}"), capsys)
    wanted = [z(2027, 3, 26, 1, 30), z(2027, 3, 27, 1, 30), z(2027, 3, 29, 0, 30), z(2027, 3, 30, 0, 30)]
    assert starts(agenda(trip, capsys), "early@x") == wanted
    text = export(trip, tmp_path, capsys)
    assert [s for s, _ in read_back(text, "early@x", z(2027, 3, 20), z(2027, 4, 10))] == wanted


def test_a_recurrence_id_in_utc_moves_the_occurrence_in_the_gap(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    trip = trip_file(tmp_path, "Europe/Berlin", "2027-03-26", "2027-03-31")
    moved = ("UID:early@x\nSUMMARY:Early call, later\nRECURRENCE-ID:20270328T013000Z\n"
             "DTSTART;TZID=Europe/Berlin:20270328T060000\nDTEND;TZID=Europe/Berlin:20270328T063000")
    import_ok(trip, calendar(tmp_path, GAP_SERIES, moved), capsys)
    items = agenda(trip, capsys)
    assert z(2027, 3, 28, 1, 30) not in starts(items, "early@x") and len(starts(items, "early@x")) == 4
    assert [instant(i["start"]) for i in items if i["title"] == "Early call, later"] == [z(2027, 3, 28, 4)]


def test_an_all_day_series_matches_its_moved_days_by_date(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Exchange names a moved all-day occurrence by a London midnight (RECURRENCE-ID;TZID=GMT Standard
    Time:20200416T000000); in a New York trip that is still 16 April, which leaves the series."""
    data = REAL / "exchange_all_day_moved.ics"
    trip = trip_file(tmp_path, "America/New_York", "2020-04-01", "2020-09-30")
    import_ok(trip, data, capsys)
    bins = sorted(date.fromisoformat(str(i["start"])[:10]) for i in agenda(trip, capsys)
                  if i["title"] == "Refuse black bin")
    theirs = sorted(e["DTSTART"].dt for e in recurring_ical_events.of(icalendar.Calendar.from_ical(
        data.read_bytes())).between(date(2020, 4, 1), date(2020, 10, 1)) if str(e["SUMMARY"]) == "Refuse black bin")
    assert bins == theirs  # the original file, read by recurring-ical-events
    assert date(2020, 4, 16) not in bins and date(2020, 4, 17) in bins


# --- 5. UNTIL in UTC, local and DATE form --------------------------------------------------------------------


@pytest.mark.parametrize("until", ["UNTIL=20271101T090000Z", "UNTIL=20271101T090000", "UNTIL=20271101"])
def test_every_until_form_includes_its_last_day(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                until: str) -> None:
    trip = trip_file(tmp_path, "Europe/Lisbon", "2027-10-28", "2027-11-03")
    import_ok(trip, calendar(tmp_path, "UID:d@x\nSUMMARY:Daily\nDTSTART;TZID=Europe/Lisbon:20271028T090000\n"
                                       f"DTEND;TZID=Europe/Lisbon:20271028T093000\nRRULE:FREQ=DAILY;{until}"), capsys)
    assert trip_doc(trip)["events"][0]["repeat"] == f"FREQ=DAILY;{until}"  # kept as the file gave it
    # 28 Oct is WEST (08:00Z), from 31 Oct WET (09:00Z); 1 November is the last.
    wanted = [z(2027, 10, 28, 8), z(2027, 10, 29, 8), z(2027, 10, 30, 8), z(2027, 10, 31, 9), z(2027, 11, 1, 9)]
    assert starts(agenda(trip, capsys), "d@x") == wanted
    text = export(trip, tmp_path, capsys)
    rule = next(line for line in unfold(text) if line.startswith("RRULE:"))
    assert rule.endswith("Z")  # RFC 5545: with a TZID start, UNTIL is in UTC
    assert [s for s, _ in read_back(text, "d@x", z(2027, 10, 1), z(2027, 12, 1))] == wanted


# --- 6. a series since 2010 ----------------------------------------------------------------------------------


def test_a_stand_up_since_2010_is_imported_and_exported_whole(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    trip = trip_file(tmp_path, "Europe/Lisbon", "2027-03-22", "2027-03-26")
    report = import_ok(trip, calendar(
        tmp_path, "UID:standup@x\nSUMMARY:Stand-up\nDTSTART;TZID=Europe/Lisbon:20100104T093000\n"
                  "DTEND;TZID=Europe/Lisbon:20100104T094500\nRRULE:FREQ=DAILY"), capsys)
    assert "1 added" in report and "skipped" not in report.split("\n", 1)[1]  # was: "none … falls in the trip"
    wanted = [z(2027, 3, d, 9, 30) for d in range(22, 27)]  # Lisbon is on WET (UTC) until 28 March
    assert starts(agenda(trip, capsys), "standup@x") == wanted
    text = export(trip, tmp_path, capsys)
    assert "RRULE:FREQ=DAILY" in unfold(text)  # not cut (at the trip's end, or in 2023 by the 5,000 cap)
    assert "DTSTART;TZID=Europe/Lisbon:20100104T093000" in unfold(text)
    assert [s for s, _ in read_back(text, "standup@x", z(2027, 3, 22), z(2027, 3, 27))] == wanted


# --- 7. all-day events by date, on a day without midnight ---------------------------------------------------


def test_an_all_day_event_on_havanas_day_without_midnight(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Havana's clocks jump from 00:00 to 01:00 on 14 March 2027: the day still is a day."""
    trip = trip_file(tmp_path, "America/Havana", "2027-03-13", "2027-03-16")
    import_ok(trip, calendar(tmp_path, "UID:holiday@x\nSUMMARY:Holiday\nDTSTART;VALUE=DATE:20270314\n"
                                       "DTEND;VALUE=DATE:20270315"), capsys)
    [event] = trip_doc(trip)["events"]
    assert (event["start"], event["end"]) == (date(2027, 3, 14), date(2027, 3, 15))
    [item] = agenda(trip, capsys)
    assert item["all_day"] and str(item["start"])[:10] == "2027-03-14"
    text = export(trip, tmp_path, capsys)
    assert {"DTSTART;VALUE=DATE:20270314", "DTEND;VALUE=DATE:20270315"} <= set(unfold(text))


# --- import → export → import: unchanged --------------------------------------------------------------------


def test_import_export_import_gives_the_same_calendar(tmp_path: Path) -> None:
    """Every case above in one calendar (tests/data/ics/issue13.ics): our export, imported again, exports
    the same file, and both trips have the same occurrences."""
    first = imported_trip(ISSUE13)
    text = export_calendar(first, FROZEN, sequences(first))
    again = tmp_path / "again.ics"
    again.write_bytes(text.encode("utf-8"))
    second = imported_trip(again)
    assert second.zones == first.zones  # the Brasília zone keeps its rules through our own VTIMEZONE
    second.name = first.name
    assert normalise(export_calendar(second, FROZEN, sequences(second))) == normalise(text)
    assert occurrences(second) == occurrences(first)
    by_id = {e.id: e for e in second.events}
    for event in first.events:
        copy = by_id[event.id]
        assert (copy.start_utc, copy.end_utc, copy.tz.key, copy.end_tz.key, copy.all_day) == (
            event.start_utc, event.end_utc, event.tz.key, event.end_tz.key, event.all_day), event.id
    # Read back into the trip it came from (publish --theirs does this): no zone is added, no time moves.
    # Rules come back in RFC 5545's form (UNTIL in UTC; COUNT with EXDATEs as UNTIL): the same occurrences.
    zones, before = dict(first.zones), occurrences(first)
    later = export_calendar(first, z(2027, 3, 2), sequences(first))  # stamped after the calendar it came from
    report = import_calendar(first, later.encode("utf-8"))
    assert not (report.added or report.skipped) and first.zones == zones and occurrences(first) == before
    assert len(report.updated) == 3  # the local and DATE UNTIL, and COUNT with an EXDATE


CHICAGO = REAL / "google_chicago_dst.ics"


def test_a_google_calendar_across_the_november_change_agrees_with_recurring_ical_events() -> None:
    """Google's weekly series in Chicago across 1 Nov 2020, with EXDATEs, and a one-off in UTC: every
    occurrence in the trip is the instant recurring-ical-events finds reading the original file."""
    trip = imported_trip(CHICAGO, "America/Chicago", date(2020, 10, 26), date(2020, 11, 27), skipped=1)  # Sept
    lo, hi = window(trip)
    theirs = {(str(e["UID"]), e["DTSTART"].dt.astimezone(UTC), e["DTEND"].dt.astimezone(UTC))
              for e in recurring_ical_events.of(icalendar.Calendar.from_ical(CHICAGO.read_bytes())).between(lo, hi)}
    ours = {(e.event.id, e.start_utc, e.end_utc) for e in expand(trip.events, lo, hi)}
    assert ours == theirs and len(ours) > 40
    # 12:30 CDT is 17:30Z, 12:30 CST 18:30Z: the wall time stays, the instant moves by the hour.
    monday = sorted(s for uid, s, _ in ours if uid == "u81j@google.com")
    assert [s.hour for s in monday[:2]] == [18, 18] and all(s.minute == 30 for s in monday)
    assert ("5dru@google.com", z(2020, 11, 13, 14, 15), z(2020, 11, 13, 14, 30)) in ours
