"""Candidate generation (blocking) and greedy constrained clustering.

Blocking keeps the cost near n log n: mentions with an absolute date are sorted by date inside each
country and compared only within a sliding window of overlapping dates (±1 day); a mention with no place
at all is looked up only against mentions it could still link to (same original article, a shared key,
the same day), since a place score of zero rules out every other rule. Mentions that cannot be
placed on the calendar (no date, a bare weekday or year-less day from an undated article, a bare year)
are compared only with mentions sharing a specific token (a key, a precise place id, a month-day, a
weekday in the same province, the article context); over-full token buckets are skipped as too generic.
Country blocks are independent of each other: on a cluster they are scored there (`block_batches`,
`score_blocks`), cut into runs of consecutive dates, while the main process scores the other pairs.

Clustering is greedy agglomeration over the scored pairs, best first, with cluster-level constraints so
that one loose mention cannot chain two distinct incidents together: two mentions of one article never
meet, event families must be compatible, precise places must agree, and two well-established clusters
on different days stay apart.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain

from strikewatch.resolve.batches import BatchMapper, gc_paused
from strikewatch.resolve.features import (
    PairScore,
    Profile,
    Spot,
    compare,
    date_tokens,
    one_wave,
    profile_from,
    spots_match,
    type_score,
)

MAX_BUCKET = 400  # token buckets larger than this are too generic to compare exhaustively
MAX_SPOTS = 24  # precise places remembered per cluster for the place constraint
BLOCK_TASK_MENTIONS = 12_000  # mentions of a country block scored per task on a cluster (~0.5 s of work)


def is_floating(p: Profile) -> bool:
    """True when the mention cannot be placed in the date-sorted window (day or month interval)."""
    return p.date.kind not in ("day", "month")


def _country_blocks(profiles: list[Profile]) -> dict[str, list[Profile]]:
    """Calendar-placed mentions by country, each block sorted by date (a mention of two countries is in both)."""
    blocks: dict[str, list[Profile]] = defaultdict(list)
    for p in profiles:
        if not is_floating(p):
            for c in p.countries:
                blocks[c].append(p)
    for block in blocks.values():
        block.sort(key=lambda p: (p.date.lo, p.idx))
    return blocks


def _reach(los: list[int | None], a: Profile, i: int) -> int:
    """End (exclusive) of the date window of the block's i-th mention `a`: the later mentions it overlaps."""
    return bisect.bisect_right(los, (a.date.hi or 0) + 1, lo=i + 1)


def _block_pairs(country: str, block: list[Profile], outer: int) -> Iterator[tuple[int, int]]:
    """Pairs of a date-sorted country block whose dates overlap (±1 day), for its first `outer` mentions."""
    los = [p.date.lo for p in block]
    for i in range(outer):
        a = block[i]
        for b in block[i + 1 : _reach(los, a, i)]:
            if len(a.countries) > 1 or len(b.countries) > 1:
                if min(a.countries & b.countries) != country:  # emit each pair in one block only
                    continue
            yield (a.idx, b.idx)


def _window_pairs(profiles: list[Profile]) -> Iterator[tuple[int, int]]:
    """Pairs of calendar-placed mentions whose dates overlap (±1 day) and that share a country."""
    blocks = _country_blocks(profiles)
    for country in sorted(blocks):
        yield from _block_pairs(country, blocks[country], len(blocks[country]))
    yield from _countryless_window_pairs(profiles)


