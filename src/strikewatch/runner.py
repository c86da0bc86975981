"""The main job: ingest -> extract -> store, then resolve incidents over the whole store.

Used by `strikewatch run` and by the API's ingest endpoint. Extraction runs in this process
or, with `workers > 1` or a scheduler address, on a Dask cluster; storing stays in this
process so each batch of articles is committed atomically. Whatever depends on one article
alone is done where it is extracted: its deduplication signature and the serialised rows the
store writes (`PreparedArticle`, plain values that are cheap to send back from a worker), so the
main process only reads inputs, writes rows and links mentions. The cluster stays up for resolution: it
finds syndicated copies while this process reads the mentions, scores the pairs of each country block
(independent of the others), and builds the incident records (one per group of linked mentions) while this
process writes each batch of them as it arrives, all in one transaction.
"""

from __future__ import annotations

import functools
import logging
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any

from strikewatch.extract.pipeline import extract_article
from strikewatch.ingest import Skipped, iter_inputs
from strikewatch.model import ArticleResult, RawArticle
from strikewatch.resolve.batches import BatchMapper, gc_paused
from strikewatch.resolve.core import BuiltIncident, Duplicates, known_duplicates, resolve_in_batches
from strikewatch.resolve.dedup import duplicates_in_batch, find_duplicates_by_signature, signature
from strikewatch.resolve.features import features_json
from strikewatch.store import PreparedArticle, Store
from strikewatch.store.base import IncidentLink, chunks
from strikewatch.store.sql import prepare_article

log = logging.getLogger(__name__)

# Extraction reads at most this many characters of one article (the whole text is stored).
# A multi-megabyte "article" is a dump, not a report; this keeps memory bounded.
MAX_EXTRACT_CHARS = 400_000
BATCH = 256  # articles sent to a Dask worker at once (~0.6 s of work: each task costs a few ms of Dask overhead)
SAVE_BATCH = 32  # articles committed in one transaction
CHECK_BATCH = 64  # inputs whose stored hashes are read with one query
# Resolution restarts when articles arrived meanwhile (a concurrent run); bounded so it always ends.
RESOLVE_ROUNDS = 3


@dataclass
class RunSummary:
    read: int = 0
    new: int = 0
    unchanged: int = 0
    revised: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: int = 0
    incidents_created: int = 0
    incidents_updated: int = 0
    incidents_total: int = 0
    truncated: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 2 if self.skipped else 0


def extract_safely(raw: RawArticle) -> ArticleResult | Skipped:
    """Extract one article and sign its text for deduplication; a failure is reported as a skip, never a
    crash of the batch."""
    try:
        if len(raw.text) > MAX_EXTRACT_CHARS:
            head = raw.model_copy(update={"text": raw.text[:MAX_EXTRACT_CHARS]})
            result = extract_article(head)
            result = result.model_copy(update={"text": raw.text, "content_hash": raw.content_hash})
        else:
            result = extract_article(raw)
        result.dedup_signature = signature(result.text)
        return result
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the batch
        log.exception("extraction failed for %s", raw.id)
        return Skipped(source=raw.source or raw.id, line=raw.line, reason=f"extraction failed: {exc!r}")


def extract_prepared(raw: RawArticle) -> PreparedArticle | Skipped:
    """Extract one article and serialise it for the store: all the per-article work but the write."""
    result = extract_safely(raw)
    if isinstance(result, Skipped):
        return result
    try:
        prepared = prepare_article(result, raw.source)
    except (ValueError, UnicodeError) as exc:  # a record that cannot be stored
        log.exception("cannot store %s", raw.id)
        return Skipped(source=raw.source or raw.id, line=raw.line, reason=f"cannot store article: {exc!r}"[:300])
    # What resolution reads of each mention, made here rather than in the single process that resolves.
    prepared.mention_features = [
        {"mention_id": m.id, "features": features_json(m), "packed": zlib.compress(row["payload"].encode("utf-8"), 1)}
        for m, row in zip(result.mentions, prepared.mentions, strict=True)
    ]
    return prepared


