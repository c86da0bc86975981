"""Incident filters shared by the API and the pages, plus the map and timeline summaries.

The store does the filtering (`query_incidents`); this module validates user input once, so the API
answers 422 for bad filters and the pages show the same message instead of a stack trace.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from strikewatch.model import AttributionStatus, EventType, Incident
from strikewatch.store.base import Store

MAX_Q = 200
MAX_NAME = 100
# The map and timeline summarise at most this many incidents.
SUMMARY_CAP = 50_000


class Filters(BaseModel):
    """The incident filters, as query parameters of both the API and the index page."""

    model_config = ConfigDict(extra="ignore")

    start: dt.date | None = Field(None, description="earliest incident date (ISO, inclusive)")
    end: dt.date | None = Field(None, description="latest incident date (ISO, inclusive)")
    bbox: str | None = Field(
        None, max_length=200, description="minlon,minlat,maxlon,maxlat (WGS84)", examples=["35.5,32,42.5,37.5"]
    )
    country: str | None = Field(None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2")
    admin1: str | None = Field(None, max_length=MAX_NAME, description="first-level division, e.g. Deir ez-Zor")
    event_type: EventType | None = None
    perpetrator: str | None = Field(None, max_length=MAX_NAME, description="actor id, e.g. US, IL, irgc")
    status: AttributionStatus | None = None
    q: str | None = Field(None, max_length=MAX_Q, description="free text")

    @model_validator(mode="before")
    @classmethod
    def _blank_is_none(cls, data: Any) -> Any:
        """HTML forms send empty fields as empty strings: treat them as absent."""
        if isinstance(data, dict):
            return {k: (None if isinstance(v, str) and not v.strip() else v) for k, v in data.items()}
        return data

    @field_validator("country")
    @classmethod
    def _upper(cls, v: str | None) -> str | None:
        return v.upper() if v else v

    @field_validator("admin1", "perpetrator", "q")
    @classmethod
    def _strip(cls, v: str | None) -> str | None:
        return v.strip() if v else v

    @field_validator("bbox")
    @classmethod
    def _check_bbox(cls, v: str | None) -> str | None:
        if v is None:
            return v
        parse_bbox(v)
        return v

    @model_validator(mode="after")
    def _order(self) -> Filters:
        if self.start and self.end and self.start > self.end:
            raise ValueError("start is after end")
        return self

    def bbox_tuple(self) -> tuple[float, float, float, float] | None:
        return parse_bbox(self.bbox) if self.bbox else None

    def store_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `Store.query_incidents` (dates as ISO strings, bbox as floats)."""
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "bbox": self.bbox_tuple(),
            "country": self.country,
            "admin1": self.admin1,
            "event_type": self.event_type,
            "perpetrator": self.perpetrator,
            "status": self.status,
            "q": self.q,
        }

    def query_string(self, **extra: Any) -> str:
        """The filters (plus `extra`) as a URL query string, for links that keep the current filters."""
        params = {k: v for k, v in self.model_dump(mode="json").items() if v not in (None, "")}
        params.update({k: v for k, v in extra.items() if v is not None})
        return urlencode(params)


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """'minlon,minlat,maxlon,maxlat' -> floats, checked against WGS84 ranges."""
    parts = value.split(",")
    if len(parts) != 4:
        raise ValueError("bbox needs four numbers: minlon,minlat,maxlon,maxlat")
    try:
        minlon, minlat, maxlon, maxlat = (float(p) for p in parts)
    except ValueError as exc:
        raise ValueError("bbox values must be numbers") from exc
    if not all(-180 <= x <= 180 for x in (minlon, maxlon)) or not all(-90 <= y <= 90 for y in (minlat, maxlat)):
        raise ValueError("bbox out of range (lon -180..180, lat -90..90)")
    if minlat > maxlat:
        raise ValueError("bbox minlat must not exceed maxlat (minlon > maxlon crosses the antimeridian)")
    return minlon, minlat, maxlon, maxlat


