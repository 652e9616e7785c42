"""A per-day index of a trip, and its cache, so ``today`` answers instantly.

Parsing and validating a 3,000-event trip takes longer than the whole
``today`` budget, so the first run after any edit builds a compact index —
the rows of every day in destination time — and stores it in the user's
cache folder.  The cache is keyed by the trip file's content hash (plus the
tripplan version), so it can never serve stale data; a missing, foreign or
broken cache is silently rebuilt.  The index holds only plain strings and
numbers so ``marshal`` can load it in a millisecond without importing the
model, the TOML parser or dateutil.

The index is the single path to agenda output: a fresh build and a cache hit
render through the same rows, so they cannot disagree.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from hashlib import blake2b
from typing import Any

from tripplan import __version__
from tripplan.road import cachefile

FORMAT = 6  # 3: rows hold UTC instants (the fold of a repeated hour survives), custom zones are kept;
# 4: rows say whether the event is tentative and its first link to join;
# 5: the stops (days in their city's zone), the travellers, and which travellers attend each row;
# 6: each attendee's answer to the invite (tripplan.trip.answers)
# An event spanning months (an all-day "conference season") is listed on at most this many days.
MAX_DAYS_PER_EVENT = 62

# Row layout (a tuple, for speed and compactness):
# (start_utc_iso, start_zone, end_utc_iso, end_zone, title, kind, category, location, attendees, id, all_day,
#  tentative, join link, travellers attending, answers);
# the instants are UTC ISO texts, read back in their zones with astimezone, so the fold is never lost.
# "travellers attending" are the ids Trip.travellers_at gives ("" for the traveller while the trip names no me).
# "answers" has one AnswerRow per attendee, in the attendees' order.
# An attendee's answer: (status, answered: the reply's DTSTAMP as UTC ISO or "", comment, delegated to, the answer
# to an earlier version when a change asked again) -- see tripplan.trip.answers.Answer.
AnswerRow = tuple[str, str, str, str, str]
Row = tuple[str, str, str, str, str, str, str, str, tuple[str, ...], str, bool, bool, str, tuple[str, ...],
            tuple[AnswerRow, ...]]
# A stop: (city, zone, first day ISO, last day ISO, the UTC instant it begins as whole epoch seconds).
StopRow = tuple[str, str, str, str, int]


def build_index(trip: Any) -> dict[str, Any]:
    """The day index of a loaded ``Trip``: metadata, people, stops, travellers and rows per trip day.

    A timed occurrence is listed on every trip day it overlaps, each day being
    read in the zone of its stop (``Trip.day_of``); an all-day event on its
    own dates.
    """
    from tripplan.time.zones import day_start
    from tripplan.trip.recurrence import expand

    stops = trip.stops
    bounds = [day_start(s.first, s.tz) for s in stops]
    lo, hi = day_start(trip.start, stops[0].tz), day_start(trip.end + timedelta(days=1), stops[-1].tz)
    plain = [e for e in trip.events if not e.recurring]
    recurring = [e for e in trip.events if e.recurring]
    occurrences = [(e, e.start_utc, e.end_utc) for e in plain]
    occurrences += [(o.event, o.start_utc, o.end_utc) for o in expand(recurring, lo, hi)]
    # Sorting the UTC instants first keeps every day's rows in order without re-parsing them.
    occurrences.sort(key=lambda o: (o[1], o[2], o[0].id))
    days: dict[str, list[Row]] = {}
    attending: dict[str, tuple[str, ...]] = {}
    rule = trip.attending()
    everyone = tuple(rule.traveller_ids)  # what travellers_at gives an event that names none, found once
    zone_of = _zone_finder(stops, bounds)
    answers_of = _answer_finder(trip)
    for event, start, end in occurrences:
        who = attending.get(event.id)
        if who is None:
            who = attending[event.id] = everyone if event.travellers is None else tuple(rule.travellers_at(event))
        row: Row = (start.isoformat(), event.tz.key, end.isoformat(), event.end_tz.key, event.title,
                    event.kind.value, event.category.value, event.location, tuple(event.attendees), event.id,
                    event.all_day, event.ical.status == "TENTATIVE", next(iter(event.ical.conference), ""), who,
                    answers_of(event, start if event.recurring else None))
        for day in _days_touched(start, end, (lambda _, own=event.tz: own) if event.all_day else zone_of):
            days.setdefault(day.isoformat(), []).append(row)
    me = trip.me
    return {
        "name": trip.name, "destination": trip.destination, "timezone": trip.timezone.key,
        "home_timezone": trip.home_timezone.key, "start": trip.start.isoformat(), "end": trip.end.isoformat(),
        "people": {p.id: (p.name, p.role.value, p.org) for p in trip.people},
        "zones": dict(trip.zones),
        "stops": [(s.city or trip.destination or s.tz.key, s.tz.key, s.first.isoformat(), s.last.isoformat(),
                   int(b.timestamp())) for s, b in zip(stops, bounds, strict=True)],
        "multi_city": trip.multi_city,
        "me": me.id if me is not None else "",
        "travellers": [(i, trip.person(i).name if i else "you", trip.home_of(i).key) for i in trip.traveller_ids],
        "days": days,
    }


def _answer_finder(trip: Any) -> Any:
    """A function giving the attendees' answers of an occurrence (series answers looked up once per event)."""
    from tripplan.trip.answers import NEEDS_ACTION, Answers

    answers = Answers(trip)
    people = {p.id: p for p in trip.people}
    by_occurrence = {r.event for r in trip.replies if r.occurrence is not None}
    unknown: AnswerRow = (NEEDS_ACTION, "", "", "", "")
    series: dict[str, tuple[AnswerRow, ...]] = {}

    def one(event: Any, ident: str, occurrence: datetime | None) -> AnswerRow:
        person = people.get(ident)
        if person is None:
            return unknown
        answer = answers.of(event, person, occurrence)
        answered = answer.since.isoformat() if answer.since is not None and answer.status != NEEDS_ACTION else ""
        return (answer.status, answered, answer.comment, answer.delegated_to, answer.earlier)

    def answers_of(event: Any, occurrence: datetime | None) -> tuple[AnswerRow, ...]:
        if occurrence is not None and event.id in by_occurrence:  # a reply to this occurrence counts for it only
            return tuple(one(event, ident, occurrence) for ident in event.attendees)
        found = series.get(event.id)
        if found is None:
            found = series[event.id] = tuple(one(event, ident, None) for ident in event.attendees)
        return found

    return answers_of


