"""A synthetic corpus of incident mentions for resolution tests and benchmarks.

`build_corpus()` is a hand-designed set of about twenty incidents reported by thirty-odd articles, with
the traps resolution must handle: two incidents on the same day in the same province (different towns,
or different named targets), the same town hit on consecutive days, an overnight strike dated a day
apart by a US and a local outlet, a syndicated wire copy, conflicting attribution claims, year-less and
weekday-only dates, and undated background recalls that must not be glued together.

`synthetic_mentions(n)` generates n mentions of random incidents at constant density (about eight
mentions per country per day), for the scaling benchmark.

All sentences are written for these tests. Coordinates are approximate public values.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from strikewatch.model import (
    AttributionClaim,
    CasualtyClaim,
    DateValue,
    Evidence,
    Figure,
    IncidentMention,
    Location,
    Party,
    Target,
)

# name -> (country, admin1, precision, lat, lon, gazetteer id)
PLACES: dict[str, tuple[str, str | None, str, float | None, float | None, str | None]] = {
    "Syria": ("SY", None, "country", 35.0, 38.5, "geonames:163843"),
    "Iraq": ("IQ", None, "country", 33.0, 44.0, "geonames:99237"),
    "Jordan": ("JO", None, "country", 31.0, 36.0, "geonames:248816"),
    "Deir ez-Zor province": ("SY", "Deir ez-Zor", "admin1", 35.3, 40.2, "test:adm1-dez"),
    "Deir ez-Zor": ("SY", "Deir ez-Zor", "city", 35.336, 40.140, "geonames:170794"),
    "al-Joura": ("SY", "Deir ez-Zor", "neighbourhood", 35.347, 40.118, None),
    "al-Bukamal": ("SY", "Deir ez-Zor", "city", 34.454, 40.937, "test:bukamal"),
    "al-Mayadin": ("SY", "Deir ez-Zor", "city", 35.021, 40.453, "test:mayadin"),
    "Idlib province": ("SY", "Idlib", "admin1", 35.8, 36.6, "test:adm1-idlib"),
    "Idlib": ("SY", "Idlib", "city", 35.931, 36.634, "test:idlib"),
    "Jisr al-Shughur": ("SY", "Idlib", "city", 35.814, 36.318, "test:jisr"),
    "Aleppo province": ("SY", "Aleppo", "admin1", 36.2, 37.5, "test:adm1-aleppo"),
    "Aleppo": ("SY", "Aleppo", "city", 36.202, 37.134, "test:aleppo"),
    "Nayrab airport": ("SY", "Aleppo", "site", 36.181, 37.224, None),
    "Manbij": ("SY", "Aleppo", "city", 36.528, 37.955, "test:manbij"),
    "Homs province": ("SY", "Homs", "admin1", 34.6, 38.0, "test:adm1-homs"),
    "al-Tanf": ("SY", "Homs", "site", 33.49, 38.66, "test:tanf"),
    "Palmyra": ("SY", "Homs", "city", 34.56, 38.27, "test:palmyra"),
    "Qamishli": ("SY", "Hasakah", "city", 37.05, 41.22, "test:qamishli"),
    "Jurf al-Sakhar": ("IQ", "Babil", "city", 32.88, 44.11, "test:jurf"),
    "Baghdad": ("IQ", "Baghdad", "city", 33.315, 44.366, "test:baghdad"),
    "Erbil": ("IQ", "Erbil", "city", 36.19, 44.01, "test:erbil"),
    "Tower 22": ("JO", None, "site", 33.32, 38.70, None),
}

# claimant name -> (party id, kind)
PARTIES: dict[str, tuple[str | None, str]] = {
    "CENTCOM": ("centcom", "military"),
    "the Pentagon": ("pentagon", "military"),
    "Mehr": ("mehr", "media"),
    "SOHR": ("sohr", "monitor"),
    "SANA": ("sana", "media"),
    "the Russian defence ministry": ("russian_mod", "military"),
    "the Turkish defence ministry": ("turkish_mod", "military"),
    "the SDF": ("sdf", "armed_group"),
    "the IRGC": ("irgc", "armed_group"),
    "Iraqi officials": (None, "official"),
    "residents": (None, "witness"),
    "Kataib Hezbollah": ("kataib_hezbollah", "armed_group"),
    "a US official": (None, "official"),
    "Deir ez-Zor 24": ("deirezzor24", "media"),
}


def ev(article: str, text: str) -> Evidence:
    return Evidence(article_id=article, start=0, end=len(text), text=text)


def day(value: str, text: str | None = None) -> DateValue:
    """`2024-03-26`, `--03-26`, `2021-06` or `--06`."""
    if (value.count("-") == 2 and not value.startswith("--")) or (value.startswith("--") and len(value) == 7):
        precision = "day"
    else:
        precision = "month"
    full = precision == "day" and not value.startswith("--")
    return DateValue(value=value, precision=precision, earliest=value if full else None, latest=value if full else None,
                     text=text or value)


def weekday(text: str) -> DateValue:
    return DateValue(value=None, precision="unknown", text=text)


def loc(name: str) -> Location:
    country, admin1, precision, lat, lon, gid = PLACES[name]
    return Location(name=name, canonical_name=name, country=country, admin1=admin1, lat=lat, lon=lon,
                    precision=precision, gazetteer_id=gid)


def claim(article: str, actor: str, stance: str, claimant: str, text: str) -> AttributionClaim:
    pid, kind = PARTIES[claimant]
    return AttributionClaim(actor=actor, actor_name=actor, claimant=Party(name=claimant, id=pid, kind=kind),
                            stance=stance, article_id=article, evidence=ev(article, text))


def cas(article: str, claimant: str, killed: int | None = None, injured: int | None = None,
        text: str = "casualties") -> CasualtyClaim:
    pid, kind = PARTIES[claimant]
    return CasualtyClaim(claimant=Party(name=claimant, id=pid, kind=kind),
                         killed=None if killed is None else Figure(min=killed, max=killed),
                         injured=None if injured is None else Figure(min=injured, max=injured),
                         article_id=article, evidence=ev(article, text))


@dataclass
class Corpus:
    mentions: list[IncidentMention] = field(default_factory=list)
    gold: dict[str, str] = field(default_factory=dict)  # mention id -> gold incident label
    texts: dict[str, str] = field(default_factory=dict)  # article id -> text (for near-duplicate detection)

    def add(self, article: str, gold: str, role: str, etype: str, date: DateValue, places: list[str],
            claims: tuple = (), casualties: tuple = (), keys: tuple = (), targets: tuple = (),
            published: str | None = None, outlet: str | None = None, sentence: str = "") -> IncidentMention:
        n = sum(1 for m in self.mentions if m.article_id == article)
        m = IncidentMention(
            id=f"{article}#{n}", article_id=article, role=role, event_type=etype, date=date,
            locations=[loc(p) for p in places],
            claims=[claim(article, *c) for c in claims],
            casualties=[cas(article, *c) for c in casualties],
            targets=[Target(name=t, kind="military", specific=t) for t in targets],
            evidence=[ev(article, sentence or f"{etype} reported")],
            keys=[k.lower() for k in keys], outlet=outlet, published=published,
        )
        self.mentions.append(m)
        self.gold[m.id] = gold
        return m

    def copy_article(self, source: str, copy: str, outlet: str) -> None:
        """A syndicated copy: same mentions (same claims) under another article id."""
        for m in [m for m in self.mentions if m.article_id == source]:
            n = m.id.rsplit("#", 1)[1]
            data = m.model_dump()
            data.update(id=f"{copy}#{n}", article_id=copy, outlet=outlet)
            for part in ("claims", "casualties"):
                for c in data[part]:
                    c["article_id"] = copy
                    c["evidence"]["article_id"] = copy
            for e in data["evidence"]:
                e["article_id"] = copy
            new = IncidentMention.model_validate(data)
            self.mentions.append(new)
            self.gold[new.id] = self.gold[m.id]
        self.texts[copy] = self.texts[source] + " Copyright wire service."


WIRE_TEXT = (
    "Unidentified warplanes struck positions of Iran-aligned militias near al-Bukamal at dawn on Tuesday, a war "
    "monitor said, adding that seven fighters were killed. The Iranian agency Mehr blamed the United States, "
    "while a Central Command spokesman said US forces had conducted no strikes in Syria in the past day. Local "
    "residents described several loud blasts and ambulances rushing toward the border crossing. The monitor said "
    "the dead included two commanders of a militia recruited from Afghan fighters and that weapons depots burned "
    "for hours after the raid. No group has claimed the attack so far."
)


def build_corpus() -> Corpus:  # noqa: PLR0915 - a long, flat list of test data
    c = Corpus()
    for i in range(1, 40):
        c.texts[f"a{i:02d}"] = f"Article a{i:02d}: an original report number {i} with its own words " * 3 + str(i)

    # I1: dawn raid near al-Bukamal, Tuesday 2024-03-26; Mehr blames the US, CENTCOM denies -> contested.
    c.texts["a02"] = WIRE_TEXT
    c.add("a01", "I1", "main", "airstrike", weekday("on Tuesday"), ["al-Bukamal", "Deir ez-Zor province"],
          claims=(("US", "asserts", "Mehr", "Mehr blamed the United States"),),
          published="2024-03-27", outlet="Enab Baladi", keys=("militia depot",))
    c.add("a02", "I1", "main", "airstrike", day("2024-03-26", "Tuesday, March 26"), ["al-Bukamal"],
          claims=(("US", "asserts", "Mehr", "Mehr blamed the United States"),
                  ("US", "denies", "CENTCOM", "US forces conducted no strikes in Syria")),
          casualties=(("SOHR", 7, None, "seven fighters were killed"),),
          published="2024-03-26", outlet="Reuters")
    c.copy_article("a02", "a04", "Asharq Al-Awsat")
    c.add("a03", "I1", "main", "airstrike", day("--03-26", "March 26"), ["al-Bukamal"],
          casualties=(("Deir ez-Zor 24", None, 3, "three people were wounded"),), outlet="Deir ez-Zor 24")
    # a01 also recalls the Tower 22 drone attack, undated (I10).
    c.add("a01", "I10", "background", "drone_attack", DateValue(), ["Jordan", "Tower 22"], keys=("tower 22",),
          claims=(("kataib_hezbollah", "asserts", "a US official", "US officials blamed the group"),))

    # I2: same day, same province, another town: Deir ez-Zor city (al-Joura district).
    c.add("a05", "I2", "main", "airstrike", day("2024-03-26"), ["Deir ez-Zor"], published="2024-03-26",
          keys=("al-joura",))
    c.add("a06", "I2", "main", "airstrike", day("2024-03-26"), ["al-Joura", "Deir ez-Zor"], published="2024-03-27",
          keys=("al-joura",))
    c.add("a07", "I2", "main", "airstrike", weekday("Tuesday night"), ["Deir ez-Zor province"],
          keys=("al-joura",), outlet="local page")
    c.add("a05", "I10", "background", "drone_attack", DateValue(), ["Jordan"], keys=("tower 22",))
    # I11 / I12: two undated drone attacks on US forces in Syria, no specifics: must stay apart.
    c.add("a06", "I11", "background", "drone_attack", DateValue(), ["Syria"],
          claims=(("irgc", "denies", "the IRGC", "the IRGC denied involvement"),))
    c.add("a08", "I12", "background", "drone_attack", DateValue(), ["Syria"])

    # I3 / I4: Idlib city shelled on two consecutive days.
    c.add("a08", "I3", "main", "shelling", day("2023-10-05"), ["Idlib"], published="2023-10-05",
          claims=(("SY", "asserts", "SOHR", "government forces shelled the city"),))
    c.add("a09", "I3", "main", "shelling", day("2023-10-05"), ["Idlib"], published="2023-10-06")
    c.add("a10", "I4", "main", "shelling", day("2023-10-06"), ["Idlib"], published="2023-10-06")
    c.add("a11", "I4", "main", "rocket_attack", day("2023-10-06"), ["Idlib", "Idlib province"],
          published="2023-10-07")
    # I6: Russian airstrikes on Jisr al-Shughur the same day as I3, same province.
    c.add("a12", "I6", "main", "airstrike", day("2023-10-05"), ["Jisr al-Shughur"], published="2023-10-05",
          claims=(("RU", "asserts", "the Russian defence ministry", "the ministry said its aircraft struck"),))
    c.add("a13", "I6", "main", "drone_strike", day("2023-10-05"), ["Jisr al-Shughur", "Idlib province"],
          claims=(("RU", "asserts", "SOHR", "Russian jets carried out the raids"),), published="2023-10-05")
    c.add("a14", "I6", "main", "airstrike", weekday("Thursday"), ["Jisr al-Shughur"], published="2023-10-06")
    c.add("a09", "I6", "background", "airstrike", day("2023-10-05"), ["Jisr al-Shughur"])

    # I5: overnight strike near Jurf al-Sakhar: US date 2023-11-12, local outlet 2023-11-13.
    c.add("a15", "I5", "main", "airstrike", day("2023-11-12"), ["Jurf al-Sakhar"], published="2023-11-12",
          claims=(("US", "asserts", "CENTCOM", "US forces conducted a strike"),), outlet="Reuters")
    c.add("a16", "I5", "main", "airstrike", day("2023-11-13", "early Monday"), ["Jurf al-Sakhar"],
          claims=(("US", "asserts", "Iraqi officials", "officials said a US strike hit the site"),),
          casualties=(("Iraqi officials", 2, None, "two fighters were killed"),), published="2023-11-13")

    # I7: drone attack on al-Tanf, 2022-08-15 (claimed by the US against Iran-backed groups).
    c.add("a17", "I7", "main", "drone_attack", day("2022-08-15"), ["al-Tanf"], published="2022-08-15",
          claims=(("irgc", "asserts", "CENTCOM", "Iran-backed groups launched the drones"),), keys=("al-tanf",))
    # I8: US airstrikes in Deir ez-Zor on Tuesday 2022-08-23; three articles without publication dates.
    c.add("a18", "I8", "main", "airstrike", DateValue(), ["Deir ez-Zor province"],
          claims=(("US", "asserts", "CENTCOM", "US forces conducted precision airstrikes"),))
    c.add("a18", "I7", "background", "drone_attack", day("--08-15", "August 15"), ["al-Tanf"], keys=("al-tanf",))
    c.add("a19", "I8", "main", "airstrike", day("--08-23", "Tuesday, August 23"), ["Deir ez-Zor province"],
          claims=(("US", "asserts", "CENTCOM", "US forces carried out air raids"),), keys=("ayyash camp",))
    c.add("a19", "I7", "background", "drone_attack", day("--08-15", "On August 15"), ["al-Tanf", "Homs province"])
    c.add("a20", "I8", "main", "airstrike", weekday("on Tuesday"), ["Deir ez-Zor province"], keys=("ayyash camp",),
          claims=(("US", "asserts", "the Pentagon", "the Pentagon said it struck"),),
          casualties=(("SOHR", 6, None, "at least six militants were killed"),))
    # I9: June (year unknown) US strikes in Syria and Iraq, recalled by two articles.
    c.add("a20", "I9", "background", "airstrike", day("--06", "June last year"), ["Syria", "Iraq"],
          keys=("kataib hezbollah",))
    c.add("a19", "I9", "background", "airstrike", day("--06", "in June"), ["Syria", "Iraq"],
          keys=("kataib hezbollah",))

    # I13: Turkish drone strike in Qamishli, 2023-12-25; declared by Ankara, SDF blames Turkey.
    c.add("a21", "I13", "main", "drone_strike", day("2023-12-25"), ["Qamishli"], published="2023-12-25",
          claims=(("TR", "asserts", "the Turkish defence ministry", "the ministry said it neutralised targets"),))
    c.add("a22", "I13", "main", "drone_strike", day("2023-12-25"), ["Qamishli"], published="2023-12-26",
          claims=(("TR", "asserts", "the SDF", "the SDF said a Turkish drone hit"),))

    # I14: presumed Israeli missile strike near Aleppo airport, 2024-04-02 -> suspected.
    c.add("a23", "I14", "main", "missile_strike", day("2024-04-02"), ["Nayrab airport", "Aleppo"],
          claims=(("IL", "suspects", "SOHR", "presumably Israeli missiles"),), published="2024-04-02")
    c.add("a24", "I14", "main", "airstrike", day("2024-04-02"), ["Aleppo"],
          claims=(("IL", "suspects", "SANA", "believed to be Israeli jets"),), published="2024-04-03")
    # I15: same day, same province, Manbij; nobody blamed -> unknown.
    c.add("a25", "I15", "main", "airstrike", day("2024-04-02"), ["Manbij"], published="2024-04-02")
    c.add("a26", "I15", "main", "airstrike", day("2024-04-02"), ["Manbij", "Aleppo province"],
          published="2024-04-02")

    # I16: rocket attack on Erbil claimed by the IRGC itself -> declared.
    c.add("a27", "I16", "main", "rocket_attack", day("2024-01-15"), ["Erbil"], published="2024-01-16",
          claims=(("irgc", "asserts", "the IRGC", "the IRGC said it fired missiles"),))
    c.add("a28", "I16", "main", "missile_strike", day("2024-01-16", "overnight"), ["Erbil"],
          claims=(("irgc", "asserts", "Iraqi officials", "officials blamed the Guards"),), published="2024-01-16")

    # I17: drone strike on a car in Baghdad, 2024-02-07; US declared, an outlet blames Israel -> contested.
    c.add("a29", "I17", "main", "drone_strike", day("2024-02-07"), ["Baghdad"], keys=("abu baqir al-saadi",),
          claims=(("US", "asserts", "CENTCOM", "US forces conducted a unilateral strike"),),
          casualties=(("CENTCOM", 1, None, "killing a commander"),), published="2024-02-07")
    c.add("a30", "I17", "main", "airstrike", day("2024-02-08"), ["Baghdad"], keys=("abu baqir al-saadi",),
          claims=(("IL", "asserts", "Kataib Hezbollah", "the group blamed Israel"),),
          casualties=(("residents", 3, None, "three people died"),), published="2024-02-08")

    # I18 / I19: same day, same province known only at province level, different named targets.
    c.add("a31", "I18", "main", "airstrike", day("2023-09-10"), ["Deir ez-Zor province"],
          targets=("Hamdan ammunition depot",), keys=("hamdan ammunition depot",), published="2023-09-10")
    c.add("a32", "I18", "main", "airstrike", day("2023-09-10"), ["Deir ez-Zor province"],
          targets=("Hamdan ammunition depot",), keys=("hamdan ammunition depot",), published="2023-09-11")
    c.add("a33", "I19", "main", "airstrike", day("2023-09-10"), ["Deir ez-Zor province"],
          targets=("Qaim border crossing",), keys=("qaim border crossing",), published="2023-09-10")
    c.add("a34", "I19", "main", "airstrike", day("2023-09-10"), ["Deir ez-Zor province"],
          targets=("Qaim border crossing",), keys=("qaim border crossing",), published="2023-09-11")

    # I20: Russian strike on Palmyra 2023-07-20, recalled with a year-less date by an undated article.
    c.add("a35", "I20", "main", "airstrike", day("2023-07-20"), ["Palmyra"], published="2023-07-20",
          claims=(("RU", "asserts", "the Russian defence ministry", "the ministry reported strikes"),))
    c.add("a36", "I20", "background", "airstrike", day("--07-20", "on July 20"), ["Palmyra"])
    c.add("a36", "I21", "main", "shelling", day("--09-02", "September 2"), ["al-Mayadin"])
    # I21 also has a second report, in a month-dated article.
    c.add("a37", "I21", "main", "shelling", day("2023-09-02"), ["al-Mayadin", "Deir ez-Zor province"],
          published="2023-09-02")
    return c


def gold_pairs(gold: dict[str, str]) -> set[tuple[str, str]]:
    """All pairs of mention ids in the same gold incident."""
    by: dict[str, list[str]] = {}
    for mid, label in gold.items():
        by.setdefault(label, []).append(mid)
    return {(a, b) for ms in by.values() for a in sorted(ms) for b in sorted(ms) if a < b}


# --- scaling corpus ----------------------------------------------------------------------------------

_TYPES = ("airstrike", "drone_strike", "shelling", "drone_attack", "missile_strike")
_ACTORS = ("US", "RU", "TR", "IL", "SY", "irgc")


def synthetic_mentions(n: int, seed: int = 7) -> tuple[list[IncidentMention], dict[str, str]]:
    """About n mentions of random incidents at constant density (the time span grows with n).

    Five countries with 10 provinces of 30 towns each; about 2 incidents per country per day, each reported
    by 1-7 articles (some by a relative date, some only at province level); about a tenth of the articles
    also recall an older incident. Returns (mentions, gold labels).
    """
    rng = random.Random(seed)
    countries = ("SY", "IQ", "YE", "SO", "LY")
    # towns scattered over a 1.5-degree box per province (provinces side by side, countries far apart)
    towns = {
        c: [(f"{c}-p{p}", f"{c}-p{p}-t{t}", 10 + ci * 5 + rng.uniform(0, 1.5), 20 + p * 1.6 + rng.uniform(0, 1.5))
            for p in range(10) for t in range(30)]
        for ci, c in enumerate(countries)
    }
    start = dt.date(2015, 1, 1)
    mentions: list[IncidentMention] = []
    gold: dict[str, str] = {}
    incidents: list[tuple[str, dt.date, str, tuple, str]] = []
    art = 0
    k = 0
    while len(mentions) < n:
        country = rng.choice(countries)
        when = start + dt.timedelta(days=k // 10)  # 10 incidents a day over 5 countries
        admin1, town, lat, lon = rng.choice(towns[country])
        etype = rng.choice(_TYPES)
        label = f"S{k}"
        incidents.append((label, when, etype, (country, admin1, town, lat, lon), rng.choice(_ACTORS)))
        for _ in range(rng.randint(1, 7)):
            art += 1
            aid = f"s{art:07d}"
            r = rng.random()
            if r < 0.1:
                date = DateValue(text=when.strftime("%A"))
            elif r < 0.15:
                date = DateValue(value=when.strftime("--%m-%d"), precision="day")
            else:
                shift = 1 if rng.random() < 0.05 else 0
                date = DateValue(value=(when + dt.timedelta(days=shift)).isoformat(), precision="day")
            if rng.random() < 0.2:
                locs = [Location(name=admin1, country=country, precision="admin1", gazetteer_id=f"g:{admin1}")]
            else:
                locs = [Location(name=town, country=country, admin1=admin1, lat=lat, lon=lon, precision="city",
                                 gazetteer_id=f"g:{town}")]
            published = (when + dt.timedelta(days=rng.randint(0, 1))).isoformat()
            m = IncidentMention(id=f"{aid}#0", article_id=aid, role="main", event_type=etype, date=date,
                                locations=locs, published=published)
            mentions.append(m)
            gold[m.id] = label
            if rng.random() < 0.1 and len(incidents) > 20:
                old = incidents[rng.randrange(max(0, len(incidents) - 400), len(incidents) - 10)]
                o_label, o_when, o_type, (o_c, o_a1, o_town, o_lat, o_lon), _actor = old
                b = IncidentMention(
                    id=f"{aid}#1", article_id=aid, role="background", event_type=o_type,
                    date=DateValue(value=o_when.isoformat(), precision="day"),
                    locations=[Location(name=o_town, country=o_c, admin1=o_a1, lat=o_lat, lon=o_lon,
                                        precision="city", gazetteer_id=f"g:{o_town}")],
                    published=published)
                mentions.append(b)
                gold[b.id] = o_label
        k += 1
    return mentions[:n], {m.id: gold[m.id] for m in mentions[:n]}
