#!/usr/bin/env python3
"""CI ratchet on real labelled data: run strikewatch on ACLED's and UCDP's public coding (../shared/external),
score each export with the shared scorers and fail when a figure falls past its floor (or a rate past its
ceiling) in .ci/real-data-min.json. Raise the figures there when the pipeline improves; never lower them.

    python3 .ci/real_data.py [--strikewatch .venv/bin/strikewatch]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SETS = {
    "acled": (SHARED / "external/acled_2022/acled_notes.jsonl", SHARED / "eval/acled_score.py",
              SHARED / "external/acled_2022/acled_gold.json"),
    "ucdp": (SHARED / "external/ucdp_ged_syria/ucdp_strikes.jsonl", SHARED / "eval/ucdp_score.py",
             SHARED / "external/ucdp_ged_syria/ucdp_gold.json"),
}
_METRIC = re.compile(r"^([a-z_0-9]+):?\s+([0-9.]+)\b")


def score(name: str, cli: str, tmp: Path) -> dict[str, float]:
    notes, scorer, gold = SETS[name]
    db, out = tmp / f"{name}.db", tmp / f"{name}.json"
    subprocess.run([cli, "run", str(notes), "--db", str(db)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([cli, "export", "--db", str(db), "--format", "json", "--output", str(out)], check=True)
    text = subprocess.run([sys.executable, str(scorer), str(gold), str(out)], check=True, capture_output=True,
                          text=True).stdout
    print(f"== {name}\n{text}", end="")
    return {m.group(1): float(m.group(2)) for line in text.splitlines() if (m := _METRIC.match(line.strip()))}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--strikewatch", default=str(ROOT / ".venv/bin/strikewatch"))
    args = ap.parse_args()
    limits = json.loads((ROOT / ".ci/real-data-min.json").read_text())
    failed = []
    with tempfile.TemporaryDirectory() as d:
        for name, bounds in limits.items():
            if name == "about":
                continue
            got = score(name, args.strikewatch, Path(d))
            for metric, floor in bounds.get("min", {}).items():
                if got.get(metric, -1.0) < floor:
                    failed.append(f"{name} {metric} {got.get(metric)} < {floor}")
            for metric, ceiling in bounds.get("max", {}).items():
                if got.get(metric, 2.0) > ceiling:
                    failed.append(f"{name} {metric} {got.get(metric)} > {ceiling}")
    for f in failed:
        print(f"real-data ratchet: {f}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
