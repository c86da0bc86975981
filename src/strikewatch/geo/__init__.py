"""The gazetteer stage: place names, their normalisation, lookup, hierarchy and distances.

Extraction and resolution use it; it knows neither. See `gazetteer` (the compact index), `build` (what it is
built from), `sources` (the file formats), `imports` (`strikewatch gazetteer import`), `names`, `distance`.
"""

from strikewatch.geo.distance import haversine_km
from strikewatch.geo.gazetteer import GazEntry, Gazetteer, load_gazetteer
from strikewatch.geo.names import (
    ARABIC_SPEAKING,
    ARTICLES,
    MIDEAST,
    REGIONAL,
    display_subdivision_name,
    normalise_key,
    normalise_tokens,
)

__all__ = [
    "ARABIC_SPEAKING",
    "ARTICLES",
    "MIDEAST",
    "REGIONAL",
    "GazEntry",
    "Gazetteer",
    "display_subdivision_name",
    "haversine_km",
    "load_gazetteer",
    "normalise_key",
    "normalise_tokens",
]
