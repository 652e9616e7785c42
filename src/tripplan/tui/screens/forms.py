"""Small modal forms built from a list of fields, and a pick-one list.

The people, objective, follow-up and conversation forms are all this: a
``FormScreen`` lays out the fields like the event editor (label, field,
reason under it), checks the whole form on every change through its
``check`` function, marks wrong fields red with the reason, and dismisses
with the built value only when nothing is wrong.  ``PickScreen`` offers a
list to choose one item from, with type-to-filter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, OptionList, Select, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from tripplan.tui.keys import Input, TextArea, TypeAhead
from tripplan.tui.markup import kept, plain, shown
from tripplan.tui.people_match import Refill
from tripplan.tui.screens.checked_form import CheckedForm, tick_highlighted
from tripplan.tui.screens.dialogs import panel_css, titled_box

T = TypeVar("T")


@dataclass
class Field:
    """One field of a form.

    ``kind`` is ``input``, ``select``, ``text`` (several lines), ``check``
    (a checkbox) or ``many`` (a filterable list to tick several items of).
    ``options`` are (label, value) pairs for ``select`` and ``many``.
    """

    name: str
    label: str
    kind: str = "input"
    value: Any = ""
    placeholder: str = ""
    options: Sequence[tuple[str | Content, Any]] = field(default_factory=list)
    blank: bool = False
    """For ``select``: whether "none" may be chosen."""


@dataclass
class Checked(Generic[T]):
    """What a form's check found: the value when the form is right, reasons per field, hints per field."""

    value: T | None
    errors: dict[str, str] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)


class FormScreen(CheckedForm[T]):
    """A form of *fields*; *check* turns the values into a result (or reasons); dismisses with the result."""

    def __init__(self, title: str, fields: list[Field], check: Callable[[dict[str, Any]], Checked[T]], *,
                 ok: str = "Apply", new: bool = False, focus: str | None = None) -> None:
        super().__init__(new=new)
        self.title_text, self.fields, self.check, self.ok = title, fields, check, ok
        self.first_focus = focus
        self._refills: dict[str, Refill] = {}

    def compose(self) -> ComposeResult:
        with titled_box(plain(self.title_text), "ctrl+s apply · esc cancel", id="editor"):
            with VerticalScroll(id="form"):
                for spec in self.fields:
                    with Horizontal(classes="row", id=f"row-{spec.name}"):
                        yield Label(plain(spec.label), classes="label")
                        with Vertical(classes="field"):
                            yield from self._widgets(spec)
                            yield Static("", classes="reason", id=f"reason-{spec.name}")
            yield Static("", id="summary")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button(self.ok, id="apply", variant="primary", compact=True)

    def _widgets(self, spec: Field) -> ComposeResult:
        ident = f"f-{spec.name}"
        if spec.kind == "select":
            blank = spec.blank or spec.value in (None, "")
            yield Select([(plain(label), value) for label, value in spec.options],
                         value=spec.value if spec.value not in (None, "") else Select.NULL,
                         allow_blank=blank, prompt=shown(spec.placeholder or "none"), id=ident, compact=True)
        elif spec.kind == "text":
            yield TextArea(shown(spec.value), id=ident, soft_wrap=True, show_line_numbers=False)
        elif spec.kind == "check":
            yield Checkbox(plain(spec.placeholder), bool(spec.value), id=ident, compact=True)
        elif spec.kind == "many":
            yield Input(placeholder=shown(spec.placeholder or "type to filter"), id=f"{ident}-filter")
            chosen = set(spec.value or ())
            yield SelectionList[Any](*(Selection(plain(label), value, value in chosen)
                                       for label, value in spec.options), id=ident, compact=True)
        else:
            yield Input(shown(spec.value), placeholder=shown(spec.placeholder), id=ident)

    def on_mount(self) -> None:
        first = self.query(f"#f-{self.first_focus}" if self.first_focus else
                           "#form Input, #form Select, #form TextArea, #form Checkbox, #form SelectionList")
        if first:
            self.focus_first(first.first())
        self.validate()

    # --- values -----------------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The form's current values by field name (a text field still as it was shown: its value as given)."""
        found: dict[str, Any] = {}
        for spec in self.fields:
            widget = self.query_one(f"#f-{spec.name}")
            if isinstance(widget, Select):
                found[spec.name] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, TextArea):
                found[spec.name] = kept(widget.text, str(spec.value))
            elif isinstance(widget, Checkbox):
                found[spec.name] = widget.value
            elif isinstance(widget, SelectionList):
                found[spec.name] = list(widget.selected)
            elif isinstance(widget, Input):
                found[spec.name] = kept(widget.value, str(spec.value))
        return found

    def validate(self) -> bool:
        """Check the whole form; mark wrong fields; enable apply only when all is right."""
        checked = self.check(self.values())
        self.result = checked.value if not checked.errors else None
        for spec in self.fields:
            reason = checked.errors.get(spec.name, "") if self.tried or spec.name in self.touched else ""
            hint = checked.hints.get(spec.name, "")
            self.show_reason(self.query_one(f"#reason-{spec.name}", Static), reason, hint)
            self.query_one(f"#f-{spec.name}").set_class(bool(reason), "-invalid")
        self.query_one("#apply", Button).disabled = bool(checked.errors)
        self.show_summary(checked.errors)
        return not checked.errors

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(TextArea.Changed)
    @on(SelectionList.SelectedChanged)
    def _changed(self, event: Any) -> None:
        widget = getattr(event, "control", None) or getattr(event, "input", None)
        ident = str(getattr(widget, "id", "") or "")
        if ident.endswith("-filter"):
            name = ident.removeprefix("f-").removesuffix("-filter")
            refill = self._refills.setdefault(name, Refill(partial(self._filter, name)))
            refill.want(self.query_one(f"#f-{name}", SelectionList), event.value)
            return
        if ident and self.is_mounted:
            self.touched.add(ident.removeprefix("f-"))
        self.validate()

    def _filter(self, name: str, text: str) -> None:
        """Show only the items of a ``many`` field that match *text* (ticked ones stay ticked)."""
        spec = next(s for s in self.fields if s.name == name)
        widget = self.query_one(f"#f-{name}", SelectionList)
        chosen = set(widget.selected)
        needle = text.strip().lower()
        widget.clear_options()
        for label, value in spec.options:
            words = label.plain if isinstance(label, Content) else str(label)
            if not needle or needle in words.lower() or value in chosen:
                widget.add_option(Selection(plain(label), value, value in chosen))

    # --- actions ----------------------------------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        ident = event.input.id or ""
        if ident.endswith("-filter"):
            # Enter in a filter ticks the highlighted (or only) match: type "ana", enter.
            event.stop()
            field = event.input
            name = ident.removeprefix("f-").removesuffix("-filter")

            def tick() -> None:  # once the list shows what was typed
                tick_highlighted(self.query_one(f"#f-{name}", SelectionList), field)

            refill = self._refills.get(name)
            if refill is None:
                tick()
            else:
                refill.after(tick)
            return
        self.action_apply()


