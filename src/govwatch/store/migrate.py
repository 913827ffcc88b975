"""Schema migrations with Alembic, shipped inside the package (``govwatch/store/migrations``).

``govwatch db upgrade [--db URL]`` creates or upgrades the schema on SQLite or PostgreSQL; the
daemon refuses to start on a database whose schema is missing or behind. A database created
by ``govwatch fetch`` (which calls ``create_all``) is adopted: the initial revision creates
only the tables it lacks.

Changing a table in ``store/models.py`` (or ``lease`` in ``daemon/leases.py``, ``notify_outbox`` in
``notify/outbox.py``: see :data:`TABLE_MODULES`) needs a new revision;
``tests/daemon/test_migrations.py`` fails until it exists. To write one::

    python -m govwatch.store.migrate revision -m "add capture.note"

autogenerates ``migrations/versions/NNNN_<slug>.py`` against a scratch SQLite database upgraded
to the current head; review it (``render_as_batch`` makes SQLite column changes work).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).resolve().with_name("migrations")
#: tables of the initial revision: a database holding some of them without a version is "unmanaged"
KNOWN_TABLES = frozenset({"content", "document", "version", "fetch", "run"})
PG_LOCK_KEY = 0x676F7677  # "govw": one upgrade at a time on a shared PostgreSQL


#: every module that defines SQLModel tables; a new one must be listed (tests/daemon/test_migrations.py checks)
TABLE_MODULES = ("govwatch.store.models", "govwatch.daemon.leases", "govwatch.notify.outbox",
                 "govwatch.store.discovery")


def target_metadata() -> sa.MetaData:
    """SQLModel.metadata with every govwatch table registered (whatever the caller imported before)."""
    import importlib

    from sqlmodel import SQLModel

    for name in TABLE_MODULES:
        importlib.import_module(name)
    return SQLModel.metadata


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["connection"] = connection
    return cfg


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None, "no migrations shipped"
    return head


@dataclass(frozen=True)
class SchemaStatus:
    """Where a database stands: ``current``, ``missing``, ``unmanaged``, ``outdated`` or ``unknown``."""

    state: str
    current: tuple[str, ...]
    head: str

    @property
    def message(self) -> str:
        have = ", ".join(self.current) or "none"
        return {
            "current": f"database schema is up to date (revision {self.head})",
            "missing": "database has no govwatch schema",
            "unmanaged": "database schema was created without migrations (no alembic_version)",
            "outdated": f"database schema is at revision {have}, this govwatch needs {self.head}",
            "unknown": f"database schema is at revision {have}, unknown to this govwatch (newer version?)",
        }[self.state]


def schema_status(engine: Engine) -> SchemaStatus:
    """Compare the database's Alembic revision with the head shipped in the package."""
    scripts = script_directory()
    head = head_revision()
    with engine.connect() as conn:
        current = tuple(MigrationContext.configure(conn).get_current_heads())
        if not current:
            tables = set(sa.inspect(conn).get_table_names())
            return SchemaStatus("unmanaged" if tables & KNOWN_TABLES else "missing", current, head)
    if current == (head,):
        return SchemaStatus("current", current, head)
    try:
        for rev in current:
            if scripts.get_revision(rev) is None:
                raise LookupError(rev)
    except Exception:
        return SchemaStatus("unknown", current, head)
    return SchemaStatus("outdated", current, head)


def open_engine(url: str | None) -> Engine:
    """The engine the store would use for ``url`` (``--db``/``GOVWATCH_DB``/default), without create_all."""
    from govwatch.store import Store

    return Store(url, create=False).engine


def upgrade(url: str | None = None, revision: str = "head", engine: Engine | None = None) -> SchemaStatus:
    """Create or upgrade the schema to ``revision``; returns the resulting status."""
    engine = engine or open_engine(url)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
        command.upgrade(alembic_config(conn), revision)
    return schema_status(engine)


def compare(engine: Engine) -> list[Any]:
    """Differences between the database and the models (empty when a migration covers every change)."""
    from alembic.autogenerate import compare_metadata

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        diffs = compare_metadata(ctx, target_metadata())
    from govwatch.store.search import index_tables

    own = {"alembic_version", *index_tables(engine.dialect.name)}  # not models: Alembic's and the search index
    return [d for d in diffs if not _is_own_table(d, own)]


def _is_own_table(diff: Any, names: set[str]) -> bool:
    if not (isinstance(diff, tuple) and len(diff) > 1):
        return False
    if diff[0] in ("remove_index", "add_index"):  # an index belongs to its table
        table = getattr(diff[1], "table", None)
        return getattr(table, "name", None) in names
    return getattr(diff[1], "name", None) in names


def make_revision(message: str, *, autogenerate: bool = True) -> list[str]:
    """Write a new revision file (autogenerated from the models against a scratch SQLite database)."""
    scripts = script_directory()
    number = len(list(scripts.walk_revisions())) + 1
    rev_id = f"{number:04d}"
    with tempfile.TemporaryDirectory(prefix="govwatch-rev-") as tmp:
        engine = sa.create_engine(f"sqlite:///{Path(tmp) / 'scratch.db'}")
        upgrade(engine=engine)
        with engine.begin() as conn:
            cfg = alembic_config(conn)
            slug = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")[:40] or "change"
            scripts_out = command.revision(cfg, message=message, autogenerate=autogenerate, rev_id=rev_id,
                                           head="head")
        engine.dispose()
    out = scripts_out if isinstance(scripts_out, list) else [scripts_out]
    paths = []
    for script in out:
        if script is None:
            continue
        path = Path(script.path)
        final = path.with_name(f"{rev_id}_{slug}.py")
        if path != final:
            path.rename(final)
        paths.append(str(final))
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m govwatch.store.migrate",
                                     description="govwatch schema migrations (developer tools)")
    sub = parser.add_subparsers(dest="cmd", required=True)
    rev = sub.add_parser("revision", help="autogenerate a new revision from the models")
    rev.add_argument("-m", "--message", required=True)
    rev.add_argument("--empty", action="store_true", help="an empty revision (no autogenerate)")
    up = sub.add_parser("upgrade", help="same as `govwatch db upgrade`")
    up.add_argument("--db")
    chk = sub.add_parser("check", help="exit 1 when the models differ from the migrated schema")
    chk.add_argument("--db")
    args = parser.parse_args(argv)
    if args.cmd == "revision":
        for path in make_revision(args.message, autogenerate=not args.empty):
            print(path)
        return 0
    if args.cmd == "upgrade":
        print(upgrade(args.db).message)
        return 0
    diffs = compare(open_engine(args.db))
    for diff in diffs:
        print(diff)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
