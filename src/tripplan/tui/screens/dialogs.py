"""Small modal dialogs: a choice between a few buttons, and asking for a file name."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Label, Static
from textual.widgets.button import ButtonVariant

from tripplan.tui.keys import Input  # Backspace and Tab in the order typed (tui/keys.py)
from tripplan.tui.markup import plain, shown

DIALOG_CSS = """
{name} {{
    align: center middle;
    background: $background 60%;
}}
{name} > Vertical {{
    width: auto;
    min-width: 44;
    max-width: 90%;
    height: auto;
    max-height: 90%;
    padding: 1 2;
    background: $panel;
    border: round $accent;
    border-title-color: $accent;
    border-title-style: bold;
}}
{name} .message {{ width: auto; max-width: 76; margin-bottom: 1; }}
{name} .buttons {{ width: auto; height: auto; align-horizontal: right; }}
{name} Button {{ margin-left: 1; min-width: 10; }}
{name}.-stacked .buttons {{ layout: vertical; }}
{name}.-short > Vertical {{ padding: 0 2; }}
"""

BUTTON_GAP = 1  # the margin-left of each button above
BUTTON_MIN = 10  # its min-width
BOX_GUTTER = 6  # the box's border (2) and padding (2 + 2)
SHORT_WINDOW = 24  # rows; in fewer, the box loses its blank rows above and below


def panel_css(name: str, *, width: str, max_width: int, max_height: str) -> str:
    """The look of a modal panel, for the screen class *name*: a ``Vertical`` centred over the dimmed screen, in
    a round accent border with its title bold and its subtitle (the keys) muted (export, pick, suggestions)."""
    return f"""
{name} {{ align: center middle; background: $background 60%; }}
{name} > Vertical {{
    width: {width}; max-width: {max_width}; height: auto; max-height: {max_height};
    background: $panel; border: round $accent; padding: 0 1;
    border-title-color: $accent; border-title-style: bold; border-subtitle-color: $text-muted;
}}
"""


def titled_box(title: str | Content, keys: str, **options: Any) -> Vertical:
    """A dialog's box (a ``Vertical`` with *options*), its *title* on its border and its *keys* below it."""
    box = Vertical(**options)
    box.border_title, box.border_subtitle = title, keys
    return box


class ChoiceDialog(ModalScreen[str | None]):
    """A question with a few answers (buttons); dismisses with the chosen id, or ``None`` on escape.

    Each choice may name a key that picks it directly (``("save", "Save", "s")``).  The title, a message
    given as a string and the labels are text, never markup: they quote titles and file names.
    """

    DEFAULT_CSS = DIALOG_CSS.format(name="ChoiceDialog")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Cancel"),
        Binding("left", "app.focus_previous", "Previous", show=False),
        Binding("right", "app.focus_next", "Next", show=False),
    ]

    def __init__(self, title: str, message: str | Content, choices: Sequence[tuple[str, str, str]],
                 *, default: str | None = None, danger: Sequence[str] = ()) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.choices = list(choices)
        self.default = default or (self.choices[0][0] if self.choices else None)
        self.danger = set(danger)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = plain(self.title_text)
            yield Static(plain(self.message), classes="message")
            with Horizontal(classes="buttons"):
                for ident, label, key in self.choices:
                    text = f"{label} [{key}]" if key else label
                    variant: ButtonVariant = "error" if ident in self.danger else (
                        "primary" if ident == self.default else "default")
                    yield Button(plain(text), id=f"choice-{ident}", variant=variant, compact=True)  # text, not markup

    def on_mount(self) -> None:
        if self.default:
            self.query_one(f"#choice-{self.default}", Button).focus()
        self.on_resize()

    def on_resize(self) -> None:
        # A long message wraps inside the box (90 % of the window), not cut at its edge: at 80 columns the
        # box is narrower than the message's 76.
        room = self.app.size.width * 9 // 10 - BOX_GUTTER
        for message in self.query(".message"):
            message.styles.max_width = max(20, min(76, room))
        # Buttons do not wrap: when their row is wider than the box they go one under the other, each label
        # whole ("Cance" at 60 columns was the last of four buttons cut at the box's edge).
        need = sum(max(BUTTON_MIN, cell_len(str(button.label))) + BUTTON_GAP for button in self.query(Button))
        self.set_class(need > room, "-stacked")
        self.set_class(self.app.size.height < SHORT_WINDOW, "-short")  # its rows for the message and buttons

    def on_key(self, event: events.Key) -> None:
        for ident, _label, shortcut in self.choices:
            if shortcut and event.key == shortcut:
                event.stop()
                self.dismiss(ident)
                return

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def action_dismiss_none(self) -> None:
        """Close without choosing."""
        self.dismiss(None)


