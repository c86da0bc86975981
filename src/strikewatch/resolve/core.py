"""Resolution: link incident mentions across articles into incidents, explain every link.

Steps: profile each mention -> score candidate pairs (blocked by date window x country, see `link.py`)
-> greedy constrained clustering -> analysts' overrides in the order they were made -> aggregate each
cluster into an `Incident` -> fill relative dates from the incident -> stable ids.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from strikewatch.model import DateValue, Incident, IncidentMention
from strikewatch.resolve.aggregate import (
    build_attribution,
    casualty_range,
    choose_date,
    merge_casualties,
    merge_claims,
    merge_locations,
    merge_mentions,
    merge_targets,
    vote_type,
)
from strikewatch.resolve.batches import BatchMapper, gc_paused, map_here
from strikewatch.resolve.datekeys import date_key, date_score, resolve_against
from strikewatch.resolve.features import (
    PairScore,
    Profile,
    date_tokens,
    features_json,
    place_score,
    profile,
    profile_from,
    type_score,
)
from strikewatch.resolve.ids import assign_ids
from strikewatch.resolve.link import cluster, scored_edges
from strikewatch.store.base import IncidentLink, chunks, explanation_json
from strikewatch.store.sql import incident_row


class CompactIncidents(Sequence):
    """Incidents kept as compressed JSON and read back one at a time: at 100k articles the finished
    records would otherwise be the largest thing in memory while they are written. Each keeps its
    store row's other columns too, so the store writes it without parsing it again (`rows`)."""

    def __init__(self) -> None:
        self._items: list[tuple[tuple, bytes, dict]] = []

    def add(self, incident: Incident) -> None:
        self.add_compressed(*_compressed(incident))

    def add_compressed(self, sort_key: tuple, raw: bytes, columns: dict) -> None:
        self._items.append((sort_key, raw, columns))

    def sort(self) -> None:
        self._items.sort(key=lambda item: item[0])

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index):  # noqa: ANN001, ANN204 - an int or a slice, as for a list
        if isinstance(index, slice):
            return [self._read(item[1]) for item in self._items[index]]
        return self._read(self._items[index][1])

    def rows(self) -> Iterator[dict]:
        """The `incidents` rows (`store.sql.incident_row`), one at a time."""
        for _, raw, columns in self._items:
            yield _row(columns, raw)

    @staticmethod
    def _read(raw: bytes) -> Incident:
        return Incident.model_validate_json(zlib.decompress(raw))


def _row(columns: dict, record: bytes | str) -> dict:
    """An `incidents` row from its columns but the payload and the payload (compressed, or plain JSON)."""
    payload = record if isinstance(record, str) else zlib.decompress(record).decode("utf-8")
    return {**columns, "payload": payload}


def _compressed(incident: Incident, compress: bool = True) -> tuple[tuple, bytes | str, dict]:
    """(sort key, compressed JSON, other row columns) of an incident, as `CompactIncidents` keeps it; with
    `compress` False, the plain JSON (a record about to be written needs no compressing)."""
    payload = incident.model_dump_json()
    columns = incident_row(incident, payload)
    del columns["payload"]
    return _date_sort_key(incident), zlib.compress(payload.encode("utf-8"), 1) if compress else payload, columns


@dataclass
class ResolveResult:
    """Incidents in (date, id) order, one link per mention, and the mentions with filled-in dates."""

    incidents: Sequence[Incident]
    links: list[IncidentLink]
    mentions: list[IncidentMention] = field(default_factory=list)

    def assignment(self) -> dict[str, str]:
        """mention id -> incident id (what the store keeps as `previous_assignment`)."""
        return {link.mention_id: link.incident_id for link in self.links}


