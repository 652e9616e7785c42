"""The files of ``tripplan invites --out DIR`` (and the app's invite export): names, contents and descriptions.

One source for the command line (``tripplan.cli.calendar_run``, which also refuses
to replace files tripplan did not write) and the TUI's invites dialog, so both
write the same ``STEM.ics`` and ``STEM-cancel.ics`` per person and describe them
alike.  An invite file is recognised as tripplan's by its PRODID.
"""

from __future__ import annotations

from pathlib import Path

from tripplan.ical.invites import InvitePlan

OUR_PRODID = b"PRODID:-//tripplan//"
"""The start of the PRODID line of every calendar tripplan writes."""

InviteTarget = tuple[Path, str, str]
"""(path, text, description) of one invite file to write."""


def invite_targets(out: Path, plan: InvitePlan) -> list[InviteTarget]:
    """Every invite file of *plan* in the folder *out*: the requests, then the cancellations, person by person."""
    targets: list[InviteTarget] = []
    for files in plan.files:
        who = f"{files.person.name} <{files.person.email}>"
        if files.requests:
            counts: dict[str, int] = {}
            for item in files.requests:
                status = plan.changed.get(item.event.id, "unchanged")
                counts[status] = counts.get(status, 0) + 1
            detail = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
            targets.append((out / f"{files.stem}.ics", files.request_text,
                            f"{who}: {len(files.requests)} event(s) ({detail})"))
        if files.cancels:
            targets.append((out / f"{files.stem}-cancel.ics", files.cancel_text,
                            f"{who}: {len(files.cancels)} cancellation(s)"))
    return targets


def is_invite_file(head: bytes) -> bool:
    """Whether the first bytes *head* of a file are tripplan's (its PRODID): such a file may be replaced."""
    return OUR_PRODID in head
