"""Benchmark calendar export and import (prints figures; not a pass/fail test).

    .venv/bin/python benchmarks/bench_ical.py [--events 3000]

- export: a generated 3,000-event conference-week trip (Europe/Berlin, the
  week of the March DST change) to one .ics; target ≤ 0.5 s;
- import: a generated 3,000-session conference agenda (.ics as conference
  tools write it: VTIMEZONE, TZID times, speakers as attendees, alarms) into
  a trip covering that week; target ≤ 2.5 s.

Progress goes to stderr for anything over a second.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import START, make_trip

from tripplan.time.zones import zone
from tripplan.trip.model import Trip

VTIMEZONE = """BEGIN:VTIMEZONE\r
TZID:Europe/Berlin\r
BEGIN:DAYLIGHT\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
TZNAME:CEST\r
DTSTART:19700329T020000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
END:DAYLIGHT\r
BEGIN:STANDARD\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
TZNAME:CET\r
DTSTART:19701025T030000\r
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
END:STANDARD\r
END:VTIMEZONE\r
"""


def conference_ics(sessions: int, days: int = 7) -> bytes:
    """A conference agenda with *sessions* sessions over the DST week, as a conference tool would export it."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Example Conf//Agenda 4.2//EN", "METHOD:PUBLISH",
             "X-WR-CALNAME:Example Conf 2027", "X-WR-TIMEZONE:Europe/Berlin"]
    text = "\r\n".join(lines) + "\r\n" + VTIMEZONE
    body: list[str] = []
    for i in range(sessions):
        day = START + timedelta(days=i % days)
        hour, minute = 8 + (i // days) % 11, (i * 15) % 60
        if day == date(2027, 3, 28) and hour == 2:
            hour = 3
        start = datetime(day.year, day.month, day.day, hour, minute)
        end = start + timedelta(minutes=45)
        body += ["BEGIN:VEVENT", f"UID:session-{i:05d}@conf.example", "DTSTAMP:20270301T090000Z",
                 f"DTSTART;TZID=Europe/Berlin:{start:%Y%m%dT%H%M%S}",
                 f"DTEND;TZID=Europe/Berlin:{end:%Y%m%dT%H%M%S}",
                 f"SUMMARY:Session {i}: Cloud\\, AI and the future of {('ops', 'sales', 'data')[i % 3]}",
                 f"LOCATION:Hall {i % 24 + 1}\\, CityCube Berlin",
                 "DESCRIPTION:Track talk. Bring questions\\; slides will be shared after the session.",
                 "CATEGORIES:Conference", "SEQUENCE:1"]
        if i % 4 == 0:
            body.append(f"ATTENDEE;CN=Speaker {i % 300};ROLE=CHAIR:mailto:speaker{i % 300}@conf.example")
        if i % 10 == 0:
            body += ["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Session starts", "TRIGGER:-PT10M",
                     "END:VALARM"]
        body.append("END:VEVENT")
    return (text + "\r\n".join(body) + "\r\nEND:VCALENDAR\r\n").encode("utf-8")


def bench_export(events: int) -> float:
    """Seconds to export a generated trip of *events* events (imports excluded, as at the CLI they are paid once)."""
    from tripplan.ical.export import export_calendar
    from tripplan.ical.invites import sequences

    trip = make_trip(events)
    started = time.perf_counter()
    text = export_calendar(trip, datetime(2027, 3, 1, tzinfo=UTC), sequences(trip))
    elapsed = time.perf_counter() - started
    print(f"export: {events} events → {len(text.encode()) / 1e6:.2f} MB in {elapsed:.3f} s (target ≤ 0.5 s)")
    return elapsed


def bench_import(sessions: int) -> float:
    """Seconds to import a generated agenda of *sessions* sessions, including the trip-file check."""
    from tripplan.cli.calendar_run import Progress
    from tripplan.ical.importer import import_calendar

    data = conference_ics(sessions)
    trip = Trip(name="Example Conf", timezone=zone("Europe/Berlin"), home_timezone=zone("America/New_York"),
                start=START, end=START + timedelta(days=6), uid="bench-import")
    started = time.perf_counter()
    report = import_calendar(trip, data, progress=Progress())
    elapsed = time.perf_counter() - started
    print(f"import: {sessions} sessions ({len(data) / 1e6:.2f} MB) → {len(report.added)} added, "
          f"{len(report.skipped)} skipped, {len(report.people)} people in {elapsed:.3f} s (target ≤ 2.5 s)")
    started = time.perf_counter()
    again = import_calendar(trip, data.replace(b"SEQUENCE:1", b"SEQUENCE:2").replace(b"Hall 1\\,", b"Hall 99\\,"),
                            progress=Progress())
    print(f"re-import with SEQUENCE:2: {len(again.updated)} updated, {len(again.unchanged)} unchanged in "
          f"{time.perf_counter() - started:.3f} s")
    return elapsed


def bench_cli(folder: Path, sessions: int) -> None:
    """The same two jobs through the command line in this process: file reading and saving included."""
    import contextlib
    import io

    from tripplan.cli.main import main as tripplan
    from tripplan.files.encode import dumps

    trip_file = folder / "bench.toml"
    trip_file.write_text(dumps(make_trip(sessions)), encoding="utf-8")
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = tripplan(["export", str(trip_file), "-o", str(folder / "out.ics")])
    print(f"cli export: {sessions} events, exit {code}, {time.perf_counter() - started:.3f} s "
          "(reading the trip file included)")
    agenda = folder / "agenda.ics"
    agenda.write_bytes(conference_ics(sessions))
    empty = Trip(name="Example Conf", timezone=zone("Europe/Berlin"), home_timezone=zone("America/New_York"),
                 start=START, end=START + timedelta(days=6), uid="bench-import")
    target = folder / "conf.toml"
    target.write_text(dumps(empty), encoding="utf-8")
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = tripplan(["import", str(target), str(agenda), "--kind", "conference"])
    print(f"cli import: {sessions} sessions, exit {code}, {time.perf_counter() - started:.3f} s "
          "(validating and saving the trip file included)")


def main() -> None:
    """Run both benchmarks and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=3000)
    args = parser.parse_args()
    import icalendar  # noqa: F401 - library imports are not what is measured

    bench_export(args.events)
    bench_import(args.events)
    with tempfile.TemporaryDirectory() as folder:
        bench_cli(Path(folder), args.events)


if __name__ == "__main__":
    main()
