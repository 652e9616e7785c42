"""An input for an IANA time zone with type-to-search over every zone this machine knows."""

from __future__ import annotations

import functools
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tripplan.tui.keys import Input
from tripplan.tui.markup import kept, shown

MAX_MATCHES = 6


@functools.cache
def all_zones() -> tuple[str, ...]:
    """Every IANA zone name available (read once: it lists the tz database)."""
    import zoneinfo

    return tuple(sorted(z for z in zoneinfo.available_timezones() if "/" in z or z == "UTC"))


def find_zones(query: str, limit: int = MAX_MATCHES) -> list[str]:
    """Zones matching *query* ("lisb", "new york", "tokyo"), best first: city starts, then anywhere."""
    needle = "_".join(query.strip().lower().split())
    if not needle:
        return []
    starts, inside = [], []
    for name in all_zones():
        lower = name.lower()
        city = lower.rsplit("/", 1)[-1]
        if city.startswith(needle) or lower.startswith(needle):
            starts.append(name)
        elif needle in lower:
            inside.append(name)
    return (starts + inside)[:limit]


def canonical_zone(text: str) -> str | None:
    """The zone *text* names (any case), or ``None``."""
    wanted = text.strip().lower().replace(" ", "_")
    return next((z for z in all_zones() if z.lower() == wanted), None)


class ZoneField(Vertical):
    """An ``Input`` plus a short list of matching zones that appears while typing."""

    DEFAULT_CSS = """
    ZoneField { height: auto; width: 1fr; }
    ZoneField > OptionList { display: none; height: auto; max-height: 7; border: none; padding: 0 1; }
    ZoneField.-open > OptionList { display: block; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("down", "into_list", "Matching zones", show=False)]

    def __init__(self, value: str = "", *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self._value, self._placeholder = value, placeholder

    def compose(self) -> ComposeResult:
        yield Input(shown(self._value), placeholder=shown(self._placeholder),
                    id=f"{self.id}-input" if self.id else None)
        yield OptionList()

    @property
    def input(self) -> Input:
        """The text input."""
        return self.query_one(Input)

    @property
    def value(self) -> str:
        """The text typed (a zone's name as the trip has it while the field shows it unchanged)."""
        return kept(self.input.value, self._value)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        matches = [] if canonical_zone(event.value) else find_zones(event.value)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(z, id=z) for z in matches])
        self.set_class(bool(matches) and self.input.has_focus, "-open")

    def on_descendant_blur(self) -> None:
        self.call_after_refresh(self._close_unless_focused)

    def _close_unless_focused(self) -> None:
        if not self.has_focus_within:
            self.remove_class("-open")

    def action_into_list(self) -> None:
        """Move from the text to the list of matches."""
        options = self.query_one(OptionList)
        if self.has_class("-open") and options.option_count:
            options.highlighted = 0
            options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.input.value = event.option.id or ""
        self.remove_class("-open")
        self.input.focus()