def _zone_finder(stops: list[Any], bounds: list[datetime]) -> Any:
    """The zone of the stop an instant happens at (``Trip.stop_at``), with the stops' first instants computed once."""
    if len(stops) == 1:
        only = stops[0].tz
        return lambda moment: only
    pairs = list(zip(bounds[1:], stops[1:], strict=True))

    def zone_at(moment: datetime) -> Any:
        found = stops[0]
        for begins, stop in pairs:  # a handful of stops: a scan, as Trip.stop_at does
            if begins > moment:
                break
            found = stop
        return found.tz

    return zone_at


def _days_touched(start: datetime, end: datetime, zone_at: Any) -> list[date]:
    """Trip days an occurrence of two instants overlaps (one ending as a day begins does not touch it).

    Each instant is read in ``zone_at(instant)``: the zone of the stop it
    happens at; for an all-day event that is its own zone, so its dates are
    the ones it was given.
    """
    first = start.astimezone(zone_at(start)).date()
    last_moment = end - timedelta(microseconds=1)
    last = max(last_moment.astimezone(zone_at(last_moment)).date(), first)
    span = min((last - first).days, MAX_DAYS_PER_EVENT - 1)
    return [first + timedelta(days=i) for i in range(span + 1)]


def cache_dir() -> str:
    """Where day indexes are cached: ``days`` in the user's cache folder (platformdirs: on Linux
    ``$XDG_CACHE_HOME/tripplan/days``, else ``~/.cache/tripplan/days``); ``TRIPPLAN_CACHE_DIR`` overrides it.

    platformdirs (with the pathlib it pulls in) is imported only when there is no override.
    """
    override = os.environ.get("TRIPPLAN_CACHE_DIR")
    if override:
        return override
    from platformdirs import user_cache_dir

    return os.path.join(user_cache_dir("tripplan", appauthor=False), "days")


