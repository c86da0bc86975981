"""Writers for the export formats (json, csv, geojson and the ACLED / UCDP analyst layouts); each gives
byte-identical output for the same store."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from strikewatch.export.acled import ACLED_COLUMNS, acled_rows
from strikewatch.export.build import export_model
from strikewatch.export.ucdp import UCDP_COLUMNS, ucdp_rows
from strikewatch.model import Export, Incident
from strikewatch.store.base import Store

FORMATS = ("json", "csv", "geojson", "acled", "ucdp")

CSV_COLUMNS = (
    "id",
    "date",
    "date_precision",
    "event_type",
    "perpetrator",
    "attribution_status",
    "location_name",
    "admin1",
    "admin2",
    "country",
    "lat",
    "lon",
    "location_precision",
    "killed_min",
    "killed_max",
    "injured_min",
    "injured_max",
    "n_articles",
    "outlets",
    "article_ids",
)


def _article_ids(incident: Incident) -> list[str]:
    """Distinct ids of the articles that mention the incident, sorted."""
    return sorted({m.article_id for m in incident.mentions})


def to_csv_rows(export: Export) -> list[dict[str, Any]]:
    """One flat row per incident (primary location, casualty range, articles and their outlets)."""
    outlet_of = {a.id: a.outlet for a in export.articles}
    rows: list[dict[str, Any]] = []
    for inc in export.incidents:
        loc = inc.locations[0] if inc.locations else None
        ids = _article_ids(inc)
        outlets = sorted({o for o in (outlet_of.get(a) for a in ids) if o})
        rows.append(
            {
                "id": inc.id,
                "date": inc.date.value,
                "date_precision": inc.date.precision,
                "event_type": inc.event_type,
                "perpetrator": inc.attribution.perpetrator,
                "attribution_status": inc.attribution.status,
                "location_name": loc.name if loc else None,
                "admin1": loc.admin1 if loc else None,
                "admin2": loc.admin2 if loc else None,
                "country": loc.country if loc else None,
                "lat": loc.lat if loc else None,
                "lon": loc.lon if loc else None,
                "location_precision": loc.precision if loc else None,
                "killed_min": inc.casualty_range.killed_min,
                "killed_max": inc.casualty_range.killed_max,
                "injured_min": inc.casualty_range.injured_min,
                "injured_max": inc.casualty_range.injured_max,
                "n_articles": len(ids),
                "outlets": ";".join(outlets),
                "article_ids": ";".join(ids),
            }
        )
    return rows


def to_geojson(export: Export) -> dict[str, Any]:
    """A FeatureCollection with one Point per incident location that has coordinates."""
    features: list[dict[str, Any]] = []
    for inc in export.incidents:
        for n, loc in enumerate(inc.locations):
            if loc.lat is None or loc.lon is None:
                continue
            features.append(
                {
                    "type": "Feature",
                    "id": f"{inc.id}/{n}",
                    "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
                    "properties": {
                        "incident_id": inc.id,
                        "event_type": inc.event_type,
                        "date": inc.date.value,
                        "date_precision": inc.date.precision,
                        "status": inc.attribution.status,
                        "perpetrator": inc.attribution.perpetrator,
                        "killed_min": inc.casualty_range.killed_min,
                        "killed_max": inc.casualty_range.killed_max,
                        "injured_min": inc.casualty_range.injured_min,
                        "injured_max": inc.casualty_range.injured_max,
                        "location_name": loc.name,
                        "canonical_name": loc.canonical_name,
                        "country": loc.country,
                        "admin1": loc.admin1,
                        "location_precision": loc.precision,
                        "primary": n == 0,
                        "n_articles": len(_article_ids(inc)),
                    },
                }
            )
    return {"type": "FeatureCollection", "features": features}


def _dump_json(data: Any, out: TextIO) -> None:
    out.write(json.dumps(data, indent=2, ensure_ascii=False))
    out.write("\n")


def _write_csv(rows: Iterable[dict[str, Any]], out: TextIO, columns: tuple[str, ...] = CSV_COLUMNS) -> None:
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})


def write_export(store: Store, fmt: str, out: TextIO) -> None:
    """Write the store as `json` (the spec document), `csv` (one row per incident), `geojson`, or `acled` /
    `ucdp` (CSV in those datasets' layouts, one row per incident location).

    Open files with encoding="utf-8" (and newline="" for csv); output is deterministic.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    export = export_model(store)
    if fmt == "json":
        _dump_json(export.to_json_dict(), out)
    elif fmt == "csv":
        _write_csv(to_csv_rows(export), out)
    elif fmt == "acled":
        _write_csv(acled_rows(export), out, ACLED_COLUMNS)
    elif fmt == "ucdp":
        _write_csv(ucdp_rows(export), out, UCDP_COLUMNS)
    else:
        _dump_json(to_geojson(export), out)


__all__ = ["CSV_COLUMNS", "FORMATS", "to_csv_rows", "to_geojson", "write_export"]