def _with_context(profiles: list[Profile]) -> None:
    """Each mention's context: dates and keys of the other mentions of its article.

    Two articles that recall the same earlier event (say, both mention an attack "on August 15") are
    likely reporting the same main event; this is the only way an undated report can join a dated one.
    """
    by_article: dict[str, list[Profile]] = defaultdict(list)
    for p in profiles:
        by_article[p.article].append(p)
    for siblings in by_article.values():
        if len(siblings) < 2:
            continue
        toks = {
            p.idx: {f"d{t}" for t in date_tokens(p.date)} | {f"k{k}" for k in p.keys} | _month_token(p)
            for p in siblings
        }
        for p in siblings:
            p.context = frozenset(t for q in siblings if q.idx != p.idx for t in toks[q.idx])


def _month_token(p: Profile) -> set[str]:
    """A recalled month ("in June last year") as context: weaker than a day, still shared specifics."""
    if p.role == "background" and p.date.kind in ("month", "m") and p.date.month:
        return {f"m{p.date.month:02d}"}
    return set()


def _link_shared_recalls(
    groups: list[list[int]], profiles: list[Profile], best: dict[int, tuple[int, PairScore]]
) -> list[list[int]]:
    """Reports of one incident that recall an earlier strike of the same kind and time ("in June last year,
    the US hit two sites in Syria") recall the same strike, even when the recall gives no place or day."""
    group_of = {i: gi for gi, g in enumerate(groups) for i in g}
    by_main: dict[int, list[Profile]] = defaultdict(list)
    mains = {}
    for p in profiles:
        if p.role == "main":
            mains.setdefault(p.article, group_of[p.idx])
    for p in profiles:
        if p.role == "background" and p.article in mains:
            by_main[mains[p.article]].append(p)
    parent = list(range(len(groups)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for recalls in by_main.values():
        for n, a in enumerate(recalls):
            for b in recalls[n + 1 :]:
                ga, gb = find(group_of[a.idx]), find(group_of[b.idx])
                if a.article == b.article or ga == gb:
                    continue
                t = type_score(a.etype, b.etype)
                d, how = date_score(a.date, b.date)
                p, place_how, _ = place_score(a, b)
                if t is None or d is None or p is None or not _recalled_alike(t, d, p):
                    continue
                members = {profiles[i].article for i in groups[ga]} & {profiles[i].article for i in groups[gb]}
                if members:
                    continue  # an article's own mentions never merge
                parent[gb] = ga
                groups[ga] = groups[ga] + groups[gb]
                groups[gb] = []
                score = PairScore(
                    total=round(t + d + p, 3),
                    features={
                        "rule": "recalled alike by reports of the same incident",
                        "type": t,
                        "date": d,
                        "date_how": how,
                        "place": p,
                        "place_how": place_how,
                        "total": round(t + d + p, 3),
                    },
                )
                best.setdefault(a.idx, (b.idx, score))
                best.setdefault(b.idx, (a.idx, score))
    return [sorted(g) for g in groups if g]


def _recalled_alike(type_fit: float, date_fit: float, place_fit: float) -> bool:
    """Two recalls by reports of one incident name one earlier strike: of the same kind at a fitting time, or
    at the same place (province or closer) when one gives no kind ('the attack') or no date."""
    return (type_fit >= 0.6 and date_fit > 0) or (type_fit >= 0.2 and place_fit >= 0.4)


def _apply_overrides(
    groups: list[list[int]],
    overrides: Iterable[dict],
    index: dict[str, int],
    articles: list[str],
    previous: dict[str, str],
) -> tuple[list[list[int]], dict[int, str]]:
    """Apply merge/split corrections in order; returns new groups and, per profile index, the override kind."""
    where: dict[int, int] = {i: g for g, members in enumerate(groups) for i in members}
    sets: dict[int, set[int]] = {g: set(m) for g, m in enumerate(groups)}
    touched: dict[int, str] = {}
    next_gid = len(groups)
    by_prev: dict[str, list[int]] = defaultdict(list)
    previous_of: dict[int, str] = {}
    for mid, iid in previous.items():
        if mid in index:
            by_prev[iid].append(index[mid])
            previous_of[index[mid]] = iid
    for ov in overrides:
        kind, payload = ov.get("kind"), ov.get("payload") or {}
        mids = [index[m] for m in payload.get("mention_ids") or [] if m in index]
        if kind == "merge":
            if not mids:
                mids = [i for iid in payload.get("incident_ids") or [] for i in by_prev.get(iid, [])]
            gids = sorted({where[i] for i in mids})
            if len(gids) < 2:
                continue
            keep = gids[0]
            for g in gids[1:]:
                for i in sets.pop(g):
                    where[i] = keep
                    sets[keep].add(i)
            for i in sets[keep]:
                touched[i] = "merge"
        elif kind == "split":
            if not mids:
                mids = _split_fallback(payload, articles, where, sets, by_prev, previous_of)
            if not mids:
                continue
            for i in mids:
                sets[where[i]].discard(i)
            sets[next_gid] = set(mids)
            for i in mids:
                where[i] = next_gid
                touched[i] = "split"
            next_gid += 1
    return [sorted(s) for _g, s in sorted(sets.items()) if s], touched


def _split_fallback(
    payload: dict,
    articles: list[str],
    where: dict[int, int],
    sets: dict[int, set[int]],
    by_prev: dict[str, list[int]],
    previous_of: dict[int, str],
) -> list[int]:
    """A split given only as (incident_id, article_id): that article's mentions in the incident's group."""
    article, iid = payload.get("article_id"), payload.get("incident_id")
    if not article:
        return []
    own = [i for i, a in enumerate(articles) if a == article]
    if not iid:
        return own
    homes = {where[i] for i in by_prev.get(iid, [])}
    return [i for i in own if where[i] in homes or previous_of.get(i) == iid]


def _fill_date(mention: IncidentMention, incident_date: DateValue) -> DateValue | None:
    """A bare weekday or year-less day re-read against the incident's full date (the nearest fitting day)."""
    key = date_key(mention.date)
    if key.kind not in ("md", "wd", "m") or incident_date.precision != "day":
        return None
    try:
        ref = dt.date.fromisoformat(incident_date.value or "")
    except ValueError:
        return None
    if key.kind == "wd" and key.weekday is not None:
        shift = (key.weekday - ref.weekday() + 3) % 7 - 3  # nearest such weekday, -3..+3 days
        d = ref + dt.timedelta(days=shift)
        iso = d.isoformat()
        return DateValue(value=iso, precision="day", earliest=iso, latest=iso, text=mention.date.text)
    out = resolve_against(mention.date, ref)
    return out if date_key(out).kind in ("day", "month") else None


def _date_sort_key(inc: Incident) -> tuple:
    v = inc.date.value or ""
    return (0 if v[:1].isdigit() else 1 if v else 2, v, inc.id)


# A mention as the store keeps it, read without parsing: (mention id, article id, IncidentMention JSON,
# `link_features` JSON, compressed JSON), the JSON being None when the other two are given.
MentionRecord = tuple[str, str, str | None, str | None, bytes | None]
# Syndicated copies (article id -> original article id), or a function giving them when they are needed.
Duplicates = dict[str, str] | Callable[[], dict[str, str]] | None
BUILD_BATCH = 400  # incidents built per task when building is mapped out (~0.15 s of work)


def known_duplicates(duplicates: Duplicates) -> dict[str, str]:
    """The syndicated copies, found now when given as a function."""
    return (duplicates() if callable(duplicates) else duplicates) or {}


def resolve(
    mentions: Iterable[IncidentMention | MentionRecord],
    overrides: Iterable[dict] | None = None,
    previous: dict[str, str] | None = None,
    duplicates: dict[str, str] | None = None,
    keep_mentions: bool = True,
    map_batches: BatchMapper | None = None,
) -> ResolveResult:
    """Link mentions into incidents.

    `mentions`: `IncidentMention`s or the store's `MentionRecord`s (not parsed twice);
    `overrides`: analysts' corrections in order ({"kind": "merge"|"split", "payload": {...}});
    `previous`: mention id -> incident id from the last run (keeps ids stable);
    `duplicates`: article id -> original article id (syndicated copies, from `find_duplicates`);
    `keep_mentions`: return the mentions with filled dates too (the runner does not need them);
    `map_batches`: where the country blocks' pairs are scored (blocks are independent: a Dask cluster scores
    them while this process scores the rest) and the incident records built (each depends on its own mentions
    only); by default all in this process. The result is the same either way.
    """
    with gc_paused():
        incidents = CompactIncidents()
        links: list[IncidentLink] = []
        out_mentions: dict[str, IncidentMention] = {}
        built_batches = _built_batches(mentions, overrides, previous, duplicates, keep_mentions, False, map_batches)
        for built_batch in built_batches:
            for built in built_batch:
                incidents.add_compressed(built.sort_key, built.record, built.columns)
                links.extend(built.links)
                out_mentions.update((m.id, m) for m in built.mentions)
        incidents.sort()
        links.sort(key=lambda link: (link.incident_id, link.mention_id))
        mentions_out = [out_mentions[k] for k in sorted(out_mentions)]
        return ResolveResult(incidents=incidents, links=links, mentions=mentions_out)


def resolve_in_batches(
    mentions: Iterable[IncidentMention | MentionRecord],
    overrides: Iterable[dict] | None = None,
    previous: dict[str, str] | None = None,
    duplicates: Duplicates = None,
    map_batches: BatchMapper | None = None,
) -> Iterator[list[BuiltIncident]]:
    """`resolve`'s incidents and links, yielded a batch at a time as they are built (in
    no date order): the runner stores each batch while the cluster builds the next ones. `duplicates` may
    be a function giving them, called once the mentions are read: they can be found meanwhile."""
    with gc_paused():
        yield from _built_batches(mentions, overrides, previous, duplicates, False, True, map_batches)


def _compact(mentions: Iterable[IncidentMention | MentionRecord]) -> dict[str, tuple[str, bytes, str | None]]:
    """id -> (article id, compressed JSON, stored linking features): a mention costs ~1 KB while waiting,
    not ~15 KB of objects."""
    out: dict[str, tuple[str, bytes, str | None]] = {}
    for m in mentions:
        if isinstance(m, IncidentMention):
            out[m.id] = (m.article_id, zlib.compress(m.model_dump_json().encode("utf-8"), 1), None)
        else:
            mid, article, payload, features, packed = m
            if features is None or packed is None:
                out[mid] = (article, zlib.compress((payload or "").encode("utf-8"), 1), None)
            else:
                out[mid] = (article, packed, features)
    return out


def _built_batches(
    mentions: Iterable[IncidentMention | MentionRecord],
    overrides: Iterable[dict] | None,
    previous: dict[str, str] | None,
    duplicates: Duplicates,
    keep_mentions: bool,
    for_store: bool,
    map_batches: BatchMapper | None,
) -> Iterator[list[BuiltIncident]]:
    """Link the mentions into groups (country blocks scored through `map_batches`), then build each group's
    incident record through `map_batches`."""
    previous = previous or {}
    compact = _compact(mentions)
    duplicates = known_duplicates(duplicates)
    ordered_ids = sorted(compact)
    profiles = []
    stored: list[str] | None = [] if map_batches is not None else None  # features as sent to score blocks
    for i, mid in enumerate(ordered_ids):
        article, raw, features = compact.pop(mid)
        origin = duplicates.get(article, article)
        if features is None and stored is not None:  # stored before linking features were: block tasks need them
            features = features_json(IncidentMention.model_validate_json(zlib.decompress(raw)))
        if features is not None:
            p = profile_from(i, json.loads(features), article, origin)
        else:
            p = profile(i, IncidentMention.model_validate_json(zlib.decompress(raw)), origin)
        p.mention, p.raw = None, raw
        profiles.append(p)
        if stored is not None:
            stored.append(features)
    _with_context(profiles)
    index = {mid: i for i, mid in enumerate(ordered_ids)}

    edges = scored_edges(profiles, map_batches, stored)
    del stored
    groups, best = cluster(profiles, edges)
    groups = _link_shared_recalls(groups, profiles, best)
    groups, touched = _apply_overrides(groups, overrides or [], index, [p.article for p in profiles], previous)

    ids = assign_ids([[ordered_ids[i] for i in g] for g in groups], previous)
    tasks = (
        BuildTask(
            gid,
            [(profiles[i].raw, profiles[i].origin) for i in members],
            [_explain(profiles[i], best.get(i), ordered_ids, members, touched.get(i)) for i in members],
            keep_mentions,
            for_store,
        )
        for gid, members in zip(ids, groups, strict=True)
    )
    yield from (map_batches or map_here)(build_incidents, chunks(tasks, BUILD_BATCH))


@dataclass(slots=True)
class BuildTask:
    """What building one incident needs: its id, its members (compressed mention JSON, original article) and
    the explanation of each member's link; plain data, cheap to send to a Dask worker."""

    incident_id: str
    members: list[tuple[bytes, str]]
    explanations: list[dict]
    keep_mentions: bool
    for_store: bool = False  # only to be stored: the payload uncompressed, explanations only as stored JSON


@dataclass(slots=True)
class BuiltIncident:
    sort_key: tuple
    record: bytes | str  # the Incident, compressed JSON; plain JSON when built only to be stored
    columns: dict  # its store row but the payload
    links: list[IncidentLink]  # with their stored JSON made
    mentions: list[IncidentMention]  # with filled dates; empty unless asked for

    def row(self) -> dict:
        """Its `incidents` row."""
        return _row(self.columns, self.record)


def build_incidents(tasks: list[BuildTask]) -> list[BuiltIncident]:
    """Build a batch of incidents (what a worker runs when building is mapped out)."""
    with gc_paused():
        out = []
        for task in tasks:
            ps = [
                profile(i, IncidentMention.model_validate_json(zlib.decompress(raw)), origin)
                for i, (raw, origin) in enumerate(task.members)
            ]
            out.append(_build_incident(task, ps))
        return out


def _build_incident(task: BuildTask, ps: list[Profile]) -> BuiltIncident:
    """One incident record from its (hydrated) mentions, and a link with its explanation per mention."""
    gid = task.incident_id
    claims = merge_claims(ps)
    casualties = merge_casualties(ps)
    date, date_src = choose_date(ps)
    incident = Incident(
        id=gid,
        event_type=vote_type(ps),
        date=date,
        locations=merge_locations(ps),
        attribution=build_attribution(claims),
        targets=merge_targets(ps),
        casualties=casualties,
        casualty_range=casualty_range(casualties),
        mentions=merge_mentions(ps),
    )
    links: list[IncidentLink] = []
    mentions: list[IncidentMention] = []
    for p, expl in zip(ps, task.explanations, strict=True):
        m = p.mention
        filled = _fill_date(m, date)
        if filled is not None:
            expl["date_inferred_from"] = date_src or gid
            expl["date_filled"] = filled.model_dump(mode="json", exclude_none=True)
            m = m.model_copy(update={"date": filled, "date_inferred_from": date_src or gid})
        if p.origin != p.article:
            expl["duplicate_of"] = p.origin
        if task.keep_mentions:
            mentions.append(m)
        if task.for_store:  # sent back only to be written: the dict would cost as much again to send
            links.append(IncidentLink(gid, m.id, {}, stored_json=explanation_json(expl)))
        else:
            links.append(IncidentLink(gid, m.id, expl))
    return BuiltIncident(*_compressed(incident, compress=not task.for_store), links, mentions)


def _explain(
    p: Profile, edge: tuple[int, PairScore] | None, ordered_ids: list[str], members: list[int], ov: str | None
) -> dict:
    """Why this mention is in its incident: the best link that holds it there, with feature scores."""
    if edge is not None and edge[0] in members:
        partner, score = edge
        expl = {"linked_to": ordered_ids[partner], **score.features}
    elif len(members) == 1:
        expl = {"rule": "alone", "total": 0.0}
    else:
        expl = {"rule": "override" if ov else "cluster", "total": 0.0}
    if ov:
        expl["override"] = ov
    return expl
