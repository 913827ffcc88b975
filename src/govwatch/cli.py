"""The ``govwatch`` command line.

Exit codes: 0 success, 1 some pages or sources failed (the rest is stored), 2 usage or
config errors. ``GOVWATCH_CONFIG`` and ``GOVWATCH_DB`` stand in for ``--config``/``--db``.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from govwatch import __version__

if TYPE_CHECKING:
    from govwatch.crawl.crawler import SourceResult

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
              quiet: bool = False, title: str = "fetch", recheck: bool = False) -> int:
    """Crawl and print the summary; returns the exit code."""
    from govwatch.crawl.crawler import crawl
    from govwatch.crawl.fetchers import get_fetcher
    from govwatch.sources import ConfigError, load_config

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

        results = asyncio.run(crawl(sources, store, progress=progress, recheck=recheck))
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


@app.command()
def reextract(
    config: ConfigOpt = None,
    db: DbOpt = None,
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="only this source id")] = None,
) -> None:
    """Run the extractor again on the stored raw captures, without fetching anything.

    A document whose re-extracted text differs gets a new version (marked as re-extracted);
    the rest is left as it is. Uses the sources' content/drop settings when --config is
    readable.
    """
    from govwatch.reextract import reextract as run

    store = _open_store(db)
    try:
        counts = run(store, config, source)
    except Exception as exc:
        raise _fail(str(exc)) from None
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    raise typer.Exit(EXIT_OK if counts.get("failed", 0) == 0 else EXIT_PARTIAL)


@app.command()
def export(
    db: DbOpt = None,
    config: ConfigOpt = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="output format (see below)")] = "jsonl",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="file to write (default: stdout); "
                                             "the directory for txt")] = None,
    all_versions: Annotated[bool, typer.Option("--all-versions", help="one record per version, with its diff")]
    = False,
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="only this source id "
                                                     "(repeatable)")] = None,
    since: Annotated[str | None, typer.Option("--since", help="only documents (versions) changed or removed "
                                              "since this date: YYYY-MM-DD or ISO time, UTC")] = None,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", help="only this kind (repeatable): report, joint_report, department_report, "
        "five_year_report, match")] = None,
    year: Annotated[list[int] | None, typer.Option("--year", help="only this report year (repeatable)")]
    = None,
) -> None:
    """Export stored documents (latest versions, or all with --all-versions).

    region comes from the config (--config / GOVWATCH_CONFIG) when it can be read. Exports
    stream: memory stays flat however large the store. Exit 2 for a bad option or a missing
    optional package (parquet needs pyarrow, warc needs warcio). The formats:
    """
    from govwatch.export import ExportError, get_exporter, run_export
    from govwatch.export.base import parse_since

    exporter = get_exporter(fmt)
    try:
        exporter.check()
        since_dt = parse_since(since) if since else None
        if exporter.mode == "dir" and out is None:
            raise ExportError(f"format {fmt!r} writes a directory tree: give --out DIR")
    except (ExportError, ValueError) as exc:
        raise _fail(escape(str(exc))) from None
    regions = _config_regions(config)
    store = _open_store(db)
    records = store.export_records(all_versions=all_versions, source_ids=source, since=since_dt, kinds=kind,
                                   years=year)
    try:
        n = run_export(exporter, records, out, all_versions=all_versions, regions=regions, store=store)
    except ExportError as exc:
        raise _fail(escape(str(exc))) from None
    finally:
        store.close()
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
    from govwatch.store.diff import rich_diff

    console.print(rich_diff(text))  # changed characters of an edited sentence in reverse video


@app.command("extract")
def extract_cmd(
    files: Annotated[list[Path], typer.Argument(help="saved HTML pages", exists=True, dir_okay=False)],
    url: Annotated[str | None, typer.Option("--url", help="the page's URL, to resolve links")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="only jsonl for now")] = "jsonl",
) -> None:
    """Run the extractor on saved pages: one JSON object per file."""
    from govwatch.encoding import decode
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


@app.command("eval")
def eval_cmd(
    gold_dir: Annotated[Path, typer.Argument(help="gold set: real/ and synth/ pages with expect/gold files")]
    = Path("tests/gold"),
    as_json: Annotated[bool, typer.Option("--json", help="the full report as JSON")] = False,
) -> None:
    """Score the extractor on a gold set: per-page pass/fail and character-level P/R/F1.

    Exit 1 when a score is below the floor recorded in GOLD_DIR/FLOOR.json, 2 when there is
    no gold set.
    """
    from govwatch.extract.evaluate import main as evaluate_main

    raise typer.Exit(evaluate_main([str(gold_dir), *(["--json"] if as_json else [])]))


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


def _export_formats() -> list[str]:
    from govwatch.export import REGISTRY

    return sorted(REGISTRY)


#: the export formats, from the exporter registry (``govwatch.export.REGISTRY``)
ExportFormat = Literal[tuple(_export_formats())]  # type: ignore[valid-type]


def _export_formats_help() -> str:
    from govwatch.export import formats_help

    return formats_help().replace("[", r"\[")


export.__doc__ = inspect.cleandoc(export.__doc__ or "") + "\n\n" + _export_formats_help()


def _config_regions(config: Path | None) -> dict[str, list[str]] | None:
    """Region lists by source id from the config; an explicit but unreadable config is exit 2."""
    import os

    from govwatch.sources import ConfigError, config_path, load_config

    explicit = config is not None or bool(os.environ.get("GOVWATCH_CONFIG"))
    path = config_path(config)
    if not explicit and not path.exists():
        return None
    try:
        cfg = load_config(path)
    except ConfigError as exc:
        if explicit:
            raise _fail(escape(str(exc))) from None
        err.print(f"[yellow]warning:[/] {exc}; region left empty", highlight=False)
        return None
    return {s.id: list(s.region) for s in cfg.sources}


@app.command()
def feed(
    db: DbOpt = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="file to write (default: stdout)")] = None,
    since: Annotated[str | None, typer.Option("--since", help="only changes since this date: YYYY-MM-DD or "
                                              "ISO time, UTC")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="at most this many entries")] = 50,
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="only this source id "
                                                     "(repeatable)")] = None,
    feed_url: Annotated[str | None, typer.Option("--feed-url", help="the feed's own URL (rel=self link)")]
    = None,
) -> None:
    """Write an Atom feed of new, changed, reposted and removed documents, newest first.

    Each entry links to the page, has a stable id, its time, the title, and the sentence
    diff as HTML content (removed characters in <del>, added ones in <ins>). The daemon
    serves the same feed at /feed.atom. Exit 2 for a bad option.
    """
    from govwatch.export.base import parse_since
    from govwatch.feed import render_feed

    try:
        since_dt = parse_since(since) if since else None
    except ValueError as exc:
        raise _fail(escape(str(exc))) from None
    store = _open_store(db)
    try:
        data = render_feed(store, since=since_dt, limit=limit, source_ids=source, feed_url=feed_url)
    finally:
        store.close()
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        tmp = out.with_name(out.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(out)
        err.print(f"wrote {data.count(b'<entry>')} entries to {out}", highlight=False)


@app.command("calendar")
def calendar_cmd(
    year: Annotated[int, typer.Option("--year", "-y", help="the report year (published the year after)")],
    config: ConfigOpt = None,
    db: DbOpt = None,
    fmt: Annotated[Literal["table", "csv"], typer.Option("--format", "-f", help="table or csv")] = "table",
    today: Annotated[str | None, typer.Option("--today", help="judge the deadline as of this date "
                                              "(YYYY-MM-DD; default: today)")] = None,
) -> None:
    """For every source in the config: was the annual report for --year found?

    Shows when it was first seen, whether it was edited later (version > 1) or removed, and
    flags sources without a report once 1 April of the following year has passed (the
    publication deadline). Exit 0 when no source is overdue, 1 when some are, 2 for usage
    or config errors.
    """
    from datetime import date

    from govwatch.calendar import build_calendar, to_csv
    from govwatch.sources import ConfigError, load_config

    try:
        cfg = load_config(config)
        day = date.fromisoformat(today) if today else None
    except ConfigError as exc:
        raise _fail(escape(str(exc))) from None
    except ValueError:
        raise _fail(f"--today: not a date: {today!r} (want YYYY-MM-DD)") from None
    store = _open_store(db)
    try:
        rows = build_calendar(cfg.sources, store, year, today=day)
    finally:
        store.close()
    if fmt == "csv":
        sys.stdout.write(to_csv(rows))
    else:
        table = Table(title=f"rule-of-law reports for {year} (due before {year + 1}-04-01)")
        for col in ("source", "region", "status", "first seen", "published", "edited", "removed", "title"):
            table.add_column(col)
        colours = {"found": "green", "removed": "yellow", "overdue": "bold red", "missing": "dim"}
        for r in rows:
            table.add_row(r.source, r.region, f"[{colours[r.status]}]{r.status}[/]", r.first_seen or "",
                          (r.published or "") + (" (late)" if r.late else ""),
                          ("yes" if r.edited else "no") if r.found else "",
                          ("yes" if r.removed else "no") if r.found else "", r.title or "")
        Console(width=200).print(table)
    overdue = [r.source for r in rows if r.overdue]
    if overdue:
        err.print(f"{len(overdue)} source(s) overdue: {', '.join(overdue)}", highlight=False)
    raise typer.Exit(EXIT_PARTIAL if overdue else EXIT_OK)


@app.command("daemon")
def daemon_cmd(
    config: ConfigOpt = None,
    db: DbOpt = None,
    port: Annotated[int, typer.Option("--port", envvar="GOVWATCH_PORT", show_envvar=False,
                                      help="port of /healthz, /metrics and /feed.atom; 0 picks a free one (logged) "
                                           "\\[env GOVWATCH_PORT]")] = 8080,
    host: Annotated[str, typer.Option("--host", help="address of /healthz, /metrics and /feed.atom")] = "0.0.0.0",
    worker_id: Annotated[str | None, typer.Option(
        "--worker-id", "--workers-id", envvar="GOVWATCH_WORKER_ID", show_envvar=False, show_default=False,
        help="this worker's name in the lease table \\[env GOVWATCH_WORKER_ID; default host-pid]")] = None,
    once: Annotated[bool, typer.Option("--once", help="run every source once now, then exit")] = False,
    run_now: Annotated[bool, typer.Option("--run-now", help="also fire every source at start")] = False,
    interval: Annotated[float | None, typer.Option(
        "--interval", show_default=False,
        help="run every source every N seconds instead of its schedule (tests, benchmarks)")] = None,
    stop_timeout: Annotated[float, typer.Option("--stop-timeout", help="seconds running crawls get on SIGTERM")]
    = 30.0,
    lease_ttl: Annotated[float, typer.Option(
        "--lease-ttl", help="seconds before a dead worker's sources are taken over")] = 60.0,
    concurrency: Annotated[int, typer.Option("--concurrency", help="sources crawled at once by this worker")] = 4,
    reload_interval: Annotated[float, typer.Option(
        "--reload-interval", help="seconds between config mtime checks")] = 10.0,
    log_format: Annotated[str, typer.Option(
        "--log-format", help="auto (text on a terminal, else JSON lines), json or text")] = "auto",
) -> None:
    """Run as a service: crawl every source on its `schedule`, serve /healthz, /metrics, /feed.atom.

    Each source runs on its cron `schedule` from the config (default: daily at a time derived
    from its id); a missed run is caught up once after downtime. The config is re-read when it
    changes or on SIGHUP (a bad file is logged and the old one kept). Several daemons on one
    PostgreSQL share the sources through leases. Each run's events go to the config's `notify:`
    targets, as with `fetch`. One JSON log line per fetch and per source run (text on a
    terminal). SIGTERM/SIGINT: no new work, running crawls get --stop-timeout seconds,
    exit 0. Needs a migrated database (`govwatch db upgrade`), exit 2 otherwise. With --once:
    exit 0 when every source succeeded, 1 when some failed.
    """
    from govwatch.daemon.scheduler import DaemonOptions, run_daemon

    if log_format not in ("auto", "json", "text"):
        raise _fail(f"--log-format: expected auto, json or text, not {log_format!r}")
    opts = DaemonOptions(config=config, db=db, host=host, port=port, worker_id=worker_id, once=once,
                         run_now=run_now, interval=interval, stop_timeout=stop_timeout, lease_ttl=lease_ttl,
                         concurrency=concurrency, reload_interval=reload_interval, log_format=log_format)
    raise typer.Exit(run_daemon(opts))


@app.command("status")
def status_cmd(
    config: ConfigOpt = None,
    db: DbOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
) -> None:
    """Per source: the last run (time, outcome, counts), the next scheduled run, the documents kept.

    Exit 0; 2 when the config or the database cannot be read.
    """
    from govwatch.daemon.status import gather, render_table
    from govwatch.sources import ConfigError, load_config

    if fmt not in ("table", "json"):
        raise _fail(f"--format: expected table or json, not {fmt!r}")
    try:
        cfg = load_config(config)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    from govwatch.store import Store

    try:
        store = Store(db, create=False)
        report = gather(cfg, store.engine)
    except LookupError as exc:
        raise _fail(f"{exc}; run `govwatch db upgrade` or `govwatch fetch` first") from None
    except Exception as exc:
        raise _fail(f"cannot read database {db or ''}: {type(exc).__name__}: {exc}") from None
    store.close()
    if fmt == "json":
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        Console(width=160).print(render_table(report))


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

    try:
        engine = open_engine(db)
        status = upgrade(engine=engine, revision=revision)
    except Exception as exc:
        raise _fail(f"cannot upgrade database {db or ''}: {type(exc).__name__}: {exc}") from None
    engine.dispose()
    print(status.message)


def _notify(cfg, store, results) -> None:  # type: ignore[no-untyped-def]
    """Send the run's events to the config's notify: targets (failures stay in the outbox)."""
    from govwatch.notify import notify_after_run

    report = notify_after_run(cfg, store, results)
    if report.queued or report.delivered or report.pending:
        err.print(report.line(), highlight=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
