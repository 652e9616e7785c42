"""The old name of :mod:`tripplan.ical.properties`, kept only for ``caldav/answers.py`` until it imports that.

It was the compliance layer over ics-py 0.7.3 (issue 20 dropped ics-py; docs/calendar.md says why).
Delete this module once nothing imports it.
"""

from __future__ import annotations

from tripplan.ical.properties import person as person
