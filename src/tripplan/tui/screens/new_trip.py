"""The "New trip" form: name, destination zone, home zone, dates, who travels (you) and where to save.

The traveller's name and e-mail are optional: given, they become the
trip's "me" person (the one whose overlaps are checked, the organizer of
invites and exports).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from tripplan.time.limits import trip_problems
from tripplan.time.zones import zone
from tripplan.trip.model import Person, Trip
from tripplan.tui.markup import m as _m
from tripplan.tui.screens.dialogs import titled_box
from tripplan.tui.text import place_name, trip_dates
from tripplan.tui.trip_folders import slug
from tripplan.tui.widgets.zonefield import ZoneField, canonical_zone


@dataclass(frozen=True)
class NewTrip:
    """What the form produced: the trip and the file to create."""

    trip: Trip
    path: Path


def local_zone_name() -> str:
    """This machine's IANA zone, best effort (``UTC`` when unknown)."""
    env = os.environ.get("TZ", "").lstrip(":")
    if env and canonical_zone(env):
        return canonical_zone(env) or "UTC"
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        return "UTC"
    marker = "zoneinfo/"
    if marker in target:
        name = target.split(marker, 1)[1]
        return canonical_zone(name) or "UTC"
    return "UTC"


class NewTripScreen(ModalScreen[NewTrip | None]):
    """A short form; nothing is written until it is valid and confirmed."""

    CSS_PATH = "forms.tcss"  # beside this module; loaded when the screen first opens

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "create", "Create", priority=True),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.path_edited = False
        self.result: NewTrip | None = None

    def compose(self) -> ComposeResult:
        with titled_box("New trip", "ctrl+s create · esc cancel", id="editor"):
            with VerticalScroll(id="form"):
                for label, field, widget in (
                    ("Name", "name", Input(placeholder="e.g. Lisbon client visit", id="name")),
                    ("Zone", "tz", ZoneField(placeholder="destination: type a city, e.g. Lisbon", id="tz")),
                    ("Home", "home", ZoneField(local_zone_name(), id="home")),
                    ("First day", "start", Input(placeholder="YYYY-MM-DD", id="start")),
                    ("Last day", "end", Input(placeholder="YYYY-MM-DD", id="end")),
                    ("You", "me_name", Input(placeholder="your name (optional): the traveller, 'me'", id="me_name")),
                    ("E-mail", "me_email", Input(placeholder="yours (optional): invites come from it",
                                                 id="me_email")),
                    ("Save to", "path", Input(str(self.folder / "trip.toml"), id="path")),
                ):
                    with Horizontal(classes="row", id=f"row-{field}"):
                        yield Label(label, classes="label")
                        with Vertical(classes="field"):
                            yield widget
                            yield Static("", classes="reason", id=f"reason-{field}")
            yield Static("", id="summary")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Create", id="create", variant="primary", compact=True)

    def on_resize(self) -> None:
        # The form scrolls and the buttons stay visible, down to 80×24.
        self.query_one("#form").styles.max_height = max(4, self.size.height - 6)

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self.validate()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id == "path" and event.input.has_focus:
            self.path_edited = True
        if event.input.id == "name" and not self.path_edited:
            self.query_one("#path", Input).value = str(self.folder / f"{slug(event.value)}.toml")
        self.validate()

    def validate(self) -> bool:
        """Check every field, mark the wrong ones and say why."""
        errors: dict[str, str] = {}
        name = " ".join(self.query_one("#name", Input).value.split())
        if not name:
            errors["name"] = "give the trip a name"
        zones = {}
        for field in ("tz", "home"):
            text = self.query_one(f"#{field}", ZoneField).value
            found = canonical_zone(text)
            if found is None:
                errors[field] = "type part of a city and pick a zone" if not text.strip() else (
                    f"{text!r} is not a time zone")
            else:
                zones[field] = zone(found)
        days = {}
        for field in ("start", "end"):
            text = self.query_one(f"#{field}", Input).value.strip()
            try:
                days[field] = date.fromisoformat(text)
            except ValueError:
                errors[field] = "a date like 2027-03-08"
        if "start" in days and "end" in days:
            if days["end"] < days["start"]:
                errors["end"] = "the last day is before the first"
            else:
                for field, problem in trip_problems(days["start"], days["end"]):  # the trip file's bounds
                    errors.setdefault(field, problem)
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        if path.suffix.lower() != ".toml":
            errors["path"] = "a trip file name ends in .toml"
        elif path.exists():
            errors["path"] = f"{path.name} already exists — choose another name"
        elif not path.parent.exists() and path.parent != self.folder:
            errors["path"] = f"the folder {path.parent} does not exist"
        me = self._me(errors)
        for field in ("name", "tz", "home", "start", "end", "me_name", "me_email", "path"):
            reason = errors.get(field, "")
            label = self.query_one(f"#reason-{field}", Static)
            label.update(_m("[$error]✗ $r[/]", r=reason) if reason else "")
            label.display = bool(reason)
            node = self.query_one(f"#{field}")
            (node.input if isinstance(node, ZoneField) else node).set_class(bool(reason), "-invalid")
        self.result = None
        if not errors:
            trip = Trip(name=name, timezone=zones["tz"], home_timezone=zones["home"], start=days["start"],
                        end=days["end"], destination=place_name(zones["tz"]), people=[me] if me else [])
            self.result = NewTrip(trip, path)
            self.query_one("#summary", Static).update(_m(
                "[$text-muted]→ $n · $d · $z (home $h)$w[/]", n=name, d=trip_dates(trip), z=zones["tz"].key,
                h=zones["home"].key, w=f" · travelling: {me.name}" if me else ""))
        else:
            self.query_one("#summary", Static).update("")
        self.query_one("#create", Button).disabled = bool(errors)
        return not errors

    def _me(self, errors: dict[str, str]) -> Person | None:
        """The traveller the form names (``None`` when it names no one), or a reason in *errors*."""
        from tripplan.edit.changes import check_item, free_id

        name = " ".join(self.query_one("#me_name", Input).value.split())
        email = self.query_one("#me_email", Input).value.strip()
        if not name:
            if email:
                errors["me_name"] = "give your name too (or leave both empty)"
            return None
        person = Person(id=free_id(name, ()), name=name, email=email, me=True)
        # The trip file's own rules (a well-formed e-mail address, say), on a trip holding just this person.
        probe = Trip(name="probe", timezone=zone("UTC"), home_timezone=zone("UTC"), start=date(2027, 1, 1),
                     end=date(2027, 1, 1))
        for problem in check_item(probe, "people", person):
            errors.setdefault("me_email" if problem.path == "email" else "me_name", problem.message)
        return person

    @on(Button.Pressed, "#create")
    @on(Input.Submitted)
    def action_create(self) -> None:
        """Create the trip when the form is valid."""
        if self.validate() and self.result is not None:
            self.dismiss(self.result)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without creating anything."""
        self.dismiss(None)
