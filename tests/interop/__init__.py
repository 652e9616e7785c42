"""Interop tests: our .ics files read by independent programs and libraries."""
