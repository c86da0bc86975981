"""Pairwise linking features: event type, date, place, shared specifics.

Every mention is turned once into a `Profile` (the comparable parts); `compare(a, b)` then scores a
pair and says whether the evidence is enough to link it. Scores are kept in the link explanation so a
user can see why two reports were merged.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from strikewatch.geo import haversine_km as km
from strikewatch.model import EVENT_FAMILY, IncidentMention, Location
from strikewatch.resolve.datekeys import DateKey, anchored_key, date_key, date_score

# Families of compatible event types: same family links with a small penalty, different families never.
TYPE_FAMILY = EVENT_FAMILY
# Cross-family pairs that outlets confuse (an Iranian ballistic missile salvo reported as a rocket attack;
# multiple-rocket-launcher fire on a city told as shelling by one side and as a missile attack by the other).
CROSS_TYPES: dict[frozenset[str], float] = {
    frozenset({"rocket_attack", "missile_strike"}): 0.5,
    frozenset({"rocket_attack", "shelling"}): 0.5,
    frozenset({"missile_strike", "shelling"}): 0.4,
}
# Vague types ("a blast", "an attack") fit any family, weakly.
VAGUE_TYPES: dict[str, float] = {"explosion": 0.3, "other": 0.2}
PRECISE = frozenset({"site", "neighbourhood", "village", "city"})
NEAR_KM = 30.0  # two precise places closer than this may be the same strike area
CITY_REACH_KM = 15.0  # a city's reports may name a suburb, camp or village this far from its centre
_NAME_NOISE = re.compile(r"\b(province|governorate|district|region|city|town|village|the)\b|[^a-z0-9]")


def norm_name(name: str | None) -> str:
    """Spelling-tolerant place key: 'Deir ez-Zor province' and 'Deir Ezzor' both -> 'deirezzor'."""
    return _NAME_NOISE.sub("", (name or "").lower())


def type_score(a: str, b: str) -> float | None:
    """1 same type, 0.6 same family (airstrike vs drone strike), weak for vague types, None if incompatible."""
    if a == b:
        return 1.0
    if a in VAGUE_TYPES or b in VAGUE_TYPES:
        return min(VAGUE_TYPES.get(a, 1.0), VAGUE_TYPES.get(b, 1.0))
    fa, fb = TYPE_FAMILY.get(a), TYPE_FAMILY.get(b)
    if fa is not None and fa == fb:
        return 0.6
    return CROSS_TYPES.get(frozenset({a, b}))


@dataclass(frozen=True, slots=True)
class Spot:
    """One precise place of a mention."""

    gid: str | None
    name: str
    lat: float | None
    lon: float | None
    precision: str = ""  # the Location's: a city has villages and camps around it, a village does not


@dataclass(slots=True)
class Profile:
    """The comparable parts of one mention."""

    idx: int
    mention: IncidentMention | None  # held only while its incident is built (see `core._hydrated`)
    article: str
    origin: str  # the original article when this one is a syndicated copy
    role: str
    etype: str
    date: DateKey
    date_anchored: bool
    countries: frozenset[str]
    admin1: frozenset[str]
    admin2: frozenset[str]
    spots: tuple[Spot, ...]
    keys: frozenset[str]
    targets: frozenset[str]
    context: frozenset[str] = field(default_factory=frozenset)
    strikers: frozenset[str] = field(default_factory=frozenset)  # the actors its reports assert struck
    named: frozenset[str] = field(default_factory=frozenset)  # every actor its claims name, any stance
    night: bool = False  # dated by the edge of a day ("late Thursday", "overnight", "before dawn")
    outlet: str = ""  # who published it: one outlet's two reports of a day are two strikes unless specifics join them
    raw: bytes = b""  # the mention, compressed JSON, between feature extraction and aggregation


def _admin_keys(loc: Location) -> tuple[str | None, str | None]:
    a1 = norm_name(loc.admin1) or (norm_name(loc.canonical_name or loc.name) if loc.precision == "admin1" else "")
    a2 = norm_name(loc.admin2) or (norm_name(loc.canonical_name or loc.name) if loc.precision == "admin2" else "")
    return a1 or None, a2 or None


def link_features(mention: IncidentMention) -> dict:
    """The parts of a mention linking compares (a `Profile` without the resolution-time parts), as plain JSON
    values: computed where the mention is extracted and stored beside it, so resolution need not parse it."""
    key, anchored = anchored_key(mention, date_key(mention.date))
    countries, a1s, a2s, spots = set(), set(), set(), []
    for loc in mention.locations:
        if loc.country:
            countries.add(loc.country.upper())
        a1, a2 = _admin_keys(loc)
        if a1:
            a1s.add(a1)
        if a2:
            a2s.add(a2)
        if loc.precision in PRECISE:
            spots.append([loc.gazetteer_id, norm_name(loc.canonical_name or loc.name), loc.lat, loc.lon, loc.precision])
        elif getattr(loc, "resolved", None) is False and norm_name(loc.name):
            # A village no gazetteer knows is still a precise place, known by its name alone: "shelled
            # Liutivka, Kharkiv" and "shelled Oleksandrivka, Kharkiv" are two strikes, not one in Kharkiv.
            spots.append([None, norm_name(loc.name), None, None, "village"])
    return {
        "role": mention.role,
        "etype": mention.event_type,
        "date": [key.kind, key.lo, key.hi, key.month, key.day, key.weekday],
        "anchored": anchored,
        "countries": sorted(countries),
        "admin1": sorted(a1s),
        "admin2": sorted(a2s),
        "spots": spots,
        "keys": sorted({k.strip().lower() for k in mention.keys if k and k.strip()}),
        "targets": sorted({norm_name(t.specific) for t in mention.targets if getattr(t, "specific", None)}),
        "strikers": sorted({c.actor for c in mention.claims if c.stance == "asserts"}),
        "named": sorted({c.actor for c in mention.claims}),
        "night": bool(mention.date and mention.date.text and _NIGHT.search(mention.date.text)),
        "outlet": (mention.outlet or "").strip().lower(),
    }


def features_json(mention: IncidentMention) -> str:
    """`link_features` as stored (compact JSON)."""
    return json.dumps(link_features(mention), separators=(",", ":"))


def profile_from(idx: int, features: dict, article: str, origin: str) -> Profile:
    """A profile from stored `link_features`."""
    return Profile(
        idx=idx,
        mention=None,
        article=article,
        origin=origin,
        role=features["role"],
        etype=features["etype"],
        date=DateKey(*features["date"]),
        date_anchored=features["anchored"],
        countries=frozenset(features["countries"]),
        admin1=frozenset(features["admin1"]),
        admin2=frozenset(features["admin2"]),
        spots=tuple(Spot(*s) for s in features["spots"]),
        keys=frozenset(features["keys"]),
        targets=frozenset(features["targets"]),
        strikers=frozenset(features.get("strikers", ())),
        named=frozenset(features.get("named", ())),
        night=features.get("night", False),
        outlet=features.get("outlet", ""),
    )


def profile(idx: int, mention: IncidentMention, origin: str) -> Profile:
    """Precompute a mention's features (the date re-read against its publication date when relative)."""
    p = profile_from(idx, link_features(mention), mention.article_id, origin)
    p.mention = mention
    return p


