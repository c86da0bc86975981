"""The `sw_places` component: finds place names and resolves them against the gazetteer.

Why rules and dict lookups rather than a statistical NER: the texts are short news reports full
of Arabic names in many transliterations, and the pipeline must stay fast (hundreds of articles a
second per core). Candidates are runs of capitalised words (lowercase articles allowed inside:
"Deir ez-Zor", "Ras al-Ain"); every sub-run is looked up by its normalised key (longest first),
runs that are people or organisations are dropped, and the cue words around a name decide its
precision ("Deir ez-Zor province" -> admin1, "the city of Deir ez-Zor" -> city). A village no
gazetteer has is kept under its written name and located by the place its phrase relates it to
("the village of al-Sukariyah, west of the city of al-Bukamal").
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import islice

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from strikewatch.extract.document import PlaceMention, StrikeDoc, strike_doc, text_of
from strikewatch.geo import (
    ARABIC_SPEAKING,
    ARTICLES,
    MIDEAST,
    REGIONAL,
    GazEntry,
    Gazetteer,
    haversine_km,
    load_gazetteer,
    normalise_key,
)
from strikewatch.geo.rank import important, nearest_km, score
from strikewatch.model import Location

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʿʾ‘][^\W\d_]+)*")
_JOIN_GAP_RE = re.compile(r"^(?:[ \t\u00a0]{1,2}|-|- | -|\u2011|\u2010)$")
_DATELINE_RE = re.compile(r"^[ \t]*([A-Z][A-Z'’\- ]{2,40}?)(?=\s*(?:,|\(|—|–|-\s))", re.M)
_BORDER_RE = re.compile(r"\b([A-Z][a-z]+)[-–]([A-Z][a-z]+)\s+(border|frontier|border\s+crossing)\b")
_NUM_RE = re.compile(r"\s+\d+\b")
MAX_SPAN_WORDS = 6
CONNECTORS = frozenset(ARTICLES | {"of", "de", "del", "la", "le", "bin", "ibn", "bani", "beni", "bou", "da", "di"})
_SITE_TYPE_WORDS = frozenset(
    {
        "base",
        "airbase",
        "airport",
        "airfield",
        "crossing",
        "border",
        "camp",
        "field",
        "gas",
        "oil",
        "oilfield",
        "military",
        "air",
        "port",
        "dam",
        "neighborhood",
        "neighbourhood",
        "hospital",
        "compound",
        "garrison",
        "plant",
        "facility",
        "refugee",
        "desert",
        "mountain",
        "international",
        "reactor",
        "warehouses",
        "depots",
        "shrine",
        "zone",
        "corridor",
    }
)
_FACILITY_NOUNS = frozenset(
    {
        "hospital",
        "hospitals",
        "school",
        "schools",
        "mosque",
        "university",
        "stadium",
        "company",
        "hotel",
        "brigade",
        "brigades",
        "club",
        "institute",
        "college",
        "bank",
    }
)
# A place named with one of these after it is the camp, base or post, not the village it is named after.
_NEIGHBOURHOOD_NEXT_RE = re.compile(r"(?i)\s+(?:neighbou?rhood|quarter)\b(?!\s+of\b)")
_SITE_WORDS = r"(?:camp|base|airbase|air\s+base|barracks|garrison|outpost|compound|headquarters|airfield)"
_SITE_END_RE = re.compile(rf"(?i)\b{_SITE_WORDS}$")
_SITE_NEXT_RE = re.compile(rf"(?i)\s+{_SITE_WORDS}\b")
_STREET_NOUNS = frozenset({"street", "road", "avenue", "highway", "roundabout", "boulevard"})
_FEATURE_WORDS: dict[str, str] = {
    **{
        w: "admin1"
        for w in (
            "River",
            "Sea",
            "Lake",
            "Valley",
            "Gulf",
            "Strait",
            "Straits",
            "Bay",
            "Peninsula",
            "Mountains",
            "Heights",
            "Canal",
            "Coast",
            "Desert",
            "Plain",
            "Plains",
            "Basin",
        )
    },
    **{
        w: "site"
        for w in (
            "Cathedral",
            "School",
            "Palace",
            "Mosque",
            "Hospital",
            "Stadium",
            "Church",
            "Square",
            "Market",
            "Road",
            "Street",
            "Avenue",
            "Highway",
            "Bridge",
            "Dam",
            "Airport",
            "Hotel",
            "Prison",
            "Compound",
            "Base",
            "Camp",
            "Mountain",
            "Island",
            "Port",
            "Crossing",
            "Field",
            "Checkpoint",
            "Outpost",
            "Refinery",
            "Plant",
            "Shrine",
            "Tower",
            "Gate",
            "Roundabout",
        )
    },
}
_PREC_ORDER = {"site": 0, "neighbourhood": 1, "village": 2, "city": 3, "admin2": 4, "admin1": 5, "country": 6}


@dataclass(frozen=True)
class _Words:
    """Word lists from data/places_words.json, as sets."""

    demonyms: frozenset[str]
    given_names: frozenset[str]
    titles: frozenset[str]
    org_words: frozenset[str]
    place_types_after: frozenset[str]
    admin_after: frozenset[str]
    admin2_after: frozenset[str]
    city_after: frozenset[str]
    admin_before: tuple[str, ...]
    city_before: tuple[str, ...]
    village_before: tuple[str, ...]
    neighbourhood_before: tuple[str, ...]
    directional_before: frozenset[str]
    locative_before: frozenset[str]
    excluded: frozenset[str]  # months, weekdays: never places
    common: frozenset[str]  # capitalised common words: not places on their own
    org_after: frozenset[str]
    adjectival: frozenset[str]
    relation: frozenset[str]
    toponym_prefixes: frozenset[str]  # "Deir", "Wadi", "Tal": the first word of many names, never one alone
    homograph_articles: frozenset[str]  # "as", "at": English words too, so an article only when hyphenated


@lru_cache(maxsize=1)
def words() -> _Words:
    d = json.loads(resources.files("strikewatch.data").joinpath("places_words.json").read_text(encoding="utf-8"))
    low = lambda k: frozenset(w.lower() for w in d[k])  # noqa: E731
    return _Words(
        demonyms=frozenset(d["demonyms"]),
        given_names=frozenset(d["given_names"]),
        titles=frozenset(d["titles"]),
        org_words=frozenset(d["org_words"]),
        place_types_after=low("place_types_after"),
        admin_after=low("admin_after"),
        admin2_after=low("admin2_after"),
        city_after=low("city_after"),
        admin_before=tuple(d["admin_before"]),
        city_before=tuple(d["city_before"]),
        village_before=tuple(d["village_before"]),
        neighbourhood_before=tuple(d["neighbourhood_before"]),
        directional_before=low("directional_before"),
        locative_before=low("locative_before"),
        excluded=frozenset(d["months"]) | frozenset(d["weekdays"]),
        common=frozenset(d["common_words"]) | frozenset(w.capitalize() for w in STOP_WORDS),
        org_after=low("org_after"),
        adjectival=low("adjectival_suffixes"),
        relation=low("relation_words"),
        toponym_prefixes=frozenset(d["toponym_prefixes"]),
        homograph_articles=frozenset(d["english_homograph_articles"]),
    )


@dataclass(slots=True)
class _Word:
    start: int
    end: int
    text: str
    cap: bool
    connector: bool
    possessive: bool = False
    adjectival: bool = False  # "Iran" in "Iran-backed"
    sent_start: bool = False


@dataclass
class _Cand:
    start: int
    end: int
    entries: list[GazEntry]
    key: str
    cue: str | None = None  # "admin1", "admin2", "city", or None
    single: bool = False
    locative: bool = False
    typed: bool = False  # followed by a place-type word
    sent_start: bool = False
    chosen: GazEntry | None = None
    in_admin: bool = False  # narrowed to the places inside the admin division named after it
    fuzzy: bool = False  # found by a near spelling
    arabic: bool = False  # written with an Arabic article ("al-Sukhnah", "Ash-Shaddadi")


@dataclass
class _Unknown:
    start: int
    end: int
    precision: str


@dataclass
class _DocState:
    text: str
    sent_starts: list[int]
    person_keys: set[str] = field(default_factory=set)


# --- tokenising -----------------------------------------------------------------------------


def _scan_words(text: str, sent_starts: set[int]) -> list[_Word]:
    """Words with offsets; hyphenated names become several words joined by a "-" gap."""
    dateline_spans = [(m.start(1), m.end(1)) for m in _DATELINE_RE.finditer(text[:400])]
    out: list[_Word] = []
    w = words()
    for m in _WORD_RE.finditer(text):
        s, e, t = m.start(), m.end(), m.group()
        if t[0].islower() and t not in CONNECTORS and text[s - 1 : s] != "-":
            continue  # plain lower-case words only separate runs; the gap test sees them
        possessive = False
        if len(t) > 2 and t[-2] in "'’" and t[-1] == "s":
            t, e, possessive = t[:-2], e - 2, True
        low = t.lower()
        connector = low in CONNECTORS and not t[0].isupper()
        if t.isupper() and len(t) > 1:
            cap = any(a <= s < b for a, b in dateline_spans) and len(t) >= 4
        else:
            cap = t[0].isupper()
        adjectival = False
        nxt = text[e : e + 1]
        if nxt in "-‐‑" and not possessive:
            m2 = _WORD_RE.match(text, e + 1)
            if m2 and m2.group().lower() in w.adjectival:
                adjectival = True
        if out and out[-1].adjectival is False and low in w.adjectival and text[s - 1 : s] in "-‐‑":
            cap = False  # the "backed" of "Iran-backed"
        out.append(_Word(s, e, t, cap, connector, possessive, adjectival, s in sent_starts))
    return out


def _joined(text: str, a: _Word, b: _Word) -> bool:
    return not a.possessive and bool(_JOIN_GAP_RE.match(text[a.end : b.start]))


def _runs(text: str, ws: list[_Word]) -> list[list[int]]:
    """Indices of capitalised runs, connectors allowed inside or leading ("al-Bukamal")."""
    runs: list[list[int]] = []
    w = words()
    i, n = 0, len(ws)
    while i < n:
        word = ws[i]
        starts = (word.cap and not word.adjectival) or (
            word.connector
            and word.text.lower() in ARTICLES
            and i + 1 < n
            and ws[i + 1].cap
            and _joined(text, word, ws[i + 1])
            and (word.text not in w.homograph_articles or text[word.end : ws[i + 1].start] == "-")
        )
        if not starts:
            i += 1
            continue
        run = [i]
        j = i
        while j + 1 < n and _joined(text, ws[j], ws[j + 1]) and not ws[j].adjectival:
            nxt = ws[j + 1]
            if nxt.adjectival:
                break
            if nxt.cap:
                run.append(j + 1)
                j += 1
            elif nxt.connector and j + 2 < n and ws[j + 2].cap and _joined(text, nxt, ws[j + 2]):
                run.extend([j + 1, j + 2])
                j += 2
            elif (
                nxt.text.lower() in ARTICLES
                and j + 2 < n
                and text[ws[j].end : nxt.start] == "-"
                and text[nxt.end : ws[j + 2].start] == "-"
            ):
                run.extend([j + 1, j + 2])  # "Deir-ez-zor": article and name in lower case, all hyphenated
                j += 2
            elif ws[j].text.lower() in ARTICLES and text[ws[j].end : nxt.start] == "-" and len(run) > 1:
                run.append(j + 1)  # "Dier Ez-zor": a lower-case name after a hyphenated article
                j += 1
            else:
                break
        # Trim leading/trailing words that never belong to a place name.
        while run and (
            ws[run[0]].text in w.excluded
            or ws[run[0]].text in w.demonyms
            or ws[run[0]].text in w.titles
            or ws[run[0]].text in ("The", "A", "An")
        ):
            run.pop(0)
        while run and (ws[run[-1]].text in w.excluded or ws[run[-1]].text in w.demonyms or ws[run[-1]].connector):
            run.pop()
        while (
            run
            and ws[run[0]].connector
            and (ws[run[0]].text.lower() not in ARTICLES or (len(run) > 1 and not ws[run[1]].cap))
        ):
            run.pop(0)
        if run:
            runs.append(run)
        i = j + 1
    return runs


# --- context cues ---------------------------------------------------------------------------


def _before(text: str, start: int, n: int = 40) -> str:
    return text[max(0, start - n) : start].lower()


_PREV_WORD_RE = re.compile(r"[\w'’.-]+")


def _prev_words(text: str, start: int, k: int = 3) -> list[str]:
    return list(_words_before(text, start)[-k:])


@lru_cache(maxsize=2048)
def _words_before(text: str, start: int) -> tuple[str, ...]:
    """The words of the 60 characters before `start`: several cues of one name read them (the text's hash is
    kept by the string, so the key is cheap)."""
    return tuple(_PREV_WORD_RE.findall(text, max(0, start - 60), start))


_NEXT_RE = re.compile(r"[ \t\u00a0]+([\w'’-]+)")


def _next_words(text: str, end: int, k: int = 2) -> list[str]:
    """Up to k words right after `end`, stopping at punctuation ("al-Sina'a, desert" gives none)."""
    out: list[str] = []
    pos = end
    while len(out) < k:
        m = _NEXT_RE.match(text, pos)
        if not m:
            break
        t = m.group(1)
        out.append((t[:-2] if t.endswith(("’s", "'s")) else t).lower())
        pos = m.end()
    return out


@lru_cache(maxsize=32)
def _phrase_re(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alts = "|".join(r"\s+".join(re.escape(x) for x in p.lower().split()) for p in phrases)
    return re.compile(r"(?:^|\W)(?:" + alts + r")(?:\s+(?:the|a))?\s*$")


@lru_cache(maxsize=32)
def _phrase_last_words(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple({p.lower().split()[-1] for p in phrases if p.split()})


def _ends_with_phrase(before: str, phrases: tuple[str, ...]) -> bool:
    """True when `before` ends with one of the phrases, maybe followed by "the"/"a"."""
    # Most calls fail: the last word (or the one before a final article) tells so without the regex.
    tail = before.split()[-2:]
    last_words = _phrase_last_words(phrases)
    if not tail or not (
        tail[-1].endswith(last_words) or (len(tail) == 2 and tail[-1] in ("the", "a") and tail[0].endswith(last_words))
    ):
        return False
    return _phrase_re(phrases).search(before) is not None


def _cue(text: str, start: int, end: int) -> str | None:
    """Precision the phrase asks for: admin1 ("X province", "rural X"), admin2, city, or None."""
    w = words()
    nxt = _next_words(text, end, 1)
    if nxt:
        if nxt[0] in w.admin_after:
            return "admin1"
        if nxt[0] in w.admin2_after:
            return "admin2"
        if nxt[0] in w.city_after:
            return "city"
    before = _before(text, start)
    if _ends_with_phrase(before, w.admin_before):
        return "admin1"
    if _ends_with_phrase(before, w.city_before):
        return "city"
    prev = _prev_words(text, start, 1)
    if prev and prev[0].lower() in w.directional_before:
        return "admin1"
    return None


def _locative(text: str, start: int) -> bool:
    w = words()
    prev = _prev_words(text, start, 2)
    if not prev:
        return False
    if prev[-1].lower() in w.locative_before:
        return True
    return (
        len(prev) == 2
        and prev[-1].lower() in ("the", "eastern", "western", "northern", "southern", "rural")
        and prev[0].lower() in w.locative_before
    )


def _is_person_run(text: str, ws: list[_Word], run: list[int]) -> bool:
    w = words()
    first = ws[run[0]]
    if len(run) >= 2 and first.text in w.given_names and not ws[run[1]].connector:
        return True
    prev = _prev_words(text, first.start, 2)
    if prev and (prev[-1] in w.titles or prev[-1].rstrip(".") + "." in w.titles):
        return True
    if len(prev) == 2 and " ".join(prev).lower() in ("known as", "named as", "identified as"):
        return True
    return False


def _is_org_run(text: str, ws: list[_Word], run: list[int]) -> bool:
    w = words()
    if any(ws[i].text in w.org_words for i in run):
        return True
    last = ws[run[-1]]
    if last.text == "People" and text[last.end : last.end + 2] in ("'s", "’s"):
        return True  # "Luhansk People's Militia", "Donetsk People's Republic": a force or a state, not the city
    return _outlet_after(text, ws[run[-1]].end)


_PEOPLES_RE = re.compile(r"[ \t]+People['’]s\b")
_SOURCE_BEFORE = frozenset({"to", "from", "of", "and", "through", "told", "by"})  # "according to Al Mayadeen"


def _outlet_named_like_a_town(text: str, start: int, end: int, word: _Word, entries: list[GazEntry]) -> bool:
    """An outlet named after a town ("Al Mayadeen") is the town where the text strikes or places it:
    "warplanes target al-Mayadeen city", "raids on al-Mayadeen", not "according to Al Mayadeen"."""
    if word.text not in words().org_words or not any(important(e) for e in entries):
        return False
    if _cue(text, start, end) is not None:
        return True  # "the city of Al-Mayadeen", "Al-Mayadeen countryside"
    prev = _prev_words(text, start, 1)
    if prev and prev[-1].lower() in _SOURCE_BEFORE:
        return False
    return _locative(text, start) or _unknown_cue(text, start, end) in ("city", "village", "admin1", "admin2")


def _outlet_after(text: str, end: int) -> bool:
    """A name followed by an outlet word, maybe after a number ("Deir ez-Zor 24 website"), or the name of a
    "People's" militia or republic ("Luhansk People's Militia")."""
    if _PEOPLES_RE.match(text, end):
        return True
    m = _NUM_RE.match(text, end)
    after = _next_words(text, m.end() if m else end, 1)
    return bool(after) and after[0] in words().org_after


# --- resolution -----------------------------------------------------------------------------


def _n_names(ws: list[_Word], run: list[int]) -> int:
    return sum(1 for i in run if ws[i].text.lower() not in CONNECTORS)


def _partial_ok(e: GazEntry) -> bool:
    """A place that may be taken out of a longer capitalised run ("Damascus" of "Damascus Media Centre")."""
    return e.kind in ("country", "admin1", "curated") or e.population >= 100_000


def _plausible(c: _Cand, e: GazEntry, countries: Counter, anchors: list[tuple[float, float]]) -> bool:
    """False for a small place that lies away from everything else the article names (hundreds of km from its
    important places, or, when it names none, in another country), with no admin division to vouch for it."""
    if c.fuzzy:
        # A misspelt important place: in a country the text names, or the region when it names none.
        return e.country in countries if countries else e.country in MIDEAST
    if c.arabic and e.kind != "country" and e.country not in MIDEAST and e.country not in ARABIC_SPEAKING:
        return False  # "al-Baath" is no Bath in England, "al-Hazwanah" no Havana: Arabic names lie where Arabic is
    if _foreign_stray(c, e, countries, anchors):
        return False
    if important(e) or c.in_admin or e.kind in ("admin1", "admin2") or e.lat is None or e.population >= 15_000:
        return True
    if anchors:
        return nearest_km(e, anchors) <= _NAMESAKE_KM
    return not countries or e.country in countries


def _foreign_stray(c: _Cand, e: GazEntry, countries: Counter, anchors: list[tuple[float, float]]) -> bool:
    """A place in a country the text is not about, neither known abroad nor near the text's other places.

    "al-Fu'ah" in a Syrian bulletin is the Idlib village the gazetteer lacks, not Fuwwah in Egypt; "Coast" is not
    Tanzania's Pwani region. A text meaning a foreign place names its country, names a place near it (a border
    town across from a Syrian one), or the place is a city known abroad."""
    if not countries or e.country in countries or c.in_admin or e.lat is None or e.kind == "country":
        return False
    if e.population >= 100_000 and (e.kind != "admin1" or not c.single):
        return False  # a one-word region abroad is most often a word ("Coast", "Eastern"); "Red Sea" is not
    return not anchors or nearest_km(e, anchors) > _BORDER_KM


_BORDER_KM = 100.0
_NAMESAKE_KM = 250.0
_LISTED_KM = 60.0
_CHAIN_LINK_RE = re.compile(
    r"^\s*(?:,|\(|\)\s*,?|\[|-|–|—)?\s*(?:(?:district|township|region|province|governorate|oblast|raion|"
    r"county|state|municipality|department|prefecture|area|countryside|sub-district|subdistrict|city|town|"
    r"village)\s*)?(?:,|\(|-|–|—|of|in)?\s*(?:the\s+)?$",
    re.I,
)


def _admin_chains(text: str, cands: list[_Cand]) -> None:
    """A place followed by the divisions it lies in ("Bezruky (Kharkiv, Kharkiv)", "Lozove, Donetsk region",
    "Al Mudafin (Al Dhaher, Sadah)"): keep only its namesakes inside them, and read the followers as divisions."""
    cands.sort(key=lambda c: c.start)
    for i, c in enumerate(cands):
        parents: list[_Cand] = []
        end = c.end
        for nxt in cands[i + 1 : i + 4]:
            gap = text[end : nxt.start]
            if len(gap) > 40 or "\n" in gap or not gap.strip() or not _CHAIN_LINK_RE.match(gap):
                break
            parents.append(nxt)
            end = nxt.end
        if not parents:
            continue
        # A division is known by its key as written and by the names of the divisions that key finds.
        keys = {p.key for p in parents} | {
            _admin_key(e.name) for p in parents for e in p.entries if e.kind in ("admin1", "admin2")
        }
        inside = [e for e in c.entries if e.kind not in ("country", "admin1") and _in_divisions(e, keys)]
        if not inside:
            continue
        c.entries = inside
        c.in_admin = True
        for p in parents:
            home = {x.country for x in inside}
            admins = [e for e in p.entries if e.kind in ("admin1", "admin2") and e.country in home]
            if admins:
                p.entries = admins
                p.cue = p.cue or admins[0].kind


_AFTER_NAME_RE = re.compile(r"[A-Z][\w'’-]*,\s*$")
_DIVISION_END_RE = re.compile(r"^(?:\s*[.;]|\s*,\s+[a-z]|\s*$|\s+(?:region|oblast|province|governorate|state)\b)")


def _trailing_divisions(text: str, cands: list[_Cand]) -> None:
    """"... in Novolaspa, Donetsk." with a village no gazetteer has: a province name closing the phrase after
    a name and a comma is the province it lies in, not its namesake city."""
    starts = {c.start for c in cands}
    for i, p in enumerate(cands):
        if p.in_admin or p.cue or not any(e.kind == "admin1" for e in p.entries):
            continue
        before = text[max(0, p.start - 40) : p.start]
        m = _AFTER_NAME_RE.search(before)
        if not m or not _DIVISION_END_RE.match(text[p.end : p.end + 20]):
            continue
        prev_start = p.start - len(before) + m.start()
        if any(c.end > prev_start and c.start < p.start for c in cands[:i]) or prev_start in starts:
            continue  # the name before it is a place of the gazetteer: `_admin_chains` decides
        p.entries = [e for e in p.entries if e.kind == "admin1"]
        p.cue = "admin1"


_CITY_PART_RE = re.compile(
    r"\s+(?:neighbou?rhoods?|quarter|district|suburb|area)\s+(?:in|of)\s+(?:the\s+)?(?:(?:city|town)\s+of\s+)?", re.I
)
_CITY_PART_KM = 15.0


def _part_of_a_city_elsewhere(text: str, c: _Cand, e: GazEntry, cands: list[_Cand]) -> bool:
    """"Al-Sina'a neighbourhood in Deir Ezzor city": the name is a part of that city, so a namesake that lies
    away from the city (a town of that name in another country) is not it."""
    link = _CITY_PART_RE.match(text, c.end)
    if link is None or e.lat is None or e.lon is None:
        return False
    city = next((p for p in cands if p.start == link.end()), None)
    if city is None:
        return False
    towns = [x for x in city.entries if x.kind not in ("country", "admin1", "admin2") and x.lat is not None]
    return bool(towns) and all(haversine_km(e.lat, e.lon, x.lat, x.lon) > _CITY_PART_KM for x in towns)


def _in_divisions(e: GazEntry, keys: set[str]) -> bool:
    return (e.admin1 is not None and _admin_key(e.admin1) in keys) or (
        e.admin2 is not None and _admin_key(e.admin2) in keys
    )


@lru_cache(maxsize=20_000)
def _admin_key(name: str) -> str:
    """Key of an admin division's name without its type word ("Kharkiv Raion" -> "kharkiv")."""
    return normalise_key(_ADMIN_TYPE_RE.sub("", name))


