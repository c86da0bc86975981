"""The store on SQLAlchemy 2 Core: one implementation for SQLite files and PostgreSQL.

Every write runs in one short transaction that takes the database's write lock first
(SQLite: `BEGIN IMMEDIATE`, so two writers never deadlock on a lock upgrade;
PostgreSQL: an advisory lock per article id or per incident set), and is retried
when the database reports it is busy. Reads never block writers (SQLite in WAL mode,
PostgreSQL's MVCC). Sorting on text uses byte order on both backends ("C" collation
on PostgreSQL), so the same data gives the same order, and the same export, on both.
"""

from __future__ import annotations

import calendar
import functools
import hashlib
import json
import random
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

from sqlalchemy import (
    URL,
    ColumnElement,
    Connection,
    Engine,
    Table,
    and_,
    bindparam,
    case,
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    text,
    true,
    update,
)
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import StaticPool

from strikewatch.model import (
    Annotation,
    Article,
    ArticleResult,
    DateValue,
    Incident,
    IncidentMention,
    Location,
    content_hash,
)
from strikewatch.store import schema
from strikewatch.store.base import (
    IncidentLink,
    IncidentParts,
    PreparedArticle,
    SaveOutcome,
    Store,
    StoredArticle,
    chunks,
)
from strikewatch.store.migrations import MIGRATIONS, Migration, current_version, migrate

T = TypeVar("T")

BUSY_TIMEOUT_S = 30.0
WRITE_RETRIES = 6
_WRITE_OPTION = "strikewatch_write"
_LOCK_NAMESPACE = "strikewatch"
# Stored inside the Article payload by the store, not by extraction.
_STORE_ARTICLE_FIELDS = {"duplicate_of", "revision"}
_WRITE_CHUNK = 1000  # incident / link rows serialised and inserted at a time
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_YEAR = re.compile(r"^(\d{4})$")


# --- connection -------------------------------------------------------------------------


