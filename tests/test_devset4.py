"""Held-out dev set 4: real strikes in other theatres (Turkey in Syria and Iraq, Idlib, the Red Sea and Yemen,
Israel and Hezbollah, Kharkiv and Belgorod, Myanmar), each told by several reports in different styles, several
undated; gold coded blind (eval/devset4/README.md). The thresholds are a ratchet: raise them when the pipeline
improves, never lower them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devsets import check_gold_matches_articles, score_devset

DEVSET4 = Path(__file__).resolve().parents[1] / "eval" / "devset4"

# First measured 0.628 overall, grouping 0.914, 14 negatives violated at commit 913d0cb (before any tuning);
# the ratchet holds what the pipeline gives now less ~0.01-0.02 (measured 0.777, grouping 0.880, 8 violated at the
# end of stop 21): grouping is issue #16 work.
MIN_OVERALL = 0.76
MIN_GROUPING = 0.87
MAX_NEGATIVES_VIOLATED = 8


@pytest.fixture(scope="module")
def metrics(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return score_devset(DEVSET4, tmp_path_factory.mktemp("devset4"))


def test_every_article_of_devset4_is_read_and_coded() -> None:
    gold = check_gold_matches_articles(DEVSET4)
    assert len({i["id"] for i in gold["incidents"] if i["scored"]}) >= 8


def test_devset4_overall_does_not_regress(metrics: dict) -> None:
    assert metrics["overall"] >= MIN_OVERALL, metrics


def test_devset4_grouping_does_not_regress(metrics: dict) -> None:
    assert metrics["grouping_bcubed_f1"] >= MIN_GROUPING, metrics


def test_devset4_noise_does_not_grow(metrics: dict) -> None:
    assert metrics["negatives_violated"] <= MAX_NEGATIVES_VIOLATED, metrics