def confirm(title: str, message: str | Content, yes: str = "Delete", *, danger: bool = True) -> ChoiceDialog:
    """A yes/no dialog (``"yes"`` or ``None``) with the action focused.

    The key that opened it asked for the action (``d`` for delete), so enter does it; escape or ``n``
    cancels.  A focused Cancel beside a red Delete made ``d`` then enter silently do nothing.
    """
    return ChoiceDialog(title, message, [("yes", yes, "y"), ("no", "Cancel", "n")],
                        default="yes", danger=("yes",) if danger else ())


class PathDialog(ModalScreen[Path | None]):
    """Ask for a file name; validated as you type by *check* (returns a reason, or "" when fine); text, not markup."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PathDialog") + """
    PathDialog Input { width: 70; max-width: 100%; margin-bottom: 0; }
    PathDialog .reason { color: $error; height: auto; min-height: 1; margin-bottom: 1; }
    PathDialog Input.-invalid { border: tall $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss_none", "Cancel")]

    def __init__(self, title: str, message: str, initial: Path, check: Callable[[Path], str],
                 ok: str = "Save") -> None:
        super().__init__()
        self.title_text, self.message, self.initial, self.check, self.ok = title, message, initial, check, ok

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = plain(self.title_text)
            yield Label(plain(self.message), classes="message")
            yield Input(shown(self.initial), id="path")
            yield Label("", classes="reason", id="reason")
            with Horizontal(classes="buttons"):
                yield Button(self.ok, id="ok", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self._validate(str(self.initial))

    def _validate(self, value: str) -> Path | None:
        reason = "give a file name" if not value.strip() else self.check(Path(value.strip()).expanduser())
        self.query_one("#path", Input).set_class(bool(reason), "-invalid")
        self.query_one("#reason", Label).update(plain(reason))
        self.query_one("#ok", Button).disabled = bool(reason)
        return None if reason else Path(value.strip()).expanduser()

    @on(Input.Changed, "#path")
    def _changed(self, event: Input.Changed) -> None:
        self._validate(event.value)

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        path = self._validate(self.query_one("#path", Input).value)
        if path is not None:
            self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def action_dismiss_none(self) -> None:
        """Close without a path."""
        self.dismiss(None)


class FittingDialog(ModalScreen[None]):
    """A dialog of fields under an explanation (``.message``) with a row of ``#buttons`` below.

    On a window too short for all of it (40×20) the explanation goes, so the fields and the buttons stay
    on screen; it comes back when the window grows.  Its CSS hides ``.message`` under ``.-short``.
    """

    def on_resize(self) -> None:
        self.remove_class("-short")
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        for buttons in self.query("#buttons"):
            box = buttons.parent
            if isinstance(box, Widget) and buttons.region.bottom > box.content_region.bottom:
                self.add_class("-short")


def new_file_reason(path: Path) -> str:
    """Why *path* cannot be a new trip file ("" when it can)."""
    if path.suffix.lower() != ".toml":
        return "a trip file name ends in .toml"
    if path.exists():
        return f"{path.name} already exists — choose another name"
    if not path.parent.exists():
        return f"the folder {path.parent} does not exist"
    return ""
