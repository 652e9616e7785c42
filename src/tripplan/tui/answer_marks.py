"""An attendee's answer to an invite as shown in the TUI: ``✓ accepted`` in the theme's colour for it.

The rule of who answered what is :mod:`tripplan.trip.answers`; this module
only draws it.  Every value is filled into the markup as text
(:func:`tripplan.tui.markup.m`): a comment or a name is never markup.
"""

from __future__ import annotations

from textual.content import Content

from tripplan.ical.rsvp import label
from tripplan.trip.answers import NEEDS_ACTION, Answer, Answers
from tripplan.trip.model import Event
from tripplan.tui.markup import m as _m

LABEL_PLURAL = {"accepted": "accepted", "declined": "declined", "tentative": "tentative", "delegated": "delegated",
                NEEDS_ACTION: "not answered"}
COLOURS = {"accepted": "$success", "declined": "$error", "tentative": "$warning", "delegated": "$accent",
           NEEDS_ACTION: "$text-muted"}


def worth_showing(answers: Answers, event: Event, answer: Answer) -> bool:
    """Whether to show an answer: a reply came (mail, CalDAV), or an invite for the event went out.

    Never the organizer's own; an imported calendar's PARTSTAT alone is shown
    as it always was, among the attendee's role ("optional · accepted").
    """
    if answer.via == "organizer":
        return False
    return answer.via in ("mail", "caldav") or answers.invited(event)


def answer_content(answer: Answer) -> Content:
    """``✓ accepted`` (coloured), ``… no answer``; a delegation names to whom."""
    text = label(answer)
    if answer.status == "delegated" and answer.delegated_to:
        text += f" to {answer.delegated_to}"
    return _m(f"[{COLOURS[answer.status]}]$a[/]", a=text)


def answer_notes(answer: Answer) -> list[Content]:
    """The comment of the reply and the answer to an earlier version, when there are any."""
    found = []
    if answer.comment:
        found.append(_m("[i]“$c”[/i]", c=" ".join(answer.comment.split())))
    if answer.earlier:
        found.append(_m("[$text-muted]answered '$e' to an earlier version[/]", e=answer.earlier))
    return found
