"""Calendar interop: iCalendar export, invites and import.

Writing is our own small writer (:mod:`tripplan.ical.export`, over
:mod:`tripplan.ical.lines`; docs/calendar.md says why not icalendar's);
reading uses the ``icalendar`` library (:mod:`tripplan.ical.importer`), and
every content line is scanned by :mod:`tripplan.ical.contentlines`.  This
package's ``__init__`` imports nothing, so loading a trip file pays for
neither.
"""
