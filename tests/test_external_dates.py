"""Temporal recall on public CENTCOM strike releases (Dstl re3d), when the data is present."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "external" / "re3d_centcom"
SCRIPT = Path(__file__).resolve().parents[1] / "eval" / "external_dates.py"


@pytest.mark.skipif(not (DATA / "entities.json").exists(), reason="shared/external not present")
def test_temporal_recall_on_centcom_releases(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("STRIKEWATCH_TODAY", "2026-11-21")
    spec = importlib.util.spec_from_file_location("external_dates", SCRIPT)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    res = mod.evaluate(DATA)
    assert res["temporal_entities"] > 50
    assert res["recall"] >= 0.80, res
    # Nearly every mention should be a labelled date too (the few others are real dates the labels skip).
    assert res["mentions_without_temporal_label"] <= 0.2 * res["date_mentions"], res
