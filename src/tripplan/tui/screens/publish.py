"""Publish the trip to a CalDAV server from the app ("share: publish to server"; see docs/sharing.md).

The dialog asks for the calendar URL and the user (prefilled from the trip's
``[share]``) and a password, which is never stored, shown or logged; with the
field empty, ``TRIPPLAN_CALDAV_PASSWORD`` is used if it is set.  It goes only
to a server the user confirmed (:mod:`tripplan.caldav.trust`, as on the command
line): a URL they typed, or — for the one the trip file names — a yes in a
dialog that asks first; ``http://`` to another machine is refused.  The publish
itself is :func:`tripplan.caldav.publish.publish`, run in a thread worker on a
copy of the trip; its ``[share]`` records are then put into the open trip
(outside the undo history: they describe the server, not an edit) and the
trip is saved at once through the edit session (atomic, conflict-checked).
Events changed on the server are reported and left alone; ``tripplan publish
--theirs`` / ``--ours`` settles them.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from tripplan.edit.session import EditSession
from tripplan.errors import ConflictError, InvalidTripError
from tripplan.tui.markup import m as _m
from tripplan.tui.markup import shown
from tripplan.tui.screens.dialogs import titled_box
from tripplan.tui.screens.exchange import SessionDialog, export_css


class PublishDialog(SessionDialog):
    """Publish the open trip to a shared CalDAV calendar, with progress and the summary."""

    DEFAULT_CSS = export_css("PublishDialog") + """
    PublishDialog #summary { height: auto; max-height: 20; margin-top: 1; background: $surface; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close"),
        Binding("ctrl+s", "publish", "Publish", priority=True),
    ]

    def __init__(self, session: EditSession, clock: Callable[[], datetime], on_change: Callable[[], Any]) -> None:
        super().__init__(session, clock, on_change)
        self.busy = False

    def compose(self) -> ComposeResult:
        share = self.session.trip.share
        with titled_box("Publish to a CalDAV server", "ctrl+s publish · esc close"):
            yield Static("Every event goes to the shared calendar (created if missing); publishing again sends "
                         "only what changed. Events changed on the server are left alone and reported. The "
                         "password is never saved.", classes="message")
            with VerticalScroll():
                yield Label("Calendar URL", classes="field-label")
                yield Input(shown(share.url) if share else "", id="url",
                            placeholder="https://cloud.example.com/remote.php/dav/calendars/sam/lisbon/")
                yield Label("User", classes="field-label")
                yield Input(shown(share.user) if share else "", id="user", placeholder="user name on the server")
                yield Label("Password", classes="field-label")
                yield Input("", id="password", password=True,
                            placeholder="empty: TRIPPLAN_CALDAV_PASSWORD if set")
                yield Static("", classes="reason", id="progress")
                yield Static("", id="summary")
            with Horizontal(id="buttons"):
                yield Button("Close", id="cancel", compact=True)
                yield Button("Publish", id="publish", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#summary", Static).display = False
        first = "#url" if not self.query_one("#url", Input).value else "#password"
        self.query_one(first, Input).focus()

    def _say(self, markup: str, **values: object) -> None:
        self.query_one("#progress", Static).update(_m(markup, **values))

    @on(Button.Pressed, "#publish")
    @on(Input.Submitted)
    def action_publish(self) -> None:
        """Check the fields and start publishing in a worker."""
        from tripplan.caldav.report import normalise_url
        from tripplan.files.share_section import PASSWORD_ENV, url_problem

        if self.busy:
            return
        url = self.query_one("#url", Input).value.strip()
        user = self.query_one("#user", Input).value.strip()
        problem = "give the calendar's URL" if not url else url_problem(normalise_url(url))
        if problem:
            self._say("[$error]✗ $p[/]", p=problem if not url else f"calendar URL {problem}")
            return
        password = self.query_one("#password", Input).value or (os.environ.get(PASSWORD_ENV, "") if user else "")
        if user and not password:
            self._say("[$error]✗ give the password for $u (or set $e)[/]", u=user, e=PASSWORD_ENV)
            return
        self._when_trusted(normalise_url(url), user, password)

    def _when_trusted(self, url: str, user: str, password: str) -> None:
        """Start once the server may have the password (tripplan.caldav.trust): a URL the trip file named and the user
        never confirmed is asked about first; http:// to another machine is refused as on the command line."""
        from tripplan.caldav import trust
        from tripplan.caldav.report import normalise_url
        from tripplan.errors import InputError
        from tripplan.tui.screens.dialogs import ChoiceDialog

        refusal = trust.cleartext_refused(url, "publish with tripplan publish --allow-http")
        if refusal is not None:
            self._say("[$error]✗ $p[/]", p=refusal)
            return
        share = self.session.trip.share
        from_file = share is not None and normalise_url(share.url) == url  # else typed by the user: their choice
        try:
            ask = bool(user) and from_file and not trust.is_confirmed(url)
        except InputError as error:  # a broken servers.toml: nobody can say it was confirmed
            self._say("[$error]✗ $m[/]", m=str(error))
            return
        if not ask:
            if user and not from_file:
                self._remember(url)
            self._start(url, user, password)
            return

        def answered(choice: str | None) -> None:
            if choice != "send":
                self._say("[$warning]Not published: your password was not sent to $o.[/]", o=trust.origin(url))
                return
            self._remember(url)
            self._start(url, user, password)

        self.app.push_screen(ChoiceDialog("Send your password?", Content(trust.question(user, url)),
                                          [("send", "Send it", "y"), ("cancel", "Cancel", "n")], default="cancel"),
                             answered)

    def _remember(self, url: str) -> None:
        from tripplan.caldav import trust

        problem = trust.remember(url)
        if problem is not None:  # confirmed for this publish all the same
            self.notify(f"Cannot remember {trust.origin(url)} as confirmed ({problem}); you will be asked again.",
                        severity="warning", markup=False, timeout=8)

    def _start(self, url: str, user: str, password: str) -> None:
        self.busy = True
        self.query_one("#publish", Button).disabled = True
        self.query_one("#summary", Static).display = False
        self._say("[$text-muted]connecting…[/]")
        self._publish(url, user, password)

    # The description keeps the arguments (the password) out of Textual's worker name and logs.
    @work(thread=True, exclusive=True, group="publish", description="publish to server")
    def _publish(self, url: str, user: str, password: str) -> None:
        from tripplan.caldav.publish import publish
        from tripplan.caldav.server import ShareError

        trip = copy.deepcopy(self.session.trip)

        def progress(phase: str, done: int, total: int) -> None:
            text = f"{phase} {done}/{total}…" if phase == "publishing" else f"{phase}…"
            self.app.call_from_thread(self._say, "[$text-muted]$t[/]", t=text)

        from tripplan.caldav.limits import configured

        try:
            timeout, run_limit = configured()  # TRIPPLAN_CALDAV_TIMEOUT, as on the command line
            report = publish(trip, url, user, password, progress=progress, now=self.clock(), timeout=timeout,
                             run_limit=run_limit)
        except (ShareError, ValueError) as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        except Exception as error:  # one line in the dialog, never a traceback
            self.app.call_from_thread(self._failed, f"{type(error).__name__}: {error}".splitlines()[0])
            return
        self.app.call_from_thread(self._done, report, trip.share, user)

    def _failed(self, message: str) -> None:
        self.busy = False
        self.query_one("#publish", Button).disabled = False
        self._say("[$error]✗ Not published: $m[/]", m=message)

    def _done(self, report: Any, share: Any, user: str) -> None:
        from tripplan.caldav.summary import headline, remarks, sections

        self.busy = False
        self.query_one("#publish", Button).disabled = False
        saved = ""
        answers = self.session.record_replies(list(report.replies))  # read from the server: keep them
        if report.trip_changed or answers:
            self.session.record_share(share)
            try:
                from tripplan.files.comment_merge import saved_message

                saved = saved_message(self.session.path.name, self.session.save().note)
            except ConflictError:
                saved = (f"{self.session.path.name} was changed by another program, so the record of what was "
                         "published is NOT saved yet: close this and save the trip (ctrl+s) to choose.")
            except (InvalidTripError, OSError) as error:
                saved = f"The record of what was published is NOT saved yet ({error}); save the trip (ctrl+s)."
            self.on_change()
        lines = [_m("[b]$h[/b]", h=headline(report, user))]
        for title, items in sections(report):
            lines.append(_m("$t:", t=title))
            lines += [_m("  $i", i=item) for item in items]
        if report.conflicts:
            lines.append(_m("[$warning]To settle them: tripplan publish --theirs (take the server's versions) "
                            "or --ours (overwrite them).[/]"))
        lines += [_m("[$text-muted]note: $n[/]", n=note) for note in remarks(report)]
        if report.aborted:
            lines.append(_m("[$error]$a; what went through is recorded — publish again to finish[/]",
                            a=report.aborted))
        summary = self.query_one("#summary", Static)
        summary.update(Content("\n").join(lines))
        summary.display = True
        if report.nothing_published:  # every event refused or cut off: a failure, whatever else was saved
            self._say("[$error]✗ Nothing was published (see below). $s[/]", s=saved)
        elif "NOT" in saved:
            self._say("[$warning]$s[/]", s=saved)
        else:
            self._say("[$success]✓ $s[/]", s=saved or "Done.")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close the dialog (not while publishing: the result must reach the trip)."""
        if self.busy:
            self.notify("Publishing… wait for it to finish (it stops after a minute at most).", timeout=3)
            return
        self.dismiss(None)