def date_tokens(key: DateKey) -> list[str]:
    """Month-day tokens of a date, for linking relative dates and shared context."""
    if key.kind == "day" and key.lo is not None:
        import datetime as dt

        d = dt.date.fromordinal(key.lo)
        return [f"{d.month:02d}-{d.day:02d}"]
    if key.kind == "md" and key.month and key.day:
        return [f"{key.month:02d}-{key.day:02d}"]
    return []


def spots_match(a: tuple[Spot, ...], b: tuple[Spot, ...]) -> tuple[float, float | None]:
    """Best agreement between two sets of precise places: (score, smallest distance in km).

    Score 1 same place (gazetteer id or name), 0.9 within 5 km, 0.7 a city and a place within 15 km of
    it (a camp on the city's edge), 0.4 other places within 30 km, 0 when none match,
    -1 when all are known apart (farther than NEAR_KM, or differently named without coordinates).
    """
    best, dmin, city_near = -1.0, None, False
    wave = len(a) > 1 and len(b) > 1
    for sa in a:
        for sb in b:
            if _same_spot(sa, sb):
                return (1.0, 0.0) if not _finer_places_differ(a, b) else (-1.0, None)
            if (sa.lat is None or sb.lat is None) and _spelling_variants(sa.name, sb.name):
                best = 0.9  # one place known by name only, spelled another way ("Lyutivka", "Liutivka")
                continue
            if sa.lat is not None and sa.lon is not None and sb.lat is not None and sb.lon is not None:
                d = km(sa.lat, sa.lon, sb.lat, sb.lon)
                dmin = d if dmin is None else min(dmin, d)
                if d <= CITY_REACH_KM and _city_and_its_site(sa.precision, sb.precision, wave):
                    city_near = True
    if dmin is not None and best < 0.9:
        if dmin <= 5:
            best = 0.9
        elif city_near:
            best = 0.7
        elif dmin <= NEAR_KM:
            best = 0.4
    return best, dmin


