"""Named-location recall on public CENTCOM strike releases (Dstl re3d), when the data is present."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "external" / "re3d_centcom"
SCRIPT = Path(__file__).resolve().parents[1] / "eval" / "external_re3d_places.py"


@pytest.mark.skipif(not (DATA / "entities.json").exists(), reason="shared/external not present")
def test_named_location_recall_on_centcom_releases():
    spec = importlib.util.spec_from_file_location("external_re3d_places", SCRIPT)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    res = mod.evaluate(DATA)
    assert res["named_location_entities"] > 100
    assert res["recall_named"] >= 0.85, res
