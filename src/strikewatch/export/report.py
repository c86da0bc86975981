"""The comparison as a report: a CSV of every pair and unmatched event, or an HTML page a person reads
(summary table, an inline SVG map of matched and unmatched points, each row linked to our incident page)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from typing import Any, TextIO

from jinja2 import Environment, PackageLoader, select_autoescape

from strikewatch.export.compare import Comparison
from strikewatch.export.layouts import date_span, fatalities_of
from strikewatch.model import Incident

REPORT_COLUMNS = (
    "status",
    "reference_id",
    "reference_line",
    "incident_id",
    "reference_date",
    "our_date",
    "day_diff",
    "km",
    "reference_type",
    "our_type",
    "type_agrees",
    "reference_actor",
    "our_actor",
    "actor_agrees",
    "reference_fatalities",
    "our_fatalities",
    "fatalities_agree",
    "incident_url",
)
MAP_WIDTH, MAP_HEIGHT, MAP_PAD = 900, 460, 20


def incident_url(base_url: str | None, incident_id: str) -> str:
    """The web app's incident page (`strikewatch serve`), when a base URL is given."""
    return f"{base_url.rstrip('/')}/incidents/{incident_id}" if base_url else ""


def _flag(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"


def _our_point(inc: Incident) -> tuple[float, float] | None:
    loc = next((loc for loc in inc.locations if loc.lat is not None), None)
    return (loc.lat, loc.lon) if loc else None  # type: ignore[return-value]


def _our_date(inc: Incident) -> str:
    first, _ = date_span(inc)
    return first.isoformat() if first else ""


def report_rows(result: Comparison, base_url: str | None = None) -> list[dict[str, Any]]:
    """Matched pairs (reference order), then reference events left unmatched, then incidents left unmatched."""
    rows: list[dict[str, Any]] = []
    for m in result.matches:
        ref = m.reference
        rows.append({
            "status": "matched", "reference_id": ref.ref_id, "reference_line": ref.line, "incident_id": m.incident.id,
            "reference_date": ref.first.isoformat(), "our_date": _our_date(m.incident), "day_diff": m.day_diff,
            "km": f"{m.km:.1f}", "reference_type": ref.sub_event_type or "", "our_type": m.incident.event_type,
            "type_agrees": _flag(m.type_agrees), "reference_actor": ref.actor or "", "our_actor": m.our_actor,
            "actor_agrees": _flag(m.actor_agrees), "reference_fatalities": "" if ref.fatalities is None else
            ref.fatalities, "our_fatalities": m.our_fatalities, "fatalities_agree": _flag(m.fatalities_agree),
            "incident_url": incident_url(base_url, m.incident.id),
        })
    for ref in result.reference_only:
        rows.append({
            "status": "reference_only", "reference_id": ref.ref_id, "reference_line": ref.line,
            "reference_date": ref.first.isoformat(), "reference_type": ref.sub_event_type or "",
            "reference_actor": ref.actor or "",
            "reference_fatalities": "" if ref.fatalities is None else ref.fatalities,
        })
    for inc in result.ours_only:
        rows.append({
            "status": "ours_only", "incident_id": inc.id, "our_date": _our_date(inc), "our_type": inc.event_type,
            "our_fatalities": fatalities_of(inc).low, "incident_url": incident_url(base_url, inc.id),
        })
    return rows


def write_report_csv(result: Comparison, out: TextIO, base_url: str | None = None) -> None:
    writer = csv.DictWriter(out, fieldnames=REPORT_COLUMNS, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(report_rows(result, base_url))


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    kind: str  # matched_reference, matched_ours, reference_only, ours_only
    label: str


def map_points(result: Comparison) -> tuple[list[MapPoint], list[tuple[float, float, float, float]]]:
    """Points in SVG coordinates (an equirectangular view fitted to the points) and the lines joining pairs."""
    raw: list[tuple[float, float, str, str]] = []
    for m in result.matches:
        raw.append((m.reference.lat, m.reference.lon, "matched_reference", m.reference.ref_id))
        ours = _our_point(m.incident)
        if ours:
            raw.append((ours[0], ours[1], "matched_ours", m.incident.id))
    raw += [(r.lat, r.lon, "reference_only", r.ref_id) for r in result.reference_only]
    raw += [(p[0], p[1], "ours_only", i.id) for i in result.ours_only if (p := _our_point(i))]
    if not raw:
        return [], []
    lats, lons = [p[0] for p in raw], [p[1] for p in raw]
    span = max(max(lons) - min(lons), (max(lats) - min(lats)) * MAP_WIDTH / MAP_HEIGHT, 0.5)
    scale = (MAP_WIDTH - 2 * MAP_PAD) / span
    cx, cy = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (round(MAP_WIDTH / 2 + (lon - cx) * scale, 1), round(MAP_HEIGHT / 2 - (lat - cy) * scale, 1))

    points = [MapPoint(*xy(lat, lon), kind, label) for lat, lon, kind, label in raw]
    lines = []
    for m in result.matches:
        ours = _our_point(m.incident)
        if ours:
            lines.append((*xy(m.reference.lat, m.reference.lon), *xy(*ours)))
    return points, lines


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("strikewatch.export", "templates"), autoescape=select_autoescape())


def render_report_html(result: Comparison, reference_name: str, days: int, km: float,
                       base_url: str | None = None) -> str:
    """The whole report as one self-contained HTML page (no scripts, no network)."""
    points, lines = map_points(result)
    return _environment().get_template("compare_report.html").render(
        result=result,
        reference_name=reference_name,
        days=days,
        km=km,
        agreement=result.agreement(),
        rows=report_rows(result, base_url),
        points=points,
        lines=lines,
        width=MAP_WIDTH,
        height=MAP_HEIGHT,
    )
