"""Screens and dialogs of the tripplan TUI."""
