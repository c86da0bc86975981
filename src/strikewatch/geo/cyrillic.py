"""Latin spellings of Ukrainian and Russian place names, so a village known to the gazetteer only as
"Дементіївка" or "Dementiyivka" is found when a report writes "Dementiivka", and "Логвиново" as "Logvinovo".

Reports romanise Cyrillic names by one of two habits: Ukrainian officials, the OSCE and ACLED use Ukraine's
national system of 2010, wire copy mostly the plain English spelling of the Russian name. Who's On First keeps
the Cyrillic names as alternates, so the gazetteer build adds both spellings of each
(`data/cyrillic_romanisation.json`).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

_CYRILLIC_RE = re.compile(r"[\u0400-\u04FF]")
_CYRILLIC_NAME_RE = re.compile(r"^[\u0400-\u04FF\s\-'’ʼ.()0-9]+$")


@lru_cache(maxsize=1)
def _systems() -> dict:
    return json.loads(resources.files("strikewatch.data").joinpath("cyrillic_romanisation.json").read_text("utf-8"))


def romanising_countries() -> frozenset[str]:
    """Countries whose own place names are written in Cyrillic (only their alternates are romanised)."""
    return frozenset(_systems()["countries"])


def is_cyrillic(name: str) -> bool:
    """A name written wholly in Cyrillic letters (with spaces, hyphens, apostrophes)."""
    return bool(_CYRILLIC_RE.search(name)) and bool(_CYRILLIC_NAME_RE.match(name))


def _romanise(name: str, system: dict) -> str:
    letters, initial, pairs = system["letters"], system["initial"], system["pairs"]
    out: list[str] = []
    low = name.lower()
    i = 0
    while i < len(low):
        ch, start = low[i], i
        pair = low[i:i + 2]
        at_start = i == 0 or low[i - 1] in " -("
        if pair in pairs:
            piece, i = pairs[pair], i + 2
        else:
            piece = (initial.get(ch) if at_start else None) or letters.get(ch, ch)
            i += 1
        if name[start].isupper() and piece:
            piece = piece[0].upper() + piece[1:]
        out.append(piece)
    return "".join(out)


def romanisations(name: str) -> tuple[str, ...]:
    """The Latin spellings of a Cyrillic name: Ukrainian national and Russian plain, each once.

    A name with letters only Ukrainian has (і ї є ґ) is not Russian, and one with letters only Russian has
    (ы э ё ъ) is not Ukrainian; a name with neither gets both spellings.
    """
    if not is_cyrillic(name):
        return ()
    systems = _systems()
    low = name.lower()
    kinds = []
    if not any(c in low for c in systems["russian_only"]):
        kinds.append("ukrainian")
    if not any(c in low for c in systems["ukrainian_only"]):
        kinds.append("russian")
    out: list[str] = []
    for kind in kinds:
        latin = _romanise(name, systems[kind])
        if latin not in out:
            out.append(latin)
    return tuple(out)
