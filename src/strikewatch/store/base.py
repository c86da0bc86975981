"""Store contract (to be implemented with SQLAlchemy 2 Core, SQLite and PostgreSQL).

This file fixes the interface the rest of the package calls. Implementation notes:
- SQLite: WAL mode, busy timeout, foreign keys on; PostgreSQL via psycopg 3.
- A versioned schema (a `schema_version` table with small ordered migrations).
- `save_article` commits one article's results atomically (article row, revision row,
  mentions, annotations) so a killed run leaves a consistent store.
The implementation lives in `store/sql.py` (tables in `store/schema.py`, migrations in
`store/migrations.py`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any, Literal

from strikewatch.model import Annotation, Article, ArticleResult, Incident, IncidentMention

SaveOutcome = Literal["new", "unchanged", "revised"]


@dataclass
class StoredArticle:
    article: Article  # export record; `duplicate_of` and `revision` are added as extra fields
    text: str
    content_hash: str
    revision: int
    duplicate_of: str | None
    annotations: list[Annotation]


@dataclass(slots=True)
class PreparedArticle:
    """One article's rows, serialised ahead of the write (`store.sql.prepare_article`).

    Plain values only, so it is cheap to pickle: a Dask worker builds it next to extraction and the
    main process only writes it (`Store.save_prepared`)."""

    id: str
    content_hash: str
    values: dict[str, Any]  # the `articles` columns but id, revision, updated_at and duplicate_of
    mentions: list[dict[str, Any]]  # `mentions` rows
    annotations: list[dict[str, Any]]  # `annotations` rows
    signature: bytes | None = None  # resolve.dedup.signature of the text; None: not computed
    # `mention_features` rows (mention_id, features, packed), one per mention, or none: not computed
    mention_features: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class IncidentLink:
    """Why a mention belongs to an incident (resolution's explanation)."""

    incident_id: str
    mention_id: str
    explanation: dict
    # The explanation as stored (`explanation_json`), when made beforehand where the incident was built; it is
    # what is written, and links made only to be written leave `explanation` empty rather than send it twice.
    stored_json: str | None = field(default=None, compare=False, repr=False)

    def explanation_text(self) -> str:
        return self.stored_json if self.stored_json is not None else explanation_json(self.explanation)


def explanation_json(explanation: dict) -> str:
    """How a link's explanation is stored: canonical JSON, so equal explanations are equal text."""
    return json.dumps(explanation, sort_keys=True, ensure_ascii=False)


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of `size` items (the last shorter), read lazily: rows written, articles sent, incidents
    built a batch at a time."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


# Incident rows (`store.sql.incident_row`) with the links of those incidents, written a part at a time.
IncidentParts = Iterable[tuple[Iterable[dict[str, Any]], Sequence[IncidentLink]]]


class Store:  # pragma: no cover - interface
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # articles
    def article_hash(self, article_id: str) -> str | None:
        """Content hash of the current revision, None when the id is new."""

    def save_article(self, result: ArticleResult, source: str | None = None) -> SaveOutcome:
        """Store one article and its extraction atomically; same id + same hash is a no-op;
        same id + new hash adds a revision and replaces the article's mentions/annotations."""

    def save_articles(self, items: Sequence[tuple[ArticleResult, str | None]]) -> list[SaveOutcome]:
        """Store a batch of articles in one transaction (all or none), each as `save_article` would."""

    def save_prepared(self, items: Sequence[PreparedArticle]) -> list[SaveOutcome]:
        """`save_articles` for records already serialised with `store.sql.prepare_article` (one transaction)."""
        raise NotImplementedError

    def article_hashes(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Content hashes of the stored current revisions among `article_ids` (one query for a batch)."""

    def iter_article_texts(self) -> Iterator[tuple[str, str]]:
        """(id, text) of every article, by id, without annotations (what deduplication reads)."""

    def iter_article_signatures(self) -> Iterator[tuple[str, str, bytes | None, str | None]]:
        """(id, content_hash, signature, text) of every article, by id: the stored deduplication signature of
        the current text, or None and the text when none is stored (then text is None otherwise)."""
        raise NotImplementedError

    def set_signatures(self, items: Iterable[tuple[str, str, bytes]]) -> None:
        """Store (article id, content hash, signature) computed later for articles stored without one."""
        raise NotImplementedError

    def get_article(self, article_id: str) -> StoredArticle | None: ...

    def iter_articles(self) -> Iterator[StoredArticle]: ...

    def count_articles(self) -> int: ...

    def revisions(self, article_id: str) -> list[dict[str, Any]]:
        """An article's history, oldest first: {"revision", "content_hash", "text", "source", "created_at"}."""

    def set_duplicates(self, duplicate_of: dict[str, str | None]) -> None:
        """Mark syndicated copies: article id -> id of the original (None clears)."""

    # mentions
    def iter_mentions(self) -> Iterator[IncidentMention]: ...

    def iter_mention_records(self) -> Iterator[tuple[str, str, str | None, str | None, bytes | None]]:
        """(mention id, article id, JSON, linking features JSON, compressed JSON) in `iter_mentions` order,
        unparsed; the JSON only when no features and compressed payload are stored for the current text."""
        ...

    # incidents
    def replace_incidents(self, incidents: Iterable[Incident], links: Iterable[IncidentLink], *,
                          as_of: int | None = None) -> tuple[int, int]:
        """Atomically replace all incidents; returns (created, updated) counts against the previous set.

        `as_of` is the `articles_version()` read before resolving; it is recorded with the incidents."""

    def replace_incident_parts(
        self, parts: Callable[[], IncidentParts], *, as_of: int | None = None
    ) -> tuple[int, int]:
        """`replace_incidents` from parts that may still be in the making (incidents being built elsewhere):
        written as they come, in one transaction. `parts()` starts them again from the first if the write is
        retried."""

    def articles_version(self) -> int:
        """A number that grows with every new or revised article (the count of stored revisions)."""
        raise NotImplementedError

    def needs_resolve(self) -> bool:
        """True when articles were stored after the incidents were last resolved (e.g. a run was killed)."""
        raise NotImplementedError

    def iter_incidents(self) -> Iterator[Incident]: ...

    def get_incident(self, incident_id: str) -> Incident | None: ...

    def count_incidents(self) -> int: ...

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
        """One page of matching incidents in `iter_incidents` order, and the total number matching.

        start/end overlap the incident's date range; bbox is west,south,east,north; list-valued
        filters match any value; q words must all occur in places, actors, claimants, targets or evidence.
        """
        raise NotImplementedError

    def links_of(self, incident_id: str) -> list[IncidentLink]: ...

    def previous_assignment(self) -> dict[str, str]:
        """mention id -> incident id from the last resolution (for stable ids)."""

    # analysts' corrections
    def add_override(self, kind: Literal["merge", "split"], payload: dict) -> None: ...

    def overrides(self) -> list[dict]:
        """All corrections in the order they were made: {"seq", "kind", "payload", "created_at"}."""

    def schema_version(self) -> int:
        """The highest schema migration applied."""
        raise NotImplementedError


def open_store(target: str) -> Store:
    """An SQLite path or a postgresql:// URL -> a ready store (schema created/migrated)."""
    from strikewatch.store.sql import open_sql_store  # late: the contract must not need SQLAlchemy to import

    return open_sql_store(target)
