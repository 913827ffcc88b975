"""`govwatch fetch`: crawl the configured sources and print the per-source summary."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from govwatch.cli.common import EXIT_OK, EXIT_PARTIAL, ConfigOpt, DbOpt, app, err, fail, open_store

if TYPE_CHECKING:
    from govwatch.crawl.crawler import SourceResult


def run_fetch(config: Path | None, db: str | None, source_ids: list[str] | None, *,
              quiet: bool = False, title: str = "fetch", recheck: bool = False) -> int:
    """Crawl and print the summary; returns the exit code."""
    from govwatch.crawl.crawler import crawl
    from govwatch.crawl.fetchers import get_fetcher
    from govwatch.crawl.http import HttpClient
    from govwatch.sources import ConfigError, load_config
    from govwatch.sources.discovered import discovered_sources, is_discovered_id

    found_ids = [i for i in source_ids or [] if is_discovered_id(i)]
    try:
        cfg = load_config(config)
        sources = cfg.select([i for i in source_ids or [] if not is_discovered_id(i)]) if not found_ids or \
            len(found_ids) < len(source_ids or []) else []
        for src in sources:
            try:
                get_fetcher(src.fetcher)
            except KeyError as exc:
                raise ConfigError(f"source '{src.id}': key 'fetcher': {exc.args[0]}") from None
    except ConfigError as exc:
        raise fail(str(exc)) from None
    store = open_store(db)
    sources += discovered_sources(store, cfg, found_ids or None) if found_ids or not source_ids else []
    totals: dict[str, int] = {}
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True, disable=quiet) as bar:
        task = bar.add_task(title, total=None)

        def progress(source_id: str, event: str, detail: object) -> None:
            if event == "total":
                totals[source_id] = int(detail)  # type: ignore[call-overload]
                bar.update(task, total=sum(totals.values()))
            elif event == "page":
                bar.update(task, advance=1, description=f"{title} {source_id}")

        results = asyncio.run(crawl(sources, store, progress=progress, recheck=recheck,
                                    client=HttpClient(proxy=cfg.defaults.proxy) if cfg.defaults.proxy else None))
    _notify(cfg, store, results)
    _print_summary(results)
    store.close()
    return EXIT_OK if all(r.ok for r in results) else EXIT_PARTIAL


def _print_summary(results: list[SourceResult]) -> None:
    from govwatch.crawl.crawler import COUNT_KEYS

    table = Table(title="govwatch fetch", show_lines=False)
    table.add_column("source")
    for key in COUNT_KEYS:
        table.add_column(key, justify="right")
    table.add_column("errors", justify="right")
    for r in results:
        table.add_row(r.source_id, *(str(r.counts[k]) for k in COUNT_KEYS), str(len(r.errors)))
    out = Console(width=160)
    out.print(table)
    for r in results:
        for line in r.errors:
            out.print(f"{r.source_id}: {line}", markup=False, highlight=False)


@app.command()
def fetch(
    config: ConfigOpt = None,
    db: DbOpt = None,
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="only this source id (repeatable)")]
    = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
    recheck: Annotated[bool, typer.Option("--recheck", help="re-validate every stored report now, "
                                          "whatever its recheck_after")] = False,
) -> None:
    """Crawl the sources' columns, store new and changed reports, print a per-source summary.

    List pages are read on every run; stored reports are re-validated (with conditional
    requests) when older than the source's recheck_after, or at once when they fall off the
    list. Exit 0 when everything succeeded, 1 when some pages or sources failed (the rest is
    stored), 2 for usage or config errors.
    """
    raise typer.Exit(run_fetch(config, db, source, quiet=quiet, recheck=recheck))


def _notify(cfg, store, results) -> None:  # type: ignore[no-untyped-def]
    """Send the run's events to the config's notify: targets (failures stay in the outbox)."""
    from govwatch.notify import notify_after_run

    report = notify_after_run(cfg, store, results)
    if report.queued or report.delivered or report.pending:
        err.print(report.line(), highlight=False)
