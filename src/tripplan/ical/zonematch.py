"""Which zone a calendar's own VTIMEZONE really is: an IANA zone that agrees with it, or its own rules.

A VTIMEZONE named by IANA ("Europe/Berlin") is that zone.  One with another
name (Outlook's ``(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm,
Vienna``, a Windows name such as ``W. Europe Standard Time``, or
``(UTC-03:00) Brasília`` with the DST rules Brazil dropped in 2019) is read
by ``icalendar`` as a tzinfo of its own (``Timezone.to_tz``) and compared,
offset by offset, with candidate IANA zones over the dates that matter (the
trip's): the first that agrees at every transition is used — the Windows
name's IANA zone first (the CLDR table icalendar ships), then the trip's and
the calendar's zones, the cities the name mentions, and then every zone.

When none agrees, the VTIMEZONE's current yearly rules are turned into a
POSIX TZ rule (``<+01>-1<+02>-2,M3.5.0/2,M10.5.0/3``) that
:func:`tripplan.time.zones.rule_zone` makes a zone of; it is used only if it, too,
agrees with the VTIMEZONE over those dates.  Otherwise the caller refuses
the event: its times would be guesses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from tripplan.ical.vtimezone import transitions
from tripplan.time.zones import UnknownZoneError, rule_zone, zone

Span = tuple[date, date]  # first and last day (inclusive) over which two zones must agree
_SAMPLE = timedelta(hours=12)  # the quick check's step, before the exact one
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def vtimezone_tz(vtimezone: Any, spans: Sequence[Span]) -> tzinfo:
    """The VTIMEZONE as a tzinfo (icalendar's ``Timezone.to_tz``), quick to ask over *spans*.

    Outlook's observances start in 1601, and dateutil walks each yearly rule from there on every question;
    so a copy is read whose yearly observances start at their first change three years before *spans*
    (nothing changes there or later).
    """
    import copy

    from dateutil.rrule import rrulestr

    first = datetime(max(min(a.year for a, _ in spans) - 3, 1), 1, 1)
    quick = copy.deepcopy(vtimezone)
    for observance in quick.subcomponents:
        if observance.name not in ("STANDARD", "DAYLIGHT") or "RRULE" not in observance or "DTSTART" not in observance:
            continue
        start = _start(observance)
        if start >= first:
            continue
        try:
            rule = rrulestr(observance["RRULE"].to_ical().decode("utf-8", "replace"), dtstart=start)
            moved = rule.after(first, inc=True)
        except Exception:  # a rule dateutil cannot read: the observance stays as it is
            continue
        if moved is not None:
            observance.pop("DTSTART")
            observance.add("DTSTART", moved)
    return quick.to_tz(lookup_tzid=False)  # type: ignore[no-any-return]


def tzid_name(tzid: str) -> str:
    """A TZID as written in a parameter or a VTIMEZONE: without quotes and TEXT escapes, trimmed."""
    name = tzid.strip().strip('"')
    return re.sub(r"\\([\\,;nN])", lambda m: "\n" if m[1] in "nN" else m[1], name).strip()


def _offset(tz: tzinfo, moment: datetime) -> timedelta:
    return moment.astimezone(tz).utcoffset() or timedelta(0)


def _samples(spans: Sequence[Span]) -> list[datetime]:
    found: list[datetime] = []
    for first, last in spans:
        moment = datetime.combine(first, time(0), UTC)
        end = datetime.combine(last + timedelta(days=1), time(0), UTC)
        while moment <= end:
            found.append(moment)
            moment += _SAMPLE
    return found


class _Profile:
    """A zone's offsets at the sample instants of *spans* and its transitions there, worked out once.

    Reading a VTIMEZONE's offset through dateutil walks its rules from 1601 each time: the file's own zone
    is profiled once, and each candidate compared with the profile.
    """

    def __init__(self, tz: tzinfo, spans: Sequence[Span]) -> None:
        self.spans = tuple(spans)
        self.samples = _samples(spans)
        self.offsets = [_offset(tz, m) for m in self.samples]
        self._tz = tz
        self._changes: list[list[tuple[datetime, timedelta, timedelta]]] | None = None

    def changes(self) -> list[list[tuple[datetime, timedelta, timedelta]]]:
        if self._changes is None:
            self._changes = [transitions(self._tz, *_edges(span)) for span in self.spans]
        return self._changes

    def matches(self, other: tzinfo) -> bool:
        """Whether *other* gives the same offset at every instant of the spans (quick check, then exact)."""
        if any(_offset(other, m) != o for m, o in zip(self.samples, self.offsets, strict=True)):
            return False
        return all(transitions(other, *_edges(span)) == mine
                   for span, mine in zip(self.spans, self.changes(), strict=True))


def _edges(span: Span) -> tuple[date, date]:
    # A day either side: a change at the edge of a span must agree too.
    return span[0] - timedelta(days=1), span[1] + timedelta(days=2)


def agree(own: tzinfo, other: tzinfo, spans: Sequence[Span]) -> bool:
    """Whether *own* and *other* give the same UTC offset at every instant of *spans*.

    A quick comparison every 12 hours rules most candidates out; the rest
    are compared transition by transition (each found to the second).
    """
    return _Profile(own, spans).matches(other)


@cache
def _all_zones() -> tuple[str, ...]:
    # Area/City names first; legacy aliases ("CET", "US/Eastern") and Etc/ zones last.
    names = [n for n in available_timezones() if n not in ("Factory", "localtime")]
    return tuple(sorted(names, key=lambda n: ("/" not in n or n.startswith(("Etc/", "SystemV/")), n)))


def _named_cities(name: str) -> list[str]:
    """IANA zones whose city the TZID names, in the order it names them ("… Amsterdam, Berlin …")."""
    text = name.casefold()
    found: list[tuple[int, str]] = []
    for key in _all_zones():
        city = key.rsplit("/", 1)[-1].replace("_", " ").casefold()
        if "/" in key and len(city) > 2:
            at = re.search(rf"(?<![a-z]){re.escape(city)}(?![a-z])", text)
            if at is not None:
                found.append((at.start(), key))
    return [key for _, key in sorted(found)]


def _meant(name: str) -> list[str]:
    """The IANA zones a TZID itself names: a Windows name's (icalendar's CLDR table), a vendor prefix's tail."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    parts = [p for p in name.split("/") if p]
    tails = ["/".join(parts[-n:]) for n in (3, 2) if len(parts) > n]  # /vendor/prefix/Europe/Berlin
    return [WINDOWS_TO_OLSON[name], *tails] if name in WINDOWS_TO_OLSON else tails


