"""Work done in batches, in this process or elsewhere (a Dask cluster, see `strikewatch.scale`)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

# Runs a function over batches somewhere else (Dask workers) and yields its results in batch order. Given a
# list, it may start on all of it at once: the caller goes on with other work before reading the results.
BatchMapper = Callable[[Callable[[list], list], Iterable[list]], Iterator[list]]


def map_here(fn: Callable[[list], list], batches: Iterable[list]) -> Iterator[list]:
    """The in-process `BatchMapper`: each batch computed when its result is read."""
    return (fn(batch) for batch in batches)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector during a batch run.

    Resolution allocates millions of short-lived acyclic objects; with the collector on, its full passes
    rescan every live mention and made 100k mentions twice as slow (growth above n log n).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
