"""The ACLED layout: one row per incident location, ACLED's column names and codes (mappings in
data/analyst_layouts.json, choices explained in the README's "Analyst exports")."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from strikewatch.export.layouts import (
    Sources,
    acled_actor,
    country_name,
    date_span,
    fatalities_of,
    iso_numeric,
    layouts,
    outlet_covers,
    rows_per_place,
)
from strikewatch.model import Export, Incident, Location

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "iso",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
# Attribution statuses that ACLED would write as the actor: what a party says it did or is said to have done.
NAMED_STATUSES = {"declared", "claimed"}


def incident_country(incident: Incident) -> str | None:
    """The country of the incident's first located place."""
    return next((loc.country for loc in incident.locations if loc.country), None)


def acled_actor1(incident: Incident) -> str:
    """The perpetrator when declared or claimed, else ACLED's "Unidentified Armed Group (<country>)"."""
    att = incident.attribution
    named = acled_actor(att.perpetrator) if att.status in NAMED_STATUSES else None
    if named:
        return named
    if att.status in NAMED_STATUSES and att.perpetrator:
        return att.perpetrator
    country = country_name(incident_country(incident)) or "Unknown"
    return layouts()["acled"]["unidentified_actor"].format(country=country)


def _assoc_actors(incident: Incident, actor1: str) -> str:
    """Other actors the claims name (suspected or contested ones included), in ACLED's '; ' list."""
    names = {acled_actor(c.actor) or c.actor_name for c in incident.attribution.claims if c.stance != "denies"}
    return "; ".join(sorted(n for n in names if n and n != actor1))


def _actor2(incident: Incident) -> str:
    """The target's actor; struck civilians are ACLED's "Civilians (<country>)"."""
    for target in incident.targets:
        if target.actor and acled_actor(target.actor):
            return acled_actor(target.actor)  # type: ignore[return-value]
        if target.kind == "civilian":
            return f"Civilians ({country_name(incident_country(incident)) or 'Unknown'})"
    return ""


def acled_time_precision(incident: Incident) -> int:
    """1 a day, 2 a span of up to a week, 3 anything vaguer."""
    acled = layouts()["acled"]
    first, last = date_span(incident)
    if incident.date.precision == "day" and first and last:
        days = (last - first).days
        return 1 if days == 0 else 2 if days <= acled["time_precision_week_days"] else 3
    return acled["time_precision"][incident.date.precision]


def _event_date(incident: Incident, sources: Sources) -> str:
    """The day (a span's first day); an undated incident takes its first report's date."""
    first, _ = date_span(incident)
    if first:
        return first.isoformat()
    return sources.first_published or ""


def _source_scale(sources: Sources) -> str:
    """National for outlets that cover one country, International for world outlets, both joined when mixed."""
    covers = outlet_covers()
    scales = set()
    for name in sources.outlets:
        if name.casefold() in covers:
            scales.add("national" if covers[name.casefold()] else "international")
    names = layouts()["acled"]["source_scale"]
    if not scales:
        return names["none"]
    return "-".join(names[s] for s in ("local", "national", "international") if s in scales)


def _place_phrase(loc: Location | None) -> str:
    if loc is None:
        return "an unlocated place"
    parts = [p for p in (loc.admin1 if loc.admin1 != loc.name else None, country_name(loc.country)) if p]
    return f"{loc.name} ({', '.join(parts)})" if parts else loc.name


def acled_notes(incident: Incident, loc: Location | None, date_text: str) -> str:
    """One generated sentence: when, what, where, who by (and who says so), and the tolls with their sources."""
    kind = incident.event_type.replace("_", " ")
    att = incident.attribution
    day = datetime.fromisoformat(date_text).strftime("%-d %B %Y") if date_text else "an unknown date"
    sentence = f"On {day}, {'an' if kind[0] in 'aeiou' else 'a'} {kind} hit {_place_phrase(loc)}"
    claimants = sorted({c.claimant.name for c in att.claims if c.actor == att.perpetrator})
    if att.perpetrator:
        who = acled_actor(att.perpetrator) or att.perpetrator
        by = f" per {', '.join(claimants)}" if claimants else ""
        sentence += f"; attributed to {who} ({att.status}{by})"
    tolls = []
    for claim in sorted(incident.casualties, key=lambda c: (c.claimant.name, c.article_id, c.evidence.start)):
        for label, fig in (("killed", claim.killed), ("injured", claim.injured)):
            if fig is not None and (fig.min is not None or fig.max is not None):
                value = fig.min if fig.min == fig.max or fig.max is None else f"{fig.min or 0}-{fig.max}"
                more = "+" if fig.max is None else ""
                tolls.append(f"{value}{more} {label} per {claim.claimant.name}")
    if tolls:
        sentence += "; " + ", ".join(dict.fromkeys(tolls))
    return sentence + "."


def _timestamp(sources: Sources) -> int:
    """Unix time of the latest report's day (ACLED's upload time has no analogue; 0 when no report is dated)."""
    last = sources.last_published
    if not last:
        return 0
    return int(datetime.fromisoformat(last).replace(tzinfo=UTC).timestamp())


def acled_row(inc: Incident, src: Sources, n: int, loc: Location | None) -> dict[str, Any]:
    """The row of one place of an incident; the fatalities go on the first row so that rows sum to the toll."""
    acled = layouts()["acled"]
    event_date = _event_date(inc, src)
    deaths = fatalities_of(inc)
    actor1 = acled_actor1(inc)
    country = loc.country if loc else incident_country(inc)
    return {
        "event_id_cnty": f"{inc.id}/{n}",
        "event_date": event_date,
        "year": int(event_date[:4]) if event_date else 0,
        "time_precision": acled_time_precision(inc),
        "disorder_type": acled["disorder_type"],
        "event_type": acled["event_type"][inc.event_type],
        "sub_event_type": acled["sub_event_type"][inc.event_type],
        "actor1": actor1,
        "assoc_actor_1": _assoc_actors(inc, actor1),
        "actor2": _actor2(inc),
        "iso": iso_numeric(country),
        "country": country_name(country),
        "admin1": (loc.admin1 or "") if loc else "",
        "admin2": (loc.admin2 or "") if loc else "",
        "location": (loc.canonical_name or loc.name) if loc else "",
        "latitude": loc.lat if loc else None,
        "longitude": loc.lon if loc else None,
        "geo_precision": acled["geo_precision"][loc.precision] if loc else 3,
        "source": "; ".join(src.outlets),
        "source_scale": _source_scale(src),
        "notes": acled_notes(inc, loc, event_date),
        "fatalities": deaths.low if n == 0 else 0,
        "tags": "fatality figures differ" if deaths.low != deaths.high else "",
        "timestamp": _timestamp(src),
    }


def acled_rows(export: Export) -> list[dict[str, Any]]:
    """One row per place of each incident."""
    return rows_per_place(export, acled_row)
