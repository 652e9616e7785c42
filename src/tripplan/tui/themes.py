"""Themes in the app: the bundled and the user's theme files, as Textual themes; the chosen one remembered.

Theme files are read and checked by ``tripplan.themefile`` (plain Python);
here they become ``textual.theme.Theme`` objects for ``App.register_theme``.
The user's own themes live in ``themes/`` of the config folder
(platformdirs; ``TRIPPLAN_CONFIG_DIR`` overrides it) and replace a bundled
theme of the same name.  A theme file that does not load is skipped and
reported once; the app then falls back to the default theme.  The chosen
theme is remembered in the data folder (``settings.json``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.theme import Theme

from tripplan.bundled import themes_dir
from tripplan.themefile import ThemeFileError, ThemeSpec, load_folder
from tripplan.tui.places import data_dir

DEFAULT_THEME = "tripplan-dark"
LAST_RESORT = "textual-dark"  # Textual's own, always there: used only when no theme file loads


def config_dir() -> Path:
    """The user's tripplan config folder (``TRIPPLAN_CONFIG_DIR`` overrides it)."""
    override = os.environ.get("TRIPPLAN_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("tripplan", appauthor=False))


def user_themes_dir() -> Path:
    """Where users put their own theme files."""
    return config_dir() / "themes"


@dataclass
class ThemeBook:
    """The themes found (bundled first, then the user's) and the files that did not load."""

    themes: dict[str, ThemeSpec] = field(default_factory=dict)
    errors: list[ThemeFileError] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """Theme names, bundled ones first."""
        return list(self.themes)

    def summary(self, limit: int = 6) -> str:
        """The problems of the broken files, one per line (for one notification)."""
        lines = [line for error in self.errors for line in error.render().splitlines()]
        shown = lines[:limit]
        if len(lines) > limit:
            shown.append(f"… and {len(lines) - limit} more")
        return "\n".join(shown)


def load_themes() -> ThemeBook:
    """Read the bundled themes and the user's (never raises: broken files are listed in ``errors``)."""
    book = ThemeBook()
    for folder in (themes_dir(), user_themes_dir()):
        found, errors = load_folder(folder)
        for spec in found:
            book.themes[spec.name] = spec
        book.errors += errors
    return book


def to_textual(spec: ThemeSpec, defaults: dict[str, str]) -> Theme:
    """A Textual theme for *spec*; category colours it leaves out come from *defaults*."""
    colours: dict[str, Any] = dict(spec.colours)
    variables = {**{k: v for k, v in defaults.items() if k not in spec.variables}, **spec.variables}
    return Theme(name=spec.name, dark=spec.dark, variables=variables, **colours)


def _settings_file() -> Path:
    return data_dir() / "settings.json"


def _settings() -> dict[str, Any]:
    try:
        stored = json.loads(_settings_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stored if isinstance(stored, dict) else {}


def remembered_theme() -> str | None:
    """The theme chosen last time, if any."""
    name = _settings().get("theme")
    return name if isinstance(name, str) else None


def remember_theme(name: str) -> None:
    """Remember *name* as the chosen theme (best effort, atomically)."""
    settings = {**_settings(), "theme": name}
    file = _settings_file()
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(f".settings.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(settings, indent=1), encoding="utf-8")
        os.replace(tmp, file)
    except OSError:
        pass