def _city_and_its_site(a: str, b: str, wave: bool) -> bool:
    """A city and a camp, base or neighbourhood on its edge: one report names the city, one the site. A city
    and a village or town near it are two places (shelling along a front line hits each of them), unless both
    reports list several places: two accounts of one wave of strikes across an area."""
    if wave:
        return "city" in (a, b)
    return {a, b} in ({"city", "site"}, {"city", "neighbourhood"})


# A great-circle distance is at least the latitude difference along a meridian (in degrees, times this).
_KM_PER_DEGREE_LAT = 6371.0 * math.pi / 180


def _same_spot(a: Spot, b: Spot) -> bool:
    return bool((a.gid and a.gid == b.gid) or (a.name and a.name == b.name))


def _own_detail(spots: tuple[Spot, ...], other: tuple[Spot, ...], shared: list[Spot]) -> list[Spot]:
    """A report's places the other lacks that detail the area: villages, and districts of a shared city."""
    out = []
    for s in spots:
        if any(_same_spot(s, t) for t in other):
            continue
        if s.precision == "village" or (s.precision == "city" and _within_reach(s, shared)):
            out.append(s)
    return out


def _within_reach(s: Spot, cities: list[Spot]) -> bool:
    return s.lat is not None and s.lon is not None and any(
        c.precision == "city" and c.lat is not None and c.lon is not None
        and km(s.lat, s.lon, c.lat, c.lon) <= CITY_REACH_KM
        for c in cities
    )


def _finer_places_differ(a: tuple[Spot, ...], b: tuple[Spot, ...]) -> bool:
    """Both reports share a place but each also names its own village or town, and those are apart: "shelled
    the Kirovskyi district of Donetsk" and "shelled the Proletarskyi district of Donetsk", or two villages
    each followed by the same town, are two strikes that happen to share the wider place. Only places of one
    area count (5-30 km apart): farther ones are other towns the reports mention."""
    shared = [s for s in a if any(_same_spot(s, t) for t in b)]
    own_a, own_b = _own_detail(a, b, shared), _own_detail(b, a, shared)
    if not own_a or not own_b:
        return False
    nearest = None
    for sa in own_a:
        for sb in own_b:
            if _spelling_variants(sa.name, sb.name):
                return False
            if sa.lat is None or sb.lat is None or sa.lon is None or sb.lon is None:
                continue
            d = km(sa.lat, sa.lon, sb.lat, sb.lon)
            nearest = d if nearest is None else min(nearest, d)
    if nearest is not None and 5 < nearest <= NEAR_KM:
        return True
    # A shared city none of the own places lies near is no more than a reference, most often the province
    # of the same name ("shelled Obozne, Luhansk" and "shelled Donetskyi, Luhansk"): the villages decide.
    located = [s for s in (*own_a, *own_b) if s.lat is not None and s.lon is not None]
    reference = all(s.precision != "village" for s in shared) and not any(_within_reach(s, shared) for s in located)
    return reference and (nearest is None or nearest > 5)


def _spelling_variants(a: str, b: str) -> bool:
    """Two spellings of one name: transliterations differ by a letter or two, distinct villages by more."""
    return bool(a and b) and min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 85


def spots_apart(a: tuple[Spot, ...], b: tuple[Spot, ...]) -> bool:
    """True when `spots_match` would find no match, known without distances: no shared place and every pair
    farther apart in latitude alone than NEAR_KM (or without coordinates). Most compared pairs of precise
    places are like this, and this test is far cheaper than their distances."""
    for sa in a:
        for sb in b:
            if _same_spot(sa, sb):
                return False
            if (sa.lat is None or sb.lat is None) and _spelling_variants(sa.name, sb.name):
                return False
            if sa.lat is not None and sa.lon is not None and sb.lat is not None and sb.lon is not None:
                if abs(sa.lat - sb.lat) * _KM_PER_DEGREE_LAT <= NEAR_KM:
                    return False
    return True


