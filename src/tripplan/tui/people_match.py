"""Which people a filter typed in a form matches, best first: Enter ticks the first (``rui`` → Rui Costa)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.widget import Widget

from tripplan.trip.model import Person


def match_rank(person: Person, query: str) -> int | None:
    """How well *person* matches *query* (lower is better), or ``None`` when it does not.

    0: the id or the whole name; 1: a whole word of the name (``rui``: Rui
    Costa); 2: the start of the name; 3: the start of a word of the name
    (``rui``: Ana Ruiz); 4: inside the name; 5: inside the id, organisation
    or role.
    """
    needle = " ".join(query.casefold().split())
    if not needle:
        return 5
    name = " ".join(person.name.casefold().split())
    if needle in (name, person.id.casefold()):
        return 0
    words = name.split()
    tails = [" ".join(words[i:]) for i in range(len(words))]
    if any(tail == needle or tail.startswith(needle + " ") for tail in tails):
        return 1
    if name.startswith(needle):
        return 2
    if any(tail.startswith(needle) for tail in tails):
        return 3
    if needle in name:
        return 4
    if needle in " ".join((person.id, person.org, person.role.value)).casefold():
        return 5
    return None


def ranked(people: Iterable[Person], query: str) -> list[Person]:
    """The people matching *query*, best match first, then by name (no query: all, in the trip's order)."""
    found = list(people)
    if not query.strip():
        return found
    scored = [(rank, person) for person in found if (rank := match_rank(person, query)) is not None]
    scored.sort(key=lambda pair: (pair[0], pair[1].name.casefold()))
    return [person for _, person in scored]


class Refill:
    """Refill a list from its filter's text one refill at a time, in the list's own queue.

    Textual's ``SelectionList`` reads the highlighted option when it handles
    its highlight message: refilled again before that (fast typing in the
    filter) the option is gone and it raises.  Each refill here runs after
    the messages the last one caused, and only for the latest text.
    """

    def __init__(self, fill: Callable[[str], None]) -> None:
        self.fill = fill
        self.wanted = ""
        self.busy = False
        self.then: list[Callable[[], None]] = []

    def want(self, widget: Widget, text: str) -> None:
        """Show the list for *text* (soon, in *widget*'s queue)."""
        self.wanted = text
        if not self.busy:
            self.busy = True
            widget.call_later(self._run, widget)

    def after(self, callback: Callable[[], None]) -> None:
        """Run *callback* once the list shows the latest text (now, when it does already)."""
        if self.busy:
            self.then.append(callback)
        else:
            callback()

    def _run(self, widget: Widget) -> None:
        text = self.wanted
        self.fill(text)
        if self.wanted != text:
            widget.call_later(self._run, widget)
            return
        self.busy = False
        waiting, self.then = self.then, []
        for callback in waiting:
            callback()
