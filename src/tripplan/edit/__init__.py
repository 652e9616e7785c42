"""Editing a trip: the session over its file (undo, redo, save, conflicts), the changes it records, copies."""
