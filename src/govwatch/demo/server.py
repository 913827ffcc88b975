"""HTTP plumbing: one ThreadingHTTPServer per simulated site, and the thread-safe request log."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

from govwatch.demo.base import Site
from govwatch.demo.protocol import AbortConnection, Request, Response

REASONS = {520: "Unknown Error", 521: "Web Server Is Down", 522: "Connection Timed Out"}


@dataclass
class LogEntry:
    """One request as the simulated server saw it.

    The entry is logged before the body goes out (so a client that has its answer always finds the
    entry); ``bytes_sent`` is corrected if the connection breaks while writing.
    """

    time: float
    source_id: str
    method: str
    host: str  # "127.0.0.1:PORT" of the server that answered
    path: str  # request target: path plus query
    headers: dict[str, str]
    status: int
    bytes_sent: int  # body bytes written (after compression)
    body: bytes = b""  # request body (POST forms)
    duration: float = 0.0
    response_headers: tuple[tuple[str, str], ...] = field(default=())

    @property
    def url(self) -> str:
        return f"http://{self.host}{self.path}"

    def header(self, name: str) -> str | None:
        low = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == low), None)


class RequestLog:
    """Every request to every simulated site, in arrival order. Thread-safe."""

    def __init__(self) -> None:
        self._entries: list[LogEntry] = []
        self._lock = threading.Lock()

    def add(self, entry: LogEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def entries(self, source_id: str | None = None) -> list[LogEntry]:
        with self._lock:
            items = list(self._entries)
        return [e for e in items if source_id is None or e.source_id == source_id]

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def __iter__(self) -> Iterator[LogEntry]:
        return iter(self.entries())

    def paths(self, source_id: str | None = None) -> list[str]:
        return [e.path for e in self.entries(source_id)]

    def urls(self, source_id: str | None = None) -> list[str]:
        return [e.url for e in self.entries(source_id)]

    def hosts(self) -> set[str]:
        return {e.host for e in self.entries()}

    def count(
        self,
        source_id: str | None = None,
        *,
        path: str | None = None,
        method: str | None = None,
        status: int | None = None,
    ) -> int:
        return sum(
            1
            for e in self.entries(source_id)
            if (path is None or e.path == path)
            and (method is None or e.method == method)
            and (status is None or e.status == status)
        )

    def bytes_sent(self, source_id: str | None = None) -> int:
        return sum(e.bytes_sent for e in self.entries(source_id))


Dispatch = Callable[[Site, Request], Response]


class LoopbackService:
    """A handler class served on 127.0.0.1 in a daemon thread; ``with`` starts and stops it.

    Subclasses build their handler in ``start`` and call :meth:`_serve` with it.
    """

    _server: ThreadingHTTPServer | None = None

    def _serve(self, handler: type[BaseHTTPRequestHandler], name: str) -> Self:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name=name, daemon=True).start()
        return self

    def start(self) -> Self:
        raise NotImplementedError

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class SiteServer(ThreadingHTTPServer):
    """A server bound to 127.0.0.1:0 for one site. Tracks open connections so ``stop`` is prompt."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, host: str, site: Site, dispatch: Dispatch, log: RequestLog) -> None:
        self.site = site
        self.dispatch = dispatch
        self.log = log
        self._conns: set[socket.socket] = set()
        self._conns_lock = threading.Lock()
        super().__init__((host, 0), _Handler)
        self.thread: threading.Thread | None = None

    @property
    def hostport(self) -> str:
        host, port = self.server_address[:2]
        return f"{host}:{port}"

    def track(self, conn: socket.socket) -> None:
        with self._conns_lock:
            self._conns.add(conn)

    def untrack(self, conn: socket.socket) -> None:
        with self._conns_lock:
            self._conns.discard(conn)

    def start(self) -> None:
        self.thread = threading.Thread(
            target=self.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"govwatch-demo-{self.site.source_id}",
            daemon=True,
        )
        self.thread.start()

    def stop(self) -> None:
        if self.thread is not None and self.thread.is_alive():
            self.shutdown()
        self.server_close()
        with self._conns_lock:
            conns = list(self._conns)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if self.thread is not None:
            self.thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30
    server: SiteServer

    def setup(self) -> None:
        super().setup()
        with contextlib.suppress(OSError):  # no Nagle: headers and body go out at once
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.untrack(self.connection)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        return

    def version_string(self) -> str:
        return self.server.site.server_header

    def do_GET(self) -> None:
        self._handle()

    do_POST = do_HEAD = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = do_GET

    def _handle(self) -> None:
        started = time.monotonic()
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        body = self.rfile.read(length) if length > 0 else b""
        site = self.server.site
        req = Request(
            site.source_id,
            self.command,
            self.path,
            dict(self.headers.items()),
            body,
            client=self.client_address[0],
        )
        try:
            resp = self.server.dispatch(site, req)
        except AbortConnection:  # log first: the client learns of the reset at once
            self.server.log.add(
                LogEntry(
                    time=time.time(),
                    source_id=site.source_id,
                    method=self.command,
                    host=self.server.hostport,
                    path=self.path,
                    headers=dict(self.headers.items()),
                    status=0,
                    bytes_sent=0,
                    body=body,
                    duration=time.monotonic() - started,
                )
            )
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        except Exception:
            text = "Internal Server Error\n\n" + traceback.format_exc()
            resp = Response(500, [("Content-Type", "text/plain; charset=utf-8")], text.encode("utf-8"))
        entry = LogEntry(
            time=time.time(),
            source_id=site.source_id,
            method=self.command,
            host=self.server.hostport,
            path=self.path,
            headers=dict(self.headers.items()),
            status=resp.status,
            bytes_sent=0,
            body=body,
            duration=time.monotonic() - started,
            response_headers=tuple(resp.headers),
        )
        self._write(resp, head=self.command == "HEAD", entry=entry)

    def _write(self, resp: Response, *, head: bool, entry: LogEntry) -> int:
        status, headers, body = resp
        names = {k.lower() for k, _ in headers}
        streaming = not isinstance(body, bytes | bytearray)
        reason = REASONS.get(status)
        if reason is None:
            try:
                reason = HTTPStatus(status).phrase
            except ValueError:
                reason = ""
        self.send_response(status, reason)
        for k, v in headers:
            self.send_header(k, v)
        no_body = status in (204, 304) or 100 <= status < 200
        if not streaming and "content-length" not in names and not no_body:
            self.send_header("Content-Length", str(len(body)))  # type: ignore[arg-type]
        if streaming and "content-length" not in names:
            self.send_header("Connection", "close")
            self.close_connection = True
        if head or no_body:
            self.server.log.add(entry)
            self.end_headers()
            return 0
        sent = 0
        try:
            if streaming:
                self.server.log.add(entry)
                self.end_headers()
                for chunk in body:
                    self.wfile.write(chunk)
                    self.wfile.flush()
                    sent += len(chunk)
                    entry.bytes_sent = sent
            else:
                entry.bytes_sent = len(body)  # type: ignore[arg-type]
                self.server.log.add(entry)
                self.end_headers()
                self.wfile.write(body)  # type: ignore[arg-type]
                sent = len(body)  # type: ignore[arg-type]
            self.wfile.flush()
        except AbortConnection:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True
        entry.bytes_sent = sent
        return sent