_ADMIN_TYPE_RE = re.compile(
    r"\s+(?:raion|rayon|district|oblast|region|province|governorate|state|township|county|nahiya|"
    r"subdistrict|municipality|department|prefecture|kray|krai)['’]?$",
    re.I,
)
_RUSSIAN_ADJECTIVE_RE = re.compile(r"(?:sk)?aia$")  # "Kurskaya" -> Kursk, "Belgorodskaya" -> Belgorod


def _admin_stems(name: str) -> set[str]:
    """The keys a province is called by: its name, without its type word, and a Russian adjectival name's
    city ("Kurskaya oblast'" is "Kursk oblast")."""
    key = _admin_key(name)
    stems = {normalise_key(name), key}
    if _RUSSIAN_ADJECTIVE_RE.search(key):
        stems |= {key[:-3], _RUSSIAN_ADJECTIVE_RE.sub("", key)}
    return stems


def _abroad(e: GazEntry, countries: Counter) -> bool:
    """Outside the countries the text is about (outside the Middle East when it names none)."""
    return e.country not in countries if countries else e.country not in MIDEAST


def _far_famous(e: GazEntry) -> bool:
    """A place known well enough abroad to be meant even in a text about another country."""
    return e.kind in ("country", "admin1") or e.population >= 100_000


