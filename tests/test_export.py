"""Exports follow the spec (export-format.md), validate against schema.json, and are byte-for-byte reproducible."""

from __future__ import annotations

import copy
import csv
import io
import json

import pytest

from strikewatch.export import (
    CSV_COLUMNS,
    ExportValidationError,
    build_export,
    load_schema,
    validate_export,
    write_export,
)
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
from strikewatch.store import IncidentLink, Store, open_store

WIRE = (
    "BEIRUT (Wire) - Air strikes hit a convoy near al-Bukamal on the Syrian-Iraqi border late on "
    "Monday, killing at least six people, a war monitor said. The US military said it carried out "
    "the strike against an Iran-backed group."
)
LOCAL = (
    "Deir ez-Zor - Local sources told our correspondent that about ten people were wounded when "
    "drones attacked a checkpoint in دير الزور on March 25. No group claimed the attack."
)
COPY = WIRE  # a syndicated copy of the wire story
MONITOR = "The observatory recorded renewed shelling on villages east of Deir ez-Zor, without giving casualties."


def ev(article_id: str, body: str, phrase: str) -> Evidence:
    start = body.index(phrase)
    return Evidence(article_id=article_id, start=start, end=start + len(phrase), text=phrase)


def article_result(article_id: str, body: str, outlet: str | None, **extra: str) -> ArticleResult:
    return ArticleResult(
        article=Article(id=article_id, outlet=outlet, **extra),
        text=body,
        content_hash=content_hash(body),
        mentions=[IncidentMention(id=f"{article_id}#0", article_id=article_id, role="main")],
    )


def convoy_strike() -> Incident:
    monitor = Party(name="a war monitor", kind="monitor")
    centcom = Party(name="The US military", id="centcom", kind="military")
    return Incident(
        id="inc-2024-03-25-bukamal",
        event_type="airstrike",
        date=DateValue(
            value="2024-03-25", precision="day", earliest="2024-03-25", latest="2024-03-25", text="late on Monday"
        ),
        locations=[
            Location(
                name="al-Bukamal",
                canonical_name="Abu Kamal",
                country="SY",
                admin1="Deir ez-Zor",
                admin2="Abu Kamal District",
                lat=34.4506,
                lon=40.9171,
                precision="city",
                gazetteer_id="geonames:173131",
            ),
            Location(name="the Syrian-Iraqi border", precision="country", country="SY"),
        ],
        attribution=Attribution(
            status="declared",
            perpetrator="US",
            claims=[
                AttributionClaim(
                    actor="US",
                    actor_name="The US military",
                    claimant=centcom,
                    stance="asserts",
                    article_id="wire-1.txt",
                    evidence=ev("wire-1.txt", WIRE, "The US military said it carried out the strike"),
                ),
            ],
        ),
        targets=[
            Target(
                name="an Iran-backed group", kind="armed_group", evidence=ev("wire-1.txt", WIRE, "an Iran-backed group")
            )
        ],
        casualties=[
            CasualtyClaim(
                claimant=monitor,
                killed=Figure(min=6, max=None),
                victims="unspecified",
                article_id="wire-1.txt",
                evidence=ev("wire-1.txt", WIRE, "killing at least six people"),
            ),
        ],
        casualty_range=CasualtyRange(killed_min=6, killed_max=None),
        mentions=[
            Mention(
                article_id="wire-1.txt", role="main", evidence=[ev("wire-1.txt", WIRE, "Air strikes hit a convoy")]
            ),
            Mention(
                article_id="copy-1.txt", role="main", evidence=[ev("copy-1.txt", COPY, "Air strikes hit a convoy")]
            ),
        ],
    )


def checkpoint_attack() -> Incident:
    local = Party(name="Local sources", kind="witness")
    return Incident(
        id="inc-2024-03-25-dez",
        event_type="drone_attack",
        date=DateValue(value="--03-25", precision="day", text="March 25"),
        locations=[
            Location(
                name="دير الزور",
                canonical_name="Deir ez-Zor",
                country="SY",
                admin1="Deir ez-Zor",
                lat=35.3359,
                lon=40.1408,
                precision="city",
            )
        ],
        attribution=Attribution(status="unknown"),
        casualties=[
            CasualtyClaim(
                claimant=local,
                injured=Figure(min=10, max=10, approximate=True),
                victims="unspecified",
                article_id="local-1.txt",
                evidence=ev("local-1.txt", LOCAL, "about ten people were wounded"),
            ),
        ],
        casualty_range=CasualtyRange(injured_min=10, injured_max=10),
        mentions=[
            Mention(
                article_id="local-1.txt",
                role="main",
                evidence=[ev("local-1.txt", LOCAL, "drones attacked a checkpoint")],
            )
        ],
    )


