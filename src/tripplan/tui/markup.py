"""Text from trips, calendars, servers and people, on screen as it is: never markup, never terminal controls.

Every screen builds what it shows with these, so no title, name, place or
note can be read as Textual markup (``Send the deck [/]`` stays that, an
org of ``[@click=app.quit]Acme[/]`` is no link) and no control character in
one reaches the terminal: ``tripplan.visible.visible`` shows ESC, C1 and bidi
overrides as escapes (``\\x1b``), so an ``ESC[2J`` or an OSC 52 in a trip file
neither wipes the screen nor sets the clipboard.  The data is not changed:
only what is drawn.

- ``m(markup, **values)``: our markup with the values filled in as text;
- ``plain(text)``: text alone, as Content (a title, a label, an option);
- ``cell(text, style)``: text alone, as a DataTable cell (Rich ``Text``, cut with … like any cell);
- ``shown(text)``: text for the widgets that take a plain ``str`` (Input
  values and placeholders, Rich ``Text``), and ``kept(value, original)`` to
  read a field back: the original while the field still shows it unchanged;
- ``as_markup(text)``: for an API that takes only markup (a palette command's help).
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from tripplan.visible import visible


def shown(text: object) -> str:
    """*text* as a string a terminal may draw: control characters shown as escapes (``\\x1b``)."""
    return visible(text if isinstance(text, str) else str(text))


def plain(text: object) -> Content:
    """*text* as Content: literal (brackets stay brackets), control characters shown as escapes."""
    return text if isinstance(text, Content) and text.plain == visible(text.plain) else Content(shown(text))


def cell(text: object, style: str = "") -> Text:
    """*text* as a DataTable cell: literal, control characters shown as escapes; *style* a Rich style."""
    return Text(shown(text), style=style, end="")


def m(markup: str, **values: object) -> Content:
    """``m("[b]$title[/b]", title=event.title)``: the markup is ours; the values are text, never markup."""
    return Content.from_markup(markup, **{name: shown(value) for name, value in values.items()})


def as_markup(text: str) -> str:
    """*text* as markup that reads back as exactly it, for the few Textual APIs that take only a markup string
    (a palette command's help).  Every ``[`` is escaped: Textual's own ``escape`` leaves ``[Draft]`` a tag."""
    return shown(text).replace("[", "\\[")


def kept(value: str, original: str, *, tidy: bool = False) -> str:
    """A field's *value* read back: *original* itself while the field still shows it as ``shown`` drew it
    (so a title holding a control character is not changed by opening its form and applying); a changed
    one with its runs of white space made single spaces when *tidy*."""
    if value == shown(original):
        return original
    return " ".join(value.split()) if tidy else value