def _cache_name(path: str) -> str:
    return f"{blake2b(os.path.realpath(path).encode(), digest_size=16).hexdigest()}.marshal"


def _key(data: bytes) -> str:
    return f"{FORMAT}:{__version__}:{blake2b(data, digest_size=20).hexdigest()}"


def load_index(path: str) -> dict[str, Any]:
    """The day index for the trip file at *path*, from the cache when it is current.

    Raises ``TripFileError`` if the file is missing or invalid (the cache is
    never consulted without reading the file: the file is the truth).
    """
    from tripplan.files.raw import read_bytes

    data = read_bytes(path)
    key = cachefile.key_of(_key(data))
    use_cache = os.environ.get("TRIPPLAN_NO_CACHE", "") in ("", "0")
    name = _cache_name(path)
    folder = cachefile.open_folder(cache_dir(), create=False, tighten=False) if use_cache else None
    if folder is not None:
        try:
            # The header (this trip's key, the payload's digest) is checked on the raw bytes first: marshal
            # decodes only what this user's tripplan wrote for exactly these file bytes.
            body = cachefile.read(folder, name, key)
        finally:
            os.close(folder)
        if body is not None:
            try:
                meta, blobs = marshal.loads(body)
                if isinstance(meta, dict) and isinstance(blobs, dict):
                    meta["days"] = LazyDays(blobs)
                    return meta
            except Exception:  # a cache of an older layout is simply rebuilt
                pass
    from tripplan.files.storage import parse_trip

    index = build_index(parse_trip(data, path))
    if use_cache:
        _store(name, key, index)
    return index


class LazyDays:
    """The rows of each day, unmarshalled only when that day is asked for.

    Each day is stored as its own marshal blob: loading the cache then costs
    a copy of bytes, not the creation of every row of a 30,000-event trip,
    and ``today`` decodes the one day it shows.
    """

    __slots__ = ("_blobs", "_rows")

    def __init__(self, blobs: dict[str, bytes]) -> None:
        self._blobs = blobs
        self._rows: dict[str, list[Row]] = {}

    def __getitem__(self, day: str) -> list[Row]:
        rows = self._rows.get(day)
        if rows is None:
            rows = self._rows[day] = marshal.loads(self._blobs[day])
        return rows

    def get(self, day: str, default: list[Row] | None = None) -> list[Row] | None:
        """The rows of *day* (an ISO date), or *default*."""
        return self[day] if day in self._blobs else default

    def __contains__(self, day: object) -> bool:
        return day in self._blobs

    def __iter__(self) -> Iterator[str]:
        return iter(self._blobs)

    def __len__(self) -> int:
        return len(self._blobs)


def _store(name: str, key: bytes, index: dict[str, Any]) -> None:
    """Write the cache atomically into the private cache folder; failing to cache is never an error."""
    where = cache_dir()
    folder = cachefile.open_folder(where, create=True, tighten=not os.environ.get("TRIPPLAN_CACHE_DIR"))
    if folder is None:
        return
    try:
        meta = {k: v for k, v in index.items() if k != "days"}
        blobs = {day: marshal.dumps(rows) for day, rows in index["days"].items()}
        cachefile.write(where, folder, name, key, marshal.dumps((meta, blobs)))
    except ValueError:
        pass
    finally:
        os.close(folder)
