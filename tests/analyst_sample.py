"""A small store of made-up incidents for the ACLED / UCDP export and compare tests (our own short texts)."""

from __future__ import annotations

from strikewatch.model import (
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
    IncidentMention,
    Location,
    Mention,
    Party,
    Target,
    content_hash,
)
from strikewatch.store import IncidentLink, open_store

TEXTS = {
    "wire-a": (
        "KHARKIV (Wire) - Russian artillery shelled the village of Vilkhivka on 4 March, killing three people, "
        "the regional governor said. The Ukrainian army said five civilians died."
    ),
    "local-a": "Residents of Vilkhivka said the shelling on Friday destroyed two houses.",
    "wire-b": (
        "Drone strikes hit Kyaukse and Myittha in Mandalay region between 10 and 12 March, witnesses said; "
        "no one claimed them."
    ),
    "wire-c": "An explosion was reported somewhere in the south, a local outlet said.",
}
ARTICLES = {
    "wire-a": Article(id="wire-a", title="Shelling kills three in Vilkhivka", outlet="Reuters",
                      published="2022-03-05T08:00:00Z"),
    "local-a": Article(id="local-a", title="Houses destroyed in Vilkhivka", outlet="Ukrainska Pravda",
                       published="2022-03-04"),
    "wire-b": Article(id="wire-b", title="Drone strikes in Mandalay region", outlet="Associated Press",
                      published="2022-03-13"),
    "wire-c": Article(id="wire-c", title="Explosion reported", outlet=None, published="2022-04-02"),
}


def ev(article_id: str, phrase: str) -> Evidence:
    start = TEXTS[article_id].index(phrase)
    return Evidence(article_id=article_id, start=start, end=start + len(phrase), text=phrase)


def shelling() -> Incident:
    governor = Party(name="the regional governor", kind="official")
    army = Party(name="The Ukrainian army", id="ua-army", kind="military")
    return Incident(
        id="inc-shelling",
        event_type="shelling",
        date=DateValue(value="2022-03-04", precision="day", earliest="2022-03-04", latest="2022-03-04",
                       text="4 March"),
        locations=[
            Location(name="Vilkhivka", canonical_name="Vilkhivka", country="UA", admin1="Kharkiv",
                     admin2="Kharkiv Raion", lat=49.9856, lon=36.4312, precision="village"),
            Location(name="Kharkiv", canonical_name="Kharkiv Oblast", country="UA", admin1="Kharkiv",
                     lat=49.5, lon=36.5, precision="admin1"),
        ],
        attribution=Attribution(status="claimed", perpetrator="RU", claims=[
            AttributionClaim(actor="RU", actor_name="Russian artillery", claimant=Party(name="Wire", kind="media"),
                             stance="asserts", article_id="wire-a", evidence=ev("wire-a", "Russian artillery")),
        ]),
        targets=[Target(name="civilians", kind="civilian", evidence=ev("wire-a", "five civilians"))],
        casualties=[
            CasualtyClaim(claimant=governor, killed=Figure(min=3, max=3), victims="unspecified",
                          article_id="wire-a", evidence=ev("wire-a", "killing three people")),
            CasualtyClaim(claimant=army, killed=Figure(min=5, max=5), victims="civilians",
                          article_id="wire-a", evidence=ev("wire-a", "five civilians died")),
        ],
        casualty_range=CasualtyRange(killed_min=3, killed_max=5),
        mentions=[
            Mention(article_id="wire-a", role="main", evidence=[ev("wire-a", "shelled the village of Vilkhivka")]),
            Mention(article_id="local-a", role="main", evidence=[ev("local-a", "the shelling on Friday")]),
        ],
    )


def drone_strikes() -> Incident:
    return Incident(
        id="inc-drones",
        event_type="drone_strike",
        date=DateValue(value="2022-03-10", precision="day", earliest="2022-03-10", latest="2022-03-12",
                       text="between 10 and 12 March"),
        locations=[
            Location(name="Kyaukse", country="MM", admin1="Mandalay", admin2="Kyaukse District", lat=21.6056,
                     lon=96.1351, precision="city"),
            Location(name="Myittha", country="MM", admin1="Mandalay", admin2="Kyaukse District", lat=21.4,
                     lon=96.05, precision="village"),
            Location(name="Mandalay region", country="MM", admin1="Mandalay", lat=21.5, lon=96.0,
                     precision="admin1"),
        ],
        mentions=[Mention(article_id="wire-b", role="main", evidence=[ev("wire-b", "Drone strikes hit Kyaukse")])],
    )


def explosion() -> Incident:
    return Incident(
        id="inc-explosion",
        event_type="explosion",
        mentions=[Mention(article_id="wire-c", role="main", evidence=[ev("wire-c", "An explosion was reported")])],
    )


def incidents() -> list[Incident]:
    return [shelling(), drone_strikes(), explosion()]


def fill_analyst_store(path: str) -> list[Incident]:
    """Write the articles and incidents into a new store at `path`."""
    store = open_store(path)
    for aid, article in ARTICLES.items():
        text = TEXTS[aid]
        store.save_article(
            ArticleResult(article=article, text=text, content_hash=content_hash(text),
                          mentions=[IncidentMention(id=f"{aid}#0", article_id=aid, role="main")]),
            source="analyst-sample",
        )
    incs = incidents()
    links = [IncidentLink(incident_id=i.id, mention_id=f"{m.article_id}#0", explanation={"rule": "sample"})
             for i in incs for m in i.mentions]
    store.replace_incidents(incs, links)
    store.close()
    return incs