_ARABIC_ARTICLE_RE = re.compile(r"(?i)(?:al|el|as|ash|ad|ar|az|at|an|ath|adh|ez|es|ed|er|et|en)[-‑ ’']")


def _arabic_article_at(text: str, start: int) -> bool:
    """A name that opens with an Arabic article ("al-Sawana", "As Suwayda"); not English "at Birgunj"."""
    m = _ARABIC_ARTICLE_RE.match(text, start)
    if not m:
        return False
    article = m.group()[:-1]
    return not (article in words().homograph_articles and m.group()[-1] == " ")


def _choose(
    c: _Cand,
    gaz: Gazetteer,
    countries: Counter,
    centroid: tuple[float, float] | None,
    anchors: list[tuple[float, float]] | None = None,
) -> GazEntry:
    best = max(c.entries, key=lambda e: score(e, countries, centroid, anchors or ()))
    if c.arabic and best.country not in MIDEAST and best.country not in ARABIC_SPEAKING:
        # "al-Sukhnah" lies where Arabic names are given, not in India, and "al-Sawana" in a report on Lebanon
        # is no Savannah, however large.
        region = [e for e in c.entries if e.country in MIDEAST or e.country in ARABIC_SPEAKING]
        if region:
            best = max(region, key=lambda e: score(e, countries, centroid, anchors or ()))
    if (
        countries
        and best.country not in countries
        and not _far_famous(best)
        and (best.population < 15_000 or best.country not in REGIONAL)
    ):
        # A place in a country the text is about beats a foreign village of the same name, and a town far
        # outside the conflict countries ("Sohna", India, for "al-Sukhnah" in a Syrian bulletin).
        home = [e for e in c.entries if e.country in countries]
        if home:
            best = max(home, key=lambda e: score(e, countries, centroid, anchors or ()))
    same = [e for e in c.entries if e.country == best.country]
    if c.cue == "admin1":
        admins = [e for e in same if e.kind == "admin1" or (e.kind == "curated" and e.precision == "admin1")]
        if admins:
            return admins[0]
        if best.kind in ("city", "curated"):
            a1 = gaz.admin1_of(best)
            if a1 is not None and c.key in _admin_stems(a1.name):
                return a1  # "Kharkiv oblast", "Kursk oblast" (Kurskaya oblast'): the province named after the city
        return best
    if c.cue == "admin2":
        admins = [e for e in same if e.kind == "admin2"]
        return admins[0] if admins else best
    places = [e for e in same if e.kind in ("city", "curated") and e.precision not in ("admin1", "admin2", "country")]
    if best.kind in ("admin1", "admin2") and places:
        top = max(places, key=lambda e: e.population)
        if c.cue == "city" or top.population >= 10_000 or top.kind == "curated":
            return top
    if c.cue == "city" and best.kind == "curated" and places:
        return best
    return best


