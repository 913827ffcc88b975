"""`govwatch daemon` and `status`: running as a service."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from govwatch.cli.common import ConfigOpt, DbOpt, app, error_line, fail, open_store


@app.command("daemon")
def daemon_cmd(
    config: ConfigOpt = None,
    db: DbOpt = None,
    port: Annotated[int, typer.Option("--port", envvar="GOVWATCH_PORT", show_envvar=False,
                                      help="port of /healthz, /metrics and /feed.atom; 0 picks a free one (logged) "
                                           "\\[env GOVWATCH_PORT]")] = 8080,
    host: Annotated[str, typer.Option(
        "--host", envvar="GOVWATCH_HOST", show_envvar=False,
        help="address of /healthz, /metrics and /feed.atom (unauthenticated: 0.0.0.0 exposes them to the "
             "network) \\[env GOVWATCH_HOST]")] = "127.0.0.1",
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
        raise fail(f"--log-format: expected auto, json or text, not {log_format!r}")
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

    Works from any directory given --config and --db (or GOVWATCH_CONFIG, GOVWATCH_DB); the
    defaults are relative to the current directory. Exit 0; 2 when the config or the database
    cannot be read.
    """
    from govwatch.daemon.status import gather, render_table
    from govwatch.sources import ConfigError, config_path, load_config
    from govwatch.store.repository import redact_url

    if fmt not in ("table", "json"):
        raise fail(f"--format: expected table or json, not {fmt!r}")
    try:
        cfg = load_config(config)
    except ConfigError as exc:
        path = config_path(config)
        hint = "" if path.is_absolute() or path.exists() else \
            f" (looked in {Path.cwd()}; give --config FILE or set GOVWATCH_CONFIG)"
        raise fail(f"{exc}{hint}") from None
    store = open_store(db, read_only=True)
    try:
        report = gather(cfg, store.engine)
    except LookupError as exc:
        raise fail(f"{exc}; run `govwatch db upgrade` or `govwatch fetch` first") from None
    except Exception as exc:
        raise fail(f"cannot read database {redact_url(store.url)}: {error_line(exc)}") from None
    finally:
        store.close()
    if fmt == "json":
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        Console(width=160).print(render_table(report))
