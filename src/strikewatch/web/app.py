"""The web stage: a read-only REST API and server-rendered pages over one store.

Everything shown comes from untrusted article text, so templates autoescape, highlighted article HTML is
built from escaped pieces (`highlight.py`), no page has an inline script, and every response carries a strict
Content-Security-Policy. Writing (POST /api/articles) is off unless the app was created with
`allow_ingest=True` *and* the caller presents the configured bearer token.
"""

from __future__ import annotations

import contextlib
import hmac
import io
import json
import logging
import os
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from strikewatch.model import Figure, Incident, RawArticle
from strikewatch.store.base import Store
from strikewatch.web import queries
from strikewatch.web.highlight import anchor_id, highlight, label_class
from strikewatch.web.queries import Filters

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
VENDOR = STATIC / "vendor"
TEMPLATES = HERE / "templates"

MAX_BODY = 2 * 1024 * 1024  # bytes accepted by POST /api/articles
TOKEN_ENV = "STRIKEWATCH_TOKEN"
STATUSES = ("declared", "claimed", "suspected", "contested", "unknown")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
MAP_ASSETS = ("leaflet/leaflet.js", "leaflet/leaflet.css", "topojson-client.min.js", "countries-50m.json")
DOCS_ASSETS = ("swagger-ui/swagger-ui-bundle.js", "swagger-ui/swagger-ui.css")


# --- API models -------------------------------------------------------------------------------


class IncidentPage(BaseModel):
    incidents: list[Incident]
    total: int


class ArticleIn(BaseModel):
    """One article to ingest: the same fields as a JSONL input record."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=300, pattern=r"^[^/\\\x00-\x1f]+$")
    text: str = Field(min_length=1)
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=4000)
    outlet: str | None = Field(None, max_length=300)
    published: str | None = Field(None, max_length=40)
    language: str = Field("en", min_length=2, max_length=12)


class IngestResult(BaseModel):
    article_id: str
    incidents: list[Incident]


# --- helpers used by templates ------------------------------------------------------------------


def fmt_figure(fig: Figure | None) -> str:
    """`at least 6`, `about 10`, `6–10`, `6` or `—`."""
    if fig is None or (fig.min is None and fig.max is None):
        return "—"
    if fig.max is None:
        return f"at least {fig.min}"
    if fig.min is None:
        return f"up to {fig.max}"
    if fig.min == fig.max:
        return f"about {fig.min}" if fig.approximate else str(fig.min)
    return f"{fig.min}–{fig.max}"


def fmt_range(lo: int | None, hi: int | None) -> str:
    if lo is None and hi is None:
        return "—"
    if hi is None:
        return f"≥{lo}"
    if lo is None:
        return f"≤{hi}"
    return str(lo) if lo == hi else f"{lo}–{hi}"


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are rendered as links (no javascript: or data: URLs from article metadata)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def pretty(value: Any) -> str:
    """A linking-explanation value as readable text (nested values as indented JSON)."""
    if isinstance(value, dict | list):
        return json.dumps(value, indent=2, ensure_ascii=False, default=str)
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def _vendor_ready(names: tuple[str, ...]) -> bool:
    return all((VENDOR / n).is_file() for n in names)


def _templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(figure=fmt_figure, pretty=pretty, label_class=label_class)
    env.globals.update(
        fmt_range=fmt_range, safe_url=safe_url, anchor_id=anchor_id, STATUSES=STATUSES, EVENT_TYPES=_event_types()
    )
    return Jinja2Templates(env=env)


def _event_types() -> tuple[str, ...]:
    from strikewatch.model import EVENT_TYPES

    return EVENT_TYPES


def _token_ok(header: str | None, expected: str | None) -> bool:
    """Constant-time check of `Authorization: Bearer <token>`; no configured token means nobody passes."""
    if not expected or not header:
        return False
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        return False
    return hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8"))


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) anything over `limit` bytes without reading it all."""
    length = request.headers.get("content-length")
    if length is not None:
        try:
            if int(length) > limit:
                raise HTTPException(413, "request body too large")
        except ValueError as exc:
            raise HTTPException(400, "bad Content-Length") from exc
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, "request body too large")
        chunks.append(chunk)
    return b"".join(chunks)


# --- the app ----------------------------------------------------------------------------------------


