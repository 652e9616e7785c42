"""The content-line writer: one property line, one component, and the bytes of a calendar (RFC 5545 §3.1).

Every calendar tripplan writes (the export, invites, cancellations, CalDAV
resources) is built from :class:`ContentLine` and :class:`Component` and
turned into text by :func:`render`: properties in the order they were added,
each component's properties before its sub-components, lines folded at 75
octets (never inside a UTF-8 sequence) and CRLF after every line, the last
one included.

It is ours rather than icalendar's ``Component.to_ical``, which writes other
bytes for the same calendar (measured with icalendar 7.3): it folds at 74
octets, not 75; it sorts properties and parameters by name unless told not
to; it quotes a parameter value only when it must (``CN=Ana``, where we have
always written ``CN="Ana"``); and its TEXT escaping reads a literal ``\\N``
as a line break.  Values arrive here already formatted
(:mod:`tripplan.ical.text`, :mod:`tripplan.ical.properties`); icalendar
reads what this writes, in the tests.
"""

from __future__ import annotations

from collections.abc import Iterable

CRLF = "\r\n"
MAX_OCTETS = 75


class ContentLine:
    """One property: ``NAME;PARAM=v1,v2:value``, its parameters in the order given, the value as it is written."""

    __slots__ = ("name", "params", "value")

    def __init__(self, name: str, params: dict[str, list[str]] | None = None, value: str = "") -> None:
        self.name = name.upper()
        self.params: dict[str, list[str]] = params if params is not None else {}
        self.value = value

    def __str__(self) -> str:
        params = "".join(f";{key}={','.join(values)}" for key, values in self.params.items())
        return f"{self.name}{params}:{self.value}"

    def __repr__(self) -> str:
        return f"ContentLine({self.name!r}, {self.params!r}, {self.value!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ContentLine):
            return NotImplemented
        return (self.name, self.params, self.value) == (other.name, other.params, other.value)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the list of a component


class Component(list["ContentLine | Component"]):
    """A component (VCALENDAR, VEVENT, VALARM, …): its properties and sub-components, in the order added."""

    def __init__(self, name: str, *items: ContentLine | Component) -> None:
        super().__init__(items)
        self.name = name

    def __repr__(self) -> str:
        return f"Component({self.name!r}, {len(self)} items)"


def fold(line: str) -> str:
    """Fold one content line at 75 octets, never inside a UTF-8 sequence (RFC 5545 §3.1)."""
    if len(line) <= MAX_OCTETS and line.isascii():
        return line
    if len(line.encode("utf-8")) <= MAX_OCTETS:
        return line
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, MAX_OCTETS
    for char in line:
        width = 1 if char < "\x80" else len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            # Continuation lines start with a space, which counts towards the 75.
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def _lines(component: Component) -> Iterable[str]:
    yield f"BEGIN:{component.name}"
    # Properties first, then sub-components: RFC 5545's grammar puts every
    # property of a component before its components (and so METHOD before events).
    subcomponents: list[Component] = []
    for item in component:
        if isinstance(item, Component):
            subcomponents.append(item)
        elif isinstance(item, ContentLine):
            yield fold(str(item))
        else:
            raise TypeError(f"unexpected item in {component.name}: {item!r}")
    for sub in subcomponents:
        yield from _lines(sub)
    yield f"END:{component.name}"


def render(component: Component) -> str:
    """The iCalendar text of *component*: folded lines, CRLF after every line including the last."""
    return CRLF.join(_lines(component)) + CRLF
