r"""Property: event → .ics (an invite, read by ``tripplan import``) → event keeps what matters.

Title, start and end instants, start and end zones, place, attendees and
reminders survive for arbitrary Unicode text (CR, LF, commas, semicolons,
backslashes, quotes, emoji), any IANA zone this machine knows, and lengths
that cross a DST change.

What changes on the way, on purpose, asserted below rather than hidden:

- text: every line break becomes LF (export) and the control characters
  other than tab and LF are dropped; a title or place is then one line,
  its runs of whitespace a single space, trimmed (import); an empty title
  becomes "(untitled)";
- an attendee's name (a quoted CN) loses its line breaks and control
  characters to a space and its double quotes to apostrophes (a quoted
  parameter cannot hold one); icalendar then reads ``\\`` ``\;`` ``\,`` ``\:``
  in it as escapes; an empty name is written as the address, a blank one
  comes back as the address's local part;
- a time in the zone ``UTC``, or in the second pass of a repeated hour, is
  written as UTC (``…Z``) and comes back at the same instant, in the zone
  the event's other end names (else the importing trip's);
- instants are drawn right next to offset changes, both passes of repeated
  hours included, and compared as instants (issue 13).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tripplan.ical.export import Sent, request_calendar
from tripplan.ical.importer import import_calendar
from tripplan.ical.vtimezone import transitions
from tripplan.time.zones import UnknownZoneError, is_ambiguous, zone
from tripplan.trip.model import Event, Kind, Person, Recipient, Reminder, Trip


def _known(key: str) -> bool:
    try:
        zone(key)
    except UnknownZoneError:
        return False
    return True


ZONES = sorted(key for key in available_timezones() if _known(key))
NOW = datetime(2027, 1, 15, 12, 0, tzinfo=UTC)
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40) | st.lists(
    st.sampled_from(["\r", "\n", "\r\n", ",", ";", ":", "\\", '"', "'", "\\n", "\t", " ", "🎉", "é", "\u2028",
                     "\x85", "\x1b", "BEGIN:VEVENT", "word"]), max_size=8).map("".join)
# A domain label neither begins nor ends with a hyphen (tripplan.trip.addresses refuses '-.example').
EMAILS = st.from_regex(r"[a-z0-9][a-z0-9._+-]{0,9}@[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?\.example", fullmatch=True)


@cache
def _changes(key: str) -> list[datetime]:
    return [onset for onset, _, _ in transitions(ZoneInfo(key), date(2026, 1, 1), date(2028, 1, 1))]


def _written_in_utc(moment: datetime, key: str) -> bool:
    """Whether the export writes this instant as UTC (``…Z``): the zone is UTC, or it is a repeated hour's second pass.

    A local time in a repeated hour means its first pass (RFC 5545), so the
    second pass can only be written as the instant.
    """
    local = moment.astimezone(ZoneInfo(key))
    return key in ("UTC", "Etc/UTC") or (is_ambiguous(local.replace(tzinfo=None, fold=0), ZoneInfo(key)) and \
        local.fold == 1)


@st.composite
def events(draw: st.DrawFn) -> tuple[Event, list[Person]]:
    key = draw(st.sampled_from(ZONES))
    changes = _changes(key)
    if changes and draw(st.booleans()):  # shortly before or after an offset change: folds and gaps
        instant = draw(st.sampled_from(changes)) + timedelta(minutes=draw(st.integers(-36 * 60, 120)))
    else:
        instant = datetime(2026, 6, 1, tzinfo=UTC) + timedelta(minutes=draw(st.integers(0, 365 * 24 * 60)))
    end_key = draw(st.sampled_from([key, key, *draw(st.lists(st.sampled_from(ZONES), max_size=1))]))
    end = instant + timedelta(minutes=draw(st.integers(1, 3 * 24 * 60)))
    people = [Person(id=f"p{i}", name=draw(TEXT), email=email)
              for i, email in enumerate(draw(st.lists(EMAILS, max_size=3, unique_by=str.lower)))]
    reminders = [Reminder(timedelta(minutes=m)) for m in draw(st.lists(st.integers(0, 14 * 24 * 60), max_size=3,
                                                                        unique=True))]
    event = Event(id="e1", title=draw(TEXT), kind=Kind.MEETING, start_utc=instant, end_utc=end, tz=zone(key),
                  end_tz=zone(end_key), location=draw(TEXT), attendees=tuple(p.id for p in people),
                  reminders=tuple(reminders))
    return event, people


def line(value: str) -> str:
    """A title or place after export and import."""
    value = re.sub(r"\r\n|[\r\x85\u2028\u2029]", "\n", value)
    return " ".join(re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", "", value).split())


def name(value: str, email: str) -> str:
    """An attendee's name after export (a quoted CN; the address when the name is empty) and import."""
    value = re.sub(r"\r\n|[\r\x85\u2028\u2029]", "\n", value)
    value = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", value) or email
    value = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+", " ", value).replace('"', "'")
    value = " ".join(re.sub(r"\\([\\;,:])", r"\1", value).split())
    return value or email.split("@")[0]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=events())
def test_event_survives_ics_and_import(case: tuple[Event, list[Person]]) -> None:
    event, people = case
    source = Trip(name="Source", timezone=event.start_zone, home_timezone=event.end_zone,
                  start=event.local_start.date(), end=event.local_end.date(), uid="source-trip", people=people,
                  events=[event])
    organizer = Recipient(person="org", name="Organiser", email="organiser@example.org")
    data = request_calendar(source, NOW, organizer,
                            [Sent(event, 0, [Recipient(p.id, p.name, p.email) for p in people])])
    target = Trip(name="Target", timezone=zone("Asia/Tokyo"), home_timezone=zone("Asia/Tokyo"),
                  start=date(2026, 1, 1), end=date(2026, 1, 2), uid="target-trip")
    report = import_calendar(target, data.encode("utf-8"), all_dates=True)
    assert len(report.added) == 1 and not report.skipped, report
    (got,) = target.events

    assert got.title == (line(event.title) or "(untitled)")
    assert got.location == line(event.location)
    assert got.start_utc == event.start_utc and got.end_utc == event.end_utc  # the same instants, fold and all
    # The offsets of the wall times shown are the instants' own in the zones they came back in.
    assert got.local_start.utcoffset() == event.start_utc.astimezone(got.tz).utcoffset()
    start_utc = _written_in_utc(event.start_utc, event.tz.key)
    end_utc = _written_in_utc(event.end_utc, event.end_tz.key)
    # A zone written out comes back; a time written as UTC takes the zone the other end names, else the trip's.
    if not start_utc:
        assert got.tz.key == event.tz.key
    if not end_utc:
        assert got.end_tz.key == event.end_tz.key
    if start_utc and end_utc:
        assert got.tz.key in ("Asia/Tokyo", event.tz.key) and got.end_tz.key == got.tz.key
    assert sorted(r.before for r in got.reminders) == sorted(r.before for r in event.reminders)
    imported = {p.id: p for p in target.people}
    assert sorted((imported[i].email, imported[i].name) for i in got.attendees) == sorted(
        (p.email, name(p.name, p.email)) for p in people)
