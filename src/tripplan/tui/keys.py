"""Keys in the order they were typed: text fields that lose nothing in a burst, and forms that keep type-ahead.

Textual (8.x) hands a printable key to the focused widget, which inserts it
when it reads its own message queue; but a key bound to an action
(Backspace, Delete, arrows, Home/End, Enter, Tab) is only acted on once it
has bubbled back up to the app, several queues later.  While the app is
busy (a form re-checks itself on every change) keys wait in those queues,
so in a fast burst, or Backspace held then typing, a Backspace can run
after the letters typed behind it, deleting one of them and keeping the
letter it was meant to delete; a Tab can move the focus after the next
letters were already handed to the field left behind.  ``Input`` and
``TextArea`` here run their own key bindings and Tab in their own queue,
in order, and pass on a key that reached them after the focus moved.

A screen that has just opened has no focus until its first field takes it
(``Widget.focus`` is itself queued), and Textual gives keys typed in that
moment to the screen, which drops them: ``TypeAhead`` hands them to the
field that takes the focus, in order.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from textual import events
from textual import widgets as _widgets
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.scroll_view import ScrollView

if TYPE_CHECKING:
    from textual.app import App
from textual.widget import Widget

_FOCUS_MOVES = {"tab": "focus_next", "shift+tab": "focus_previous"}


@cache
def _own_bindings(cls: type[Widget]) -> dict[str, str]:
    """Key → action for the bindings the text widget class itself declares (not the scrolling it inherits)."""
    found: dict[str, str] = {}
    for spec in cls.__dict__.get("BINDINGS", ()):
        binding = spec if isinstance(spec, Binding) else Binding(*spec)
        for key in binding.key.split(","):
            found[key.strip()] = binding.action
    return found


# A mixin, not a Widget subclass: Textual gathers a widget's CSS and component classes along its bases.
if TYPE_CHECKING:
    _Mixin = Widget
else:
    _Mixin = object


def _send(widget: Widget, key: events.Key) -> None:
    """Post a copy of *key* to *widget*, as sent by it (so unhandled it bubbles on up to the app's bindings:
    Textual does not bubble a message back to the node that sent it)."""
    widget.post_message(events.Key(key.key, key.character).set_sender(widget))


class InOrder(_Mixin):
    """A text field that acts on every key in the order it arrived (see the module's note)."""

    _BASE: type[Widget] = Widget
    """The Textual class whose own bindings are run in order."""

    async def on_key(self, event: events.Key) -> None:
        """Act on an edit key here, in order, instead of when it has bubbled up to the app."""
        screen = self.screen
        if isinstance(screen, TypeAhead) and screen.hold(event):
            return  # keys typed before this field had the focus are still being handed over
        focused = screen.focused
        if focused is not None and focused is not self and self.is_attached:
            # Typed before a Tab (or a click) moved the focus on, and queued here: it belongs there now.
            event.stop()
            event.prevent_default()
            _send(focused, event)
            return
        await self.type_key(event)

    async def type_key(self, event: events.Key) -> bool:
        """Act on *event* now if it is one of this field's own keys or Tab; whether it was."""
        keys = _own_bindings(self._BASE)
        action = next((keys[k] for k in (event.key, *event.aliases) if k in keys), None)
        move = _FOCUS_MOVES.get(event.key)
        if move is not None and getattr(self, "tab_behavior", "focus") == "focus":
            event.stop()
            event.prevent_default()
            (self.screen.focus_next if move == "focus_next" else self.screen.focus_previous)()
            return True
        if action is None:
            return False
        event.stop()
        event.prevent_default()
        await self.run_action(action)
        return True


class Input(InOrder, _widgets.Input):
    """Textual's ``Input``, acting on keys in the order they were typed."""

    _BASE = _widgets.Input


class TextArea(InOrder, _widgets.TextArea):
    """Textual's ``TextArea``, acting on keys in the order they were typed."""

    _BASE = _widgets.TextArea


class TypeAhead(Screen[Any]):
    """A screen that keeps what is typed before its first field has the focus.

    Keys sent to the screen while nothing had the focus wait here until the
    first field takes it; keys that field receives meanwhile wait behind them
    (``InOrder.on_key``), so all are typed in order, none lost.
    """

    _early: list[events.Key] | None = None
    _bubbling: set[int]
    _first: Widget | None = None
    _ready = False
    """Whether a field has had the focus and every key typed before that was handed to it."""

    def on_mount(self) -> None:
        self._bubbling = set()

    def came_from_here(self, event: events.Key) -> bool:
        """Whether *event*, reaching the app, bubbled up through this screen."""
        found = id(event) in self._bubbling
        self._bubbling.discard(id(event))
        return found or not self.is_mounted

    def focus_first(self, widget: Widget) -> None:
        """Focus *widget* as the screen opens: what was typed before goes there."""
        self._first = widget
        widget.focus()

    @property
    def ready(self) -> bool:
        """Whether a field has had the focus (keys typed before that have been or are being handed to it)."""
        return self._ready

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self._ready or (isinstance(event.widget, ScrollableContainer) and not isinstance(event.widget, ScrollView)):
            return  # Textual's first focus goes to a form's scrolling box; the screen then focuses its first field
        if self._first is not None and event.widget is not self._first:
            return  # Textual's own first pick, before the field the screen asked for
        self._ready = True
        self.call_next(self._hand_over)

    async def _hand_over(self) -> None:
        # The list stays while it drains, so a key arriving meanwhile queues behind the rest.
        waiting = self._early or []
        while waiting and (focused := self.focused) is not None:
            key = waiting.pop(0)
            if isinstance(focused, InOrder) and await focused.type_key(key):
                continue
            if key.is_printable and key.character and isinstance(focused, _widgets.Input):
                focused.insert_text_at_cursor(key.character)
            elif key.is_printable and key.character and isinstance(focused, _widgets.TextArea):
                focused.insert(key.character)
            else:
                _send(focused, key)
        self._early = None

    def hold(self, event: events.Key) -> bool:
        """Keep *event* to type once the focus is set (while it is not yet); whether it was kept."""
        if self._ready and self._early is None:
            return False
        if self._early is None:
            self._early = []
        self._early.append(events.Key(event.key, event.character))
        event.stop()
        event.prevent_default()
        return True

    def take(self, event: events.Key) -> None:
        """Type *event*, a key meant for this screen that reached the screen below it (see ``PassOn``)."""
        if self.hold(event):
            return
        event.stop()
        event.prevent_default()
        if self.focused is not None:
            _send(self.focused, event)

    async def on_key(self, event: events.Key) -> None:
        """A key sent here before anything had the focus is typed once a field has it."""
        if not self._ready:
            self.hold(event)
            return
        # Once ready, a key here has bubbled up from a widget: Textual's bindings deal with it (and the
        # app knows it came from here, not from the screen below: see ``pass_on``).
        self._bubbling.add(id(event))



def pass_on(app: App[Any], event: events.Key) -> None:
    """Hand a key that bubbled up to *app* to the form just opened, while nothing there has the focus yet.

    Textual hands each key to the focused widget as it arrives, and acts on a
    bound key (``a``: add) only once it has bubbled back up to the app: the
    letters typed right after it were handed to the screen below, and come
    up to the app after the form opened, where nothing would type them.
    Call it from the app's ``on_key``.
    """
    screen = app.screen
    if isinstance(screen, TypeAhead) and (not screen.ready or not screen.came_from_here(event)):
        screen.take(event)
