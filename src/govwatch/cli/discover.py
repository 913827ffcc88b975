"""`govwatch discover`: find every government's reports, starting from its portal."""

from __future__ import annotations

import asyncio
import time
from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from govwatch.cli.common import EXIT_OK, EXIT_PARTIAL, ConfigOpt, DbOpt, app, err, fail, open_store
from govwatch.cli.coverage import CatalogOpt, ProvinceOpt, load_selected


def default_year(today: date | None = None) -> int:
    """The report year to look for: last year's reports (due 1 April this year)."""
    return (today or date.today()).year - 1


@app.command("discover")
def discover_cmd(
    catalog: CatalogOpt = None,
    code: Annotated[list[str] | None, typer.Option("--code", help="only this division code (repeatable)")] = None,
    province: ProvinceOpt = None,
    year: Annotated[int | None, typer.Option("--year", "-y", help="stop early for a government once its "
                                             "report for this year is found [default: last year]")] = None,
    budget: Annotated[int, typer.Option("--budget", min=5, help="requests at most per government")] = 40,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, help="governments at once")] = 16,
    config: ConfigOpt = None,
    db: DbOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
) -> None:
    """For each government of the catalogue, find where its reports are and store them.

    From the portal: the province's usual column paths, the site's own search, navigation
    toward 政府信息公开 / 通知公告 / 专题专栏 / 法治政府 pages (on the portal's host and its
    subdomains), and the prefecture's columns of its counties' reports. Reports found are
    stored with the evidence of how they were found; the columns they sit on become watched
    sources (`govwatch sources discovered`). Politeness (delay, timeout, retries, User-Agent,
    robots.txt) and `proxy:` come from the config's `defaults:`; HTTP_PROXY/HTTPS_PROXY/NO_PROXY
    are honoured. Exit 0 when every portal answered, 1 when some were blocked or unreachable,
    2 for usage errors.
    """
    from govwatch.crawl.discover import discover
    from govwatch.crawl.http import RequestPolicy
    from govwatch.sources import ConfigError, Settings, config_path, load_config
    from govwatch.sources.catalog import load_catalog

    govs = load_selected(catalog, province, code)
    everyone = load_catalog(catalog)
    settings = Settings()
    if config is not None or config_path().exists():
        try:
            settings = load_config(config).defaults
        except ConfigError as exc:
            raise fail(escape(str(exc))) from None
    policy = RequestPolicy(delay=settings.delay, timeout=settings.timeout, retries=settings.retries,
                           max_bytes=settings.max_bytes, max_redirects=settings.max_redirects,
                           user_agent=settings.user_agent, verify=settings.verify,
                           host_concurrency=settings.host_concurrency)
    store = open_store(db)
    started = time.monotonic()
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True, disable=quiet) as bar:
        task = bar.add_task("discover", total=len(govs))

        def progress(res: object) -> None:
            bar.update(task, advance=1, description=f"discover {getattr(res, 'name', '')}")

        try:
            results = asyncio.run(discover(store, everyone, govs, policy, year=year or default_year(),
                                           budget=budget, concurrency=concurrency, proxy=settings.proxy,
                                           robots=settings.robots, progress=progress))
        finally:
            store.close()
    took = time.monotonic() - started
    table = Table(title=f"govwatch discover ({len(results)} governments, {took:.1f}s)")
    for col in ("code", "name", "status", "requests", "reports", "columns", "dept. reports", "clones", "reason"):
        table.add_column(col)
    for r in results:
        table.add_row(r.code, r.name, r.status, str(r.requests), str(len(r.reports)), str(len(r.columns)),
                      str(len(r.department)), str(len(r.rejected)), escape(r.reason or ""))
    Console(width=200).print(table)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    print(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + f"; {sum(len(r.reports) for r in results)} "
          f"reports, {sum(r.requests for r in results)} requests")
    raise typer.Exit(EXIT_PARTIAL if any(r.status in ("blocked", "unreachable") for r in results) else EXIT_OK)