def extract_batch(raws: list[RawArticle]) -> list[ArticleResult | Skipped]:
    return [extract_safely(r) for r in raws]


def extract_prepared_batch(raws: list[RawArticle]) -> list[PreparedArticle | Skipped]:
    """What a Dask worker runs: plain records go back to the main process, not pydantic models."""
    return [extract_prepared(r) for r in raws]


def _extracted(raws: Iterable[RawArticle], client: Any) -> Iterator[tuple[RawArticle, PreparedArticle | Skipped]]:
    """(raw, prepared record) pairs in input order, extracted here or on the Dask cluster of `client`."""
    if client is None:
        for raw in raws:
            yield raw, extract_prepared(raw)
        return
    from strikewatch.scale import map_on_client

    for batch, results in map_on_client(client, extract_prepared_batch, chunks(raws, BATCH)):
        yield from zip(batch, results, strict=True)


@contextmanager
def _cluster(workers: int, scheduler: str | None) -> Iterator[Any]:
    """A Dask client for the whole run (extraction, then building incidents), or None to run in-process."""
    if workers <= 1 and not scheduler:
        yield None
        return
    from strikewatch import scale

    with scale.dask_client(workers, scheduler) as client:
        yield client


def run(
    paths: Iterable[str],
    store: Store,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    on_article: Callable[[str], None] | None = None,
    on_resolve: Callable[[], None] | None = None,
) -> RunSummary:
    """Read every input, store what is new or changed, and re-resolve incidents. `on_article` is called with
    each article read (or skipped), `on_resolve` when every one is stored and linking begins."""
    summary = RunSummary()

    def fresh_articles() -> Iterator[RawArticle]:
        # Inputs come in chunks so that one query tells which are already stored unchanged.
        for chunk in chunks(iter_inputs(list(paths)), CHECK_BATCH):
            raws = []
            for item in chunk:
                if isinstance(item, Skipped):
                    summary.skipped.append(item)
                    if on_article:
                        on_article(item.source)
                else:
                    raws.append(item)
            stored = store.article_hashes([r.id for r in raws]) if raws else {}
            for raw in raws:
                summary.read += 1
                if stored.get(raw.id) == raw.content_hash:
                    summary.unchanged += 1
                    if on_article:
                        on_article(raw.id)
                    continue
                yield raw

    with _cluster(workers, scheduler) as client:
        pending: list[tuple[RawArticle, PreparedArticle]] = []
        for raw, result in _extracted(fresh_articles(), client):
            if isinstance(result, Skipped):
                summary.skipped.append(result)
            else:
                if len(raw.text) > MAX_EXTRACT_CHARS:
                    summary.truncated.append(raw.id)
                pending.append((raw, result))
                if len(pending) >= SAVE_BATCH:
                    _save(store, pending, summary)
                    pending = []
            if on_article:
                on_article(raw.id)
        _save(store, pending, summary)
        # needs_resolve: an earlier run was killed after storing articles, or another run stored some meanwhile.
        if summary.new or summary.revised or store.needs_resolve():
            if on_resolve:
                on_resolve()
            mapper = None
            if client is not None:
                from strikewatch.scale import batch_mapper

                mapper = batch_mapper(client)
            resolve_store(store, summary, map_batches=mapper)
    summary.incidents_total = store.count_incidents()
    return summary


def _save(store: Store, items: list[tuple[RawArticle, PreparedArticle]], summary: RunSummary) -> None:
    """Store a batch in one transaction; when one record cannot be stored, store the others one by one."""
    if not items:
        return
    try:
        outcomes = store.save_prepared([prepared for _, prepared in items])
    except (ValueError, UnicodeError):  # a record that cannot be stored; database errors stay fatal
        outcomes = []
        for raw, prepared in items:
            try:
                outcomes.extend(store.save_prepared([prepared]))
            except (ValueError, UnicodeError) as exc:
                log.exception("cannot store %s", raw.id)
                summary.skipped.append(
                    Skipped(source=raw.source or raw.id, line=raw.line, reason=f"cannot store article: {exc!r}"[:300])
                )
    for outcome in outcomes:
        setattr(summary, outcome, getattr(summary, outcome) + 1)


