"""Crash safety: a run killed with SIGKILL at random moments and then run again to completion leaves the same
store (byte-identical export) as one uninterrupted run; a run that died between storing and resolving is
finished by the next run, even when that next run finds nothing new to store."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import strikewatch.runner as runner
from strikewatch.export import write_export
from strikewatch.store import open_store
from torture import small_articles, write_jsonl

CLI = [sys.executable, "-m", "strikewatch.cli"]
N_ARTICLES = 3000
KILLS = 4


def export_bytes(db: Path) -> bytes:
    return subprocess.run([*CLI, "export", "--db", str(db), "--format", "json"], capture_output=True,
                          check=True).stdout


def run_cli(inputs: Path, db: Path) -> tuple[int, str, float]:
    started = time.monotonic()
    done = subprocess.run([*CLI, "run", str(inputs), "--db", str(db)], capture_output=True, text=True, timeout=600)
    return done.returncode, done.stderr, time.monotonic() - started


def test_sigkill_at_random_moments_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    inputs = write_jsonl(tmp_path / "articles.jsonl", small_articles(N_ARTICLES, seed=11))
    code, err, full = run_cli(inputs, tmp_path / "reference.db")
    assert code == 0, err
    reference = export_bytes(tmp_path / "reference.db")

    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    db = tmp_path / "crashed.db"
    killed_at = []
    for _ in range(KILLS):
        # From just after start-up (store opened, articles being saved) to about when resolution runs.
        delay = rng.uniform(0.5, full * 1.05)
        proc = subprocess.Popen([*CLI, "run", str(inputs), "--db", str(db)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            killed_at.append(round(delay, 2))
    code, err, _ = run_cli(inputs, db)
    assert code == 0, err
    assert export_bytes(db) == reference, f"seed {seed}, killed at {killed_at}s of a {full:.1f}s run"
    with open_store(str(db)) as store:
        assert store.count_articles() == N_ARTICLES
        assert all(len(store.revisions(f"gen-{i:05d}")) == 1 for i in range(0, N_ARTICLES, 97))
    # Running again once more changes nothing.
    code, err, _ = run_cli(inputs, db)
    assert code == 0 and f"unchanged {N_ARTICLES}" in err
    assert export_bytes(db) == reference


class Killed(BaseException):
    """Stands for the process dying (not an Exception: nothing may catch it)."""


def _export(target: str) -> str:
    import io

    with open_store(target) as store:
        buf = io.StringIO()
        write_export(store, "json", buf)
        return buf.getvalue()


def test_run_killed_before_resolving_is_finished_by_the_next_run(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    records = small_articles(60, seed=5)
    first = write_jsonl(tmp_path / "first.jsonl", records[:40])
    both = [str(first), str(write_jsonl(tmp_path / "second.jsonl", records[40:]))]
    target = str(tmp_path / "s.db")
    with open_store(target) as store:
        assert runner.run([str(first)], store).exit_code == 0

    def die(*_: object, **__: object) -> None:
        raise Killed

    # The second batch is stored, then the process dies before incidents are resolved.
    with monkeypatch.context() as m, open_store(target) as store:
        m.setattr(runner, "_resolve_once", die)
        with pytest.raises(Killed):
            runner.run(both, store)
        assert store.count_articles() == 60

    # The next run finds every article unchanged, and still brings the incidents up to date.
    with open_store(target) as store:
        summary = runner.run(both, store)
        assert summary.new == 0 and summary.unchanged == 60
        linked = set(store.previous_assignment())
        assert {m.id for m in store.iter_mentions()} <= linked

    fresh = str(tmp_path / "fresh.db")
    with open_store(fresh) as store:
        runner.run([str(first)], store)
        runner.run(both, store)
    assert _export(target) == _export(fresh)
