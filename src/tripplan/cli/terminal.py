"""What the command line writes to the terminal: text only, never a control sequence from a file.

``main()`` puts :class:`Shown` over ``sys.stdout`` and ``sys.stderr`` for the
whole run, so every message, report, prompt and argparse error passes
:func:`tripplan.visible.visible` on its way out: an ``ESC[2J`` or an OSC 52 in a
title, a place, a name, an id or a TOML key is shown as ``\\x1b[2J``, never
sent.  One filter for the whole command line instead of a call at each print,
which a new message would forget.  Text already made visible is unchanged by
a second pass (an escape is plain characters).

File formats are not terminal text: ``export`` writes its calendar's bytes to
``sys.stdout.buffer`` (the real one, reached through the wrapper), CRLF and
all.  JSON escapes its controls itself (``road.visible_json``).

Output never fails on an encoding: a character the terminal's encoding lacks
(``PYTHONIOENCODING=ascii``) or a lone surrogate is written as a backslash
escape.  Standard library only, and ``road`` is imported only when a text
holds something to escape: the app's start-up does not pay for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import Any, TextIO


class Shown:
    """A text stream over *stream* whose every write passes ``visible()``; the rest is the stream's own."""

    # input() and print() read these; a character the encoding lacks is escaped, so say so.
    errors = "backslashreplace"

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        """Write *text* with its control characters shown as escapes (its length, as a stream returns)."""
        shown = text
        if not text.replace("\n", "").replace("\t", "").isprintable():  # rare: only then is road imported
            from tripplan.visible import visible

            shown = visible(text)
        try:
            self.stream.write(shown)
        except UnicodeEncodeError:
            encoding = self.stream.encoding or "utf-8"
            self.stream.write(shown.encode(encoding, "backslashreplace").decode(encoding))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        """Write each of *lines*."""
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        # flush, fileno, isatty, encoding, buffer (the bytes of a file format): the stream's own.
        return getattr(self.stream, name)


def install() -> Callable[[], None]:
    """Put :class:`Shown` over ``sys.stdout`` and ``sys.stderr``; returns what puts the streams back.

    A traceback (a bug) is printed after ``main()`` has put the streams back, and its message may quote a
    title: the hook that prints it is filtered too, and stays.
    """
    before = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (s if s is None or isinstance(s, Shown) else Shown(s) for s in before)
    if sys.excepthook is sys.__excepthook__:
        sys.excepthook = _shown_traceback

    def restore() -> None:
        sys.stdout, sys.stderr = before

    return restore


def _shown_traceback(kind: type[BaseException], value: BaseException, trace: Any) -> None:
    import traceback

    stream = sys.stderr
    if stream is not None:
        (stream if isinstance(stream, Shown) else Shown(stream)).write("".join(
            traceback.format_exception(kind, value, trace)))


def ask(prompt: str) -> str:
    """``input(prompt)`` with the prompt made visible: in a terminal, input() writes it past ``sys.stdout``."""
    from tripplan.visible import visible

    return input(visible(prompt))


def secret(prompt: str) -> str:
    """``getpass.getpass(prompt)`` with the prompt made visible: getpass writes it to the terminal itself."""
    import getpass

    from tripplan.visible import visible

    return getpass.getpass(visible(prompt))  # to the terminal itself, else to sys.stderr


def utf8_arguments(argv: list[str]) -> tuple[list[str], str | None]:
    """The arguments as UTF-8 text, or the refusal of the first one that is not (point 16 of issue 18).

    Python reads bytes its locale cannot decode as lone surrogates: they cannot be printed, and must not
    reach a trip file.  An argument whose bytes are UTF-8 (typed in a UTF-8 terminal under an ASCII
    locale) is read as UTF-8; any other (typed on a Latin-1 terminal) is refused, its bytes shown.
    """
    found = []
    for number, arg in enumerate(argv, 1):
        if not arg.isascii():
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                try:
                    arg = os.fsencode(arg).decode("utf-8")  # the bytes as typed, if they are UTF-8
                except UnicodeError:
                    return [], (f"argument {number} '{_as_typed(arg)}' is not UTF-8 text; set the terminal to "
                                "UTF-8 (e.g. LANG=en_US.UTF-8) and type it again; nothing was changed")
        found.append(arg)
    return found, None


def _as_typed(arg: str) -> str:
    """*arg*'s bytes with the ones that are not UTF-8 shown as ``\\xe9``."""
    try:
        return os.fsencode(arg).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no byte decodes to (main() called with one)
        return arg.encode("utf-8", "backslashreplace").decode("utf-8")
