"""What the ACLED and UCDP layouts share: the curated mappings (data/analyst_layouts.json), the sources of an
incident, and its casualty figures read the way both datasets read them (lowest credible, highest, most reported)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from strikewatch.model import Article, Export, Incident, Location

# Our place precisions that name a container of a place (a row of its own only when nothing inside it is named).
CONTAINERS = {"admin2": "admin2", "admin1": "admin1", "country": "country"}


@cache
def layouts() -> dict[str, Any]:
    """data/analyst_layouts.json, read once."""
    with resources.files("strikewatch.data").joinpath("analyst_layouts.json").open("r", encoding="utf-8") as fh:
        return json.load(fh)


@cache
def outlet_covers() -> dict[str, str | None]:
    """Outlet name or alias (case-folded) -> the one country it covers, None for a world outlet (data/outlets.json)."""
    with resources.files("strikewatch.data").joinpath("outlets.json").open("r", encoding="utf-8") as fh:
        rows = json.load(fh)["outlets"]
    return {n.casefold(): row.get("covers") for row in rows for n in (row["name"], *row.get("aliases", ()))}


def country_name(code: str | None) -> str:
    """A country's name as both datasets write it ("Ukraine"); the code itself when it is not curated."""
    if not code:
        return ""
    entry = layouts()["countries"].get(code)
    return entry["name"] if entry else code


def iso_numeric(code: str | None) -> int:
    """ISO 3166-1 numeric code of a country; 0 when the country is unknown (keeps the column an integer)."""
    entry = layouts()["countries"].get(code or "")
    return entry["iso"] if entry else 0


def event_locations(incident: Incident) -> list[Location | None]:
    """The places the event happened, one a row: a district or province that only contains a named place is
    context for that place, not another place of the event. [None] when the incident has no place at all."""
    kept: list[Location] = []
    for loc in incident.locations:
        field = CONTAINERS.get(loc.precision)
        if field is not None:
            value = loc.country if field == "country" else getattr(loc, field)
            inner = [o for o in incident.locations if o is not loc and o.precision not in CONTAINERS]
            if value and any((o.country if field == "country" else getattr(o, field)) == value for o in inner):
                continue
        kept.append(loc)
    return list(kept) or [None]


@dataclass(frozen=True)
class Sources:
    """The articles behind an incident, oldest first (ties by id)."""

    articles: tuple[Article, ...]

    @property
    def outlets(self) -> list[str]:
        return sorted({a.outlet for a in self.articles if a.outlet})

    @property
    def first_published(self) -> str | None:
        dates = [a.published[:10] for a in self.articles if a.published]
        return min(dates) if dates else None

    @property
    def last_published(self) -> str | None:
        dates = [a.published[:10] for a in self.articles if a.published]
        return max(dates) if dates else None


def sources_of(export: Export) -> dict[str, Sources]:
    """Incident id -> its sources (articles marked as duplicates count once: under the article they copy)."""
    by_id = {a.id: a for a in export.articles}
    out: dict[str, Sources] = {}
    for inc in export.incidents:
        ids = {m.article_id for m in inc.mentions}
        arts = [by_id[i] for i in ids if i in by_id and not getattr(by_id[i], "duplicate_of", None)]
        arts.sort(key=lambda a: ((a.published or "9999")[:10], a.id))
        out[inc.id] = Sources(tuple(arts))
    return out


def rows_per_place(
    export: Export, row: Callable[[Incident, Sources, int, Location | None], dict[str, Any]]
) -> list[dict[str, Any]]:
    """A layout's rows: `row(incident, its sources, n, place)` for each place of the event of each incident."""
    sources = sources_of(export)
    return [row(inc, sources[inc.id], n, loc) for inc in export.incidents for n, loc in enumerate(event_locations(inc))]


@dataclass(frozen=True)
class Fatalities:
    """Killed figures across an incident's casualty claims: `low` the lowest credible, `high` the highest,
    `best` the figure most claims give (the lower on a tie), as UCDP's best estimate."""

    low: int
    best: int
    high: int
    claims: int


def fatalities_of(incident: Incident) -> Fatalities:
    """0/0/0 when no claim gives a death toll (both datasets code unreported deaths as 0)."""
    points: list[int] = []
    highs: list[int] = []
    for claim in incident.casualties:
        fig = claim.killed
        if fig is None or (fig.min is None and fig.max is None):
            continue
        point = fig.min if fig.min is not None else fig.max
        points.append(point)  # type: ignore[arg-type]
        highs.append(fig.max if fig.max is not None else point)  # type: ignore[arg-type]
    rng = incident.casualty_range
    if not points:
        low = rng.killed_min if rng.killed_min is not None else 0
        high = rng.killed_max if rng.killed_max is not None else low
        return Fatalities(low, low, max(low, high), 0)
    counts = Counter(points)
    best = min(counts, key=lambda v: (-counts[v], v))
    return Fatalities(min(points), best, max(highs), len(points))


def date_span(incident: Incident) -> tuple[date | None, date | None]:
    """First and last day the incident may have happened on (None when it is undated)."""
    d = incident.date
    first = d.earliest or (d.value if d.value and len(d.value) == 10 else None)
    last = d.latest or first
    try:
        return (date.fromisoformat(first) if first else None, date.fromisoformat(last) if last else None)
    except ValueError:
        return None, None


def acled_actor(actor: str | None) -> str | None:
    """An actor id ("RU", "isis") as ACLED names it ("Military Forces of Russia (2000-)"); None when unmapped."""
    if not actor:
        return None
    acled = layouts()["acled"]
    return acled["state_actors"].get(actor) or acled["group_actors"].get(actor)


def ucdp_side(actor: str | None) -> str | None:
    """An actor id as UCDP names the side ("Government of Syria", "IS"); None when unmapped."""
    if not actor:
        return None
    ucdp = layouts()["ucdp"]
    return ucdp["state_sides"].get(actor) or ucdp["group_sides"].get(actor)


def is_state(actor: str | None) -> bool:
    """State forces are ids in ISO alpha-2 (and the US-led coalition)."""
    return bool(actor) and (actor == "COALITION" or (len(actor) == 2 and actor.isupper()))  # type: ignore[union-attr]


def ucdp_side_a_name(incident: Incident) -> str:
    """The perpetrator's GED name (any attribution status: GED codes the side its sources point to)."""
    perp = incident.attribution.perpetrator
    return ucdp_side(perp) or perp or layouts()["ucdp"]["unknown_side"]