def to_url(target: str) -> URL:
    """An SQLite path, an `sqlite:` URL or a `postgresql://` URL -> the SQLAlchemy URL to connect with."""
    target = str(target)
    if re.match(r"^postgres(ql)?://", target):
        return make_url(re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", target))
    if re.match(r"^[a-z][a-z0-9+]*://", target):
        url = make_url(target)
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise ValueError(f"unsupported store URL {url.render_as_string(hide_password=True)!r}")
        return url
    if target == ":memory:":
        return URL.create("sqlite", database=":memory:")
    path = Path(target).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return URL.create("sqlite", database=str(path))


def _sqlite_retry(fn: Callable[[], T]) -> T:
    """Run an SQLite statement outside any transaction (PRAGMAs), waiting out a busy database."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            if not _locked_message(str(exc)) or time.monotonic() > deadline:
                raise
            time.sleep(0.05 + random.random() * 0.1)


def make_engine(target: str) -> Engine:
    """A configured engine: SQLite gets WAL, a busy timeout, foreign keys and explicit BEGINs."""
    url = to_url(target)
    if url.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True)
    memory = url.database in (None, "", ":memory:")
    kwargs: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_S, "check_same_thread": False}}
    if memory:
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN itself (pysqlite's own handling
        # would start transactions late and commit DDL implicitly).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cur.execute("PRAGMA foreign_keys = ON")
        if not memory:
            _sqlite_retry(lambda: cur.execute("PRAGMA journal_mode = WAL"))
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(_WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _locked_message(message: str) -> bool:
    message = message.lower()
    return "database is locked" in message or "database table is locked" in message or "busy" in message


def _retryable(exc: DBAPIError) -> bool:
    if isinstance(exc, OperationalError) and _locked_message(str(exc.orig)):
        return True
    # PostgreSQL serialization failure / deadlock: the transaction can simply run again.
    return getattr(exc.orig, "sqlstate", None) in ("40001", "40P01")


def _lock_key(*parts: str) -> int:
    """A signed 64-bit key for pg_advisory_xact_lock, the same in every process."""
    digest = hashlib.sha256("\x1f".join((_LOCK_NAMESPACE, *parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


# --- derived columns --------------------------------------------------------------------


def _valid_day(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def date_bounds(value: DateValue | str | None) -> tuple[str | None, str | None]:
    """The first and last ISO day a date may denote (`2024-03` -> 2024-03-01..2024-03-31).

    Explicit `earliest`/`latest` win over what `value` implies; a date without a year
    (`--03-26`) has no bounds.
    """
    if value is None:
        return None, None
    if isinstance(value, str):
        value = DateValue(value=value)
    lo = hi = None
    v = (value.value or "").strip()
    if m := _ISO_DAY.match(v):
        lo = hi = _valid_day(int(m[1]), int(m[2]), int(m[3]))
    elif m := _ISO_MONTH.match(v):
        y, mo = int(m[1]), int(m[2])
        if 1 <= mo <= 12:
            lo, hi = f"{y:04d}-{mo:02d}-01", f"{y:04d}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}"
    elif m := _ISO_YEAR.match(v):
        lo, hi = f"{m[1]}-01-01", f"{m[1]}-12-31"
    if value.earliest and (m := _ISO_DAY.match(value.earliest)):
        lo = _valid_day(int(m[1]), int(m[2]), int(m[3])) or lo
    if value.latest and (m := _ISO_DAY.match(value.latest)):
        hi = _valid_day(int(m[1]), int(m[2]), int(m[3])) or hi
    return lo, hi


def _located(locations: Sequence[Location]) -> Location | None:
    return next((loc for loc in locations if loc.lat is not None and loc.lon is not None), None)


def _upper(value: str | None) -> str | None:
    return value.upper() if value else None


def _search_text(incident: Incident) -> str:
    """Casefolded words `q` searches: places, actors, claimants, targets and the evidence passages."""
    parts: list[str | None] = [incident.id, incident.event_type, incident.date.value, incident.date.text]
    parts += [incident.attribution.status, incident.attribution.perpetrator]
    for loc in incident.locations:
        parts += [loc.name, loc.canonical_name, loc.admin1, loc.admin2, loc.country]
    for claim in incident.attribution.claims:
        parts += [claim.actor, claim.actor_name, claim.claimant.name, claim.claimant.id]
    for target in incident.targets:
        parts += [target.name, target.actor, target.kind]
    for cas in incident.casualties:
        parts += [cas.claimant.name, cas.claimant.id, cas.victims]
    for mention in incident.mentions:
        parts.append(mention.article_id)
        parts += [ev.text for ev in mention.evidence]
    return "\n".join(p.casefold() for p in parts if p)


def incident_row(incident: Incident, payload: str | None = None) -> dict[str, Any]:
    """The `incidents` row of an incident; `payload`: its JSON when already serialised."""
    lo, hi = date_bounds(incident.date)
    primary = incident.locations[0] if incident.locations else None
    located = _located(incident.locations)
    admin1 = primary.admin1 if primary else None
    return {
        "id": incident.id,
        "date": lo,
        "date_earliest": lo,
        "date_latest": hi,
        "event_type": incident.event_type,
        "country": _upper(primary.country) if primary else None,
        "admin1": admin1,
        "admin1_key": admin1.casefold() if admin1 else None,
        "lat": located.lat if located else None,
        "lon": located.lon if located else None,
        "killed_min": incident.casualty_range.killed_min,
        "killed_max": incident.casualty_range.killed_max,
        "status": incident.attribution.status,
        "perpetrator": incident.attribution.perpetrator,
        "search_text": _search_text(incident),
        "payload": incident.model_dump_json() if payload is None else payload,
    }


def _mention_row(article_id: str, seq: int, mention: IncidentMention) -> dict[str, Any]:
    lo, hi = date_bounds(mention.date)
    primary = mention.locations[0] if mention.locations else None
    located = _located(mention.locations)
    return {
        "id": mention.id,
        "article_id": article_id,
        "seq": seq,
        "role": mention.role,
        "event_type": mention.event_type,
        "date_earliest": lo,
        "date_latest": hi,
        "lat": located.lat if located else None,
        "lon": located.lon if located else None,
        "country": _upper(primary.country) if primary else None,
        "admin1": primary.admin1 if primary else None,
        "payload": mention.model_dump_json(),
    }


def _annotation_row(article_id: str, seq: int, ann: Annotation) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "seq": seq,
        "label": ann.label,
        "start": ann.start,
        "end": ann.end,
        "text": ann.text,
        "detail": ann.detail,
    }


def prepare_article(result: ArticleResult, source: str | None = None) -> PreparedArticle:
    """An extraction result as the rows the store writes, serialised (raises ValueError/UnicodeError for a
    record that cannot be stored, before anything is written)."""
    article = result.article
    article_id = article.id
    values = {
        "content_hash": result.content_hash or content_hash(result.text),
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published,
        "url": article.url,
        "language": article.language,
        "text": result.text,
        "source": source,
        "payload": article.model_dump_json(exclude=_STORE_ARTICLE_FIELDS),
    }
    return PreparedArticle(
        id=article_id,
        content_hash=values["content_hash"],
        values=values,
        mentions=[_mention_row(article_id, i, m) for i, m in enumerate(result.mentions)],
        annotations=[_annotation_row(article_id, i, x) for i, x in enumerate(result.annotations)],
        signature=result.dedup_signature,
    )


def _insert_many(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows (all with the same keys) with one executemany handed straight to the driver. Through
    SQLAlchemy's statement execution, processing each row's parameters cost as much as the insert itself;
    these columns (text, numbers, bytes) need no conversion on either backend."""
    if not rows:
        return
    sql, order = _insert_sql(table, tuple(rows[0]), conn.dialect)
    conn.exec_driver_sql(sql, [tuple(row[k] for k in order) for row in rows] if order else list(rows))


@functools.lru_cache(maxsize=64)
def _insert_sql(table: Table, keys: tuple[str, ...], dialect: Dialect) -> tuple[str, tuple[str, ...] | None]:
    """The INSERT of those columns in the dialect's own parameter style, and the order of positional ones."""
    compiled = insert(table).compile(dialect=dialect, column_keys=list(keys))
    return str(compiled), (tuple(compiled.positiontup) if compiled.positional else None)


def _digest(payload: str) -> bytes:
    return hashlib.blake2b(payload.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [v for v in value if v]


def _day_param(value: str | date | None, end: bool) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    lo, hi = date_bounds(str(value))
    if lo is None:
        raise ValueError(f"not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY): {value!r}")
    return hi if end else lo


def _bbox_param(bbox: str | Sequence[float]) -> tuple[float, float, float, float]:
    parts = bbox.split(",") if isinstance(bbox, str) else list(bbox)
    if len(parts) != 4:
        raise ValueError("bbox needs four numbers: west,south,east,north (min lon, min lat, max lon, max lat)")
    try:
        west, south, east, north = (float(p) for p in parts)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"bbox values must be numbers: {bbox!r}") from exc
    if south > north:
        raise ValueError(f"bbox south ({south}) is above north ({north})")
    return west, south, east, north


# --- the store --------------------------------------------------------------------------


class SqlStore(Store):
    """`Store` on an SQLAlchemy engine; see the module docstring for the locking rules."""

    def __init__(self, engine: Engine, migrations: Sequence[Migration] = MIGRATIONS) -> None:
        self.engine = engine
        self.is_postgres = engine.dialect.name == "postgresql"
        self._write(lambda conn: migrate(conn, migrations), "schema")

    def __repr__(self) -> str:
        return f"SqlStore({self.engine.url.render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        self.engine.dispose()

    # plumbing

    def _write(self, work: Callable[[Connection], T], *lock: str) -> T:
        """Run `work` in one write transaction holding the write lock; retry while the database is busy."""
        return self._write_locked(work, [lock] if lock else [])

    def _write_locked(self, work: Callable[[Connection], T], locks: list[tuple[str, ...]]) -> T:
        """A write transaction holding PostgreSQL advisory locks (taken in the order given), retried while the
        database is busy."""
        for attempt in range(WRITE_RETRIES):
            try:
                with self.engine.connect() as conn:
                    conn.execution_options(**{_WRITE_OPTION: True})
                    with conn.begin():
                        if self.is_postgres:
                            for key in locks:
                                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _lock_key(*key)})
                        return work(conn)
            except DBAPIError as exc:
                if attempt == WRITE_RETRIES - 1 or not _retryable(exc):
                    raise
                time.sleep(min(2.0, 0.05 * 2**attempt) * (0.5 + random.random()))
        raise AssertionError("unreachable")

    def _read(self, work: Callable[[Connection], T]) -> T:
        """Run `work` on one consistent snapshot."""
        with self.engine.connect() as conn:
            if self.is_postgres:
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                return work(conn)

    def _stream(self, stmt: Any, size: int = 1000) -> Iterator[Any]:
        """Rows of `stmt` from one consistent snapshot, fetched `size` at a time (never all held at once)."""
        with self.engine.connect() as conn:
            if self.is_postgres:
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                # yield_per: a server-side cursor on PostgreSQL, stepwise fetching on SQLite.
                for part in conn.execute(stmt.execution_options(yield_per=size)).partitions():
                    yield from part

    def _bytewise(self, column: ColumnElement[Any]) -> ColumnElement[Any]:
        """Order text by code point on both backends (SQLite's BINARY; PostgreSQL's locale would differ)."""
        return column.collate("C") if self.is_postgres else column

    def schema_version(self) -> int:
        """The highest migration applied to this database."""
        return self._read(current_version)

    # articles

    def article_hash(self, article_id: str) -> str | None:
        a = schema.articles
        return self._read(lambda conn: conn.execute(select(a.c.content_hash).where(a.c.id == article_id)).scalar())

    def article_hashes(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Content hashes of the current revisions of those ids that are stored (one query for a batch)."""
        a = schema.articles
        out: dict[str, str] = {}
        ids = list(article_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows = self._read(
                lambda conn, c=chunk: conn.execute(select(a.c.id, a.c.content_hash).where(a.c.id.in_(c))).all()
            )
            out.update({r.id: r.content_hash for r in rows})
        return out

    def save_article(self, result: ArticleResult, source: str | None = None) -> SaveOutcome:
        return self.save_articles([(result, source)])[0]

    def save_articles(self, items: Sequence[tuple[ArticleResult, str | None]]) -> list[SaveOutcome]:
        """Store a batch of articles in one transaction: all of them or none (a killed run loses at most
        the batch in progress, never half an article)."""
        # Serialise everything before taking the lock: a bad record fails here, having written nothing.
        return self.save_prepared([prepare_article(result, source) for result, source in items])

    def save_prepared(self, items: Sequence[PreparedArticle]) -> list[SaveOutcome]:
        """`save_articles` for records serialised by `prepare_article` (e.g. in a Dask worker)."""
        if not items:
            return []
        lock_ids = sorted({p.id for p in items})

        def work(conn: Connection) -> list[SaveOutcome]:
            if len(lock_ids) == len(items):
                return self._save_batch(conn, items)
            # The same id twice in one batch: each save must see the one before it.
            return [self._save_batch(conn, [p])[0] for p in items]

        return self._write_many(work, lock_ids)

    def _write_many(self, work: Callable[[Connection], T], lock_ids: list[str]) -> T:
        """A write holding one advisory lock per article (PostgreSQL), taken in sorted order."""
        return self._write_locked(work, [("article", aid) for aid in lock_ids])

    @staticmethod
    def _save_batch(conn: Connection, items: Sequence[PreparedArticle]) -> list[SaveOutcome]:
        """Write articles with distinct ids: one query for what is stored, then one executemany per table."""
        a, sig = schema.articles, schema.article_signatures
        ids = [p.id for p in items]
        stored: dict[str, tuple[int, str]] = {}
        for i in range(0, len(ids), 500):
            rows = conn.execute(select(a.c.id, a.c.revision, a.c.content_hash).where(a.c.id.in_(ids[i : i + 500])))
            stored.update({r.id: (r.revision, r.content_hash) for r in rows})
        outcomes: list[SaveOutcome] = []
        new_rows: list[dict[str, Any]] = []
        revised: list[tuple[PreparedArticle, int, str]] = []
        revision_rows: list[dict[str, Any]] = []
        mention_rows: list[dict[str, Any]] = []
        annotation_rows: list[dict[str, Any]] = []
        signature_rows: list[dict[str, Any]] = []
        feature_rows: list[dict[str, Any]] = []
        for p in items:
            old = stored.get(p.id)
            if old is not None and old[1] == p.content_hash:
                outcomes.append("unchanged")
                continue
            now = _now()
            if old is None:
                revision = 1
                outcomes.append("new")
                new_rows.append({"id": p.id, "revision": revision, "updated_at": now, **p.values})
            else:
                revision = old[0] + 1
                outcomes.append("revised")
                revised.append((p, revision, now))
            revision_rows.append(
                {
                    "article_id": p.id,
                    "revision": revision,
                    "content_hash": p.content_hash,
                    "text": p.values["text"],
                    "source": p.values["source"],
                    "created_at": now,
                }
            )
            mention_rows.extend(p.mentions)
            annotation_rows.extend(p.annotations)
            if p.signature is not None:
                signature_rows.append({"article_id": p.id, "content_hash": p.content_hash, "signature": p.signature})
            feature_rows.extend({**row, "content_hash": p.content_hash} for row in p.mention_features)
        if revised:
            for p, revision, now in revised:
                # The duplicate mark was computed on the old text; deduplication sets it again.
                conn.execute(
                    update(a)
                    .where(a.c.id == p.id)
                    .values(revision=revision, updated_at=now, duplicate_of=None, **p.values)
                )
            old_ids = [p.id for p, _, _ in revised]
            mf, m = schema.mention_features, schema.mentions
            conn.execute(delete(mf).where(mf.c.mention_id.in_(select(m.c.id).where(m.c.article_id.in_(old_ids)))))
            conn.execute(delete(schema.mentions).where(schema.mentions.c.article_id.in_(old_ids)))
            conn.execute(delete(schema.annotations).where(schema.annotations.c.article_id.in_(old_ids)))
            conn.execute(delete(sig).where(sig.c.article_id.in_(old_ids)))
        _insert_many(conn, a, new_rows)  # each a no-op when there are no rows
        _insert_many(conn, schema.article_revisions, revision_rows)
        _insert_many(conn, schema.mentions, mention_rows)
        _insert_many(conn, schema.annotations, annotation_rows)
        _insert_many(conn, sig, signature_rows)
        _insert_many(conn, schema.mention_features, feature_rows)
        return outcomes

    def iter_article_signatures(self) -> Iterator[tuple[str, str, bytes | None, str | None]]:
        """(id, content_hash, signature, text) of every article, by id; the text only where no signature of
        the current text is stored (articles stored before migration 3, or without one)."""
        a, sig = schema.articles, schema.article_signatures
        current = and_(sig.c.article_id == a.c.id, sig.c.content_hash == a.c.content_hash)
        stmt = (
            select(a.c.id, a.c.content_hash, sig.c.signature, case((sig.c.signature.is_(None), a.c.text)).label("text"))
            .select_from(a.outerjoin(sig, current))
            .order_by(self._bytewise(a.c.id))
        )
        rows = self._read(lambda conn: conn.execute(stmt).all())
        for row in rows:
            yield row.id, row.content_hash, (bytes(row.signature) if row.signature is not None else None), row.text

    def set_signatures(self, items: Iterable[tuple[str, str, bytes]]) -> None:
        """Store signatures computed later (e.g. by resolution for articles stored before migration 3)."""
        rows = [{"article_id": aid, "content_hash": chash, "signature": s} for aid, chash, s in items]
        if not rows:
            return
        sig, a = schema.article_signatures, schema.articles

        def work(conn: Connection) -> None:
            for i in range(0, len(rows), 500):
                chunk = rows[i : i + 500]
                ids = [r["article_id"] for r in chunk]
                conn.execute(delete(sig).where(sig.c.article_id.in_(ids)))
                # Only for articles still stored (a signature outlives nothing: the foreign key would refuse it).
                present = set(conn.execute(select(a.c.id).where(a.c.id.in_(ids))).scalars())
                keep = [r for r in chunk if r["article_id"] in present]
                if keep:
                    conn.execute(insert(sig), keep)

        self._write(work, "signatures")

    def iter_article_texts(self) -> Iterator[tuple[str, str]]:
        """(id, text) of every article, by id: what deduplication needs, without annotations."""
        a = schema.articles
        rows = self._read(lambda conn: conn.execute(select(a.c.id, a.c.text).order_by(self._bytewise(a.c.id))).all())
        for row in rows:
            yield row.id, row.text

    def _stored(self, row: Any, annotations: list[Annotation]) -> StoredArticle:
        data = json.loads(row.payload)
        data["duplicate_of"] = row.duplicate_of
        data["revision"] = row.revision
        return StoredArticle(
            article=Article.model_validate(data),
            text=row.text,
            content_hash=row.content_hash,
            revision=row.revision,
            duplicate_of=row.duplicate_of,
            annotations=annotations,
        )

    @staticmethod
    def _annotation(row: Any) -> Annotation:
        return Annotation(label=row.label, start=row.start, end=row.end, text=row.text, detail=row.detail)

    def get_article(self, article_id: str) -> StoredArticle | None:
        a, n = schema.articles, schema.annotations

        def work(conn: Connection) -> StoredArticle | None:
            row = conn.execute(select(a).where(a.c.id == article_id)).first()
            if row is None:
                return None
            anns = conn.execute(select(n).where(n.c.article_id == article_id).order_by(n.c.seq)).all()
            return self._stored(row, [self._annotation(x) for x in anns])

        return self._read(work)

    def iter_articles(self) -> Iterator[StoredArticle]:
        """Every article, by id."""
        a, n = schema.articles, schema.annotations

        def work(conn: Connection) -> tuple[list[Any], list[Any]]:
            rows = conn.execute(select(a).order_by(self._bytewise(a.c.id))).all()
            anns = conn.execute(select(n).order_by(n.c.article_id, n.c.seq)).all()
            return rows, anns

        rows, anns = self._read(work)
        by_article: dict[str, list[Annotation]] = {}
        for x in anns:
            by_article.setdefault(x.article_id, []).append(self._annotation(x))
        for row in rows:
            yield self._stored(row, by_article.get(row.id, []))

    def revisions(self, article_id: str) -> list[dict[str, Any]]:
        """An article's history, oldest first: {"revision", "content_hash", "text", "source", "created_at"}."""
        r = schema.article_revisions
        rows = self._read(
            lambda conn: conn.execute(
                select(r.c.revision, r.c.content_hash, r.c.text, r.c.source, r.c.created_at)
                .where(r.c.article_id == article_id)
                .order_by(r.c.revision)
            ).all()
        )
        return [dict(row._mapping) for row in rows]

    def count_articles(self) -> int:
        return self._read(lambda conn: int(conn.execute(select(func.count()).select_from(schema.articles)).scalar()))

    def set_duplicates(self, duplicate_of: dict[str, str | None]) -> None:
        """Mark syndicated copies: article id -> id of the original (None clears); unknown ids are ignored."""
        if not duplicate_of:
            return
        a = schema.articles
        params = [{"aid": k, "dup": v} for k, v in sorted(duplicate_of.items())]
        stmt = update(a).where(a.c.id == bindparam("aid")).values(duplicate_of=bindparam("dup"))
        self._write(lambda conn: conn.execute(stmt, params), "duplicates")

    # mentions

    def iter_mentions(self) -> Iterator[IncidentMention]:
        """Every stored mention (duplicates' too), by article id then position in the article.

        Streamed: at 100k articles the JSON payloads alone are hundreds of MB, so they are parsed as read."""
        m = schema.mentions
        for row in self._stream(select(m.c.payload).order_by(self._bytewise(m.c.article_id), m.c.seq)):
            yield IncidentMention.model_validate_json(row.payload)

    def iter_mention_records(self) -> Iterator[tuple[str, str, str | None, str | None, bytes | None]]:
        """(mention id, article id, JSON, linking features, compressed JSON) of every stored mention, in
        `iter_mentions` order, unparsed; the JSON is read only where no features of the current text are stored
        (mentions stored before migration 4, or by `save_article`)."""
        m, a, mf = schema.mentions, schema.articles, schema.mention_features
        current = and_(mf.c.mention_id == m.c.id, mf.c.content_hash == a.c.content_hash)
        query = (
            select(m.c.id, m.c.article_id, mf.c.features, mf.c.packed, case((mf.c.packed.is_(None), m.c.payload)))
            .select_from(m.join(a, a.c.id == m.c.article_id).outerjoin(mf, current))
            .order_by(self._bytewise(m.c.article_id), m.c.seq)
        )
        for mid, article_id, features, packed, payload in self._stream(query):
            yield mid, article_id, payload, features, (bytes(packed) if packed is not None else None)

    # incidents

    def _incident_order(self) -> list[ColumnElement[Any]]:
        i = schema.incidents
        return [case((i.c.date.is_(None), 1), else_=0), self._bytewise(i.c.date), self._bytewise(i.c.id)]

    def articles_version(self) -> int:
        r = schema.article_revisions
        return self._read(lambda conn: int(conn.execute(select(func.count()).select_from(r)).scalar()))

    def needs_resolve(self) -> bool:
        st, r = schema.store_state, schema.article_revisions

        def work(conn: Connection) -> bool:
            resolved = conn.execute(select(st.c.value).where(st.c.key == "resolved_as_of")).scalar()
            return resolved is None or resolved != conn.execute(select(func.count()).select_from(r)).scalar()

        return self._read(work)

    def replace_incidents(
        self, incidents: Iterable[Incident], links: Iterable[IncidentLink], *, as_of: int | None = None
    ) -> tuple[int, int]:
        if not isinstance(incidents, Sequence):
            incidents = list(incidents)  # re-read if the write is retried
        # A compact sequence (see resolve.core.CompactIncidents) is read one incident at a time below: listing
        # it would hold every record at once. It has the rows ready (`rows()`), made where incidents were built.
        links = list(links)

        def parts() -> IncidentParts:
            rows = incidents.rows() if hasattr(incidents, "rows") else (incident_row(x) for x in incidents)
            return [(rows, links)]

        return self.replace_incident_parts(parts, as_of=as_of)

    def replace_incident_parts(
        self, parts: Callable[[], IncidentParts], *, as_of: int | None = None
    ) -> tuple[int, int]:
        i, lk = schema.incidents, schema.incident_links

        def work(conn: Connection) -> tuple[int, int]:
            # Digests, not payloads, of the previous set: enough to count what changed, a fraction of the memory.
            old_rows = conn.execute(select(i.c.id, i.c.payload).execution_options(yield_per=1000))
            previous = {r.id: _digest(r.payload) for r in old_rows}
            conn.execute(delete(lk))
            conn.execute(delete(i))
            created = updated = 0
            seen: set[str] = set()
            for rows_in, links in parts():
                # Rows are written a chunk at a time: all incidents' JSON at once would double the peak.
                for chunk in chunks(rows_in, _WRITE_CHUNK):
                    for row in chunk:
                        if row["id"] in seen:
                            raise ValueError(f"incident ids must be unique; repeated: {row['id']}")
                        seen.add(row["id"])
                        old = previous.get(row["id"])
                        if old is None:
                            created += 1
                        elif old != _digest(row["payload"]):
                            updated += 1
                    _insert_many(conn, i, chunk)
                for chunk in chunks(links, _WRITE_CHUNK):
                    link_rows = [
                        {"incident_id": x.incident_id, "mention_id": x.mention_id, "explanation": x.explanation_text()}
                        for x in chunk
                    ]
                    _insert_many(conn, lk, link_rows)
            if as_of is not None:
                st = schema.store_state
                conn.execute(delete(st).where(st.c.key == "resolved_as_of"))
                conn.execute(insert(st).values(key="resolved_as_of", value=as_of))
            return created, updated

        return self._write(work, "incidents")

    def iter_incidents(self) -> Iterator[Incident]:
        """Every incident by date (undated last), then id."""
        i = schema.incidents
        rows = self._read(lambda conn: conn.execute(select(i.c.payload).order_by(*self._incident_order())).all())
        for row in rows:
            yield Incident.model_validate_json(row.payload)

    def count_incidents(self) -> int:
        return self._read(lambda conn: int(conn.execute(select(func.count()).select_from(schema.incidents)).scalar()))

    def get_incident(self, incident_id: str) -> Incident | None:
        i = schema.incidents
        payload = self._read(lambda conn: conn.execute(select(i.c.payload).where(i.c.id == incident_id)).scalar())
        return Incident.model_validate_json(payload) if payload is not None else None

    def query_incidents(
        self,
        start: str | date | None = None,
        end: str | date | None = None,
        bbox: str | Sequence[float] | None = None,
        country: str | Sequence[str] | None = None,
        admin1: str | Sequence[str] | None = None,
        event_type: str | Sequence[str] | None = None,
        perpetrator: str | Sequence[str] | None = None,
        status: str | Sequence[str] | None = None,
        q: str | None = None,
        limit: int | None = 50,
        offset: int = 0,
    ) -> tuple[list[Incident], int]:
        """One page of incidents matching every given filter, in `iter_incidents` order, and the total match count.

        start/end: ISO day (or month/year) the incident's date range must overlap; undated incidents never match.
        bbox: west,south,east,north in degrees (west > east crosses the antimeridian), on the first located place.
        country (ISO alpha-2, any case), admin1 (any case), event_type, perpetrator, status: a value, a
        comma-separated string or a list (any of them matches); country/admin1 are the primary location's.
        q: words that must all occur (case-insensitively, as substrings) in the incident's places, actors,
        claimants, targets or evidence passages.
        """
        i = schema.incidents
        conds: list[ColumnElement[bool]] = []
        lo_col = func.coalesce(i.c.date_earliest, i.c.date_latest)
        hi_col = func.coalesce(i.c.date_latest, i.c.date_earliest)
        if (day := _day_param(start, end=False)) is not None:
            conds.append(hi_col >= day)
        if (day := _day_param(end, end=True)) is not None:
            conds.append(lo_col <= day)
        if bbox is not None and bbox != "":
            west, south, east, north = _bbox_param(bbox)
            conds.append(i.c.lat.between(south, north))
            if west <= east:
                conds.append(i.c.lon.between(west, east))
            else:
                conds.append(or_(i.c.lon >= west, i.c.lon <= east))
        if values := _as_list(country):
            conds.append(i.c.country.in_([v.upper() for v in values]))
        if values := _as_list(admin1):
            conds.append(i.c.admin1_key.in_([v.casefold() for v in values]))
        if values := _as_list(event_type):
            conds.append(i.c.event_type.in_(values))
        if values := _as_list(perpetrator):
            conds.append(i.c.perpetrator.in_(values))
        if values := _as_list(status):
            conds.append(i.c.status.in_(values))
        for term in (q or "").casefold().split():
            conds.append(i.c.search_text.contains(term, autoescape=True))
        where = and_(true(), *conds)
        if limit is not None and limit < 0:
            raise ValueError("limit must be >= 0")
        if offset < 0:
            raise ValueError("offset must be >= 0")

        def work(conn: Connection) -> tuple[list[str], int]:
            total = int(conn.execute(select(func.count()).select_from(i).where(where)).scalar())
            stmt = select(i.c.payload).where(where).order_by(*self._incident_order()).offset(offset)
            if limit is not None:
                stmt = stmt.limit(limit)
            return [r.payload for r in conn.execute(stmt)], total

        payloads, total = self._read(work)
        return [Incident.model_validate_json(p) for p in payloads], total

    def links_of(self, incident_id: str) -> list[IncidentLink]:
        lk = schema.incident_links
        rows = self._read(
            lambda conn: conn.execute(
                select(lk).where(lk.c.incident_id == incident_id).order_by(self._bytewise(lk.c.mention_id))
            ).all()
        )
        return [IncidentLink(r.incident_id, r.mention_id, json.loads(r.explanation)) for r in rows]

    def previous_assignment(self) -> dict[str, str]:
        lk = schema.incident_links
        rows = self._read(
            lambda conn: conn.execute(
                select(lk.c.mention_id, lk.c.incident_id).order_by(
                    self._bytewise(lk.c.mention_id), self._bytewise(lk.c.incident_id)
                )
            ).all()
        )
        return {r.mention_id: r.incident_id for r in rows}

    # analysts' corrections

    def add_override(self, kind: Literal["merge", "split"], payload: dict) -> None:
        if kind not in ("merge", "split"):
            raise ValueError(f"override kind must be 'merge' or 'split', not {kind!r}")
        values = {
            "kind": kind,
            "payload": json.dumps(payload, sort_keys=True, ensure_ascii=False),
            "created_at": _now(),
        }
        self._write(lambda conn: conn.execute(insert(schema.overrides).values(**values)), "overrides")

    def overrides(self) -> list[dict]:
        """All corrections in the order they were made: {"seq", "kind", "payload", "created_at"}."""
        o = schema.overrides
        rows = self._read(lambda conn: conn.execute(select(o).order_by(o.c.seq)).all())
        return [
            {"seq": r.seq, "kind": r.kind, "payload": json.loads(r.payload), "created_at": r.created_at} for r in rows
        ]


def open_sql_store(target: str, migrations: Sequence[Migration] = MIGRATIONS) -> SqlStore:
    """An SQLite path / URL or a PostgreSQL URL -> an `SqlStore` with its schema migrated."""
    engine = make_engine(target)
    try:
        return SqlStore(engine, migrations)
    except BaseException:
        engine.dispose()
        raise
