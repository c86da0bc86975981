"""Place records from open gazetteer files, in one compact row format.

Three readers turn what teams have at hand into `PlaceRow`s:
- a Who's On First TSV (the columns of `wof2tsv.py`: id, name, alternatenames, latitude, longitude, placetype,
  parent_id, belongsto, is_current, country, deprecated, superseded_by, geonames_id, ...);
- a GeoNames country dump (`SY.txt` or `SY.zip`, the 19 tab-separated columns GeoNames publishes);
- our own compact TSV (`write_rows` / `read_rows`), which is what the package ships and what `gazetteer import`
  installs.

Rows keep facts only: names (Latin and Arabic script), a point, the place type, the GeoNames id when known and
references to the rows of the admin divisions the place lies in, so the gazetteer can join them to its own.
Every reader checks its input line by line and raises `GazetteerFileError` naming the file and line, so a
malformed file is rejected whole.
"""

from __future__ import annotations

import gzip
import io
import math
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from strikewatch.geo.cyrillic import romanisations, romanising_countries
from strikewatch.geo.names import is_arabic, is_latin

# The place types a row may have, and what each becomes in the gazetteer.
PLACE_TYPES = ("region", "county", "locality", "neighbourhood", "site")
COMPACT_HEADER = (
    "ref", "geonames_id", "country", "placetype", "lat", "lon", "admin1_ref", "admin2_ref", "name", "names"
)
WOF_REQUIRED = ("id", "name", "alternatenames", "latitude", "longitude", "placetype", "country", "geonames_id")
_WOF_TYPES = {
    "region": "region",
    "county": "county",
    "localadmin": "county",
    "locality": "locality",
    "neighbourhood": "neighbourhood",
    "microhood": "neighbourhood",
    "campus": "site",
}
# GeoNames feature codes kept: admin divisions, populated places and the sites strikes are reported at.
_GN_ADMIN = {"ADM1": "region", "ADM2": "county"}
_GN_SITES = frozenset({"AIRB", "AIRF", "AIRP", "MILB", "INSM", "CMP", "DAM", "PRT", "RFY", "OILF", "GASF", "BDG"})
_GN_NEIGHBOURHOOD = frozenset({"PPLX", "SECT"})
GEONAMES_COLUMNS = 19


class GazetteerFileError(ValueError):
    """A gazetteer file that cannot be read; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class PlaceRow:
    """One place of a gazetteer file. `ref` is "source:id" ("wof:1125778135", "geonames:167565")."""

    ref: str
    geonames_id: int
    country: str
    placetype: str
    lat: float
    lon: float
    admin1_ref: str
    admin2_ref: str
    name: str
    names: tuple[str, ...]


def kept_names(name: str, alternates: Iterable[str], country: str = "") -> tuple[str, ...]:
    """The alternate names worth indexing: Latin or Arabic script, not the name itself, each once.

    In a country that writes its names in Cyrillic, each Cyrillic alternate adds its Latin spellings
    (`geo.cyrillic`): reports romanise Ukrainian names by other systems than the gazetteer's own.
    """
    romanise = country in romanising_countries()
    seen = {name.casefold()}
    out: list[str] = []
    for raw in alternates:
        raw = raw.strip()
        spellings = romanisations(raw) if romanise else ()
        for n in (raw, *spellings):
            if not n or n.casefold() in seen or not (is_latin(n) or is_arabic(n)):
                continue
            seen.add(n.casefold())
            out.append(n)
    return tuple(out)


def _point(lat_s: str, lon_s: str, where: str) -> tuple[float, float]:
    try:
        lat, lon = float(lat_s), float(lon_s)
    except ValueError:
        raise GazetteerFileError(f"{where}: latitude/longitude {lat_s!r}, {lon_s!r} are not numbers") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
        raise GazetteerFileError(f"{where}: latitude/longitude {lat}, {lon} are out of range")
    return lat, lon


def _open_text(path: Path) -> io.TextIOBase:
    """A text stream over a plain, gzipped or zipped file (a zip holds one .txt/.tsv member)."""
    try:
        if path.suffix == ".gz":
            return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
        if path.suffix == ".zip":
            z = zipfile.ZipFile(path)
            members = [m for m in z.namelist() if m.endswith((".txt", ".tsv")) and "readme" not in m.lower()]
            if len(members) != 1:
                found = members or "none"
                raise GazetteerFileError(f"{path}: expected one .txt or .tsv file in the zip, found {found}")
            return io.TextIOWrapper(z.open(members[0]), encoding="utf-8", newline="")
        return path.open(encoding="utf-8", newline="")
    except (OSError, zipfile.BadZipFile, gzip.BadGzipFile) as e:
        raise GazetteerFileError(f"{path}: cannot be opened ({e})") from None


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """Numbered lines without their line end; decoding errors become a GazetteerFileError."""
    with _open_text(path) as f:
        n = 0
        try:
            for n, line in enumerate(f, 1):  # noqa: B007 - n is read after a decoding error
                yield n, line.rstrip("\r\n")
        except (UnicodeDecodeError, OSError, EOFError, gzip.BadGzipFile, zipfile.BadZipFile) as e:
            raise GazetteerFileError(f"{path}, line {n + 1}: not readable text ({e})") from None


def sniff_format(path: Path) -> str:
    """'wof', 'compact' or 'geonames' from a file's first line."""
    for _, line in _lines(path):
        cols = line.split("\t")
        if tuple(cols[: len(COMPACT_HEADER)]) == COMPACT_HEADER:
            return "compact"
        if all(c in cols for c in WOF_REQUIRED):
            return "wof"
        if len(cols) == GEONAMES_COLUMNS and cols[0].isdigit():
            return "geonames"
        raise GazetteerFileError(
            f"{path}, line 1: neither a GeoNames dump (19 tab-separated columns, the first a geonameid) "
            f"nor a Who's On First TSV (a header with {', '.join(WOF_REQUIRED)})"
        )
    raise GazetteerFileError(f"{path}: the file is empty")


