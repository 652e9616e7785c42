"""A publish report in words: the same summary for the command line and the app."""

from __future__ import annotations

from tripplan.caldav.report import PublishReport, label
from tripplan.trip.model import Reply, Trip

SHOWN = 50  # items listed per section; the rest are counted


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def headline(report: PublishReport, user: str = "") -> str:
    """One line: where, as whom, and how many events were added, updated, deleted and left unchanged."""
    traffic = f"{_plural(report.requests, 'request')}, "
    if report.nothing_to_do and not report.dry_run:
        count = len(report.unchanged)
        state = {0: "the trip has no events and the calendar holds none from it",
                 1: f"its one event is on {report.url} as in the trip"}.get(
            count, f"all {count} events are on {report.url} as in the trip")
        return f"Nothing to publish: {state} ({traffic}no writes)."
    if report.nothing_published:
        refused = f"{len(report.failed)} not published" + (f", {len(report.conflicts)} left alone"
                                                         if report.conflicts else "")
        return f"Nothing was published to {report.url}: {refused} ({traffic}{_plural(report.writes, 'write')})."
    verb = "Would publish" if report.dry_run else "Published"
    who = f" as {user}" if user else ""
    created = ""
    if report.created:
        created = " (would create the calendar)" if report.dry_run else " (calendar created)"
    return (f"{verb} to {report.url}{who}{created}: {len(report.added)} added, {len(report.updated)} updated, "
            f"{len(report.deleted)} deleted, {len(report.unchanged)} unchanged ({traffic}"
            f"{_plural(report.writes, 'write')}).")


def sections(report: PublishReport, limit: int = SHOWN) -> list[tuple[str, list[str]]]:
    """(title, lines) for every non-empty part of the report, at most *limit* lines each."""
    parts = [("Added", report.added), ("Updated", report.updated), ("Deleted", report.deleted),
             ("Taken from the server into the trip", report.pulled),
             ("Overwritten on the server", report.overwritten),
             ("Changed on the server" + ("" if report.dry_run else ", left alone"),
              [f"{what}: {why}" for what, why in report.conflicts]),
             ("Not published", [f"{what}: {why}" for what, why in report.failed]),
             (answers_title(report), report.answers)]
    found: list[tuple[str, list[str]]] = []
    for title, items in parts:
        if items:
            shown = items[:limit] + ([f"… and {len(items) - limit} more"] if len(items) > limit else [])
            found.append((title, shown))
    return found


def answers_title(report: PublishReport) -> str:
    """How many attendees' answers the server's copies held: "2 answers read" (a dry run records none)."""
    count = _plural(len(report.answers), "answer")
    return f"{count} on the server, not recorded (dry run)" if report.dry_run else f"{count} read"


def remarks(report: PublishReport) -> list[str]:
    """Side notes: events others added to the calendar, a change of calendar, how to finish a cut-off run."""
    notes = list(report.notes)
    if report.foreign:
        notes.append(f"{_plural(report.foreign, 'other event')} in the calendar did not come from this trip and "
                     "were left alone")
    return notes


def said(trip: Trip, reply: Reply) -> str:
    """One answer in words: who, what, to which event (and occurrence), and their comment."""
    person = next((p for p in trip.people if p.email.strip().lower() == reply.email), None)
    who = person.name if person is not None and person.name.strip() else reply.email
    event = trip.event(reply.event)
    what = label(event, trip) if event is not None else reply.event
    if reply.occurrence is not None:
        what += f", the occurrence of {reply.occurrence.astimezone(trip.timezone):%a %d %b %H:%M}"
    status = f"delegated to {reply.delegated_to}" if reply.status == "delegated" and reply.delegated_to \
        else reply.status
    comment = f' ("{" ".join(reply.comment.split())}")' if reply.comment.strip() else ""
    return f"{who} {status} {what}{comment}"
