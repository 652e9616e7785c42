"""The command palette (ctrl+p): every action of the app as a command named "group: action".

The screens say which commands they offer (``palette_commands``); the app
adds its own (themes, quitting).  The provider only matches and lists them,
so a test can run every command the palette offers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tripplan.tui.markup import as_markup, plain, shown


@dataclass(frozen=True)
class Command:
    """One palette entry: ``view: week``, what it does, and the function that does it."""

    name: str
    help: str
    run: Callable[[], object]


@runtime_checkable
class HasCommands(Protocol):
    """A screen or app that offers palette commands."""

    def palette_commands(self) -> list[Command]:
        """The commands offered right now."""


def gather(sources: Iterable[object]) -> list[Command]:
    """The commands of every source, first source first, each name once."""
    found: dict[str, Command] = {}
    for source in sources:
        if isinstance(source, HasCommands):
            for command in source.palette_commands():
                found.setdefault(command.name, command)
    return list(found.values())


class TripCommands(Provider):
    """Commands of the screens under the palette (topmost first) and of the app."""

    def commands(self) -> list[Command]:
        """What the palette offers for the current screen stack."""
        app = self.app
        return gather([*reversed(app.screen_stack), app])

    async def discover(self) -> Hits:
        """Every command, in the order the screens give them (views first, themes last)."""
        for command in self.commands():
            yield DiscoveryHit(plain(command.name), command.run, text=shown(command.name),
                               help=as_markup(command.help))  # a theme's name and help come from its file

    async def search(self, query: str) -> Hits:
        """Commands matching *query* (fuzzy: "vw" finds "view: week")."""
        matcher = self.matcher(query)
        for command in self.commands():
            name = shown(command.name)
            score = matcher.match(name)
            if score > 0:
                # The matcher reads a name as markup: one with a bracket is shown plain, unhighlighted.
                shown_name = plain(name) if "[" in name else matcher.highlight(name)
                yield Hit(score, shown_name, command.run, text=name, help=as_markup(command.help))
