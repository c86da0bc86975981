"""Which of a name's namesakes is meant: the score of a gazetteer entry in an article's context.

Extraction (`extract.places`) picks the best-scoring entry for each name it finds; `strikewatch gazetteer
lookup` shows the same score, part by part, so a user can see why one candidate wins.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence

from strikewatch.geo.distance import haversine_km
from strikewatch.geo.gazetteer import GazEntry
from strikewatch.geo.names import MIDEAST

Point = tuple[float, float]
_KIND_BONUS = {"country": 3.0, "admin1": 1.0, "curated": 2.5}


def important(e: GazEntry) -> bool:
    """A place that may stand alone in a text: a country, province, curated site or city of 50,000+."""
    return e.kind in ("country", "admin1", "curated") or e.population >= 50_000


def nearest_km(e: GazEntry, anchors: Sequence[Point]) -> float:
    """Distance to the nearest anchor place other than the entry itself (0 with no anchors)."""
    if e.lat is None or not anchors:
        return 0.0
    ds = [haversine_km(a[0], a[1], e.lat, e.lon) for a in anchors]  # type: ignore[arg-type]
    ds = [d for d in ds if d > 0.5] or ds
    return min(ds)


def score_parts(
    e: GazEntry,
    countries: Collection[str] = (),
    centroid: Point | None = None,
    anchors: Sequence[Point] = (),
) -> list[tuple[str, float]]:
    """The terms of an entry's score, each with what it rewards or penalises."""
    return [(label(), v) for label, v in _terms(e, countries, centroid, anchors)]


def score(
    e: GazEntry, countries: Collection[str] = (), centroid: Point | None = None, anchors: Sequence[Point] = ()
) -> float:
    """The entry's score: the sum of `score_parts`, term by term in the same order (so the same float), without
    making their labels or a list of them, since this runs for every namesake of every candidate."""
    total = math.log10(e.population + 10)
    if e.kind in _KIND_BONUS:
        total += _KIND_BONUS[e.kind]
    if e.country in countries:
        total += 2.0
    if e.country in MIDEAST:
        total += 1.0
    if e.lat is None or e.kind == "country":
        return total
    if anchors:
        total += -_anchor_penalty(e, nearest_km(e, anchors))
    elif centroid:
        total += -_centroid_penalty(haversine_km(centroid[0], centroid[1], e.lat, e.lon))
    return total


def _anchor_penalty(e: GazEntry, d: float) -> float:
    """A place is told from its namesakes by how near it lies to the text's other places: strongly for a small
    place, more gently for a city or province that may well lie apart from the rest."""
    return min(4.0, d / 200) if important(e) else min(5.0, d / 60)


def _centroid_penalty(d: float) -> float:
    return min(3.0, d / 300)


def _terms(
    e: GazEntry, countries: Collection[str], centroid: Point | None, anchors: Sequence[Point]
) -> list[tuple[Callable[[], str], float]]:
    parts: list[tuple[Callable[[], str], float]] = [
        (lambda: f"population {e.population:,}", math.log10(e.population + 10))
    ]
    if e.kind in _KIND_BONUS:
        parts.append((lambda: f"a {e.kind} entry", _KIND_BONUS[e.kind]))
    if e.country in countries:
        parts.append((lambda: "in a country the text names", 2.0))
    if e.country in MIDEAST:
        parts.append((lambda: "in the Middle East", 1.0))
    if e.lat is None or e.kind == "country":
        return parts
    if anchors:
        d = nearest_km(e, anchors)
        parts.append((lambda: f"{d:.0f} km from the text's nearest other place", -_anchor_penalty(e, d)))
    elif centroid:
        d = haversine_km(centroid[0], centroid[1], e.lat, e.lon)
        parts.append((lambda: f"{d:.0f} km from the centre of the text's places", -_centroid_penalty(d)))
    return parts