def _location(name: str, e: GazEntry, precision: str | None = None) -> Location:
    return Location(
        name=name,
        canonical_name=e.name,
        country=e.country,
        admin1=e.admin1,
        admin2=e.admin2,
        lat=e.lat,
        lon=e.lon,
        precision=precision or e.precision,
        gazetteer_id=e.id,
    )


def find_places(
    text: str, sent_starts: list[int] | None = None, gaz: Gazetteer | None = None, sw: StrikeDoc | None = None
) -> list[PlaceMention]:
    """Every place named in `text`, resolved where the gazetteer (or its phrase) allows."""
    gaz = gaz or load_gazetteer()
    w = words()
    starts = set(sent_starts or [0])
    ws = _scan_words(text, starts)
    runs = _runs(text, ws)
    state = _DocState(text, sorted(starts))
    sent_list = state.sent_starts

    # People first, so a surname seen once ("Kanaani") is not a place later on.
    person_runs: set[int] = set()
    for r_i, run in enumerate(runs):
        if len(run) >= 1 and _is_person_run(text, ws, run):
            full = normalise_key(text[ws[run[0]].start : ws[run[-1]].end])
            if not any(important(e) for e in gaz.lookup(full)):
                person_runs.add(r_i)
                if len(run) >= 2:
                    state.person_keys.add(normalise_key(ws[run[-1]].text))

    cands: list[_Cand] = []
    unknowns: list[_Unknown] = []
    pending: list[tuple[int, int]] = []  # unresolved names that a list may still make places
    for r_i, run in enumerate(runs):
        if r_i in person_runs:
            continue
        while (
            len(run) > 1
            and ws[run[0]].text in ("at", "the", "of", "in", "on")
            and text[ws[run[0]].end : ws[run[0]].end + 1] == " "
        ):
            run = run[1:]  # "at Khor Mor": a run starts at its first name word ("at-Tall" keeps its article)
        rs, re_ = ws[run[0]].start, ws[run[-1]].end
        if _outlet_after(text, re_):
            continue
        full_key = normalise_key(text[rs:re_])
        # A curated site named with its trailing type words ("Imam Ali base", "Koniko gas field").
        ext = _extend_site(text, re_, full_key, gaz)
        if ext:
            end, entries, key = ext
            cands.append(_make_cand(text, rs, end, entries, key, single=False))
            continue
        full_entries = gaz.lookup(full_key)
        name_word = next((ws[i] for i in run if ws[i].text.lower() not in CONNECTORS), ws[run[0]])
        if (
            _n_names(ws, run) == 1
            and _bad_single(name_word, state)
            and not (full_entries and _outlet_named_like_a_town(text, rs, re_, name_word, full_entries))
        ):
            full_entries = []
            if not _unknown_cue(text, rs, re_):
                continue
        if full_entries:
            cands.append(_make_cand(text, rs, re_, full_entries, full_key, single=_n_names(ws, run) == 1))
            continue
        if _is_org_run(text, ws, run):
            continue
        cap_words = [ws[i] for i in run if not ws[i].connector]
        # A name of several words that sounds like a place ("Sheikh Meskin" for Shaykh Miskin) is that place,
        # not a namesake of one of its words ("Meskin").
        heard_first = 2 <= len(cap_words) <= 4 and _heard(
            text, rs, re_, cap_words, full_key, gaz, _phrase_kind(text, rs, re_, cap_words)
        )
        if heard_first:
            cands.append(heard_first)
            continue
        found = _sub_matches(text, ws, run, gaz, state)
        if found:
            cands.extend(found)
            continue
        if 1 <= len(cap_words) <= 4 and not (len(cap_words) == 1 and _bad_single(cap_words[0], state)):
            if len(cap_words) <= 3:
                fuzzy = [e for e in gaz.fuzzy(full_key) if important(e)]
                if fuzzy:
                    cands.append(_make_cand(text, rs, re_, fuzzy, full_key, single=True))
                    cands[-1].fuzzy = True
                    continue
            unk = _phrase_kind(text, rs, re_, cap_words)
            heard = len(cap_words) < 2 and _heard(text, rs, re_, cap_words, full_key, gaz, unk)
            if heard:
                cands.append(heard)
                continue
            if unk:
                unknowns.append(_Unknown(rs, re_, unk))
            else:
                pending.append((rs, re_))

    for m in _BORDER_RE.finditer(text):
        a, b = m.group(1), m.group(2)
        if all(x in w.demonyms or any(e.kind == "country" for e in gaz.lookup_name(x)) for x in (a, b)):
            if not any(c.start < m.end() and m.start() < c.end for c in cands):
                unknowns.append(_Unknown(m.start(), m.end(), "country"))

    # Filter weak single-word matches, then resolve with the document's country context.
    kept: list[_Cand] = []
    for c in cands:
        if c.single and not _single_ok(c, text, ws):
            continue
        if sw is not None and sw.in_noise(c.start, c.end):
            continue  # page noise ("Related: ...") names no place of the report, nor the countries it is about
        c.arabic = _arabic_article_at(text, c.start)
        kept.append(c)
    _admin_chains(text, kept)
    _trailing_divisions(text, kept)
    countries: Counter = Counter()
    if sw is not None and sw.outlet_country:
        countries[sw.outlet_country] += 1  # an outlet that reports on one country: its places are there
    for c in kept:
        cs = {e.country for e in c.entries if e.country}
        if len(cs) == 1 and (any(important(e) for e in c.entries) or c.in_admin):
            countries[next(iter(cs))] += 1
    pts = []
    anchors: list[tuple[float, float]] = []
    sentence_anchors: dict[int, list[tuple[float, float]]] = {}
    for c in kept:
        c.chosen = _choose(c, gaz, countries, None)
        if c.chosen.lat is None or c.chosen.kind == "country" or not (important(c.chosen) or c.in_admin):
            continue
        anchors.append((c.chosen.lat, c.chosen.lon))
        sentence_anchors.setdefault(_sentence_of(sent_list, c.start), []).append(anchors[-1])
        if c.chosen.precision != "admin1" and c.chosen.country in countries:
            pts.append((c.chosen.lat, c.chosen.lon))
    centroid = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)) if pts else None
    final: list[_Cand] = []
    held: dict[tuple[int, int], _Cand] = {}  # matches kept back for want of a cue, until a list vouches for them
    for c in kept:
        # The places a sentence lists lie in one area: its own important places place its villages.
        near = sentence_anchors.get(_sentence_of(sent_list, c.start)) or anchors
        c.chosen = _choose(c, gaz, countries, centroid, near)
        e = c.chosen
        if not _plausible(c, e, countries, near):
            # A village of the same name elsewhere: the name is still a place when its phrase says so, and a
            # site when a facility is named after it ("the Al Salem hospital complex").
            unk = _unknown_cue(text, c.start, c.end) or (
                "site" if any(t in _FACILITY_NOUNS for t in _next_words(text, c.end, 2)) else None
            )
            if unk:
                unknowns.append(_Unknown(c.start, c.end, unk))
            else:
                pending.append((c.start, c.end))
            continue
        if e.population >= 100_000 and _NEIGHBOURHOOD_NEXT_RE.match(text, c.end) and _abroad(e, countries):
            # "al-Mashhad neighbourhood" is a quarter of the city the report is about, not Mashhad in Iran.
            unknowns.append(_Unknown(c.start, c.end, "neighbourhood"))
            continue
        if _part_of_a_city_elsewhere(text, c, e, kept):
            unknowns.append(_Unknown(c.start, c.end, "neighbourhood"))  # placed in its city by `_locate_unknown`
            continue
        if (
            c.single
            and not c.locative
            and not c.typed
            and not c.in_admin
            and not _partial_ok(e)
            and (e.precision == "village" or c.sent_start or (e.country not in countries and e.population < 15_000))
        ):
            # A lone small-place match with no cue: most often a surname or a common word. It is still a place
            # when a list names it with places ("Sheikh Maksoud, al-Khalidiya, Arian"), or when a feature word
            # follows it ("Darulaman Palace").
            feature = _FEATURE_RE.match(text, c.end)
            if feature and feature.group(1) in _FEATURE_WORDS:
                unknowns.append(_Unknown(c.start, feature.end(), _FEATURE_WORDS[feature.group(1)]))
            elif any(t in _FACILITY_NOUNS for t in _next_words(text, c.end, 2)):
                unknowns.append(_Unknown(c.start, c.end, "site"))  # "the Al Salem hospital complex"
            else:
                pending.append((c.start, c.end))
                held[(c.start, c.end)] = c
            continue
        if (
            c.single
            and not c.locative
            and not c.typed
            and e.kind not in ("country", "admin1")
            and centroid
            and e.lat is not None
            and haversine_km(centroid[0], centroid[1], e.lat, e.lon) > 400
        ):
            continue  # far from everything else the article names, and nothing says it is a place
        nxt = _next_words(text, c.end, 3)
        if e.kind != "curated" and c.single and any(t in _FACILITY_NOUNS for t in nxt[:2]):
            unknowns.append(_Unknown(c.start, c.end, "site"))  # "Al-Assad hospital": named after, not in, a place
            continue
        if e.kind != "curated" and nxt and nxt[0] in _STREET_NOUNS:
            unknowns.append(_Unknown(c.start, c.end, "site"))  # "Boursaid street"
            continue
        final.append(c)

    _propagate_lists(text, pending, final, unknowns)
    for u in [u for u in unknowns if (u.start, u.end) in held]:
        # A listed name takes its gazetteer entry only when that lies among its neighbours; else it stays unknown.
        c = held[(u.start, u.end)]
        near = sentence_anchors.get(_sentence_of(sent_list, c.start))
        if near and c.chosen is not None and nearest_km(c.chosen, near) <= _LISTED_KM:
            unknowns.remove(u)
            final.append(c)
    out: list[PlaceMention] = []
    for c in final:
        e = c.chosen
        assert e is not None
        prec = e.precision
        if prec in ("village", "neighbourhood") and (
            _SITE_END_RE.search(text, c.start, c.end) or _SITE_NEXT_RE.match(text, c.end)
        ):
            prec = "site"  # "the Ayash Camp", "Hmeimim base": a camp or base named after the village, not the village
        out.append(PlaceMention(c.start, c.end, text[c.start : c.end], _location(text[c.start : c.end], e, prec)))
    resolved = sorted(out, key=lambda p: p.start)
    for u in unknowns:
        out.append(_locate_unknown(text, u, resolved, sent_list))
    out.extend(_the_capital(text, countries, gaz, out))
    if sw is not None:
        out = [p for p in out if not sw.in_noise(p.start, p.end)]
    out.sort(key=lambda p: (p.start, p.end))
    return _dedupe(out)


