"""What a publish did, for people and for the code that saves the trip afterwards."""

from __future__ import annotations

from dataclasses import dataclass, field

from tripplan.trip.model import Event, Reply, Trip


@dataclass
class PublishReport:
    """What a publish did, event by event, in words for people."""

    url: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # left alone: (event, what happened)
    pulled: list[str] = field(default_factory=list)  # the server's version taken into the trip
    overwritten: list[str] = field(default_factory=list)  # the server's change replaced (--ours)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (event, why)
    notes: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)  # attendees' answers read from the server, in words
    replies: list[Reply] = field(default_factory=list)  # … and as recorded in trip.replies (not in a dry run)
    foreign: int = 0  # resources in the calendar that tripplan did not publish
    created: bool = False  # the calendar was created
    aborted: str = ""  # the error that ended the run early
    requests: int = 0
    log: list[tuple[str, int]] = field(default_factory=list)  # (method, HTTP status) of every request
    writes: int = 0
    dry_run: bool = False
    trip_changed: bool = False  # the caller must save the trip

    @property
    def nothing_to_do(self) -> bool:
        """Everything on the server was already as in the trip: no write was needed."""
        return not (self.added or self.updated or self.deleted or self.conflicts or self.failed or self.pulled
                    or self.created or self.aborted)

    @property
    def went_through(self) -> bool:
        """Something changed on the server or in the trip as asked (added, updated, deleted or taken in)."""
        return bool(self.added or self.updated or self.deleted or self.pulled)

    @property
    def nothing_published(self) -> bool:
        """Events were to be published and not one of them was (refused, left alone or cut off)."""
        return not self.dry_run and not self.went_through and bool(self.failed or self.aborted)

    def fill_dry(self, items: list[tuple[str, str, str]]) -> None:
        """Fill the report with what would be done (nothing is written), from (what, action, conflict)."""
        for what, action, conflict in items:
            target = {"add": self.added, "update": self.updated, "delete": self.deleted,
                      "gone": self.deleted, "unchanged": self.unchanged}.get(action)
            if target is not None:
                target.append(what)
            elif action == "conflict":
                self.conflicts.append((what, conflict))

    @property
    def complete(self) -> bool:
        """Every event is on the server as in the trip (nothing left alone, refused or cut off)."""
        return not (self.conflicts or self.failed or self.aborted)


def label(event: Event, trip: Trip) -> str:
    """An event as people recognise it: title and start, in the trip's zone."""
    if event.all_day:
        return f"{event.title} ({event.first_day:%a %d %b}, all day)"
    return f"{event.title} ({event.start_utc.astimezone(trip.timezone):%a %d %b %H:%M})"


def normalise_url(url: str) -> str:
    """The calendar URL as stored and compared: trimmed, with one trailing slash."""
    return url.strip().rstrip("/") + "/"


