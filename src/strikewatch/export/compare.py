"""Compare our incidents with a reference dataset's CSV (ACLED or UCDP GED layout, told apart by its header).

Reference events are matched one-to-one to incidents, best pair first: the dates within `days` of each other,
a place of the incident within `km` of the event (three times that for an event coded only to a province or
district), the types compatible. Agreement is then counted on date, place, type, perpetrator and fatalities."""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from strikewatch.export.acled import acled_actor1
from strikewatch.export.layouts import date_span, fatalities_of, layouts, ucdp_side_a_name
from strikewatch.model import Incident

REQUIRED = {
    "acled": ("event_id_cnty", "event_date", "sub_event_type", "latitude", "longitude"),
    "ucdp": ("id", "date_start", "latitude", "longitude"),
}
# Reference events coded to a district or province: their point is that area's centre.
COARSE = {"acled": ("geo_precision", 3), "ucdp": ("where_prec", 3)}
COARSE_FACTOR = 3
# How far apart a pair may be: further than the place-agreement radius, so that a place off by 40 km still pairs with
# its event (and counts as a place disagreement) rather than leaving both sides unmatched.
PAIRING_FACTOR = 3
# Days a date may be off and still agree. UCDP GED dates an event from bulletins that say "yesterday" and "last
# night", and counts a day either side as its date; ACLED codes the day itself. Pairs may be this much further
# apart than `days`, so that a date off by more still pairs and counts as a date disagreement.
DATE_TOLERANCE = {"acled": 0, "ucdp": 1}
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%m/%d/%Y")
UNIDENTIFIED = re.compile(r"^(unidentified|unknown)", re.I)


class ReferenceFileError(ValueError):
    """A reference CSV that cannot be read; the message names the line."""


@dataclass(frozen=True)
class ReferenceEvent:
    """One row of the reference file, in the terms both layouts share."""

    ref_id: str
    line: int
    first: date
    last: date
    lat: float
    lon: float
    coarse: bool
    sub_event_type: str | None  # ACLED's; None for UCDP (GED has no strike kinds)
    actor: str | None
    fatalities: int | None
    place: str
    admin1: str

    @property
    def in_scope(self) -> bool:
        """Strike-like events (the ones we extract); an ACLED protest row is listed, never matched."""
        return self.sub_event_type is None or self.sub_event_type in _our_types_by_sub_event()


@dataclass(frozen=True)
class Match:
    reference: ReferenceEvent
    incident: Incident
    day_diff: int
    km: float
    date_agrees: bool
    place_agrees: bool
    admin1_agrees: bool | None
    type_agrees: bool | None
    actor_agrees: bool | None
    our_actor: str
    our_fatalities: int
    fatalities_agree: bool | None


@dataclass
class Comparison:
    layout: str
    references: list[ReferenceEvent]
    matches: list[Match] = field(default_factory=list)
    reference_only: list[ReferenceEvent] = field(default_factory=list)
    ours_only: list[Incident] = field(default_factory=list)
    out_of_scope: list[ReferenceEvent] = field(default_factory=list)

    @property
    def in_scope(self) -> int:
        return len(self.references) - len(self.out_of_scope)

    def agreement(self) -> list[tuple[str, int, int, int]]:
        """(measure, agreeing, of those it applies to among matches, reference events in scope) per measure."""
        rows = []
        for name, attr in (
            ("date", "date_agrees"),
            ("place", "place_agrees"),
            ("admin1", "admin1_agrees"),
            ("type", "type_agrees"),
            ("perpetrator", "actor_agrees"),
            ("fatalities", "fatalities_agree"),
        ):
            values = [getattr(m, attr) for m in self.matches if getattr(m, attr) is not None]
            if not values:
                continue
            applies = self.in_scope
            if attr == "actor_agrees":
                applies = sum(1 for r in self.references if r.in_scope and _identified(r.actor))
            elif attr == "admin1_agrees":
                applies = sum(1 for r in self.references if r.in_scope and r.admin1)
            rows.append((name, sum(values), len(values), applies))
        return rows


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(min(1.0, math.sqrt(h)))


def _our_types_by_sub_event() -> dict[str, set[str]]:
    """ACLED sub_event_type -> our event types that it names (the export mapping read backwards)."""
    out: dict[str, set[str]] = {}
    for ours, theirs in layouts()["acled"]["sub_event_type"].items():
        if ours not in ("other", "ground_attack"):
            out.setdefault(theirs, set()).add(ours)
    return out