def _first(keys: Iterable[str], profile: _Profile) -> ZoneInfo | None:
    for key in dict.fromkeys(keys):
        try:
            candidate = zone(key)
        except UnknownZoneError:
            continue
        if profile.matches(candidate):
            return candidate
    return None


def iana_match(name: str, own: tzinfo, spans: Sequence[Span], preferred: Iterable[ZoneInfo],
               strict: bool = True) -> ZoneInfo | None:
    """An IANA zone that agrees with *own* over *spans*, or ``None``.

    Tried in this order: the zone the name itself means (a Windows name, a vendor-prefixed IANA name);
    *preferred* (the trip's and the calendar's zones) and the zones of the cities the name mentions; then
    any zone that agrees for a year either side of *spans* too, which is most likely the zone meant.  With
    *strict* that is all: another zone that agrees only over the trip (Nuuk, for an out-of-date Brazilian
    rule in November) is a coincidence, and the caller keeps the VTIMEZONE's own rules instead.  Without,
    every zone is then tried over *spans* alone.
    """
    profile = _Profile(own, spans)
    likely = [*_meant(name), *(z.key for z in preferred), *_named_cities(name)]
    found = _first(likely, profile)
    if found is not None:
        return found
    wider = _Profile(own, [(a - timedelta(days=366), b + timedelta(days=366)) for a, b in spans])
    found = _first(_all_zones(), wider)
    if found is not None or strict:
        return found
    return _first(_all_zones(), profile)


class NoRule(ValueError):
    """The VTIMEZONE's rules cannot be written as a POSIX TZ rule; the message says why."""


