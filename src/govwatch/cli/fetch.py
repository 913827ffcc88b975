"""`govwatch fetch`: crawl the configured sources and print the per-source summary."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from govwatch.cli.common import EXIT_OK, EXIT_PARTIAL, ConfigOpt, DbOpt, app, err, fail, open_store

if TYPE_CHECKING:
    from govwatch.crawl.browser import BrowserStats
    from govwatch.crawl.crawler import SourceResult


def run_fetch(config: Path | None, db: str | None, source_ids: list[str] | None, *,
              quiet: bool = False, title: str = "fetch", recheck: bool = False) -> int:
    """Crawl and print the summary; returns the exit code."""
    from govwatch.crawl.browser import Browser, BrowserOptions
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
    started = time.monotonic()
    running: dict[str, int] = {}  # source id -> documents fetched so far
    sources += discovered_sources(store, cfg, found_ids or None) if found_ids or not source_ids else []
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[running]}", markup=False), TimeElapsedColumn(),
                  console=err, transient=True, disable=quiet) as bar:
        task = bar.add_task(f"{title}: sources", total=len(sources), running="")

        def show() -> None:
            shown = ", ".join(f"{sid} ({n})" if n else sid for sid, n in list(running.items())[:4])
            more = f" +{len(running) - 4}" if len(running) > 4 else ""
            bar.update(task, running=f"crawling {shown}{more}" if running else "")

        def progress(source_id: str, event: str, detail: object) -> None:
            if event == "start":
                running[source_id] = 0
            elif event == "page":
                running[source_id] = running.get(source_id, 0) + 1
            elif event == "done":
                running.pop(source_id, None)
                bar.update(task, advance=1)
            show()

        # one per run, started only if a page needs it (a wall, a JavaScript page); through the run's proxy
        browser = Browser(BrowserOptions(proxy=cfg.defaults.proxy))

        async def run() -> list[SourceResult]:
            try:
                return await crawl(sources, store, progress=progress, recheck=recheck, browser=browser,
                                   client=HttpClient(proxy=cfg.defaults.proxy) if cfg.defaults.proxy else None)
            finally:
                await browser.aclose()

        results = asyncio.run(run())
    _notify(cfg, store, results)
    _print_summary(results, browser.stats)
    store.close()
    err.print(totals_line(results, time.monotonic() - started), highlight=False, markup=False)
    return EXIT_OK if all(r.ok for r in results) else EXIT_PARTIAL


def totals_line(results: list[SourceResult], seconds: float) -> str:
    """``12 sources in 3.4 s: 5 new, 1 changed, …, 2 failed (1 with errors)``: the run in one line."""
    from collections import Counter

    from govwatch.crawl.crawler import COUNT_KEYS

    total: Counter[str] = Counter()
    for r in results:
        total.update(r.counts)
    broken = sum(1 for r in results if r.errors)
    counts = ", ".join(f"{total[k]} {k}" for k in COUNT_KEYS)
    return (f"total: {len(results)} source(s) in {seconds:.1f} s: {counts}"
            + (f"; {broken} source(s) with errors" if broken else ""))


def _print_summary(results: list[SourceResult], browser: BrowserStats | None = None) -> None:
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
        for line in failure_lines(r):
            out.print(line, markup=False, highlight=False)
    if browser is not None and browser.launches:
        out.print(f"browser: {browser.launches} launch(es), {browser.pages} page(s), {browser.crashes} crash(es), "
                  f"peak {browser.peak_memory >> 20} MB", markup=False, highlight=False)


#: how many failure reasons the summary shows per source (all are in the fetch table)
SHOWN_REASONS = 3


def failure_lines(result: SourceResult) -> list[str]:
    """Why a source's pages failed: the counts by kind, then the first few reasons."""
    from collections import Counter

    if not result.failures:
        return []
    kinds = Counter(kind for kind, _url, _detail in result.failures)
    lines = [f"{result.source_id}: {len(result.failures)} problem(s): "
             + ", ".join(f"{kind} {n}" for kind, n in kinds.most_common())]
    for kind, url, detail in result.failures[:SHOWN_REASONS]:
        lines.append(f"  {kind}: {url[:200]}: {detail}")
    if len(result.failures) > SHOWN_REASONS:
        lines.append(f"  … {len(result.failures) - SHOWN_REASONS} more in the fetch log")
    return lines


@app.command()
def fetch(
    config: ConfigOpt = None,
    db: DbOpt = None,
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="only this source id (repeatable)")]
    = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress display")] = False,
    recheck: Annotated[bool, typer.Option("--recheck", help="re-validate every stored report now, "
                                          "whatever its recheck_after")] = False,
) -> None:
    """Crawl the sources' columns, store new and changed reports, print a per-source summary.

    List pages are read on every run; stored reports are re-validated on every run (with
    conditional requests), or, when the source sets recheck_after, once their last check is
    that old and at once when they fall off the list. Exit 0 when everything succeeded, 1
    when some pages or sources failed (the rest is stored), 2 for usage or config errors.
    """
    raise typer.Exit(run_fetch(config, db, source, quiet=quiet, recheck=recheck))


def _notify(cfg, store, results) -> None:  # type: ignore[no-untyped-def]
    """Send the run's events to the config's notify: targets (failures stay in the outbox)."""
    from govwatch.notify import notify_after_run

    report = notify_after_run(cfg, store, results)
    if report.queued or report.delivered or report.pending:
        err.print(report.line(), highlight=False)
