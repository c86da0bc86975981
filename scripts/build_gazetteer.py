#!/usr/bin/env python3
"""Derive the packaged regional gazetteer from Who's On First.

Reads the Who's On First TSVs of the conflict countries (default `../shared/external/wof/*.tsv.gz`) and writes
`src/strikewatch/data/gazetteer/wof.tsv.gz`: current regions, counties, localities, neighbourhoods and sites
with their point, GeoNames id, admin refs and Latin / Arabic-script names only (facts: names and coordinates).
Who's On First is CC0, with properties from GeoNames under CC BY 4.0: see the README's "Data sources".

    .venv/bin/python scripts/build_gazetteer.py [WOF_TSV ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from strikewatch.geo.sources import read_wof, write_rows  # noqa: E402

OUT = ROOT / "src" / "strikewatch" / "data" / "gazetteer" / "wof.tsv.gz"


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or sorted((ROOT.parent / "shared" / "external" / "wof").glob("*.tsv.gz"))
    if not paths:
        print("no Who's On First TSVs given or found in ../shared/external/wof", file=sys.stderr)
        return 1
    rows = []
    for p in paths:
        got = read_wof(p)
        print(f"{p.name}: {len(got)} places", file=sys.stderr)
        rows.extend(got)
    rows.sort(key=lambda r: (r.country, r.placetype != "region", r.placetype != "county", r.ref))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    write_rows(OUT, rows)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} places, {OUT.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
