"""Toponym recall on public labelled news sentences (Halterman 2019), when the data is present."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "external" / "event_location"
SCRIPT = Path(__file__).resolve().parents[1] / "eval" / "external_places.py"


@pytest.mark.skipif(not (DATA / "labeled_text.jsonl.zip").exists(), reason="shared/external not present")
def test_toponym_recall_on_event_location_gold():
    spec = importlib.util.spec_from_file_location("external_places", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    res = mod.evaluate(mod.load_records(DATA))
    assert res["records"] > 400
    assert res["recall"] >= 0.85, res
    assert res["mentions_per_sentence"] < 2.5, res
