"""The user's own tripplan folders that more than one part uses: the config folder (themes, mail settings)."""

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
