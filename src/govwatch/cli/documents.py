"""`govwatch history` and `diff`: one document's versions."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from govwatch.cli.common import EXIT_PARTIAL, DbOpt, app, fail, open_store


@app.command()
def history(url: str, db: DbOpt = None) -> None:
    """List the versions of one document."""
    store = open_store(db)
    versions = store.history(url)
    if not versions:
        raise fail(f"unknown document: {url}", EXIT_PARTIAL)
    table = Table(title=url)
    for col in ("version", "fetched", "title", "published", "hash", "status"):
        table.add_column(col)
    for v in versions:
        table.add_row(str(v.version), v.fetched_at, v.title or "", v.published or "", v.content_hash[:12],
                      v.status if v.version == versions[-1].version else "")
    Console(width=160).print(table)


@app.command()
def diff(
    url: str,
    db: DbOpt = None,
    from_: Annotated[int | None, typer.Option("--from", help="old version (default: the one before --to)")] = None,
    to: Annotated[int | None, typer.Option("--to", help="new version (default: the latest)")] = None,
    color: Annotated[bool | None, typer.Option("--color/--no-color", help="colour (default: on a terminal)")]
    = None,
) -> None:
    """Show a unified diff between two versions of a document."""
    from govwatch.store.diff import paragraph_diff

    versions = {v.version: v for v in open_store(db).history(url)}
    if not versions:
        raise fail(f"unknown document: {url}", EXIT_PARTIAL)
    new = to or max(versions)
    old = from_ or max(new - 1, 1)
    if old not in versions or new not in versions:
        raise fail(f"no such version: have 1..{max(versions)}")
    text = paragraph_diff(versions[old].text, versions[new].text, f"version {old}", f"version {new}")
    print_diff(text, color)


def print_diff(text: str, color: bool | None = None) -> None:
    console = Console(force_terminal=color, no_color=color is False, highlight=False, soft_wrap=True)
    if not text:
        console.print("(no differences)")
        return
    from govwatch.store.diff import rich_diff

    console.print(rich_diff(text))  # changed characters of an edited sentence in reverse video
