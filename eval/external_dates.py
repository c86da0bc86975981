"""Temporal recall of the `sw_dates` component on the re3d CENTCOM strike releases.

Recall = share of the labelled `Temporal` entities that a `DateMention` overlaps. The data
(public domain, Dstl re3d) lives outside the project in ../shared/external and is only read
here, to measure how well the date rules carry over to official strike statements.

    python eval/external_dates.py [--data DIR] [--min-recall 0.8] [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "external" / "re3d_centcom"


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(data: Path, show_misses: bool = False) -> dict:
    """Recall of Temporal entities, mention counts and timing over every document."""
    from strikewatch.extract.dates import find_dates
    from strikewatch.extract.pipeline import annotate, build_pipeline

    nlp = build_pipeline(until="sw_dates")
    docs = {d["_id"]: d["text"] for d in _read_jsonl(data / "documents.json")}
    gold: dict[str, list[tuple[int, int]]] = {}
    for e in _read_jsonl(data / "entities.json"):
        if e.get("type") == "Temporal":
            gold.setdefault(e["documentId"], []).append((int(e["begin"]), int(e["end"])))
    found = total = mentions = unmatched = words = 0
    misses: list[str] = []
    elapsed = 0.0
    for doc_id, text in docs.items():
        doc = annotate(text, nlp=nlp)
        skip = doc._.sw.in_noise if doc._.sw.noise else None
        t0 = time.perf_counter()
        find_dates(text, doc._.sw.published, skip=skip)  # the component's own work, timed alone
        elapsed += time.perf_counter() - t0
        words += len(text.split())
        spans = [(d.start, d.end) for d in doc._.sw.dates]
        mentions += len(spans)
        entities = gold.get(doc_id, [])
        for b, e in entities:
            total += 1
            if any(s < e and b < t for s, t in spans):
                found += 1
            elif show_misses:
                misses.append(text[b:e])
        unmatched += sum(1 for s, t in spans if not any(s < e and b < t for b, e in entities))
    return {
        "documents": len(docs),
        "temporal_entities": total,
        "found": found,
        "recall": found / total if total else 0.0,
        "date_mentions": mentions,
        "mentions_without_temporal_label": unmatched,
        "dates_ms_per_doc": 1000 * elapsed / max(1, len(docs)),
        "words_per_doc": words / max(1, len(docs)),
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--min-recall", type=float, default=0.0)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    if not (args.data / "entities.json").exists():
        print(f"no re3d data at {args.data}", file=sys.stderr)
        return 2
    r = evaluate(args.data, show_misses=args.show_misses)
    print(f"documents: {r['documents']}")
    print(f"temporal recall: {r['recall']:.3f} ({r['found']}/{r['temporal_entities']})")
    print(f"date mentions: {r['date_mentions']} ({r['mentions_without_temporal_label']} on no Temporal label)")
    print(f"sw_dates time: {r['dates_ms_per_doc']:.3f} ms per document ({r['words_per_doc']:.0f} words on average)")
    for miss in r["misses"]:
        print(f"  missed: {miss!r}")
    if r["recall"] < args.min_recall:
        print(f"FAIL: recall below {args.min_recall}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