_LIST_GAP_RE = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*/\s*)$")


_THE_CAPITAL_RE = re.compile(r"\b[Tt]he\s+capital\b(?![,]?\s+(?:of\b|city\s+of\b|[A-Z]))")


def _the_capital(text: str, countries: Counter, gaz: Gazetteer, found: list[PlaceMention]) -> list[PlaceMention]:
    """"More missiles target the capital": the capital of the one country the text is about ("the capital
    Damascus" and "the capital of Yemen" name it themselves)."""
    named = countries or Counter(p.location.country for p in found if p.location and p.location.country)
    ranked = named.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
        return []
    out = []
    for m in _THE_CAPITAL_RE.finditer(text):
        if any(p.start < m.end() and m.start() < p.end for p in found):
            continue
        e = gaz.capital(ranked[0][0])
        if e is not None:
            out.append(PlaceMention(m.start(), m.end(), m.group(), _location(m.group(), e, "city")))
    return out


def _propagate_lists(text: str, pending: list[tuple[int, int]], final: list[_Cand], unknowns: list[_Unknown]) -> None:
    """Unresolved names listed with places are places too ("the settlements of Arbin, Hawsh Nasri and X")."""
    spans = [(c.start, c.end, c.chosen.precision if c.chosen else "village") for c in final]
    spans += [(u.start, u.end, u.precision) for u in unknowns]
    todo = sorted(pending)
    for _ in range(4):
        if not todo:
            break
        spans.sort()
        left: list[tuple[int, int]] = []
        for s, e in todo:
            prec = None
            for ps, pe, pp in spans:
                gap = text[pe:s] if pe <= s else text[e:ps]
                if (pe <= s and s - pe <= 8 or ps >= e and ps - e <= 8) and _LIST_GAP_RE.match(gap):
                    prec = pp if pp in ("village", "neighbourhood", "site") else "village"
                    break
            if prec:
                unknowns.append(_Unknown(s, e, prec))
                spans.append((s, e, prec))
            else:
                left.append((s, e))
        if len(left) == len(todo):
            break
        todo = left


