"""The text of a calendar file from anywhere: its bytes decoded (a BOM, UTF-16, Windows-1252), and the two
kinds of outcome every reading step shares: :class:`UnreadableCalendar` (nothing to import) and :class:`Loss`.
"""

from __future__ import annotations

MAX_BYTES = 64 * 1024 * 1024


class UnreadableCalendar(Exception):
    """The file is not a calendar at all (binary, empty, HTML …): nothing can be imported."""


class Loss(str):
    """A note that says something was left out or changed (an import with one exits 1)."""

    __slots__ = ()


def decode(data: bytes) -> tuple[str, list[str]]:
    """The text of a calendar file: BOM removed, UTF-8 or else Windows-1252; notes on what was assumed."""
    notes: list[str] = []
    if len(data) > MAX_BYTES:
        raise UnreadableCalendar(f"the file is {len(data) // (1024 * 1024)} MiB; calendars over "
                                 f"{MAX_BYTES // (1024 * 1024)} MiB are not imported")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # a UTF-16 byte-order mark (some Windows programs)
        try:
            return data.decode("utf-16").removeprefix("\ufeff"), ["the file is UTF-16; read as such"]
        except UnicodeDecodeError:
            raise UnreadableCalendar("the file starts like UTF-16 text but is not") from None
    if b"\x00" in data[:4096]:
        raise UnreadableCalendar("this is a binary file, not an iCalendar (.ics) file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        notes.append(Loss(f"line {line}: not UTF-8; read as Windows-1252 (check accented letters)"))
        text = data.decode("cp1252", errors="replace")
    return text, notes