_NIGHT = re.compile(r"(?i)\b(?:night|overnight|late|early|midnight|dawn|pre-dawn|evening|small hours)\b")


def strikers_differ(a: Profile, b: Profile) -> bool:
    """Each side asserts its own striker and neither names the other's: the two sides of an exchange of fire,
    not two reports of one strike (a contested strike's reports name the other side's claim too)."""
    return bool(
        a.strikers and b.strikers and not a.strikers & b.named and not b.strikers & a.named
    )


def one_wave(admin1_a: frozenset[str] | set[str], admin1_b: frozenset[str] | set[str]) -> bool:
    """Two accounts of one wave of strikes across several provinces: each names places in two or more
    provinces and they share at least two. Their towns differ because each lists a few of the many sites
    hit ("Qamishli, Amuda and Kobani" and "Sinjar, Hasakah, Raqqa and Aleppo provinces")."""
    return len(admin1_a) >= 2 and len(admin1_b) >= 2 and len(admin1_a & admin1_b) >= 2


WAVE_PLACE_SCORE = 0.7  # as close as a city and a camp on its edge: the same provinces, listed alike
WAVE_HOW = "one wave over the same provinces"


def _shared_spots(a: tuple[Spot, ...], b: tuple[Spot, ...]) -> int:
    """How many of one report's precise places the other names too."""
    return sum(1 for sa in a if any(_same_spot(sa, sb) for sb in b))


def place_score(a: Profile, b: Profile) -> tuple[float | None, str, float | None]:
    """(score, how, distance_km); None when the places exclude each other."""
    if a.countries and b.countries and not a.countries & b.countries:
        return None, "different countries", None
    if a.spots and b.spots:
        s, d = spots_match(a.spots, b.spots)
        if s < WAVE_PLACE_SCORE and one_wave(a.admin1, b.admin1):
            return WAVE_PLACE_SCORE, WAVE_HOW, d
        if 0 < s < 0.7:
            # Two named villages 5-30 km apart are two strikes (shelling along a front line hits a dozen
            # villages a day); one strike told by two reports names one place, places a few km apart, or a
            # city and a place on its edge.
            return None, "distinct precise places", d
        if s > 0:
            return s, "same place" if s == 1.0 else "nearby", d
        return None, "precise places apart", d
    if a.admin2 & b.admin2:
        return 0.6, "same district", None
    if a.admin1 and b.admin1:
        if a.admin1 & b.admin1:
            return 0.4, "same province", None
        return None, "different provinces", None
    if a.countries & b.countries:
        return 0.1, "same country", None
    return 0.0, "unknown", None


@functools.cache
def _pair_type_score(a: str, b: str) -> float | None:
    """`type_score`, remembered: a few dozen type pairs recur over millions of compared pairs."""
    return type_score(a, b)


@dataclass(slots=True)
class PairScore:
    total: float
    features: dict


