"""Saving the open trip and leaving it: save, save as, a file another program changed, and quit.

``MainScreen`` inherits this.  A save that finds the file changed on disk
asks what to do (reload theirs, overwrite, save as); quitting with unsaved
changes, or with a form open, asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tripplan.errors import BusyError, ConflictError, InvalidTripError, TripFileError
from tripplan.tui.screens.navigation import TripNavigation
from tripplan.tui.widgets.header import TripHeader

QUIT_TITLE = "Unsaved changes"


class SavingActions(TripNavigation):
    """Save (ctrl+s), save as (S), the file-changed-on-disk questions and quit (q), for the screen of an open trip."""

    def action_save(self) -> None:
        """Save the trip (atomically); asks first if comments in the file would be lost, after if it changed."""
        if self.session is not None:
            from tripplan.edit.copies import has_own_file
            from tripplan.tui.comments_ask import save_keeping_comments

            if not has_own_file(self.session):  # a sample's copy: the first save asks where
                self.action_save_as()
                return
            save_keeping_comments(self, self.session, self._save_now)

    def _save_now(self) -> None:
        if self.session is None:
            return
        try:
            self.session.save()
        except BusyError as error:  # another tripplan is writing the file right now: nothing to choose yet
            self.notify(str(error), title="Not saved", severity="error", timeout=10)
            return
        except ConflictError:
            self._conflict()
            return
        except InvalidTripError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=10)
            return
        except OSError as error:
            self.notify(f"{self.session.path}: {error.strerror or error}", title="Not saved", severity="error",
                        timeout=10)
            return
        self._saved()

    def _saved(self) -> None:
        assert self.session is not None
        self.query_one(TripHeader).dirty = self.session.dirty
        from tripplan.files.comment_merge import saved_message

        note = self.session.stamp.note if self.session.stamp is not None else ""
        self.notify(saved_message(self.session.path.name, note), severity="warning" if note else "information",
                    timeout=15 if note else 2)

    def _conflict(self) -> None:
        from tripplan.tui.screens.dialogs import ChoiceDialog

        assert self.session is not None
        if self.session.replaces_theirs and not self.session.changed_on_disk():
            self._replace_theirs()
            return
        message = (f"{self.session.path.name} was changed by another program since you opened it.\n\n"
                   "Reload theirs: take their version (ctrl+z brings yours back).\n"
                   "Overwrite: replace their version with yours.\n"
                   "Save as: keep both — yours goes to a new file.")
        choices = [("reload", "Reload theirs", "r"), ("overwrite", "Overwrite", "o"), ("save-as", "Save as…", "a"),
                   ("cancel", "Cancel", "")]

        def done(answer: str | None) -> None:
            if self.session is None:
                return
            if answer == "reload":
                self._reload_theirs()
            elif answer == "overwrite":
                try:
                    self.session.overwrite()
                except (ConflictError, InvalidTripError, OSError) as error:
                    self.notify(str(error), title="Not saved", severity="error", timeout=10)
                    return
                self._saved()
            elif answer == "save-as":
                self.action_save_as()

        self.app.push_screen(ChoiceDialog("File changed on disk", message, choices, default="cancel",
                                          danger=("overwrite",)), done)

    def _reload_theirs(self) -> None:
        assert self.session is not None
        try:
            self.session.reload()
        except TripFileError as error:
            self.notify(error.render(), title="Their version does not load; yours is kept", severity="error",
                        timeout=10)
            return
        self._after_edit()
        self.notify("Reloaded their version. ctrl+z brings yours back.", timeout=4)

    def _replace_theirs(self) -> None:
        """Ask before a save puts the user's version over theirs, reloaded and then undone."""
        from tripplan.tui.screens.dialogs import ChoiceDialog

        assert self.session is not None
        message = (f"You reloaded their version of {self.session.path.name}, then undid that: saving now "
                   "replaces their version with yours.\n\n"
                   "Save mine: replace their version with yours.\n"
                   "Reload theirs: take their version again (ctrl+z brings yours back).\n"
                   "Save as: keep both — yours goes to a new file.")
        choices = [("overwrite", "Save mine", "o"), ("reload", "Reload theirs", "r"), ("save-as", "Save as…", "a"),
                   ("cancel", "Cancel", "")]

        def done(answer: str | None) -> None:
            if self.session is None:
                return
            if answer == "overwrite":
                try:
                    # Checked against the file as reloaded: a change saved since then is asked about, not lost.
                    self.session.save(replace_theirs=True)
                except BusyError as error:
                    self.notify(str(error), title="Not saved", severity="error", timeout=10)
                    return
                except ConflictError:
                    self._conflict()
                    return
                except (InvalidTripError, OSError) as error:
                    self.notify(str(error), title="Not saved", severity="error", timeout=10)
                    return
                self._saved()
            elif answer == "reload":
                self._reload_theirs()
            elif answer == "save-as":
                self.action_save_as()

        self.app.push_screen(ChoiceDialog("Replace their version?", message, choices, default="cancel",
                                          danger=("overwrite",)), done)

    def action_save_as(self, then: Callable[[], object] | None = None) -> None:
        """Save under a new name and go on editing that file (then call *then*, if given)."""
        if self.session is None:
            return
        from tripplan.edit.copies import has_own_file, shown_title
        from tripplan.tui import trip_folders
        from tripplan.tui.screens.dialogs import PathDialog, new_file_reason

        current = self.session.path
        suggestion = current.with_name(f"{current.stem}-copy{current.suffix}")
        prompt = "Save this trip to a new file:"
        if not has_own_file(self.session):  # a sample's copy: into the user's trips folder, under its name
            suggestion = trip_folders.free_path(trip_folders.made_trips_dir(), current.name)
            prompt = "Save this copy to a new file:"

        def done(path: Path | None) -> None:
            if path is None or self.session is None:
                return
            try:
                self.session.save_as(path)
            except (ConflictError, InvalidTripError, OSError) as error:
                self.notify(str(error), title="Not saved", severity="error", timeout=10)
                return
            self.query_one(TripHeader).title = shown_title(self.session)
            trip_folders.remember(self.session.path)
            self._saved()
            if then is not None:
                then()

        self.app.push_screen(PathDialog("Save as", prompt, suggestion, new_file_reason),
                             done)

    def action_quit(self) -> None:
        """Quit; asks first when there are unsaved changes or a form is open.

        The question goes on top of whatever is open, so cancelling it goes
        back to the form (the event editor, say) with nothing lost.
        """
        from tripplan.edit.copies import file_label
        from tripplan.tui.screens.dialogs import ChoiceDialog

        if isinstance(self.app.screen, ChoiceDialog) and self.app.screen.title_text == QUIT_TITLE:
            return  # already asking
        form = self._open_form()
        note = f"\n\nThe {form} you have open is not applied." if form else ""
        if self.session is None or not self.session.dirty:
            if not form:
                self.app.exit()
                return
            self.app.push_screen(ChoiceDialog(QUIT_TITLE, f"Quit tripplan?{note}",
                                              [("discard", "Quit", "y"), ("cancel", "Cancel", "n")],
                                              default="cancel", danger=("discard",)), self._quit_answer)
            return
        self.app.push_screen(ChoiceDialog(
            QUIT_TITLE, f"Save your changes to {file_label(self.session)} before quitting?{note}",
            [("save", "Save and quit", "s"), ("discard", "Quit without saving", "d"), ("cancel", "Cancel", "")],
            default="save", danger=("discard",)), self._quit_answer)

    def _quit_answer(self, answer: str | None) -> None:
        if answer == "save":
            from tripplan.edit.copies import has_own_file

            if self.session is not None and not has_own_file(self.session):
                self.action_save_as(then=self.app.exit)  # asks where first; quits once saved
                return
            self.action_save()
            if self.session is not None and not self.session.dirty:
                self.app.exit()
        elif answer == "discard":
            self.app.exit()

    def _open_form(self) -> str:
        """What kind of form is open above this screen ("" when none)."""
        from tripplan.tui.screens.editor import EventEditor
        from tripplan.tui.screens.forms import FormScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, EventEditor):
                return "event editor"
            if isinstance(screen, FormScreen):
                return "form"
        return ""
