"""Held-out dev set 2: extraction must keep generalising to articles written without looking at the rules.

Runs the CLI as a user would (run, then export) on eval/devset2/articles and scores the export with the shared
scorer against eval/devset2/gold.json. The thresholds are a ratchet: raise them when the pipeline improves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devsets import check_gold_matches_articles, score_devset

DEVSET2 = Path(__file__).resolve().parents[1] / "eval" / "devset2"

# Measured 0.616 overall, 7 negatives violated at commit 28a3f86 (eval/devset2/README.md); ratchet = measured - 0.02
# (0.963 and 1 violated at the end of stop 15).
MIN_OVERALL = 0.95
MAX_NEGATIVES_VIOLATED = 1


@pytest.fixture(scope="module")
def metrics(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Score a fresh run of the pipeline over the held-out articles."""
    return score_devset(DEVSET2, tmp_path_factory.mktemp("devset2"))


def test_every_article_of_devset2_is_read_and_coded() -> None:
    gold = check_gold_matches_articles(DEVSET2)
    assert gold["incidents"]


def test_devset2_overall_does_not_regress(metrics: dict) -> None:
    assert metrics["overall"] >= MIN_OVERALL, metrics


def test_devset2_noise_does_not_grow(metrics: dict) -> None:
    assert metrics["negatives_violated"] <= MAX_NEGATIVES_VIOLATED, metrics
