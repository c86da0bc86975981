"""End-to-end throughput, memory and scaling of `strikewatch run`, written to bench/results.json and results.png.

    .venv/bin/python bench/run_bench.py                 # 100,000 articles (long on 2 cores)
    .venv/bin/python bench/run_bench.py --quick         # 2,000 articles, resolution at 10k/30k mentions
    .venv/bin/python bench/run_bench.py --articles 20000 --rss-sizes 5000

What it does:
1. writes a synthetic corpus (bench/corpus.py) as JSONL in a temp dir;
2. runs the whole pipeline (runner.run: ingest -> extract -> SQLite store -> resolve) once per worker count,
   each in a fresh child process, sampling the RSS of the whole process tree (child + Dask nannies + workers)
   with psutil; the child times each stage by wrapping the runner's own functions;
3. extra 1-worker runs at `--rss-sizes` fit peak RSS as a + b*n, extrapolated (labelled as such) to 100k;
4. times each spaCy component on a sample (the same calls as `pipeline.annotate`) and, with cProfile,
   lists the hottest functions;
5. times resolution alone at 10k/30k/100k mentions (bench/resolve_bench.py) and fits the growth exponent.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import math
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402

TARGETS = {"articles_per_s_per_core": 300.0, "peak_rss_mb_at_100k": 1536.0, "resolve_exponent_max": "n log n",
           "speedup_2_workers": 1.7}


# --- the child: one timed pipeline run ------------------------------------------------------------------


class _Clock:
    """Accumulated seconds per stage, from wrapped functions."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def add(self, stage: str, dt: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + dt

    def wrap(self, stage: str, fn: Callable) -> Callable:
        def timed(*a: Any, **kw: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                self.add(stage, time.perf_counter() - t0)
        return timed

    def wrap_iter(
        self, stage: str, fn: Callable[..., Iterator], first_stage: str | None = None
    ) -> Callable[..., Iterator]:
        """Time each step of a generator (the ingest reader is lazy); the first step as `first_stage` if given."""
        def timed(*a: Any, **kw: Any) -> Iterator:
            it = iter(fn(*a, **kw))
            name = first_stage or stage
            while True:
                t0 = time.perf_counter()
                try:
                    item = next(it)
                except StopIteration:
                    self.add(name, time.perf_counter() - t0)
                    return
                self.add(name, time.perf_counter() - t0)
                name = stage
                yield item
        return timed


def child_run(corpus: str, db: str, workers: int, out: str) -> None:
    """One `strikewatch run` equivalent with per-stage timings, written as JSON to `out`."""
    t_start = time.perf_counter()
    from strikewatch import runner, scale
    from strikewatch.store import open_store

    clock = _Clock()
    runner.iter_inputs = clock.wrap_iter("ingest", runner.iter_inputs)
    runner.extract_safely = clock.wrap("extraction", runner.extract_safely)  # in-process only (workers == 1)
    runner.prepare_article = clock.wrap("store: prepare rows", runner.prepare_article)  # likewise
    runner.article_signatures = clock.wrap("resolution: read signatures", runner.article_signatures)
    # With workers, syndicated copies are found on the cluster while the mentions are read (part of linking).
    runner.find_duplicates_by_signature = clock.wrap("resolution: duplicates", runner.find_duplicates_by_signature)
    # Resolution yields incident batches as they are built and the store writes each as it comes: the first step
    # is linking, later steps are building (or waiting for the cluster to build); the rest of the write is writing.
    runner.resolve_in_batches = clock.wrap_iter(
        "resolution: building", runner.resolve_in_batches, first_stage="resolution: linking"
    )
    runner.resolve_store = clock.wrap("resolution (total)", runner.resolve_store)
    real_client = scale.dask_client

    @contextlib.contextmanager
    def timed_client(*a: Any, **kw: Any) -> Iterator:
        t0 = time.perf_counter()
        with real_client(*a, **kw) as client:
            clock.add("cluster start", time.perf_counter() - t0)
            yield client
            t1 = time.perf_counter()
        clock.add("cluster stop", time.perf_counter() - t1)

    scale.dask_client = timed_client
    store = open_store(db)
    for name in ("article_hashes", "save_prepared"):  # what runner.run calls
        setattr(store, name, clock.wrap("store", getattr(store, name)))
    store.replace_incident_parts = clock.wrap("resolution: store incidents", store.replace_incident_parts)
    t0 = time.perf_counter()
    summary = runner.run([corpus], store, workers=workers)
    wall = time.perf_counter() - t0
    store.close()
    s = clock.seconds
    # Building overlaps the write: what the write spent waiting for built incidents is building, not writing.
    s["resolution: store incidents"] = s.get("resolution: store incidents", 0.0) - s.get("resolution: building", 0.0)
    if workers > 1:
        # Extraction runs on the cluster; what the main process spends waiting for it is the rest.
        s["extraction (waiting on cluster)"] = wall - sum(v for k, v in s.items() if not k.startswith("resolution:"))
    else:
        s["other (runner loop)"] = wall - sum(v for k, v in s.items() if not k.startswith("resolution:"))
    Path(out).write_text(json.dumps({
        "wall_s": wall, "process_start_s": t0 - t_start, "stages_s": s, "read": summary.read, "new": summary.new,
        "skipped": len(summary.skipped), "duplicates": summary.duplicates, "incidents": summary.incidents_total,
    }))


# --- the parent: process-tree sampling -----------------------------------------------------------------


def _role(p: psutil.Process) -> str:
    """A short name for a process of the tree (Dask nannies and workers are multiprocessing children)."""
    with contextlib.suppress(psutil.Error):
        cmd = " ".join(p.cmdline())
        if "multiprocessing" in cmd or "spawn_main" in cmd:
            return "dask worker/nanny process"
        return p.name()
    return "?"


class TreeSampler(threading.Thread):
    """Peak summed RSS and total CPU seconds of a process and all its descendants, sampled."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak_rss = 0
        self.cpu: dict[int, float] = {}
        self.roles: dict[int, str] = {}
        self.timeline: list[tuple[float, int]] = []
        self._halt = threading.Event()
        self._t0 = time.perf_counter()

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            rss = 0
            for p in procs:
                with contextlib.suppress(psutil.Error):
                    rss += p.memory_info().rss
                    t = p.cpu_times()
                    self.cpu[p.pid] = t.user + t.system
                    if p.pid not in self.roles:
                        self.roles[p.pid] = "main" if p.pid == self.root.pid else _role(p)
            self.peak_rss = max(self.peak_rss, rss)
            self.timeline.append((round(time.perf_counter() - self._t0, 2), rss))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def measured_run(corpus: Path, workers: int, tmp: Path, n_articles: int, words: int) -> dict:
    """Run the pipeline in a child process and measure it from outside."""
    db, out = tmp / f"run-{workers}w-{n_articles}.db", tmp / f"run-{workers}w-{n_articles}.json"
    cmd = [sys.executable, __file__, "--child", str(corpus), str(db), str(workers), str(out)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    rc = proc.wait()
    sampler.stop()
    elapsed = time.perf_counter() - t0
    if rc != 0:
        raise SystemExit(f"benchmark run with {workers} worker(s) failed (exit {rc})")
    child = json.loads(out.read_text())
    wall = child["wall_s"]
    cpu = sum(sampler.cpu.values())
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return {
        "workers": workers, "articles": n_articles, "words": words, "wall_s": round(wall, 2),
        "process_wall_s": round(elapsed, 2), "cpu_s": round(cpu, 2),
        "articles_per_s": round(n_articles / wall, 1), "articles_per_s_per_core": round(n_articles / wall / workers, 1),
        "words_per_s": round(words / wall), "articles_per_cpu_s": round(n_articles / cpu, 1) if cpu else None,
        "peak_rss_mb": round(sampler.peak_rss / 2**20, 1),
        "cpu_s_by_process": sorted(([sampler.roles.get(pid, "?"), round(c, 2)] for pid, c in sampler.cpu.items()),
                                   key=lambda x: -x[1]),
        "stages_s": {k: round(v, 2) for k, v in child["stages_s"].items()},
        "incidents": child["incidents"], "duplicates": child["duplicates"], "skipped": child["skipped"],
        "rss_timeline_mb": [(t, round(r / 2**20)) for t, r in sampler.timeline[:: max(1, len(sampler.timeline) // 200)]
                            ],
    }


# --- in-process profiles ---------------------------------------------------------------------------------


def sample_raws(corpus: Path, n: int) -> list:
    from strikewatch.ingest import iter_inputs
    from strikewatch.model import RawArticle

    out = []
    for item in iter_inputs([str(corpus)]):
        if isinstance(item, RawArticle):
            out.append(item)
            if len(out) >= n:
                break
    return out


def component_times(raws: list) -> dict:
    """Seconds per spaCy component over `raws`, making the same calls as `pipeline.annotate`."""
    from strikewatch.extract.document import strike_doc
    from strikewatch.extract.pipeline import _published_date, extract_article, shared_pipeline

    nlp = shared_pipeline()
    extract_article(raws[0])  # warm-up
    times: dict[str, float] = {"tokenizer": 0.0}
    for raw in raws:
        t0 = time.perf_counter()
        doc = nlp.make_doc(raw.text)
        times["tokenizer"] += time.perf_counter() - t0
        sw = strike_doc(doc)
        sw.article_id, sw.published, sw.title, sw.outlet = raw.id, _published_date(raw.published), raw.title, raw.outlet
        for name, proc in nlp.pipeline:
            t0 = time.perf_counter()
            doc = proc(doc)
            times[name] = times.get(name, 0.0) + time.perf_counter() - t0
    t0 = time.perf_counter()
    for raw in raws:
        extract_article(raw)
    total = time.perf_counter() - t0
    times["result assembly (models, annotations)"] = max(0.0, total - sum(times.values()))
    return {"articles": len(raws), "extract_article_s": round(total, 3),
            "articles_per_s": round(len(raws) / total, 1),
            "ms_per_article": {k: round(1000 * v / len(raws), 3) for k, v in times.items()},
            "share": {k: round(v / total, 3) for k, v in times.items()}}


def profile_extraction(raws: list) -> pstats.Stats:
    """cProfile statistics of extracting `raws` once (both hot-spot tables read them)."""
    from strikewatch.extract.pipeline import extract_article

    prof = cProfile.Profile()
    prof.enable()
    for raw in raws:
        extract_article(raw)
    prof.disable()
    return pstats.Stats(prof)


def hot_spots(st: pstats.Stats, top: int = 20) -> list[dict]:
    """The functions extraction spends its time in (by own time)."""
    total = sum(v[2] for v in st.stats.values())  # type: ignore[attr-defined]
    rows = []
    for (file, line, fn), (_cc, ncalls, tottime, cumtime, _callers) in st.stats.items():  # type: ignore[attr-defined]
        short = file.split("site-packages/")[-1].split("/src/")[-1]
        rows.append({"function": f"{short}:{line}({fn})", "calls": ncalls, "own_s": round(tottime, 3),
                     "cum_s": round(cumtime, 3), "own_share": round(tottime / total, 3) if total else 0.0})
    rows.sort(key=lambda r: -r["own_s"])
    return rows[:top]


def cumulative_hot_spots(st: pstats.Stats, top: int = 15) -> list[dict]:
    """strikewatch functions by cumulative time: where to optimise in our code."""
    rows = []
    for (file, line, fn), (_cc, ncalls, tottime, cumtime, _c) in st.stats.items():  # type: ignore[attr-defined]
        if "strikewatch/extract" in file and fn not in ("extract_article", "annotate"):
            rows.append({"function": f"{file.split('/src/')[-1]}:{line}({fn})", "calls": ncalls,
                         "own_s": round(tottime, 3), "cum_s": round(cumtime, 3)})
    rows.sort(key=lambda r: -r["cum_s"])
    return rows[:top]


def resolution_scaling(sizes: list[int]) -> dict:
    """CPU seconds of `resolve` alone at each size, and the fitted exponent (bench/resolve_bench.py)."""
    from resolve_bench import slope, timed

    from resolve_corpus import synthetic_mentions
    from strikewatch.resolve import resolve

    resolve(synthetic_mentions(200)[0])  # warm-up, as resolve_bench does
    rows = []
    for n in sizes:
        mentions, _gold = synthetic_mentions(n)
        wall, cpu, result = timed(mentions, 3 if n <= 50_000 else 1)
        rows.append({"mentions": n, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                     "incidents": len(set(result.assignment().values()))})  # type: ignore[attr-defined]
        print(f"  resolution: {n} mentions in {cpu:.2f} s cpu", flush=True)
        del mentions, result
    out: dict[str, Any] = {"sizes": rows}
    if len(rows) >= 2:
        ns, ts = [r["mentions"] for r in rows], [r["cpu_s"] for r in rows]
        out["exponent"] = round(slope(ns, ts), 3)
        out["n_log_n_exponent_over_sizes"] = round(slope(ns, [n * math.log(n) for n in ns]), 3)
    return out


# --- report ---------------------------------------------------------------------------------------------------


def fit_linear(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Least-squares a + b*x."""
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0
    return my - b * mx, b


def chart(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(12, 8.5))
    runs = results["runs"]
    ax = axes[0][0]
    main_runs = [r for r in runs if r["articles"] == results["articles"]]
    labels = [f"{r['workers']} worker{'s' if r['workers'] > 1 else ''}"
              + (f" #{r.get('repeat', 0) + 1}" if len(main_runs) > 2 else "") for r in main_runs]
    ax.bar(labels, [r["articles_per_s"] for r in main_runs], color="#4c72b0")
    ax.axhline(TARGETS["articles_per_s_per_core"], color="r", ls="--", label="target per core (300/s)")
    ax.set_title(f"End to end, {results['articles']:,} articles")
    ax.set_ylabel("articles / s")
    ax.legend()
    ax = axes[0][1]
    one = _median_run(main_runs, 1) or main_runs[0]
    stages = {k: v for k, v in one["stages_s"].items() if not k.startswith("resolution:")}
    ax.barh(list(stages), list(stages.values()), color="#55a868")
    ax.set_title("Stage time, 1 worker (s)")
    ax = axes[1][0]
    comp = results.get("components", {}).get("ms_per_article", {})
    if comp:
        ax.barh(list(comp), list(comp.values()), color="#c44e52")
        ax.set_title("Extraction: ms per article by component")
    ax = axes[1][1]
    res = results.get("resolution", {}).get("sizes", [])
    if res:
        ns, ts = [r["mentions"] for r in res], [r["cpu_s"] for r in res]
        ax.loglog(ns, ts, "o-", label=f"resolve (exponent {results['resolution'].get('exponent', float('nan')):.2f})")
        ref = [ts[0] * (n * math.log(n)) / (ns[0] * math.log(ns[0])) for n in ns]
        ax.loglog(ns, ref, "k--", label="n log n")
        ax.set_xlabel("mentions")
        ax.set_ylabel("CPU s")
        ax.set_title("Resolution scaling")
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def print_table(results: dict) -> None:
    print()
    print(f"{'run':<22} {'articles':>8} {'wall s':>8} {'art/s':>8} {'art/s/core':>10} {'words/s':>9} {'peak MB':>8}")
    for r in results["runs"]:
        print(f"{str(r['workers']) + ' worker(s)':<22} {r['articles']:>8} {r['wall_s']:>8.1f} "
              f"{r['articles_per_s']:>8.1f} "
              f"{r['articles_per_s_per_core']:>10.1f} {r['words_per_s']:>9} {r['peak_rss_mb']:>8.0f}")
    for r in results["runs"]:
        if r["articles"] == results["articles"]:
            print(f"stages, {r['workers']} worker(s): " + ", ".join(f"{k} {v:.1f}s" for k, v in r["stages_s"].items()))
    comp = results.get("components")
    if comp:
        print("extraction ms/article: " + ", ".join(f"{k} {v:.2f}" for k, v in comp["ms_per_article"].items()))
    res = results.get("resolution")
    if res:
        print("resolution: " + ", ".join(f"{r['mentions']}: {r['cpu_s']:.2f}s" for r in res["sizes"])
              + (f"; exponent {res['exponent']:.2f} (n log n: {res['n_log_n_exponent_over_sizes']:.2f})"
                 if "exponent" in res else ""))
    print()
    for name, verdict in results["verdicts"].items():
        print(f"{name:<34} {verdict}")


def _median_run(runs: list[dict], workers: int) -> dict | None:
    """The run of that configuration with the median wall time (the lower middle one for an even count)."""
    mine = sorted((r for r in runs if r["workers"] == workers), key=lambda r: r["wall_s"])
    return mine[(len(mine) - 1) // 2] if mine else None


def speedups(results: dict) -> list[float]:
    """2-worker over 1-worker speed-up of each repeat (runs of a repeat are back to back)."""
    runs = [r for r in results["runs"] if r["articles"] == results["articles"]]
    out = []
    for rep in sorted({r.get("repeat", 0) for r in runs}):
        walls = {r["workers"]: r["wall_s"] for r in runs if r.get("repeat", 0) == rep}
        if 1 in walls and 2 in walls:
            out.append(round(walls[1] / walls[2], 3))
    return out


def verdicts(results: dict) -> dict[str, str]:
    out = {}
    runs = [r for r in results["runs"] if r["articles"] == results["articles"]]
    one = _median_run(runs, 1)
    two = _median_run(runs, 2)
    if one:
        v = one["articles_per_s_per_core"]
        out["articles/s per core (1 worker)"] = f"{v:.0f} (target >= 300): {'MET' if v >= 300 else 'NOT MET'}"
    rss = results.get("rss_fit")
    if rss and results["articles"] < 100_000 and len(set(rss["sizes"])) < 2:
        out["peak RSS at 100k"] = (f"not measured: {rss['base_mb']:.0f} MB at {results['articles']:,} articles "
                                   "(add --rss-sizes to extrapolate)")
    elif rss:
        v = rss["extrapolated_peak_rss_mb_at_100k"]
        label = "measured" if results["articles"] >= 100_000 else "extrapolated"
        out["peak RSS at 100k"] = f"{v:.0f} MB {label} (target < 1536): {'MET' if v < 1536 else 'NOT MET'}"
    res = results.get("resolution", {})
    if "exponent" in res:
        v, ref = res["exponent"], res["n_log_n_exponent_over_sizes"]
        out["resolution growth exponent"] = (f"{v:.2f} vs n log n {ref:.2f}: "
                                             f"{'MET' if v <= ref + 0.1 else 'NOT MET'}")
    if one and two:
        ratios = speedups(results)
        v = statistics.median(ratios)
        spread = f" (repeats: {', '.join(f'{x:.2f}' for x in ratios)})" if len(ratios) > 1 else ""
        out["speed-up, 2 workers"] = f"{v:.2f}x{spread} (target >= 1.7x): {'MET' if v >= 1.7 else 'NOT MET'}"
        st = one["stages_s"]
        ex, res = st.get("extraction", 0.0), st.get("resolution (total)", 0.0)
        main = one["wall_s"] - ex - res
        if ex:
            # Extraction overlaps the main process's ingest+store; resolution runs after both, alone.
            ideal = one["wall_s"] / (max(main, (ex + main) / 2) + res)
            out["speed-up bound (2 cores)"] = (f"{ideal:.2f}x: per-article main-process work {main:.1f}s (ingest, "
                                               f"store) + resolution {res:.1f}s of {one['wall_s']:.1f}s do not "
                                               "parallelise")
    return out


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_run(*sys.argv[2:4], int(sys.argv[4]), sys.argv[5])
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000, help="corpus size of the main runs")
    ap.add_argument("--quick", action="store_true", help="2,000 articles; resolution at 10k/30k mentions")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--rss-sizes", type=int, nargs="*", default=None,
                    help="extra 1-worker sizes to fit peak RSS against corpus size (default: a quarter of --articles)")
    ap.add_argument("--resolve-sizes", type=int, nargs="*", default=None, help="mentions (default 10k 30k 100k)")
    ap.add_argument("--profile-articles", type=int, default=400, help="sample for component timings and cProfile")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=1, help="alternate the worker configurations this many times")
    ap.add_argument("--output", default=str(HERE / "results.json"))
    ap.add_argument("--chart", default=str(HERE / "results.png"))
    args = ap.parse_args()
    n = 2000 if args.quick else args.articles
    resolve_sizes = args.resolve_sizes if args.resolve_sizes is not None else (
        [10_000, 30_000] if args.quick else [10_000, 30_000, 100_000])
    rss_sizes = args.rss_sizes if args.rss_sizes is not None else ([] if args.quick else [max(500, n // 4)])
    results: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
                    "load_avg_at_start": [round(x, 2) for x in os.getloadavg()]},
        "targets": TARGETS, "articles": n, "seed": args.seed, "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="sw-bench-") as tmpdir:
        tmp = Path(tmpdir)
        sizes = sorted({n, *rss_sizes})
        corpora = {}
        for size in sizes:
            path = tmp / f"corpus-{size}.jsonl"
            t0 = time.perf_counter()
            stats = write_corpus(path, size, args.seed)
            corpora[size] = (path, stats)
            print(f"corpus: {stats.articles} articles, {stats.words} words "
                  f"({stats.words / stats.articles:.0f}/article), "
                  f"{stats.bytes / 1e6:.1f} MB in {time.perf_counter() - t0:.1f}s", flush=True)
        results["corpus"] = {"articles": corpora[n][1].articles, "words": corpora[n][1].words,
                             "bytes": corpora[n][1].bytes, "words_per_article": round(
                                 corpora[n][1].words / corpora[n][1].articles, 1)}
        for size in sizes:
            # On a shared machine speed drifts by ~10% over minutes: configurations alternate, `--repeat` times.
            for rep in range(args.repeat if size == n else 1):
                for w in (args.workers if size == n else [1]):
                    path, stats = corpora[size]
                    print(f"running {size} articles with {w} worker(s) ...", flush=True)
                    r = measured_run(path, w, tmp, stats.articles, stats.words)
                    r["repeat"] = rep
                    print(f"  {r['wall_s']:.1f}s, {r['articles_per_s']:.1f} articles/s, "
                          f"peak {r['peak_rss_mb']:.0f} MB", flush=True)
                    results["runs"].append(r)
        ones = [r for r in results["runs"] if r["workers"] == 1]
        if ones:
            if len({r["articles"] for r in ones}) >= 2:
                a, b = fit_linear([r["articles"] for r in ones], [r["peak_rss_mb"] for r in ones])
            else:
                a, b = max(r["peak_rss_mb"] for r in ones), 0.0
            results["rss_fit"] = {"sizes": [r["articles"] for r in ones], "base_mb": round(a, 1),
                                  "mb_per_1000_articles": round(1000 * b, 2),
                                  "extrapolated_peak_rss_mb_at_100k": round(a + b * 100_000, 1),
                                  "note": "1-worker peak RSS of the process tree fitted as a + b*n over the sizes run"}
        print(f"profiling extraction on {args.profile_articles} articles ...", flush=True)
        raws = sample_raws(corpora[n][0], args.profile_articles)
        results["components"] = component_times(raws)
        stats = profile_extraction(raws)
        results["hot_spots_own_time"] = hot_spots(stats)
        results["hot_spots_strikewatch_cumulative"] = cumulative_hot_spots(stats)
    if resolve_sizes:
        print("timing resolution alone ...", flush=True)
        results["resolution"] = resolution_scaling(resolve_sizes)
    results["verdicts"] = verdicts(results)
    results["machine"]["load_avg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    Path(args.output).write_text(json.dumps(results, indent=1) + "\n")
    chart(results, Path(args.chart))
    print_table(results)
    print(f"\nwrote {args.output} and {args.chart}")


if __name__ == "__main__":
    main()
