"""Database fixtures: every store test runs on SQLite and on the real PostgreSQL server.

PostgreSQL comes from ``GOVWATCH_TEST_PG`` (default ``postgresql://postgres@127.0.0.1:5432/test``).
An unreachable server FAILS the tests; set ``GOVWATCH_TEST_PG=skip`` to leave PostgreSQL out on
a machine without one (CI never does).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"


def pg_base_url() -> str | None:
    url = os.environ.get("GOVWATCH_TEST_PG", PG_DEFAULT)
    return None if url == "skip" else url


def _pg_engine_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL to a fresh, empty PostgreSQL schema, dropped afterwards."""
    base = pg_base_url()
    if base is None:
        pytest.skip("GOVWATCH_TEST_PG=skip")
    schema = f"gw_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(_pg_engine_url(base))
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    except sa.exc.OperationalError as exc:  # pragma: no cover - only without a server
        pytest.fail(f"PostgreSQL at {base} is unreachable ({exc.orig}); set GOVWATCH_TEST_PG=skip to leave it out")
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'gw.db'}"
    return request.getfixturevalue("pg_url")
