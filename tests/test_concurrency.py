"""Concurrency on one SQLite file: two `strikewatch run` processes at once (different and overlapping inputs)
lose nothing and fail nowhere, and the API answers reads while a run is writing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from strikewatch.store import open_store
from strikewatch.web.app import create_app
from torture import small_articles, write_jsonl

CLI = [sys.executable, "-m", "strikewatch.cli"]


def start_run(inputs: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLI, "run", str(inputs), "--db", str(db)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen[str]) -> str:
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    return err


def grouping(db: Path) -> set[frozenset[str]]:
    """Which mentions were linked together: the result that must not depend on how runs interleaved."""
    with open_store(str(db)) as store:
        by_incident: dict[str, set[str]] = {}
        for mention_id, incident_id in store.previous_assignment().items():
            by_incident.setdefault(incident_id, set()).add(mention_id)
        return {frozenset(v) for v in by_incident.values()}


def test_two_runs_on_one_sqlite_file_lose_nothing(tmp_path: Path) -> None:
    records = small_articles(1200, seed=21)
    a = write_jsonl(tmp_path / "a.jsonl", records[:700])
    b = write_jsonl(tmp_path / "b.jsonl", records[500:])  # 200 articles in both
    db = tmp_path / "shared.db"
    first, second = start_run(a, db), start_run(b, db)
    finish(first)
    finish(second)

    with open_store(str(db)) as store:
        assert {s.article.id for s in store.iter_articles()} == {r["id"] for r in records}
        assert all(len(store.revisions(r["id"])) == 1 for r in records[480:720])
        mentions = {m.id for m in store.iter_mentions()}
        assert mentions and mentions == set(store.previous_assignment())  # every mention is in an incident
        assert not store.needs_resolve()

    sequential = tmp_path / "sequential.db"
    for inputs in (a, b):  # one after the other (in one run, the shared ids would be reported as repeated)
        subprocess.run([*CLI, "run", str(inputs), "--db", str(sequential)], check=True, capture_output=True)
    assert grouping(db) == grouping(sequential)


def test_api_reads_succeed_during_a_run(tmp_path: Path) -> None:
    records = small_articles(1500, seed=4)
    db = tmp_path / "live.db"
    subprocess.run([*CLI, "run", str(write_jsonl(tmp_path / "a.jsonl", records[:300])), "--db", str(db)],
                   check=True, capture_output=True)
    with open_store(str(db)) as store:
        before = store.count_incidents()

    proc = start_run(write_jsonl(tmp_path / "b.jsonl", records[300:]), db)
    reads = 0
    with TestClient(create_app(str(db))) as client:
        while proc.poll() is None or reads < 5:
            page = client.get("/api/incidents", params={"limit": 20, "offset": reads % 3})
            assert page.status_code == 200, page.text
            assert page.json()["total"] >= before
            first = page.json()["incidents"][0]["id"]
            one = client.get(f"/api/incidents/{first}")
            assert one.status_code in (200, 404), one.text  # 404 only if a resolution just renamed it
            assert client.get("/api/map-points").status_code == 200
            assert client.get("/api/articles/gen-00001").status_code == 200
            reads += 1
        assert client.get("/api/export", params={"format": "csv"}).status_code == 200
    finish(proc)
    assert reads >= 5
