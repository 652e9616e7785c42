"""What a command changed in a trip, field by field: for ``--dry-run`` and ``--json`` of the writing commands.

Both trips are encoded as the file would hold them (:func:`tripplan.files.encode.encode`),
so a change reads in the file's own words: ``events[kickoff].start:
2027-03-09T10:00:00 → 2027-03-09T10:30:00``.  Sections of tables are
matched by ``id`` (stops by city and first day); other values compare as a
whole.  Text goes through :func:`tripplan.visible.visible` when shown.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from tripplan.trip.model import Trip
from tripplan.visible import visible

_SKIP = {"schema_version", "sent", "received", "replies", "share"}  # records of what was sent, not edits


def _plain(value: Any) -> Any:
    """*value* as JSON holds it: times as ISO text, tables and arrays element by element."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _key(section: str, table: dict[str, Any], index: int) -> str:
    if "id" in table:
        return str(table["id"])
    if section == "stops":
        return f"{table.get('city', '')}@{_plain(table.get('from', ''))}"
    return str(index)


def _fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [_plain(before.get(k)), _plain(after.get(k))] for k in sorted(set(before) | set(after))
            if before.get(k) != after.get(k)}


def changes(before: Trip | None, after: Trip) -> list[dict[str, Any]]:
    """The differences from *before* (``None``: a new file) to *after*, one entry per table added, removed or changed.

    Each entry: ``{"section", "id", "change": "added"|"removed"|"changed", "fields": {name: [before, after]}}``
    (``fields`` lists every field of an added or removed table, with ``null`` on the missing side).
    """
    from tripplan.files.encode import encode

    old = encode(before) if before is not None else {}
    new = encode(after)
    found: list[dict[str, Any]] = []
    for section in [k for k in dict.fromkeys([*old, *new]) if k not in _SKIP]:
        a, b = old.get(section), new.get(section)
        if a == b:
            continue
        if isinstance(a, list | type(None)) and isinstance(b, list | type(None)) and all(
                isinstance(t, dict) for t in (a or []) + (b or [])):
            olds = {_key(section, t, i): t for i, t in enumerate(a or [])}
            news = {_key(section, t, i): t for i, t in enumerate(b or [])}
            for ident in dict.fromkeys([*olds, *news]):
                ta, tb = olds.get(ident), news.get(ident)
                if ta == tb:
                    continue
                change = "added" if ta is None else "removed" if tb is None else "changed"
                found.append({"section": section, "id": ident, "change": change,
                              "fields": _fields(ta or {}, tb or {})})
        elif isinstance(a, dict) and isinstance(b, dict):
            found.append({"section": section, "id": "", "change": "changed", "fields": _fields(a, b)})
        else:
            found.append({"section": section, "id": "", "change": "changed", "fields": {"": [_plain(a), _plain(b)]}})
    return found


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    text = value if isinstance(value, str) else repr(value)
    text = visible(text).replace("\n", "⏎")
    return text if len(text) <= 80 else text[:79] + "…"


def change_lines(found: list[dict[str, Any]]) -> list[str]:
    """One line per table changed and one per field: ``events[kickoff]: changed``, ``  start: a → b``."""
    lines: list[str] = []
    for entry in found:
        where = f"{entry['section']}[{entry['id']}]" if entry["id"] else entry["section"]
        lines.append(visible(f"{where}: {entry['change']}"))
        for name, (a, b) in entry["fields"].items():
            label = visible(name) if name else "value"
            if entry["change"] == "added":
                lines.append(f"  {label}: {_shown(b)}")
            elif entry["change"] == "removed":
                lines.append(f"  {label}: {_shown(a)}")
            else:
                lines.append(f"  {label}: {_shown(a)} → {_shown(b)}")
    if not lines:
        lines.append("nothing")
    return lines