def _phrase_kind(text: str, rs: int, re_: int, cap_words: list[_Word]) -> str | None:
    """The kind of place an unresolved name's phrase makes it: "the village of X", "X camp", or none."""
    return _unknown_cue(text, rs, re_) or _FEATURE_WORDS.get(cap_words[-1].text if len(cap_words) > 1 else "")


def _heard(
    text: str, rs: int, re_: int, cap_words: list[_Word], full_key: str, gaz: Gazetteer, unk: str | None
) -> _Cand | None:
    """A name the text treats as a place, in no spelling the gazetteer has: the same consonants ("Menbej" for
    Manbij, "Khan Shekhon" for Khan Shaykhun) in the region. `unk`: the kind its phrase makes it (`_phrase_kind`)."""
    if unk not in ("village", "city", "neighbourhood", None) or not (unk or _locative(text, rs)):
        return None
    if len(cap_words) > 1 and any(e.kind == "country" for w in cap_words for e in gaz.lookup_name(w.text)):
        return None  # "the Syria-Lebanon border": two countries, not a village that sounds like them
    heard = [e for e in gaz.by_sound(full_key) if e.kind not in ("admin2", "country")]
    if not heard:
        return None
    cand = _make_cand(text, rs, re_, heard, full_key, single=True)
    cand.fuzzy = True
    return cand


