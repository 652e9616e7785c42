"""Which TOML parser reads trip files: the compiled ``tomli`` when present, else the standard library's.

A leaf (standard library and ``tomli`` only), so storage, the comment scanner
and the comment merger can all share it without importing each other.
"""

from __future__ import annotations

from typing import Any


def toml_parser() -> Any:
    """The TOML parser module, imported on first use (``today`` with a warm cache needs none).

    The compiled ``tomli`` is about three times faster than the standard
    library's ``tomllib`` (the same parser in pure Python) on large trips.
    """
    try:
        import tomli
    except ImportError:  # pragma: no cover - tomli is a dependency; this is a safety net
        import tomllib

        return tomllib
    return tomli
