"""Shared fixtures: a store target on each backend.

`store_target` yields an SQLite file path and, when `STRIKEWATCH_TEST_PG_URL` is set
(see `.ci/pg.sh start`), the URL of a fresh PostgreSQL database made for that one test
and dropped after it. Without the variable the postgres case is skipped, never failed.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from strikewatch.store import Store, open_store

PG_ENV = "STRIKEWATCH_TEST_PG_URL"

# Places a user imported with `strikewatch gazetteer import` must not change what the tests see.
os.environ["STRIKEWATCH_GAZETTEER_DIR"] = tempfile.mkdtemp(prefix="strikewatch-test-gazetteer-")


def _pg_admin_url() -> str | None:
    return os.environ.get(PG_ENV) or None


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test: its postgresql:// URL."""
    admin_url = _pg_admin_url()
    if admin_url is None:
        pytest.skip(f"{PG_ENV} is not set (run `bash .ci/pg.sh start` to get one)")
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    name = f"sw_test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where to open a store: an SQLite file path, or a fresh PostgreSQL database URL."""
    if request.param == "sqlite":
        return str(tmp_path / "strikewatch.db")
    return request.getfixturevalue("pg_database")


@pytest.fixture
def store(store_target: str) -> Iterator[Store]:
    """An open, empty store on each backend, closed after the test."""
    s = open_store(store_target)
    try:
        yield s
    finally:
        s.close()
