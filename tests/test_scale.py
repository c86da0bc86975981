"""Scale-out must not change results: Dask workers, an external scheduler and PostgreSQL all give
the same export as one process writing to SQLite, for the same input.

The input is a small corpus from bench/corpus.py (our own template sentences, several reports per
incident, syndicated copies, background recalls and page noise), so linking and deduplication
have real work to do.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from strikewatch.export import write_export
from strikewatch.runner import run
from strikewatch.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from corpus import write_corpus  # noqa: E402

N_ARTICLES = 60


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    write_corpus(path, N_ARTICLES, seed=11)
    return path


def _run_and_export(corpus: Path, target: str, **kwargs: object) -> bytes:
    store = open_store(target)
    try:
        summary = run([str(corpus)], store, **kwargs)  # type: ignore[arg-type]
        assert summary.read == N_ARTICLES and not summary.skipped
        out = io.StringIO()
        write_export(store, "json", out)
    finally:
        store.close()
    return out.getvalue().encode()


@pytest.fixture(scope="module")
def single_process_export(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The reference: one process, SQLite."""
    export = _run_and_export(corpus, str(tmp_path_factory.mktemp("single") / "single.db"))
    doc = json.loads(export)
    # Non-trivial: incidents reported by several articles, and syndicated copies marked.
    assert any(len({m["article_id"] for m in inc["mentions"]}) > 1 for inc in doc["incidents"])
    assert any(a["duplicate_of"] for a in doc["articles"])
    return export


@pytest.fixture(scope="module")
def scheduler_address() -> Iterator[str]:
    """A Dask scheduler started here, as an analyst would run one (`dask scheduler` + workers)."""
    from dask.distributed import LocalCluster

    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=40)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_two_workers_export_matches_one_process(corpus: Path, single_process_export: bytes, tmp_path: Path) -> None:
    export = _run_and_export(corpus, str(tmp_path / "two.db"), workers=2)
    assert export == single_process_export


def test_external_scheduler_export_matches_one_process(corpus: Path, single_process_export: bytes,
                                                       scheduler_address: str, tmp_path: Path) -> None:
    export = _run_and_export(corpus, str(tmp_path / "sched.db"), scheduler=scheduler_address)
    assert export == single_process_export


@pytest.mark.postgres
def test_postgres_export_matches_sqlite(corpus: Path, single_process_export: bytes, pg_database: str) -> None:
    assert _run_and_export(corpus, pg_database) == single_process_export


def test_rerun_on_unchanged_input_changes_nothing(corpus: Path, single_process_export: bytes, tmp_path: Path) -> None:
    """Running the same corpus again (e.g. after a crash) stores nothing new and keeps the export."""
    target = str(tmp_path / "again.db")
    _run_and_export(corpus, target)
    store = open_store(target)
    try:
        summary = run([str(corpus)], store)
        assert summary.unchanged == N_ARTICLES and summary.new == 0
        out = io.StringIO()
        write_export(store, "json", out)
    finally:
        store.close()
    assert out.getvalue().encode() == single_process_export


def test_a_batch_too_big_for_the_task_graph_goes_to_a_worker_directly(scheduler_address: str) -> None:
    """Finding syndicated copies sends every article's signature in one batch (~50 MB at 100k articles). Inside
    the task graph it would pass through the scheduler, and Dask warns of the slowdown on the user's console."""
    import warnings

    from dask.distributed import Client

    from strikewatch.scale import SCATTER_BYTES, map_on_client

    big = [bytes([i]) * SCATTER_BYTES for i in (3, 1, 2)]  # 12 MB, over Dask's 10 MB warning threshold
    with Client(scheduler_address) as client, warnings.catch_warnings():
        warnings.simplefilter("error")
        results = [result for _, result in map_on_client(client, sorted, [big, [b"b", b"a"]])]
    assert results == [sorted(big), [b"a", b"b"]]


def test_incident_write_retried_midway_stores_the_whole_set_once(
    corpus: Path, single_process_export: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Incidents are written batch by batch as they are built; when the write is retried (database busy) after
    some batches, it starts again from the first one and the result is that of an uninterrupted run."""
    from strikewatch.resolve import core
    from strikewatch.store.sql import SqlStore

    monkeypatch.setattr(core, "BUILD_BATCH", 4)  # several batches from this small corpus
    real_write = SqlStore.replace_incident_parts
    batches_read_before_retry = []

    def busy_once(self: SqlStore, parts, *, as_of=None):  # noqa: ANN001, ANN202
        attempt = iter(parts())
        batches_read_before_retry.extend([next(attempt), next(attempt)])  # then "database is locked"
        return real_write(self, parts, as_of=as_of)

    monkeypatch.setattr(SqlStore, "replace_incident_parts", busy_once)
    assert _run_and_export(corpus, str(tmp_path / "retried.db")) == single_process_export
    assert len(batches_read_before_retry) == 2
