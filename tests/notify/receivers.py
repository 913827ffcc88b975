"""Loopback receivers for the notification tests: an HTTP webhook endpoint and an SMTP server."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Hook:
    """A webhook endpoint on 127.0.0.1: answers with the queued statuses first, then ``default``."""

    url: str = ""
    statuses: list[int] = field(default_factory=list)
    default: int = 200
    requests: list[dict[str, Any]] = field(default_factory=list)  # every POST, accepted or not
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def accepted(self) -> list[dict[str, Any]]:
        """Payloads answered with 2xx: what the receiver really got."""
        return [r["json"] for r in self.requests if 200 <= r["status"] < 300]


@contextmanager
def webhook(statuses: list[int] | None = None, default: int = 200) -> Iterator[Hook]:
    hook = Hook(statuses=list(statuses or []), default=default)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with hook.lock:
                status = hook.statuses.pop(0) if hook.statuses else hook.default
                hook.requests.append({"status": status, "headers": dict(self.headers), "json": json.loads(body),
                                      "path": self.path})
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hook.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Mailbox:
    """An SMTP server on 127.0.0.1 (aiosmtpd): refuses the first ``refuse`` messages with 451."""

    port: int = 0
    refuse: int = 0
    attempts: int = 0
    messages: list[Message] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)


@contextmanager
def smtp_server(refuse: int = 0) -> Iterator[Mailbox]:
    from aiosmtpd.controller import Controller

    box = Mailbox(refuse=refuse)

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            box.attempts += 1
            if box.attempts <= box.refuse:
                return "451 4.3.0 try again later"
            box.messages.append(message_from_bytes(envelope.original_content or envelope.content))
            box.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            return "250 OK"

    with socket.socket() as probe:  # a free port (aiosmtpd's Controller cannot take port 0)
        probe.bind(("127.0.0.1", 0))
        box.port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