def _countryless_window_pairs(profiles: list[Profile]) -> Iterator[tuple[int, int]]:
    """Pairs of a calendar-placed mention without a country and any calendar-placed mention it overlaps."""
    placed = [p for p in profiles if not is_floating(p)]
    nocountry = [p for p in placed if not p.countries]
    if nocountry:
        everyone = sorted(placed, key=lambda p: (p.date.lo, p.idx))
        los = [p.date.lo for p in everyone]
        positions: dict[str, list[int]] = defaultdict(list)
        for pos, b in enumerate(everyone):
            for tok in _placeless_tokens(b):
                positions[tok].append(pos)
        for a in nocountry:
            start = bisect.bisect_left(los, (a.date.lo or 0) - 32)
            stop = bisect.bisect_right(los, (a.date.hi or 0) + 1)
            if is_placeless(a):
                # nothing to compare places on: only the mentions that could still link are looked up,
                # not the whole month of reports around it
                found = {pos for tok in _placeless_tokens(a) for pos in positions.get(tok, ()) if start <= pos < stop}
                window = [everyone[pos] for pos in sorted(found)]
            else:
                window = everyone[start:stop]
            for b in window:
                if b.idx == a.idx or (not b.countries and b.idx < a.idx):
                    continue
                if (b.date.hi or 0) + 1 >= (a.date.lo or 0):
                    yield (min(a.idx, b.idx), max(a.idx, b.idx))


def is_placeless(p: Profile) -> bool:
    """True when the mention has no country, province, district or precise place."""
    return not (p.countries or p.admin1 or p.admin2 or p.spots)


def _placeless_tokens(p: Profile) -> list[str]:
    """What a pair with a placeless side must share to link (`features.compare` with a place score of 0):
    the original article and role (a syndicated copy), a key, or the very day."""
    toks = [f"o:{p.origin}:{p.role}", *(f"k:{k}" for k in p.keys)]
    if p.date.kind == "day":
        toks.append(f"d:{p.date.lo}")
    return toks


def _tokens(p: Profile, query: bool = False) -> list[str]:
    """Specific tokens a floating mention can be matched on (`query`: the ones it looks up).

    A mention without a country looks its month-day up across all countries ("d:*:..."); others only
    within their own countries.
    """
    toks = [f"k:{k}" for k in p.keys]
    toks += [f"g:{s.gid or s.name}" for s in p.spots]
    toks += [f"x:{c}" for c in p.context]
    for md in date_tokens(p.date):
        toks += [f"d:{c}:{md}" for c in p.countries]
        if not (query and p.countries):
            toks.append(f"d:*:{md}")
    # a bare weekday meets same-weekday year-less reports from the same province (both undated articles;
    # against a full date a bare weekday is too loose to link on place alone)
    wd = p.date.weekday if p.date.kind in ("wd", "md") else None
    if wd is not None:
        toks += [f"w:{a1}:{wd}" for a1 in p.admin1]
    return toks


def _token_pairs(profiles: list[Profile]) -> Iterator[tuple[int, int]]:
    """Pairs with at least one floating mention that share a specific token."""
    buckets: dict[str, list[int]] = defaultdict(list)
    floating = [p for p in profiles if is_floating(p)]
    if not floating:
        return
    for p in profiles:
        for tok in set(_tokens(p)):
            buckets[tok].append(p.idx)
    seen: set[tuple[int, int]] = set()
    for p in floating:
        tied_only = _links_only_when_tied(p)
        for tok in sorted(set(_tokens(p, query=True))):
            bucket = buckets[tok]
            if len(bucket) > MAX_BUCKET:
                continue
            for j in bucket:
                if j == p.idx or (tied_only and not _tied(p, profiles[j])):
                    continue
                pair = (min(p.idx, j), max(p.idx, j))
                if pair not in seen:
                    seen.add(pair)
                    yield pair


def _links_only_when_tied(p: Profile) -> bool:
    """True for a mention with no place and no date finer than a year: with a place score of 0 and a date
    score of at most 0.1, `features.compare` links it only to its syndicated copy or over a shared key. Such
    background recalls share their article's context with hundreds of reports."""
    return is_placeless(p) and p.date.kind in ("none", "year")


def _tied(a: Profile, b: Profile) -> bool:
    """Copies of one original report (same role), or sharing a key."""
    return (a.origin == b.origin and a.role == b.role) or not a.keys.isdisjoint(b.keys)


def candidate_pairs(profiles: list[Profile]) -> Iterator[tuple[int, int]]:
    """All pairs worth scoring (window pairs, then token pairs; a pair may repeat across the two)."""
    yield from _window_pairs(profiles)
    yield from _token_pairs(profiles)


