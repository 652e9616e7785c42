"""Today, on the road (t): what is now, what is next, who you meet and what to remember about them.

First what a glance needs: two cards — now and next — with a countdown
(before the trip: the date it starts, in weeks and days), home time, the
place and, for next, when to leave from the place before it (the trip's
``[[travel_times]]``, or its default, said to be an estimate); then the
rest of the day.  Below them the briefs: the objective and each attendee's
(role, interests, things to remember, the last conversation, shared
objectives, open follow-ups: ``planning.briefs``) and the local customs.
Below 60 columns (a phone over ssh) the lines are short and unframed, so
now, next and later fit the first screen.  It refreshes itself every minute.  Rehearse any day: ←/→ change the
day, [ and ] the hour, d picks a day, n comes back to now.  "Now" is the
app's clock, so ``TRIPPLAN_NOW`` freezes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tripplan.time.countdown import between, span_words, trip_starts, until
from tripplan.time.zones import day_start, instant
from tripplan.trip.model import Trip
from tripplan.trip.recurrence import Occurrence
from tripplan.tui.daymap import DayMap
from tripplan.tui.markup import m as _m
from tripplan.tui.screens.base import TripView
from tripplan.tui.text import city_of, clock, day_long, day_medium, hhmm, time_range
from tripplan.tui.today_text import brief_lines, home_range, hop_to, leave_line, short_place
from tripplan.tui.widgets.details import Lines, WrappedLines
from tripplan.tui.widgets.header import TripHeader

COMPACT_WIDTH = 60  # below this many columns Today is laid out for a phone

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from tripplan.tui.screens.trip_host import TripHost


@dataclass
class TodayPlan:
    """What "today" shows at one moment: the day, what is on now, what is next, and the rest of the day."""

    now: datetime
    day: date
    now_occ: list[Occurrence] = field(default_factory=list)
    next_occ: Occurrence | None = None
    later: list[Occurrence] = field(default_factory=list)
    all_day: list[Occurrence] = field(default_factory=list)
    done: int = 0
    day_occ: list[Occurrence] = field(default_factory=list)  # all of the day's timed ones, in order


def plan_today(trip: Trip, daymap: DayMap, now: datetime) -> TodayPlan:
    """Now, next and later at *now* (next may be on a later day when today is over); compared as instants."""
    now = now.astimezone(UTC)
    day = trip.day_of(now)  # in the zone of the stop the traveller is at now
    plan = TodayPlan(now, day)
    seen: set[tuple[str, datetime]] = set()
    today: list[Occurrence] = []
    for block in daymap.plan(day).blocks:
        occ = block.occurrence
        if (occ.event.id, occ.start_utc) not in seen:
            seen.add((occ.event.id, occ.start_utc))
            today.append(occ)
    today.sort(key=lambda o: (o.start_utc, o.end_utc, o.event.title))
    plan.all_day = list(daymap.plan(day).all_day)
    plan.day_occ = today
    plan.now_occ = [o for o in today if o.start_utc <= now < o.end_utc]
    upcoming = [o for o in today if o.start_utc > now]
    plan.done = sum(1 for o in today if o.end_utc <= now)
    if upcoming:
        plan.next_occ, plan.later = upcoming[0], upcoming[1:]
        return plan
    for later_day in (d for d in daymap.days if d > day):
        blocks = sorted(daymap.plan(later_day).blocks, key=lambda b: (b.occurrence.start_utc, b.event_id))
        found = next((b.occurrence for b in blocks if b.occurrence.start_utc > now), None)
        if found is not None:
            plan.next_occ = found
            break
    return plan


def countdown(now: datetime, occ: Occurrence, *, short: bool = False) -> str:
    """``in 25 min``, ``in 3 weeks 2 days``, ``started 10 min ago · 55 min left`` (instants, in UTC);
    *short* leaves out how long ago it started."""
    if between(now, occ.start_utc) > timedelta(0):
        return until(now, occ.start_utc)
    ago = between(occ.start_utc, now)
    if short:
        return f"{span_words(between(now, occ.end_utc))} left"
    return (f"started {span_words(ago)} ago · " if ago >= timedelta(minutes=1) else "just started · ") + \
        f"{span_words(between(now, occ.end_utc))} left"


class TodayScreen(TripView):
    """Now and next, with briefs, for the traveller on the road."""

    VIEW = "today"
    FILTERED = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "shift_day(-1)", "Previous day", priority=True),
        Binding("right", "shift_day(1)", "Next day", priority=True),
        Binding("left_square_bracket", "shift_hour(-1)", "−1 h", show=False),
        Binding("right_square_bracket", "shift_hour(1)", "+1 h", show=False),
        Binding("d", "pick_day", "Pick a day"),
        Binding("n", "live", "Back to now"),
        Binding("g,enter", "goto_event", "Go to event", show=False),
    ]

    def __init__(self, main: TripHost) -> None:
        super().__init__(main)
        self.shift = timedelta(0)
        self.plan: TodayPlan | None = None
        self.home: ZoneInfo = main.clock_zones()[1]  # home time: the trip's, or the filtered teammate's own

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        self._set_compact()
        with VerticalScroll(id="today"):
            yield Static(id="today-title")
            # First what a glance needs (now, next, leave by, the rest of the day), then the briefs.
            with Horizontal(id="cards"):
                with Vertical(id="now-card", classes="card"):
                    yield WrappedLines(id="now-body")
                with Vertical(id="next-card", classes="card"):
                    yield WrappedLines(id="next-body")
            yield WrappedLines(id="later")
            yield WrappedLines(id="briefs")
        yield from self.compose_footer()

    def _set_compact(self) -> None:
        # A phone over ssh (40 or 50 columns): short lines, no side borders, the address below.
        self.set_class(self.app.size.width < COMPACT_WIDTH, "-compact")

    def on_resize(self) -> None:
        layout = self.has_class("-narrow"), self.has_class("-compact")
        super().on_resize()
        self._set_compact()
        if layout != (self.has_class("-narrow"), self.has_class("-compact")):
            self.refresh_view()  # the cards' lines differ with the layout, not only their styles

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#today").focus()
        # Tick on the minute, so "in 5 min" changes when the clock does.
        seconds = 60 - self.main.clock().second
        self.set_timer(seconds, self._start_ticking)

    def _start_ticking(self) -> None:
        self.refresh_view()
        self.set_interval(60, self.refresh_view)

    @property
    def now(self) -> datetime:
        """The moment shown: the clock's now, shifted when rehearsing."""
        return self.main.clock() + self.shift

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "live" and not self.shift:
            return False  # already live: nothing to come back to
        return super().check_action(action, parameters)

    # --- showing ---------------------------------------------------------------------------------------

    def refresh_view(self) -> None:
        """Work out now, next and later at the current (or rehearsed) moment and show them."""
        super().refresh_view()
        daymap = self.main.daymap
        if daymap is None:
            return
        trip, now = self.trip, self.now
        plan = self.plan = plan_today(trip, daymap, now)
        local = now.astimezone(trip.zone_at(now))
        zone, home, place = self.main.clock_zones(min(max(plan.day, trip.start), trip.end))
        self.query_one(TripHeader).set_zones(zone, home, place)
        self.home = home
        narrow, compact = self.has_class("-narrow"), self.has_class("-compact")
        index = (plan.day - trip.start).days + 1
        where = (f"day {index} of {len(trip.days)}" if trip.start <= plan.day <= trip.end else
                 "before the trip" if plan.day < trip.start else "after the trip")
        mode = ("[$accent]rehearsing[/]" + ("" if narrow else " [$text-muted]· n back to now · ←/→ day · [ ] hour[/]")
                if self.shift else "[$success]live[/]" +
                ("" if narrow else " [$text-muted]· ←/→ rehearse another day · d pick one[/]"))
        city = city_of(trip, plan.day) if trip.start <= plan.day <= trip.end and not compact else ""
        clock_part = "" if compact else " [b]$t[/b] $z"  # on a phone the header's clock is enough
        self.query_one("#today-title", Static).update(_m(
            f"[b]$d[/b] [$text-muted]· {'$c · ' if city else ''}$w{'' if compact else ' ·'}[/]{clock_part}  {mode}",
            d=day_medium(plan.day) if narrow else day_long(plan.day), c=city, w=where, t=hhmm(local),
            z=local.tzname() or ""))
        self.query_one("#now-card").border_title = "Now"
        self.query_one("#next-card").border_title = "Next"
        self.query_one("#now-body", WrappedLines).set_lines(self._now_lines(plan))
        self.query_one("#next-body", WrappedLines).set_lines(
            self._card(plan.next_occ, plan) if plan.next_occ else
            [(0, _m("[$text-muted]Nothing more planned on this trip.[/]"))])
        self.query_one("#later", WrappedLines).set_lines(self._later_lines(plan))
        self.query_one("#briefs", WrappedLines).set_lines(self._brief_lines(plan))

    def _now_lines(self, plan: TodayPlan) -> Lines:
        if plan.now_occ:
            lines = self._card(plan.now_occ[0], plan)
            for other in plan.now_occ[1:]:
                lines.append((2, _m("[$warning]also now:[/] $t [$text-muted]$r[/]", t=other.event.title,
                                    r=time_range(other.start_utc, other.end_utc, self.zone_of(other, plan),
                                                 with_zone=False))))
            return lines
        trip = self.trip
        if plan.day < trip.start:  # before the trip: when it starts, as a date and in weeks and days
            begins = day_start(trip.start, trip.zone_on(trip.start))
            return [(0, _m("[b $success]Before the trip[/]")),
                    (2, _m("[b $accent]$s[/]", s="The trip " + trip_starts(trip.start, begins, plan.now)))]
        if plan.next_occ is not None:
            free = between(plan.now, plan.next_occ.start_utc)
            return [(0, _m("[b $success]Free[/b $success] [$text-muted]for $f[/]", f=span_words(free))),
                    (0, _m("[$text-muted]until $t[/]", t=clock(plan.next_occ.start_utc,
                                                               self.zone_of(plan.next_occ, plan))))]
        return [(0, _m("[b $success]Free[/b $success]"))]

    def _card(self, occ: Occurrence, plan: TodayPlan) -> Lines:
        """The card of one occurrence, for a glance: what, when with countdown, home time, where, leave by."""
        event = occ.event
        cat = event.category.value
        tz, home = self.zone_of(occ, plan), self.home
        compact = self.has_class("-compact")
        start_day = self.trip.day_of(occ.start_utc)
        when = time_range(occ.start_utc, occ.end_utc, tz, with_zone=not compact) if not event.all_day else "all day"
        if start_day != plan.day:
            when = f"{day_medium(start_day)} {when}"
        lines: Lines = [(2, _m(f"[$cat-{cat}]▌[/] [b]$t[/b]", t=event.title))]
        if self.has_class("-narrow"):  # stacked cards: one row for when and the countdown
            lines.append((2, _m("$w [$text-muted]·[/] [b $accent]$c[/]", w=when,
                                c=countdown(plan.now, occ, short=compact))))
        else:  # side by side: the room to say what kind it is, and the countdown on its own row
            lines += [(2, _m(f"[$cat-{cat}]$k[/] [$text-muted]·[/] $w", k=event.kind.value, w=when)),
                      (2, _m("[b $accent]$c[/]", c=countdown(plan.now, occ)))]
        if home.key != tz.key and not event.all_day:
            lines.append((2, _m("[$text-muted]home $h[/]", h=home_range(occ.start_utc, occ.end_utc, tz, home))))
        if event.location:
            lines.append((2, _m("[$text-muted]at[/] $p", p=short_place(event.location) if compact
                                else event.location)))
        if occ is plan.next_occ and (hop := hop_to(self.trip, plan.day_occ, occ)) is not None:
            lines.append((2, leave_line(hop, plan.now, tz, short=compact)))
        if event.ical.status == "TENTATIVE":
            lines.append((2, _m("[$text-muted]tentative: not confirmed yet[/]")))
        for link in event.ical.conference[:1]:  # the link to join, where the invite gave one
            lines.append((2, _m("[$text-muted]join[/] $l", l=link)))
        return lines

    def _later_lines(self, plan: TodayPlan) -> Lines:
        tz = self.trip.zone_on(plan.day)
        compact = self.has_class("-compact")
        lines: Lines = []
        if plan.all_day:
            lines.append((0, _m("[b $text-secondary]All day[/]  $t",
                                t=", ".join(o.event.title for o in plan.all_day))))
        lines.append((0, _m("[b $text-secondary]Later today[/]" +
                            (" [$text-muted]· $n done[/]" if plan.done else ""), n=plan.done)))
        if not plan.later:
            lines.append((2, _m("[$text-muted]nothing else today[/]")))
        for occ in plan.later:
            cat = occ.event.category.value
            # On a phone: the time and the title; the place and the people in the briefs below.
            place = "" if compact or not occ.event.location else f" · {occ.event.location}"
            names = [] if compact else [p.name for i in occ.event.attendees if (p := self.trip.person(i)) is not None]
            who = f" · with {', '.join(names)}" if names else ""
            when = (clock(occ.start_utc, tz) if compact else
                    f"{time_range(occ.start_utc, occ.end_utc, tz, with_zone=False):<11}")
            lines.append((2, _m(f"[$text-muted]$r[/] [$cat-{cat}]■[/] $t[$text-muted]$p$w[/]",
                                 r=when, t=occ.event.title, p=place, w=who)))
        return lines

    def _brief_lines(self, plan: TodayPlan) -> Lines:
        """Below the glance: who you meet now and next and what to remember, then the local customs."""
        lines: Lines = []
        for label, occ in (("About now:", plan.now_occ[0] if plan.now_occ else None), ("About next:", plan.next_occ)):
            if occ is not None:
                lines += [*brief_lines(self.trip, occ, label), (0, Content(""))]
        hop = hop_to(self.trip, plan.day_occ, plan.next_occ) if plan.next_occ else None
        if hop is not None and hop.estimate:
            lines += [(0, _m("[$text-muted]The $m min to $p is the trip's default travel time: give the real "
                             "one in the trip's $t.[/]", m=hop.minutes, p=hop.place, t="[[travel_times]]")),
                      (0, Content(""))]
        culture = self.trip.culture_on(plan.day)  # the customs of the city the day is in
        if culture and (plan.now_occ or plan.next_occ):
            city = city_of(self.trip, plan.day)
            lines += [(0, _m("[b $text-secondary]Local customs[/]" + (" [$text-muted]· $c[/]" if city else ""),
                             c=city))]
            lines += [(2, _m("[b]$k[/b] $v", k=key, v=" ".join(value.split()))) for key, value in culture.items()]
        return lines

    # --- actions ---------------------------------------------------------------------------------------

    def action_shift_day(self, days: int) -> None:
        """Rehearse the previous or next day (same time of day)."""
        self.shift += timedelta(days=days)
        self.refresh_view()

    def action_shift_hour(self, hours: int) -> None:
        """Rehearse an hour earlier or later."""
        self.shift += timedelta(hours=hours)
        self.refresh_view()

    def action_live(self) -> None:
        """Back to the real now."""
        self.shift = timedelta(0)
        self.refresh_view()

    def action_pick_day(self) -> None:
        """Choose a day of the trip to rehearse."""
        from tripplan.tui.screens.forms import PickScreen

        trip = self.trip
        current = trip.day_of(self.now)

        def done(ident: str | None) -> None:
            if ident:
                self.rehearse(date.fromisoformat(ident))

        items = [(d.isoformat(), f"{day_long(d)} · day {i} of {len(trip.days)}") for i, d in enumerate(trip.days, 1)]
        self.app.push_screen(PickScreen("Rehearse a day", items, current=current.isoformat(), filter=False), done)

    def rehearse(self, day: date) -> None:
        """Show *day* at the current time of day (or the start of the working day, outside the trip)."""
        trip = self.trip
        real = self.main.clock().astimezone(trip.zone_at(self.main.clock()))
        running = trip.start <= trip.day_of(real) <= trip.end
        at = real.time().replace(second=0, microsecond=0) if running else trip.working_hours_on(day).start
        # The same wall time on that day, in the zone of the city the day is in.
        target = instant(datetime.combine(day, time(at.hour, at.minute)), trip.zone_on(day))
        self.shift = target - self.main.clock().astimezone(UTC)
        self.refresh_view()

    def action_goto_event(self) -> None:
        """Go to the event now (or the next one) in the timetable."""
        plan = self.plan
        occ = (plan.now_occ[0] if plan.now_occ else plan.next_occ) if plan else None
        if occ is None:
            self.notify("Nothing now or next.", severity="warning", timeout=3)
            return
        self.main.goto_event(occ.event.id, near=self.trip.day_of(occ.start_utc))

    def zone_of(self, occ: Occurrence, plan: TodayPlan) -> ZoneInfo:
        """The zone an occurrence's times are shown in: the day's (one begun earlier: today's), a later
        day's for one on a later day."""
        return self.trip.zone_on(max(plan.day, self.trip.day_of(occ.start_utc)))
