"""The rules a trip must keep, as functions of model values: no file format involved.

The TOML decoder (``tripplan.files.decode``) calls these same rules on the
values it decodes, so each rule is written once; command-line and editor
checks call them on a trip in memory.
"""

from __future__ import annotations

import re

SIMPLE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
"""A person/objective id is typed by users on the command line: it must match this (whole) to stay simple."""