def _dedupe(ps: list[PlaceMention]) -> list[PlaceMention]:
    out: list[PlaceMention] = []
    for p in ps:
        if out and p.start < out[-1].end:
            if (p.end - p.start) > (out[-1].end - out[-1].start):
                out[-1] = p
            continue
        out.append(p)
    return out


def _make_cand(text: str, start: int, end: int, entries: list[GazEntry], key: str, single: bool) -> _Cand:
    w = words()
    nxt = _next_words(text, end, 1)
    before = text[max(0, start - 3) : start]
    return _Cand(
        start,
        end,
        entries,
        key,
        cue=_cue(text, start, end),
        single=single,
        locative=_locative(text, start),
        typed=bool(nxt) and nxt[0] in w.place_types_after,
        sent_start=start == 0 or not before.strip() or before.rstrip()[-1:] in '.!?\n"“”:',
    )


_FEATURE_RE = re.compile(r"[ \t]+([A-Z][a-z]+)\b")
_SITE_WORD_RE = re.compile(r"[A-Za-z][\w-]*|\d{1,4}\b")


def _extend_site(text: str, end: int, key: str, gaz: Gazetteer) -> tuple[int, list[GazEntry], str] | None:
    """Longest "<run> <type words>" that names a curated site ("Imam Ali base"), or "<run> <number>" ("Tower 22")."""
    best = None
    acc = ""
    for n, m in enumerate(islice(_SITE_WORD_RE.finditer(text, end, end + 40), 3)):
        word = m.group()
        if not (word.lower() in _SITE_TYPE_WORDS or (n == 0 and word.isdigit() and text[end : m.start()] in " -")):
            break
        acc += word
        k = key + normalise_key(acc)
        entries = [e for e in gaz.lookup(k) if e.kind == "curated"]
        if entries:
            best = (m.end(), entries, k)
    return best


def _bad_single(word: _Word, state: _DocState) -> bool:
    w = words()
    t = word.text
    return (
        t in w.common
        or t in w.toponym_prefixes
        or t.lower() in w.directional_before
        or t in w.org_words
        or t in w.given_names
        or t in w.excluded
        or t in w.demonyms
        or t in w.titles
        or len(normalise_key(t)) < 3
        or normalise_key(t) in state.person_keys
    )


