"""Dask execution for corpora one process can't get through fast enough.

`dask_client` opens a Dask distributed cluster: a local one with N worker processes
(`LocalCluster`), or an existing one at a scheduler address. `map_on_client` runs a function
over batches on it: at most a few batches per worker are in flight, so memory stays bounded
however long the input is, and results come back in input order. `batch_mapper` gives
resolution the same as a plain (fn, batches) -> results mapper.
"""

from __future__ import annotations

import logging
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from itertools import islice
from typing import Any

from strikewatch.resolve.batches import BatchMapper, gc_paused

SCATTER_BYTES = 4 * 2**20  # a batch larger than this pickled (all article signatures at once) is scattered


@contextmanager
def dask_client(workers: int, scheduler: str | None):
    """A distributed Client: to `scheduler` if given, else a LocalCluster of `workers` processes."""
    import dask
    from dask.distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    # The workers' sampling profiler feeds the dashboard, which a LocalCluster here does not serve; it costs a
    # few per cent of every task. Dask also starts workers with MALLOC_TRIM_THRESHOLD_ set, which turns off
    # glibc's adaptive mmap threshold: every large short-lived buffer (zlib's state, parsed JSON) then costs
    # fresh pages, and building incidents ran ~20% slower. Every server (scheduler, nannies, workers) also wakes
    # 50 times a second to time its event loop and twice a second to sample CPU, memory and disk for the dashboard:
    # ~6% of one core at 2 workers, whose GIL the busy workers have to hand over. Once a second and every five
    # still report a blocked event loop (after 3 s) and keep the workers' metrics current.
    settings = {
        "distributed.worker.profile.enabled": False,
        "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
        "distributed.admin.tick.interval": "1s",
        "distributed.admin.system-monitor.interval": "5s",
    }
    with dask.config.set(settings):
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            memory_limit=0,
            silence_logs=40,
        )
    client = Client(cluster)
    try:
        yield client
    finally:
        with suppress(Exception):  # a worker that already died has nothing left to say
            client.run(_quiet_shutdown, on_error="ignore")
        client.close()
        cluster.close()


def _quiet_shutdown() -> None:
    """On a worker about to be closed: a heartbeat it sends while the scheduler retires it fails, and Dask logs
    that race as an ERROR with two tracebacks (dask/distributed#7105) at the end of a run that went well."""
    logging.getLogger("distributed.worker").setLevel(logging.CRITICAL)


def map_on_client(
    client: Any, fn: Callable[[list], list], batches: Iterable[list], in_flight_per_worker: int = 3
) -> Iterator[tuple[list, list[Any]]]:
    """(batch, fn(batch)) in input order, computing fn on the client's cluster with a bounded number of
    batches in flight. The first batches are submitted at once, before any result is read: the cluster
    starts on them while the caller does other work. A list of batches (already in memory) goes all at once."""
    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    limit = max(2, n_workers * in_flight_per_worker, len(batches) if isinstance(batches, list) else 0)
    queued = iter(batches)
    pending = deque(_submitted(client, fn, batch) for batch in islice(queued, limit))
    return _in_order(client, fn, queued, pending, limit)


def _submitted(client: Any, fn: Callable[[list], list], batch: list) -> tuple[list, Any]:
    blob: Any = pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)
    if len(blob) > SCATTER_BYTES:  # sent to a worker directly, not inside the task graph (Dask warns of that)
        blob = client.scatter(blob, hash=False)
    return batch, client.submit(_run_pickled, fn, blob, pure=False)


def _in_order(
    client: Any, fn: Callable[[list], list], queued: Iterator[list], pending: deque, limit: int
) -> Iterator[tuple[list, list[Any]]]:
    while pending:
        done_batch, future = pending.popleft()
        result = _unpickled(future.result())
        for batch in islice(queued, limit - len(pending)):
            pending.append(_submitted(client, fn, batch))
        yield done_batch, result


def _unpickled(blob: bytes) -> Any:
    """A result batch read back: thousands of small records, which the garbage collector would otherwise scan
    several times over while they are made (it more than doubled the time)."""
    with gc_paused():
        return pickle.loads(blob)


def _run_pickled(fn: Callable[[list], list], blob: bytes) -> bytes:
    """Run fn on a pickled batch and pickle its result. Batches travel as one opaque bytes object: task
    arguments pass through the scheduler (in this process for a LocalCluster), which would otherwise
    unpickle and re-pickle every record in them."""
    return pickle.dumps(fn(_unpickled(blob)), protocol=pickle.HIGHEST_PROTOCOL)


def batch_mapper(client: Any) -> BatchMapper:
    """A `resolve` batch mapper (fn, batches) -> results, running on the client's cluster."""

    def map_batches(fn: Callable[[list], list], batches: Iterable[list]) -> Iterator[list]:
        return (result for _, result in map_on_client(client, fn, batches))

    return map_batches
