"""Alembic migrations: `govwatch db upgrade` builds exactly the models' schema on SQLite and PostgreSQL.

If a model in store/models.py (or the lease table) changes without a new revision,
test_migrated_schema_matches_the_models fails: write one with
``python -m govwatch.store.migrate revision -m "what changed"``.
"""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import sqlalchemy as sa

from govwatch.store import Store
from govwatch.store.migrate import MIGRATIONS, compare, head_revision, schema_status, target_metadata
from govwatch.store.search import index_tables
from tests.daemon.helpers import ROOT, govwatch


def _engine(db_url: str) -> sa.Engine:
    return sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))


def test_migrated_schema_matches_the_models(db_url: str) -> None:
    proc = govwatch("db", "upgrade", "--db", db_url)
    assert proc.returncode == 0, proc.stderr
    assert f"up to date (revision {head_revision()})" in proc.stdout
    engine = _engine(db_url)
    try:
        diffs = compare(engine)
        assert diffs == [], "models changed without a migration:\n" + "\n".join(map(str, diffs))
        tables = set(sa.inspect(engine).get_table_names())
        assert tables == set(target_metadata().tables) | {"alembic_version"} | index_tables(engine.dialect.name)
        assert {"content", "document", "version", "fetch", "run", "lease"} <= tables
        assert schema_status(engine).state == "current"
    finally:
        engine.dispose()
    again = govwatch("db", "upgrade", "--db", db_url)  # idempotent
    assert again.returncode == 0, again.stderr


def test_daemon_refuses_missing_schema(tmp_path: Path, sources_file: Path) -> None:
    db = f"sqlite:///{tmp_path / 'fresh.db'}"
    proc = govwatch("daemon", "--once", "--config", str(sources_file), "--db", db, "--port", "0",
                    "--host", "127.0.0.1", "--log-format", "text")
    assert proc.returncode == 2, proc.stderr
    assert "no govwatch schema" in proc.stderr and "govwatch db upgrade" in proc.stderr


def test_database_made_by_fetch_is_adopted(db_url: str, sources_file: Path) -> None:
    Store(db_url).close()  # what `govwatch fetch` does: create_all, no alembic_version
    proc = govwatch("daemon", "--once", "--config", str(sources_file), "--db", db_url, "--port", "0",
                    "--host", "127.0.0.1", "--log-format", "json")
    assert proc.returncode == 2
    assert "created without migrations" in proc.stderr and "govwatch db upgrade" in proc.stderr
    up = govwatch("db", "upgrade", "--db", db_url)
    assert up.returncode == 0, up.stderr
    engine = _engine(db_url)
    try:
        assert schema_status(engine).state == "current"
        assert compare(engine) == []
    finally:
        engine.dispose()


def test_daemon_refuses_unknown_or_outdated_revision(tmp_path: Path, sources_file: Path) -> None:
    db = f"sqlite:///{tmp_path / 'gw.db'}"
    assert govwatch("db", "upgrade", "--db", db).returncode == 0
    engine = _engine(db)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    assert schema_status(engine).state == "unknown"
    engine.dispose()
    proc = govwatch("daemon", "--once", "--config", str(sources_file), "--db", db, "--port", "0",
                    "--host", "127.0.0.1")
    assert proc.returncode == 2
    assert "unknown to this govwatch" in proc.stderr and "govwatch db upgrade" in proc.stderr


def test_db_upgrade_reports_an_unreachable_database() -> None:
    proc = govwatch("db", "upgrade", "--db", "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    assert proc.returncode == 2
    assert "cannot upgrade database" in proc.stderr


def test_migrations_are_package_data() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["govwatch"]
    pkg = ROOT / "src" / "govwatch"
    shipped = [p for p in MIGRATIONS.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert any(p.name == "env.py" for p in shipped) and any(p.parent.name == "versions" for p in shipped)
    for path in shipped:
        rel = path.relative_to(pkg).as_posix()
        assert any(fnmatch.fnmatch(rel, pat) and rel.count("/") == pat.count("/") for pat in patterns), rel


def test_every_table_module_is_under_migrations() -> None:
    from govwatch.store.migrate import TABLE_MODULES

    defining = set()
    for path in (ROOT / "src" / "govwatch").rglob("*.py"):
        if "table=True" in path.read_text(encoding="utf-8") and "migrations" not in path.parts:
            rel = path.relative_to(ROOT / "src").with_suffix("")
            defining.add(".".join(rel.parts))
    assert defining == set(TABLE_MODULES), "list new table modules in govwatch.store.migrate.TABLE_MODULES"


def test_daemon_refuses_a_schema_missing_what_the_models_need(tmp_path: Path, sources_file: Path) -> None:
    db = f"sqlite:///{tmp_path / 'gw.db'}"
    assert govwatch("db", "upgrade", "--db", db).returncode == 0
    engine = _engine(db)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE someone_elses (id INTEGER PRIMARY KEY)"))  # harmless
        conn.execute(sa.text("ALTER TABLE run DROP COLUMN counts_json"))  # a model change without migration
    engine.dispose()
    proc = govwatch("daemon", "--once", "--config", str(sources_file), "--db", db, "--port", "0",
                    "--host", "127.0.0.1")
    assert proc.returncode == 2
    assert "a migration is missing" in proc.stderr and "counts_json" in proc.stderr
    assert "someone_elses" not in proc.stderr
