"""Guess an event's kind from its title ("Dinner with Ana" → meal), for ``add`` without ``--kind``.

Word-based and deliberately shy: a title is matched word by word
(case-insensitive, accents ignored, in several languages) against a small
table; a guess is made only when the words point at one kind. "Dinner
after the workshop" points at two and gets no guess: the caller asks or
refuses, which is better than a wrong kind skewing the trip's balance.
Some words only count when nothing stronger is there ("Hotel" is a
check-in, but "Dinner at Hotel Avenida" is a meal).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from tripplan.trip.kinds import Kind

__all__ = ["guess_kind"]

# Lower case, without accents. A phrase of several words matches those words in a row.
_STRONG: Final[dict[Kind, tuple[str, ...]]] = {
    Kind.MEAL: ("dinner", "lunch", "breakfast", "brunch", "supper", "meal",  # en
                "jantar", "almoco", "pequeno almoco", "refeicao",  # pt
                "cena", "almuerzo", "desayuno", "comida",  # es (cena also it)
                "abendessen", "mittagessen", "fruhstuck", "abendbrot",  # de
                "diner", "dejeuner", "petit dejeuner", "repas",  # fr
                "pranzo", "colazione",  # it
                "restaurant", "restaurante", "ristorante"),
    Kind.FLIGHT: ("flight", "voo", "vuelo", "vol", "flug", "volo", "vlucht"),
    Kind.TRAIN: ("train", "comboio", "tren", "zug", "treno", "trein", "tgv", "eurostar", "shinkansen"),
    Kind.TRANSFER: ("taxi", "transfer", "cab", "uber", "lyft", "shuttle", "traslado", "transfert",
                    "transferencia"),
    Kind.MUSEUM: ("museum", "museu", "museo", "musee", "gallery", "galeria", "galerie"),
    Kind.TOUR: ("tour", "walking tour", "sightseeing", "excursion", "excursao", "visita guiada",
                "stadtfuhrung", "fuhrung", "rundgang"),
    Kind.WORKSHOP: ("workshop", "hackathon", "masterclass", "atelier"),
    Kind.PRESENTATION: ("presentation", "pitch", "keynote", "demo",
                        "apresentacao", "presentacion", "prasentation", "presentazione"),
    Kind.CHECK_IN: ("check in", "checkin", "check out", "checkout"),
    Kind.MEETING: ("meeting", "reuniao", "reunion", "besprechung", "riunione", "vergadering",
                   "stand up", "standup", "kick off", "kickoff", "one on one", "1 1"),
    Kind.CONFERENCE: ("conference", "conferencia", "konferenz", "conferenza", "congress", "congresso",
                      "congreso", "kongress", "summit"),
    Kind.SEMINAR: ("seminar", "seminario", "seminaire", "webinar"),
    Kind.NETWORKING_EVENT: ("networking", "meetup", "mixer"),
    Kind.TEAM_BUILDING: ("team building", "teambuilding", "team event"),
    Kind.SOCIAL_OUTING: ("drinks", "party", "karaoke", "bowling", "pub", "happy hour", "festa", "fiesta"),
    Kind.CULTURAL_OUTING: ("concert", "concerto", "konzert", "opera", "fado", "theatre", "theater", "teatro",
                           "ballet", "flamenco"),
    Kind.LOCAL_CUSTOM: ("ceremony", "cerimonia", "ceremonia", "onsen", "hammam"),
    Kind.FREE_TIME: ("free time", "tempo livre", "tiempo libre", "freizeit", "temps libre", "shopping"),
    Kind.REST: ("nap", "siesta", "descanso", "sesta"),
}
# Words that name a kind only when no word above does.
_WEAK: Final[dict[Kind, tuple[str, ...]]] = {
    Kind.CHECK_IN: ("hotel", "hostel", "airbnb", "ryokan"),
    Kind.MEETING: ("call", "sync", "review"),
    Kind.PRESENTATION: ("talk",),
    Kind.SOCIAL_OUTING: ("bar",),
    Kind.FREE_TIME: ("free",),
    Kind.REST: ("rest", "sleep"),  # "the rest of the team"
}

_WORD = re.compile(r"[^\W_]+")
_LONGEST = 3  # words in the longest phrase above


def _table(words: dict[Kind, tuple[str, ...]]) -> dict[str, Kind]:
    return {phrase: kind for kind, phrases in words.items() for phrase in phrases}


_STRONG_WORDS: Final = _table(_STRONG)
_WEAK_WORDS: Final = _table(_WEAK)


def _words(title: str) -> list[str]:
    """The title's words, lower case, accents dropped ("Almoço" → "almoco")."""
    plain = unicodedata.normalize("NFKD", title.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c)).replace("ß", "ss")
    return _WORD.findall(plain)


def _kinds(words: list[str], table: dict[str, Kind]) -> set[Kind]:
    found: set[Kind] = set()
    for i in range(len(words)):
        for size in range(1, _LONGEST + 1):
            phrase = " ".join(words[i:i + size])
            for candidate in (phrase, phrase[:-1] if phrase.endswith("s") else ""):  # "Dinners", "Flights"
                if candidate in table:
                    found.add(table[candidate])
    return found


def guess_kind(title: str) -> Kind | None:
    """The kind *title* clearly names, or ``None`` when it names none or several.

    >>> guess_kind("Dinner with Ana"), guess_kind("Jantar no Bairro Alto"), guess_kind("Team sync")
    (<Kind.MEAL: 'meal'>, <Kind.MEAL: 'meal'>, <Kind.MEETING: 'meeting'>)
    >>> guess_kind("Dinner after the workshop") is None, guess_kind("Ana") is None
    (True, True)
    """
    words = _words(title)
    for table in (_STRONG_WORDS, _WEAK_WORDS):
        kinds = _kinds(words, table)
        if kinds:
            return kinds.pop() if len(kinds) == 1 else None
    return None