def scored_edges(
    profiles: list[Profile], map_batches: BatchMapper | None = None, stored: Sequence[str] | None = None
) -> list[tuple[float, int, int, PairScore]]:
    """Score candidate pairs; keep linkable ones, best first (ties by mention order, deterministic).

    With `map_batches` (a Dask cluster) and `stored` (each profile's linking features as stored), the
    country blocks, independent of each other and most of the pairs, are scored there while this process
    scores the rest; the edges are the same.
    """
    edges: dict[tuple[int, int], PairScore] = {}
    if map_batches is not None and stored is not None:
        scored_elsewhere = map_batches(score_blocks, block_batches(profiles, stored))
        pairs: Iterable[tuple[int, int]] = chain(_countryless_window_pairs(profiles), _token_pairs(profiles))
    else:
        scored_elsewhere, pairs = iter(()), candidate_pairs(profiles)
    for i, j in pairs:
        if (i, j) in edges:
            continue
        s = compare(profiles[i], profiles[j])
        if s is not None:
            edges[(i, j)] = s
    for batch in scored_elsewhere:
        for total, i, j, features in batch:
            edges.setdefault((i, j), PairScore(total, features))
    out = [(s.total, i, j, s) for (i, j), s in edges.items()]
    out.sort(key=lambda e: (-e[0], e[1], e[2]))
    return out


@dataclass(slots=True)
class BlockTask:
    """A run of one country's date-sorted block to score elsewhere: its first `outer` members paired with the
    later members in their date window. Members travel as their stored linking features, the cheapest form
    to send, as (profile index, article, original article, features JSON, article context)."""

    country: str
    outer: int
    members: list[tuple[int, str, str, str, tuple[str, ...]]]


def block_batches(profiles: list[Profile], stored: Sequence[str]) -> list[list[BlockTask]]:
    """The country blocks cut into runs of at most BLOCK_TASK_MENTIONS mentions (a big country's block is
    split by date, each run carrying the later mentions its window reaches), in batches of about that many."""
    batches: list[list[BlockTask]] = [[]]
    size = 0
    blocks = _country_blocks(profiles)
    for country in sorted(blocks):
        block = blocks[country]
        los = [p.date.lo for p in block]
        for start in range(0, len(block), BLOCK_TASK_MENTIONS):
            end = min(start + BLOCK_TASK_MENTIONS, len(block))
            reach = max(_reach(los, block[i], i) for i in range(start, end))
            members = [(p.idx, p.article, p.origin, stored[p.idx], tuple(p.context)) for p in block[start:reach]]
            if size >= BLOCK_TASK_MENTIONS:
                batches.append([])
                size = 0
            batches[-1].append(BlockTask(country, end - start, members))
            size += end - start
    return [batch for batch in batches if batch]


def score_blocks(tasks: list[BlockTask]) -> list[tuple[float, int, int, dict]]:
    """The linkable pairs of a batch of block runs, as (total, i, j, features) (what a worker runs)."""
    out: list[tuple[float, int, int, dict]] = []
    with gc_paused():
        for task in tasks:
            block = []
            for idx, article, origin, features, context in task.members:
                p = profile_from(idx, json.loads(features), article, origin)
                p.context = frozenset(context)
                block.append(p)
            by_idx = {p.idx: p for p in block}
            for i, j in _block_pairs(task.country, block, task.outer):
                s = compare(by_idx[i], by_idx[j])
                if s is not None:
                    out.append((s.total, i, j, s.features))
    return out


