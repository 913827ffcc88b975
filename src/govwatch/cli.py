"""The ``govwatch`` command line.

Exit codes: 0 success, 1 some pages or sources failed (the rest is stored), 2 usage or
config errors. ``GOVWATCH_CONFIG`` and ``GOVWATCH_DB`` stand in for ``--config``/``--db``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from govwatch import __version__

app = typer.Typer(
    name="govwatch",
    help="Watch local-government disclosure columns for rule-of-law reports; keep every version.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
err = Console(stderr=True)

ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="sources.yaml [env GOVWATCH_CONFIG; default config/sources.yaml]",
                 show_default=False),
]
DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="SQLAlchemy URL or SQLite path [env GOVWATCH_DB; default storage/govwatch.db]",
                 show_default=False),
]

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


def _fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="log requests and retries")] = False,
    version: Annotated[bool, typer.Option("--version", help="print the version and exit")] = False,
) -> None:
    _setup_logging(verbose)
    if version:
        print(__version__)
        raise typer.Exit(EXIT_OK)


def _open_store(db: str | None):  # type: ignore[no-untyped-def]
    from govwatch.store import Store

    try:
        return Store(db)
    except Exception as exc:
        raise _fail(f"cannot open database {db or ''}: {exc}") from None


def run_fetch(config: Path | None, db: str | None, source_ids: list[str] | None, *,
              quiet: bool = False, title: str = "fetch") -> int:
    """Crawl and print the summary; returns the exit code."""
    from govwatch.crawl.crawler import crawl
    from govwatch.sources import ConfigError, load_config

    from govwatch.crawl.fetchers import get_fetcher

    try:
        cfg = load_config(config)
        sources = cfg.select(source_ids)
        for src in sources:
            try:
                get_fetcher(src.fetcher)
            except KeyError as exc:
                raise ConfigError(f"source '{src.id}': key 'fetcher': {exc.args[0]}") from None
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    store = _open_store(db)
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

        results = asyncio.run(crawl(sources, store, progress=progress))
    _print_summary(results, quiet=quiet)
    store.close()
    return EXIT_OK if all(r.ok for r in results) else EXIT_PARTIAL


def _print_summary(results: list, *, quiet: bool = False) -> None:  # type: ignore[type-arg]
    from govwatch.crawl.crawler import COUNT_KEYS

    table = Table(title="govwatch fetch", show_lines=False)
    table.add_column("source")
    for key in COUNT_KEYS:
        table.add_column(key, justify="right")
    table.add_column("errors")
    for r in results:
        table.add_row(r.source_id, *(str(r.counts[k]) for k in COUNT_KEYS), "; ".join(r.errors)[:120])
    Console(width=160).print(table)


@app.command()
def fetch(
    config: ConfigOpt = None,
    db: DbOpt = None,
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="only this source id (repeatable)")]
    = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
) -> None:
    """Crawl the sources' columns, store new and changed reports, print a per-source summary.

    Exit 0 when everything succeeded, 1 when some pages or sources failed (the rest is
    stored), 2 for usage or config errors.
    """
    raise typer.Exit(run_fetch(config, db, source, quiet=quiet))


@app.command()
def export(
    db: DbOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="output format (see below)")] = "jsonl",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="file to write (default: stdout)")] = None,
    all_versions: Annotated[bool, typer.Option("--all-versions", help="one record per version, with its diff")]
    = False,
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="only this source id")] = None,
) -> None:
    """Export stored documents (latest versions, or all with --all-versions)."""
    from govwatch.export import get_exporter

    try:
        exporter = get_exporter(fmt)
    except KeyError as exc:
        raise _fail(str(exc.args[0])) from None
    store = _open_store(db)
    records = store.documents(all_versions=all_versions, source_ids=source)
    if out is None:
        n = exporter.write(records, sys.stdout, all_versions=all_versions)
    else:
        tmp = out.with_name(out.name + ".part")
        with tmp.open("w", encoding="utf-8") as fh:
            n = exporter.write(records, fh, all_versions=all_versions)
        tmp.replace(out)
    err.print(f"exported {n} record(s)", highlight=False)


@app.command()
def history(url: str, db: DbOpt = None) -> None:
    """List the versions of one document."""
    store = _open_store(db)
    versions = store.history(url)
    if not versions:
        raise _fail(f"unknown document: {url}", EXIT_PARTIAL)
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

    versions = {v.version: v for v in _open_store(db).history(url)}
    if not versions:
        raise _fail(f"unknown document: {url}", EXIT_PARTIAL)
    new = to or max(versions)
    old = from_ or max(new - 1, 1)
    if old not in versions or new not in versions:
        raise _fail(f"no such version: have 1..{max(versions)}")
    text = paragraph_diff(versions[old].text, versions[new].text, f"version {old}", f"version {new}")
    print_diff(text, color)


def print_diff(text: str, color: bool | None = None) -> None:
    console = Console(force_terminal=color, no_color=color is False, highlight=False, soft_wrap=True)
    if not text:
        console.print("(no differences)")
        return
    for line in text.split("\n"):
        style = None
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        elif line.startswith("@@"):
            style = "cyan"
        console.print(line, style=style, markup=False)


@app.command("extract")
def extract_cmd(
    files: Annotated[list[Path], typer.Argument(help="saved HTML pages", exists=True, dir_okay=False)],
    url: Annotated[str | None, typer.Option("--url", help="the page's URL, to resolve links")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="only jsonl for now")] = "jsonl",
) -> None:
    """Run the extractor on saved pages: one JSON object per file."""
    from govwatch.crawl.encoding import decode
    from govwatch.extract import extract

    if fmt != "jsonl":
        raise _fail(f"unknown format {fmt!r}; known: jsonl")
    for path in files:
        html, _enc = decode(path.read_bytes())
        res = extract(html, url)
        print(json.dumps({
            "file": str(path), "title": res.title, "published": res.published, "publisher": res.publisher,
            "text": res.text, "fields": res.fields, "report_year": res.report_year,
            "attachments": [{"text": a.text, "url": a.url} for a in res.attachments], "reason": res.reason,
        }, ensure_ascii=False))


@app.command()
def fetchers() -> None:
    """List the site-family fetchers and what they fit."""
    import inspect

    from govwatch.crawl.fetchers import REGISTRY, load_plugins

    load_plugins()
    for name in sorted(REGISTRY):
        doc = inspect.cleandoc(REGISTRY[name].__doc__ or "")
        print(f"{name}\n    " + doc.replace("\n", "\n    ") + "\n")


@app.command()
def demo(
    db: DbOpt = None,
    keep: Annotated[Path | None, typer.Option("--keep", help="keep the demo database and config here")] = None,
) -> None:
    """Crawl bundled simulated sites on 127.0.0.1, switch them to a later state, crawl again.

    Needs no network: shows the summary of both crawls and one diff.
    """
    import tempfile

    from govwatch.demo.sites import SimulatedSites

    with tempfile.TemporaryDirectory(prefix="govwatch-demo-") as tmp:
        workdir = keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        cfg = workdir / "sources.yaml"
        db_url = db or f"sqlite:///{workdir / 'demo.db'}"
        with SimulatedSites() as sites:
            cfg.write_text(sites.sources_yaml(delay=0.0), encoding="utf-8")
            err.print("[bold]1. first crawl of the simulated sites[/]")
            run_fetch(cfg, db_url, None, title="crawl 1")
            sites.set_state("later")
            err.print("[bold]2. the sites changed (a report edited, one deleted, one reposted, one new); "
                      "crawl again[/]")
            run_fetch(cfg, db_url, None, title="crawl 2")
            edited = sites.changes().edited
        from govwatch.store import Store
        from govwatch.store.diff import paragraph_diff

        store = Store(db_url)
        versions = store.history(edited)
        err.print(f"[bold]3. what changed in {edited}[/]")
        if len(versions) >= 2:
            print_diff(paragraph_diff(versions[-2].text, versions[-1].text, "version 1", "version 2"))
        store.close()
        if keep:
            err.print(f"demo config and database kept in {workdir}")


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
        raise _fail(str(exc)) from None
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
        err.print(f"[red]✗[/] {line}", highlight=False)
    print(f"{len(cfg.sources)} sources checked, {len(problems)} problem(s), {unverified} not yet verified")
    raise typer.Exit(EXIT_USAGE if problems else EXIT_OK)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
