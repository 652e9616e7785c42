"""Where the data folders that ship with tripplan are: ``themes/`` and ``sample_trips/``.

In the repository they are top-level folders beside ``src/`` (an editable
install reads them there); the wheel carries them inside the package, as
``tripplan/themes`` and ``tripplan/sample_trips`` (pyproject.toml,
``force-include``).  Both layouts are looked up here, so the start screen
and the theme loader find them however tripplan was installed.  Plain
Python, imported only when they are needed.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # src/tripplan (this module is in tripplan/files/)

# Folder names, fixed: the wheel and the repository use the same ones.
THEMES = "themes"
SAMPLE_TRIPS = "sample_trips"


def bundled_dir(name: str) -> Path | None:
    """The bundled folder *name*: inside the installed package, else beside ``src/`` in a checkout."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    return None


def themes_dir() -> Path | None:
    """The bundled theme files (``*.toml``)."""
    return bundled_dir(THEMES)


def samples_dir() -> Path | None:
    """The bundled sample trips (``*.toml``)."""
    return bundled_dir(SAMPLE_TRIPS)


def is_sample(path: Path) -> bool:
    """Whether *path* is one of the bundled sample trips (in the package, or in the checkout an editable
    install reads): such files are opened as copies, never written."""
    folder = samples_dir()
    if folder is None:
        return False
    try:
        return path.resolve().parent == folder.resolve()
    except OSError:  # a loop of links, say: not a sample
        return False