def _posix_offset(offset: timedelta) -> str:
    seconds = -int(offset.total_seconds())  # POSIX counts west of Greenwich as positive
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return sign + str(hours) + (f":{minutes:02d}" if minutes or secs else "") + (f":{secs:02d}" if secs else "")


def _abbreviation(component: Any, offset: timedelta) -> str:
    name = str(component.get("TZNAME", "")).strip()
    if re.fullmatch(r"[A-Za-z]{3,6}", name):
        return name
    seconds = int(offset.total_seconds())
    hours, rest = divmod(abs(seconds), 3600)
    return f"<{'-' if seconds < 0 else '+'}{hours:02d}{rest // 60:02d}>"


def _month_rule(component: Any) -> str:
    """``Mm.w.d/hh:mm:ss`` for an observance repeating yearly on the n-th (or last) weekday of a month."""
    rules = component.get("RRULE")
    rule = rules[0] if isinstance(rules, list) else rules
    parts = {str(k).upper(): v for k, v in rule.items()}
    allowed = {"FREQ", "BYMONTH", "BYDAY", "BYMONTHDAY", "INTERVAL", "WKST", "UNTIL"}
    if [str(f).upper() for f in parts.get("FREQ", [])] != ["YEARLY"] or set(parts) - allowed \
            or [int(i) for i in parts.get("INTERVAL", [1])] != [1] or len(parts.get("BYMONTH", [])) != 1 \
            or len(parts.get("BYDAY", [])) != 1:
        raise NoRule(f"its observance rule {rule.to_ical().decode(errors='replace')!r} is not 'the n-th weekday "
                     "of a month, every year'")
    month = int(parts["BYMONTH"][0])
    found = re.fullmatch(r"([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)", str(parts["BYDAY"][0]).upper())
    if found is None:
        raise NoRule(f"its observance day {parts['BYDAY'][0]!r} cannot be read")
    ordinal = int(found[1]) if found[1] else None
    if ordinal is None:  # BYDAY=SU;BYMONTHDAY=8,9,…,14: the second Sunday, written the old way
        days = sorted(int(d) for d in parts.get("BYMONTHDAY", []))
        if len(days) != 7 or days != list(range(days[0], days[0] + 7)) or (days[0] - 1) % 7:
            raise NoRule("its observance day is a weekday without a week of the month")
        ordinal = (days[0] - 1) // 7 + 1
    elif "BYMONTHDAY" in parts:
        raise NoRule("its observance rule combines BYDAY and BYMONTHDAY")
    if ordinal not in (1, 2, 3, 4, -1):
        raise NoRule(f"its observance falls on week {ordinal} of the month, which POSIX rules cannot say")
    weekday = (_DAYS.index(found[2]) + 1) % 7  # POSIX: 0 is Sunday
    onset = component["DTSTART"].dt
    clock = onset.time() if isinstance(onset, datetime) else time(0)
    at = f"{clock.hour}" + (f":{clock.minute:02d}" if clock.minute or clock.second else "") + \
        (f":{clock.second:02d}" if clock.second else "")
    return f"M{month}.{5 if ordinal == -1 else ordinal}.{weekday}/{at}"


def _start(component: Any) -> datetime:
    value = component["DTSTART"].dt
    return value if isinstance(value, datetime) else datetime.combine(value, time(0))


def posix_rule(vtimezone: Any, spans: Sequence[Span]) -> str:
    """The VTIMEZONE's rules in force over *spans*, as a POSIX TZ rule; :class:`NoRule` if they cannot be.

    The observances that start after the spans are ignored; of the rest,
    the latest yearly STANDARD and DAYLIGHT (or, without yearly rules, the
    latest observance: a fixed offset) give the rule.
    """
    last_day = max(last for _, last in spans)
    observances = [c for c in vtimezone.subcomponents if c.name in ("STANDARD", "DAYLIGHT") and "DTSTART" in c
                   and _start(c).date() <= last_day]
    if not observances:
        raise NoRule("it has no observance before the trip ends")
    yearly = {kind: max((c for c in observances if c.name == kind and "RRULE" in c), key=_start, default=None)
              for kind in ("STANDARD", "DAYLIGHT")}
    standard, daylight = yearly["STANDARD"], yearly["DAYLIGHT"]
    if standard is None and daylight is None:
        latest = max(observances, key=_start)
        offset = latest["TZOFFSETTO"].td
        return f"{_abbreviation(latest, offset)}{_posix_offset(offset)}"
    if standard is None or daylight is None:
        raise NoRule("it repeats a change every year in one direction only")
    std, dst = standard["TZOFFSETTO"].td, daylight["TZOFFSETTO"].td
    return (f"{_abbreviation(standard, std)}{_posix_offset(std)}{_abbreviation(daylight, dst)}{_posix_offset(dst)}"
            f",{_month_rule(daylight)},{_month_rule(standard)}")


