"""Stable incident ids across re-runs.

An incident keeps the previous id it overlaps most (by number of mentions; ties by the smaller id), and an
id is never given to two incidents: assignments are made greedily, largest overlap first. A new incident
gets `inc-` + the first 12 hex digits of sha1 of its smallest mention id, so a fresh store fed the same
corpus produces the same ids.
"""

from __future__ import annotations

import hashlib
from collections import Counter


def fresh_id(smallest_mention_id: str, salt: int = 0) -> str:
    seed = smallest_mention_id if salt == 0 else f"{smallest_mention_id}#{salt}"
    return "inc-" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12]


def assign_ids(groups: list[list[str]], previous: dict[str, str] | None) -> list[str]:
    """One id per group of mention ids (same order as `groups`)."""
    previous = previous or {}
    candidates: list[tuple[int, str, str, int]] = []  # (-overlap, prev id, smallest mention, group index)
    for gi, mids in enumerate(groups):
        overlap = Counter(previous[m] for m in mids if m in previous)
        for pid, n in overlap.items():
            candidates.append((-n, pid, min(mids), gi))
    candidates.sort()
    ids: list[str | None] = [None] * len(groups)
    used: set[str] = set()
    for _n, pid, _m, gi in candidates:
        if ids[gi] is None and pid not in used:
            ids[gi] = pid
            used.add(pid)
    reserved = used | set(previous.values())
    for gi, mids in enumerate(groups):
        if ids[gi] is None:
            salt = 0
            new = fresh_id(min(mids))
            while new in reserved:
                salt += 1
                new = fresh_id(min(mids), salt)
            ids[gi] = new
            reserved.add(new)
    return [i for i in ids if i is not None]
