"""`govwatch history` and `diff`: one document's versions."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from govwatch.cli.common import EXIT_PARTIAL, DbOpt, app, fail, open_store, plain


@app.command()
def history(url: str, db: DbOpt = None) -> None:
    """List the versions of one document: when each was fetched, its title and status.

    The status of each version: ``replaced`` by a later one, else the document's (``active``
    or ``gone``; below the table, since when). A document first seen with a text already
    stored under another URL is a ``duplicate``; below the table, of which URL. Exit 1 for an
    unknown URL, 2 for a missing database.
    """
    store = open_store(db, read_only=True)
    try:
        versions = store.history(url)
        gone_at = store.gone_at(url)
    finally:
        store.close()
    if not versions:
        raise fail(f"unknown document: {url}", EXIT_PARTIAL)
    table = Table(title=plain(url))
    for col in ("version", "fetched", "title", "published", "hash", "status"):
        table.add_column(col)
    latest = versions[-1].version
    for v in versions:
        status = "replaced" if v.version != latest else v.status
        if v.version == 1 and v.duplicate_of:
            status += ", duplicate"
        table.add_row(str(v.version), v.fetched_at, plain(v.title), v.published or "", v.content_hash[:12],
                      status)
    out = Console(width=160)
    out.print(table)
    if versions[0].duplicate_of:
        out.print(plain(f"duplicate of {versions[0].duplicate_of} (the same text, first stored there)"))
    if gone_at:
        out.print(plain(f"gone since {gone_at} (removed from the site; its versions are kept)"))


@app.command()
def diff(
    url: str,
    db: DbOpt = None,
    from_: Annotated[int | None, typer.Option("--from", min=1, help="old version (default: the one before --to)")]
    = None,
    to: Annotated[int | None, typer.Option("--to", min=1, help="new version (default: the latest)")] = None,
    color: Annotated[bool | None, typer.Option("--color/--no-color", help="colour (default: on a terminal)")]
    = None,
) -> None:
    """Show a unified diff between two versions of a document."""
    from govwatch.store.diff import paragraph_diff

    store = open_store(db, read_only=True)
    try:
        versions = {v.version: v for v in store.history(url)}
    finally:
        store.close()
    if not versions:
        raise fail(f"unknown document: {url}", EXIT_PARTIAL)
    new = max(versions) if to is None else to
    old = max(new - 1, 1) if from_ is None else from_
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
