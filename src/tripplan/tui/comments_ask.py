"""Before the app saves: ask when comments typed into the file would not be kept (issue 18, point 6).

A comment whose place is gone (its event was deleted) cannot be written back;
the save keeps the old file in a dated copy and says so afterwards.  The app
can do better than afterwards: it asks first, and the user may cancel (and
undo the deletion) instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.screen import Screen

    from tripplan.edit.session import EditSession


def save_keeping_comments(screen: Screen[Any], session: EditSession, save: Callable[[], None]) -> None:
    """Run *save*, asking first if it would not keep some comments of the file (a dated copy would)."""
    from tripplan.files.comment_merge import at_risk

    risk = at_risk(session.path, session.trip)
    if not risk:
        save()
        return
    from tripplan.tui.screens.dialogs import ChoiceDialog

    path = session.path
    message = (f"{risk}.\n\nSave: save anyway; the file as it is now is kept beside it, in a dated copy "
               f"({path.stem}.<date and time>{path.suffix}.orig).\n"
               "Cancel: do not save (ctrl+z brings back what you removed).")

    def done(answer: str | None) -> None:
        if answer == "save":
            save()

    screen.app.push_screen(ChoiceDialog("Comments would be lost", message, [("save", "Save", "s"),
                                                                            ("cancel", "Cancel", "")],
                                        default="cancel"), done)
