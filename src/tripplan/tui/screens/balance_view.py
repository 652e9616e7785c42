"""Balance (b): is the trip all work and no bonding? Per-day bars, totals against targets, score, warnings.

Everything comes from the planning core (``planning.checks.analyse``), run
off the event loop: per day a bar of the awake window stacked by category,
the trip's totals against its targets, the balance score, and every
warning — choosing one jumps to its day in the timetable.  ``s`` asks the
planner for suggestions (``planning.suggest``) and applies the chosen ones
as one undoable step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tripplan.planning.balance import Balance, DayBalance
from tripplan.planning.findings import Finding, percent, warnings_summary
from tripplan.planning.suggest import Suggestion
from tripplan.trip.model import Category, Trip
from tripplan.tui.markup import m as _m
from tripplan.tui.record_forms import now_date
from tripplan.tui.screens.base import TripView
from tripplan.tui.text import CATEGORY_ORDER, day_short
from tripplan.tui.widgets.details import WrappedLines

if TYPE_CHECKING:
    from tripplan.tui.screens.trip_host import TripHost

MAX_WARNINGS = 300
BAR_MIN, BAR_MAX = 12, 80


def _hours(seconds: float) -> str:
    value = seconds / 3600
    return f"{value:.0f} h" if abs(value - round(value)) < 0.05 else f"{value:.1f} h"


def _score(score: int) -> str:
    return "$success" if score >= 80 else ("$warning" if score >= 60 else "$error")


def day_bar(day: DayBalance, width: int) -> Content:
    """The awake window of *day* as *width* cells, filled by category in order, the rest dotted."""
    awake = max(1, day.awake)
    parts: list[Content] = []
    used = 0
    for category in CATEGORY_ORDER:
        cells = min(width - used, round(day.seconds.get(category, 0) / awake * width))
        if cells > 0:
            parts.append(_m(f"[$cat-{category.value}]$b[/]", b="█" * cells))
            used += cells
    parts.append(_m("[$text-muted 40%]$d[/]", d="·" * (width - used)))
    return Content.assemble(*parts)


def bar_lines(balance: Balance, width: int) -> Content:
    """One line per day: ``Tue 9  ██████▒▒···  8.5 h  88``."""
    bar = max(BAR_MIN, min(BAR_MAX, width - 22))
    lines = []
    for day in balance.days:
        score = _m(f"[{_score(day.score)}]$s[/]", s=f"{day.score:>3}")
        lines.append(Content.assemble(_m("$d ", d=f"{day_short(day.day):<6}"), day_bar(day, bar),
                                      _m("  $h ", h=f"{_hours(day.scheduled):>6}"), score))
    return Content("\n").join(lines)


def target_lines(balance: Balance, trip: Any) -> list[tuple[int, Content]]:
    """The trip's totals against its targets, each with ✓ or ✗."""
    targets = trip.targets
    ok, no = "[$success]✓[/]", "[$error]✗[/]"
    lines: list[tuple[int, Content]] = []
    totals = "  ".join(f"[$cat-{c.value}]■[/] {c.value} {_hours(balance.seconds.get(c, 0))}"
                       for c in CATEGORY_ORDER if balance.seconds.get(c, 0))
    lines.append((0, _m(totals or "[$text-muted]nothing scheduled yet[/]")))
    share = balance.bonding_share
    lines.append((2, _m(f"{ok if share is not None and share >= targets.bonding_share else no} bonding $s of "
                        "scheduled time [$text-muted](target ≥ $t)[/]",
                        s=percent(share, targets.bonding_share) if share is not None else "—",
                        t=percent(targets.bonding_share))))  # never rounded across the target
    busiest = max(balance.days, key=lambda d: d.seconds[Category.WORK], default=None)
    if busiest is not None:
        work = busiest.seconds[Category.WORK]
        lines.append((2, _m(f"{ok if work <= targets.work_hours_max * 3600 else no} most work in a day: $h on $d "
                            "[$text-muted](limit $l h)[/]", h=_hours(work), d=day_short(busiest.day),
                            l=f"{targets.work_hours_max:g}")))
    if targets.rest_minutes_min:
        rested = sum(1 for d in balance.days if d.break_seconds >= targets.rest_minutes_min * 60)
        lines.append((2, _m(f"{ok if rested == len(balance.days) else no} $r of $n days keep a break of "
                            "$m min [$text-muted](target: every day)[/]", r=rested, n=len(balance.days),
                            m=targets.rest_minutes_min)))
    if balance.culture_required or balance.culture_outings:
        lines.append((2, _m(f"{ok if balance.culture_outings or not balance.culture_required else no} "
                            "$c cultural outing$s [$text-muted](target ≥ 1 on trips of $d days or more)[/]",
                            c=balance.culture_outings, s="s" if balance.culture_outings != 1 else "",
                            d=targets.culture_min_days)))
    return lines


