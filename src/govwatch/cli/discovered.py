"""`govwatch sources discovered|pin|reject|export`: the columns discovery found, kept in the store."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from govwatch.cli.common import EXIT_OK, DbOpt, fail, open_store
from govwatch.cli.sources import sources_app


@sources_app.command("discovered")
def sources_discovered(
    db: DbOpt = None,
    code: Annotated[list[str] | None, typer.Option("--code", help="only this division code (repeatable)")] = None,
    fmt: Annotated[Literal["table", "jsonl"], typer.Option("--format", "-f", help="table or jsonl")] = "table",
) -> None:
    """List the columns `govwatch discover` found, with how each was found (the chain of pages)."""
    from govwatch.store.discovery import DiscoveryStore

    store = open_store(db)
    try:
        rows = DiscoveryStore(store).sources(codes=code)
    finally:
        store.close()
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps({"source_id": r.source_id, "code": r.code, "name": r.name, "url": r.url,
                                         "found_by": r.found_by, "state": r.state, "evidence": r.evidence,
                                         "first_seen": r.first_seen.isoformat()}, ensure_ascii=False) + "\n")
        raise typer.Exit(EXIT_OK)
    table = Table(title=f"{len(rows)} discovered sources")
    for col in ("id", "code", "name", "state", "found by", "url", "evidence"):
        table.add_column(col)
    for r in rows:
        table.add_row(r.source_id, r.code, escape(r.name), r.state, r.found_by, escape(r.url),
                      escape(" › ".join(r.evidence)))
    Console(width=240).print(table)
    raise typer.Exit(EXIT_OK)


def _set(source_ids: list[str], state: str, db: str | None) -> None:
    from govwatch.store.discovery import DiscoveryStore

    store = open_store(db)
    try:
        disc = DiscoveryStore(store)
        unknown = [s for s in source_ids if not disc.set_state(s, state)]
    finally:
        store.close()
    if unknown:
        raise fail(f"unknown discovered source id(s): {', '.join(unknown)} (see `govwatch sources discovered`)")
    print(f"{len(source_ids)} source(s) {state}")
    raise typer.Exit(EXIT_OK)


@sources_app.command("pin")
def sources_pin(source_id: Annotated[list[str], typer.Argument(help="discovered source id(s), e.g. d420626-1")],
                db: DbOpt = None) -> None:
    """Keep a discovered source crawled whatever later discovery finds."""
    _set(source_id, "pinned", db)


@sources_app.command("reject")
def sources_reject(source_id: Annotated[list[str], typer.Argument(help="discovered source id(s)")],
                   db: DbOpt = None) -> None:
    """Never crawl this discovered source again (kept in the store as rejected)."""
    _set(source_id, "rejected", db)


@sources_app.command("export")
def sources_export(db: DbOpt = None,
                   all_: Annotated[bool, typer.Option("--all", help="rejected ones too")] = False) -> None:
    """Print the discovered sources as a `sources:` YAML block (for a config of your own)."""
    from govwatch.sources.discovered import to_yaml
    from govwatch.store.discovery import DiscoveryStore

    store = open_store(db)
    try:
        rows = DiscoveryStore(store).sources(states=None if all_ else ("auto", "pinned"))
    finally:
        store.close()
    sys.stdout.write(to_yaml(rows))
    raise typer.Exit(EXIT_OK)
