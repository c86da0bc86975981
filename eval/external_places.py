"""Measure place recognition on public labelled data (Halterman 2019, event_location).

For the cleaned gold records (`source == "RELABEL"`): toponym recall (share of LOCATION spans
overlapped by a place mention), place mentions per sentence (a precision proxy), the share of
mentions resolved to coordinates, and how often the place closest to the labelled verb is the
labelled location. The zip is unpacked to a temporary directory at run time; nothing from it is
kept. Exit status 1 when recall is below --min-recall.

    python eval/external_places.py [--data DIR] [--min-recall 0.85] [--show-misses 20]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import zipfile
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "external" / "event_location"


def load_records(data_dir: Path) -> list[dict]:
    """The RELABEL records, read from the zip through a temporary directory."""
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(data_dir / "labeled_text.jsonl.zip") as z:
            names = [n for n in z.namelist() if n.endswith("labeled_text.jsonl") and "__MACOSX" not in n]
            z.extract(names[0], tmp)
            path = Path(tmp) / names[0]
            raw = path.read_text(encoding="utf-8")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        data = [json.loads(line) for line in raw.splitlines() if line.strip()]
    return [r for r in data if r.get("source") == "RELABEL"]


def _spans(rec: dict, label: str) -> list[tuple[int, int]]:
    """Character spans of a label, taken from the token offsets (some char offsets in the data are off)."""
    toks = rec.get("tokens") or []
    out = []
    for s in rec.get("spans", []):
        if s.get("label") != label:
            continue
        if toks and "token_start" in s:
            start, end = toks[s["token_start"]]["start"], toks[s["token_end"]]["end"]
        else:
            start, end = s["start"], s["end"]
        text = rec["text"][start:end]
        lead = len(text) - len(text.lstrip())
        out.append((start + lead, end - (len(text) - len(text.rstrip()))))
    return out


def evaluate(records: list[dict], show_misses: int = 0) -> dict:
    from strikewatch.extract.pipeline import annotate, build_pipeline

    nlp = build_pipeline(until="sw_places")
    n_loc = hit = 0
    n_mentions = n_resolved = 0
    verb_total = verb_hit = 0
    misses: list[str] = []
    t0 = time.perf_counter()
    for rec in records:
        text = rec["text"]
        places = annotate(text, nlp=nlp)._.sw.places
        n_mentions += len(places)
        n_resolved += sum(1 for p in places if p.location and p.location.lat is not None)
        locs = _spans(rec, "LOCATION")
        for s, e in locs:
            n_loc += 1
            if any(p.start < e and s < p.end for p in places):
                hit += 1
            elif len(misses) < show_misses:
                misses.append(f"{text[s:e]!r} in: {text[max(0, s - 60):e + 40]!r}")
        verbs = _spans(rec, "VERB")
        if locs and verbs and places:
            v = verbs[0][0]
            closest = min(places, key=lambda p: abs(p.start - v))
            verb_total += 1
            if any(closest.start < e and s < closest.end for s, e in locs):
                verb_hit += 1
    seconds = time.perf_counter() - t0
    return {
        "records": len(records),
        "location_spans": n_loc,
        "recall": hit / n_loc if n_loc else 0.0,
        "mentions_per_sentence": n_mentions / len(records) if records else 0.0,
        "resolved_share": n_resolved / n_mentions if n_mentions else 0.0,
        "closest_to_verb_is_labelled": verb_hit / verb_total if verb_total else 0.0,
        "first_is_labelled": None,
        "ms_per_sentence": 1000 * seconds / max(1, len(records)),
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--min-recall", type=float, default=0.0)
    ap.add_argument("--show-misses", type=int, default=0)
    args = ap.parse_args(argv)
    records = load_records(args.data)
    res = evaluate(records, args.show_misses)
    # First place of the sentence equal to the labelled one: recomputed cheaply here.
    from strikewatch.extract.pipeline import annotate, build_pipeline

    nlp = build_pipeline(until="sw_places")
    tot = ok = 0
    for rec in records:
        locs = _spans(rec, "LOCATION")
        places = annotate(rec["text"], nlp=nlp)._.sw.places
        if locs and places:
            tot += 1
            ok += any(places[0].start < e and s < places[0].end for s, e in locs)
    res["first_is_labelled"] = ok / tot if tot else 0.0
    for m in res.pop("misses"):
        print("miss:", m)
    for k, v in res.items():
        print(f"{k}: {v:.3f}" if isinstance(v, float) else f"{k}: {v}")
    if res["recall"] < args.min_recall:
        print(f"FAIL: recall {res['recall']:.3f} < {args.min_recall}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
