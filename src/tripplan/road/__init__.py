"""The road path: the day index cached beside a trip, and the agenda read from it (standard library only)."""
