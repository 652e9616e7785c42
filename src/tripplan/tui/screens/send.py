"""Send the invites by e-mail from the app (M, or "share: send invites by e-mail…"; see docs/calendar.md).

The dialog previews who gets what — :func:`tripplan.mail.outbox.outgoing`:
only what each recipient does not hold yet at the current SEQUENCE — and asks
for the SMTP server the way ``tripplan invites --send`` does (host, port,
security, user: prefilled from the user's mail settings,
:func:`tripplan.mail.settings.load_smtp`; a password that is never stored,
shown or logged, with ``TRIPPLAN_SMTP_PASSWORD`` used when the field is
empty).  Sending runs :func:`tripplan.mail.smtp.send` in a thread worker, so
the screen never waits on the network; then the messages the server accepted
are recorded in the trip's ``[[sent]]`` (:func:`tripplan.mail.outbox.record`,
outside the undo history: sending is a fact, not an edit) and the trip is
saved at once through the edit session (atomic, conflict-checked).  Each
recipient's line says delivered or why not; sending again sends only the rest.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label, Select, Static

from tripplan.edit.session import EditSession
from tripplan.errors import ConflictError, InputError, InvalidTripError
from tripplan.trip.model import Person, Trip
from tripplan.tui.keys import Input, TypeAhead
from tripplan.tui.markup import m as _m
from tripplan.tui.markup import plain, shown
from tripplan.tui.screens.dialogs import titled_box
from tripplan.tui.screens.exchange import SessionDialog, export_css
from tripplan.tui.widgets.details import Lines, WrappedLines

PASSWORD_ENV = "TRIPPLAN_SMTP_PASSWORD"
SECURITY_CHOICES = [("STARTTLS (port 587)", "starttls"), ("TLS from the start (port 465)", "ssl"),
                    ("none: only for a server on this machine", "none")]
KIND_MARK = {"invitation": "new", "update": "updated", "cancellation": "cancelled"}  # after a title


def sender_of(trip: Trip) -> Person | None:
    """Who the invites come from: you (the traveller) with an e-mail, else whoever sent them last."""
    me = trip.me
    if me is not None and me.email.strip():
        return me
    if trip.sent:
        last = max(trip.sent, key=lambda s: s.sent_at).organizer.email.strip().lower()
        return next((p for p in trip.people if p.email.strip().lower() == last and last), None)
    return None


def by_person(messages: list[Any]) -> list[tuple[Person, list[Any]]]:
    """The messages grouped by recipient address, in the order they come."""
    found: dict[str, tuple[Person, list[Any]]] = {}
    for item in messages:
        found.setdefault(item.email.lower(), (item.person, []))[1].append(item)
    return list(found.values())


def _kinds(messages: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in messages:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    return {f"{kind}{'s' if n != 1 else ''}": n for kind, n in counts.items()}


def _count(messages: list[Any]) -> str:
    return f"{len(messages)} e-mail{'s' if len(messages) != 1 else ''}"


class SendDialog(TypeAhead, SessionDialog):
    """Preview the invite e-mails, ask for the SMTP server, send, and show who got what."""

    DEFAULT_CSS = export_css("SendDialog") + """
    SendDialog > Vertical { height: 96%; }
    SendDialog VerticalScroll { height: 1fr; }
    SendDialog #preview { height: auto; max-height: 200; margin-top: 1; background: $surface; padding: 0 1; }
    SendDialog #results { height: auto; margin-top: 1; padding: 0 1; }
    SendDialog Input:focus { border: none; background: $surface-lighten-1; }
    SendDialog .row { height: 1; margin-top: 1; }
    SendDialog.-short .message { display: none; }
    SendDialog.-short .row { margin-top: 0; }
    SendDialog.-short #buttons { margin-top: 0; }
    SendDialog .row-label { width: 10; color: $text-muted; }
    SendDialog .row-label.short { width: auto; margin: 0 1 0 2; }
    SendDialog .row Input { width: 1fr; }
    SendDialog .row Input.port { width: 8; }
    SendDialog .row Select { width: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close"),
        Binding("ctrl+s", "send", "Send", priority=True),
    ]

    def __init__(self, session: EditSession, clock: Callable[[], datetime], on_change: Callable[[], Any]) -> None:
        super().__init__(session, clock, on_change)
        self.busy = False
        self.plan: Any = None
        self.messages: list[Any] = []
        self.organizer = sender_of(session.trip)
        self.saved_settings: Any = None
        self.settings_problem = ""
        try:
            from tripplan.mail.settings import load_smtp

            self.saved_settings = load_smtp()
        except InputError as error:
            self.settings_problem = str(error)

    def compose(self) -> ComposeResult:
        saved = self.saved_settings
        with titled_box("Send invites by e-mail", "ctrl+s send · esc close"):
            yield Static(plain("One e-mail per person and event, with Accept/Decline in their calendar (iMIP); only "
                               "what they do not have yet goes out, and what the server accepts is saved in the trip. "
                               f"The password is never saved (empty: {PASSWORD_ENV} if set)."), classes="message")
            with Horizontal(classes="row"):  # the server on three rows: the preview keeps the room
                yield Label("Server", classes="row-label")
                yield Input(shown(saved.host) if saved else "", id="host", placeholder="smtp.example.com")
                yield Label("Port", classes="row-label short")
                yield Input(str(saved.port) if saved else "587", id="port", type="integer", placeholder="587",
                            classes="port")
            with Horizontal(classes="row"):
                yield Label("Security", classes="row-label")
                yield Select(SECURITY_CHOICES, value=saved.security if saved else "starttls", allow_blank=False,
                             id="security", compact=True)
            with Horizontal(classes="row"):
                yield Label("User", classes="row-label")
                yield Input(shown(saved.user) if saved else "", id="user", placeholder="empty: no login")
                yield Label("Password", classes="row-label short")
                yield Input("", id="password", password=True, placeholder="never saved")
            with VerticalScroll():
                yield WrappedLines(id="results")
                yield WrappedLines(id="preview")
            yield Static("", classes="reason", id="progress")
            with Horizontal(id="buttons"):
                yield Button("Close", id="cancel", compact=True)
                yield Button("Send", id="send", variant="primary", compact=True, disabled=True)

    def on_resize(self) -> None:
        self.set_class(self.size.height < 30, "-short")  # a short terminal keeps its rows for the preview

    def on_mount(self) -> None:
        self.set_class(self.app.size.height < 30, "-short")
        self.query_one("#results", WrappedLines).display = False
        self.query_one("#preview", WrappedLines).set_lines([(0, _m("[$text-muted]working out who gets what…[/]"))])
        if self.settings_problem:
            self._say("[$warning]$p[/]", p=self.settings_problem)
        first = "#host" if not self.query_one("#host", Input).value else "#password"
        self.focus_first(self.query_one(first, Input))
        self._replan()

    def _say(self, markup: str, **values: object) -> None:
        self.query_one("#progress", Static).update(_m(markup, **values))

    # --- the preview ------------------------------------------------------------------------------------

    def _replan(self) -> None:
        if self.organizer is None:
            self.query_one("#preview", WrappedLines).set_lines([(0, _m(
                "[$error]✗ Who sends the invites? Mark yourself as the traveller in the people view (p, then m) "
                "and give yourself an e-mail: the invites come from you and the answers go to you.[/]"))])
            return
        self._plan(self.organizer)

    @work(thread=True, exclusive=True, group="send-plan", description="plan invite e-mails")
    def _plan(self, organizer: Person) -> None:
        from tripplan.mail.outbox import outgoing

        try:
            plan, messages = outgoing(self.session.trip, organizer, None, self.clock())
        except InputError as error:
            self.app.call_from_thread(self._planned, self._no_plan, str(error))
            return
        self.app.call_from_thread(self._planned, self._show_plan, plan, messages)

    def _titles(self, messages: list[Any]) -> list[str]:
        trip = self.session.trip
        found = []
        for item in messages:
            events = [trip.event(ident) for ident in item.events]
            title = next((e.title for e in events if e is not None), "") or item.subject
            found.append(f"{title} ({KIND_MARK.get(item.kind, item.kind)})" if item.kind != "invitation" else title)
        return found

    def _planned(self, show: Callable[..., None], *args: Any) -> None:
        # Closed (Escape right after M) before the plan was worked out: nothing to show.
        if self in self.app.screen_stack:
            show(*args)

    def _no_plan(self, message: str) -> None:
        self.plan, self.messages = None, []
        self.query_one("#preview", WrappedLines).set_lines([(0, _m("[$error]✗ $m[/]", m=message))])
        self.query_one("#send", Button).disabled = True

    def _show_plan(self, plan: Any, messages: list[Any]) -> None:
        self.plan, self.messages = plan, messages
        assert self.organizer is not None
        people = len({m.email for m in messages})
        if messages:
            head = _m("[b]$n e-mail$s[/b] to $p from $f", n=len(messages), s="s" if len(messages) != 1 else "",
                      p="1 person" if people == 1 else f"{people} people",
                      f=f"{self.organizer.name} <{self.organizer.email}>")
        else:
            head = _m("[$success]✓ Nothing to send: everyone holds the current version of their events.[/]")
        lines: Lines = [(0, head)]
        for person, mine in by_person(messages):
            kinds = ", ".join(f"{n} {kind}" for kind, n in _kinds(mine).items())
            lines.append((2, _m("[b]$p[/b] [$text-muted]<$e>[/] $k", p=person.name, e=mine[0].email, k=kinds)))
            lines.append((4, _m("[$text-muted]$t[/]", t=" · ".join(self._titles(mine)))))
        lines += [(2, _m("[$text-muted]note: $n[/]", n=n)) for n in getattr(plan, "notes", [])]
        self.query_one("#preview", WrappedLines).set_lines(lines)
        self.query_one("#send", Button).disabled = not messages or self.busy

    # --- sending ----------------------------------------------------------------------------------------

    @on(Button.Pressed, "#send")
    @on(Input.Submitted)
    def action_send(self) -> None:
        """Check the server fields and send in a worker."""
        from tripplan.mail.settings import parse_smtp

        if self.busy or not self.messages:
            return
        host = self.query_one("#host", Input).value.strip()
        port = self.query_one("#port", Input).value.strip()
        security = self.query_one("#security", Select).value
        user = self.query_one("#user", Input).value.strip()
        if not host:
            self._say("[$error]✗ give the SMTP server, e.g. smtp.example.com[/]")
            return
        where = f"[{host}]" if ":" in host and not host.startswith("[") else host
        try:
            settings = parse_smtp(f"{where}:{port}" if port else where, str(security), user)
        except InputError as error:
            self._say("[$error]✗ $m[/]", m=str(error).replace("--smtp-security", "security")
                      .replace("--smtp-user", "user").replace("--smtp", "server"))
            return
        password = self.query_one("#password", Input).value or os.environ.get(PASSWORD_ENV, "")
        if user and not password:
            self._say("[$error]✗ give the password for $u (or set $e)[/]", u=user, e=PASSWORD_ENV)
            return
        self.busy = True
        self.query_one("#send", Button).disabled = True
        self.query_one("#results", WrappedLines).display = False
        self._say("[$text-muted]sending $n e-mail$s through $w…[/]", n=len(self.messages),
                  s="s" if len(self.messages) != 1 else "", w=f"{settings.host}:{settings.port}")
        self._send(list(self.messages), settings, password or None)

    # The description keeps the arguments (the password) out of Textual's worker name and logs.
    @work(thread=True, exclusive=True, group="send", description="send invite e-mails")
    def _send(self, messages: list[Any], settings: Any, password: str | None) -> None:
        from tripplan.mail.smtp import send

        try:
            delivery = send(messages, settings, password)
        except Exception as error:  # one line in the dialog, never a traceback
            self.app.call_from_thread(self._failed, f"{type(error).__name__}: {error}".splitlines()[0])
            return
        self.app.call_from_thread(self._done, delivery, settings)

    def _failed(self, message: str) -> None:
        self.busy = False
        self.query_one("#send", Button).disabled = not self.messages
        self._say("[$error]✗ Not sent: $m[/]", m=message)

    def _done(self, delivery: Any, settings: Any) -> None:
        from tripplan.mail.outbox import record
        from tripplan.mail.settings import save_smtp

        self.busy = False
        saved = ""
        if delivery.delivered:
            trip = self.session.trip
            record(trip, self.plan, delivery.delivered, self.clock())
            self.session.record_sent(trip.sent)
            try:
                self.session.save()
                saved = f"Recorded in {self.session.path.name}."
            except ConflictError:
                saved = (f"{self.session.path.name} was changed by another program, so the record of what was "
                         "sent is NOT saved yet: close this and save the trip (ctrl+s) to choose.")
            except (InvalidTripError, OSError) as error:
                saved = f"The record of what was sent is NOT saved yet ({error}); save the trip (ctrl+s)."
            self.on_change()
            if not delivery.failed and not delivery.error:
                try:
                    save_smtp(settings)  # remembered once a send through them worked
                except OSError as error:
                    saved += f" (The server settings were not remembered: {error.strerror or error}.)"
        reasons: dict[str, list[str]] = {}
        for item, reason in delivery.failed:
            reasons.setdefault(item.email, [])
            if reason not in reasons[item.email]:
                reasons[item.email].append(reason)
        lines: Lines = [(0, _m("[$success]✓ delivered[/] $n to [b]$p[/b] [$text-muted]<$e>[/]", n=_count(mine),
                                p=person.name, e=mine[0].email)) for person, mine in by_person(delivery.delivered)]
        lines += [(0, _m("[$error]✗ failed[/]    $n to [b]$p[/b] [$text-muted]<$e>[/] · $r", n=_count(mine),
                          p=person.name, e=mine[0].email, r="; ".join(reasons.get(mine[0].email, []))))
                  for person, mine in by_person([item for item, _ in delivery.failed])]
        if delivery.error:
            lines.insert(0, (0, _m("[$error]✗ Nothing sent: $e[/]", e=delivery.error)))
        results = self.query_one("#results", WrappedLines)
        results.set_lines([*lines, (0, Content(""))])
        results.display = True
        self.query_one(VerticalScroll).scroll_home(animate=False)
        sent, failed = len(delivery.delivered), len(delivery.failed)
        if delivery.error or (failed and not sent):
            self._say("[$error]✗ Nothing was sent; fix the server settings or try again later.[/]")
        elif failed:
            self._say("[$warning]$n sent, $f failed; Send again sends only the rest. $s[/]", n=sent, f=failed,
                      s=saved)
        elif "NOT" in saved:
            self._say("[$warning]$s[/]", s=saved)
        else:
            self._say("[$success]✓ $n e-mail$p sent. $s[/]", n=sent, p="s" if sent != 1 else "", s=saved)
        self._replan()  # what is left to send

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close the dialog (not while sending: what the server accepted must reach the trip)."""
        if self.busy:
            self.notify("Sending… wait for it to finish (30 s at most).", timeout=3)
            return
        self.dismiss(None)