def compare(a: Profile, b: Profile) -> PairScore | None:
    """Score a pair of mentions; None unless the evidence is enough to link them.

    Rules (all need compatible type, date and place):
    - a syndicated copy links to its original's mention of the same role;
    - same or adjacent day (or a fitting year-less day) and the same province or closer;
    - a bare weekday / month / exact day in the same country needs a finer place or a shared specific;
    - a background recall with the same (year-less) day and type but no place at all;
    - no usable date: only a shared key (named target, person, site) or shared article context.
    """
    if a.article == b.article:
        return None
    t = _pair_type_score(a.etype, b.etype)
    if t is None:
        return None
    d, date_how = date_score(a.date, b.date)
    if d is None:
        return None
    shared_keys = sorted(a.keys & b.keys) if a.keys and b.keys else []
    wire = a.origin == b.origin and a.role == b.role
    if (
        not (shared_keys or wire)
        and a.spots
        and b.spots
        and spots_apart(a.spots, b.spots)
        and not one_wave(a.admin1, b.admin1)
    ):
        return None  # precise places apart: what `place_score` would say, without its distances
    if not (shared_keys or wire) and strikers_differ(a, b):
        return None  # "Russian forces shelled X" and "Ukrainian forces shelled X" that day: two strikes
    p, place_how, dist = place_score(a, b)
    if p is None:
        if not (shared_keys or wire):
            return None
        p = 0.0
    if not shared_keys and a.targets and b.targets and not a.targets & b.targets and p < 0.9 and not wire:
        return None  # distinct named targets in a loose place: two incidents
    shared_ctx = sorted(a.context & b.context)
    same_outlet = bool(a.outlet) and a.outlet == b.outlet
    k = min(1.0, 0.6 * len(shared_keys))
    c = min(1.0, 0.5 * len(shared_ctx))
    total = t + 1.5 * d + 1.5 * p + 1.5 * k + c + (2.0 if wire else 0.0)
    ok = False
    if wire:
        ok = True
        rule = "syndicated copy"
    elif (
        d >= 0.9
        and (p >= 0.6 or (p >= 0.4 and (shared_keys or shared_ctx or a.strikers & b.strikers)))
        and (not same_outlet or shared_keys or shared_ctx or p >= 0.9 and a.strikers & b.strikers)
    ):
        # One outlet's two reports of one day on one area are, unless they share specifics, two strikes: an
        # outlet updates its own story in place or says "the toll rose", it does not report a strike twice.
        # A province alone is a wide place: on one day it sees many strikes, so two reports naming only
        # the province need something more in common (the striker, a named target, shared context).
        ok, rule = True, "same day, same area"
    elif d >= 0.6 and p >= 0.7 and (a.night or b.night or shared_keys):
        # A day apart needs evidence that it is one night told from both sides ("late Thursday" / "early
        # Friday") or a shared specific: nearby strikes on consecutive days are distinct.
        ok, rule = True, "adjacent day, same place, night or specifics"
    elif d >= 0.9 and 0.1 <= p < 0.4 and t >= 1.0 and (a.strikers & b.strikers or shared_keys):
        # One report places it in the country only: besides the day and type it takes the same striker or a
        # shared specific, for a country sees many strikes a day.
        ok, rule = True, "same day, same country, same type, same striker"
    elif d >= 0.3 and p >= 0.4 and t >= 0.6 and not date_how.startswith("day±"):
        ok, rule = True, "fitting partial date, same area"
    elif shared_keys and t >= 0.6 and (d > 0 or p >= 0.1 or t >= 1.0):
        ok, rule = True, "shared specifics"
    elif (
        d >= 0.9
        and (t >= 1.0 or (t >= 0.2 and a.role == b.role == "background"))
        and p == 0.0
        and "background" in (a.role, b.role)
    ):
        ok, rule = True, "recalled by date and type, place not given"
    elif d >= 0.25 and p >= 0.9 and t >= 1.0 and not date_how.startswith("day±"):
        ok, rule = True, "same place and type, fitting date"
    elif date_how == "weekday±1" and (a.night or b.night) and p >= 0.9 and t >= 1.0 and a.role == b.role == "main":
        # An undated report's "on Thursday" and another's "late on Wednesday": one night told from both
        # sides, when the place and the kind of strike agree and both report it as their news (a recall's
        # bare weekday may be of any week).
        ok, rule = True, "same place and type, weekday a night apart"
    elif (
        date_how == "unknown"
        and p >= WAVE_PLACE_SCORE
        and one_wave(a.admin1, b.admin1)
        and t >= 0.6
        and a.strikers & b.strikers
        and _shared_spots(a.spots, b.spots) >= 2
    ):
        # An undated live page and a dated wire on one wave: the same strikers over the same provinces, and
        # two or more of the same towns named: specifics enough without a date.
        ok, rule = True, "undated, one wave: same towns and strikers"
    elif shared_ctx and d == 0 and p >= 0.4 and t >= 1.0:
        ok, rule = True, "shared article context, same area"
    else:
        rule = "insufficient"
    if not ok:
        return None
    return PairScore(
        total=round(total, 3),
        features={
            "rule": rule,
            "type": t,
            "date": d,
            "date_how": date_how,
            "place": p,
            "place_how": place_how,
            "distance_km": None if dist is None else round(dist, 1),
            "keys": shared_keys,
            "context": shared_ctx,
            "wire_copy": wire,
            "total": round(total, 3),
        },
    )
