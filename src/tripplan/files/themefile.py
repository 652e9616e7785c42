"""Theme files: read and validate a colour theme written as TOML (format: docs/themes.md).

A theme names the app's base colours (``primary``, ``background``, …) and
the balance-category colours as variables (``cat-work``, ``cat-bonding``, …).
This module only reads and checks: every problem comes back located
(``FILE:LINE: variables.cat-work: …``), like a trip file's, and nothing here
imports Textual — ``tripplan.tui.themes`` turns a ``ThemeSpec`` into a
Textual theme.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tripplan.errors import Problem, ProblemsError, UnreadableFileError
from tripplan.files.raw import read_regular
from tripplan.files.userdirs import toml_files

COLOUR_KEYS = ("primary", "secondary", "accent", "foreground", "background", "surface", "panel", "boost",
               "warning", "error", "success")
"""Base colours a theme may set (only ``primary`` is required); Textual derives the rest."""

CATEGORY_VARIABLES = ("cat-work", "cat-networking", "cat-bonding", "cat-culture", "cat-logistics", "cat-rest")
"""The balance-category colours; a theme that leaves one out gets the app's default for it."""

META_KEYS = ("name", "label", "dark", "description", "author")
TOP_KEYS = frozenset((*META_KEYS, *COLOUR_KEYS, "variables"))
MAX_BYTES = 256 * 1024

_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_VARIABLE = re.compile(r"[a-z][a-z0-9-]{0,62}")
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")


class ThemeFileError(ProblemsError):
    """A theme file could not be read or is not valid; lists every problem found (``FILE:LINE: PATH: message``)."""


@dataclass(frozen=True)
class ThemeSpec:
    """A valid theme: its name, how people see it named, and its colours."""

    name: str
    label: str
    dark: bool
    colours: dict[str, str] = field(default_factory=dict)
    variables: dict[str, str] = field(default_factory=dict)
    description: str = ""
    source: Path | None = None

    @property
    def missing_categories(self) -> list[str]:
        """Category variables the theme leaves to the app's defaults."""
        return [v for v in CATEGORY_VARIABLES if v not in self.variables]


def is_colour(value: str) -> bool:
    """Whether *value* is a colour a theme file may use (``#rgb``, ``#rgba``, ``#rrggbb``, ``#rrggbbaa``)."""
    return bool(_COLOUR.fullmatch(value))


def _line_of(lines: list[str], section: str | None, key: str) -> int | None:
    """The line assigning *key* (in ``[section]`` when given), 1-based; best effort."""
    inside = section is None
    assign = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=")
    header = re.compile(r"\s*\[\s*([^\]]+?)\s*\]")
    for number, line in enumerate(lines, start=1):
        found = header.match(line)
        if found:
            inside = section is not None and found[1].strip("\"' ") == section
            if inside and key == "":
                return number
            continue
        if inside and key and assign.match(line):
            return number
    return None


