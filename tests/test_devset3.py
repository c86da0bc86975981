"""Held-out dev set 3: extraction must generalise to outlets, places and phrasings that no rule was written for.

Runs the CLI as a user would (run, then export) on eval/devset3/articles and scores the export with the shared
scorer against eval/devset3/gold.json. The articles were written without reading the extraction or resolution code,
and are deliberately unlike dev set 2 (other incidents, places, outlet styles). The thresholds are a ratchet: raise
them when the pipeline improves, never lower them to let a change through.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devsets import check_gold_matches_articles, score_devset

DEVSET3 = Path(__file__).resolve().parents[1] / "eval" / "devset3"

# Measured 0.523 overall, 2 negatives violated at commit f213235 (eval/devset3/README.md); ratchet = measured - 0.02
# (0.778 and 1 violated at the end of stop 15).
MIN_OVERALL = 0.84
MAX_NEGATIVES_VIOLATED = 1


@pytest.fixture(scope="module")
def metrics(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Score a fresh run of the pipeline over the held-out articles."""
    return score_devset(DEVSET3, tmp_path_factory.mktemp("devset3"))


def test_every_article_of_devset3_is_read_and_coded() -> None:
    gold = check_gold_matches_articles(DEVSET3)
    for neg in gold["not_incidents"]:
        text = (DEVSET3 / "articles" / neg["article"]).read_text(encoding="utf-8").lower()
        assert neg["text"].lower() in text, neg


def test_devset3_overall_does_not_regress(metrics: dict) -> None:
    assert metrics["overall"] >= MIN_OVERALL, metrics


def test_devset3_noise_does_not_grow(metrics: dict) -> None:
    assert metrics["negatives_violated"] <= MAX_NEGATIVES_VIOLATED, metrics
