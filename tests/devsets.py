"""Shared by the held-out dev-set tests: run the CLI as a user would (run, then export) on a dev set's
articles and score the export with the shared scorer against its gold."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strikewatch.cli import app

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def score_devset(devset: Path, tmp: Path) -> dict:
    """The scorer's metrics for a fresh run of the pipeline over `devset/articles`."""
    if not SCORER.exists():
        pytest.skip(f"shared scorer not found at {SCORER}")
    runner = CliRunner()
    db, out = tmp / "dev.db", tmp / "dev.json"
    result = runner.invoke(app, ["run", str(devset / "articles"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "json", "--output", str(out)])
    assert result.exit_code == 0, result.output
    proc = subprocess.run(
        [sys.executable, str(SCORER), "--gold", str(devset / "gold.json"), "--pred", str(out), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout)


def check_gold_matches_articles(devset: Path) -> dict:
    """Every article is coded and every incident refers to coded articles and defined regions."""
    gold = json.loads((devset / "gold.json").read_text(encoding="utf-8"))
    files = {p.name for p in (devset / "articles").glob("*.txt")}
    assert files == set(gold["articles"])
    for inc in gold["incidents"]:
        assert set(inc["articles"]) <= files
        assert set(inc["key_regions"]) <= set(inc["regions"]) <= set(gold["regions"])
    return gold
