"""Ordered schema migrations, applied when a store is opened.

Each migration has a version number and a function run inside the caller's
transaction. `migrate` records every applied version in `schema_version`, so running
it again applies nothing. The caller holds the database's write lock for the whole
transaction (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL), which makes
two processes opening the same new database at once take turns instead of racing.

Changing a table later means adding a migration that alters it (and pinning the old
definition for migration 1), never editing a migration that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, func, insert, select

from strikewatch.store import schema


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _v1_initial(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=schema.V1_TABLES, checkfirst=True)


def _v2_store_state(conn: Connection) -> None:
    schema.store_state.create(conn, checkfirst=True)


def _v3_article_signatures(conn: Connection) -> None:
    schema.article_signatures.create(conn, checkfirst=True)


def _v4_mention_features(conn: Connection) -> None:
    schema.mention_features.create(conn, checkfirst=True)


MIGRATIONS: list[Migration] = [
    Migration(1, "articles, revisions, annotations, mentions, incidents, links, overrides", _v1_initial),
    Migration(2, "store_state (which article revisions the incidents were resolved from)", _v2_store_state),
    Migration(3, "article_signatures (MinHash of each article's text, for deduplication)", _v3_article_signatures),
    Migration(4, "mention_features (linking features and packed payload of each mention)", _v4_mention_features),
]
LATEST_VERSION = MIGRATIONS[-1].version


def current_version(conn: Connection) -> int:
    """Highest applied version, 0 for an empty database."""
    if not conn.dialect.has_table(conn, schema.schema_version.name):
        return 0
    return int(conn.execute(select(func.max(schema.schema_version.c.version))).scalar() or 0)


def migrate(conn: Connection, migrations: Sequence[Migration] = MIGRATIONS) -> list[int]:
    """Apply the pending migrations in order inside `conn`'s transaction; returns the versions applied."""
    versions = [m.version for m in migrations]
    if versions != sorted(set(versions)):
        raise ValueError(f"migrations must have increasing, unique versions: {versions}")
    schema.schema_version.create(conn, checkfirst=True)
    done = current_version(conn)
    applied: list[int] = []
    for migration in migrations:
        if migration.version <= done:
            continue
        migration.apply(conn)
        conn.execute(
            insert(schema.schema_version).values(
                version=migration.version, applied_at=datetime.now(UTC).isoformat(timespec="seconds")
            )
        )
        applied.append(migration.version)
    return applied
