"""Widgets of the tripplan TUI: they render and post messages, and never touch files."""