def query(store: Store, filters: Filters, limit: int, offset: int) -> tuple[list[Incident], int]:
    """One page of matching incidents and the total count."""
    return store.query_incidents(**filters.store_kwargs(), limit=limit, offset=offset)  # type: ignore[attr-defined]


def iter_matching(store: Store, filters: Filters, cap: int = SUMMARY_CAP) -> Iterator[Incident]:
    """Every matching incident (up to `cap`): what the map and the timeline summarise."""
    page, _ = query(store, filters, cap, 0)
    return iter(page)


def primary_point(incident: Incident) -> tuple[float, float, str] | None:
    """(lat, lon, place) of the first location with coordinates."""
    for loc in incident.locations:
        if loc.lat is not None and loc.lon is not None:
            return loc.lat, loc.lon, loc.canonical_name or loc.name
    return None


def map_points(incidents: Iterator[Incident]) -> list[dict[str, Any]]:
    """One point per incident that has coordinates: what the map draws and the tooltip shows."""
    points = []
    for inc in incidents:
        where = primary_point(inc)
        if where is None:
            continue
        lat, lon, place = where
        cr = inc.casualty_range
        points.append(
            {
                "id": inc.id,
                "lat": lat,
                "lon": lon,
                "place": place,
                "event_type": inc.event_type,
                "date": inc.date.value,
                "status": inc.attribution.status,
                "perpetrator": inc.attribution.perpetrator,
                "killed_min": cr.killed_min,
                "killed_max": cr.killed_max,
                "articles": len({m.article_id for m in inc.mentions}),
            }
        )
    return points


def incident_day(incident: Incident) -> dt.date | None:
    """The day an incident happened, when known to the day (precision `day` or earliest == latest)."""
    d = incident.date
    candidates = []
    if d.precision == "day" and d.value:
        candidates.append(d.value)
    if d.earliest and d.earliest == d.latest:
        candidates.append(d.earliest)
    for c in candidates:
        try:
            return dt.date.fromisoformat(c[:10])
        except ValueError:
            continue
    return None


def timeline(incidents: Iterator[Incident]) -> dict[str, Any]:
    """Counts per day (per week past ~4 months, per month past ~3 years), split by attribution status."""
    days: list[tuple[dt.date, str]] = []
    undated = 0
    for inc in incidents:
        day = incident_day(inc)
        if day is None:
            undated += 1
        else:
            days.append((day, inc.attribution.status))
    if not days:
        return {"bucket": "day", "bins": [], "undated": undated}
    first, last = min(d for d, _ in days), max(d for d, _ in days)
    span = (last - first).days
    bucket = "day" if span <= 120 else "week" if span <= 3 * 366 else "month"

    def key(day: dt.date) -> dt.date:
        if bucket == "week":
            return day - dt.timedelta(days=day.weekday())
        if bucket == "month":
            return day.replace(day=1)
        return day

    counts: dict[dt.date, Counter[str]] = defaultdict(Counter)
    for day, status in days:
        counts[key(day)][status] += 1
    # Emit every bin in the span (empty ones too) so the axis is linear in time.
    bins = []
    cur = key(first)
    while cur <= last:
        nxt = _next(cur, bucket)
        bins.append({"start": cur.isoformat(), "end": (nxt - dt.timedelta(days=1)).isoformat(), **_row(counts, cur)})
        cur = nxt
    return {"bucket": bucket, "bins": bins, "undated": undated}


def _row(counts: dict[dt.date, Counter[str]], key: dt.date) -> dict[str, Any]:
    c = counts.get(key, Counter())
    return {"total": sum(c.values()), "counts": dict(c)}


def _next(day: dt.date, bucket: str) -> dt.date:
    if bucket == "day":
        return day + dt.timedelta(days=1)
    if bucket == "week":
        return day + dt.timedelta(days=7)
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