def _sub_matches(text: str, ws: list[_Word], run: list[int], gaz: Gazetteer, state: _DocState) -> list[_Cand]:
    """Greedy longest sub-runs that resolve; a partial match must be an important place or leave only
    type words ("Homs Governorate", "Damascus International Airport")."""
    out: list[_Cand] = []
    w = words()
    n = len(run)
    i = 0
    while i < n:
        matched = False
        if i > 0 and _names_a_person(ws[run[i - 1]]):
            break  # "Defense Secretary Lloyd Austin": what follows a title or a first name is a person's name
        for j in range(min(n, i + MAX_SPAN_WORDS), i, -1):
            sub = run[i:j]
            if ws[sub[-1]].connector or (ws[sub[0]].connector and len(sub) == 1):
                continue
            s, e = ws[sub[0]].start, ws[sub[-1]].end
            key = normalise_key(text[s:e])
            entries = gaz.lookup(key)
            if not entries:
                continue
            cap_words = [ws[k] for k in sub if ws[k].text.lower() not in CONNECTORS]
            single = len(cap_words) == 1
            if single and _bad_single(cap_words[0], state):
                continue
            rest = [ws[k] for k in run if k not in sub and not ws[k].connector]
            # "Tochka U at Novyi Buh": an English "at"/"in" standing alone before the sub-run starts a new name.
            after_preposition = sub[0] > run[0] and text[ws[sub[0] - 1].start - 1 : ws[sub[0]].start] in _SPLIT_AT
            if rest and not after_preposition and not all(
                r.text.lower() in w.place_types_after or r.text in w.common for r in rest
            ):
                if not any(_partial_ok(x) for x in entries):
                    continue
                # "Budo-Vorobyi": one hyphenated name, not a city inside it.
                big = any(x.kind in ("country", "admin1") for x in entries)
                if _hyphenated_to_rest(text, ws, run, sub) and not big:
                    continue
                # "al-Ilam al-Mukawem": one Arabic name, not a place inside a name.
                if any(ws[k - 1].text.lower() in ARTICLES for k in run if k not in sub and k > 0) and not any(
                    x.kind in ("country", "admin1", "curated") for x in entries
                ):
                    continue
            out.append(_make_cand(text, s, e, entries, key, single))
            i = j
            matched = True
            break
        if not matched:
            i += 1
    return out


_SPLIT_AT = (" at ", " in ", " on ", " near ")


def _hyphenated_to_rest(text: str, ws: list[_Word], run: list[int], sub: list[int]) -> bool:
    first, last = sub[0], sub[-1]
    before = first > run[0] and text[ws[first - 1].end : ws[first].start] in "-‐‑"
    after = last < run[-1] and text[ws[last].end : ws[last + 1].start] in "-‐‑"
    return before or after


def _names_a_person(word: _Word) -> bool:
    w = words()
    t = word.text
    return t in w.given_names or t in w.titles or t.rstrip(".") + "." in w.titles


def _single_ok(c: _Cand, text: str, ws: list[_Word]) -> bool:
    """Short country aliases ("US", "UK") only as places after a locative ("in the US")."""
    if len(c.key) <= 3 and any(e.kind == "country" for e in c.entries):
        prev = _prev_words(text, c.start, 2)
        return bool(prev) and (
            prev[-1].lower() in ("in", "to", "from", "inside", "across", "into", "outside")
            or (
                len(prev) == 2
                and prev[-1].lower() == "the"
                and prev[0].lower() in ("in", "to", "from", "inside", "across", "into", "outside")
            )
        )
    return True


def _unknown_cue(text: str, start: int, end: int) -> str | None:
    """Precision of a name no gazetteer has, when its phrase says it is a place; else None."""
    w = words()
    before = _before(text, start, 50)
    if _ends_with_phrase(before, w.village_before):
        return "village"
    if _ends_with_phrase(before, w.neighbourhood_before):
        return "neighbourhood"
    if _ends_with_phrase(before, w.city_before):
        return "city"
    if _ends_with_phrase(before, w.admin_before):
        return "admin1"
    nxt = _next_words(text, end, 2)
    if nxt:
        t = nxt[0]
        if t in ("village", "villages", "town", "hamlet"):
            return "village"
        if t in ("neighbourhood", "neighborhood", "district", "quarter", "suburb", "camp", "area"):
            return "neighbourhood"
        if (
            t
            in (
                "base",
                "airbase",
                "airport",
                "airfield",
                "crossing",
                "field",
                "oilfield",
                "port",
                "checkpoint",
                "dam",
                "bridge",
                "mountain",
                "square",
                "street",
                "road",
                "compound",
                "plant",
                "outpost",
                "facility",
                "complex",
                "factory",
                "refinery",
                "station",
                "prison",
                "hotel",
            )
            or t in _FACILITY_NOUNS
            or (len(nxt) > 1 and nxt[1] in ("base", "airbase", "camp", "outpost"))
        ):
            return "site"
        if t == "city":
            return "city"
        if t in ("province", "governorate", "region"):
            return "admin1"
    prev = _prev_words(text, start, 2)
    if prev and prev[-1].lower() in (
        "in",
        "near",
        "outside",
        "around",
        "into",
        "toward",
        "towards",
        "at",
        "bombed",
        "shelled",
        "raided",
        "besieged",
        "liberated",
        "stormed",
    ):
        return "village"
    return None


def _sentence_of(sent_starts: list[int], pos: int) -> int:
    import bisect

    return bisect.bisect_right(sent_starts, pos) - 1


def _locate_unknown(text: str, u: _Unknown, resolved: list[PlaceMention], sent_starts: list[int]) -> PlaceMention:
    """Locate an unknown name by the resolved place its phrase relates it to ("west of the city of X")."""
    w = words()
    name = text[u.start : u.end]
    sent = _sentence_of(sent_starts, u.start)
    for p in resolved:
        if p.start < u.end or p.start - u.end > 120 or _sentence_of(sent_starts, p.start) != sent:
            continue
        between = text[u.end : p.start]
        toks = re.findall(r"[A-Za-z]+|\d+", between)
        if all(t.lower() in w.relation or t.isdigit() or t.lower() in w.place_types_after for t in toks):
            rel = text[u.end : p.end].lstrip(" ,;:-–—")
            rel = re.sub(r"^(?:village|town|neighbou?rhood|district|area|camp)\b[ ,]*", "", rel).strip()
            loc = p.location
            assert loc is not None
            prec = loc.precision
            if _PREC_ORDER.get(prec, 6) < _PREC_ORDER.get(u.precision, 2):
                prec = u.precision
            return PlaceMention(
                u.start,
                u.end,
                name,
                Location(
                    name=name,
                    canonical_name=None,
                    country=loc.country,
                    admin1=loc.admin1,
                    admin2=loc.admin2,
                    lat=loc.lat,
                    lon=loc.lon,
                    precision=prec,
                    gazetteer_id=None,
                    anchor=loc.canonical_name,
                    anchor_id=loc.gazetteer_id,
                    resolved=False,
                ),
                relation=rel or None,
            )
        break
    return PlaceMention(u.start, u.end, name, Location(name=name, precision=u.precision, resolved=False))


def _sentence_starts(doc: Doc) -> list[int]:
    if doc.has_annotation("SENT_START"):
        return [t.idx for t in doc if t.is_sent_start]
    return [0] + [m.end() for m in re.finditer(r"[.!?]\s+|\n+", text_of(doc))]


@Language.component("sw_places")
def places(doc: Doc) -> Doc:
    """Append every place mention outside page noise to `doc._.sw.places`."""
    sw = strike_doc(doc)
    sw.places.extend(find_places(text_of(doc), _sentence_starts(doc), sw=sw))
    return doc
