"""``govwatch serve``: the web pages on a threaded HTTP server over a read-only store.

The daemon serves the same pages from its own server (``daemon/health.py`` hands every path it
does not know to :meth:`WebApp.handle`).
"""

from __future__ import annotations

import contextlib
import gzip
import logging
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sqlalchemy import event

from govwatch.store import Store
from govwatch.web.app import Response, WebApp

log = logging.getLogger(__name__)


def read_only(store: Store) -> Store:
    """Make every later connection of ``store`` refuse writes (SQLite ``query_only``, PostgreSQL
    read-only transactions); connections already pooled are dropped."""
    dialect = store.engine.dialect.name

    def _on_connect(dbapi_conn: object, _record: object) -> None:
        cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
        if dialect == "sqlite":
            cur.execute("PRAGMA query_only=ON")
        else:
            cur.execute("SET default_transaction_read_only = on")
            dbapi_conn.commit()  # type: ignore[attr-defined]
        cur.close()

    event.listen(store.engine, "connect", _on_connect)
    store.engine.dispose()
    return store


def send(handler: BaseHTTPRequestHandler, resp: Response) -> None:
    """Write ``resp``, gzipped when the client accepts it and it is worth it (the map page is large)."""
    body = resp.body
    gzipped = (len(body) > 2048 and resp.content_type.startswith(("text/html", "text/css"))
               and "gzip" in handler.headers.get("Accept-Encoding", ""))
    if gzipped:
        body = gzip.compress(body, 6)
    with contextlib.suppress(OSError, AttributeError):  # headers and body leave at once (no Nagle wait)
        handler.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    handler.send_response(resp.status)
    handler.send_header("Content-Type", resp.content_type)
    handler.send_header("Content-Length", str(len(body)))
    if gzipped:
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Vary", "Accept-Encoding")
    for name, value in resp.headers.items():
        handler.send_header(name, value)
    if "Cache-Control" not in resp.headers:
        handler.send_header("Cache-Control", "no-store")
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


class WebServer(ThreadingHTTPServer):
    """Serve ``app`` on ``host:port`` (port 0: any free port, see :attr:`port`); ``serve_forever`` runs it."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, app: WebApp, host: str = "127.0.0.1", port: int = 8080) -> None:
        self.app = app
        super().__init__((host, port), _Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class _Handler(BaseHTTPRequestHandler):
    server: WebServer
    protocol_version = "HTTP/1.1"
    timeout = 30

    def log_message(self, format: str, *args: object) -> None:
        log.info("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            resp = self.server.app.handle(self.command, self.path, headers)
        except Exception as exc:  # one broken page must not stop the server
            log.exception("error serving %s", self.path)
            resp = Response(500, f"error: {type(exc).__name__}\n".encode(), "text/plain; charset=utf-8")
        send(self, resp)

    do_HEAD = do_GET
    do_POST = do_GET