def read_places(path: Path) -> list[PlaceRow]:
    """Every kept place of a WOF TSV, a GeoNames dump or a compact file (format from its first line)."""
    path = Path(path)
    fmt = sniff_format(path)
    if fmt == "wof":
        return read_wof(path)
    if fmt == "geonames":
        return read_geonames(path)
    return read_rows(path)


def read_wof(path: Path) -> list[PlaceRow]:
    """Current places of a Who's On First TSV, with their region (admin1) and county (admin2) refs.

    Deprecated and superseded rows are dropped, and so are places a newer row marks as not current.
    """
    rows: list[PlaceRow] = []
    header: list[str] | None = None
    for n, line in _lines(path):
        cols = line.split("\t")
        if header is None:
            header = cols
            missing = [c for c in WOF_REQUIRED if c not in header]
            if missing:
                raise GazetteerFileError(f"{path}, line 1: the header lacks {', '.join(missing)}")
            continue
        if not line.strip():
            continue
        if len(cols) != len(header):
            raise GazetteerFileError(f"{path}, line {n}: {len(cols)} columns where the header has {len(header)}")
        row = dict(zip(header, cols, strict=True))
        get = row.get
        ptype = _WOF_TYPES.get(row["placetype"])
        if ptype is None or get("deprecated") or get("superseded_by") or get("is_current") == "0":
            continue
        name = row["name"].strip()
        country = row["country"].strip().upper()
        if not name or len(country) != 2:
            continue
        lat, lon = _point(row["latitude"], row["longitude"], f"{path}, line {n}")
        gid = row["geonames_id"].strip()
        if gid and not gid.lstrip("-").isdigit():
            raise GazetteerFileError(f"{path}, line {n}: geonames_id {gid!r} is not a number")
        rows.append(
            PlaceRow(
                ref=f"wof:{row['id']}",
                geonames_id=max(0, int(gid or 0)),
                country=country,
                placetype=ptype,
                lat=lat,
                lon=lon,
                admin1_ref="",
                admin2_ref="",
                name=name,
                names=kept_names(name, row["alternatenames"].split("|"), country),
            )
        )
        rows[-1] = _with_parents(rows[-1], get("belongsto", ""), get("parent_id", ""))
    if header is None:
        raise GazetteerFileError(f"{path}: the file is empty")
    return _resolve_wof_parents(rows)


def _with_parents(row: PlaceRow, belongsto: str, parent_id: str) -> PlaceRow:
    # The ancestors' ids, resolved to region / county once every row is read.
    ids = tuple(x for x in (belongsto.split(",") if belongsto else []) + [parent_id] if x and x != "-1")
    return PlaceRow(row.ref, row.geonames_id, row.country, row.placetype, row.lat, row.lon,
                    "|".join(ids), "", row.name, row.names)


