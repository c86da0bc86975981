"""REST API and pages over a small hand-written store: filters, paging, errors, export, ingest auth, headers."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import sys
import types
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from strikewatch.model import Article, ArticleResult, Incident, RawArticle, content_hash
from strikewatch.store import open_store
from strikewatch.web import app as web_app
from strikewatch.web.app import create_app
from strikewatch.web.sample import XSS_ARTICLE_ID, Sample, fill_sample_store

TOKEN = "s3cret-token-for-tests"
HAS_RUNNER = importlib.util.find_spec("strikewatch.runner") is not None


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Sample]:
    path = str(tmp_path_factory.mktemp("web") / "web.db")
    store = open_store(path)
    sample = fill_sample_store(store)
    store.close()
    return path, sample


@pytest.fixture(scope="module")
def client(db: tuple[str, Sample]) -> TestClient:
    with TestClient(create_app(db[0])) as c:
        yield c


def ids(resp) -> set[str]:
    assert resp.status_code == 200, resp.text
    return {i["id"] for i in resp.json()["incidents"]}


# --- reading ----------------------------------------------------------------------------------


def test_list_returns_every_incident_in_export_shape(client: TestClient, db: tuple[str, Sample]) -> None:
    body = client.get("/api/incidents").json()
    assert body["total"] == len(db[1].incidents)
    assert {i["id"] for i in body["incidents"]} == {i.id for i in db[1].incidents}
    first = body["incidents"][0]
    # Same fields as the export spec, and the record round-trips through the shared model.
    for key in ("id", "event_type", "date", "locations", "attribution", "targets", "casualties", "casualty_range"):
        assert key in first
    assert Incident.model_validate(first).id == first["id"]
    assert set(first["date"]) >= {"value", "precision", "earliest", "latest", "text"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=SY", {"inc-bukamal", "inc-idlib", "inc-kafrnabl"}),
        ("country=lb", {"inc-khiam"}),
        ("status=contested", {"inc-bukamal"}),
        ("perpetrator=RU", {"inc-idlib"}),
        ("event_type=shelling", {"inc-khiam", "inc-kafrnabl"}),
        ("admin1=Erbil", {"inc-erbil"}),
        ("start=2024-04-01&end=2024-04-10", {"inc-khiam", "inc-kafrnabl", "inc-border"}),
        ("start=2024-04-14", {"inc-erbil", "inc-border"}),
        ("bbox=35,33,37,36.5", {"inc-idlib", "inc-khiam", "inc-kafrnabl"}),
        ("q=poultry", set()),  # q searches extracted fields and evidence, not the whole article
        ("q=militias", {"inc-bukamal"}),
        ("country=SY&status=claimed", {"inc-idlib"}),
        ("country=", {"inc-bukamal", "inc-idlib", "inc-kafrnabl", "inc-khiam", "inc-erbil", "inc-border"}),
    ],
)
def test_filters(client: TestClient, query: str, expected: set[str]) -> None:
    assert ids(client.get(f"/api/incidents?{query}")) == expected


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=10000",
        "limit=-1",
        "offset=-1",
        "start=yesterday",
        "start=2024-05-01&end=2024-04-01",
        "bbox=1,2,3",
        "bbox=0,0,200,10",
        "bbox=a,b,c,d",
        "status=rumoured",
        "event_type=earthquake",
        "country=Syria",
        "q=" + "x" * 201,
    ],
)
def test_bad_parameters_are_422(client: TestClient, query: str) -> None:
    resp = client.get(f"/api/incidents?{query}")
    assert resp.status_code == 422, (query, resp.text)
    assert "detail" in resp.json()


def test_paging(client: TestClient, db: tuple[str, Sample]) -> None:
    n = len(db[1].incidents)
    seen: list[str] = []
    for offset in range(0, n, 2):
        body = client.get(f"/api/incidents?limit=2&offset={offset}").json()
        assert body["total"] == n
        assert len(body["incidents"]) <= 2
        seen += [i["id"] for i in body["incidents"]]
    assert sorted(seen) == sorted(i.id for i in db[1].incidents)  # no overlap, nothing missed
    past = client.get(f"/api/incidents?offset={n + 5}").json()
    assert past == {"incidents": [], "total": n}
    assert len(client.get("/api/incidents?limit=500").json()["incidents"]) == n


def test_one_incident_and_404(client: TestClient) -> None:
    inc = client.get("/api/incidents/inc-idlib").json()
    assert inc["attribution"]["perpetrator"] == "RU"
    assert inc["casualties"][0]["killed"] == {"min": 3, "max": 3, "approximate": False}
    missing = client.get("/api/incidents/no-such-incident")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/json")
    assert missing.json()["detail"] == "incident not found"


def test_article_has_text_and_every_annotation(client: TestClient) -> None:
    body = client.get("/api/articles/sample_wire.txt").json()
    assert body["article"]["outlet"] == "Example Wire"
    assert "duplicate_of" in body and body["duplicate_of"] is None
    labels = [a["label"] for a in body["annotations"]]
    assert labels.count("place") == 2 and "claim" in labels
    for ann in body["annotations"]:
        assert body["text"][ann["start"] : ann["end"]] == ann["text"]
    assert client.get("/api/articles/nothing.txt").status_code == 404


def test_map_points_and_timeline(client: TestClient, db: tuple[str, Sample]) -> None:
    points = client.get("/api/map-points").json()["points"]
    assert {p["id"] for p in points} == {i.id for i in db[1].located}
    bukamal = next(p for p in points if p["id"] == "inc-bukamal")
    assert (bukamal["lat"], bukamal["lon"]) == (34.4506, 40.9171)
    assert (bukamal["status"], bukamal["killed_min"]) == ("contested", 7)
    assert {p["id"] for p in client.get("/api/map-points?country=LB").json()["points"]} == {"inc-khiam"}

    tl = client.get("/api/timeline").json()
    assert tl["bucket"] == "day"
    assert sum(b["total"] for b in tl["bins"]) == 5 and tl["undated"] == 1  # inc-border is month-precise
    day = next(b for b in tl["bins"] if b["start"] == "2024-03-26")
    assert day["counts"] == {"contested": 1}


@pytest.mark.parametrize("fmt", ["json", "csv", "geojson"])
def test_export_formats(client: TestClient, db: tuple[str, Sample], fmt: str) -> None:
    resp = client.get(f"/api/export?format={fmt}")
    assert resp.status_code == 200
    assert "attachment" in resp.headers["content-disposition"]
    if fmt == "json":
        doc = resp.json()
        assert doc["schema"] == "strikewatch.incidents/1"
        assert {i["id"] for i in doc["incidents"]} == {i.id for i in db[1].incidents}
    elif fmt == "csv":
        assert resp.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(resp.text)))
        assert len(rows) == len(db[1].incidents)
    else:
        assert resp.headers["content-type"].startswith("application/geo+json")
        doc = json.loads(resp.text)
        assert doc["type"] == "FeatureCollection"
        assert len(doc["features"]) >= len(db[1].located)
    assert client.get("/api/export?format=xml").status_code == 422


# --- ingest -------------------------------------------------------------------------------------

ARTICLE = {
    "id": "api_new.txt",
    "title": "Drone strike hits car near Tal Afar",
    "text": "A drone strike hit a car near Tal Afar on Friday, May 3, 2024, killing two men, a local official said.",
    "outlet": "Example Wire",
    "published": "2024-05-03",
}


def test_ingest_refused_without_the_flag_or_the_right_token(db: tuple[str, Sample]) -> None:
    with TestClient(create_app(db[0], allow_ingest=False, token=TOKEN)) as c:
        assert c.post("/api/articles", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 403
    with TestClient(create_app(db[0], allow_ingest=True, token=TOKEN)) as c:
        assert c.post("/api/articles", json=ARTICLE).status_code == 403
        assert c.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer wrong"}).status_code == 403
        assert c.post("/api/articles", json=ARTICLE, headers={"Authorization": f"Basic {TOKEN}"}).status_code == 403
        assert c.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer "}).status_code == 403
    # Ingest allowed but no token configured anywhere: nobody gets in, not even with an empty one.
    with TestClient(create_app(db[0], allow_ingest=True, token="")) as c:
        assert c.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer "}).status_code == 403


def test_ingest_token_comes_from_the_environment(db: tuple[str, Sample], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRIKEWATCH_TOKEN", TOKEN)
    with TestClient(create_app(db[0], allow_ingest=True)) as c:
        resp = c.post("/api/articles", content=b"{not json", headers={"Authorization": f"Bearer {TOKEN}"})
        assert resp.status_code == 422  # past the token check: the body is what's wrong
        assert c.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer nope"}).status_code == 403


def test_ingest_body_is_bounded_and_validated(db: tuple[str, Sample]) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    with TestClient(create_app(db[0], allow_ingest=True, token=TOKEN)) as c:
        big = json.dumps({"id": "big.txt", "text": "x" * (web_app.MAX_BODY + 10)})
        assert c.post("/api/articles", content=big, headers=auth).status_code == 413
        assert c.post("/api/articles", json={"id": "no_text.txt"}, headers=auth).status_code == 422
        assert c.post("/api/articles", json={**ARTICLE, "id": "../etc/passwd"}, headers=auth).status_code == 422
        assert c.post("/api/articles", json={**ARTICLE, "extra": 1}, headers=auth).status_code == 422


def test_ingest_hands_the_article_to_the_runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The API side of ingest, with a stand-in runner that stores the article and joins a known incident."""
    path = str(tmp_path / "fake.db")
    store = open_store(path)
    fill_sample_store(store)
    store.close()
    calls: list[list[RawArticle]] = []

    def fake_ingest(store, raws: list[RawArticle]) -> dict[str, list[str]]:  # noqa: ANN001
        calls.append(raws)
        for raw in raws:
            article = Article(id=raw.id, title=raw.title, outlet=raw.outlet, published=raw.published)
            store.save_article(ArticleResult(article=article, text=raw.text, content_hash=content_hash(raw.text)))
        return {raws[0].id: ["inc-idlib"]}

    monkeypatch.setitem(sys.modules, "strikewatch.runner", types.SimpleNamespace(ingest_raw_articles=fake_ingest))
    with TestClient(create_app(path, allow_ingest=True, token=TOKEN)) as c:
        resp = c.post("/api/articles", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
        assert resp.status_code == 201, resp.text
        assert [i["id"] for i in resp.json()["incidents"]] == ["inc-idlib"]
        assert calls[0][0].text == ARTICLE["text"] and calls[0][0].published == "2024-05-03"
        assert c.get("/api/articles/api_new.txt").json()["text"] == ARTICLE["text"]


def test_ingest_with_the_right_token_stores_the_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(tmp_path / "ingest.db")
    store = open_store(path)
    fill_sample_store(store)
    store.close()
    if not HAS_RUNNER:
        pytest.skip("strikewatch.runner (the lead's ingest runner) is not in the tree yet")
    with TestClient(create_app(path, allow_ingest=True, token=TOKEN)) as c:
        resp = c.post("/api/articles", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
        assert resp.status_code == 201, resp.text
        body = resp.json()
        assert body["article_id"] == "api_new.txt"
        assert isinstance(body["incidents"], list)
        stored = c.get("/api/articles/api_new.txt").json()
        assert stored["text"] == ARTICLE["text"]
        assert stored["article"]["outlet"] == "Example Wire"
        for inc in body["incidents"]:
            assert any(m["article_id"] == "api_new.txt" for m in inc["mentions"])


# --- headers and pages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/api/incidents",
        "/incidents/inc-bukamal",
        "/articles/sample_wire.txt",
        "/docs",
        "/nope",
        "/static/css/app.css",
    ],
)
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    resp = client.get(path)
    csp = resp.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert resp.headers["x-content-type-options"] == "nosniff"


