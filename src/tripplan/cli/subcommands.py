"""The types the parser modules (``cli/*_args.py``) share: where a command's parser is added, and its handler.

A parser module adds its commands to a :class:`Subcommands`: what
``ArgumentParser.add_subparsers()`` returns, named by the one method the parser
modules call (argparse's own class for it is private).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, Protocol

Handler = Callable[[argparse.Namespace], int]
"""A command's code: the parsed arguments in, the exit code out."""

HandlerFor = Callable[[str, str], Handler]
"""``handler("module", "name")``: the command ``tripplan.cli.<module>.<name>``, imported only when it runs."""


class Subcommands(Protocol):
    """The subcommands of a parser (``parser.add_subparsers()``), to which each command adds its own parser."""

    def add_parser(self, *args: Any, **kwargs: Any) -> argparse.ArgumentParser:
        """Add the parser of one command (argparse's ``add_parser``)."""
