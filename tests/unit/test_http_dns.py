"""A name that does not resolve is permanent for the run: one attempt per host, no retries (issue 14).

The resolver's failure is simulated at the transport (no DNS here can be made to fail on demand
without sending traffic off this machine); a proxy's DNS failure comes from the real loopback proxy.
"""

from __future__ import annotations

import asyncio

import httpx

from govwatch.crawl.http import HttpClient, RequestPolicy, Response
from govwatch.demo.proxy import WebProxy
from govwatch.demo.web import Web, scenario_web

POLICY = RequestPolicy(delay=0.0, timeout=5.0, retries=3)


def test_dns_failure_is_not_retried_and_remembered_per_host() -> None:
    calls: list[str] = []

    def unresolvable(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        if request.url.host == "www.ok.gov.cn":
            return httpx.Response(200, text="<p>ok</p>")
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    async def go() -> tuple[list[Response], Response, HttpClient]:
        async with HttpClient(backoff=0.01, transport=httpx.MockTransport(unresolvable)) as client:
            out = [await client.fetch(f"http://www.no-such-county.gov.cn/{p}", POLICY) for p in ("a", "b", "c")]
            return out, await client.fetch("http://www.ok.gov.cn/", POLICY), client

    (first, *later), ok, client = asyncio.run(go())
    assert first.error == "dns" and "www.no-such-county.gov.cn" in (first.detail or ""), first.problem
    assert first.attempts == 1
    assert calls == ["http://www.no-such-county.gov.cn/a", "http://www.ok.gov.cn/"]  # b and c never sent
    assert [r.error for r in later] == ["dns", "dns"] and all(r.detail == first.detail for r in later)
    assert ok.ok and list(client.dead_hosts) == ["www.no-such-county.gov.cn"]


def test_connect_errors_are_still_retried() -> None:
    calls: list[str] = []

    def refused(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    async def go() -> Response:
        async with HttpClient(backoff=0.001, transport=httpx.MockTransport(refused)) as client:
            return await client.fetch("http://www.down.gov.cn/", POLICY)

    resp = asyncio.run(go())
    assert resp.error == "connect" and resp.attempts == 4 and len(calls) == 4


def test_a_proxy_reporting_a_dns_failure_is_the_same() -> None:
    async def go(proxy: str) -> tuple[list[Response], HttpClient]:
        async with HttpClient(backoff=0.01, proxy=proxy) as client:
            urls = ["http://www.gone.gov.cn/a", "http://www.gone.gov.cn/b", "https://www.gone2.gov.cn/",
                    "http://www.baokang.gov.cn/"]
            return [await client.fetch(u, POLICY) for u in urls], client

    with WebProxy(scenario_web()) as proxy:
        (a, b, tls, ok), client = asyncio.run(go(proxy.url))
        hosts = [e.host for e in proxy.log]
    assert a.error == b.error == tls.error == "dns", (a.problem, tls.problem)
    assert "ERR_DNS_FAIL" in (a.detail or "") and "ERR_DNS_FAIL" in (tls.detail or "")
    assert ok.ok
    assert hosts == ["www.gone.gov.cn", "www.gone2.gov.cn", "www.baokang.gov.cn"]
    assert set(client.dead_hosts) == {"www.gone.gov.cn", "www.gone2.gov.cn"}


def test_empty_web_knows_no_host() -> None:
    assert Web([]).respond("www.baokang.gov.cn", "/")[0] == 503
