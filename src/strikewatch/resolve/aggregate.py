"""Turn a cluster of mentions into one `Incident`: date, type, places, attribution, casualties.

Rules (see also `attribution_status`):
- date: the day most supported by distinct articles (syndicated copies count once; a date re-read from a
  bare weekday counts half); ties go to the day reported by more main mentions, then the earliest. Without
  any full day: a year-less day (completed by a month/year interval when one contains it), then a month,
  a year-less month, a year.
- event type: vote, main mentions weigh 2, background 1, vague types (`other`, `explosion`) a quarter.
- locations: union deduplicated by gazetteer id, else by name; a place's support is the weight of the
  mentions naming it (first place of a mention counts fully, others half) plus the support of coarser
  places that contain it (an agreed province supports the town inside it). Primary = most supported,
  ties to the more precise.
- casualties: every claim kept per source; a syndicated copy's claim identical to its original's is
  dropped. `casualty_range` spans the claims (min of minima, max of known maxima or minima).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from strikewatch.model import (
    EVENT_TYPES,
    LOCATION_PRECISIONS,
    Attribution,
    AttributionClaim,
    CasualtyClaim,
    CasualtyRange,
    DateValue,
    Evidence,
    Location,
    Mention,
    Target,
)
from strikewatch.resolve.features import Profile, norm_name

# Organs through which a state or group speaks for itself: claimant party id -> actor id.
# A claim is `declared` when its claimant is the actor itself (party id == actor id, case-insensitive)
# or one of the actor's own organs below. COALITION and US are one actor for this purpose.
ACTOR_ORGANS: dict[str, str] = {
    "centcom": "US",
    "pentagon": "US",
    "dod": "US",
    "us_dod": "US",
    "us_military": "US",
    "white_house": "US",
    "state_department": "US",
    "eucom": "US",
    "africom": "US",
    "inherent_resolve": "COALITION",
    "cjtf-oir": "COALITION",
    "cjtf_oir": "COALITION",
    "idf": "IL",
    "israeli_army": "IL",
    "russian_mod": "RU",
    "mod_russia": "RU",
    "kremlin": "RU",
    "tsk": "TR",
    "turkish_mod": "TR",
    "mod_turkey": "TR",
    "mit": "TR",
    "sana": "SY",
    "syrian_army": "SY",
    "syrian_mod": "SY",
    "irna": "IR",
    "iran_mfa": "IR",
    "iranian_mfa": "IR",
    "iraqi_mod": "IQ",
    "jordan_army": "JO",
    "jaf": "JO",
    "uk_mod": "GB",
    "mod_uk": "GB",
    "french_army": "FR",
}


def norm_actor(actor: str | None) -> str:
    a = (actor or "").strip()
    return "US" if a.upper() in ("US", "COALITION") else a


def is_self_claim(claim: AttributionClaim) -> bool:
    """The claimant speaks for the actor it names (the actor itself or one of its organs).

    With a party id: the id is the actor id or an organ of it (`ACTOR_ORGANS`). Without one: a military
    or government claimant whose name contains the actor's name as written (at least 4 letters, e.g.
    "the Israeli army" for "Israel").
    """
    actor = norm_actor(claim.actor).lower()
    speaks_for = getattr(claim.claimant, "speaks_for", None)
    if speaks_for and norm_actor(speaks_for).lower() == actor and claim.claimant.kind != "media":
        return True  # the claimant is known to speak for that side (its army, ministry, command)
    pid = (claim.claimant.id or "").strip().lower().replace("-", "_")
    if not pid:
        stem = norm_name(claim.actor_name)[:5]
        return (
            claim.claimant.kind in ("military", "government")
            and len(stem) >= 4
            and stem in norm_name(claim.claimant.name)
        )
    if norm_actor(pid).lower() == actor:
        return True
    organ = ACTOR_ORGANS.get(pid)
    return organ is not None and norm_actor(organ).lower() == actor


def attribution_status(claims: list[AttributionClaim]) -> tuple[str, str | None]:
    """(status, perpetrator) from deduplicated claims.

    - contested: an asserted or suspected actor is denied (an accused's denial), or different actors are
      asserted as perpetrator;
    - declared: the perpetrator asserts it struck (see `is_self_claim`);
    - claimed: others assert it, no denial;
    - suspected: only hedged claims;
    - unknown: no claims, or only denials.
    The perpetrator is the most supported blamed actor: self-declared first, then number of assertions,
    then of suspicions (ties by actor id); None when unknown.
    """
    asserts: Counter[str] = Counter()
    suspects: Counter[str] = Counter()
    spelled: dict[str, Counter[str]] = defaultdict(Counter)  # normalised actor -> ids as given
    declared: set[str] = set()
    denied: set[str] = set()
    for c in claims:
        actor = norm_actor(c.actor)
        if not actor:
            continue
        spelled[actor][c.actor.strip()] += 1
        if c.stance == "asserts":
            asserts[actor] += 1
            if is_self_claim(c):
                declared.add(actor)
        elif c.stance == "suspects":
            suspects[actor] += 1
        elif c.stance == "denies":
            denied.add(actor)
    blamed = set(asserts) | set(suspects)
    if not blamed:
        return "unknown", None
    best = min(blamed, key=lambda a: (a not in declared, -asserts[a], -suspects[a], a))
    perpetrator = min(spelled[best], key=lambda s: (-spelled[best][s], s))
    if blamed & denied or _rival_perpetrators(claims, set(asserts)):
        status = "contested"
    elif declared:
        status = "declared"
    elif asserts:
        status = "claimed"
    else:
        status = "suspected"
    return status, perpetrator


def _rival_perpetrators(claims: list[AttributionClaim], asserted: set[str]) -> bool:
    """Different actors blamed, unless every pair of them is also named together as one joint operation
    somewhere ("US and British warplanes hit…")."""
    if len(asserted) < 2:
        return False
    together: dict[tuple[str, int], set[str]] = defaultdict(set)
    for c in claims:
        if c.stance == "asserts":
            together[(c.article_id, c.evidence.start)].add(norm_actor(c.actor))
    joint = {frozenset((a, b)) for group in together.values() for a in group for b in group if a != b}
    ordered = sorted(asserted)
    return any(frozenset((a, b)) not in joint for i, a in enumerate(ordered) for b in ordered[i + 1 :])


def _claim_key(c: AttributionClaim, origin: str) -> tuple:
    party = (c.claimant.id or norm_name(c.claimant.name)).lower()
    return origin, norm_actor(c.actor), c.stance, party


def _casualty_key(c: CasualtyClaim, origin: str) -> tuple:
    party = (c.claimant.id or norm_name(c.claimant.name)).lower()

    def fig(f: object) -> tuple | None:
        return None if f is None else (f.min, f.max, f.approximate)  # type: ignore[attr-defined]

    return origin, party, fig(c.killed), fig(c.injured), c.victims


def merge_claims(profiles: list[Profile]) -> list[AttributionClaim]:
    """All attribution claims, once per (article, actor, stance, claimant); copies fold into originals."""
    out, seen = [], set()
    for p in _originals_first(profiles):
        for c in p.mention.claims:
            key = _claim_key(c, p.origin)
            if key not in seen:
                seen.add(key)
                out.append(c)
    return out


def merge_casualties(profiles: list[Profile]) -> list[CasualtyClaim]:
    out, seen = [], set()
    for p in _originals_first(profiles):
        for c in p.mention.casualties:
            key = _casualty_key(c, p.origin)
            if key not in seen:
                seen.add(key)
                out.append(c)
    return out


def _originals_first(profiles: list[Profile]) -> list[Profile]:
    return sorted(profiles, key=lambda p: (p.article != p.origin, p.article, p.mention.id))


def casualty_range(claims: list[CasualtyClaim]) -> CasualtyRange:
    def span(figs: list) -> tuple[int | None, int | None]:
        mins = [f.min for f in figs if f is not None and f.min is not None]
        highs = [f.max if f.max is not None else f.min for f in figs if f is not None]
        highs = [h for h in highs if h is not None]
        return (min(mins) if mins else None, max(highs) if highs else None)

    kmin, kmax = span([c.killed for c in claims])
    imin, imax = span([c.injured for c in claims])
    return CasualtyRange(killed_min=kmin, killed_max=kmax, injured_min=imin, injured_max=imax)


def vote_type(profiles: list[Profile]) -> str:
    votes: Counter[str] = Counter()
    for p in profiles:
        w = 2.0 if p.role == "main" else 1.0
        votes[p.etype] += w * (0.25 if p.etype in ("other", "explosion") else 1.0)
    return min(votes, key=lambda t: (-votes[t], EVENT_TYPES.index(t)))


def _loc_key(loc: Location) -> str:
    return loc.gazetteer_id or f"{(loc.country or '').upper()}:{norm_name(loc.canonical_name or loc.name)}"


def _contains(outer: Location, inner: Location) -> bool:
    """Does the coarser `outer` contain `inner` (by country / admin1 / admin2 names)?"""
    po, pi = LOCATION_PRECISIONS.index(outer.precision), LOCATION_PRECISIONS.index(inner.precision)
    if po <= pi:
        return False
    oname = norm_name(outer.canonical_name or outer.name)
    if outer.precision == "country":
        return bool(outer.country and inner.country and outer.country.upper() == inner.country.upper())
    if outer.precision == "admin1":
        return bool(oname) and norm_name(inner.admin1) == oname
    if outer.precision == "admin2":
        return bool(oname) and norm_name(inner.admin2) == oname
    return False


def merge_locations(profiles: list[Profile]) -> list[Location]:
    """Union of places, most supported (and then most precise) first."""
    locs: dict[str, Location] = {}
    support: dict[str, float] = defaultdict(float)
    first_seen: dict[str, int] = {}
    counted: set[tuple[str, str]] = set()
    for p in sorted(profiles, key=lambda p: (p.role != "main", p.mention.id)):
        for pos, loc in enumerate(p.mention.locations):
            key = _loc_key(loc)
            if key not in locs:
                locs[key] = loc
                first_seen[key] = len(first_seen)
            elif locs[key].lat is None and loc.lat is not None:
                locs[key] = loc
            if (p.origin, key) in counted:  # a syndicated copy adds no support
                continue
            counted.add((p.origin, key))
            support[key] += (1.0 if pos == 0 else 0.5) * (1.5 if p.role == "main" else 1.0)
    effective = dict(support)
    for k_in, inner in locs.items():
        for k_out, outer in locs.items():
            if k_in != k_out and _contains(outer, inner):
                effective[k_in] += support[k_out]
    return [
        locs[k]
        for k in sorted(
            locs, key=lambda k: (-round(effective[k], 6), LOCATION_PRECISIONS.index(locs[k].precision), first_seen[k])
        )
    ]


def merge_targets(profiles: list[Profile]) -> list[Target]:
    out, seen = [], set()
    for p in _originals_first(profiles):
        for t in p.mention.targets:
            key = (norm_name(t.name), t.kind)
            if key not in seen:
                seen.add(key)
                out.append(t)
    return out


def merge_mentions(profiles: list[Profile]) -> list[Mention]:
    """One Mention per article (main wins over background when an override put both together)."""
    by_article: dict[str, Mention] = {}
    for p in sorted(profiles, key=lambda p: (p.article, p.mention.id)):
        m = by_article.get(p.article)
        evidence: list[Evidence] = list(p.mention.evidence)
        if m is None:
            by_article[p.article] = Mention(article_id=p.article, role=p.role, evidence=evidence)
        else:
            if p.role == "main":
                m.role = "main"
            m.evidence.extend(e for e in evidence if e not in m.evidence)
    return [by_article[a] for a in sorted(by_article)]


def choose_date(profiles: list[Profile]) -> tuple[DateValue, str | None]:
    """The incident date and the mention it came from (see module docstring)."""
    day_votes: Counter[int] = Counter()
    day_main: Counter[int] = Counter()
    day_source: dict[int, Profile] = {}
    seen: set[tuple[str, int]] = set()
    for p in sorted(profiles, key=lambda p: (p.date_anchored, p.role != "main", p.mention.id)):
        k = p.date
        if k.kind == "day" and k.lo is not None:
            if (p.origin, k.lo) in seen:
                continue
            seen.add((p.origin, k.lo))
            day_votes[k.lo] += 0.5 if p.date_anchored else 1.0
            day_main[k.lo] += p.role == "main"
            day_source.setdefault(k.lo, p)
    if day_votes:
        best = min(day_votes, key=lambda d: (-day_votes[d], -day_main[d], d))
        src = day_source[best]
        near = [d for d in day_votes if abs(d - best) <= 1]
        iso = dt.date.fromordinal(best).isoformat()
        text = src.mention.date.text
        return (
            DateValue(
                value=iso,
                precision="day",
                earliest=dt.date.fromordinal(min(near)).isoformat(),
                latest=dt.date.fromordinal(max(near)).isoformat(),
                text=text,
            ),
            src.mention.id,
        )
    ranked = sorted(profiles, key=lambda p: (p.role != "main", p.mention.id))
    mds = [p for p in ranked if p.date.kind == "md"]
    intervals = [p for p in ranked if p.date.kind in ("month", "year")]
    if mds:
        md_votes = Counter((p.date.month, p.date.day) for p in mds)
        month, day = min(md_votes, key=lambda md: (-md_votes[md], md))
        src = next(p for p in mds if (p.date.month, p.date.day) == (month, day))
        for p in intervals:
            lo, hi = dt.date.fromordinal(p.date.lo or 1), dt.date.fromordinal(p.date.hi or 1)
            for year in range(lo.year, hi.year + 1):
                try:
                    d = dt.date(year, month or 1, day or 1)
                except ValueError:
                    continue
                if lo <= d <= hi:
                    iso = d.isoformat()
                    full = DateValue(value=iso, precision="day", earliest=iso, latest=iso, text=src.mention.date.text)
                    return full, src.mention.id
        return src.mention.date.model_copy(), src.mention.id
    for kind in ("month", "m", "year"):
        cands = [p for p in ranked if p.date.kind == kind]
        if cands:
            votes = Counter(p.mention.date.value for p in cands)
            value = min(votes, key=lambda v: (-votes[v], v or ""))
            src = next(p for p in cands if p.mention.date.value == value)
            return src.mention.date.model_copy(), src.mention.id
    return DateValue(), None


def build_attribution(claims: list[AttributionClaim]) -> Attribution:
    status, perpetrator = attribution_status(claims)
    return Attribution(status=status, perpetrator=perpetrator, claims=claims)
