"""The current time, aware; ``TRIPPLAN_NOW`` freezes it (tests, rehearsals). Imports nothing heavy."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from tripplan.errors import InputError


def current_time() -> datetime:
    """Now, aware; ``TRIPPLAN_NOW`` (ISO 8601 with offset) freezes it for tests and rehearsals."""
    frozen = os.environ.get("TRIPPLAN_NOW")
    if frozen:
        try:
            moment = datetime.fromisoformat(frozen)
        except ValueError:
            raise InputError(f"TRIPPLAN_NOW={frozen!r} is not an ISO date-time like "
                             "2027-03-09T14:05:00+00:00") from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.now(UTC)
