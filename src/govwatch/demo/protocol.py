"""Request/response objects shared by the simulated sites, the server and the fault handlers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

Body = bytes | Iterable[bytes]
HeaderList = list[tuple[str, str]]


class Response(NamedTuple):
    """An HTTP answer. ``body`` may be an iterable of chunks (streamed, e.g. slow or truncated bodies)."""

    status: int
    headers: HeaderList
    body: Body

    def header(self, name: str) -> str | None:
        low = name.lower()
        return next((v for k, v in self.headers if k.lower() == low), None)


class AbortConnection(Exception):
    """Raised from a streamed body to drop the connection abruptly (truncated answers)."""


HandlerResult = Response | tuple[int, Mapping[str, str] | Sequence[tuple[str, str]], Body] | None


@dataclass
class Request:
    """One request as seen by a site or by an override handler."""

    source_id: str
    method: str
    target: str  # raw request target: path plus query
    headers: dict[str, str]
    body: bytes = b""
    client: str = ""
    _passthrough: Callable[[], Response] | None = field(default=None, repr=False)

    @property
    def path(self) -> str:
        return urlsplit(self.target).path or "/"

    @property
    def query_string(self) -> str:
        return urlsplit(self.target).query

    @property
    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.query_string, keep_blank_values=True).items()}

    def header(self, name: str, default: str | None = None) -> str | None:
        low = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == low), default)

    @property
    def cookies(self) -> dict[str, str]:
        jar: SimpleCookie = SimpleCookie()
        raw = self.header("Cookie")
        if raw:
            try:
                jar.load(raw)
            except Exception:  # malformed cookies: ignore like a lenient server
                return {}
        return {k: m.value for k, m in jar.items()}

    def form(self) -> dict[str, str]:
        """URL-encoded form fields of the body."""
        text = self.body.decode("utf-8", "replace")
        return {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}

    def passthrough(self) -> Response:
        """What the site would answer without the override."""
        if self._passthrough is None:
            raise RuntimeError("no site behind this request")
        return self._passthrough()


Handler = Callable[[Request], HandlerResult]


def to_response(
    result: Response | tuple[int, Mapping[str, str] | Sequence[tuple[str, str]], Body],
) -> Response:
    """Normalise a handler's ``(status, headers, body)`` into a :class:`Response`."""
    if isinstance(result, Response):
        return result
    status, headers, body = result
    items = list(headers.items()) if isinstance(headers, Mapping) else [(str(k), str(v)) for k, v in headers]
    if isinstance(body, str):  # be forgiving
        body = body.encode("utf-8")
    return Response(int(status), items, body)
