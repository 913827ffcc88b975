"""The daemon's HTTP endpoints, served from a thread: ``/healthz``, ``/metrics``, ``/feed.atom``,
and the web pages (``govwatch.web``: ``/``, ``/gov/…``, ``/doc/…``, ``/search``, ``/changes``).

``/healthz`` is the liveness probe: ``200`` with a JSON body (``status``, ``uptime``,
``scheduler.running`` …) while the daemon works, ``503`` once it is stopping.
``/metrics`` is the Prometheus text exposition format. ``/feed.atom`` is the Atom feed of
new, changed and removed documents (``?limit=N``). Every other path goes to the web pages when
the daemon passes them (else 404); their optional basic auth does not cover the probes.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

from govwatch.daemon.logs import event

if TYPE_CHECKING:
    from govwatch.web.app import WebApp

HealthFn = Callable[[], tuple[int, dict[str, object]]]
MetricsFn = Callable[[], str]
FeedFn = Callable[[int], bytes]

PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class HealthServer(ThreadingHTTPServer):
    """Serve ``/healthz`` and ``/metrics`` on ``host:port`` (port 0: any free port, see :attr:`port`)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host: str, port: int, health: HealthFn, metrics: MetricsFn,
                 feed: FeedFn | None = None, web: WebApp | None = None) -> None:
        self.health = health
        self.metrics = metrics
        self.feed = feed
        self.web = web
        super().__init__((host, port), _Handler)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def start(self) -> None:
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="govwatch-health", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            self.shutdown()
            self._thread.join(timeout=5)
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: HealthServer
    protocol_version = "HTTP/1.1"
    timeout = 10

    def log_message(self, format: str, *args: object) -> None:  # the daemon logs its own way
        return

    def _send(self, status: int, ctype: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        try:
            if path in ("/healthz", "/health", "/livez"):
                status, payload = self.server.health()
                self._send(status, "application/json", json.dumps(payload, ensure_ascii=False).encode())
            elif path == "/metrics":
                self._send(200, PROMETHEUS_TYPE, self.server.metrics().encode("utf-8"))
            elif path == "/feed.atom" and self.server.feed is not None:
                query = dict(p.split("=", 1) for p in self.path.partition("?")[2].split("&") if "=" in p)
                limit = int(query["limit"]) if query.get("limit", "").isdigit() else 50
                self._send(200, "application/atom+xml; charset=utf-8", self.server.feed(min(limit, 1000)))
            elif self.server.web is not None:
                from govwatch.web.server import send

                headers = {k.lower(): v for k, v in self.headers.items()}
                send(self, self.server.web.handle(self.command, self.path, headers))
            else:
                self._send(404, "text/plain; charset=utf-8", b"not found: try /healthz, /metrics or /feed.atom\n")
        except Exception as exc:  # a broken probe must not kill the server thread
            event("http_error", logging.ERROR, path=path, error=f"{type(exc).__name__}: {exc}")
            self._send(500, "text/plain; charset=utf-8", f"error: {exc}\n".encode())

    do_HEAD = do_GET
