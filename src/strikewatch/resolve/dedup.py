"""Near-duplicate articles (syndicated wire copies) with MinHash LSH over word shingles.

A wire story republished by several outlets must not count as several independent sources, so copies
are mapped to one original: the lexicographically smallest article id of each group (deterministic
whatever the input order).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 5  # words per shingle
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """Lower-cased word n-grams; short texts fall back to their words."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return set(words)
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _minhash(items: set[str]) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, seed=1)
    mh.update_batch([s.encode("utf-8") for s in sorted(items)])
    return mh


def find_duplicates(articles: Iterable[tuple[str, str]], threshold: float = 0.8) -> dict[str, str]:
    """Map each syndicated copy to its original: {copy_id: original_id}; originals are not keys.

    Candidates come from LSH and are confirmed on the estimated Jaccard similarity; groups are the
    connected components of confirmed pairs.
    """
    items = sorted({aid: text for aid, text in articles}.items())
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    hashes: dict[str, MinHash] = {}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for aid, text in items:
        sh = shingles(text)
        if not sh:
            continue
        mh = _minhash(sh)
        hashes[aid] = mh
        parent[aid] = aid
        for other in lsh.query(mh):
            if mh.jaccard(hashes[other]) >= threshold:
                ra, rb = find(aid), find(other)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
        lsh.insert(aid, mh)
    out: dict[str, str] = {}
    for aid in parent:
        root = find(aid)
        if root != aid:
            out[aid] = root
    return dict(sorted(out.items()))
