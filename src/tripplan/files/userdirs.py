"""The user's tripplan folders that more than one part uses: the config folder (themes, mail settings); listing one."""

from __future__ import annotations

import os
from pathlib import Path


def config_dir() -> Path:
    """The user's tripplan config folder (``TRIPPLAN_CONFIG_DIR`` overrides it; platformdirs decides otherwise)."""
    override = os.environ.get("TRIPPLAN_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("tripplan", appauthor=False))


def unreadable(folder: Path) -> str | None:
    """Why the settings folder *folder* cannot be read (``None``: it can, or does not exist yet).

    A folder that cannot be listed (``chmod 000``), a file where the folder
    should be, or a path through a file: the caller then starts without what
    is in it, says so, and writes nothing there.
    """
    import stat

    try:
        info = os.stat(folder)
        if not stat.S_ISDIR(info.st_mode):
            return f"{folder} is a file, not a folder"
        with os.scandir(folder):
            pass
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return f"{folder}: a part of this path is a file, not a folder"
    except OSError as exc:
        return f"{folder}: {(exc.strerror or str(exc)).lower()}"
    return None


def toml_files(folder: Path | None) -> list[Path]:
    """The ``*.toml`` files of *folder* (trips, themes), by name case-insensitively (none when it does not exist)."""
    try:  # is_dir raises when the folder above cannot be searched (chmod 000)
        if folder is None or not folder.is_dir():
            return []
        return sorted((p for p in folder.glob("*.toml") if p.is_file()), key=lambda p: p.name.lower())
    except OSError:
        return []