def resolve_store(
    store: Store, summary: RunSummary | None = None, map_batches: BatchMapper | None = None
) -> RunSummary:
    """Mark syndicated copies and link all stored mentions into incidents (incident records built through
    `map_batches`, on a Dask cluster, when given)."""
    summary = summary or RunSummary()
    for _ in range(RESOLVE_ROUNDS):
        _resolve_once(store, summary, map_batches)
        # Another process may have stored articles while we resolved and written incidents without them.
        if not store.needs_resolve():
            break
    return summary


def article_signatures(store: Store) -> list[tuple[str, bytes]]:
    """(id, deduplication signature) of every stored article; signatures missing from the store (articles
    stored before they were kept) are computed from the text once and stored."""
    out: list[tuple[str, bytes]] = []
    computed: list[tuple[str, str, bytes]] = []
    for aid, chash, sig, text in store.iter_article_signatures():
        if sig is None:
            sig = signature(text or "")
            computed.append((aid, chash, sig))
        out.append((aid, sig))
    if computed:
        store.set_signatures(computed)
    return out


def _resolve_once(store: Store, summary: RunSummary, map_batches: BatchMapper | None = None) -> None:
    as_of = store.articles_version()  # read first: what is stored later makes the result stale
    signatures = article_signatures(store)
    ids = [aid for aid, _ in signatures]
    duplicates: Duplicates
    if map_batches is None:
        duplicates = find_duplicates_by_signature(signatures)
    else:  # found on the cluster while this process reads the mentions
        finding = map_batches(duplicates_in_batch, [signatures])
        duplicates = functools.cache(lambda: next(finding)[0])
    del signatures  # not needed while resolving, so not held at the peak
    with gc_paused():  # loading and writing create many objects that live on: the collector would rescan them

        def resolved() -> Iterator[list[BuiltIncident]]:
            return resolve_in_batches(
                store.iter_mention_records(),  # streamed and unparsed: resolve keeps them compressed
                overrides=store.overrides(),
                previous=store.previous_assignment(),
                duplicates=duplicates,
                map_batches=map_batches,
            )

        # Linking is done before the write transaction opens, which then stays open only while built incidents
        # arrive and are written. A retried write (database busy) resolves again: keeping every built incident
        # in case of a retry would double the peak memory.
        first_attempt = [_started(resolved())]
        copies = known_duplicates(duplicates)
        store.set_duplicates({aid: copies.get(aid) for aid in ids})
        summary.duplicates = sum(1 for aid in ids if copies.get(aid))

        def parts() -> Iterator[tuple[list[dict], list[IncidentLink]]]:
            for batch in first_attempt.pop() if first_attempt else resolved():
                yield [b.row() for b in batch], [link for b in batch for link in b.links]

        created, updated = store.replace_incident_parts(parts, as_of=as_of)
    summary.incidents_created, summary.incidents_updated = created, updated


def _started(items: Iterator) -> Iterator:
    """The same items, the first one already computed."""
    first = list(islice(items, 1))
    return chain(first, items)


def ingest_raw_articles(store: Store, raws: list[RawArticle]) -> dict[str, list[str]]:
    """Store and extract a few articles (API ingest), re-resolve, and say which incidents each joined."""
    for raw in raws:
        if store.article_hash(raw.id) == raw.content_hash:
            continue
        result = extract_safely(raw)
        if isinstance(result, Skipped):
            raise ValueError(result.reason)
        store.save_article(result, source=raw.source)
    resolve_store(store)
    wanted = {r.id for r in raws}
    joined: dict[str, list[str]] = {r.id: [] for r in raws}
    for incident in store.iter_incidents():
        for m in incident.mentions:
            if m.article_id in wanted and incident.id not in joined[m.article_id]:
                joined[m.article_id].append(incident.id)
    return joined
