"""Location recall of the `sw_places` component on the re3d CENTCOM strike releases.

Recall = share of labelled `Location` entities that a `PlaceMention` overlaps. re3d labels
descriptive locations too ("the northern part of the country", "the camp"); those name no
place a gazetteer could hold, so the headline figure counts the named ones (with a
capitalised word), and the raw figure over all is reported beside it. The data (public
domain, Dstl re3d) lives outside the project in ../shared/external and is only read here.

    python eval/external_re3d_places.py [--data DIR] [--min-recall 0.8] [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "external" / "re3d_centcom"
_NAMED = re.compile(r"\b[A-Z][a-z]")


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(data: Path, show_misses: bool = False) -> dict:
    from strikewatch.extract.pipeline import annotate, build_pipeline

    nlp = build_pipeline(until="sw_places")
    docs = {d["_id"]: d["text"] for d in _read_jsonl(data / "documents.json")}
    gold: dict[str, list[tuple[int, int]]] = {}
    for e in _read_jsonl(data / "entities.json"):
        if e.get("type") == "Location":
            gold.setdefault(e["documentId"], []).append((int(e["begin"]), int(e["end"])))
    found = total = named_found = named_total = 0
    misses: list[str] = []
    for doc_id, text in docs.items():
        spans = [(p.start, p.end) for p in annotate(text, nlp=nlp)._.sw.places]
        for b, e in gold.get(doc_id, []):
            hit = any(s < e and b < t for s, t in spans)
            total += 1
            found += hit
            if _NAMED.search(text[b:e]):
                named_total += 1
                named_found += hit
                if not hit and show_misses:
                    misses.append(text[b:e])
    return {
        "documents": len(docs),
        "location_entities": total,
        "recall_all": round(found / total, 3) if total else None,
        "named_location_entities": named_total,
        "recall_named": round(named_found / named_total, 3) if named_total else None,
        "misses": misses,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--min-recall", type=float, default=None)
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    if not (args.data / "entities.json").exists():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    result = evaluate(args.data, args.show_misses)
    for key, value in result.items():
        if key != "misses":
            print(f"{key:28s} {value}")
    for miss in result["misses"]:
        print(f"  missed: {miss}")
    if args.min_recall is not None and (result["recall_named"] or 0) < args.min_recall:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
