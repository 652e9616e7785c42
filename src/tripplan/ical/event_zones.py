"""The zone a TZID stands for in one calendar: an IANA name, a Windows or vendor-prefixed name, or a
VTIMEZONE of the file matched with an IANA zone or kept with its own rules (see :mod:`tripplan.ical.convert`).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from tripplan.ical.import_context import (
    Context,
    Extra,
    UnknownZone,
    Unusable,
    clean,
    no_days,
)
from tripplan.ical.zonematch import NoRule, agree, iana_match, own_rules, tzid_name, vtimezone_tz
from tripplan.time.zones import UnknownZoneError, rule_zone, zone

MAX_OWN_ZONES = 5  # zones a file defines under names of its own that are compared with the IANA zones (each ~0.2 s)


def _zone_for_tzid(tzid: str) -> tuple[ZoneInfo | None, str]:
    """The IANA zone a TZID means without a VTIMEZONE, and how we know (for the report)."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    name = tzid_name(tzid)
    candidates = [(name, "")]
    if name.strip("/") != name:  # "/Europe/Stockholm": a slash too many (icalendar strips it too)
        candidates.append((name.strip("/"), "zone name with a slash around it"))
    if name in WINDOWS_TO_OLSON:
        candidates.append((WINDOWS_TO_OLSON[name], "Windows zone name"))
    parts = [p for p in name.split("/") if p]
    candidates += [("/".join(parts[-n:]), "vendor-prefixed zone name") for n in (3, 2) if len(parts) > n]
    for candidate, how in candidates:
        try:
            return zone(candidate), how
        except UnknownZoneError:
            continue
    return None, ""


def _custom_name(name: str, rule: str, custom: dict[str, str]) -> str:
    """The name a kept zone gets in ``[trip.zones]``: the TZID (cut to fit), numbered when taken by another rule."""
    base = " ".join(clean(name).split())[:190] or "Custom zone"
    try:
        zone(base)
        base = f"{base} (from the calendar)"  # an IANA name cannot name a custom zone
    except UnknownZoneError:
        pass
    candidate, n = base, 2
    while custom.get(candidate, rule) != rule:
        candidate, n = f"{base} ({n})", n + 1
    return candidate


def resolve_zone(tzid: str, ctx: Context, what: str, extra: Extra = no_days) -> ZoneInfo:
    """The zone a TZID stands for in this calendar (see the module docstring); ``Unusable`` if none.

    *extra* gives a span of days (the event's own, when it lies outside the trip) over which the file's
    own zone must agree too.
    """
    name = tzid_name(tzid)
    try:
        return zone(name)  # an IANA name is that zone
    except UnknownZoneError:
        pass
    definition = ctx.timezones.get(name)
    if definition is None:
        mapped, how = _zone_for_tzid(name)
        if mapped is None:
            raise UnknownZone(f"unknown time zone {name!r} in {what} (no VTIMEZONE for it in the file, "
                           "not an IANA or Windows zone name)")
        ctx.note(f"zone {name!r} ({how or 'no VTIMEZONE in the file'}) read as {mapped.key}")
        return mapped
    spans = tuple(s for s in (ctx.days, extra()) if s is not None)
    if not spans:
        raise Unusable(f"zone {name!r} in {what}: no dates to compare its rules with")  # not reached: days is set
    key = (name, spans)
    if key not in ctx.resolved:
        compared = {n for n, _ in ctx.resolved}
        if name not in compared and len(compared) >= MAX_OWN_ZONES:
            # Each is compared with hundreds of IANA zones: a file defining hundreds would take minutes.
            ctx.resolved[key] = (f"its zone {name!r} is one of more than {MAX_OWN_ZONES} zones the file defines "
                                 f"under names of its own; only the first {MAX_OWN_ZONES} are compared with the "
                                 "IANA zones")
        else:
            ctx.resolved[key] = _match(name, definition, ctx, spans)
    found = ctx.resolved[key]
    if isinstance(found, str):
        raise Unusable(found)
    return found


def _match(name: str, definition: Any, ctx: Context, spans: tuple[tuple[date, date], ...]) -> ZoneInfo | str:
    """An IANA zone that agrees with the file's VTIMEZONE *definition*, else its own rules, else why not."""
    where = " and ".join(f"{a:%d %b %Y}–{b:%d %b %Y}" for a, b in spans)
    try:
        own = vtimezone_tz(definition, spans)
    except Exception as exc:
        return f"the file's VTIMEZONE {name!r} cannot be read ({' '.join(str(exc).split())[:120]})"
    if name in ctx.custom:  # one of the trip's own zones (our export, published and read back): if it agrees
        known = rule_zone(name, ctx.custom[name])
        if agree(own, known, spans):
            return known
    preferred = (ctx.trip_zone, ctx.default_zone)
    mapped = iana_match(name, own, spans, preferred)
    if mapped is not None:
        ctx.note(f"zone {name!r} (defined in the file) has the offsets of {mapped.key} over {where}; "
                 f"stored as {mapped.key}")
        return mapped
    try:
        kept, rule = own_rules(name, definition, own, spans)
    except NoRule as exc:
        # Its own rules cannot be kept: a zone that agrees over the trip alone still gives every time right.
        mapped = iana_match(name, own, spans, preferred, strict=False)
        if mapped is not None:
            ctx.note(f"zone {name!r} (defined in the file) has the offsets of {mapped.key} over {where} (only "
                     f"there; its own rules cannot be kept: {exc}); stored as {mapped.key}")
            return mapped
        return (f"its zone {name!r} (defined in the file) matches no IANA zone over {where}, and its own rules "
                f"cannot be kept: {exc}")
    custom = _custom_name(name, rule, ctx.custom)
    if custom != kept.key:
        kept = rule_zone(custom, rule)
    ctx.custom[custom] = rule
    ctx.note(f"zone {name!r} (defined in the file) matches no IANA zone over {where}; kept with its own "
             f"rules as {custom!r} ([trip.zones]: {rule})")
    return kept