class BalanceScreen(TripView):
    """The balance dashboard."""

    VIEW = "balance"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "suggest", "Suggest"),
        Binding("enter", "go_warning", "Go to day", show=False),
    ]

    def __init__(self, main: TripHost) -> None:
        super().__init__(main)
        self.balance: Balance | None = None
        self.findings: list[Finding] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="split"):
            with VerticalScroll(id="balance-main"):
                yield Static(id="score", classes="section-title")
                yield Static(id="bars")
                yield Static(_m("[b]Targets[/b]"), classes="section-title")
                yield WrappedLines(id="targets")
            with Vertical(id="detail"):
                yield Static(id="warnings-title", classes="section-title")
                yield OptionList(id="warning-list")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(OptionList).focus()

    def refresh_view(self) -> None:
        """Recompute balance and checks (off the event loop) and show them."""
        super().refresh_view()
        self.query_one("#score", Static).update(_m("[$text-muted]computing the balance…[/]"))
        from tripplan.tui.balance_snapshot import snapshot

        # The worker reads a copy taken here, on the UI thread: an edit made meanwhile never reaches it.
        self._analyse(snapshot(self.trip), self.session.revision)

    @work(thread=True, exclusive=True, group="balance")
    def _analyse(self, trip: Trip, revision: int) -> None:
        from tripplan.planning.checks import analyse

        try:
            _, balance, findings = analyse(trip)
        except Exception as error:  # a bug in the planning code: shown and logged, not a crash of the app
            self.app.call_from_thread(self._failed, error, revision)
            return
        self.app.call_from_thread(self._show, balance, findings[:MAX_WARNINGS], revision, trip)

    def _failed(self, error: Exception, revision: int) -> None:
        from tripplan.tui.balance_snapshot import planning_failed

        planning_failed(self.app, self.notify, error)
        if revision == self.session.revision and self.is_mounted:
            self.query_one("#score", Static).update(_m("[$error]The balance could not be computed.[/]"))

    def _show(self, balance: Balance, findings: list[Finding], revision: int, trip: Trip) -> None:
        if revision != self.session.revision or not self.is_mounted:
            return
        self.balance, self.findings = balance, findings
        self.query_one("#score", Static).update(_m(
            f"[b]Balance[/b] [b {_score(balance.score)}]$s[/][$text-muted]/100 · $n days · $h scheduled[/]",
            s=balance.score, n=len(balance.days), h=_hours(balance.scheduled)))
        self._draw_bars()
        self.query_one("#targets", WrappedLines).set_lines(target_lines(balance, trip))
        options = self.query_one(OptionList)
        index = options.highlighted or 0
        options.clear_options()
        options.add_options([Option(_m("[$warning]⚠[/] $t", t=finding.message)) for finding in findings])
        if findings:
            options.highlighted = min(index, len(findings) - 1)
        self.query_one("#warnings-title", Static).update(_m(  # the score counts the balance ones only: say so
            "[b]Warnings[/b] [$text-muted]· $n · enter goes to the day[/]" if findings else
            "[b]Warnings[/b] [$success]✓ none[/]", n=warnings_summary([f.code for f in findings])))

    def _draw_bars(self) -> None:
        if self.balance is not None:
            width = self.query_one("#bars", Static).size.width or 60
            self.query_one("#bars", Static).update(bar_lines(self.balance, width))

    def on_resize(self) -> None:
        super().on_resize()
        self.call_after_refresh(self._draw_bars)

    @on(OptionList.OptionSelected, "#warning-list")
    def _chosen(self) -> None:
        self.action_go_warning()

    def action_go_warning(self) -> None:
        """Go to the day of the highlighted warning in the timetable."""
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.findings:
            return
        finding = self.findings[options.highlighted]
        events = finding.events
        if finding.day is None:
            self.notify("This warning is about the whole trip.", timeout=3)
        elif events and self.trip.event(events[0]) is not None:
            self.main.goto_event(events[0], near=finding.day)
        else:
            self.main.goto_day(finding.day)

    def action_suggest(self) -> None:
        """Show the planner's suggestions with their reasons; apply the chosen ones."""
        from tripplan.tui.screens.suggest import SuggestScreen

        today = now_date(self.main.clock(), self.trip)
        running = self.trip.start <= today <= self.trip.end

        def done(chosen: list[Suggestion] | None) -> None:
            if chosen:
                from tripplan.edit.changes import add_events

                count = len(chosen)
                add_events(self.session, [s.to_event() for s in chosen],
                           f"add {count} suggested activit{'ies' if count != 1 else 'y'}")
                self.changed(message=f"Added {count} activit{'ies' if count != 1 else 'y'}. ctrl+z takes "
                             f"{'them' if count != 1 else 'it'} back.")

        self.app.push_screen(SuggestScreen(self.trip, today if running else None), done)
