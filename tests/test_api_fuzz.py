"""The API under generated requests (schemathesis, from the app's own OpenAPI spec): no server error for any
request, limits on page size, query length and body size hold, and ingest refuses missing or wrong tokens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from strikewatch.store import open_store
from strikewatch.web import app as web_app
from strikewatch.web import queries
from strikewatch.web.app import create_app
from strikewatch.web.sample import fill_sample_store

TOKEN = "fuzz-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _sample_db(base: Path) -> str:
    path = str(base / "api.db")
    with open_store(path) as store:
        fill_sample_store(store)
    return path


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _sample_db(tmp_path_factory.mktemp("api-fuzz"))


@pytest.fixture(scope="module")
def api_schema(db_path: str) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(db_path, allow_ingest=True, token=TOKEN))


# The operations, from the spec alone (the app opens no store until a request comes).
OPERATIONS = [f"{method.upper()} {path}" for path, item in create_app(":memory:").openapi()["paths"].items()
              for method in item]


@pytest.mark.parametrize("label", OPERATIONS)
def test_no_request_gets_a_server_error(api_schema: schemathesis.BaseSchema, label: str) -> None:
    operation = api_schema.find_operation_by_label(label)
    assert operation is not None, label

    @given(case=operation.as_strategy())
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    def call(case: schemathesis.Case) -> None:
        # POSTs carry the right token so generated articles reach extraction and the store, not only the 403.
        response = case.call(headers=AUTH if case.method.upper() == "POST" else None)
        assert response.status_code < 500, (f"{case.method} {case.formatted_path} {case.query} -> "
                                             f"{response.status_code}: {response.text[:500]}")

    call()


@pytest.fixture(scope="module")
def client(db_path: str) -> TestClient:
    with TestClient(create_app(db_path, allow_ingest=True, token=TOKEN)) as c:
        yield c


def test_page_size_is_bounded(client: TestClient) -> None:
    assert client.get("/api/incidents", params={"limit": 500}).status_code == 200
    for bad in (501, 0, -1, 10**12, "many"):
        assert client.get("/api/incidents", params={"limit": bad}).status_code == 422, bad
    assert client.get("/api/incidents", params={"offset": 10**15}).status_code == 422


def test_query_length_is_bounded(client: TestClient) -> None:
    assert client.get("/api/incidents", params={"q": "x" * queries.MAX_Q}).status_code == 200
    for param, size in (("q", queries.MAX_Q + 1), ("admin1", queries.MAX_NAME + 1), ("bbox", 201)):
        resp = client.get("/api/incidents", params={param: "x" * size})
        assert resp.status_code == 422, (param, resp.status_code)
    # A URL far past any limit is refused, never a server error.
    assert client.get("/api/incidents", params={"q": "ä" * 5_000}).status_code < 500


def test_request_body_is_bounded(client: TestClient) -> None:
    big = json.dumps({"id": "big", "text": "x" * (web_app.MAX_BODY + 1)})
    resp = client.post("/api/articles", content=big, headers={**AUTH, "Content-Type": "application/json"})
    assert resp.status_code == 413
    lying = client.post("/api/articles", content=big, headers={**AUTH, "Content-Length": "10"})
    assert lying.status_code in (400, 413, 422)


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer wrong-token"},
    {"Authorization": f"Bearer {TOKEN}x"},
    {"Authorization": f"Basic {TOKEN}"},
    {"Authorization": TOKEN},
    {"Authorization": "Bearer"},
    {"Authorization": "Bearer \u00e9\u00e9"},
])
def test_ingest_refuses_missing_or_wrong_tokens(client: TestClient, headers: dict[str, str]) -> None:
    body = {"id": "refused-1", "text": "A drone struck a car near Sarmin on Tuesday."}
    encoded = {k: v.encode("utf-8") for k, v in headers.items()}  # raw bytes on the wire
    assert client.post("/api/articles", json=body, headers=encoded).status_code == 403
    assert client.get("/api/articles/refused-1").status_code == 404


def test_ingest_with_odd_text_is_stored_or_refused_never_a_crash(store_target: str) -> None:
    """On both backends: PostgreSQL refuses NUL characters that SQLite takes."""
    cases = {"\ud800 lone surrogate": 422, "NUL\u0000 inside": 201, "\u0000": 422, "  \n ": 422,
             "\u202e" * 50: 201, "٣ قتلى 🚀 near Idlib": 201}
    with TestClient(create_app(store_target, allow_ingest=True, token=TOKEN)) as c:
        for n, (text, status) in enumerate(cases.items()):
            body = json.dumps({"id": f"odd-{n}", "text": text, "title": "t\u0000itle"})  # surrogate as \ud800
            resp = c.post("/api/articles", content=body, headers={**AUTH, "Content-Type": "application/json"})
            assert resp.status_code == status, (text, resp.status_code, resp.text[:300])
            got = c.get(f"/api/articles/odd-{n}")
            if status == 201:
                assert got.status_code == 200 and "\x00" not in got.json()["text"]
                assert got.json()["article"]["title"] == "title"
            else:
                assert got.status_code == 404
