"""The UCDP GED layout: one row per incident location, GED's column names and codes (mappings in
data/analyst_layouts.json, choices explained in the README's "Analyst exports")."""

from __future__ import annotations

from typing import Any

from strikewatch.export.layouts import (
    Sources,
    country_name,
    date_span,
    fatalities_of,
    is_state,
    layouts,
    rows_per_place,
    ucdp_side,
    ucdp_side_a_name,
)
from strikewatch.model import Export, Incident, Location

UCDP_COLUMNS = (
    "id",
    "date_start",
    "date_end",
    "date_prec",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_coordinates",
    "where_prec",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "country",
    "best",
    "low",
    "high",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "number_of_sources",
    "event_clarity",
)
# How where_coordinates names a place's kind, after GED's "Tadmur/Palmyra town", "Idlib governorate".
PLACE_WORDS = {
    "site": "site",
    "neighbourhood": "neighbourhood",
    "village": "village",
    "city": "town",
    "admin2": "district",
    "admin1": "governorate",
    "country": "country",
}


def ucdp_date_prec(incident: Incident) -> int:
    """GED's date_prec from the span we know: 1 a day, 2 two to six days, 3 a week, 4 a month, 5 longer or unknown."""
    first, last = date_span(incident)
    if first is None or last is None:
        return layouts()["ucdp"]["date_prec"][incident.date.precision]
    days = (last - first).days + 1
    return 1 if days == 1 else 2 if days <= 6 else 3 if days <= 7 else 4 if days <= 31 else 5


def _side_b(incident: Incident) -> str:
    ucdp = layouts()["ucdp"]
    for target in incident.targets:
        if target.actor and ucdp_side(target.actor):
            return ucdp_side(target.actor)  # type: ignore[return-value]
        if target.kind == "civilian":
            return ucdp["civilians_side"]
    return ucdp["unknown_side"]


def _type_of_violence(incident: Incident, side_b: str) -> int:
    """3 one-sided (civilians struck), 2 non-state (neither side a state), else 1 state-based (most strikes)."""
    ucdp = layouts()["ucdp"]
    if side_b == ucdp["civilians_side"]:
        return ucdp["type_of_violence_one_sided"]
    perp = incident.attribution.perpetrator
    if perp and not is_state(perp) and not any(is_state(t.actor) for t in incident.targets):
        return ucdp["type_of_violence_nonstate"]
    return ucdp["type_of_violence_state"]


def _where(loc: Location | None) -> str:
    if loc is None:
        return ""
    return f"{loc.canonical_name or loc.name} {PLACE_WORDS[loc.precision]}"


def ucdp_row(inc: Incident, src: Sources, n: int, loc: Location | None) -> dict[str, Any]:
    """The row of one place of an incident; the death figures go on the first row so that rows sum to the toll."""
    ucdp = layouts()["ucdp"]
    first, last = date_span(inc)
    deaths = fatalities_of(inc)
    side_b = _side_b(inc)
    clear = inc.date.precision == "day" and any(
        place.precision in ("site", "neighbourhood", "village", "city") for place in inc.locations
    )
    return {
        "id": f"{inc.id}/{n}",
        "date_start": first.isoformat() if first else "",
        "date_end": last.isoformat() if last else "",
        "date_prec": ucdp_date_prec(inc),
        "type_of_violence": _type_of_violence(inc, side_b),
        "side_a": ucdp_side_a_name(inc),
        "side_b": side_b,
        "where_coordinates": _where(loc),
        "where_prec": ucdp["where_prec"][loc.precision] if loc else ucdp["where_prec"]["country"],
        "adm_1": (loc.admin1 or "") if loc else "",
        "adm_2": (loc.admin2 or "") if loc else "",
        "latitude": loc.lat if loc else None,
        "longitude": loc.lon if loc else None,
        "country": country_name(loc.country) if loc else "",
        "best": deaths.best if n == 0 else 0,
        "low": deaths.low if n == 0 else 0,
        "high": deaths.high if n == 0 else 0,
        "source_article": "; ".join(
            f"{a.outlet or 'unknown outlet'} {a.published[:10] if a.published else 'undated'} \"{a.title or a.id}\""
            for a in src.articles
        ),
        "source_office": "; ".join(src.outlets),
        "source_date": "; ".join(sorted({a.published[:10] for a in src.articles if a.published})),
        "source_headline": "; ".join(a.title for a in src.articles if a.title),
        "number_of_sources": len(src.articles),
        "event_clarity": 1 if clear else 2,
    }


def ucdp_rows(export: Export) -> list[dict[str, Any]]:
    """One row per place of each incident."""
    return rows_per_place(export, ucdp_row)
