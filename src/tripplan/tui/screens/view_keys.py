"""The keys that hop between the views of an open trip (t, p, o, f, b, s), as bindings.

One table, ``VIEW_KEYS`` with ``VIEW_TITLES``, for the timetable (``MainScreen``) and every view
(``TripView``): each lists the views it offers, in its own footer order and with its own choice of
which to show.  Light on purpose (Textual's bindings only): the main screen imports it before the
trip is read.
"""

from __future__ import annotations

from textual.binding import Binding

VIEW_KEYS = {"today": "t", "people": "p", "objectives": "o", "followups": "f", "balance": "b", "settings": "s"}
VIEW_TITLES = {"today": "Today", "people": "People", "objectives": "Objectives", "followups": "Follow-ups",
               "balance": "Balance", "settings": "Trip settings"}


def view_bindings(*names: str, shown: tuple[str, ...] = ()) -> list[Binding]:
    """The bindings that open the views *names*, in that order; those in *shown* appear in the footer."""
    return [Binding(VIEW_KEYS[name], f"view('{name}')", VIEW_TITLES[name], show=name in shown) for name in names]
