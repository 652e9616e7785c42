"""Calendar interop: iCalendar export, invites and import.

Writing goes through ics-py behind a small compliance layer
(:mod:`tripplan.ical.export`); reading uses the ``icalendar`` library
(:mod:`tripplan.ical.importer`).  This package's ``__init__`` imports
nothing, so the trip-file schema can use :mod:`tripplan.files.invite_records`
without paying for either library.
"""