def test_pages_escape_untrusted_text(client: TestClient) -> None:
    html = client.get(f"/articles/{XSS_ARTICLE_ID}").text
    assert "<script>window" not in html and "<img src=x" not in html and "<b>Bold" not in html
    assert "&lt;script&gt;window.__pwned" in html
    assert "&lt;img src=x onerror=" in html
    incident = client.get("/incidents/inc-kafrnabl").text
    assert "<i>a local council</i>" not in incident and "&lt;i&gt;a local council&lt;/i&gt;" in incident
    # A javascript: URL from metadata is shown as text, never as a link.
    monitor = client.get("/articles/sample_monitor.txt").text
    assert 'href="javascript:' not in monitor
    # No inline scripts anywhere: every <script> has a src.
    for page in ("/", "/incidents/inc-bukamal", f"/articles/{XSS_ARTICLE_ID}", "/docs"):
        body = client.get(page).text
        assert body.count("<script") == body.count('<script src="/static/')


def test_article_page_labels_every_span(client: TestClient) -> None:
    html = client.get("/articles/sample_wire.txt").text
    assert html.count('class="ev-tag') == 8  # one label per annotation, overlapping ones included
    assert 'data-labels="place target"' in html or 'data-labels="target place"' in html
    assert 'id="ev-8-16"' in html  # anchor for evidence links from the incident page


def test_incident_page_shows_claims_and_links(client: TestClient) -> None:
    html = client.get("/incidents/inc-bukamal").text
    assert "Iranian state media" in html and "denies" in html and "asserts" in html
    assert "killing at least seven fighters" in html
    assert "first report of this incident" in html  # linking explanation
    assert 'href="/articles/sample_wire.txt' in html
    assert client.get("/incidents/no-such").status_code == 404


def test_index_lists_incidents_and_validates_filters(client: TestClient) -> None:
    html = client.get("/?country=LB").text
    assert "1 incident" in html and "Khiam" in html and "Idlib" not in html
    bad = client.get("/?start=2024-05-01&end=2024-04-01")
    assert bad.status_code == 400 and "start is after end" in bad.text


def test_index_without_map_assets_still_works(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(web_app, "VENDOR", tmp_path / "no-vendor")
    html = client.get("/").text
    assert "map assets are not installed" in html
    assert "leaflet.js" not in html
    assert 'id="timeline"' in html and "Abu Kamal" in html
    assert "not installed" in client.get("/docs").text


def test_openapi_json_is_served(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/incidents" in spec["paths"] and "/api/export" in spec["paths"]
