"""`strikewatch gazetteer import`: a team's own gazetteer files, installed beside the packaged one.

Each imported file (a GeoNames country dump or a Who's On First TSV, see `geo.sources`) is read whole and
checked first; only when every file given is good are they written, each atomically, as compact files into
the gazetteer folder (`$STRIKEWATCH_GAZETTEER_DIR`, else `$XDG_DATA_HOME/strikewatch/gazetteer`, else
`~/.local/share/strikewatch/gazetteer`). So a malformed dump leaves the installed gazetteer as it was. The
next load rebuilds the gazetteer with them (their contents are part of its cache key).
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from strikewatch.geo.sources import PlaceRow, read_places, write_rows


def gazetteer_dir() -> Path:
    env = os.environ.get("STRIKEWATCH_GAZETTEER_DIR")
    if env:
        return Path(env)
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "strikewatch" / "gazetteer"


def installed_files() -> list[Path]:
    """The imported files, oldest name first (a later import of the same file replaces it)."""
    d = gazetteer_dir()
    return sorted(d.glob("*.tsv.gz")) if d.is_dir() else []


@dataclass(frozen=True)
class Imported:
    source: Path
    installed: Path
    places: int
    by_type: dict[str, int]
    countries: tuple[str, ...]


def import_files(paths: list[Path]) -> list[Imported]:
    """Read and check every file, then install them all; raises `GazetteerFileError` before writing anything."""
    read: list[tuple[Path, list[PlaceRow]]] = [(Path(p), read_places(Path(p))) for p in paths]
    d = gazetteer_dir()
    d.mkdir(parents=True, exist_ok=True)
    out = []
    for src, rows in read:
        stem = src.name.split(".")[0] or "places"
        digest = hashlib.sha256(src.resolve().as_posix().encode()).hexdigest()[:8]
        dest = d / f"{stem}-{digest}.tsv.gz"
        tmp = dest.with_name(f".tmp{os.getpid()}-{dest.name}")  # ends in .gz, so it is written gzipped
        write_rows(tmp, rows)
        tmp.replace(dest)
        out.append(Imported(src, dest, len(rows), dict(Counter(r.placetype for r in rows)),
                            tuple(sorted({r.country for r in rows}))))
    from strikewatch.geo.gazetteer import forget_gazetteer

    forget_gazetteer()
    return out