def create_app(
    db_target: str, allow_ingest: bool = False, token: str | None = None, *, store: Store | None = None
) -> FastAPI:
    """The FastAPI app over the store at `db_target` (an SQLite path or a postgresql:// URL).

    `token` defaults to the STRIKEWATCH_TOKEN environment variable; ingest needs both `allow_ingest`
    and that token. `store` lets a caller hand in an already open store (it is then not closed here).
    """
    expected_token = token if token is not None else os.environ.get(TOKEN_ENV)
    own_store = store is None
    state: dict[str, Store] = {}
    lock = threading.RLock()  # the store is used from FastAPI's worker threads; keep one caller at a time

    def get_store() -> Store:
        if "store" not in state:
            with lock:
                if "store" not in state:
                    if store is not None:
                        state["store"] = store
                    else:
                        from strikewatch.store import open_store

                        state["store"] = open_store(db_target)
        return state["store"]

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if own_store and "store" in state:
            state.pop("store").close()

    app = FastAPI(
        title="strikewatch",
        summary="Incidents of airstrikes, drone strikes and shelling, each traceable to the article text.",
        version="1",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    templates = _templates()
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    def with_store(fn: Callable[[Store], Any]) -> Any:
        with lock:
            return fn(get_store())

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable) -> Response:
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    # --- API --------------------------------------------------------------------------------

    @app.get("/api/incidents", response_model=IncidentPage, tags=["incidents"])
    def list_incidents(
        filters: Annotated[Filters, Query()],
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> IncidentPage:
        """Incidents matching the filters (in the store's date order), one page at a time, with the total count."""
        incidents, total = with_store(lambda s: queries.query(s, filters, limit, offset))
        return IncidentPage(incidents=incidents, total=total)

    @app.get("/api/map-points", tags=["incidents"])
    def api_map_points(filters: Annotated[Filters, Query()]) -> dict[str, Any]:
        """One point per matching incident with coordinates (what the map draws)."""
        points = with_store(lambda s: queries.map_points(queries.iter_matching(s, filters)))
        return {"points": points}

    @app.get("/api/timeline", tags=["incidents"])
    def api_timeline(filters: Annotated[Filters, Query()]) -> dict[str, Any]:
        """Matching incidents per day/week/month, split by attribution status."""
        return with_store(lambda s: queries.timeline(queries.iter_matching(s, filters)))

    @app.get("/api/incidents/{incident_id}", response_model=Incident, tags=["incidents"])
    def get_incident(incident_id: str) -> Incident:
        inc = with_store(lambda s: s.get_incident(incident_id))
        if inc is None:
            raise HTTPException(404, "incident not found")
        return inc

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def get_article(article_id: str) -> dict[str, Any]:
        """The article as stored: metadata, text, and every annotation with its character offsets."""
        stored = with_store(lambda s: s.get_article(article_id))
        if stored is None:
            raise HTTPException(404, "article not found")
        return {
            "article": stored.article.model_dump(mode="json"),
            "text": stored.text,
            "content_hash": stored.content_hash,
            "revision": stored.revision,
            "duplicate_of": stored.duplicate_of,
            "annotations": [a.model_dump(mode="json") for a in stored.annotations],
        }

    @app.get(
        "/api/export",
        tags=["export"],
        responses={200: {"content": {"application/json": {}, "text/csv": {}, "application/geo+json": {}}}},
    )
    def export(format: Literal["json", "csv", "geojson", "acled", "ucdp"] = "json") -> Response:  # noqa: A002 - API name
        """The whole database in the export format (shared/spec/export-format.md), CSV, GeoJSON or the ACLED / UCDP
        GED CSV layouts (the same bytes as `strikewatch export --format ...`)."""
        body = with_store(lambda s: _export_bytes(s, format))
        csv_type = "text/csv; charset=utf-8"
        media = {"json": "application/json", "csv": csv_type, "geojson": "application/geo+json", "acled": csv_type,
                 "ucdp": csv_type}
        return Response(
            body,
            media_type=media[format],
            headers={"Content-Disposition": f'attachment; filename="strikewatch.{_EXTENSIONS.get(format, format)}"'},
        )

    @app.post(
        "/api/articles",
        status_code=201,
        response_model=IngestResult,
        tags=["articles"],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ArticleIn.model_json_schema()}},
            }
        },
        responses={403: {"description": "ingest disabled or bad token"}, 413: {"description": "body over 2 MB"}},
    )
    async def post_article(request: Request) -> IngestResult:
        """Ingest one article (needs `--allow-ingest` and `Authorization: Bearer $STRIKEWATCH_TOKEN`)."""
        if not allow_ingest or not _token_ok(request.headers.get("authorization"), expected_token):
            raise HTTPException(403, "ingest is disabled or the token is wrong")
        body = await _read_body(request, MAX_BODY)
        try:
            item = ArticleIn.model_validate_json(body)
        except ValidationError as exc:
            raise RequestValidationError(exc.errors(include_url=False, include_context=False)) from exc
        try:
            from strikewatch.runner import ingest_raw_articles
        except ImportError as exc:  # the runner is a separate stage
            raise HTTPException(503, "ingest runner not available") from exc
        from strikewatch.ingest.article import storable

        # The same cleaning as file input: a NUL (which PostgreSQL refuses) must not become a server error.
        raw = RawArticle(**{k: storable(v) for k, v in item.model_dump().items()}, source="api")
        if not raw.text.strip():
            raise HTTPException(422, "'text' is empty")

        def run(s: Store) -> list[Incident]:
            joined = ingest_raw_articles(s, [raw])
            ids = joined.get(raw.id, [])
            return [inc for inc in (s.get_incident(i) for i in ids) if inc is not None]

        from starlette.concurrency import run_in_threadpool

        incidents = await run_in_threadpool(with_store, run)
        return IngestResult(article_id=raw.id, incidents=incidents)

    # --- pages -------------------------------------------------------------------------------

    def page(request: Request, name: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, ctx, status_code=status_code)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request) -> HTMLResponse:
        params = {k: v for k, v in request.query_params.items() if k in Filters.model_fields}
        error, filters = None, Filters()
        try:
            filters = Filters.model_validate(params)
        except ValidationError as exc:
            error = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'filters'}: {e['msg']}" for e in exc.errors())
        offset = _int_param(request.query_params.get("offset"), 0, 0, 10_000_000)
        limit = 50
        incidents: list[Incident] = []
        total = 0
        if error is None:
            incidents, total = with_store(lambda s: queries.query(s, filters, limit, offset))
        qs = filters.query_string() if error is None else ""
        return page(
            request,
            "index.html",
            status_code=200 if error is None else 400,
            filters=filters,
            form=params,
            error=error,
            incidents=incidents,
            total=total,
            offset=offset,
            limit=limit,
            qs=qs,
            prev_qs=filters.query_string(offset=max(0, offset - limit)) if offset > 0 else None,
            next_qs=filters.query_string(offset=offset + limit) if offset + limit < total else None,
            map_ready=_vendor_ready(MAP_ASSETS),
            point=queries.primary_point,
        )

    @app.get("/incidents/{incident_id}", response_class=HTMLResponse, include_in_schema=False)
    def incident_page(request: Request, incident_id: str) -> HTMLResponse:
        def load(s: Store) -> tuple[Incident | None, list, dict]:
            inc = s.get_incident(incident_id)
            if inc is None:
                return None, [], {}
            links = s.links_of(incident_id)
            articles = {}
            for aid in dict.fromkeys(m.article_id for m in inc.mentions):
                stored = s.get_article(aid)
                articles[aid] = stored.article if stored else None
            return inc, links, articles

        inc, links, articles = with_store(load)
        if inc is None:
            return page(request, "not_found.html", 404, what="incident", ident=incident_id)
        actor_names = {c.actor: c.actor_name for c in inc.attribution.claims}
        return page(request, "incident.html", incident=inc, links=links, articles=articles, actor_names=actor_names)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        def load(s: Store) -> tuple[Any, list[Incident]]:
            stored = s.get_article(article_id)
            if stored is None:
                return None, []
            return stored, _incidents_of_article(s, article_id)

        stored, incidents = with_store(load)
        if stored is None:
            return page(request, "not_found.html", 404, what="article", ident=article_id)
        annotations = sorted(stored.annotations, key=lambda a: (a.start, -a.end))
        return page(
            request,
            "article.html",
            stored=stored,
            article=stored.article,
            highlighted=highlight(stored.text, stored.annotations),
            annotations=annotations,
            incidents=incidents,
            labels=sorted({a.label for a in stored.annotations}),
        )

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        """Swagger UI from the locally installed assets (no CDN); without them, a pointer to /openapi.json."""
        return page(request, "docs.html", docs_ready=_vendor_ready(DOCS_ASSETS))

    return app


