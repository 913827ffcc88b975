"""`govwatch sources …` and `govwatch fetchers`: the config, the columns discovery found, the fetchers."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from govwatch.cli.common import EXIT_OK, EXIT_USAGE, ConfigOpt, DbOpt, app, err, fail, open_store


@app.command()
def fetchers() -> None:
    """List the site-family fetchers and what they fit."""
    import inspect

    from govwatch.crawl.fetchers import REGISTRY, load_plugins

    load_plugins()
    for name in sorted(REGISTRY):
        doc = inspect.cleandoc(REGISTRY[name].__doc__ or "")
        print(f"{name}\n    " + doc.replace("\n", "\n    ") + "\n")


sources_app = typer.Typer(help="Inspect and validate config/sources.yaml.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")


@sources_app.command("check")
def sources_check(config: ConfigOpt = None) -> None:
    """Validate the config without crawling: schema, URL shape, known fetcher, region.

    Exit 0 when every source passes, 2 otherwise (each problem names the source and key).
    """
    from govwatch.crawl.fetchers import get_fetcher
    from govwatch.sources import ConfigError, check_source, load_config

    try:
        cfg = load_config(config)
    except ConfigError as exc:
        raise fail(str(exc)) from None
    problems: list[str] = []
    seen_urls: dict[str, str] = {}
    for src in cfg.sources:
        problems.extend(check_source(src))
        try:
            get_fetcher(src.fetcher)
        except KeyError as exc:
            problems.append(f"source '{src.id}': key 'fetcher': {exc.args[0]}")
        for url in src.start_urls:
            if url in seen_urls:
                problems.append(f"source '{src.id}': key 'start_urls': also used by '{seen_urls[url]}'")
            seen_urls[url] = src.id
    unverified = sum(1 for s in cfg.sources if not s.verified)
    for line in problems:
        err.print(Text.assemble(("✗", "red"), " ", line), highlight=False)
    print(f"{len(cfg.sources)} sources checked, {len(problems)} problem(s), {unverified} not yet verified")
    raise typer.Exit(EXIT_USAGE if problems else EXIT_OK)


# --- the columns discovery found, kept in the store (`sources discovered|pin|reject|export`) ---


@sources_app.command("discovered")
def sources_discovered(
    db: DbOpt = None,
    code: Annotated[list[str] | None, typer.Option("--code", help="only this division code (repeatable)")] = None,
    fmt: Annotated[Literal["table", "jsonl"], typer.Option("--format", "-f", help="table or jsonl")] = "table",
) -> None:
    """List the columns `govwatch discover` found, with how each was found (the chain of pages)."""
    from govwatch.store.discovery import DiscoveryStore

    store = open_store(db, read_only=True)
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

    store = open_store(db, read_only=True)
    try:
        rows = DiscoveryStore(store).sources(states=None if all_ else ("auto", "pinned"))
    finally:
        store.close()
    sys.stdout.write(to_yaml(rows))
    raise typer.Exit(EXIT_OK)
