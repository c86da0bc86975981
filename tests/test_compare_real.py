"""`compare` against the scorers on the real reference sets: run the pipeline on ACLED's notes and UCDP's
headlines, rebuild each gold file as the dataset's CSV, and check that compare's agreement figures are those the
shared scorers give for the same run. The scorers match by article id and count each event's incident however
many events it holds; compare matches one-to-one by date and place, so the like-for-like figure is the share
among the events each side found: compare's "of matched" against the scorer's figure over its `detected`."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.export.compare import compare, read_reference
from strikewatch.store import open_store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ACLED = SHARED / "external" / "acled_2022"
UCDP = SHARED / "external" / "ucdp_ged_syria"
ACLED_GOLD_COLUMNS = ("event_id_cnty", "event_date", "sub_event_type", "actor1", "country", "admin1", "location",
                      "latitude", "longitude", "geo_precision", "fatalities")
UCDP_GOLD_COLUMNS = ("id", "date_start", "date_end", "date_prec", "side_a", "side_b", "where_coordinates",
                     "where_prec", "adm_1", "adm_2", "latitude", "longitude", "best", "low", "high")
TOLERANCE = 0.05

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (ACLED.is_dir() and UCDP.is_dir()), reason="needs ../shared/external"),
]
runner = CliRunner()


def gold_as_csv(gold: Path, columns: tuple[str, ...], out: Path) -> Path:
    """A gold JSON file as the reference dataset's CSV (its own column names, one row an event)."""
    rows = json.loads(gold.read_text(encoding="utf-8"))
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return out


def score(scorer: str, gold: Path, export: Path) -> dict[str, float]:
    """The scorer's figures, by name."""
    text = subprocess.run([sys.executable, str(SHARED / "eval" / scorer), str(gold), str(export)], check=True,
                          capture_output=True, text=True).stdout
    return {m[1]: float(m[2]) for m in re.finditer(r"^(\w+):?\s+([0-9.]+)", text, re.M)}


def run_and_compare(tmp: Path, notes: Path, gold: Path, columns: tuple[str, ...], scorer: str):  # noqa: ANN201
    db = tmp / "run.db"
    result = runner.invoke(app, ["run", str(notes), "--db", str(db)])
    assert result.exit_code == 0, result.output
    export = tmp / "export.json"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "json", "--output", str(export)])
    assert result.exit_code == 0, result.output
    figures = score(scorer, gold, export)
    reference = gold_as_csv(gold, columns, tmp / "reference.csv")
    store = open_store(str(db))
    incidents = list(store.iter_incidents())
    store.close()
    layout, events = read_reference(reference)
    comparison = compare(layout, events, incidents)
    ours = {name: (agree / matched, agree / total) for name, agree, matched, total in comparison.agreement()}
    return figures, ours, comparison


def side_by_side(
    title: str, comparison, ours: dict, figures: dict[str, float], names: dict[str, str]  # noqa: ANN001
) -> dict[str, tuple[str, float, float, float]]:
    """Compare's measure beside the scorer's (named in `names`), printed; name -> (scorer's name, compare of matched,
    compare of reference, scorer over detected)."""
    detected = figures["detected"]
    print(f"\n{title} ({len(comparison.matches)} matched; scorer detected {detected:.3f}): measure, "
          "compare (of matched / of reference), scorer (raw / over detected)")
    pairs = {}
    for name, scorer_name in names.items():
        pairs[name] = (scorer_name, *ours[name], figures[scorer_name] / detected)
        print(f"  {name:11s} compare {ours[name][0]:.3f} / {ours[name][1]:.3f}   {scorer_name} "
              f"{figures[scorer_name]:.3f} / {figures[scorer_name] / detected:.3f}")
    return pairs


def test_acled_compare_agrees_with_acled_score(tmp_path: Path) -> None:
    figures, ours, comparison = run_and_compare(tmp_path, ACLED / "acled_notes.jsonl", ACLED / "acled_gold.json",
                                                ACLED_GOLD_COLUMNS, "acled_score.py")
    pairs = side_by_side("ACLED", comparison, ours, figures,
                         {"date": "date_accuracy", "type": "type_accuracy", "fatalities": "fatalities_exact"})
    assert len(comparison.out_of_scope) == 600  # the protest and riot rows are listed, never matched
    for name, (_, matched, _, scorer) in pairs.items():
        assert abs(matched - scorer) <= TOLERANCE, (name, matched, scorer)


def test_ucdp_compare_agrees_with_ucdp_score(tmp_path: Path) -> None:
    """Of date, type and fatalities, ucdp_score.py scores only the date (UCDP has no event types, and a headline's
    toll is a bulletin's); admin1 and place are printed beside it. They differ by design: compare pairs only
    incidents with a point near the event, the scorer also counts detected events placed nowhere."""
    figures, ours, comparison = run_and_compare(tmp_path, UCDP / "ucdp_strikes.jsonl", UCDP / "ucdp_gold.json",
                                                UCDP_GOLD_COLUMNS, "ucdp_score.py")
    pairs = side_by_side("UCDP", comparison, ours, figures, {"date": "date", "admin1": "admin1", "place": "place25"})
    _, matched, _, scorer = pairs["date"]
    assert abs(matched - scorer) <= TOLERANCE, ("date", matched, scorer)