class Clusters:
    """Union-find with per-cluster summaries used as merge constraints."""

    def __init__(self, profiles: list[Profile]) -> None:
        n = len(profiles)
        self.parent = list(range(n))
        self.members: list[list[int]] = [[i] for i in range(n)]
        self.articles: list[set[str]] = [{p.article} for p in profiles]
        self.types: list[set[str]] = [{p.etype} for p in profiles]
        self.days: list[Counter[int]] = [
            Counter({p.date.lo: 1}) if p.date.kind == "day" and p.date.lo is not None else Counter() for p in profiles
        ]
        self.spots: list[tuple[Spot, ...]] = [p.spots[:MAX_SPOTS] for p in profiles]
        self.admin1: list[set[str]] = [set(p.admin1) for p in profiles]
        self.mds: list[set[int]] = [set(_md_of(p)) for p in profiles]

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def can_merge(self, a: int, b: int) -> bool:
        """Cluster-level constraints (a, b are roots)."""
        small, big = (a, b) if len(self.articles[a]) <= len(self.articles[b]) else (b, a)
        if any(x in self.articles[big] for x in self.articles[small]):
            return False
        if any(type_score(x, y) is None for x in self.types[a] for y in self.types[b]):
            return False
        if (
            self.spots[a]
            and self.spots[b]
            and spots_match(self.spots[a], self.spots[b])[0] <= 0
            and not one_wave(self.admin1[a], self.admin1[b])
        ):
            return False
        if self.mds[a] and self.mds[b] and not _mds_close(self.mds[a] | self.mds[b]):
            return False
        da, db = self.days[a], self.days[b]
        if da and db:
            (mode_a, na), (mode_b, nb) = _mode(da), _mode(db)
            gap = abs(mode_a - mode_b)
            if gap > 1 or (gap == 1 and na >= 2 and nb >= 2):
                return False
            if max(max(da), max(db)) - min(min(da), min(db)) > 2:
                return False
        return True

    def union(self, a: int, b: int) -> int:
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a].extend(self.members[b])
        self.articles[a] |= self.articles[b]
        self.types[a] |= self.types[b]
        self.days[a].update(self.days[b])
        self.mds[a] |= self.mds[b]
        self.admin1[a] |= self.admin1[b]
        if len(self.spots[a]) < MAX_SPOTS:
            known = {(s.gid, s.name) for s in self.spots[a]}
            extra = tuple(s for s in self.spots[b] if (s.gid, s.name) not in known)
            self.spots[a] = (self.spots[a] + extra)[:MAX_SPOTS]
        self.members[b], self.articles[b], self.days[b], self.spots[b], self.mds[b] = [], set(), Counter(), (), set()
        self.admin1[b] = set()
        return a

    def groups(self) -> list[list[int]]:
        return [sorted(m) for i, m in enumerate(self.members) if self.parent[i] == i]


def _md_of(p: Profile) -> list[int]:
    """Day of a leap year (1..366) of a full or year-less day, for the cluster date constraint."""
    if p.date.kind == "day" and p.date.month and p.date.day:
        month, day = p.date.month, p.date.day
    elif p.date.kind == "md" and p.date.month and p.date.day:
        month, day = p.date.month, p.date.day
    else:
        return []
    try:
        return [dt.date(2000, month, day).timetuple().tm_yday]
    except ValueError:
        return []


def _mds_close(mds: set[int], tolerance: int = 2) -> bool:
    """All month-days of a cluster within `tolerance` days of each other (round the year end)."""
    values = sorted(mds)
    if values[-1] - values[0] <= tolerance:  # the common case, without comparing every pair
        return True
    return all(min(abs(x - y), 366 - abs(x - y)) <= tolerance for x in values for y in values)


def _mode(days: Counter[int]) -> tuple[int, int]:
    day, count = min(days.items(), key=lambda kv: (-kv[1], kv[0]))
    return day, count


def cluster(
    profiles: list[Profile], edges: Iterable[tuple[float, int, int, PairScore]]
) -> tuple[list[list[int]], dict[int, tuple[int, PairScore]]]:
    """Greedy best-first merging; returns groups of profile indices and, per index, its best accepted edge."""
    uf = Clusters(profiles)
    best: dict[int, tuple[int, PairScore]] = {}
    accepted: list[tuple[int, int, PairScore]] = []
    for _total, i, j, s in edges:
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj:
            accepted.append((i, j, s))
            continue
        if uf.can_merge(ri, rj):
            uf.union(ri, rj)
            accepted.append((i, j, s))
    for i, j, s in accepted:  # best-first order: the first edge seen per mention is its best
        if uf.find(i) != uf.find(j):
            continue
        best.setdefault(i, (j, s))
        best.setdefault(j, (i, s))
    return uf.groups(), best
