"""What the event editor and the record forms share: reasons under the fields, apply only when right, cancel.

Both are modal forms of labelled fields, each with a line under it for its
reason or a hint, a ``#summary`` of what is left to fix, and ``#cancel`` and
``#apply`` buttons under a scrolling ``#form``.  A subclass's ``validate``
checks every field and sets ``result`` when all are right; apply dismisses
with it, or puts the focus on the first field marked wrong.  A new, empty
form is not "wrong": its reasons show once a field is touched or apply is
tried.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from textual import on
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, SelectionList, Static

from tripplan.tui.keys import TypeAhead
from tripplan.tui.markup import m as _m

T = TypeVar("T")


def tick_highlighted(choices: SelectionList[Any], field: Any) -> None:
    """Tick (or untick) the highlighted item of *choices*, the first when none is, and empty its filter *field*:
    Enter in a filter picks the highlighted (or only) match."""
    if choices.option_count:
        choices.toggle(choices.get_option_at_index(choices.highlighted or 0))
        field.value = ""


class CheckedForm(TypeAhead, ModalScreen[T | None]):
    """A form that dismisses with its ``result`` once ``validate`` finds every field right, or ``None``."""

    CSS_PATH = "forms.tcss"  # beside this module; loaded when the screen first opens

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Apply", priority=True),
    ]

    def __init__(self, *, new: bool) -> None:
        super().__init__()
        self.result: T | None = None
        self.touched: set[str] = set()
        self.tried = not new

    def validate(self) -> bool:
        """Check every field, mark the wrong ones, set ``result``; whether all are right."""
        raise NotImplementedError

    def show_reason(self, label: Static, reason: str, hint: str) -> None:
        """Show under a field why it is wrong (*reason*), else *hint*; the line goes when there is neither."""
        label.update(_m("[$error]✗ $r[/]", r=reason) if reason else (
            _m("[$text-muted]→ $h[/]", h=hint) if hint else ""))
        label.display = bool(reason or hint)

    def show_summary(self, errors: dict[str, str]) -> None:
        """Say how many fields are left to fix (those touched, or all once apply was tried)."""
        count = len(errors) if self.tried else len(set(errors) & self.touched)
        self.query_one("#summary", Static).update("" if not count else _m(
            "[$error]$n field$s to fix before applying[/]", n=count, s="s" if count != 1 else ""))

    def on_resize(self) -> None:
        # The form scrolls and the buttons stay visible, down to 80×24.
        self.query_one("#form").styles.max_height = max(4, self.size.height - 6)

    def focus_wrong(self, field: Widget) -> None:
        """Put the focus on *field*, the first one marked wrong."""
        field.focus()

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        """Apply the form when it is right (otherwise point at the first wrong field)."""
        self.tried = True
        if self.validate() and self.result is not None:
            self.dismiss(self.result)
            return
        wrong = self.query(".-invalid")
        if wrong:
            self.focus_wrong(wrong.first())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