def _name_for(label: str | None, offset: timedelta) -> str:
    if label and re.fullmatch(r"[A-Za-z]{3,6}", label):
        return label
    seconds = int(offset.total_seconds())
    hours, rest = divmod(abs(seconds), 3600)
    return f"<{'-' if seconds < 0 else '+'}{hours:02d}{rest // 60:02d}>"


def _month_rules(own: tzinfo, onset: datetime, before: timedelta) -> list[str]:
    """``Mm.w.d/time`` rules that name the change at the UTC instant *onset* (local time *before* it)."""
    local = (onset + before).replace(tzinfo=None)
    at = f"{local.hour}" + (f":{local.minute:02d}" if local.minute or local.second else "") + \
        (f":{local.second:02d}" if local.second else "")
    weekday = (local.weekday() + 1) % 7
    weeks = [(local.day - 1) // 7 + 1]
    if (local + timedelta(days=7)).month != local.month:
        weeks.append(5)  # also the last such weekday of the month
    return [f"M{local.month}.{w}.{weekday}/{at}" for w in dict.fromkeys(weeks) if w <= 5]


def rules_from_changes(own: tzinfo, spans: Sequence[Span]) -> list[str]:
    """POSIX rules that may describe *own*, read from its changes (a VTIMEZONE written one observance per
    change, as tripplan's export and many others write them, has no yearly rule to read)."""
    wide = [(a - timedelta(days=366), b + timedelta(days=366)) for a, b in spans]
    changes = sorted(c for span in wide for c in transitions(own, *_edges(span)))
    first = datetime.combine(spans[0][0], time(0), UTC)
    if not changes:
        offset = _offset(own, first)
        return [f"{_name_for(first.astimezone(own).tzname(), offset)}{_posix_offset(offset)}"]
    ups = [c for c in changes if c[2] > c[1]]
    downs = [c for c in changes if c[2] < c[1]]
    if not ups or not downs:
        raise NoRule("its offset changes only one way")
    (up, up_before, dst), (down, down_before, std) = ups[-1], downs[-1]
    names = (_name_for(down.astimezone(own).tzname(), std) + _posix_offset(std)
             + _name_for(up.astimezone(own).tzname(), dst) + _posix_offset(dst))
    return [f"{names},{start},{end}" for start in _month_rules(own, up, up_before)
            for end in _month_rules(own, down, down_before)]


def own_rules(name: str, vtimezone: Any, own: tzinfo, spans: Sequence[Span]) -> tuple[ZoneInfo, str]:
    """A zone called *name* with the VTIMEZONE's own rules, checked against *own* over *spans*, and its rule.

    The rule is read from the VTIMEZONE's yearly observances, else from its changes; :class:`NoRule` says
    why there is none.
    """
    tried: list[str] = []
    reason = ""
    try:
        tried.append(posix_rule(vtimezone, spans))
    except NoRule as exc:
        reason = str(exc)
    try:
        tried += rules_from_changes(own, spans)
    except NoRule as exc:
        reason = reason or str(exc)
    profile = _Profile(own, spans)
    for rule in dict.fromkeys(tried):
        try:
            kept = rule_zone(name, rule)
        except ValueError as exc:
            reason = reason or str(exc)
            continue
        if profile.matches(kept):
            return kept, rule
        reason = reason or f"its rules, read as {rule!r}, do not give its own offsets over the trip"
    raise NoRule(reason or "no rule could be read from it")
