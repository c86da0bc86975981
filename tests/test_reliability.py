"""The torture corpus through the real CLI: every good record stored, every bad one reported once with its
reason, exit code 2, bounded memory on a 50 MB article, and re-runs that change nothing."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from strikewatch.store import open_store
from torture import TortureCorpus, build_torture_corpus

CLI = [sys.executable, "-m", "strikewatch.cli"]
MAX_RSS_GROWTH = 1.5e9
SKIP_LINE = re.compile(r"^\s+skipped (.+?)(?::(\d+))?: (.*)$")


@dataclass
class CliRun:
    code: int
    stderr: str
    peak_rss: int

    def skipped(self) -> list[tuple[str, int | None, str]]:
        """(file name, line, reason) for every `skipped` line of the summary."""
        out = []
        for line in self.stderr.splitlines():
            m = SKIP_LINE.match(line)
            if m:
                out.append((Path(m.group(1)).name, int(m.group(2)) if m.group(2) else None, m.group(3)))
        return out


def cli(*args: str, timeout: float = 600) -> CliRun:
    """Run the CLI in a subprocess, sampling its resident memory (and its children's) until it ends."""
    env = {**os.environ, "COLUMNS": "1000"}  # one summary line per skip, never wrapped
    proc = subprocess.Popen([*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    ps = psutil.Process(proc.pid)
    peak = 0
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            peak = max(peak, sum(p.memory_info().rss for p in [ps, *ps.children(recursive=True)]))
        except psutil.Error:
            pass
        time.sleep(0.05)
    if proc.poll() is None:
        proc.kill()
    _, err = proc.communicate()
    return CliRun(proc.returncode, err, peak)


def export(db: Path) -> bytes:
    out = subprocess.run([*CLI, "export", "--db", str(db), "--format", "json"], capture_output=True, check=True)
    return out.stdout


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> TortureCorpus:
    return build_torture_corpus(tmp_path_factory.mktemp("torture"))


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    """One small clean article: the memory a run needs anyway (pipeline, gazetteer)."""
    base = tmp_path_factory.mktemp("baseline")
    (base / "one.txt").write_text("Drone strike near Sarmin\n\nA drone struck a car near Sarmin on Tuesday.\n")
    return cli("run", str(base / "one.txt"), "--db", str(base / "b.db"))


@pytest.fixture(scope="module")
def first_run(corpus: TortureCorpus) -> tuple[CliRun, Path]:
    db = corpus.root.parent / "torture.db"
    return cli("run", str(corpus.root), "--db", str(db)), db


def test_clean_input_exits_0(baseline: CliRun) -> None:
    assert baseline.code == 0, baseline.stderr
    assert "skipped: 0" in baseline.stderr


def test_every_good_record_is_stored(corpus: TortureCorpus, first_run: tuple[CliRun, Path]) -> None:
    run, db = first_run
    assert run.code == 2, run.stderr[-3000:]
    with open_store(str(db)) as store:
        stored = {a.article.id for a in store.iter_articles()}
        assert stored == corpus.good
        for aid, piece in corpus.must_contain.items():
            text = store.get_article(aid).text
            assert piece in text, (aid, text[:200])
            assert "\x00" not in text
        assert store.count_incidents() > 0


def test_every_bad_input_is_reported_once_with_its_reason(corpus: TortureCorpus,
                                                          first_run: tuple[CliRun, Path]) -> None:
    run, _ = first_run
    skipped = run.skipped()
    where = [(name, line) for name, line, _ in skipped]
    assert sorted(where, key=str) == sorted(corpus.bad, key=str), run.stderr[-4000:]
    for name, line, reason in skipped:
        assert corpus.bad[(name, line)].lower() in reason.lower(), (name, line, reason)
    assert f"skipped: {len(corpus.bad)}" in run.stderr
    assert "Traceback" not in run.stderr


def test_50mb_article_is_stored_whole_with_bounded_memory(corpus: TortureCorpus, first_run: tuple[CliRun, Path],
                                                          baseline: CliRun) -> None:
    run, db = first_run
    growth = run.peak_rss - baseline.peak_rss
    assert growth < MAX_RSS_GROWTH, f"peak RSS grew by {growth / 1e6:.0f} MB over a small run"
    assert f"{corpus.big_id}: very long" in run.stderr
    with open_store(str(db)) as store:
        big = store.get_article(corpus.big_id)
        assert len(big.text) == corpus.big_chars
        assert big.text.startswith("Monitor log: strikes reported across the north\n")
        # Annotations come from the part extraction read, and point into the stored text.
        assert big.annotations and all(big.text[a.start:a.end] == a.text for a in big.annotations[:500])


def test_rerun_changes_nothing_and_revision_is_kept(corpus: TortureCorpus, first_run: tuple[CliRun, Path]) -> None:
    _, db = first_run
    before = export(db)
    again = cli("run", str(corpus.root), "--db", str(db))
    assert again.code == 2
    assert f"(new 0, revised 0, unchanged {len(corpus.good)})" in again.stderr
    assert export(db) == before
    with open_store(str(db)) as store:
        assert all(len(store.revisions(aid)) == 1 for aid in corpus.good)

    # The same id with different text: stored as a new revision, the old text kept in the history.
    assert corpus.revision_input is not None
    revised = cli("run", str(corpus.revision_input), "--db", str(db))
    assert revised.code == 0, revised.stderr
    assert "revised 1" in revised.stderr
    after_revision = export(db)
    assert after_revision != before
    with open_store(str(db)) as store:
        history = store.revisions(corpus.revision_id)
        assert [h["revision"] for h in history] == [1, 2]
        assert history[0]["text"] != history[1]["text"]
        assert store.get_article(corpus.revision_id).text == history[1]["text"]
    # ...and re-running that input changes nothing more.
    once_more = cli("run", str(corpus.revision_input), "--db", str(db))
    assert once_more.code == 0 and "unchanged 1" in once_more.stderr
    assert export(db) == after_revision
    with open_store(str(db)) as store:
        assert len(store.revisions(corpus.revision_id)) == 2


def test_torture_corpus_on_each_backend(store_target: str, tmp_path: Path) -> None:
    """The same corpus (with a 1 MB long article) through the job on SQLite and PostgreSQL."""
    from strikewatch.export import write_export
    from strikewatch.runner import run

    corpus = build_torture_corpus(tmp_path, big_bytes=1024 * 1024)
    with open_store(store_target) as store:
        summary = run([str(corpus.root)], store)
        assert summary.exit_code == 2
        got = {(Path(s.source).name, s.line): s.reason for s in summary.skipped}
        assert len(got) == len(summary.skipped) and set(got) == set(corpus.bad)
        assert {a.article.id for a in store.iter_articles()} == corpus.good
        first = io.StringIO()
        write_export(store, "json", first)
        again = run([str(corpus.root)], store)
        assert (again.new, again.revised, again.unchanged) == (0, 0, len(corpus.good))
        second = io.StringIO()
        write_export(store, "json", second)
        assert first.getvalue() == second.getvalue()
