"""The Textual user interface of tripplan.

Importing this package imports no Textual: ``run`` loads the app on demand,
so the command line stays fast and the plain-Python helpers here
(``daymap``, ``text``, ``places``, ``balance``) can be used without it.
"""

from __future__ import annotations

import gc
from pathlib import Path


def run(path: str | Path | None = None) -> int:
    """Run the app on *path* (or the start screen) and return the exit code."""
    from tripplan.time.clock import current_time

    current_time()  # a malformed TRIPPLAN_NOW is a command-line error, said before the screen changes
    from tripplan.tui.app import TripplanApp

    # Everything imported so far lives as long as the app: keep it out of the garbage collector's
    # full passes, which would otherwise scan it all (~25 ms) in the middle of drawing the first frame.
    gc.freeze()
    app = TripplanApp(Path(path) if path is not None else None)
    app.run()
    return app.return_code or 0
