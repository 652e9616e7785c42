"""Export writes what import read (issue 14), part 2: each calendar's own VTIMEZONEs, and invites that never
take over someone else's meeting.

Part 1, with the helpers both use, is ``test_ical_export_keeps.py``.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from tests.ical_helpers import FROZEN
from tests.unit.test_ical_export_keeps import BERLIN, PEOPLE, _at, _export, _timed, _trip, _vevents
from tripplan.cli.main import main
from tripplan.files.storage import read_trip, save_trip
from tripplan.ical.invites import plan_invites, recipient
from tripplan.ical.lines import ContentLine
from tripplan.ical.text import render
from tripplan.ical.vtimezone import vtimezone
from tripplan.trip.model import IcalProps, Kind, Organizer, Role, SentInvite, Trip

# --- 3. VTIMEZONEs per calendar ------------------------------------------------------------------------------

TRIP_FILE = """schema_version = 1

[trip]
uid = "{uid}"
name = "Office {uid}"
timezone = "Europe/Lisbon"
home_timezone = "Europe/Lisbon"
start = 2027-03-08
end = 2027-03-12

[trip.zones]
"Office Time" = "{rule}"

[[events]]
id = "meeting"
title = "Meeting"
kind = "meeting"
tz = "Office Time"
start = 2027-03-09T10:00:00
end = 2027-03-09T11:00:00
repeat = "FREQ=DAILY;COUNT=3"
"""
READ_STARTS = """
import sys
from datetime import UTC, datetime
import icalendar, recurring_ical_events
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
found = recurring_ical_events.of(cal).between(datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 4, 1, tzinfo=UTC))
print(" ".join(sorted(e["DTSTART"].dt.astimezone(UTC).isoformat() for e in found)))
"""
RULES = {"one": "XST-1XDT,M3.5.0,M10.5.0/3", "two": "YST+5YDT,M3.2.0,M11.1.0"}  # UTC+1 (EU) · UTC-5 (US)


def test_a_custom_zone_of_one_name_keeps_each_trips_own_rules(tmp_path: Path) -> None:
    """Two trips with a custom zone of the same name and other rules, exported in one process, in turn."""
    texts: dict[str, list[str]] = {"one": [], "two": []}
    for _ in range(2):
        for uid, rule in RULES.items():
            path = tmp_path / f"{uid}.toml"
            path.write_text(TRIP_FILE.format(uid=uid, rule=rule))
            trip = read_trip(path)[0]
            texts[uid].append(_export(trip))
    for uid, exports in texts.items():
        assert exports[0] == exports[1]
        (vtimezone_,) = icalendar.Calendar.from_ical(exports[0]).walk("VTIMEZONE")
        own = vtimezone_.to_tz(lookup_tzid=False)
        offsets = {datetime(2027, m, 15, 12, tzinfo=UTC).astimezone(own).utcoffset() for m in (1, 3, 7)}
        expected = {timedelta(hours=1), timedelta(hours=2)} if uid == "one" else {timedelta(hours=-5),
                                                                                 timedelta(hours=-4)}
        assert offsets == expected, uid
        # icalendar keeps the zones it read by TZID for the whole process (the import's problem, issue 14):
        # each file is read back in a process of its own.
        path = tmp_path / f"{uid}.ics"
        path.write_text(exports[0], newline="")
        starts = subprocess.run([sys.executable, "-c", READ_STARTS, str(path)], capture_output=True, text=True,
                                check=True).stdout.split()
        first = "2027-03-09T09:00:00+00:00" if uid == "one" else "2027-03-09T15:00:00+00:00"  # 10:00 at +1 · -5
        assert starts[:1] == [first] and len(starts) == 3, uid


def test_each_vtimezone_is_built_for_its_calendar() -> None:
    """Before issue 14 one cached VTIMEZONE object was handed to every calendar (one's change was everyone's)."""
    first, last = date(2027, 1, 1), date(2027, 12, 31)
    one, two = vtimezone("Europe/Berlin", first, last), vtimezone("Europe/Berlin", first, last)
    assert one is not two and render(one) == render(two)
    one.append(ContentLine("X-CHANGED", {}, "1"))  # what one calendar does to its own …
    assert render(two) == render(vtimezone("Europe/Berlin", first, last))  # … reaches no other


# --- 4. invites never take over someone else's meeting -------------------------------------------------------

def _invite_trip() -> Trip:
    theirs = _timed("theirs@x", _at(23, 10), title="Ana's weekly", attendees=("ana", "bo", "sam"),
                    repeat="FREQ=WEEKLY;COUNT=3", exdates=(_at(30, 10),),
                    ical=IcalProps(uid="theirs@x", organizer=Organizer("ANA@Example.com", "Ana")))
    theirs_moved = _timed("theirs@x#20270330T080000Z", _at(30, 15), title="Ana's weekly, moved",
                          attendees=("ana", "bo", "sam"),
                          ical=IcalProps(uid="theirs@x", series="theirs@x", recurrence_id=_at(30, 10)))
    ours = _timed("ours@x", _at(24, 10), title="Sam's review", attendees=("ana", "bo"),
                  ical=IcalProps(uid="ours@x", organizer=Organizer("mailto:sam@example.com")))
    made = _timed("made", _at(25, 10), title="Dinner", kind=Kind.MEAL, attendees=("ana", "bo", "sam"))
    clients = [dataclasses.replace(p, role=Role.CLIENT) if p.id != "sam" else p for p in PEOPLE]
    return dataclasses.replace(_trip(theirs, theirs_moved, ours, made), people=clients)


def _hijacked_record(trip: Trip) -> SentInvite:
    """What an invites run before issue 14 sent for Ana's meeting, under Sam's name."""
    event = trip.event("theirs@x")
    assert event is not None
    return SentInvite(event="theirs@x", uid="theirs@x", sequence=0, fingerprint="old", sent_at=FROZEN,
                      organizer=recipient(PEOPLE[2]), title=event.title, start_utc=event.start_utc,
                      end_utc=event.end_utc, tz=BERLIN, end_tz=BERLIN,
                      to=[recipient(PEOPLE[0]), recipient(PEOPLE[1]), recipient(PEOPLE[2])])


def test_invites_never_send_a_meeting_someone_else_organizes() -> None:
    """Before issue 14 Ana's meeting went out as Sam's REQUEST with Ana's UID (and a CANCEL when Bo left)."""
    trip = _invite_trip()
    trip.sent = [_hijacked_record(trip)]
    theirs = trip.event("theirs@x")
    assert theirs is not None
    trip.events[0] = dataclasses.replace(theirs, attendees=("ana", "sam"))  # Bo left: no CANCEL from us either
    plan = plan_invites(trip, PEOPLE[2], None, FROZEN)
    sent = {str(v["UID"]) for f in plan.files for v in _vevents(f.request_text)}
    assert sent == {"ours@x", "made@keeps-trip"}
    assert not any(f.cancels for f in plan.files)
    assert [(w.event.id, w.reason) for w in plan.withheld] == [
        ("theirs@x", "organized by ana@example.com; not sent — tripplan sends invites only for events you organize"),
        ("theirs@x#20270330T080000Z", "organized by ana@example.com; not sent — tripplan sends invites only for "
                                      "events you organize")]
    assert next(r for r in plan.records if r.event == "theirs@x") == trip.sent[0]  # the record is left as it was
    # Ana herself sends them: her own meeting goes out (the organizer compared ignoring case).
    ana = plan_invites(trip, PEOPLE[0], None, FROZEN)
    assert [w.event.id for w in ana.withheld] == ["ours@x"]  # … and Sam's is not hers to send
    assert "theirs@x" in {str(v["UID"]) for f in ana.files for v in _vevents(f.request_text)}


