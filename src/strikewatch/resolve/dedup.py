"""Near-duplicate articles (syndicated wire copies) with MinHash LSH over word shingles.

A wire story republished by several outlets must not count as several independent sources, so copies
are mapped to one original: the lexicographically smallest article id of each group (deterministic
whatever the input order).

The MinHash of an article (`signature`) depends on its text alone, so it is computed once, where the
article is extracted (in the Dask workers on a cluster), and stored with it; `find_duplicates_by_signature`
then groups a whole archive without reading or re-hashing any text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 5  # words per shingle
SIGNATURE_BYTES = NUM_PERM * 4  # 128 uint32 hash values, little-endian
_WORD = re.compile(r"\w+", re.UNICODE)
_HASH_CHUNK = 4096  # shingles hashed per numpy step (bounds memory on a multi-megabyte text)
_STREAM_CHARS = 1_000_000  # longer texts are read word by word instead of as one word list


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """Lower-cased word n-grams; short texts fall back to their words."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return set(words)
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    """datasketch's permutations for (NUM_PERM, seed 1), drawn once per process instead of once per article."""
    return MinHash(num_perm=NUM_PERM, seed=1).permutations


def _iter_shingle_batches(text: str, size: int) -> Iterator[list[bytes]]:
    """The same shingles as `shingles` (repeats included), UTF-8 encoded, in batches; a huge text is read
    word by word so it is never held as a list of words or a set of shingles."""
    lowered = text.lower()
    if len(lowered) <= _STREAM_CHARS:
        words = _WORD.findall(lowered)
        if len(words) < size:
            yield [w.encode("utf-8") for w in words]
        else:
            yield [" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)]
        return
    window: list[str] = []
    batch: list[bytes] = []
    for m in _WORD.finditer(lowered):
        window.append(m.group())
        if len(window) > size:
            del window[0]
        if len(window) == size:
            batch.append(" ".join(window).encode("utf-8"))
            if len(batch) >= _HASH_CHUNK:
                yield batch
                batch = []
    if len(window) < size:  # fewer words than one shingle
        batch = [w.encode("utf-8") for w in window]
    yield batch


def signature(text: str) -> bytes:
    """The article's MinHash over its word shingles, as NUM_PERM little-endian uint32 (b"" for a text without
    words). Identical to hashing the shingle set with datasketch (the minimum ignores repeats and order)."""
    mh = MinHash(num_perm=NUM_PERM, seed=1, permutations=_permutations(), scheme="affine32")
    seen = False
    for batch in _iter_shingle_batches(text, SHINGLE):
        if batch:
            mh.update_batch(batch)
            seen = True
    if not seen:
        return b""
    return mh.hashvalues.astype("<u4", copy=False).tobytes()


@lru_cache(maxsize=8)
def _bands(threshold: float) -> list[tuple[int, int]]:
    """Byte ranges of the LSH bands datasketch's MinHashLSH picks for this threshold."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return [(start * 4, end * 4) for start, end in lsh.hashranges]


def _similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity: the share of equal hash values (as MinHash.jaccard computes it)."""
    x, y = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    return float(np.count_nonzero(x == y)) / float(NUM_PERM)


def duplicates_in_batch(signatures: list[tuple[str, bytes]]) -> list[dict[str, str]]:
    """`find_duplicates_by_signature` as a `BatchMapper` function: the whole list is one batch."""
    return [find_duplicates_by_signature(signatures)]


def find_duplicates_by_signature(signatures: Iterable[tuple[str, bytes]], threshold: float = 0.8) -> dict[str, str]:
    """Map each syndicated copy to its original, from `signature`s: {copy_id: original_id}.

    Candidates are articles that share an LSH band (the bands MinHashLSH uses), confirmed on the
    estimated Jaccard similarity; groups are the connected components of confirmed pairs. An empty
    signature (no words) is never a duplicate. A repeated id keeps its last signature.
    """
    items = sorted({aid: sig for aid, sig in signatures}.items())
    bands = _bands(threshold)
    # One dict per band: band bytes -> the id (or the ids) already seen with it.
    buckets: list[dict[bytes, str | list[str]]] = [{} for _ in bands]
    sigs: dict[str, bytes] = {}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for aid, sig in items:
        if not sig:
            continue
        if len(sig) != SIGNATURE_BYTES:
            raise ValueError(f"signature of {aid!r} has {len(sig)} bytes, not {SIGNATURE_BYTES}")
        candidates: set[str] = set()
        keys = []
        for (start, end), table in zip(bands, buckets, strict=True):
            key = sig[start:end]
            keys.append(key)
            hit = table.get(key)
            if hit is None:
                continue
            if isinstance(hit, str):
                candidates.add(hit)
            else:
                candidates.update(hit)
        parent[aid] = aid
        for other in sorted(candidates):
            if _similarity(sig, sigs[other]) >= threshold:
                ra, rb = find(aid), find(other)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
        sigs[aid] = sig
        for key, table in zip(keys, buckets, strict=True):
            hit = table.get(key)
            if hit is None:
                table[key] = aid
            elif isinstance(hit, str):
                table[key] = [hit, aid]
            else:
                hit.append(aid)
    out: dict[str, str] = {}
    for aid in parent:
        root = find(aid)
        if root != aid:
            out[aid] = root
    return dict(sorted(out.items()))


def find_duplicates(articles: Iterable[tuple[str, str]], threshold: float = 0.8) -> dict[str, str]:
    """Map each syndicated copy to its original: {copy_id: original_id}; originals are not keys.

    Candidates come from LSH and are confirmed on the estimated Jaccard similarity; groups are the
    connected components of confirmed pairs.
    """
    texts = dict(articles)  # a repeated id keeps its last text
    return find_duplicates_by_signature(((aid, signature(text)) for aid, text in texts.items()), threshold)
