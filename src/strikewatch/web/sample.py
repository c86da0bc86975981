"""A small hand-written sample database for the web tests and for trying the UI (`fill_sample_store`).

The article texts are short sentences written for this project in the style of wire copy, monitors and
official statements; one article deliberately carries HTML/script markup to check that pages escape it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from strikewatch.model import (
    Annotation,
    Article,
    ArticleResult,
    Attribution,
    AttributionClaim,
    CasualtyClaim,
    CasualtyRange,
    DateValue,
    Evidence,
    Figure,
    Incident,
    Location,
    Mention,
    Party,
    Target,
    content_hash,
)
from strikewatch.store.base import IncidentLink, Store

XSS_ARTICLE_ID = "sample_xss.txt"

ARTICLES: dict[str, dict] = {
    "sample_wire.txt": {
        "title": "Warplanes hit militia positions near Al-Bukamal",
        "outlet": "Example Wire",
        "published": "2024-03-26",
        "url": "https://example.org/wire/1",
        "text": (
            "BEIRUT, March 26 (Example Wire) - Unidentified warplanes struck positions of Iran-backed militias "
            "near Al-Bukamal in Deir ez-Zor province before dawn on Tuesday, killing at least seven fighters, "
            "a war monitor said.\n\n"
            "Iranian state media blamed the United States for the raid. A US defense official said American "
            "forces had not carried out any strike in Syria in the past day."
        ),
    },
    "sample_monitor.txt": {
        "title": "Russian drone strike kills three in Idlib countryside",
        "outlet": "Example Monitor",
        "published": "2024-03-10",
        "url": "javascript:alert(1)",
        "text": (
            "The Monitor documented a drone strike by Russian forces on a poultry farm on the outskirts of Idlib "
            "city on Sunday, March 10. Three civilians were killed and five others injured, according to the "
            "Monitor's sources."
        ),
    },
    "sample_statement.txt": {
        "title": "Army says it struck a launch site in southern Lebanon",
        "outlet": "Example Gazette",
        "published": "2024-04-02",
        "url": None,
        "text": (
            "The Israeli army said on Tuesday, April 2, that its artillery shelled a rocket launch site near "
            "Khiam in southern Lebanon. No casualties were reported by local officials."
        ),
    },
    "sample_local.txt": {
        "title": "Drone attack near Erbil airport",
        "outlet": "Example Local",
        "published": "2024-04-15",
        "url": "https://example.org/local/erbil",
        "text": (
            "A drone attack targeted a base near Erbil airport on Monday, April 15, wounding two guards. "
            "Security officials said the drone was believed to have been launched by IRGC-backed groups."
        ),
    },
    "sample_undated.txt": {
        "title": "Rockets fall near border town",
        "outlet": "Example Local",
        "published": "2024-04-20",
        "url": None,
        "text": "Several rockets fell near a border town earlier this month, residents said. No group claimed them.",
    },
    XSS_ARTICLE_ID: {
        "title": "<script>window.__pwned = 'title'</script>Shelling report",
        "outlet": "<b>Bold Outlet</b>",
        "published": "2024-04-03",
        "url": "https://example.org/x?a=<script>",
        "text": (
            "Shelling hit the village of Kafr Nabl on Wednesday. <script>window.__pwned = 'script';</script> "
            "Residents posted <img src=x onerror=\"window.__pwned = 'img'; alert(1)\"> photos of the damage, "
            "and two people were hurt, a local council said."
        ),
    },
}


def _ev(article_id: str, needle: str) -> Evidence:
    text = ARTICLES[article_id]["text"]
    start = text.index(needle)
    return Evidence(article_id=article_id, start=start, end=start + len(needle), text=needle)


def _ann(article_id: str, label: str, needle: str, detail: str | None = None) -> Annotation:
    ev = _ev(article_id, needle)
    return Annotation(label=label, start=ev.start, end=ev.end, text=ev.text, detail=detail)


ANNOTATIONS: dict[str, list[Annotation]] = {
    "sample_wire.txt": [
        _ann("sample_wire.txt", "date", "March 26", "2024-03-26"),
        _ann("sample_wire.txt", "event", "Unidentified warplanes struck", "airstrike"),
        _ann("sample_wire.txt", "place", "Al-Bukamal", "Abu Kamal, SY"),
        _ann("sample_wire.txt", "place", "Deir ez-Zor province", "Deir ez-Zor, SY"),
        # Overlaps the place annotation above on purpose.
        _ann("sample_wire.txt", "target", "positions of Iran-backed militias near Al-Bukamal", "armed_group"),
        _ann("sample_wire.txt", "casualty", "killing at least seven fighters", "killed >= 7"),
        _ann("sample_wire.txt", "claim", "Iranian state media blamed the United States", "US asserts"),
        _ann(
            "sample_wire.txt",
            "claim",
            "American forces had not carried out any strike in Syria",
            "US denies",
        ),
    ],
    "sample_monitor.txt": [
        _ann("sample_monitor.txt", "event", "drone strike", "drone_strike"),
        _ann("sample_monitor.txt", "actor", "Russian forces", "RU"),
        _ann("sample_monitor.txt", "place", "Idlib", "Idlib, SY"),
        _ann("sample_monitor.txt", "date", "Sunday, March 10", "2024-03-10"),
        _ann("sample_monitor.txt", "casualty", "Three civilians were killed and five others injured"),
    ],
    "sample_statement.txt": [
        _ann("sample_statement.txt", "actor", "The Israeli army", "IL"),
        _ann("sample_statement.txt", "date", "Tuesday, April 2", "2024-04-02"),
        _ann("sample_statement.txt", "place", "Khiam", "Khiam, LB"),
    ],
    "sample_local.txt": [
        _ann("sample_local.txt", "event", "drone attack", "drone_attack"),
        _ann("sample_local.txt", "place", "Erbil airport", "Erbil, IQ"),
        _ann("sample_local.txt", "date", "Monday, April 15", "2024-04-15"),
        _ann("sample_local.txt", "casualty", "wounding two guards"),
        _ann("sample_local.txt", "claim", "believed to have been launched by IRGC-backed groups", "irgc suspected"),
    ],
    "sample_undated.txt": [_ann("sample_undated.txt", "event", "rockets fell", "rocket_attack")],
    XSS_ARTICLE_ID: [
        _ann(XSS_ARTICLE_ID, "event", "Shelling", "shelling"),
        _ann(XSS_ARTICLE_ID, "place", "Kafr Nabl", "Kafr Nabl, SY"),
        _ann(XSS_ARTICLE_ID, "noise", "<script>window.__pwned = 'script';</script>"),
        _ann(XSS_ARTICLE_ID, "casualty", "two people were hurt"),
    ],
}

MONITOR = Party(name="Syrian Observatory", id="sohr", kind="monitor")


def _incidents() -> list[Incident]:
    w, m, s, loc_, u, x = (
        "sample_wire.txt",
        "sample_monitor.txt",
        "sample_statement.txt",
        "sample_local.txt",
        "sample_undated.txt",
        XSS_ARTICLE_ID,
    )
    return [
        Incident(
            id="inc-bukamal",
            event_type="airstrike",
            date=DateValue(
                value="2024-03-26", precision="day", earliest="2024-03-26", latest="2024-03-26", text="March 26"
            ),
            locations=[
                Location(
                    name="Al-Bukamal",
                    canonical_name="Abu Kamal",
                    country="SY",
                    admin1="Deir ez-Zor",
                    lat=34.4506,
                    lon=40.9171,
                    precision="city",
                    gazetteer_id="geonames:172515",
                ),
                Location(
                    name="Deir ez-Zor province",
                    canonical_name="Deir ez-Zor",
                    country="SY",
                    admin1="Deir ez-Zor",
                    lat=35.3359,
                    lon=40.1408,
                    precision="admin1",
                ),
            ],
            attribution=Attribution(
                status="contested",
                perpetrator="US",
                claims=[
                    AttributionClaim(
                        actor="US",
                        actor_name="the United States",
                        claimant=Party(name="Iranian state media", kind="media"),
                        stance="asserts",
                        article_id=w,
                        evidence=_ev(w, "Iranian state media blamed the United States"),
                    ),
                    AttributionClaim(
                        actor="US",
                        actor_name="American forces",
                        claimant=Party(name="A US defense official", kind="official"),
                        stance="denies",
                        article_id=w,
                        evidence=_ev(w, "American forces had not carried out any strike in Syria"),
                    ),
                ],
            ),
            targets=[
                Target(
                    name="positions of Iran-backed militias",
                    kind="armed_group",
                    evidence=_ev(w, "positions of Iran-backed militias"),
                )
            ],
            casualties=[
                CasualtyClaim(
                    claimant=MONITOR,
                    killed=Figure(min=7),
                    victims="militants",
                    article_id=w,
                    evidence=_ev(w, "killing at least seven fighters"),
                )
            ],
            casualty_range=CasualtyRange(killed_min=7),
            mentions=[Mention(article_id=w, role="main", evidence=[_ev(w, "Unidentified warplanes struck")])],
        ),
        Incident(
            id="inc-idlib",
            event_type="drone_strike",
            date=DateValue(
                value="2024-03-10", precision="day", earliest="2024-03-10", latest="2024-03-10", text="Sunday, March 10"
            ),
            locations=[
                Location(
                    name="Idlib",
                    canonical_name="Idlib",
                    country="SY",
                    admin1="Idlib",
                    lat=35.9306,
                    lon=36.6339,
                    precision="city",
                )
            ],
            attribution=Attribution(
                status="claimed",
                perpetrator="RU",
                claims=[
                    AttributionClaim(
                        actor="RU",
                        actor_name="Russian forces",
                        claimant=MONITOR,
                        stance="asserts",
                        article_id=m,
                        evidence=_ev(m, "Russian forces"),
                    )
                ],
            ),
            casualties=[
                CasualtyClaim(
                    claimant=MONITOR,
                    killed=Figure(min=3, max=3),
                    injured=Figure(min=5, max=5),
                    victims="civilians",
                    article_id=m,
                    evidence=_ev(m, "Three civilians were killed and five others injured"),
                )
            ],
            casualty_range=CasualtyRange(killed_min=3, killed_max=3, injured_min=5, injured_max=5),
            mentions=[Mention(article_id=m, role="main", evidence=[_ev(m, "drone strike")])],
        ),
        Incident(
            id="inc-khiam",
            event_type="shelling",
            date=DateValue(value="2024-04-02", precision="day", earliest="2024-04-02", latest="2024-04-02"),
            locations=[
                Location(name="Khiam", country="LB", admin1="Nabatieh", lat=33.3283, lon=35.6100, precision="village")
            ],
            attribution=Attribution(
                status="declared",
                perpetrator="IL",
                claims=[
                    AttributionClaim(
                        actor="IL",
                        actor_name="The Israeli army",
                        claimant=Party(name="The Israeli army", id="idf", kind="military"),
                        stance="asserts",
                        article_id=s,
                        evidence=_ev(s, "The Israeli army"),
                    )
                ],
            ),
            mentions=[Mention(article_id=s, role="main", evidence=[_ev(s, "artillery shelled")])],
        ),
        Incident(
            id="inc-erbil",
            event_type="drone_attack",
            date=DateValue(value="2024-04-15", precision="day", earliest="2024-04-15", latest="2024-04-15"),
            locations=[
                Location(
                    name="Erbil airport",
                    canonical_name="Erbil",
                    country="IQ",
                    admin1="Erbil",
                    lat=36.2376,
                    lon=43.9632,
                    precision="site",
                )
            ],
            attribution=Attribution(
                status="suspected",
                perpetrator="irgc",
                claims=[
                    AttributionClaim(
                        actor="irgc",
                        actor_name="IRGC-backed groups",
                        claimant=Party(name="Security officials", kind="official"),
                        stance="suspects",
                        article_id=loc_,
                        evidence=_ev(loc_, "believed to have been launched by IRGC-backed groups"),
                    )
                ],
            ),
            casualties=[
                CasualtyClaim(
                    claimant=Party(name="Example Local", kind="media"),
                    injured=Figure(min=2, max=2),
                    victims="soldiers",
                    article_id=loc_,
                    evidence=_ev(loc_, "wounding two guards"),
                )
            ],
            casualty_range=CasualtyRange(injured_min=2, injured_max=2),
            mentions=[Mention(article_id=loc_, role="main", evidence=[_ev(loc_, "drone attack")])],
        ),
        Incident(
            id="inc-border",
            event_type="rocket_attack",
            date=DateValue(value="2024-04", precision="month", earliest="2024-04-01", latest="2024-04-30"),
            mentions=[Mention(article_id=u, role="main", evidence=[_ev(u, "rockets fell")])],
        ),
        Incident(
            id="inc-kafrnabl",
            event_type="shelling",
            date=DateValue(value="2024-04-03", precision="day", earliest="2024-04-03", latest="2024-04-03"),
            locations=[
                Location(name="Kafr Nabl", country="SY", admin1="Idlib", lat=35.6136, lon=36.5614, precision="village")
            ],
            casualties=[
                CasualtyClaim(
                    claimant=Party(name="<i>a local council</i>", kind="official"),
                    injured=Figure(min=2, max=2),
                    article_id=x,
                    evidence=_ev(x, "two people were hurt"),
                )
            ],
            casualty_range=CasualtyRange(injured_min=2, injured_max=2),
            mentions=[Mention(article_id=x, role="main", evidence=[_ev(x, "Shelling hit the village of Kafr Nabl")])],
        ),
    ]


@dataclass
class Sample:
    """What was written, so tests can compare against it."""

    article_ids: list[str] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)

    @property
    def located(self) -> list[Incident]:
        return [i for i in self.incidents if any(loc.lat is not None for loc in i.locations)]


def fill_sample_store(store: Store) -> Sample:
    """Write the sample articles and incidents (with linking explanations) into `store`."""
    for aid, meta in ARTICLES.items():
        text = meta["text"]
        article = Article(
            id=aid, title=meta["title"], outlet=meta["outlet"], published=meta["published"], url=meta["url"]
        )
        store.save_article(
            ArticleResult(
                article=article, text=text, content_hash=content_hash(text), annotations=ANNOTATIONS.get(aid, [])
            ),
            source="sample",
        )
    incidents = _incidents()
    links = [
        IncidentLink(
            incident_id=inc.id,
            mention_id=f"{m.article_id}#0",
            explanation={
                "rule": "seed",
                "reason": "first report of this incident",
                "score": 1.0,
                "shared": {"place": inc.locations[0].name if inc.locations else None},
            },
        )
        for inc in incidents
        for m in inc.mentions
    ]
    store.replace_incidents(incidents, links)
    return Sample(article_ids=list(ARTICLES), incidents=incidents)
