"""The one HTTP client every source shares.

It enforces, per request: a per-host delay and one request at a time per host, retries
with exponential backoff and jitter on connection errors, timeouts, 5xx and 429 (honouring
``Retry-After``), a redirect limit with redirects kept on the source's own hosts, only
http/https, and a maximum body size counted on the decompressed stream as it arrives: the raw
stream is inflated here with a bounded ``zlib.decompressobj`` (never more than the remaining
allowance per step, so a gzip bomb costs at most ``max_bytes``), and stacked or unknown content
codings are refused. Each response has a total deadline covering connect, headers and body, so
a server trickling one byte a second cannot keep a fetch alive. Bodies are decoded with
:mod:`govwatch.crawl.encoding`.

Failures are values, not exceptions: a :class:`Response` whose ``error`` names the kind
(``timeout``, ``connect``, ``too_large``, ``redirect_loop``, ``off_host``, ``http``,
``tls``, ``scheme``, ``dns``).

A name that does not resolve (``Name or service not known``, or a proxy answering that its DNS
lookup failed) is permanent for the run: the host is remembered and every later request to it
fails at once with the same ``dns`` error, without retries, so an offline run takes seconds.

Proxies: ``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY`` and ``NO_PROXY`` are honoured (httpx's
``trust_env``); ``HttpClient(proxy=URL)`` (the config's ``proxy:`` key) sends everything through
that proxy instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import logging
import random
import time
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from govwatch.encoding import decode

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: how resolvers and proxies say a name does not exist (getaddrinfo messages; squid's error header)
DNS_FAILURES = ("Name or service not known", "nodename nor servname", "No address associated with hostname",
                "Temporary failure in name resolution", "getaddrinfo failed", "ERR_DNS_FAIL")
MAX_RETRY_AFTER = 120.0
DEADLINE_FACTOR = 10.0
#: the content codings the client asks for and inflates itself (one at most per response)
ACCEPT_ENCODING = "gzip, deflate"


class _TooLarge(Exception):
    pass


class _BadCoding(Exception):
    pass


class _Inflater:
    """Decode one content coding of a raw body stream, never producing more than ``limit`` bytes.

    ``feed`` returns the decoded bytes of a raw chunk; it raises :class:`_TooLarge` as soon as the
    decoded total would pass ``limit`` (each zlib step is asked for at most the remaining allowance
    plus one byte, so memory stays bounded by ``limit`` whatever the compression ratio).
    """

    def __init__(self, coding: str, limit: int) -> None:
        self.coding = coding
        self.limit = limit
        self.size = 0
        self._z: zlib._Decompress | None = None
        self._first = True

    def _new(self, data: bytes) -> zlib._Decompress:
        if self.coding == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        # "deflate" is zlib-wrapped per the RFC, but some servers send raw deflate
        return zlib.decompressobj(zlib.MAX_WBITS if data[:1] and (data[0] & 0x0F) == 8 else -zlib.MAX_WBITS)

    def feed(self, data: bytes) -> bytes:
        if self.coding == "identity":
            self._count(len(data))
            return data
        out: list[bytes] = []
        while data:
            if self._z is None:
                self._z = self._new(data)
            z = self._z
            try:
                piece = z.decompress(data, self.limit - self.size + 1)
            except zlib.error as exc:
                raise _BadCoding(f"{self.coding}: {exc}") from None
            self._count(len(piece))
            out.append(piece)
            if z.eof:  # a further gzip member may follow
                data = z.unused_data
                self._z = None
                if self.coding != "gzip":
                    break
            else:
                data = z.unconsumed_tail
        return b"".join(out)

    def _count(self, n: int) -> None:
        self.size += n
        if self.size > self.limit:
            raise _TooLarge


def _coding(header: str | None) -> str:
    """The one content coding of a response ("identity", "gzip", "deflate"); stacked ones are refused."""
    codings = [c.strip().lower() for c in (header or "").split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if len(codings) > 1:
        raise _BadCoding(f"stacked content codings refused: {header}")
    if not codings:
        return "identity"
    coding = {"x-gzip": "gzip"}.get(codings[0], codings[0])
    if coding not in ("gzip", "deflate"):
        raise _BadCoding(f"unsupported content coding: {header}")
    return coding


@dataclass
class Response:
    """The outcome of one logical fetch (after redirects and retries)."""

    url: str
    final_url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""
    encoding: str | None = None
    error: str | None = None
    detail: str | None = None
    attempts: int = 0
    elapsed: float = 0.0
    via: str = "http"  # "http", "http+cookies" (a browser's cookies handed over) or "browser"
    _text: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        """A conditional request answered 304: the stored copy is still current."""
        return self.error is None and self.status == 304

    @property
    def problem(self) -> str:
        """What went wrong, for messages: ``"timeout: …"``, ``"HTTP 503"``."""
        if self.error:
            return f"{self.error}: {self.detail}" if self.detail else self.error
        return f"HTTP {self.status}"

    def charset(self) -> str:
        """The encoding the body decodes with (decoding it if not done yet)."""
        _ = self.text
        return self.encoding or "utf-8"

    @property
    def text(self) -> str:
        if self._text is None:
            self._text, self.encoding = decode(self.content, self.headers.get("content-type"))
        return self._text


@dataclass(frozen=True)
class RequestPolicy:
    """How to treat one host: taken from the source's settings."""

    delay: float = 1.0
    timeout: float = 30.0
    retries: int = 2
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    allowed_hosts: frozenset[str] = frozenset()
    user_agent: str = "govwatch"
    host_concurrency: int = 1
    verify: bool = True
    #: seconds one attempt may take in all (connect, headers, body); None: ``DEADLINE_FACTOR × timeout``
    deadline: float | None = None

    @property
    def total_deadline(self) -> float:
        return self.deadline if self.deadline is not None else DEADLINE_FACTOR * self.timeout


