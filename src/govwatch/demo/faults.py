"""Ready-made fault handlers for :meth:`SimulatedSites.override`.

A handler takes the :class:`~govwatch.demo.protocol.Request` and returns ``(status, headers, body)``,
a :class:`~govwatch.demo.protocol.Response`, or None to let the site answer normally
(``request.passthrough()`` gives that normal answer). Handlers keep their own thread-safe counters,
so ``fail_then_succeed(2)`` fails the first two requests that reach it and then passes through.

Example::

    sites.override("trs-demo", "/zwgk/fdzdgknr/qtzdgknr/fzzfjsndbg/index.html", faults.fail_then_succeed(1))
    sites.override("hanweb-demo", "*", faults.rate_limited(times=1, retry_after=2))
"""

from __future__ import annotations

import hashlib
import threading
import time
import zlib
from collections.abc import Iterator
from functools import lru_cache

from govwatch.demo.protocol import AbortConnection, Handler, HandlerResult, Request, Response

HTML = "text/html; charset=utf-8"


class _Counter:
    def __init__(self) -> None:
        self._n = 0
        self._lock = threading.Lock()

    def next(self) -> int:
        """0 for the first call, 1 for the second …"""
        with self._lock:
            n = self._n
            self._n += 1
            return n


def passthrough() -> Handler:
    """Let the site answer (useful inside :func:`sequence`)."""

    def handler(req: Request) -> HandlerResult:
        return None

    return handler