def shelling_no_coordinates() -> Incident:
    return Incident(
        id="inc-undated-shelling",
        event_type="shelling",
        locations=[Location(name="villages east of Deir ez-Zor", precision="admin2")],
        mentions=[
            Mention(
                article_id="monitor-1.txt",
                role="background",
                evidence=[ev("monitor-1.txt", MONITOR, "renewed shelling")],
            )
        ],
    )


@pytest.fixture
def filled(store: Store) -> Store:
    """Four articles (one a syndicated copy) and three incidents, written through the store."""
    fill(store)
    return store


def fill(store: Store) -> None:
    store.save_article(article_result("wire-1.txt", WIRE, "Wire", title="Strikes hit convoy", published="2024-03-26"))
    store.save_article(article_result("local-1.txt", LOCAL, "Local Post", language="en"))
    store.save_article(article_result("copy-1.txt", COPY, "Daily Reprint"))
    store.save_article(article_result("monitor-1.txt", MONITOR, None))
    store.set_duplicates({"copy-1.txt": "wire-1.txt"})
    incidents = [shelling_no_coordinates(), checkpoint_attack(), convoy_strike()]
    links = [IncidentLink(i.id, f"{m.article_id}#0", {"rule": "test"}) for i in incidents for m in i.mentions]
    store.replace_incidents(incidents, links)


def render(store: Store, fmt: str) -> bytes:
    out = io.StringIO()
    write_export(store, fmt, out)
    return out.getvalue().encode("utf-8")


def test_export_follows_the_spec(filled: Store) -> None:
    doc = build_export(filled)
    validate_export(doc)
    assert doc["schema"] == "strikewatch.incidents/1"
    assert [a["id"] for a in doc["articles"]] == ["copy-1.txt", "local-1.txt", "monitor-1.txt", "wire-1.txt"]
    copy_article = doc["articles"][0]
    assert copy_article["duplicate_of"] == "wire-1.txt"
    assert "revision" not in copy_article
    assert doc["articles"][3] == {
        "id": "wire-1.txt",
        "title": "Strikes hit convoy",
        "outlet": "Wire",
        "published": "2024-03-26",
        "url": None,
        "language": "en",
        "duplicate_of": None,
    }
    # Store order: dated by their first possible day; a yearless date and an undated one come last, by id.
    assert [i["id"] for i in doc["incidents"]] == [
        "inc-2024-03-25-bukamal",
        "inc-2024-03-25-dez",
        "inc-undated-shelling",
    ]


def test_spec_figures_survive_the_round_trip(filled: Store) -> None:
    doc = json.loads(render(filled, "json"))
    convoy, checkpoint, _ = doc["incidents"]
    # `at least six` is min 6, max null.
    assert convoy["casualties"][0]["killed"] == {"min": 6, "max": None, "approximate": False}
    assert convoy["casualties"][0]["injured"] is None
    assert convoy["casualty_range"] == {"killed_min": 6, "killed_max": None, "injured_min": None, "injured_max": None}
    # `about ten` is min 10, max 10, approximate.
    assert checkpoint["casualties"][0]["injured"] == {"min": 10, "max": 10, "approximate": True}
    assert checkpoint["date"] == {
        "value": "--03-25",
        "precision": "day",
        "earliest": None,
        "latest": None,
        "text": "March 25",
    }
    claim = convoy["attribution"]["claims"][0]
    assert claim["stance"] == "asserts" and claim["claimant"]["id"] == "centcom"
    evidence = claim["evidence"]
    assert WIRE[evidence["start"] : evidence["end"]] == evidence["text"]
    assert Incident.model_validate(convoy) == convoy_strike()


def test_json_is_utf8_indented_and_deterministic(filled: Store) -> None:
    first = render(filled, "json")
    assert first == render(filled, "json")
    text = first.decode("utf-8")
    assert "دير الزور" in text  # not \u-escaped
    assert text.startswith('{\n  "schema": "strikewatch.incidents/1",\n')
    assert text.endswith("}\n")


@pytest.mark.parametrize("fmt", ["json", "csv", "geojson"])
def test_same_store_same_bytes_after_reopen(store_target: str, fmt: str) -> None:
    with open_store(store_target) as s:
        fill(s)
        first = render(s, fmt)
    with open_store(store_target) as s:
        fill(s)  # a re-run on the same input
        assert render(s, fmt) == first


def test_sqlite_and_postgres_export_identically(tmp_path, pg_database: str) -> None:  # type: ignore[no-untyped-def]
    outputs = []
    for target in (str(tmp_path / "sw.db"), pg_database):
        with open_store(target) as s:
            fill(s)
            outputs.append([render(s, fmt) for fmt in ("json", "csv", "geojson")])
    assert outputs[0] == outputs[1]