def test_the_invites_report_says_which_events_are_not_sent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) \
        -> None:
    path = tmp_path / "trip.toml"
    save_trip(_invite_trip(), path, None)
    code = main(["invites", str(path), "--out", str(tmp_path / "out"), "--organizer", "sam", "--dry-run"])
    out = capsys.readouterr().out
    assert code == 1  # done, with something left out
    assert ("Ana's weekly · Tue 23 Mar 10:00: organized by ana@example.com; not sent — tripplan sends invites "
            "only for events you organize") in out
    assert "Ana's weekly, moved · Tue 30 Mar 15:00: organized by ana@example.com" in out
    assert "Sam's review" not in out.split("Not sent")[1]


def test_the_tui_invite_preview_says_which_events_are_not_sent(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets import Static

    from tests.tui.conftest import NOW, opened, run, screen_text, settle
    from tripplan.tui.screens.exchange import InvitesDialog

    for name in ("DATA", "TRIPS", "CONFIG"):
        monkeypatch.setenv(f"TRIPPLAN_{name}_DIR", str(tmp_path / name.lower()))
    monkeypatch.setenv("TRIPPLAN_NOW", NOW)
    path = tmp_path / "trip.toml"
    save_trip(_invite_trip(), path, None)

    async def body() -> None:
        async with opened(path, size=(160, 50)) as (app, pilot):
            app.screen.export("invites")
            await settle(app, pilot)
            dialog = app.screen
            assert isinstance(dialog, InvitesDialog)
            text = " ".join(str(dialog.query_one("#preview", Static).render()).split())
            assert "Ana's weekly" in screen_text(app)
            assert "✗ not sent Ana's weekly · Tue 23 Mar 10:00 · organized by ana@example.com; not sent — " \
                   "tripplan sends invites only for events you organize" in text
            assert "Ana's weekly, moved" in text

    run(body)
