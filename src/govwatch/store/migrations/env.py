"""Alembic environment for govwatch (used by ``govwatch db upgrade`` and ``govwatch.store.migrate``).

The caller passes an open connection in ``config.attributes["connection"]``; without one the
URL comes from ``sqlalchemy.url`` or ``GOVWATCH_DB`` (so plain ``alembic -c …`` also works).
"""

from __future__ import annotations

from typing import Any

from alembic import context

from govwatch.store.migrate import target_metadata

config = context.config


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Write SQLModel's own types as the plain SQLAlchemy types they store, so revisions need no sqlmodel."""
    if type_ == "type":
        name = type(obj).__name__
        if name == "AutoString":
            length = getattr(obj, "length", None)
            return f"sa.String(length={length})" if length else "sa.String()"
        if name == "UTCDateTime":
            return "sa.DateTime(timezone=True)"
    return False


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=target_metadata(),
        render_as_batch=True,  # SQLite cannot ALTER most things: batch mode copies the table
        compare_type=True,
        render_item=render_item,
        **kwargs,
    )


def run_offline() -> None:
    from govwatch.store.repository import _engine_url, default_db_url

    _configure(url=_engine_url(config.get_main_option("sqlalchemy.url") or default_db_url()),
               literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    from govwatch.store.migrate import open_engine

    engine = open_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        _configure(connection=conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