def test_csv_has_one_flat_row_per_incident(filled: Store) -> None:
    rows = list(csv.DictReader(io.StringIO(render(filled, "csv").decode("utf-8"))))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    convoy, checkpoint, shelling = rows
    assert convoy["id"] == "inc-2024-03-25-bukamal"
    assert convoy["date"] == "2024-03-25" and convoy["date_precision"] == "day"
    assert (convoy["perpetrator"], convoy["attribution_status"]) == ("US", "declared")
    assert (convoy["location_name"], convoy["admin2"], convoy["country"]) == ("al-Bukamal", "Abu Kamal District", "SY")
    assert (float(convoy["lat"]), float(convoy["lon"])) == (34.4506, 40.9171)
    assert (convoy["killed_min"], convoy["killed_max"]) == ("6", "")
    assert convoy["n_articles"] == "2"
    assert convoy["outlets"] == "Daily Reprint;Wire"
    assert convoy["article_ids"] == "copy-1.txt;wire-1.txt"
    assert (checkpoint["injured_min"], checkpoint["injured_max"]) == ("10", "10")
    assert checkpoint["location_name"] == "دير الزور"
    assert (shelling["date"], shelling["lat"], shelling["outlets"]) == ("", "", "")  # no outlet known


def test_geojson_has_a_point_per_located_place(filled: Store) -> None:
    gj = json.loads(render(filled, "geojson"))
    assert gj["type"] == "FeatureCollection"
    features = gj["features"]
    # The border (no coordinates) and the shelling incident (none at all) have no point.
    assert [f["properties"]["incident_id"] for f in features] == ["inc-2024-03-25-bukamal", "inc-2024-03-25-dez"]
    convoy = features[0]
    assert convoy["geometry"] == {"type": "Point", "coordinates": [40.9171, 34.4506]}  # lon, lat
    props = convoy["properties"]
    assert props["primary"] is True
    assert (props["event_type"], props["date"], props["status"], props["perpetrator"]) == (
        "airstrike",
        "2024-03-25",
        "declared",
        "US",
    )
    assert (props["killed_min"], props["killed_max"]) == (6, None)
    assert (props["location_name"], props["location_precision"]) == ("al-Bukamal", "city")
    assert len({f["id"] for f in features}) == len(features)


def test_empty_store_exports_validly(store: Store) -> None:
    doc = build_export(store)
    assert doc == {"schema": "strikewatch.incidents/1", "articles": [], "incidents": []}
    validate_export(doc)
    assert render(store, "csv").decode() == ",".join(CSV_COLUMNS) + "\n"
    assert json.loads(render(store, "geojson")) == {"type": "FeatureCollection", "features": []}
    with pytest.raises(ValueError, match="geojson"):
        write_export(store, "xml", io.StringIO())


def test_validation_names_the_problem(filled: Store) -> None:
    good = build_export(filled)
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"

    def broken(change) -> str:  # type: ignore[no-untyped-def]
        doc = copy.deepcopy(good)
        change(doc)
        with pytest.raises(ExportValidationError) as info:
            validate_export(doc)
        return str(info.value)

    msg = broken(lambda d: d["incidents"][0].__setitem__("event_type", "bombing"))
    assert "$.incidents[0].event_type" in msg and "bombing" in msg
    msg = broken(lambda d: d["incidents"][0]["casualties"][0]["killed"].__setitem__("min", "six"))
    assert "$.incidents[0].casualties[0].killed" in msg
    msg = broken(lambda d: d["incidents"][0]["attribution"]["claims"][0].__setitem__("stance", "claims"))
    assert "stance" in msg
    msg = broken(lambda d: d["incidents"][1]["date"].__setitem__("value", "March 25"))
    assert "$.incidents[1].date.value" in msg
    msg = broken(lambda d: d["incidents"][0]["locations"][0].pop("precision"))
    assert "'precision' is a required property" in msg
    msg = broken(lambda d: d.__setitem__("schema", "strikewatch.incidents/2"))
    assert "$.schema" in msg
    msg = broken(lambda d: d["incidents"][2]["mentions"][0].__setitem__("article_id", "gone.txt"))
    assert "unknown article 'gone.txt'" in msg
    msg = broken(lambda d: d["incidents"].append(copy.deepcopy(d["incidents"][0])))
    assert "duplicate incident id" in msg
    # Added fields are allowed anywhere (the spec may grow).
    extended = copy.deepcopy(good)
    extended["incidents"][0]["confidence"] = 0.8
    extended["generated_by"] = "strikewatch 0.1"
    validate_export(extended)
