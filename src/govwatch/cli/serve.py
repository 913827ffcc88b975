"""`govwatch serve`: the web interface over a store, read-only."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govwatch.cli.common import ConfigOpt, DbOpt, app, err, fail


@app.command()
def serve(
    db: DbOpt = None,
    config: ConfigOpt = None,
    host: Annotated[str, typer.Option("--host", help="address to bind; use 0.0.0.0 only behind auth")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="port (0: any free port)")] = 8080,
) -> None:
    """Serve the web pages: coverage map, governments, documents with diffs, search, changes.

    Reads the store only. With --config (or GOVWATCH_CONFIG / config/sources.yaml when it
    exists), pages name the watched sources and search filters by province. Set
    GOVWATCH_WEB_AUTH=user:password to require HTTP basic auth. Ctrl-C stops.
    """
    from govwatch.feed import render_feed
    from govwatch.sources import ConfigError, config_path
    from govwatch.store import Store
    from govwatch.store.discovery import DiscoveryStore
    from govwatch.web.app import WebApp, sources_from_config
    from govwatch.web.server import WebServer, read_only

    sources = []
    path: Path = config_path(config)
    if config is not None or path.exists():
        try:
            sources = sources_from_config(path)
        except (ConfigError, OSError) as exc:
            raise fail(f"config {path}: {exc}") from None
    try:
        store = Store(db)  # creates what is missing (tables, search index), as every command does
        DiscoveryStore(store)
    except Exception as exc:
        raise fail(f"cannot open database: {type(exc).__name__}") from None
    read_only(store)
    web = WebApp(store, sources, feed=lambda limit: render_feed(store, limit=limit))
    try:
        server = WebServer(web, host, port)
    except OSError as exc:
        raise fail(f"cannot listen on {host}:{port}: {exc}") from None
    shown = f"http://{host if ':' not in host else f'[{host}]'}:{server.port}/"
    err.print(f"serving {shown}  (Ctrl-C stops)", highlight=False)
    print(shown, flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        store.close()