class _Checker:
    """Collects located problems while a parsed theme document is checked."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str, section: str | None = None, key: str = "") -> None:
        line = _line_of(self.lines, section, key or path.rsplit(".", 1)[-1])
        self.problems.append(Problem(path, message, line))

    def unknown(self, keys: set[str], known: frozenset[str] | tuple[str, ...], section: str | None) -> None:
        for key in sorted(keys - set(known)):
            close = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            path = f"{section}.{key}" if section else key
            self.fail(path, f"unknown key {key!r}{hint}", section, key)

    def text(self, doc: dict[str, Any], key: str, *, required: bool = False) -> str:
        value = doc.get(key)
        if value is None:
            if required:
                self.problems.append(Problem(key, f"missing: a theme needs '{key}'", None))
            return ""
        if not isinstance(value, str):
            self.fail(key, f"expected a string, got {type(value).__name__}")
            return ""
        return value.strip()

    def colour(self, path: str, value: object, section: str | None, key: str) -> str | None:
        if not isinstance(value, str):
            self.fail(path, f"expected a colour string like \"#4f8ff7\", got {type(value).__name__}", section, key)
            return None
        if not is_colour(value.strip()):
            self.fail(path, f"{value!r} is not a colour; write it as #rrggbb (or #rgb, #rrggbbaa)", section, key)
            return None
        return value.strip().lower()


def parse_theme(data: bytes, filename: str, source: Path | None = None) -> ThemeSpec:
    """Parse and validate a theme file's bytes; raises ``ThemeFileError`` listing every problem."""
    if len(data) > MAX_BYTES:
        raise ThemeFileError(filename, [Problem("", f"the file is {len(data) // 1024} KiB; a theme file is "
                                                     f"at most {MAX_BYTES // 1024} KiB")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ThemeFileError(filename, [Problem("", "not valid UTF-8 text", data[:exc.start].count(b"\n") + 1)]) \
            from None
    doc = _parse_toml(text, filename)
    check = _Checker(text)
    check.unknown(set(doc), TOP_KEYS, None)
    name = check.text(doc, "name", required=True)
    if name and not _NAME.fullmatch(name):
        check.fail("name", f"{name!r} is not a theme name: use lowercase letters, digits and '-' "
                           "(e.g. \"my-dark\")")
    label = check.text(doc, "label") or name.replace("-", " ")
    dark = doc.get("dark")
    if dark is None:
        check.problems.append(Problem("dark", "missing: say whether the theme is dark (dark = true) or light "
                                              "(dark = false)"))
    elif not isinstance(dark, bool):
        check.fail("dark", f"expected true or false, got {dark!r}")
    colours: dict[str, str] = {}
    if "primary" not in doc:
        check.problems.append(Problem("primary", "missing: a theme needs at least its 'primary' colour"))
    for key in COLOUR_KEYS:
        if key in doc and (value := check.colour(key, doc[key], None, key)) is not None:
            colours[key] = value
    variables = _variables(check, doc.get("variables", {}))
    description = check.text(doc, "description")
    check.text(doc, "author")
    if check.problems:
        check.problems.sort(key=lambda p: (p.line is None, p.line or 0))
        raise ThemeFileError(filename, check.problems)
    return ThemeSpec(name, label, bool(dark), colours, variables, description, source)


def _parse_toml(text: str, filename: str) -> dict[str, Any]:
    from tripplan.files.toml_parser import toml_parser

    toml = toml_parser()
    if not text.strip():
        raise ThemeFileError(filename, [Problem("", "the file is empty; a theme needs at least name, dark and "
                                                    "primary (see docs/themes.md)")])
    try:
        return toml.loads(text)  # type: ignore[no-any-return]
    except toml.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        message = str(getattr(exc, "msg", "") or re.sub(r"\s*\(at .*\)$", "", str(exc)))
        raise ThemeFileError(filename, [Problem("", f"TOML syntax error: {message}", line,
                                                getattr(exc, "colno", None))]) from None
    except RecursionError:
        raise ThemeFileError(filename, [Problem("", "TOML nested too deeply")]) from None


def _variables(check: _Checker, raw: object) -> dict[str, str]:
    if not isinstance(raw, dict):
        check.fail("variables", "expected a table: [variables] with lines like cat-work = \"#4f8ff7\"",
                   None, "variables")
        return {}
    found: dict[str, str] = {}
    for key, value in raw.items():
        path = f"variables.{key}"
        if not _VARIABLE.fullmatch(key):
            check.fail(path, f"{key!r} is not a variable name: lowercase letters, digits and '-'", "variables", key)
        elif key in CATEGORY_VARIABLES or key.startswith("cat-"):
            if key not in CATEGORY_VARIABLES:
                close = difflib.get_close_matches(key, CATEGORY_VARIABLES, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else f"; known: {', '.join(CATEGORY_VARIABLES)}"
                check.fail(path, f"unknown category colour {key!r}{hint}", "variables", key)
            elif (colour := check.colour(path, value, "variables", key)) is not None:
                found[key] = colour
        elif not isinstance(value, str) or not value.strip():
            check.fail(path, "expected a non-empty string (a Textual theme variable's value)", "variables", key)
        else:
            found[key] = value.strip()
    return found


def read_theme(path: str | Path) -> ThemeSpec:
    """Read and validate one theme file; ``ThemeFileError`` when it is unreadable or wrong."""
    file = Path(path)
    try:
        data = read_regular(file, MAX_BYTES, "theme file")  # only a regular file: a FIFO would block the app
    except UnreadableFileError as error:
        raise ThemeFileError(str(file), [Problem("", f"cannot read the file: {error.reason}")]) from None
    return parse_theme(data, str(file), file)


def theme_files(folder: Path | None) -> list[Path]:
    """The ``*.toml`` files of *folder*, by name (none when it does not exist)."""
    return toml_files(folder)


def load_folder(folder: Path | None) -> tuple[list[ThemeSpec], list[ThemeFileError]]:
    """Every valid theme in *folder*, and the errors of the files that are not (never raises)."""
    themes: list[ThemeSpec] = []
    errors: list[ThemeFileError] = []
    for path in theme_files(folder):
        try:
            themes.append(read_theme(path))
        except ThemeFileError as error:
            errors.append(error)
    return themes, errors
