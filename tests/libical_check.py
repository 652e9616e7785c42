"""libical's own checks, through ctypes: its parser and its iTIP restriction check (``icalrestriction_check``).

libical is a system library (``apt-get install libical3``); without it a test skips, and under CI=true fails.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from typing import Any

from tests.conftest import missing
from tripplan.ical.contentlines import unfold


def libical() -> Any:
    """The loaded libical, with the signatures the checks use."""
    name = ctypes.util.find_library("ical")
    if name is None:
        missing("libical (for its RFC 5546 checks)", "apt-get install libical3")
    lib = ctypes.CDLL(name)
    lib.icalparser_parse_string.restype = ctypes.c_void_p
    lib.icalparser_parse_string.argtypes = [ctypes.c_char_p]
    lib.icalrestriction_check.argtypes = [ctypes.c_void_p]
    lib.icalrestriction_check.restype = ctypes.c_int
    lib.icalcomponent_as_ical_string.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_as_ical_string.restype = ctypes.c_char_p
    lib.icalcomponent_free.argtypes = [ctypes.c_void_p]
    return lib


def libical_errors(lib: Any, text: str) -> list[str]:
    """What libical's parser and its iTIP restriction check (icalrestriction_check) find wrong in *text*."""
    component = lib.icalparser_parse_string(text.encode("utf-8"))
    assert component, "libical cannot parse it"
    try:
        passed = lib.icalrestriction_check(component)
        checked = lib.icalcomponent_as_ical_string(component).decode("utf-8", "replace")
    finally:
        lib.icalcomponent_free(component)
    found = [line for _, line in unfold(checked) if line.startswith("X-LIC-ERROR")]
    return found + ([] if passed else ["icalrestriction_check failed"])