class _Host:
    """Politeness state of one host: a slot count and the earliest time of the next request."""

    def __init__(self, slots: int) -> None:
        self.slots = asyncio.Semaphore(slots)
        self.lock = asyncio.Lock()
        self.next_time = 0.0


async def _wait_turn(host: _Host, policy: RequestPolicy) -> None:
    """Wait until ``host``'s next request may start: requests to one host start at least ``delay`` apart."""
    async with host.lock:
        wait = host.next_time - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        host.next_time = max(host.next_time, time.monotonic() + policy.delay)


class HttpClient:
    """Async client shared by all sources of one run. Use ``async with HttpClient() as c``.

    ``concurrency`` bounds the requests in flight across all hosts; each host additionally
    gets ``policy.host_concurrency`` slots and requests that start ``policy.delay`` apart.
    """

    def __init__(self, *, backoff: float = 0.5, concurrency: int = 32,
                 transport: httpx.AsyncBaseTransport | None = None, proxy: str | None = None) -> None:
        self._transport = transport
        self._proxy = proxy or None
        #: hosts whose name did not resolve in this run, with the error detail
        self.dead_hosts: dict[str, str] = {}
        self._clients: dict[bool, httpx.AsyncClient] = {}
        self._hosts: dict[str, _Host] = {}
        self._global = asyncio.Semaphore(concurrency)
        self.backoff = backoff
        self.requests = 0
        self.bytes = 0
        self._client(True)  # built now: its set-up (CA bundle) must not delay a first request

    def _client(self, verify: bool) -> httpx.AsyncClient:
        client = self._clients.get(verify)
        if client is None:
            client = self._clients[verify] = httpx.AsyncClient(
                follow_redirects=False,
                verify=verify,
                transport=self._transport,
                proxy=self._proxy,
                limits=httpx.Limits(max_connections=None, max_keepalive_connections=64),
                headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                         "Accept-Language": "zh-CN,zh;q=0.9", "Accept-Encoding": ACCEPT_ENCODING},
            )
        return client

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()

    def _host(self, netloc: str, slots: int) -> _Host:
        host = self._hosts.get(netloc)
        if host is None:
            host = self._hosts[netloc] = _Host(max(1, slots))
        return host

    async def fetch(
        self,
        url: str,
        policy: RequestPolicy,
        *,
        method: str = "GET",
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Response:
        """Fetch ``url`` following allowed redirects; never raises for network trouble.

        With ``etag``/``last_modified`` the request is conditional: a 304 answer comes back as
        a response whose ``not_modified`` is true.
        """
        start = time.monotonic()
        headers = dict(headers or {})
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        result = Response(url=url, final_url=url)
        current = url
        seen: list[str] = []
        for _hop in range(policy.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https"):
                return self._fail(result, "scheme", f"refusing non-http URL {current}", start)
            if policy.allowed_hosts and parts.netloc.lower() not in policy.allowed_hosts:
                return self._fail(result, "off_host", f"{current} is not on the source's hosts", start)
            if current in seen:
                return self._fail(result, "redirect_loop", f"redirect loop at {current}", start)
            seen.append(current)
            resp = await self._with_retries(current, policy, method, data, headers, result)
            if resp is None:
                result.elapsed = time.monotonic() - start
                return result
            if resp.status in (301, 302, 303, 307, 308) and "location" in resp.headers:
                current = urljoin(current, resp.headers["location"])
                if resp.status == 303 or (resp.status in (301, 302) and method == "POST"):
                    method, data = "GET", None
                continue
            result.final_url = current
            result.status = resp.status
            result.headers = resp.headers
            result.content = resp.content
            result.elapsed = time.monotonic() - start
            if resp.error:
                result.error, result.detail = resp.error, resp.detail
            return result
        return self._fail(result, "redirect_loop", f"more than {policy.max_redirects} redirects", start)

    @staticmethod
    def _fail(result: Response, kind: str, detail: str, start: float) -> Response:
        result.error, result.detail = kind, detail
        result.elapsed = time.monotonic() - start
        return result

    async def _with_retries(
        self,
        url: str,
        policy: RequestPolicy,
        method: str,
        data: dict[str, str] | None,
        headers: dict[str, str] | None,
        result: Response,
    ) -> _Raw | None:
        attempt = 0
        while True:
            attempt += 1
            result.attempts += 1
            raw = await self._once(url, policy, method, data, headers)
            if raw.error == "dns":  # permanent for the run: never retried, remembered per host
                result.error, result.detail, result.status = raw.error, raw.detail, None
                return None
            retryable = raw.error in ("timeout", "connect", "protocol") or (
                raw.error is None and raw.status in RETRY_STATUSES
            )
            if not retryable or attempt > policy.retries:
                if raw.error in ("timeout", "connect", "protocol", "tls"):
                    result.error, result.detail = raw.error, raw.detail
                    result.status = raw.status
                    return None
                return raw
            wait = self.backoff * (2 ** (attempt - 1)) * (1 + random.random() * 0.5)
            retry_after = _retry_after(raw.headers.get("retry-after")) if raw.status in (429, 503) else None
            if retry_after is not None:
                wait = max(wait, min(retry_after, MAX_RETRY_AFTER))
            log.info("retrying %s in %.1fs after %s", url, wait, raw.error or raw.status)
            await asyncio.sleep(wait)

    async def _once(
        self,
        url: str,
        policy: RequestPolicy,
        method: str,
        data: dict[str, str] | None,
        headers: dict[str, str] | None,
    ) -> _Raw:
        netloc = urlsplit(url).netloc.lower()
        dead = self.dead_hosts.get(netloc)
        if dead is not None:
            return _Raw(None, {}, b"", "dns", dead)
        host = self._host(netloc, policy.host_concurrency)
        async with host.slots:
            dead = self.dead_hosts.get(netloc)  # a request that waited for the host while its name failed
            if dead is not None:
                return _Raw(None, {}, b"", "dns", dead)
            await _wait_turn(host, policy)
            async with self._global:
                host.next_time = max(host.next_time, time.monotonic() + policy.delay)
                raw = await self._send(url, policy, method, data, headers)
            # The server surely had the request when its answer began to arrive; counting the delay
            # from then (not from when we meant to send) keeps the gaps the server sees >= delay even
            # when a connection set-up or a busy event loop held the request back.
            host.next_time = max(host.next_time, raw.answered_at + policy.delay)
            if raw.error == "dns":
                self.dead_hosts[netloc] = raw.detail or "name does not resolve"
            return raw

    @contextlib.asynccontextmanager
    async def turn(self, url: str, policy: RequestPolicy) -> AsyncIterator[_Host]:
        """Wait for ``url``'s host to be free and its delay to pass, then hold one of its slots.

        Every request to a host goes through here, this client's own and the browser's
        (:mod:`govwatch.crawl.browser`), so both keep the same per-host politeness.
        """
        host = self._host(urlsplit(url).netloc.lower(), policy.host_concurrency)
        async with host.slots:
            await _wait_turn(host, policy)
            yield host

    async def _send(
        self,
        url: str,
        policy: RequestPolicy,
        method: str,
        data: dict[str, str] | None,
        headers: dict[str, str] | None,
    ) -> _Raw:
        req_headers = {"User-Agent": policy.user_agent, **(headers or {})}
        timeout = httpx.Timeout(policy.timeout, connect=min(policy.timeout, 10.0))
        self.requests += 1
        if not policy.verify:
            log.warning("TLS certificate checks are OFF for %s (verify: false)", url)
        deadline = policy.total_deadline
        try:
            async with asyncio.timeout(deadline), self._client(policy.verify).stream(
                method, url, data=data, headers=req_headers, timeout=timeout
            ) as resp:
                answered_at = time.monotonic()
                hdrs = {k.lower(): v for k, v in resp.headers.items()}
                if "ERR_DNS_FAIL" in hdrs.get("x-squid-error", ""):  # the proxy could not resolve the name
                    return _Raw(None, hdrs, b"", "dns", f"proxy: {urlsplit(url).hostname}: name does not resolve "
                                                        f"({hdrs['x-squid-error']})", answered_at)
                chunks: list[bytes] = []
                try:
                    inflater = _Inflater(_coding(hdrs.get("content-encoding")), policy.max_bytes)
                    async for raw in resp.aiter_raw():
                        chunks.append(inflater.feed(raw))
                except _TooLarge:
                    self.bytes += resp.num_bytes_downloaded
                    return _Raw(resp.status_code, hdrs, b"", "too_large",
                                f"body larger than {policy.max_bytes} bytes", answered_at)
                except _BadCoding as exc:
                    self.bytes += resp.num_bytes_downloaded
                    return _Raw(resp.status_code, hdrs, b"", "decoding", str(exc), answered_at)
                self.bytes += resp.num_bytes_downloaded
                return _Raw(resp.status_code, hdrs, b"".join(chunks), answered_at=answered_at)
        except TimeoutError:
            return _Raw(None, {}, b"", "timeout", f"no complete answer within the {deadline:g}s deadline")
        except httpx.TimeoutException as exc:
            return _Raw(None, {}, b"", "timeout", f"{type(exc).__name__} after {policy.timeout}s")
        except httpx.ProxyError as exc:  # the proxy refused the tunnel (an https URL)
            text = str(exc)
            if any(marker in text for marker in DNS_FAILURES):
                return _Raw(None, {}, b"", "dns", f"proxy: {urlsplit(url).hostname}: {text}")
            return _Raw(None, {}, b"", "connect", f"proxy: {text}")
        except httpx.ConnectError as exc:
            text = str(exc)
            if "SSL" in text or "certificate" in text.lower() or "TLS" in text:
                return _Raw(None, {}, b"", "tls", f"TLS error (set 'verify: false' for this source "
                                                  f"only if the site's certificate is known broken): {text}")
            if any(marker in text for marker in DNS_FAILURES):
                return _Raw(None, {}, b"", "dns", f"{urlsplit(url).hostname}: {text}")
            return _Raw(None, {}, b"", "connect", text or type(exc).__name__)
        except httpx.DecodingError as exc:
            return _Raw(None, {}, b"", "decoding", str(exc))
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            return _Raw(None, {}, b"", "protocol", str(exc) or type(exc).__name__)
        except httpx.HTTPError as exc:
            return _Raw(None, {}, b"", "http", str(exc) or type(exc).__name__)


@dataclass
class _Raw:
    status: int | None
    headers: dict[str, str]
    content: bytes
    error: str | None = None
    detail: str | None = None
    answered_at: float = field(default_factory=time.monotonic)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())

