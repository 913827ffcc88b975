"""`govwatch db …`: the schema (Alembic migrations)."""

from __future__ import annotations

from typing import Annotated

import typer

from govwatch.cli.common import DbOpt, app, error_line, fail

db_app = typer.Typer(help="The database schema: Alembic migrations shipped with govwatch.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(
    db: DbOpt = None,
    revision: Annotated[str, typer.Option("--revision", help="target revision")] = "head",
) -> None:
    """Create the schema, or upgrade it to the latest revision (SQLite or PostgreSQL).

    Safe to run again, and from several containers at once. A database made by `govwatch fetch`
    is adopted. Exit 0 on success, 2 when the database cannot be reached or upgraded.
    """
    from govwatch.store.migrate import open_engine, upgrade
    from govwatch.store.repository import default_db_url, redact_url

    try:
        engine = open_engine(db)
        status = upgrade(engine=engine, revision=revision)
    except Exception as exc:
        raise fail(f"cannot upgrade database {redact_url(default_db_url(db))}: {error_line(exc)}") from None
    engine.dispose()
    print(status.message)
