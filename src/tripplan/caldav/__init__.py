"""Share a trip live: publish its events to a CalDAV calendar that colleagues subscribe to.

- :mod:`tripplan.files.share_section` — the ``[share]`` section of the trip file
  (server URL, user, and what the last publish wrote); on the trip-loading
  path, so it imports only the standard library and the model;
- :mod:`tripplan.caldav.content` — one calendar resource per event, the same
  VEVENT as the whole-trip export, and the hashes that tell what changed;
- :mod:`tripplan.caldav.server` — the HTTP side, through the ``caldav``
  library, with every failure turned into a one-line message;
- :mod:`tripplan.caldav.publish` — :func:`~tripplan.caldav.publish.publish`,
  which the command line and the app both call.

Nothing here imports the ``caldav`` library at load time except
:mod:`tripplan.caldav.server`.
"""