def _resolve_wof_parents(rows: list[PlaceRow]) -> list[PlaceRow]:
    types = {r.ref: r.placetype for r in rows}
    out = []
    for r in rows:
        anc = [f"wof:{x}" for x in r.admin1_ref.split("|") if x]
        a1 = next((a for a in anc if types.get(a) == "region"), "")
        a2 = next((a for a in anc if types.get(a) == "county"), "") if r.placetype != "region" else ""
        if r.placetype == "region":
            a1 = ""
        out.append(PlaceRow(r.ref, r.geonames_id, r.country, r.placetype, r.lat, r.lon, a1, a2, r.name, r.names))
    return out


def read_geonames(path: Path) -> list[PlaceRow]:
    """Admin divisions, populated places and strike-relevant sites of a GeoNames dump.

    A place's admin1/admin2 refs point at the ADM1/ADM2 rows of the same dump with its codes.
    """
    raw: list[tuple[int, list[str]]] = []
    for n, line in _lines(path):
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) != GEONAMES_COLUMNS:
            raise GazetteerFileError(f"{path}, line {n}: {len(cols)} columns, a GeoNames dump has {GEONAMES_COLUMNS}")
        if not cols[0].isdigit():
            raise GazetteerFileError(f"{path}, line {n}: geonameid {cols[0]!r} is not a number")
        _point(cols[4], cols[5], f"{path}, line {n}")
        raw.append((n, cols))
    if not raw:
        raise GazetteerFileError(f"{path}: the file is empty")
    adm1 = {(c[8], c[10]): f"geonames:{c[0]}" for _, c in raw if c[7] == "ADM1"}
    adm2 = {(c[8], c[10], c[11]): f"geonames:{c[0]}" for _, c in raw if c[7] == "ADM2"}
    rows = []
    for _, c in raw:
        cls, code = c[6], c[7]
        if code in _GN_ADMIN:
            ptype = _GN_ADMIN[code]
        elif cls == "P":
            ptype = "neighbourhood" if code in _GN_NEIGHBOURHOOD else "locality"
        elif cls == "S" and code in _GN_SITES:
            ptype = "site"
        else:
            continue
        name = c[1].strip()
        country = c[8].strip().upper()
        if not name or len(country) != 2:
            continue
        a1 = adm1.get((c[8], c[10]), "") if ptype != "region" else ""
        a2 = adm2.get((c[8], c[10], c[11]), "") if ptype not in ("region", "county") else ""
        rows.append(
            PlaceRow(
                ref=f"geonames:{c[0]}",
                geonames_id=int(c[0]),
                country=country,
                placetype=ptype,
                lat=float(c[4]),
                lon=float(c[5]),
                admin1_ref=a1,
                admin2_ref=a2,
                name=name,
                names=kept_names(name, [c[2], *c[3].split(",")], country),
            )
        )
    return rows


def write_rows(path: Path, rows: Iterable[PlaceRow]) -> None:
    """Write rows as our compact TSV (gzipped when the name ends in .gz, reproducibly: no timestamp)."""
    path = Path(path)
    lines = ["\t".join(COMPACT_HEADER)]
    for r in rows:
        cols = (r.ref, str(r.geonames_id or ""), r.country, r.placetype, f"{r.lat:.5f}", f"{r.lon:.5f}",
                r.admin1_ref, r.admin2_ref, _clean(r.name), "|".join(_clean(n) for n in r.names))
        lines.append("\t".join(cols))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if path.suffix == ".gz":
        data = gzip.compress(data, compresslevel=9, mtime=0)
    path.write_bytes(data)


def _clean(s: str) -> str:
    return s.replace("\t", " ").replace("\n", " ").replace("|", "/")


def read_rows(path: Path) -> list[PlaceRow]:
    """Rows of a compact TSV written by `write_rows`."""
    rows: list[PlaceRow] = []
    first = True
    for n, line in _lines(Path(path)):
        cols = line.split("\t")
        if first:
            if tuple(cols) != COMPACT_HEADER:
                raise GazetteerFileError(f"{path}, line 1: not a strikewatch gazetteer file")
            first = False
            continue
        if not line:
            continue
        if len(cols) != len(COMPACT_HEADER) or cols[3] not in PLACE_TYPES:
            raise GazetteerFileError(f"{path}, line {n}: not a strikewatch gazetteer row")
        lat, lon = _point(cols[4], cols[5], f"{path}, line {n}")
        rows.append(PlaceRow(cols[0], int(cols[1] or 0), cols[2], cols[3], lat, lon, cols[6], cols[7], cols[8],
                             tuple(x for x in cols[9].split("|") if x)))
    if first:
        raise GazetteerFileError(f"{path}: the file is empty")
    return rows
