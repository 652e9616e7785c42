"""The text of the main screen's warnings bar: the trip's balance score, the day's, and the warnings.

One line of ``Content`` from the planning checks' ``Report``: the score (and
what it counts), the selected day's score, then the warnings, the selected
day's first, at most four and "+N more".  Loaded with the first report, not
with the first frame.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.content import Content

from tripplan.planning.findings import warnings_summary
from tripplan.tui.markup import m as _m
from tripplan.tui.text import day_medium

if TYPE_CHECKING:
    from tripplan.tui.balance_snapshot import Report

SHOWN = 4  # warnings named in the bar; the rest are counted


def bar_text(report: Report, day: date) -> Content:
    """The bar's line for *report* while the timetable is on *day*."""
    # The selected day's warnings first: they are the ones the user can act on now.
    ordered = sorted(report.warnings, key=lambda w: w.day != day)
    summary = warnings_summary([w.code for w in report.warnings])  # the score counts balance warnings only: say so
    parts = [_m("[b]balance $s[/b][$text-muted]/100$w[/]", s=report.score, w=f" · {summary}" if summary else "")]
    if day in report.day_scores:
        parts.append(_m("[$text-muted]$d[/] $s", d=day_medium(day), s=report.day_scores[day]))
    if not ordered:
        parts.append(_m("[$success]✓ no warnings[/]"))
    parts += [_m("[$warning]⚠[/] $t", t=w.text) for w in ordered[:SHOWN]]
    if len(ordered) > SHOWN:
        parts.append(_m(f"[$text-muted]+{len(ordered) - SHOWN} more[/]"))
    return Content("  ·  ").join(parts)