def _int_param(value: str | None, default: int, lo: int, hi: int) -> int:
    try:
        return min(hi, max(lo, int(value))) if value is not None else default
    except ValueError:
        return default


def _incidents_of_article(store: Store, article_id: str) -> list[Incident]:
    """Incidents with a mention in this article (a scan: articles pages are opened one at a time)."""
    finder = getattr(store, "incidents_of_article", None)
    if callable(finder):
        return list(finder(article_id))
    return [inc for inc in store.iter_incidents() if any(m.article_id == article_id for m in inc.mentions)]


# The analyst layouts are CSV files.
_EXTENSIONS = {"acled": "acled.csv", "ucdp": "ucdp.csv"}


def _export_bytes(store: Store, fmt: str) -> bytes:
    """Run the export stage into memory (exports are whole-database documents, like the CLI's)."""
    from strikewatch.export import write_export

    buf = io.StringIO(newline="")
    write_export(store, fmt, buf)
    return buf.getvalue().encode("utf-8")


def serve(db_target: str, host: str = "127.0.0.1", port: int = 8000, allow_ingest: bool = False) -> None:
    """Run the app with uvicorn (loopback by default: the UI has no login)."""
    import uvicorn

    if host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("serving on %s: anyone who can reach it can read the database", host)
    if allow_ingest and not os.environ.get(TOKEN_ENV):
        log.warning("--allow-ingest without %s set: every POST /api/articles will get 403", TOKEN_ENV)
    uvicorn.run(create_app(db_target, allow_ingest=allow_ingest), host=host, port=port, log_level="info")