def status(
    code: int, body: bytes | str = b"", headers: dict[str, str] | None = None, content_type: str = HTML
) -> Handler:
    """Always answer ``code`` with ``body``."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    hdrs = {"Content-Type": content_type, **(headers or {})}

    def handler(req: Request) -> HandlerResult:
        return code, hdrs, data

    return handler


def first(n: int, inner: Handler) -> Handler:
    """Use ``inner`` for the first ``n`` requests, then let the site answer."""
    counter = _Counter()

    def handler(req: Request) -> HandlerResult:
        return inner(req) if counter.next() < n else None

    return handler


def sequence(*handlers: Handler) -> Handler:
    """The i-th request goes to the i-th handler; the last handler answers all further requests."""
    if not handlers:
        raise ValueError("sequence() needs at least one handler")
    counter = _Counter()

    def handler(req: Request) -> HandlerResult:
        return handlers[min(counter.next(), len(handlers) - 1)](req)

    return handler


def fail_then_succeed(failures: int = 1, code: int = 500) -> Handler:
    """``failures`` server errors, then the normal page (a flaky server)."""
    body = (
        f"<html><head><title>{code} Internal Server Error</title></head><body><center><h1>{code} "
        "Internal Server Error</h1></center><hr><center>nginx</center></body></html>"
    )
    return first(failures, status(code, body))


def rate_limited(times: int = 1, retry_after: int | str = 1) -> Handler:
    """429 Too Many Requests with ``Retry-After`` (seconds or an HTTP date) ``times`` times, then normal."""
    body = "<html><body><h1>429 Too Many Requests</h1><p>访问过于频繁，请稍后再试。</p></body></html>"
    return first(times, status(429, body, {"Retry-After": str(retry_after)}))


def slow(delay: float) -> Handler:
    """Wait ``delay`` seconds before the normal answer (tests client timeouts)."""

    def handler(req: Request) -> HandlerResult:
        time.sleep(delay)
        return req.passthrough()

    return handler


def slow_body(chunk_delay: float, chunk_size: int = 1024) -> Handler:
    """Send the normal headers, then drip the body, ``chunk_size`` bytes per ``chunk_delay``."""

    def handler(req: Request) -> HandlerResult:
        resp = req.passthrough()
        body = resp.body if isinstance(resp.body, bytes) else b"".join(resp.body)

        def drip() -> Iterator[bytes]:
            for i in range(0, len(body), chunk_size):
                time.sleep(chunk_delay)
                yield body[i : i + chunk_size]

        headers = [(k, v) for k, v in resp.headers if k.lower() != "content-length"]
        return Response(resp.status, [*headers, ("Content-Length", str(len(body)))], drip())

    return handler


def redirect(location: str, code: int = 302) -> Handler:
    """Redirect to ``location`` (absolute, or a path on the same host)."""

    def handler(req: Request) -> HandlerResult:
        return code, {"Location": location, "Content-Type": HTML}, b"<html><body>Moved</body></html>"

    return handler


def redirect_loop(code: int = 302) -> Handler:
    """Redirect the path to itself with an ever-changing ``?loop=N`` query: it never ends."""
    counter = _Counter()

    def handler(req: Request) -> HandlerResult:
        n = counter.next()
        return code, {"Location": f"{req.path}?loop={n + 1}", "Content-Type": HTML}, b""

    return handler


def ruishu_challenge(code: int = 412) -> Handler:
    """瑞数 (Ruishu) bot wall: 412 (or 202) with a ``$_ts`` script and ``r='m'`` metas; never passes."""

    def handler(req: Request) -> HandlerResult:
        seed = hashlib.sha256(req.target.encode()).hexdigest()
        cd = (seed * 12)[:700]
        body = (
            '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            '<meta http-equiv="Pragma" content="no-cache"><meta http-equiv="Expires" content="0">'
            f'<meta id="9DhefwqGPrzGxEp9hPaoag" content="{seed * 3}" r=\'m\'>'
            "<script type=\"text/javascript\" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts=window['$_ts']={};"
            f'$_ts.nsd=60235;$_ts.cd="{cd}";$_ts.lcd="{seed[:16]}";</script>'
            '<script type="text/javascript" charset="utf-8" '
            "src=\"/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js\" r='m'>"
            "</script></head><body><script type=\"text/javascript\" r='m'>$_ts.l__(document.cookie);</script>"
            "</body></html>"
        )
        cookie = f"FSSBBIl1UgzbN7NS={seed[:40]}; Path=/; expires=Fri, 31 Dec 2038 23:59:59 GMT; HttpOnly"
        return Response(
            code,
            [("Content-Type", HTML), ("Set-Cookie", cookie), ("Cache-Control", "no-cache, no-store")],
            body.encode(),
        )

    return handler


JSL_COOKIE = "__jsl_clearance_s"


def jsl_value(target: str) -> str:
    """The clearance cookie value :func:`jsl_challenge` spells out for ``target``."""
    return (
        f"{1_700_000_000 + zlib.crc32(target.encode()) % 10_000_000}.123|0|"
        + hashlib.md5(target.encode()).hexdigest()[:20]
    )


def jsl_challenge(passable: bool = False) -> Handler:
    """加速乐 (JSL) bot wall: 521 with a ``document.cookie`` script setting ``__jsl_clearance_s``.

    With ``passable=True`` a client that presents the cookie value spelled in the script gets the real
    page; by default every request is challenged (the real second round needs a JavaScript engine).
    """

    def handler(req: Request) -> HandlerResult:
        value = jsl_value(req.path)
        if passable and req.cookies.get(JSL_COOKIE) == value:
            return None
        spelled = "+".join(f"('{ch}')" for ch in f"{JSL_COOKIE}={value}")
        body = (
            f"<script>document.cookie={spelled}+';Max-age=3600;Path=/';"
            "location.href=location.pathname+location.search</script>"
        )
        uid = hashlib.md5(b"jsluid" + req.path.encode()).hexdigest()
        return Response(
            521,
            [
                ("Content-Type", HTML),
                ("Set-Cookie", f"__jsluid_s={uid}; max-age=31536000; path=/; HttpOnly"),
                ("Cache-Control", "no-store"),
            ],
            body.encode(),
        )

    return handler


def soft_404() -> Handler:
    """200 OK with a 页面不存在 page (a soft 404)."""
    body = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>页面不存在</title></head><body>'
        '<div class="error-page"><img src="/images/404.png" alt="">'
        "<h2>抱歉，您访问的页面不存在或已被删除！</h2>"
        '<p>请检查您输入的网址是否正确，或 <a href="/">返回首页</a>。</p>'
        '<p><span id="sec">5</span>秒后自动跳转……</p>'
        "</div></body></html>"
    )
    return status(200, body)


@lru_cache(maxsize=4)
def _bomb(size: int) -> bytes:
    co = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip container
    block = b"\0" * (1 << 20)
    parts: list[bytes] = []
    left = size
    while left > 0:
        n = min(left, len(block))
        parts.append(co.compress(block[:n]))
        left -= n
    parts.append(co.flush())
    return b"".join(parts)


def gzip_bomb(size: int = 256 * 1024 * 1024) -> Handler:
    """``Content-Encoding: gzip`` inflating to ``size`` zero bytes (a few hundred KB on the wire)."""

    def handler(req: Request) -> HandlerResult:
        return Response(200, [("Content-Type", HTML), ("Content-Encoding", "gzip")], _bomb(size))

    return handler


def truncated(fraction: float = 0.5) -> Handler:
    """Announce the full Content-Length of the normal answer, send ``fraction`` of it, drop the connection."""

    def handler(req: Request) -> HandlerResult:
        resp = req.passthrough()
        body = resp.body if isinstance(resp.body, bytes) else b"".join(resp.body)
        cut = int(len(body) * fraction)

        def partial() -> Iterator[bytes]:
            yield body[:cut]
            raise AbortConnection

        headers = [(k, v) for k, v in resp.headers if k.lower() != "content-length"]
        return Response(resp.status, [*headers, ("Content-Length", str(len(body)))], partial())

    return handler


def reset() -> Handler:
    """Close the connection without any answer (a reset before the status line)."""

    def handler(req: Request) -> HandlerResult:
        raise AbortConnection

    return handler


def flaky_sequence_demo() -> Handler:
    """500, then 429 (Retry-After: 1), then the page: a typical bad day in one handler."""
    return sequence(status(500, "error"), status(429, "slow down", {"Retry-After": "1"}), passthrough())


__all__ = [
    "JSL_COOKIE",
    "fail_then_succeed",
    "first",
    "flaky_sequence_demo",
    "gzip_bomb",
    "jsl_challenge",
    "jsl_value",
    "passthrough",
    "rate_limited",
    "redirect",
    "redirect_loop",
    "reset",
    "ruishu_challenge",
    "sequence",
    "slow",
    "slow_body",
    "soft_404",
    "status",
    "truncated",
]