class PickScreen(TypeAhead, ModalScreen[str | None]):
    """Choose one of a list (type to filter); dismisses with the chosen id, or ``None``.  The title, message
    and labels given as strings are text, never markup."""

    DEFAULT_CSS = panel_css("PickScreen", width="90%", max_width=90, max_height="90%") + """
    PickScreen OptionList, PickScreen OptionList:focus { height: auto; max-height: 24; border: none;
        background: $panel; }
    PickScreen Input { margin-bottom: 1; }
    PickScreen .message { color: $text-muted; margin-bottom: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "to_list", "List", show=False),
    ]

    def __init__(self, title: str, items: Sequence[tuple[str, str | Content]], *, message: str = "",
                 current: str | None = None, filter: bool = True) -> None:
        super().__init__()
        self.title_text, self.items, self.message, self.current = title, list(items), message, current
        self.with_filter = filter and len(self.items) > 8

    def compose(self) -> ComposeResult:
        with titled_box(plain(self.title_text), "enter choose · esc cancel"):
            if self.message:
                yield Static(plain(self.message), classes="message")
            if self.with_filter:
                yield Input(placeholder="type to filter", id="pick-filter")
            yield OptionList(id="pick")

    def on_mount(self) -> None:
        self._fill("")
        (self.query_one("#pick-filter") if self.with_filter else self.query_one("#pick")).focus()

    def _fill(self, text: str) -> None:
        needle = text.strip().lower()
        pick = self.query_one("#pick", OptionList)
        pick.clear_options()
        found = [(ident, label) for ident, label in self.items
                 if not needle or needle in (label.plain if isinstance(label, Content) else label).lower()]
        pick.add_options([Option(plain(label), id=ident) for ident, label in found])
        ids = [ident for ident, _ in found]
        if ids:
            pick.highlighted = ids.index(self.current) if self.current in ids else 0

    @on(Input.Changed, "#pick-filter")
    def _typed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#pick-filter")
    def _submitted(self) -> None:
        pick = self.query_one("#pick", OptionList)
        if pick.option_count:
            option = pick.get_option_at_index(pick.highlighted or 0)
            self.dismiss(option.id)

    @on(OptionList.OptionSelected, "#pick")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_to_list(self) -> None:
        """Move from the filter into the list."""
        self.query_one("#pick", OptionList).focus()

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
