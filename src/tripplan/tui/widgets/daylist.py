"""The list of trip days, each with a small balance bar (one glyph per category)."""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tripplan.trip.kinds import Category
from tripplan.tui.markup import m as _m
from tripplan.tui.text import CATEGORY_ORDER, day_short

# Eight heights; a full block is FULL_HOURS of that category in one day.
GLYPHS = "▁▂▃▄▅▆▇█"
FULL_HOURS = 8.0


def balance_bar(hours: dict[Category, float]) -> Content:
    """Six coloured glyphs, one per category, as tall as the hours spent on it ("·" for none)."""
    parts = []
    for category in CATEGORY_ORDER:
        value = hours.get(category, 0.0)
        if value <= 0:
            parts.append("[$text-muted]·[/]")
        else:
            level = min(len(GLYPHS) - 1, int(value / FULL_HOURS * (len(GLYPHS) - 1) + 0.5))
            parts.append(f"[$cat-{category.value}]{GLYPHS[level]}[/]")
    return _m("".join(parts))


class DayList(OptionList):
    """Trip days; highlighting one asks the screen to show it."""

    class DayChosen(Message):
        """The user picked a day in the list."""

        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    # Moving the highlight repaints the two days' lines, not the whole list (see watch_highlighted).
    highlighted: reactive[int | None] = reactive(None, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.days: list[date] = []
        self.current: date | None = None
        self._lit: int | None = None

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        for index in {self._lit, highlighted}:
            if index is not None:
                self.refresh_lines(index)  # one line per day: the prompts never wrap
        self._lit = highlighted

    def show_days(self, days: list[date], hours: dict[date, dict[Category, float]], warned: set[date],
                  today: date | None) -> None:
        """(Re)fill the list, keeping the current day highlighted."""
        self.days = list(days)
        options = []
        for day in days:
            mark = "[$warning]⚠[/]" if day in warned else " "
            label = _m("[b]$d[/b]" if day == today else "$d", d=f"{day_short(day):<6}")
            prompt = Content.assemble(label, " ", balance_bar(hours.get(day, {})), _m(mark))
            options.append(Option(prompt, id=day.isoformat()))
        self.clear_options()
        self.add_options(options)
        if self.current in self.days:
            self.highlighted = self.days.index(self.current)

    def select_day(self, day: date) -> None:
        """Highlight *day*, the one the screen shows (this is not announced back)."""
        self.current = day
        if day in self.days and self.highlighted != self.days.index(day):
            self.highlighted = self.days.index(day)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        # Only a highlight the user made (the list has focus) is a choice; the screen's own
        # highlights arrive later than they are set and must not echo back as choices.
        if (self.has_focus and event.option_index < len(self.days)
                and self.days[event.option_index] != self.current):
            self.current = self.days[event.option_index]
            self.post_message(self.DayChosen(self.current))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.days):
            self.post_message(self.DayChosen(self.days[event.option_index]))
