"""Table columns sized from their content and the room there is.

A column is as wide as its widest cell (or its label) when everything fits;
when it does not, the columns that can give up room do — the widest first,
never below a floor — so every column stays on screen and a long text ends
in "…" (``tripplan.tui.markup.cell`` cuts with one), with the whole text in
the view's detail.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

PADDING = 2  # a DataTable cell's padding: one column each side
FLOOR = 6  # no column that gives up room gets narrower than this (or its label)


def natural(label: str, cells: Iterable[Text | str]) -> int:
    """The width a column needs to show *label* and every one of *cells* whole."""
    return max([cell_len(label), *(cell_len(c.plain if isinstance(c, Text) else c) for c in cells)])


def fit(wants: Sequence[int], room: int, flexible: Sequence[bool], floors: Sequence[int] | None = None) -> list[int]:
    """Widths for columns wanting *wants* cells in *room* cells (padding included, PADDING a column).

    When they do not all fit, the *flexible* ones shrink, the widest first, each down to its floor
    (``FLOOR`` or its entry in *floors*); the rest keep what they want.
    """
    widths = list(wants)
    lows = [min(w, max(FLOOR, f)) for w, f in zip(wants, floors or [FLOOR] * len(wants), strict=True)]
    excess = sum(widths) + PADDING * len(widths) - room
    while excess > 0:
        candidates = [i for i, w in enumerate(widths) if flexible[i] and w > lows[i]]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        others = [widths[i] for i in candidates if i != widest]
        # Down to the next widest (or the floor), by at most the excess: few passes, widest first.
        target = max(lows[widest], max(others, default=0), widths[widest] - excess)
        step = max(1, widths[widest] - target)
        widths[widest] -= step
        excess -= step
    return widths


def fill(table: DataTable[Text | str], columns: Sequence[tuple[str, str, bool]],
         rows: Sequence[tuple[str, Sequence[Text | str]]], room: int) -> None:
    """Rebuild *table* with *columns* (label, key, flexible) sized by :func:`fit` for *rows* (key, cells)."""
    wants = [natural(label, (cells[i] for _, cells in rows)) for i, (label, _, _) in enumerate(columns)]
    floors = [cell_len(label) for label, _, _ in columns]
    widths = fit(wants, room, [flex for _, _, flex in columns], floors)
    table.clear(columns=True)
    for (label, key, _), width in zip(columns, widths, strict=True):
        table.add_column(label, key=key, width=width)
    for key, cells in rows:
        table.add_row(*(_cut(c, w) for c, w in zip(cells, widths, strict=True)), key=key)


def _cut(text: Text | str, width: int) -> Text | str:
    """*text* drawn within *width* cells, ending in "…" when cut (a DataTable cuts a cell without one); the
    cell keeps the whole text (copied, read back, searched)."""
    plain = text.plain if isinstance(text, Text) else text
    if cell_len(plain) <= width:
        return text
    cut = text.copy() if isinstance(text, Text) else Text(text, end="")
    cut.no_wrap, cut.overflow = True, "ellipsis"
    return cut