def _fold(text: str | None) -> str:
    text = re.sub(r"(?i)\b(governorate|province|oblast|region|state|muhafazat)\b", "", text or "")
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())


def _actor_key(name: str | None) -> str:
    """An actor name without its period and unit ("Military Forces of Russia (2000-) Air Force" -> ...russia)."""
    return _fold(re.split(r"\(", name or "", maxsplit=1)[0])


def _identified(actor: str | None) -> bool:
    return bool(actor) and not UNIDENTIFIED.match(actor or "")


def _parse_date(value: str, column: str, line: int) -> date:
    value = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ReferenceFileError(f"line {line}: unparsable date {value!r} in column {column}")


def _parse_float(value: str, column: str, line: int, limit: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ReferenceFileError(f"line {line}: unparsable coordinate {value!r} in column {column}") from None
    if not -limit <= number <= limit:
        raise ReferenceFileError(f"line {line}: coordinate {value!r} in column {column} is out of range")
    return number


def _parse_int(value: str | None, column: str, line: int) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        return int(float(value))
    except ValueError:
        raise ReferenceFileError(f"line {line}: unparsable number {value!r} in column {column}") from None


def detect_layout(header: Iterable[str]) -> str:
    """'acled' or 'ucdp' from the column names; a ReferenceFileError naming the missing columns otherwise."""
    names = set(header)
    if "event_id_cnty" in names or "sub_event_type" in names:
        layout = "acled"
    elif "date_start" in names or "where_prec" in names or "side_a" in names:
        layout = "ucdp"
    else:
        raise ReferenceFileError("line 1: not an ACLED or UCDP GED header (no event_id_cnty, event_date or date_start)")
    missing = [c for c in REQUIRED[layout] if c not in names]
    if missing:
        raise ReferenceFileError(f"line 1: {layout.upper()} file without required column(s) {', '.join(missing)}")
    return layout


def _event(layout: str, row: dict[str, str], line: int) -> ReferenceEvent:
    coarse_col, coarse_from = COARSE[layout]
    precision = _parse_int(row.get(coarse_col), coarse_col, line)
    if layout == "acled":
        first = last = _parse_date(row["event_date"], "event_date", line)
        ref_id, actor, deaths = row["event_id_cnty"], row.get("actor1"), row.get("fatalities")
        sub, place, admin1 = row["sub_event_type"], row.get("location", ""), row.get("admin1", "")
    else:
        first = _parse_date(row["date_start"], "date_start", line)
        last = _parse_date(row["date_end"], "date_end", line) if (row.get("date_end") or "").strip() else first
        ref_id, actor, deaths = row["id"], row.get("side_a"), row.get("best")
        sub, place, admin1 = None, row.get("where_coordinates", ""), row.get("adm_1", "")
    return ReferenceEvent(
        ref_id=ref_id,
        line=line,
        first=first,
        last=max(first, last),
        lat=_parse_float(row["latitude"], "latitude", line, 90),
        lon=_parse_float(row["longitude"], "longitude", line, 180),
        coarse=precision is not None and precision >= coarse_from,
        sub_event_type=sub,
        actor=actor or None,
        fatalities=_parse_int(deaths, "fatalities" if layout == "acled" else "best", line),
        place=place or "",
        admin1=admin1 or "",
    )


def read_reference(path: Path, on_row: Callable[[], None] | None = None) -> tuple[str, list[ReferenceEvent]]:
    """The layout and events of a reference CSV; a ReferenceFileError naming the line on the first bad row."""
    try:
        fh = open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ReferenceFileError(f"cannot read {path}: {exc.strerror}") from exc
    with fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames:
            raise ReferenceFileError("line 1: empty file (no header)")
        layout = detect_layout(reader.fieldnames)
        events = []
        try:
            for row in reader:
                line = reader.line_num
                if None in row or any(v is None for v in row.values()):
                    raise ReferenceFileError(f"line {line}: {len(reader.fieldnames)} columns expected")
                events.append(_event(layout, row, line))
                if on_row is not None:
                    on_row()
        except csv.Error as exc:
            raise ReferenceFileError(f"line {reader.line_num}: {exc}") from exc
    return layout, events


def count_rows(path: Path) -> int:
    """Rows below the header (a cheap count for the progress bar)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return max(0, sum(1 for _ in csv.reader(fh)) - 1)


def _compatible(incident: Incident, ref: ReferenceEvent) -> bool:
    """A ground attack is not a strike; our explosion/other fit any strike kind."""
    return incident.event_type != "ground_attack"


def _type_agrees(incident: Incident, ref: ReferenceEvent) -> bool | None:
    if ref.sub_event_type is None:
        return None
    return incident.event_type in _our_types_by_sub_event().get(ref.sub_event_type, set())


def _our_actor(layout: str, incident: Incident) -> str:
    return acled_actor1(incident) if layout == "acled" else ucdp_side_a_name(incident)


def _match(layout: str, ref: ReferenceEvent, inc: Incident, day_diff: int, km: float, radius: float) -> Match:
    first, _ = date_span(inc)
    deaths = fatalities_of(inc)
    ours = deaths.low if layout == "acled" else deaths.best
    actor = _our_actor(layout, inc)
    located = [loc for loc in inc.locations if loc.lat is not None]
    return Match(
        reference=ref,
        incident=inc,
        day_diff=day_diff,
        km=km,
        date_agrees=(first == ref.first) if layout == "acled" else day_diff <= DATE_TOLERANCE[layout],
        place_agrees=km <= radius,
        admin1_agrees=any(_fold(loc.admin1) and _fold(loc.admin1) in _fold(ref.admin1) or
                          (_fold(ref.admin1) and _fold(ref.admin1) in _fold(loc.admin1) if loc.admin1 else False)
                          for loc in located) if ref.admin1 else None,
        type_agrees=_type_agrees(inc, ref),
        actor_agrees=(_actor_key(actor) == _actor_key(ref.actor)) if _identified(ref.actor) else None,
        our_actor=actor,
        our_fatalities=ours,
        fatalities_agree=None if ref.fatalities is None else ours == ref.fatalities,
    )


def compare(
    layout: str,
    references: list[ReferenceEvent],
    incidents: list[Incident],
    days: int = 1,
    km: float = 25.0,
    on_reference: Callable[[], None] | None = None,
) -> Comparison:
    """Match reference events to incidents one-to-one (closest in days, then in km, first) and count agreement."""
    by_day: dict[date, list[int]] = {}
    for n, inc in enumerate(incidents):
        first, last = date_span(inc)
        if first is None or last is None or not any(loc.lat is not None for loc in inc.locations):
            continue
        for k in range((last - first).days + 1):
            by_day.setdefault(first + timedelta(days=k), []).append(n)
    result = Comparison(layout=layout, references=references)
    pairs: list[tuple[int, float, int, int, float]] = []
    for r, ref in enumerate(references):
        if on_reference is not None:
            on_reference()
        if not ref.in_scope:
            result.out_of_scope.append(ref)
            continue
        radius = km * (COARSE_FACTOR if ref.coarse else 1)
        gate = km * PAIRING_FACTOR
        seen: set[int] = set()
        window = days + DATE_TOLERANCE[layout]
        for k in range(-window, (ref.last - ref.first).days + window + 1):
            for n in by_day.get(ref.first + timedelta(days=k), ()):
                if n in seen or not _compatible(incidents[n], ref):
                    continue
                seen.add(n)
                first, last = date_span(incidents[n])
                gap = max(0, (first - ref.last).days, (ref.first - last).days)  # type: ignore[operator]
                dist = min(km_between(loc.lat, loc.lon, ref.lat, ref.lon)  # type: ignore[arg-type]
                           for loc in incidents[n].locations if loc.lat is not None)
                if dist <= max(gate, radius):
                    pairs.append((gap, dist, r, n, radius))
    pairs.sort(key=lambda p: (p[0], p[1], references[p[2]].ref_id, incidents[p[3]].id))
    used_refs: set[int] = set()
    used_incs: set[int] = set()
    for gap, dist, r, n, radius in pairs:
        if r in used_refs or n in used_incs:
            continue
        used_refs.add(r)
        used_incs.add(n)
        result.matches.append(_match(layout, references[r], incidents[n], gap, dist, radius))
    result.matches.sort(key=lambda m: (m.reference.first, m.reference.ref_id))
    result.reference_only = [ref for r, ref in enumerate(references) if ref.in_scope and r not in used_refs]
    result.ours_only = [inc for n, inc in enumerate(incidents) if n not in used_incs]
    return result
