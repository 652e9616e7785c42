"""Themes in the app: the bundled and the user's theme files, as Textual themes; the chosen one remembered.

Theme files are read and checked by ``tripplan.files.themefile`` (plain Python);
here they become ``textual.theme.Theme`` objects for ``App.register_theme``.
The user's own themes live in ``themes/`` of the config folder
(platformdirs; ``TRIPPLAN_CONFIG_DIR`` overrides it) and replace a bundled
theme of the same name.  A theme file that does not load is skipped and
reported once; the app then falls back to the default theme.  The chosen
theme is remembered in the data folder (``settings.json``).

Checked themes are cached (``themes.json`` in the cache folder, keyed by
tripplan's version and each theme file's path and whole text — they are a
few hundred bytes): the app's first frame then waits neither for the TOML
reader nor for the checks.  Any change to a theme file, a new or a removed
one, misses the cache; a broken cache is ignored; files with errors are
never cached, so their problems are always reported.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.theme import Theme

from tripplan.errors import UnreadableFileError
from tripplan.files.bundled import themes_dir
from tripplan.files.raw import read_regular
from tripplan.files.themefile import MAX_BYTES, ThemeFileError, ThemeSpec, load_folder, theme_files
from tripplan.files.userdirs import config_dir, unreadable
from tripplan.tui.trip_folders import data_dir, stored_json

DEFAULT_THEME = "tripplan-dark"
LAST_RESORT = "textual-dark"  # Textual's own, always there: used only when no theme file loads


def user_themes_dir() -> Path:
    """Where users put their own theme files."""
    return config_dir() / "themes"


@dataclass
class ThemeBook:
    """The themes found (bundled first, then the user's) and the files that did not load."""

    themes: dict[str, ThemeSpec] = field(default_factory=dict)
    errors: list[ThemeFileError] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # settings folders that could not be read: why, for a notice

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
    """Read the bundled themes and the user's (never raises: broken files are listed in ``errors``).

    A config or data folder that cannot be read (``chmod 000``, a file in its
    place) is listed in ``unread``: the app starts without what is in it, says
    so, and writes nothing there.
    """
    unread = [why for why in (unreadable(config_dir()), unreadable(data_dir())) if why]
    if not unread and (why := unreadable(user_themes_dir())):
        unread.append(why)
    folders = (themes_dir(), None if unread and unread[0].startswith(str(config_dir())) else user_themes_dir())
    stamp = _stamp(folders)
    cached = _cached(stamp)
    if cached is not None:
        cached.unread = unread
        return cached
    book = ThemeBook(unread=unread)
    for folder in folders:
        found, errors = load_folder(folder)
        for spec in found:
            book.themes[spec.name] = spec
        book.errors += errors
    if stamp is not None and not book.errors:
        _store(stamp, book)
    return book


def _stamp(folders: tuple[Path | None, ...]) -> list[list[Any]] | None:
    """What the themes depend on: every theme file's path and text (``None``: do not use the cache)."""
    if os.environ.get("TRIPPLAN_NO_CACHE", "") not in ("", "0"):
        return None
    from tripplan import __version__

    stamp: list[list[Any]] = [[__version__]]
    try:
        for folder in folders:
            for path in theme_files(folder):
                stamp.append([str(path), read_regular(path, MAX_BYTES, "theme file").decode("utf-8")])
    except (OSError, UnicodeDecodeError, UnreadableFileError):
        return None
    return stamp


def _cache_file() -> Path:
    from tripplan.road.dayindex import cache_dir

    return Path(cache_dir()) / "themes.json"


def _cached(stamp: list[list[Any]] | None) -> ThemeBook | None:
    if stamp is None:
        return None
    from tripplan.road import cachefile
    from tripplan.road.dayindex import cache_dir

    folder = cachefile.open_folder(cache_dir(), create=False, tighten=False)  # ours, private: else not used
    if folder is None:
        return None
    try:
        data = cachefile.read_raw(folder, _cache_file().name)
    finally:
        os.close(folder)
    if data is None:
        return None
    try:  # JSON, safe on any bytes: the stamp inside says whether it is current
        stored = json.loads(data.decode("utf-8"))
        if stored.get("stamp") != stamp:
            return None
        book = ThemeBook()
        for item in stored["themes"]:
            spec = ThemeSpec(str(item["name"]), str(item["label"]), bool(item["dark"]), dict(item["colours"]),
                             dict(item["variables"]), str(item["description"]),
                             Path(item["source"]) if item["source"] else None)
            book.themes[spec.name] = spec
        return book
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # missing, unreadable or not ours: read the files


def _store(stamp: list[list[Any]], book: ThemeBook) -> None:
    themes = [{"name": s.name, "label": s.label, "dark": s.dark, "colours": s.colours, "variables": s.variables,
               "description": s.description, "source": str(s.source) if s.source else ""}
              for s in book.themes.values()]
    from tripplan.road import cachefile
    from tripplan.road.dayindex import cache_dir

    where = cache_dir()  # a cache is only a shortcut: a folder that fails the checks is left alone
    folder = cachefile.open_folder(where, create=True, tighten=not os.environ.get("TRIPPLAN_CACHE_DIR"))
    if folder is None:
        return
    try:
        cachefile.write_raw(where, folder, _cache_file().name,
                            json.dumps({"stamp": stamp, "themes": themes}).encode("utf-8"))
    finally:
        os.close(folder)


def to_textual(spec: ThemeSpec, defaults: dict[str, str]) -> Theme:
    """A Textual theme for *spec*; category colours it leaves out come from *defaults*."""
    colours: dict[str, Any] = dict(spec.colours)
    variables = {**{k: v for k, v in defaults.items() if k not in spec.variables}, **spec.variables}
    return Theme(name=spec.name, dark=spec.dark, variables=variables, **colours)


def _settings_file() -> Path:
    return data_dir() / "settings.json"


def _settings() -> dict[str, Any] | None:
    """The remembered settings (``{}``: none yet; ``None``: the file is there but cannot be read — keep it)."""
    readable, stored = stored_json(_settings_file())
    if not readable:
        return None
    return stored if isinstance(stored, dict) else {}


def remembered_theme() -> str | None:
    """The theme chosen last time, if any."""
    name = (_settings() or {}).get("theme")
    return name if isinstance(name, str) else None


def remember_theme(name: str) -> None:
    """Remember *name* as the chosen theme (best effort, atomically; never over a file that cannot be read)."""
    known = _settings()
    if known is None:
        return
    settings = {**known, "theme": name}
    file = _settings_file()
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(f".settings.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(settings, indent=1), encoding="utf-8")
        os.replace(tmp, file)
    except OSError:
        pass
