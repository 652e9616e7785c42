"""The kind guessed from an event's title (tripplan.trip.kindguess): clear titles get a kind, unclear ones none."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tripplan.trip.kindguess import guess_kind
from tripplan.trip.kinds import Kind


@pytest.mark.parametrize(("title", "kind"), [
    ("Dinner with Ana", Kind.MEAL), ("LUNCH", Kind.MEAL), ("breakfast at the hotel", Kind.MEAL),
    ("Jantar no Bairro Alto", Kind.MEAL), ("Almoço com a Acme", Kind.MEAL), ("Abendessen mit Kunden", Kind.MEAL),
    ("Frühstück", Kind.MEAL), ("Cena con clientes", Kind.MEAL), ("Petit-déjeuner", Kind.MEAL),
    ("Team dinners", Kind.MEAL),
    ("Flight TP 202 to Porto", Kind.FLIGHT), ("Voo para Lisboa", Kind.FLIGHT), ("Flug nach Berlin", Kind.FLIGHT),
    ("Train to Porto", Kind.TRAIN), ("Zug nach Köln", Kind.TRAIN), ("Comboio Alfa Pendular", Kind.TRAIN),
    ("Taxi to the airport", Kind.TRANSFER), ("Transfer to the hotel", Kind.TRANSFER),
    ("Gulbenkian Museum", Kind.MUSEUM), ("Museu do Azulejo", Kind.MUSEUM),
    ("Walking tour of Alfama", Kind.TOUR), ("Workshop: roadmap", Kind.WORKSHOP),
    ("Pitch to Acme", Kind.PRESENTATION), ("Presentation of Q3", Kind.PRESENTATION),
    ("Check-in", Kind.CHECK_IN), ("Hotel Avenida Palace", Kind.CHECK_IN), ("check in", Kind.CHECK_IN),
    ("Kick-off at Acme", Kind.MEETING), ("Reunião com a Ana", Kind.MEETING), ("Stand-up", Kind.MEETING),
    ("Web Summit", Kind.CONFERENCE), ("Fado night", Kind.CULTURAL_OUTING), ("Team building", Kind.TEAM_BUILDING),
])
def test_a_clear_title_names_its_kind(title: str, kind: Kind) -> None:
    assert guess_kind(title) == kind


@pytest.mark.parametrize(("title", "kind"), [
    ("Dinner at Hotel Avenida", Kind.MEAL),  # a hotel only counts when nothing stronger is named
    ("Taxi to the hotel", Kind.TRANSFER),
    ("Lunch with the rest of the team", Kind.MEAL),
])
def test_weak_words_give_way(title: str, kind: Kind) -> None:
    assert guess_kind(title) == kind


@pytest.mark.parametrize("title", [
    "Ana", "", "   ", "Acme", "Dinner after the workshop", "Flight check-in", "Train to the museum",
    "Dinnerware", "Restless",  # words, not parts of words
    "Trainee day", "Tourism board", "Pitcher",
])
def test_an_unclear_title_names_no_kind(title: str) -> None:
    assert guess_kind(title) is None


@given(st.text(max_size=60))
def test_any_text_gives_a_kind_or_none(title: str) -> None:
    found = guess_kind(title)
    assert found is None or isinstance(found, Kind)
    if title.isascii():
        assert guess_kind(title.swapcase()) == found
