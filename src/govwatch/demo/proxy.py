"""A loopback HTTP proxy that answers for every host of a simulated :class:`~govwatch.demo.web.Web`.

Clients reach it as they would a deployment's proxy (``HTTP_PROXY=http://127.0.0.1:PORT`` or the
config's ``proxy:``): the request line carries the absolute URL, the proxy answers from the web
itself, and logs every request (host, path, time) for the tests' request budgets. Unknown hosts
get squid's DNS-failure answer (503, ``X-Squid-Error: ERR_DNS_FAIL 0``).

>>> from govwatch.demo.web import scenario_web
>>> import httpx
>>> with WebProxy(scenario_web()) as proxy:
...     r = httpx.get("http://www.baokang.gov.cn/", proxy=proxy.url, trust_env=False)
...     r.status_code, proxy.log[0].host
(200, 'www.baokang.gov.cn')
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from govwatch.demo.server import LoopbackService
from govwatch.demo.web import Web


@dataclass(frozen=True)
class ProxyLogEntry:
    time: float
    method: str
    host: str
    path: str  # path and query
    status: int
    user_agent: str = ""


class WebProxy(LoopbackService):
    """Serve ``web`` through a proxy on 127.0.0.1 (``with WebProxy(web) as p: p.url``)."""

    def __init__(self, web: Web, delay: float = 0.0) -> None:
        self.web = web
        self.delay = delay  # seconds added to every answer (a slow network)
        self.log: list[ProxyLogEntry] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "proxy not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def requests_by_host(self) -> dict[str, int]:
        out: dict[str, int] = {}
        with self._lock:
            for e in self.log:
                out[e.host] = out.get(e.host, 0) + 1
        return out

    def start(self) -> WebProxy:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _answer(self) -> None:
                parts = urlsplit(self.path)
                if parts.scheme in ("http", "https"):
                    host, target = parts.netloc, (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
                else:
                    host, target = self.headers.get("Host", ""), self.path
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                status, headers, body = proxy.web.respond(host, target, dict(self.headers.items()))
                with proxy._lock:
                    proxy.log.append(ProxyLogEntry(time.time(), self.command, host.split(":")[0].lower(), target,
                                                   status, self.headers.get("User-Agent", "")))
                if proxy.delay:
                    time.sleep(proxy.delay)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_POST = do_HEAD = _answer

            def do_CONNECT(self) -> None:
                host = self.path.split(":")[0].lower()
                known = host in proxy.web.by_host
                with proxy._lock:
                    proxy.log.append(ProxyLogEntry(time.time(), "CONNECT", host, self.path, 502 if known else 503))
                if known:
                    self.send_response(502, "Bad Gateway (no TLS in the simulated web)")
                else:  # the reason phrase is all a client sees of a refused tunnel
                    self.send_response(503, "Service Unavailable (ERR_DNS_FAIL)")
                self.send_header("Content-Length", "0")
                self.end_headers()

        return self._serve(Handler, "web-proxy")
